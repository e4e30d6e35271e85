"""Create a review session: the points copied in, their findings, and the review tables.

A session is one GeoPackage that QGIS opens like any other: layers ``points`` (a copy of
the collected points in WGS 84, never the user's file, with ``review_status`` for
styling), ``findings``, ``suggestions`` and ``moves``, plus the tables ``review`` (the
status of each point), ``audit`` (every change), ``dismissed`` (false positives) and
``session_meta`` (where the points and reference layers came from, the field mapping).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import logging
import os
import sqlite3
from collections.abc import Callable, Mapping

import numpy as np
import shapely

from ..arrays import plain
from ..config import CheckParams, DuplicateParams
from ..crs import WGS84
from ..errors import OutputError
from ..findings import SEVERITIES, FindingTable
from ..gcpause import paused_gc
from ..io.commune_mapping import read_commune_mapping
from ..io.points import read_points_with_columns
from ..io.references import MEASURED_KINDS, read_references
from ..io.write import OutputLayer, atomic_output, check_not_input, write_vector
from ..model import PointSet
from ..output import findings_layers
from ..snap import morton_order
from ..source import parse_source
from ..text import blank_mask
from ..validate import ValidationResult, validate
from .copy import PointCopy
from .gpkgsql import one_transaction
from .paths import stored_paths
from .status import STATUS_COLUMN

__all__ = ["SESSION_VERSION", "STATUS_COLUMN", "create_session", "point_summaries", "now"]

log = logging.getLogger(__name__)

SESSION_VERSION = 1
NO_SEVERITY = len(SEVERITIES)  # worst_severity of a point without open findings

_TABLES = """
CREATE TABLE session_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY, action_id INTEGER NOT NULL, fid INTEGER NOT NULL,
    point_id TEXT NOT NULL, user TEXT NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL,
    reason TEXT, old_status TEXT, new_status TEXT, old_x REAL, old_y REAL, new_x REAL,
    new_y REAL, old_values TEXT NOT NULL, new_values TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0);
CREATE INDEX audit_fid ON audit(fid);
CREATE INDEX audit_action ON audit(action_id);
CREATE TABLE dismissed (
    key TEXT PRIMARY KEY, fid INTEGER NOT NULL, point_hash TEXT NOT NULL,
    user TEXT NOT NULL, at TEXT NOT NULL, reason TEXT);
CREATE TABLE session_lock (
    id INTEGER PRIMARY KEY CHECK (id = 1), user TEXT NOT NULL, host TEXT NOT NULL,
    pid INTEGER NOT NULL, since TEXT NOT NULL);
