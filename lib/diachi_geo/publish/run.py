"""Publishing: plan (the diff against what the server holds), then send in batches, read
each batch back and compare, with a journal that makes a stopped run resumable.

Identity is the session's ``publish_id`` (the digital address code, else a UUID made once),
sent as ``diachi_id``: what is already on the server is updated or left alone, never
inserted twice, whether the run is new, repeated or resumed.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import faults
from ..message_codes import error_text
from ..report.data import read_session
from .http import AuthError, Http, PublishError
from .journal import Journal
from .ogcapi import OgcApiClient
from .profile import Profile
from .records import Record, checksum, leaving_fields, outgoing_records, refuse_unaudited
from .wfst import ServerFeature, WfsTClient

__all__ = ["Plan", "plan", "execute", "adopt", "client_for"]

log = logging.getLogger(__name__)
ID_FIELD = "diachi_id"


@dataclass
class TargetPlan:
    new: list[Record] = field(default_factory=list)
    changed: list[tuple[str, Record]] = field(default_factory=list)
    unchanged: list[Record] = field(default_factory=list)
    delete: list[tuple[str, str]] = field(default_factory=list)  # (server id, stable id)
    unknown: list[tuple[str, str, str | None]] = field(default_factory=list)
    """(server id, stable id, server checksum) of the features under this session's ids
    that the journal does not know (a run killed between the server's commit and the
    journal's): recorded as published before anything is sent."""


@dataclass
class Plan:
    """What a publish run would do, per target: new, changed, unchanged and withdrawn."""

    profile: Profile
    targets: dict[str, TargetPlan]
    fields: list[str]
    interrupted: list[str]

    def counts(self) -> dict[str, int]:
        """The number of records in each category over all targets."""
        total = Counter()
        for tp in self.targets.values():
            total.update(new=len(tp.new), changed=len(tp.changed),
                         unchanged=len(tp.unchanged), delete=len(tp.delete))
        return dict(total)

    def unknown(self) -> list[str]:
        """Stable ids on the server that the journal does not know of (yet)."""
        return [sid for tp in self.targets.values() for _, sid, _ in tp.unknown]

    def by_commune_and_category(self) -> dict[tuple[str, str], Counter]:
        """(commune, category) -> a count of new, changed and unchanged records."""
        table: dict[tuple[str, str], Counter] = {}
        for tp in self.targets.values():
            for kind, records in (("new", tp.new), ("changed", [r for _, r in tp.changed]),
                                  ("unchanged", tp.unchanged)):
                for r in records:
                    table.setdefault((r.commune, r.category), Counter())[kind] += 1
        return table

    def sample(self, n: int = 5) -> list[tuple[str, Record]]:
        """Up to ``n`` new and ``n`` changed records, to show before publishing."""
        rows = []
        for tp in self.targets.values():
            rows += [("new", r) for r in tp.new[:n]] + [("changed", r) for _, r in
                                                          tp.changed[:n]]
        return rows[:n * 2]


def client_for(profile: Profile, http: Http | None = None):
    """The WFS-T or OGC API client that ``profile`` asks for."""
    http = http or Http(profile)
    return (WfsTClient if profile.protocol == "wfst" else OgcApiClient)(http, profile.url)


def plan(session: str, profile: Profile, client, *, include_personal: tuple = (),
         include_unconfirmed: bool = False, delete_withdrawn: bool = False) -> Plan:
    """What a publish would do, computed against what the server holds now."""
    data = read_session(session, personal=bool(include_personal))
    records = outgoing_records(data, profile, include_personal=include_personal,
                               include_unconfirmed=include_unconfirmed)
    refuse_unaudited(session, records)
    ours = {str(i) for i in data.column("publish_id")}
    keys = list(leaving_fields(profile, include_personal))
    journal = Journal(session, profile.name)
    try:
        targets = {}
        for target in profile.targets():
            server = client.read(target, ID_FIELD)
            known = journal.published(target)
            unknown = _unknown(server, ours, known, keys, profile.coordinate_decimals)
            withdrawable = known | {sid for _, sid, _ in unknown}
            tp = _diff([r for r in records if r.target == target], server,
                       withdrawable if delete_withdrawn else set())
            tp.unknown = unknown
            targets[target] = tp
        interrupted = journal.interrupted()
    except PublishError as exc:
        if exc.code == "service_failed":  # a plan only reads: nothing to resume
            raise PublishError.coded("dry_run_failed", **exc.params) from None
        raise
    finally:
        journal.close()
    fields = sorted({k for r in records for k in r.properties}) or sorted(profile.fields)
    return Plan(profile, targets, fields, interrupted)


def server_checksum(feature: ServerFeature, keys, decimals: int) -> str | None:
    """The checksum of what the server holds, over the fields ``keys``."""
    _, _, lon, lat, props = feature
    if lon is None or lat is None:
        return None
    return checksum(lon, lat, {k: props.get(k) for k in keys}, decimals)


def _unknown(server: list[ServerFeature], ours: set[str], known: set[str], keys: list[str],
             decimals: int) -> list[tuple[str, str, str | None]]:
    """The server's features under one of ``ours`` (this session's ids) that are not in
    ``known`` (the journal), once per id."""
    found: dict[str, tuple[str, str, str | None]] = {}
    for feature in server:
        sid = None if feature[1] is None else str(feature[1])
        if sid in ours and sid not in known and sid not in found:
            found[sid] = (str(feature.server_id), sid,
                          server_checksum(feature, keys, decimals))
    return list(found.values())


def adopt(the_plan: Plan, session: str) -> int:
    """Record in the journal, as published, what the plan found on the server under this
    session's ids and the journal did not know; the number recorded."""
    journal = Journal(session, the_plan.profile.name)
    try:
        for target, tp in the_plan.targets.items():
            if tp.unknown:
                log.warning("%s: %d feature(s) of this session were on the server but not "
                            "in the journal (a run stopped after sending); recorded now",
                            target, len(tp.unknown))
                journal.record(target, [(sid, digest, server_id)
                                        for server_id, sid, digest in tp.unknown], [])
    finally:
        journal.close()
    return len(the_plan.unknown())


def _diff(records: list[Record], server: list[ServerFeature], ours: set[str]) -> TargetPlan:
    tp = TargetPlan()
    by_id: dict[str, ServerFeature] = {}
    for feature in server:
        if feature[1] is not None:
            by_id.setdefault(str(feature[1]), feature)
    sending = set()
    for record in records:
        sending.add(record.stable_id)
        held = by_id.get(record.stable_id)
        if held is None:
            tp.new.append(record)
        elif server_checksum(held, record.properties, record.decimals) != record.checksum:
            tp.changed.append((held.server_id, record))
        else:
            tp.unchanged.append(record)
    for stable_id in sorted(ours - sending):
        if stable_id in by_id:
            tp.delete.append((by_id[stable_id].server_id, stable_id))
    return tp


def execute(the_plan: Plan, client, session: str, *,
            progress: Callable[[int, int], None] | None = None,
            cancelled: Callable[[], bool] | None = None) -> dict:
    """Send the plan in batches; after each, read it back and compare. Returns the report:
    sent, verified, failed (with why, in English) and the same ``problems`` as codes and
    params (for other languages), and whether the run was cancelled."""
    profile = the_plan.profile
    adopt(the_plan, session)
    journal = Journal(session, profile.name)
    run_id = journal.start()
    report = {"run_id": run_id, "resumed": the_plan.interrupted, "sent": 0, "verified": 0,
              "deleted": 0, "failed": [], "problems": [], "cancelled": False}
    total = sum(len(tp.new) + len(tp.changed) + len(tp.delete)
                for tp in the_plan.targets.values())
    done = 0
    state = "finished"
    try:
        for target, tp in the_plan.targets.items():
            ops, number, failures = _operations(tp), 0, 0
            while ops:
                if cancelled is not None and cancelled():
                    report["cancelled"], state = True, "cancelled"
                    return report
                batch = ops[:profile.batch_size]
                try:
                    _send_batch(client, journal, run_id, target, number, batch, report)
                except AuthError:
                    raise
                except PublishError as exc:
                    # an answer lost or a 500: what landed is unknown, so never resend
                    # blindly; look at the server, then send only what is still missing
                    failures += 1
                    if failures > profile.retries:
                        raise
                    log.warning("%s; checking the server before going on", exc)
                    client.http.sleep(2.0 ** (failures - 1))
                    ops = _operations(_rediff(client, target, ops))
                    number += 1
                    continue
                failures = 0
                ops = ops[profile.batch_size:]
                number += 1
                done += len(batch)
                if progress is not None:
                    progress(done, total)
    except PublishError as exc:
        state = "failed"
        report["failed"].append(str(exc))
        report["problems"].append({"code": exc.code, "params": dict(exc.params)})
        raise
    finally:
        journal.finish(run_id, state, {k: v for k, v in report.items()
                                       if k not in ("failed", "problems")})
        journal.close()
    return report


def _operations(tp: TargetPlan) -> list[tuple[str, object]]:
    return [("insert", r) for r in tp.new] + [("update", pair) for pair in tp.changed] + \
        [("delete", pair) for pair in tp.delete]


def _rediff(client, target: str, ops: list) -> TargetPlan:
    """The plan of the operations still to do, against the server as it is now."""
    records = [r for op, r in ops if op == "insert"] + \
        [pair[1] for op, pair in ops if op == "update"]
    withdrawn = {pair[1] for op, pair in ops if op == "delete"}
    return _diff(records, client.read(target, ID_FIELD), withdrawn)


def _bbox(records: list[Record], margin: float = 1e-5
          ) -> tuple[float, float, float, float] | None:
    """West, south, east, north around the records (None for none)."""
    if not records:
        return None
    lons, lats = [r.lon for r in records], [r.lat for r in records]
    return (min(lons) - margin, min(lats) - margin, max(lons) + margin, max(lats) + margin)


def _send_batch(client, journal: Journal, run_id: str, target: str, number: int,
                batch: list, report: dict) -> None:
    inserts = [r for op, r in batch if op == "insert"]
    updates = [pair for op, pair in batch if op == "update"]
    deletes = [pair for op, pair in batch if op == "delete"]
    ids = [r.stable_id for r in inserts] + [r.stable_id for _, r in updates] + \
        [sid for _, sid in deletes]
    counts = (len(inserts), len(updates), len(deletes))
    journal.batch(run_id, target, number, ids, counts, "sending")
    totals = client.transaction(target, inserts, updates, [sid for sid, _ in deletes])
    faults.checkpoint("publish_after_send")  # the server has it, the journal not yet
    report["sent"] += len(inserts) + len(updates)
    server_ids = list(totals.get("inserted_ids") or []) + [sid for sid, _ in updates]
    sent = inserts + [r for _, r in updates]
    back = client.read_ids(target, ID_FIELD, server_ids, bbox=_bbox(sent)) \
        if server_ids else []
    held = {str(f[1]): f for f in back}
    problems: list[dict] = []
    for record in sent:
        feature = held.get(record.stable_id)
        if feature is None:
            problems.append(_problem("not_on_server", stable_id=record.stable_id))
        elif server_checksum(feature, record.properties, record.decimals) != \
                record.checksum:
            problems.append(_problem("other_values", stable_id=record.stable_id))
    gone = client.read_ids(target, ID_FIELD, [sid for sid, _ in deletes]) if deletes else []
    if gone:
        problems.append(_problem("still_on_server", count=len(gone)))
    if totals.get("totalInserted", len(inserts)) != len(inserts):
        problems.append(_problem("inserted_fewer", inserted=totals.get("totalInserted"),
                                 count=len(inserts)))
    verified = [(r.stable_id, r.checksum, str(held[r.stable_id].server_id)) for r in sent
                if r.stable_id in held and
                server_checksum(held[r.stable_id], r.properties, r.decimals) == r.checksum]
    journal.record(target, verified, [sid for _, sid in deletes] if not gone else [])
    report["verified"] += len(verified)
    report["deleted"] += len(deletes) if not gone else 0
    texts = [error_text(p["code"], p["params"], "en") for p in problems]
    report["failed"] += texts
    report["problems"] += problems
    journal.batch(run_id, target, number, ids, counts, "failed" if problems else "verified",
                  "; ".join(texts) or None)


def _problem(code: str, **params: object) -> dict:
    """A problem a batch's read-back found: a code of :data:`~diachi_geo.message_codes.ERRORS`
    and its params."""
    return {"code": code, "params": params}
