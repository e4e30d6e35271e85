"""An open review session: the worklist, the point under review and every review action.

Each action (approve, move, reject, confirm, merge, undo...) is one SQLite transaction
that changes the points and the review table and writes its audit rows together, so a
killed process leaves the old state or the new one, never half of it. One person edits
a session at a time; others open it read-only and are told who has it open.
"""
from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import math
import os
import socket
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError
from ..findings import SEVERITIES
from ..text import is_blank
from .build import NO_SEVERITY, STATUS_COLUMN, now
from .gpkgsql import blob_xy, connect, point_blob
from .status import SessionError, check_checker, check_review

__all__ = ["Session", "WorkFilter", "PointRecord", "ActionResult", "LockHolder",
           "default_user"]

_REVIEW_KEYS = ("status", "decision", "reason", "duplicate_of", "reviewed_by", "reviewed_at",
                "checked_by", "checked_at")
SUGGESTING_CHECKS = ("snap", "in_water")


def default_user() -> str:
    """The operating-system user name, the identity recorded when none is given."""
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (some containers)
        return f"uid{os.getuid()}"


@dataclass(frozen=True)
class WorkFilter:
    """Which points the worklist holds; empty tuples mean "any"."""

    communes: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()
    severity: str | None = None
    """Only points with an open finding at least this severe."""
    collectors: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    flagged_only: bool = False
    """Only points with open (not dismissed) findings."""

    def where(self, *, with_status: bool = True) -> tuple[str, list]:
        """The SQL condition on the ``review`` table and its parameters."""
        terms, args = [], []
        for column, values in (("commune_code", self.communes),
                               ("collector", self.collectors),
                               ("status", self.statuses if with_status else ())):
            if values:
                terms.append(f"{column} IN ({','.join('?' * len(values))})")
                args += list(values)
        if self.checks:
            terms.append("(" + " OR ".join("open_checks LIKE ?" for _ in self.checks) + ")")
            args += [f"%,{c},%" for c in self.checks]
        if self.severity is not None:
            terms.append("worst_severity <= ?")
            args.append(SEVERITIES.index(self.severity))
        if self.flagged_only:
            terms.append("open_checks != ''")
        return (" AND ".join(terms) or "1"), args


@dataclass
class PointRecord:
    """One point as the reviewer sees it."""

    fid: int
    point_id: object
    x: float
    y: float
    attributes: dict[str, object]
    review: dict[str, object]
    findings: list[dict] = field(default_factory=list)

    def suggestion(self) -> dict | None:
        """The open finding that proposes a new location (snap first), if any."""
        for check in SUGGESTING_CHECKS:
            for finding in self.findings:
                if finding["check"] == check and not finding["dismissed"] and \
                        math.isfinite(finding["suggested_x"] or math.nan):
                    return finding
        return None


@dataclass(frozen=True)
class ActionResult:
    """What one action changed: its id and, per point, the status before and after."""

    action_id: int
    statuses: list[tuple[int, str, str]]


@dataclass(frozen=True)
class LockHolder:
    user: str
    host: str
    since: str