CREATE INDEX findings_point ON findings(point_id);
"""
_REVIEW_TABLE = """
CREATE TABLE review (
    fid INTEGER PRIMARY KEY, point_id TEXT NOT NULL, position INTEGER NOT NULL,
    commune_code TEXT, collector TEXT, publish_id TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new', decision TEXT,
    open_checks TEXT NOT NULL DEFAULT '', worst_severity INTEGER NOT NULL, group_id TEXT,
    reviewed_by TEXT, reviewed_at TEXT, checked_by TEXT, checked_at TEXT, reason TEXT,
    duplicate_of TEXT)"""
_REVIEW_INDEXES = """
CREATE UNIQUE INDEX review_point_id ON review(point_id);
CREATE UNIQUE INDEX review_publish_id ON review(publish_id);
CREATE INDEX review_position ON review(position);
CREATE INDEX review_status ON review(status);
CREATE INDEX review_group ON review(group_id);
"""
"""Built after the rows are in: a million inserts into five indexes took 14 s, building them
afterwards 5 s (sessions made before this have the same constraints inside the table)."""


def now() -> str:
    """The current time, UTC, ISO 8601 to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def create_session(points: str, out: str, *, references: Mapping[str, str | None] | None = None,
                   fields: Mapping[str, str] | None = None,
                   commune_fields: Mapping[str, str] | None = None, crs: object = None,
                   params: CheckParams | None = None,
                   duplicate_params: DuplicateParams | None = None,
                   checks: list[str] | None = None,
                   lang: str = "en", user: str = "", commune_mapping: str | None = None,
                   progress: Callable[[float, str], bool | None] | None = None,
                   check: Callable[[PointSet], ValidationResult] | None = None,
                   background: bool = False, copy_deadline: float | None = None) -> dict:
    """Copy ``points`` into a new session GeoPackage at ``out``, validate them and set up
    the review; return the counts (points, flagged, findings).

    ``check`` validates the points instead of one process (``--engine dask``: the parts
    read the reference layers themselves, so only the communes are read here).

    ``background`` writes the copy of the points in a forked process while validating
    (:mod:`.copy`; the command line: never inside QGIS, which must not be forked);
    ``copy_deadline`` is how long after the fork the child may take (None: from the number
    of points) before the copy is written here instead.

    Raises :class:`OutputError` when ``out`` exists: a session holds people's work and is
    resumed, never rebuilt over.
    """
    references = {kind: source for kind, source in (references or {}).items() if source}
    check_not_input(out, [points, *references.values()])
    if os.path.exists(out):
        raise OutputError.coded("session_exists", path=out)
    layers = read_references(references if check is None else
                             {"communes": references.get("communes")},
                             commune_fields=commune_fields)
    mapping = None
    if commune_mapping:
        mapping = read_commune_mapping(commune_mapping)
    point_set, columns = read_points_with_columns(points, fields=fields, crs=crs,
                                                  communes=layers["communes"],
                                                  commune_mapping=mapping)
    if check is None:  # projected once, as `validate` does: never held twice
        metric = point_set.metric_crs()
        for kind in MEASURED_KINDS:
            if layers.get(kind) is not None:
                layers[kind] = layers[kind].in_crs(metric)
    with atomic_output(out) as temp:
        with paused_gc():  # a million new point geometries: collections would walk them all
            copy = PointCopy(temp, _points_layer(point_set, columns), *point_set.lonlat(),
                             background=background, then=_review_rows(point_set),
                             deadline=copy_deadline)
        copy.start()
        try:
            result = validate(point_set, checks=checks, params=params,
                              duplicate_params=duplicate_params, progress=progress,
                              **layers) if check is None else check(point_set)
        except BaseException:
            copy.cancel()
            raise
        with paused_gc():
            copy.finish()
            write_vector(temp, findings_layers(result.findings, point_set, lang), append=True)
            paths = stored_paths({"points_source": str(parse_source(points)),
                                  "commune_mapping": commune_mapping,
                                  "references": references}, out)  # relative: opens anywhere
            meta = {"version": SESSION_VERSION, "created_at": now(), "created_by": user,
                    "fields": point_set.field_names,
                    "commune_fields": dict(commune_fields or {}), "checks": checks,
                    "lang": lang, "commune_mapping": None,
                    "params": dataclasses.asdict(params or CheckParams()), **paths}
            _create_tables(temp, point_set, result.findings, meta)
    flagged = len(np.unique(result.findings.index))
    return {"points": len(point_set), "flagged": flagged, "findings": len(result.findings)}


def _points_layer(points: PointSet, columns: dict[str, np.ndarray]) -> OutputLayer:
    lon, lat = points.lonlat()
    geometry = np.full(len(points), None, dtype=object)
    ok = np.isfinite(lon) & np.isfinite(lat)
    geometry[ok] = shapely.points(lon[ok], lat[ok])
    if STATUS_COLUMN in columns:
        log.warning("%s: the field %s is replaced by the session's own review status",
                    points.source, STATUS_COLUMN)
    copied = {name: values for name, values in columns.items() if name != STATUS_COLUMN}
    copied[STATUS_COLUMN] = np.full(len(points), "new", dtype=object)
    return OutputLayer("points", copied, geometry, WGS84, "Point")


