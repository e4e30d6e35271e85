"""``field_import``: the visits of a returned field package, recorded in the session.

Each visit is matched on ``point_uuid`` and becomes one audited action by the person who
visited (``field_visit``: location, fields and the new photo's path as old and new values);
the new photo is copied beside the session with its SHA-256. A point found moves to
*corrected* (something changed) or *approved* for the checker; *not found* and *closed*
move to *rejected* with the reason ``field_check:not_found`` / ``field_check:closed``.
A point changed in the session since the package left is not overwritten: the visit is
stored in ``field_conflicts`` with both versions for an officer. The whole import is one
transaction, and a visit already recorded (same package, point and answers) is skipped, so
importing the same package twice changes nothing the second time. The package itself is
only read.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import sqlite3
import tempfile

from ..errors import InputError
from ..session import Session
from ..session.build import now
from ..session.gpkgsql import blob_xy
from ..text import is_blank
from .form import (
    ANSWER_NAMES,
    DATA_FILE,
    MANIFEST_FILE,
    OUTCOMES,
    VISITS_LAYER,
    reason_code,
)
from .tables import ensure_tables, session_identity

__all__ = ["field_import", "read_manifest", "read_visits", "MOVE_TOLERANCE_M"]

MOVE_TOLERANCE_M = 0.5
"""A point dragged less than this on the phone has not moved."""
_IGNORED_ACTIONS = ("dismiss",)
"""Session actions that do not change a point: no conflict with a visit."""


def read_manifest(folder: str) -> dict:
    """The package's manifest; :class:`InputError` when ``folder`` is not a field package."""
    path = os.path.join(folder, MANIFEST_FILE)
    try:
        with open(path, encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError):
        raise InputError.coded("not_a_package", path=folder) from None
    if manifest.get("format") != "diachi-field-package":
        raise InputError.coded("not_a_package", path=folder)
    return manifest


def read_visits(folder: str) -> list[dict]:
    """The features of the package's visits layer that have an outcome, read only.

    Each: point_uuid, the answers (see :data:`ANSWER_NAMES`), x and y (WGS 84)."""
    path = os.path.join(folder, DATA_FILE)
    if not os.path.isfile(path):
        raise InputError.coded("package_data_missing", path=folder, file=DATA_FILE)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        geometry = conn.execute("SELECT column_name FROM gpkg_geometry_columns WHERE "
                                "table_name = ?", (VISITS_LAYER,)).fetchone()[0]
        names = ("point_uuid",) + ANSWER_NAMES
        cursor = conn.execute(f'SELECT "{geometry}", {", ".join(names)} FROM '
                              f'"{VISITS_LAYER}"')
        visits = []
        for blob, *values in cursor:
            visit = dict(zip(names, (None if is_blank(v) else str(v).strip()
                                     for v in values)))
            if visit["outcome"] is None:
                continue  # not visited yet
            x, y = blob_xy(blob)
            visit["x"], visit["y"] = (x, y) if math.isfinite(x) else (None, None)
            visits.append(visit)
        return visits
    except (sqlite3.Error, TypeError) as exc:
        raise InputError.coded("package_unreadable", path=path, problem=str(exc)) from None
    finally:
        conn.close()


