"""The session's record of field work: which points went out in which package, what came
back, and the conflicts waiting for an officer.

Three tables, created the first time a package is exported (older sessions gain them
then): ``field_points`` (one row per point per package: the point's state when it left),
``field_visits`` (one row per visit recorded, tied to its audit action) and
``field_conflicts`` (a visit not applied because the point changed in the session since).
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid

__all__ = ["FIELD_TABLES", "ensure_tables", "has_tables", "session_identity", "point_uuid",
           "field_counts", "open_conflicts"]

FIELD_TABLES = ("field_points", "field_visits", "field_conflicts")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS field_points (
    package_id TEXT NOT NULL, fid INTEGER NOT NULL, point_uuid TEXT NOT NULL,
    assignee TEXT, sent_by TEXT NOT NULL, sent_at TEXT NOT NULL, audit_mark INTEGER NOT NULL,
    snapshot TEXT NOT NULL, returned_at TEXT, outcome TEXT,
    PRIMARY KEY (package_id, point_uuid));
CREATE INDEX IF NOT EXISTS field_points_fid ON field_points(fid);
CREATE TABLE IF NOT EXISTS field_visits (
    id INTEGER PRIMARY KEY, package_id TEXT NOT NULL, point_uuid TEXT NOT NULL,
    fid INTEGER NOT NULL, action_id INTEGER NOT NULL, digest TEXT NOT NULL,
    outcome TEXT NOT NULL, visited_by TEXT NOT NULL, visited_at TEXT, answers TEXT NOT NULL,
    photo TEXT, photo_sha256 TEXT, imported_by TEXT NOT NULL, imported_at TEXT NOT NULL,
    UNIQUE (package_id, point_uuid, digest));
CREATE TABLE IF NOT EXISTS field_conflicts (
    id INTEGER PRIMARY KEY, package_id TEXT NOT NULL, point_uuid TEXT NOT NULL,
    fid INTEGER NOT NULL, digest TEXT NOT NULL, session_version TEXT NOT NULL,
    field_version TEXT NOT NULL, found_by TEXT NOT NULL, found_at TEXT NOT NULL,
    resolved_by TEXT, resolved_at TEXT,
    UNIQUE (package_id, point_uuid, digest));
"""


def ensure_tables(conn: sqlite3.Connection) -> None:
    """Create the field tables when missing, inside the caller's transaction; the visits
    and conflicts are listed in ``gpkg_contents`` so QGIS can open them as tables."""
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    for table in ("field_visits", "field_conflicts"):
        conn.execute("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, "
                     "identifier) VALUES (?, 'attributes', ?)", (table, table))


def has_tables(conn: sqlite3.Connection) -> bool:
    """Whether field work was ever exported from this session."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                        "name = 'field_points'").fetchone() is not None


def session_identity(meta: dict, path: str = "") -> str:
    """A digest naming one session (its creation stamp and source), so a package is only
    ever read back into the session it came from.

    >>> len(session_identity({"created_at": "2025-01-01T00:00:00+00:00"}))
    16
    """
    text = json.dumps([meta.get("created_at"), meta.get("created_by"),
                       meta.get("points_source")], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def point_uuid(session_id: str, publish_id: str) -> str:
    """The point's UUID in every package of this session: derived from the session and
    the point's publish id, so it is the same each time the point is sent.

    >>> point_uuid("abc", "TH1") == point_uuid("abc", "TH1") != point_uuid("abd", "TH1")
    True
    """
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"diachi:{session_id}:{publish_id}"))


def _reading(path: str) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def field_counts(path: str, by: str) -> dict[str, dict[str, int]]:
    """Points of the session at ``path`` sent to the field, returned and still out, per
    ``commune_code`` or per ``assignee`` (a point sent twice counts once: its latest
    package). Empty when the session never sent anything."""
    if by not in ("commune_code", "assignee"):
        raise ValueError(by)
    conn = _reading(path)
    try:
        if not has_tables(conn):
            return {}
        column = "r.commune_code" if by == "commune_code" else "p.assignee"
        rows = conn.execute(
            f"SELECT coalesce({column}, ''), count(*), "
            "sum(p.returned_at IS NOT NULL), sum(p.returned_at IS NULL) "
            "FROM field_points p JOIN review r ON r.fid = p.fid "
            "WHERE p.rowid = (SELECT max(q.rowid) FROM field_points q WHERE q.fid = p.fid) "
            "GROUP BY 1 ORDER BY 1").fetchall()
    finally:
        conn.close()
    return {key: {"sent": sent, "returned": returned, "out": out}
            for key, sent, returned, out in rows}


def open_conflicts(path: str) -> list[dict]:
    """The conflicts of the session at ``path`` no officer has resolved yet, oldest first,
    with both versions."""
    conn = _reading(path)
    try:
        if not has_tables(conn):
            return []
        cursor = conn.execute(
            "SELECT c.id, c.package_id, c.point_uuid, c.fid, r.point_id, c.session_version, "
            "c.field_version, c.found_by, c.found_at FROM field_conflicts c "
            "JOIN review r ON r.fid = c.fid WHERE c.resolved_at IS NULL ORDER BY c.id")
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    finally:
        conn.close()
    out = []
    for row in rows:
        item = dict(zip(names, row))
        item["session_version"] = json.loads(item["session_version"])
        item["field_version"] = json.loads(item["field_version"])
        out.append(item)
    return out