def point_summaries(findings: FindingTable, count: int
                    ) -> tuple[list[str], np.ndarray, list[str | None]]:
    """Per point: its checks as ``",snap,duplicate,"`` (for LIKE filters), the rank of its
    worst severity (0 error .. 2 info, 3 none) and its duplicate group."""
    checks: list[set[str]] = [set() for _ in range(count)]
    worst = np.full(count, NO_SEVERITY, dtype=np.int64)
    groups: list[str | None] = [None] * count
    rank = {name: i for i, name in enumerate(SEVERITIES)}
    for index, check, severity, group in zip(findings.index.tolist(), findings.check,
                                             findings.severity, findings.group_id):
        checks[index].add(str(check))
        worst[index] = min(worst[index], rank[str(severity)])
        if check == "duplicate" and group:
            groups[index] = str(group)
    return ["," + ",".join(sorted(c)) + "," if c else "" for c in checks], worst, groups


def _review_rows(points: PointSet) -> Callable[[sqlite3.Connection, list[int]], None]:
    """What fills the review table before the validation is done (in the background copy):
    each point's row without its findings, and the table's indexes."""
    def fill(conn: sqlite3.Connection, fids: list[int]) -> None:
        lon, lat = points.lonlat()
        communes = _texts(points.attribute("commune_code"), len(points))
        commune_text = np.array(["" if c is None else c for c in communes], dtype=object)
        order = np.lexsort((np.argsort(morton_order(lon, lat)), commune_text))
        position = np.empty(len(points), dtype=np.int64)
        position[order] = np.arange(len(points))
        if len(fids) != len(points):
            raise OutputError.coded("session_copy_short", copied=len(fids), count=len(points))
        conn.execute(_REVIEW_TABLE)
        conn.executemany(
            "INSERT INTO review (fid, point_id, position, commune_code, collector, "
            "publish_id, worst_severity) VALUES (?,?,?,?,?,?,?)",
            zip(fids, (str(plain(i)) for i in points.ids), position.tolist(), communes,
                _texts(points.attribute("collector"), len(points)), _publish_ids(points),
                itertools.repeat(NO_SEVERITY)))
        for statement in _REVIEW_INDEXES.split(";"):
            if statement.strip():
                conn.execute(statement)
    return fill


def _texts(values: np.ndarray | None, count: int) -> list[str | None]:
    return [None] * count if values is None else [None if v is None else str(v)
                                                  for v in values]


def _create_tables(path: str, points: PointSet, findings: FindingTable, meta: dict) -> None:
    """The tables beside the review's rows, and the findings of each flagged point."""
    checks, worst, groups = point_summaries(findings, len(points))
    flagged = np.unique(findings.index)
    with one_transaction(path) as conn:
        for statement in _TABLES.split(";"):
            if statement.strip():
                conn.execute(statement)
        fids = [row[0] for row in conn.execute("SELECT fid FROM points ORDER BY fid")]
        conn.executemany(
            "UPDATE review SET open_checks = ?, worst_severity = ?, group_id = ? "
            "WHERE fid = ?", [(checks[i], int(worst[i]), groups[i], fids[i])
                              for i in flagged.tolist()])
        conn.executemany("INSERT INTO session_meta VALUES (?, ?)",
                         [(k, json.dumps(v, ensure_ascii=False)) for k, v in meta.items()])
        for table in ("review", "audit"):
            conn.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier) "
                         "VALUES (?, 'attributes', ?)", (table, table))


def new_uuids(count: int) -> list[str]:
    """``count`` random (version 4) UUIDs as text, made in bulk: ``uuid.uuid4()`` one by
    one took 6 s of a million-point session."""
    raw = np.frombuffer(os.urandom(16 * count), dtype=np.uint8).reshape(count, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40  # version 4
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # the RFC 4122 variant
    h = raw.tobytes().hex()
    return [f"{h[i:i + 8]}-{h[i + 8:i + 12]}-{h[i + 12:i + 16]}-{h[i + 16:i + 20]}-"
            f"{h[i + 20:i + 32]}" for i in range(0, 32 * count, 32)]


def _publish_ids(points: PointSet) -> list[str]:
    """The digital address code where there is one (unique), else a new UUID: the id the
    map service knows the point by, stable across re-publishing."""
    codes = points.attribute("digital_code")
    out = new_uuids(len(points))
    if codes is not None:
        seen: set[str] = set()
        blank = blank_mask(codes)
        for index in np.flatnonzero(~blank):
            code = str(codes[index]).strip()
            if code not in seen:
                seen.add(code)
                out[index] = code
    return out