def field_import(session: Session, folder: str) -> dict:
    """Record the visits of the field package ``folder`` in ``session``.

    Returns counts: visits (recorded now), per outcome, conflicts (new), already (recorded
    by an earlier import), unknown (points not in this package), photos, and ``points``:
    (point_id, outcome or "conflict") for each visit recorded now."""
    manifest = read_manifest(folder)
    if manifest.get("session_id") != session_identity(session.stored_meta):
        raise InputError.coded("package_of_another_session", path=folder,
                               session=manifest.get("session"))
    package_id = manifest["package_id"]
    visits = read_visits(folder)
    for visit in visits:
        visit["photo_file"], visit["photo_sha256"] = _photo(folder, visit.get("new_photo"))
        visit["digest"] = _digest(visit)
    counts = {"visits": 0, "conflicts": 0, "already": 0, "unknown": 0, "photos": 0,
              **{code: 0 for code in OUTCOMES}, "points": []}
    stamp = now()
    with session.transaction() as conn:
        ensure_tables(conn)
        sent = {row[0]: row[1:] for row in conn.execute(
            "SELECT point_uuid, fid, audit_mark, snapshot FROM field_points WHERE "
            "package_id = ?", (package_id,))}
        for visit in visits:
            uid = visit["point_uuid"]
            if uid not in sent or visit["outcome"] not in OUTCOMES:
                counts["unknown"] += 1
                continue
            fid, mark, snapshot = sent[uid]
            if _seen(conn, package_id, uid, visit["digest"]):
                counts["already"] += 1
                continue
            point_id = session.point(fid).point_id
            if _changed_since(conn, fid, mark, package_id):
                _conflict(conn, session, package_id, uid, fid, visit, stamp)
                counts["conflicts"] += 1
                counts["points"].append((point_id, "conflict"))
                continue
            _apply(conn, session, package_id, uid, fid, json.loads(snapshot), visit,
                   manifest, stamp)
            counts["visits"] += 1
            counts[visit["outcome"]] += 1
            counts["photos"] += visit["photo_file"] is not None
            counts["points"].append((point_id, visit["outcome"]))
    return counts


def _photo(folder: str, value: str | None) -> tuple[str | None, str | None]:
    """The new photo's file in the package and its SHA-256 (None, None without one)."""
    if not value:
        return None, None
    path = value if os.path.isabs(value) else os.path.join(folder, value)
    if not os.path.isfile(path):
        raise InputError.coded("package_photo_missing", path=folder, photo=value)
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return path, digest.hexdigest()


def _digest(visit: dict) -> str:
    """What identifies one visit: the answers, the location and the photo's content."""
    keys = ("point_uuid", *ANSWER_NAMES, "photo_sha256")
    data = [visit.get(k) for k in keys if k != "new_photo"]
    data += [None if visit["x"] is None else round(visit["x"], 7),
             None if visit["y"] is None else round(visit["y"], 7)]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()


def _seen(conn: sqlite3.Connection, package_id: str, uid: str, digest: str) -> bool:
    for table in ("field_visits", "field_conflicts"):
        if conn.execute(f"SELECT 1 FROM {table} WHERE package_id = ? AND point_uuid = ? AND "
                        "digest = ?", (package_id, uid, digest)).fetchone():
            return True
    return False


def _changed_since(conn: sqlite3.Connection, fid: int, mark: int, package_id: str) -> bool:
    """Whether someone changed the point in the session after the package left (visits
    of this same package recorded earlier do not count)."""
    return conn.execute(
        f"SELECT 1 FROM audit WHERE fid = ? AND id > ? AND action NOT IN "
        f"({','.join('?' * len(_IGNORED_ACTIONS))}) AND action_id NOT IN "
        "(SELECT action_id FROM field_visits WHERE package_id = ?) LIMIT 1",
        (fid, mark, *_IGNORED_ACTIONS, package_id)).fetchone() is not None


def _session_version(conn: sqlite3.Connection, session: Session, fid: int) -> dict:
    record = session.point(fid)
    fields = session.meta.get("fields", {})
    last = conn.execute("SELECT user, at, action FROM audit WHERE fid = ? ORDER BY id DESC "
                        "LIMIT 1", (fid,)).fetchone()
    return {"status": record.review["status"], "decision": record.review["decision"],
            "reason": record.review["reason"], "reviewed_by": record.review["reviewed_by"],
            "x": record.x if math.isfinite(record.x) else None,
            "y": record.y if math.isfinite(record.y) else None,
            **{name: record.attributes.get(fields.get(name, ""))
               for name in ("name", "category", "house_number")},
            "last_change": dict(zip(("user", "at", "action"), last)) if last else None}


def _field_version(visit: dict) -> dict:
    return {k: visit.get(k) for k in (*ANSWER_NAMES, "x", "y", "photo_sha256")}