class Session:
    """A review session GeoPackage opened by ``user``.

    Opening takes the session's lock; when someone else holds it the session opens
    read-only and :attr:`lock_holder` says who has it and since when.
    """

    def __init__(self, path: str, user: str | None = None, *, read_only: bool = False,
                 force: bool = False):
        if not os.path.isfile(path):
            raise InputError("does not exist", path=path,
                             fix="choose an existing session, or create one")
        self.path, self.user = path, user or default_user()
        self.lock_holder: LockHolder | None = None
        self._read_only = read_only or not os.access(path, os.W_OK)
        self._conn = connect(path)
        try:
            self.meta = {k: json.loads(v) for k, v in
                         self._conn.execute("SELECT key, value FROM session_meta")}
            self.geometry_column = self._conn.execute(
                "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = 'points'"
            ).fetchone()[0]
        except (sqlite3.DatabaseError, TypeError):
            self._conn.close()
            raise InputError("is not a diachi review session", path=path,
                             fix="create a session from your points first") from None
        self.columns = [row[1] for row in self._conn.execute("PRAGMA table_info(points)")
                        if row[1] not in ("fid", self.geometry_column, STATUS_COLUMN)]
        if not self._read_only:
            self._take_lock(force)

    # -- opening and closing -------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self._read_only

    def _take_lock(self, force: bool) -> None:
        host, pid = socket.gethostname(), os.getpid()
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            row = self._conn.execute("SELECT user, host, pid, since FROM session_lock"
                                     ).fetchone()
            if row and not force and _held_by_other(row, self.user, host, pid):
                self.lock_holder = LockHolder(row[0], row[1], row[3])
                self._read_only = True
            else:
                self._conn.execute("INSERT OR REPLACE INTO session_lock VALUES (1, ?, ?, ?, ?)",
                                   (self.user, host, pid, now()))
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        """Release the lock (when held) and the file."""
        if self._conn is None:
            return
        if not self._read_only:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("DELETE FROM session_lock WHERE user = ? AND host = ? AND "
                                   "pid = ?", (self.user, socket.gethostname(), os.getpid()))
        self._conn.close()
        self._conn = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything in it is saved together or not at all."""
        if self._read_only:
            holder = self.lock_holder
            who = f" (opened by {holder.user} on {holder.host} since {holder.since})" \
                if holder else ""
            raise SessionError(f"the session {self.path} is open read-only{who}; changes "
                               "are not saved. Ask them to close it, then open it again")
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise

    # -- reading ------------------------------------------------------------------------

    def worklist(self, work_filter: WorkFilter = WorkFilter()) -> np.ndarray:
        """The fids of the points matching ``work_filter``, in review order (by commune,
        then along a space-filling curve so that the next point is close by)."""
        where, args = work_filter.where()
        rows = self._conn.execute(f"SELECT fid FROM review WHERE {where} ORDER BY position",
                                  args)
        return np.fromiter((r[0] for r in rows), dtype=np.int64)

    def counts(self, work_filter: WorkFilter = WorkFilter()) -> dict[str, int]:
        """Points per status among those matching the filter (its statuses ignored)."""
        where, args = work_filter.where(with_status=False)
        return dict(self._conn.execute(
            f"SELECT status, count(*) FROM review WHERE {where} GROUP BY status", args))

    def progress(self, by: str | None = None) -> dict[str | None, dict[str, int]]:
        """Points per status, overall (key None) or per ``commune_code`` / ``collector``."""
        if by not in (None, "commune_code", "collector"):
            raise ValueError(by)
        group = by or "NULL"
        out: dict[str | None, dict[str, int]] = {}
        for key, status, count in self._conn.execute(
                f"SELECT {group}, status, count(*) FROM review GROUP BY 1, 2 ORDER BY 1"):
            out.setdefault(key, {})[status] = count
        return out

    def distinct(self, column: str) -> list[str]:
        """The values of ``commune_code`` or ``collector``, for filter lists."""
        if column not in ("commune_code", "collector"):
            raise ValueError(column)
        return [r[0] for r in self._conn.execute(
            f"SELECT DISTINCT {column} FROM review WHERE {column} IS NOT NULL ORDER BY 1")]

    def point(self, fid: int) -> PointRecord:
        """The point ``fid`` with its attributes, review row and findings."""
        names = ", ".join(f'"{c}"' for c in self.columns)
        row = self._conn.execute(
            f'SELECT "{self.geometry_column}", {names} FROM points WHERE fid = ?', (fid,)
        ).fetchone()
        review = self._conn.execute(
            f"SELECT point_id, publish_id, open_checks, group_id, {', '.join(_REVIEW_KEYS)} "
            "FROM review WHERE fid = ?", (fid,)).fetchone()
        if row is None or review is None:
            raise SessionError(f"the session has no point with fid {fid}")
        x, y = blob_xy(row[0])
        review_dict = dict(zip(("point_id", "publish_id", "open_checks", "group_id",
                                *_REVIEW_KEYS), review))
        return PointRecord(fid, review[0], x, y, dict(zip(self.columns, row[1:])),
                           review_dict, self.findings(review[0]))

    def findings(self, point_id: object) -> list[dict]:
        """The findings of a point, each with ``dismissed`` (True when dismissed)."""
        cursor = self._conn.execute(
            'SELECT f.key, f."check", f.severity, f.message_code, f.params, f.score, '

            "f.group_id, f.related_id, f.suggested_x, f.suggested_y, d.key IS NOT NULL "
            "FROM findings f LEFT JOIN dismissed d ON d.key = f.key WHERE f.point_id = ? "
            "ORDER BY f.fid", (point_id,))
        names = ("key", "check", "severity", "message_code", "params", "score", "group_id",
                 "related_id", "suggested_x", "suggested_y", "dismissed")
        out = []
        for values in cursor:
            item = dict(zip(names, values))
            item["params"] = json.loads(item["params"] or "{}")
            item["dismissed"] = bool(item["dismissed"])
            out.append(item)
        return out

    def group(self, group_id: str) -> list[int]:
        """The fids of a duplicate group, in review order."""
        return [r[0] for r in self._conn.execute(
            "SELECT fid FROM review WHERE group_id = ? ORDER BY position", (group_id,))]

    def fid_of(self, point_id: object) -> int | None:
        row = self._conn.execute("SELECT fid FROM review WHERE point_id = ?",
                                 (point_id,)).fetchone()
        return None if row is None else row[0]

    def history(self, fid: int) -> list[dict]:
        """The audit rows of a point, oldest first."""
        cursor = self._conn.execute(
            "SELECT action_id, user, at, action, reason, old_status, new_status, old_x, "
            "old_y, new_x, new_y, old_values, new_values, undone FROM audit WHERE fid = ? "
            "ORDER BY id", (fid,))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def original_location(self, fid: int) -> tuple[float, float] | None:
        """Where the point was collected, when a review has moved it since (else None)."""
        row = self._conn.execute(
            "SELECT old_x, old_y FROM audit WHERE fid = ? AND undone = 0 AND action != 'undo' "
            "AND new_x IS NOT NULL ORDER BY id LIMIT 1", (fid,)).fetchone()
        if row is None or row[0] is None:
            return None
        current = self._state(fid, ["x", "y"])
        return None if (current["x"], current["y"]) == row else (row[0], row[1])

    def resume_point(self) -> int | None:
        """The point this user was on when the session was last closed."""
        value = self.meta.get(f"cursor:{self.user}")
        return int(value) if value is not None else None

    def remember_point(self, fid: int) -> None:
        """Remember where this user is, to resume there (no audit row: nothing changed)."""
        if self._read_only:
            return
        key = f"cursor:{self.user}"
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO session_meta VALUES (?, ?)",
                         (key, json.dumps(int(fid))))
        self.meta[key] = int(fid)

    # -- review actions -------------------------------------------------------------------

    def approve(self, fid: int) -> ActionResult:
        """The point is right as it is."""
        return self._decide(fid, "approve", "approved")

    def move(self, fid: int, x: float, y: float, *, reason: str | None = None,
             action: str = "move") -> ActionResult:
        """Put the point at longitude ``x``, latitude ``y`` (WGS 84)."""
        if not (math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90):
            raise SessionError(f"({x}, {y}) is not a longitude/latitude position")
        return self._decide(fid, action, "corrected", reason=reason, extra={"x": x, "y": y})

    def accept_suggestion(self, fid: int) -> ActionResult:
        """Move the point to the location its snap (or in-water) finding suggests."""
        record = self.point(fid)
        finding = record.suggestion()
        if finding is None:
            raise SessionError(f"point {record.point_id} has no suggested location")
        return self.move(fid, finding["suggested_x"], finding["suggested_y"],
                         reason=finding["key"], action="accept_suggestion")

    def reject(self, fid: int, reason: str) -> ActionResult:
        """The point must not be published; ``reason`` says why."""
        if not (reason or "").strip():
            raise SessionError("give a reason to reject a point")
        return self._decide(fid, "reject", "rejected", reason=reason.strip())

    def needs_field_check(self, fid: int, reason: str | None = None) -> ActionResult:
        """Someone must visit the place; the point waits for them."""
        return self._decide(fid, "needs_field_check", "needs_field_check", reason=reason)

    def confirm(self, fid: int) -> ActionResult:
        """A checker (not the reviewer) agrees with the review."""
        return self._check(fid, "confirm", "confirmed", None)

    def return_for_review(self, fid: int, reason: str) -> ActionResult:
        """A checker sends the point back to be reviewed again."""
        if not (reason or "").strip():
            raise SessionError("give a reason to return a point")
        return self._check(fid, "return", "returned", reason.strip())

    def dismiss(self, fid: int, key: str, reason: str | None = None) -> ActionResult:
        """Mark a finding as a false positive; it stays dismissed on re-validation unless
        the point changes."""
        record = self.point(fid)
        if key not in {f["key"] for f in record.findings}:
            raise SessionError(f"point {record.point_id} has no finding {key}")
        return self._record("dismiss", [(fid, {f"dismissed:{key}": reason or ""})],
                            reason=reason)

    def merge(self, keeper: int, others: Sequence[int], *,
              copy_fields: Sequence[str] = ()) -> ActionResult:
        """Keep ``keeper``; reject ``others`` as its duplicates. Each field of
        ``copy_fields`` empty on the keeper takes the first value the others have."""
        others = [fid for fid in others if fid != keeper]
        if not others:
            raise SessionError("choose at least one other point to merge into the keeper")
        keep = self.point(keeper)
        check_review(keep.review["status"], keep.point_id)
        records = [self.point(fid) for fid in others]
        copied: dict[str, object] = {}
        for name in copy_fields:
            if name not in self.columns:
                raise SessionError(f"the points have no field {name!r}")
            if is_blank(keep.attributes.get(name)):
                value = next((r.attributes[name] for r in records
                              if not is_blank(r.attributes.get(name))), None)
                if value is not None:
                    copied[f"attr:{name}"] = value
        decision = "corrected" if copied else "approved"
        stamp = {"reviewed_by": self.user, "reviewed_at": now(), "checked_by": None,
                 "checked_at": None}
        changes = [(keeper, {"status": decision, "decision": decision, "reason": None,
                             "duplicate_of": None, **stamp, **copied})]
        for record in records:
            check_review(record.review["status"], record.point_id)
            changes.append((record.fid, {
                "status": "rejected", "decision": "rejected", **stamp,
                "reason": f"duplicate of {keep.point_id}", "duplicate_of": str(keep.point_id)}))
        return self._record("merge", changes, reason=f"keeper {keep.point_id}")

    def undo(self) -> ActionResult | None:
        """Undo this user's latest action not yet undone (None when there is none).

        Refused when someone changed the same points since."""
        with self.transaction() as conn:
            row = conn.execute("SELECT max(action_id) FROM audit WHERE user = ? AND "
                               "undone = 0 AND action != 'undo'", (self.user,)).fetchone()
            if row[0] is None:
                return None
            action_id = row[0]
            rows = conn.execute("SELECT id, fid, point_id, old_values, new_values FROM audit "
                                "WHERE action_id = ? ORDER BY id DESC", (action_id,)).fetchall()
            changes = []
            for _, fid, point_id, old_values, new_values in rows:
                expected = json.loads(new_values)
                current = self._state(fid, list(expected))
                if current != expected:
                    raise SessionError(f"cannot undo: point {point_id} has been changed "
                                       "since; review it again instead")
                changes.append((fid, json.loads(old_values)))
            result = self._write_changes(conn, "undo", changes,
                                         reason=f"undo of action {action_id}")
            conn.execute("UPDATE audit SET undone = 1 WHERE action_id = ?", (action_id,))
            return result

    # -- internals ------------------------------------------------------------------------

    def _decide(self, fid: int, action: str, decision: str, *, reason: str | None = None,
                extra: dict | None = None) -> ActionResult:
        status = self._status(fid)
        check_review(status, self._point_id(fid))
        change = {"status": decision, "decision": decision, "reason": reason,
                  "duplicate_of": None, "reviewed_by": self.user, "reviewed_at": now(),
                  "checked_by": None, "checked_at": None, **(extra or {})}
        return self._record(action, [(fid, change)], reason=reason)

    def _check(self, fid: int, action: str, status: str, reason: str | None) -> ActionResult:
        current, reviewed_by = self._conn.execute(
            "SELECT status, reviewed_by FROM review WHERE fid = ?", (fid,)).fetchone()
        check_checker(current, reviewed_by, self.user, self._point_id(fid),
                      returning=action == "return")
        change = {"status": status, "checked_by": self.user, "checked_at": now()}
        if reason is not None:
            change["reason"] = reason
        return self._record(action, [(fid, change)], reason=reason)

    def _status(self, fid: int) -> str:
        row = self._conn.execute("SELECT status FROM review WHERE fid = ?", (fid,)).fetchone()
        if row is None:
            raise SessionError(f"the session has no point with fid {fid}")
        return row[0]

    def _point_id(self, fid: int) -> object:
        return self._conn.execute("SELECT point_id FROM review WHERE fid = ?",
                                  (fid,)).fetchone()[0]

    def _record(self, action: str, changes: list[tuple[int, dict]], *,
                reason: str | None = None) -> ActionResult:
        with self.transaction() as conn:
            return self._write_changes(conn, action, changes, reason=reason)

    def _write_changes(self, conn: sqlite3.Connection, action: str,
                       changes: list[tuple[int, dict]], *, reason: str | None
                       ) -> ActionResult:
        action_id = conn.execute("SELECT coalesce(max(action_id), 0) + 1 FROM audit"
                                 ).fetchone()[0]
        stamp, statuses = now(), []
        for fid, new in changes:
            old = self._state(fid, list(new))
            self._set_state(conn, fid, new)
            old_status = self._status(fid) if "status" not in old else old["status"]
            new_status = new.get("status", old_status)
            xy_old = (old.get("x"), old.get("y"))
            xy_new = (new.get("x"), new.get("y"))
            conn.execute(
                "INSERT INTO audit (action_id, fid, point_id, user, at, action, reason, "
                "old_status, new_status, old_x, old_y, new_x, new_y, old_values, new_values) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (action_id, fid, self._point_id(fid), self.user, stamp, action, reason,
                 old_status, new_status, *xy_old, *xy_new,
                 json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False)))
            statuses.append((fid, old_status, new_status))
        return ActionResult(action_id, statuses)

    def _state(self, fid: int, keys: list[str]) -> dict:
        """The current values of ``keys`` (review columns, ``x``/``y``, ``attr:NAME``,
        ``dismissed:KEY``) of a point."""
        state: dict[str, object] = {}
        review = [k for k in keys if k in _REVIEW_KEYS]
        if review:
            row = self._conn.execute(f"SELECT {', '.join(review)} FROM review WHERE fid = ?",
                                     (fid,)).fetchone()
            state.update(zip(review, row))
        if "x" in keys or "y" in keys:
            blob = self._conn.execute(f'SELECT "{self.geometry_column}" FROM points '
                                      "WHERE fid = ?", (fid,)).fetchone()[0]
            x, y = blob_xy(blob)
            state["x"], state["y"] = (None if math.isnan(x) else x), \
                (None if math.isnan(y) else y)
        for key in keys:
            if key.startswith("attr:"):
                state[key] = self._conn.execute(f'SELECT "{key[5:]}" FROM points WHERE fid = ?',
                                                (fid,)).fetchone()[0]
            elif key.startswith("dismissed:"):
                row = self._conn.execute("SELECT reason FROM dismissed WHERE key = ?",
                                         (key[10:],)).fetchone()
                state[key] = None if row is None else (row[0] or "")
        return {k: state[k] for k in keys}

    def _set_state(self, conn: sqlite3.Connection, fid: int, new: dict) -> None:
        review = {k: v for k, v in new.items() if k in _REVIEW_KEYS}
        if review:
            conn.execute(f"UPDATE review SET {', '.join(f'{k} = ?' for k in review)} "
                         "WHERE fid = ?", (*review.values(), fid))
        if "status" in new:
            conn.execute(f'UPDATE points SET "{STATUS_COLUMN}" = ? WHERE fid = ?',
                         (new["status"], fid))
        if "x" in new:
            blob = None if new["x"] is None else point_blob(new["x"], new["y"])
            conn.execute(f'UPDATE points SET "{self.geometry_column}" = ? WHERE fid = ?',
                         (blob, fid))
        dismissals = False
        for key, value in new.items():
            if key.startswith("attr:"):
                conn.execute(f'UPDATE points SET "{key[5:]}" = ? WHERE fid = ?', (value, fid))
            elif key.startswith("dismissed:"):
                dismissals = True
                if value is None:
                    conn.execute("DELETE FROM dismissed WHERE key = ?", (key[10:],))
                else:
                    conn.execute("INSERT OR REPLACE INTO dismissed VALUES (?, ?, ?, ?, ?, ?)",
                                 (key[10:], fid, self.point_hash(fid), self.user, now(),
                                  value or None))
        if dismissals:
            self._summarise(conn, fid)

    def _summarise(self, conn: sqlite3.Connection, fid: int) -> None:
        """Recompute a point's open checks and worst severity after a dismissal."""
        checks, worst = set(), NO_SEVERITY
        for finding in self.findings(self._point_id(fid)):
            if not finding["dismissed"]:
                checks.add(finding["check"])
                worst = min(worst, SEVERITIES.index(finding["severity"]))
        conn.execute("UPDATE review SET open_checks = ?, worst_severity = ? WHERE fid = ?",
                     ("," + ",".join(sorted(checks)) + "," if checks else "", worst, fid))

    def point_hash(self, fid: int) -> str:
        """A digest of the point's location and attributes: a dismissal holds while the
        point keeps this digest."""
        names = ", ".join(f'"{c}"' for c in self.columns)
        row = self._conn.execute(f'SELECT "{self.geometry_column}", {names} FROM points '
                                 "WHERE fid = ?", (fid,)).fetchone()
        x, y = blob_xy(row[0])
        data = json.dumps([round(x, 7) if math.isfinite(x) else None,
                           round(y, 7) if math.isfinite(y) else None,
                           [str(v) for v in row[1:]]], ensure_ascii=False)
        return hashlib.sha1(data.encode("utf-8")).hexdigest()


def _held_by_other(row: tuple, user: str, host: str, pid: int) -> bool:
    holder_user, holder_host, holder_pid, _ = row
    if holder_host != host:
        return True  # another machine: cannot tell whether it is still running
    if holder_pid == pid:
        return holder_user != user
    try:
        os.kill(holder_pid, 0)
    except ProcessLookupError:
        return False  # the process that held it is gone (crashed or killed)
    except PermissionError:
        return True
    return True