def _conflict(conn: sqlite3.Connection, session: Session, package_id: str, uid: str,
              fid: int, visit: dict, stamp: str) -> None:
    conn.execute("INSERT INTO field_conflicts (package_id, point_uuid, fid, digest, "
                 "session_version, field_version, found_by, found_at) VALUES "
                 "(?,?,?,?,?,?,?,?)",
                 (package_id, uid, fid, visit["digest"],
                  json.dumps(_session_version(conn, session, fid), ensure_ascii=False),
                  json.dumps(_field_version(visit), ensure_ascii=False), session.user, stamp))
    conn.execute("UPDATE field_points SET returned_at = ?, outcome = 'conflict' WHERE "
                 "package_id = ? AND point_uuid = ?", (stamp, package_id, uid))


def _moved(snapshot: dict, visit: dict) -> bool:
    if visit["x"] is None or snapshot.get("x") is None:
        return visit["x"] is not None
    dy = (visit["y"] - snapshot["y"]) * 111_320.0
    dx = (visit["x"] - snapshot["x"]) * 111_320.0 * math.cos(math.radians(snapshot["y"]))
    return math.hypot(dx, dy) > MOVE_TOLERANCE_M


def _changes(session: Session, snapshot: dict, visit: dict, photo: str | None) -> dict:
    """The new values a visit gives the point (keys as the session's audit writes them)."""
    fields = session.meta.get("fields", {})
    visitor = visit.get("visited_by")
    common = {"duplicate_of": None, "reviewed_by": visitor,
              "reviewed_at": visit.get("visited_at") or now(), "checked_by": None,
              "checked_at": None, "reason": reason_code(visit["outcome"])}
    if visit["outcome"] in ("not_found", "closed"):
        return {"status": "rejected", "decision": "rejected", **common}
    change: dict[str, object] = {}
    answers = {"name": visit.get("corrected_name"), "category": visit.get("category"),
               "house_number": visit.get("house_number")}
    for name, value in answers.items():
        column = fields.get(name)
        if value is not None and column in session.columns and \
                value != (None if snapshot.get(name) is None else str(snapshot[name])):
            change[f"attr:{column}"] = value
    if photo and fields.get("photo") in session.columns:
        change[f"attr:{fields['photo']}"] = photo
    if _moved(snapshot, visit):
        change["x"], change["y"] = visit["x"], visit["y"]
    decision = "corrected" if change else "approved"
    return {"status": decision, "decision": decision, **common, **change}


def _keep_photo(session: Session, uid: str, visit: dict) -> str | None:
    """Copy the new photo beside the session (named by its checksum); its path."""
    if visit["photo_file"] is None:
        return None
    stem = os.path.splitext(os.path.basename(session.path))[0]
    folder = os.path.join(os.path.dirname(os.path.abspath(session.path)), f"{stem}-photos")
    os.makedirs(folder, exist_ok=True)
    extension = os.path.splitext(visit["photo_file"])[1].lower() or ".jpg"
    target = os.path.join(folder, f"{uid}-{visit['photo_sha256'][:16]}{extension}")
    if not os.path.exists(target):
        handle, temp = tempfile.mkstemp(prefix=".photo.", dir=folder)
        os.close(handle)
        shutil.copyfile(visit["photo_file"], temp)
        os.replace(temp, target)
    return target


def _apply(conn: sqlite3.Connection, session: Session, package_id: str, uid: str, fid: int,
           snapshot: dict, visit: dict, manifest: dict, stamp: str) -> None:
    visit["visited_by"] = visit.get("visited_by") or manifest.get("assignee") or "field"
    photo = _keep_photo(session, uid, visit)
    change = _changes(session, snapshot, visit, photo)
    result = session.write_action(conn, "field_visit", [(fid, change)],
                                  reason=change["reason"], user=visit["visited_by"])
    answers = {k: visit.get(k) for k in ANSWER_NAMES}
    conn.execute("INSERT INTO field_visits (package_id, point_uuid, fid, action_id, digest, "
                 "outcome, visited_by, visited_at, answers, photo, photo_sha256, "
                 "imported_by, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                 (package_id, uid, fid, result.action_id, visit["digest"], visit["outcome"],
                  visit["visited_by"], visit.get("visited_at"),
                  json.dumps(answers, ensure_ascii=False), photo, visit["photo_sha256"],
                  session.user, stamp))
    conn.execute("UPDATE field_points SET returned_at = ?, outcome = ? WHERE package_id = ? "
                 "AND point_uuid = ?", (stamp, visit["outcome"], package_id, uid))
