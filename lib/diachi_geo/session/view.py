"""A review session opened for reading: the worklist, the counts, a point with its findings
and history, and the current state of any reviewed value.

:class:`SessionView` checks that the file is a session and answers queries; the editing
:class:`~diachi_geo.session.store.Session` builds on it.
"""
from __future__ import annotations

import json
import math
import os
import sqlite3
from typing import TypeVar

import numpy as np

from ..errors import InputError
from ..io.references import read_communes
from ..text import is_blank
from .audited import digest
from .build import STATUS_COLUMN
from .gpkgsql import blob_xy, connect
from .lock import default_user
from .paths import resolve_meta
from .records import REVIEW_KEYS, PointRecord, WorkFilter
from .status import SessionError

__all__ = ["SessionView"]

_View = TypeVar("_View", bound="SessionView")
_ANY_POINT = WorkFilter()  # frozen: one instance serves as every default
UNPLACED_CHECKS = ("invalid_geometry", "null_island", "swapped_latlon", "outside_country")
"""Checks that say a point is not where it could be shown (see :meth:`first_placed`)."""


class SessionView:
    """A review session GeoPackage opened by ``user``, for reading.

    Raises :class:`InputError` when ``path`` is missing or not a session.
    """

    def __init__(self, path: str, user: str | None = None) -> None:
        if not os.path.isfile(path):
            raise InputError.coded("session_missing", path=path)
        self.path, self.user = path, user or default_user()
        self._conn = connect(path)
        try:
            self.stored_meta = {k: json.loads(v) for k, v in self._conn.execute(
                "SELECT key, value FROM session_meta")}  # as in the file: paths relative
            self.meta = resolve_meta(self.stored_meta, path)  # paths found on this machine
            self.geometry_column = self._conn.execute(
                "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = 'points'"
            ).fetchone()[0]
        except (sqlite3.DatabaseError, TypeError):
            self._conn.close()
            raise InputError.coded("not_a_session", path=path) from None
        self.columns = [row[1] for row in self._conn.execute("PRAGMA table_info(points)")
                        if row[1] not in ("fid", self.geometry_column, STATUS_COLUMN)]

    def close(self) -> None:
        """Release the file."""
        if self._conn is None:
            return
        self._conn.close()
        self._conn = None

    def __enter__(self: _View) -> _View:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def worklist(self, work_filter: WorkFilter = _ANY_POINT) -> np.ndarray:
        """The fids of the points matching ``work_filter``, in review order (by commune,
        then along a space-filling curve so that the next point is close by)."""
        where, args = work_filter.where()
        rows = self._conn.execute(f"SELECT fid FROM review WHERE {where} ORDER BY position",
                                  args)
        return np.fromiter((r[0] for r in rows), dtype=np.int64)

    def counts(self, work_filter: WorkFilter = _ANY_POINT) -> dict[str, int]:
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

    def field_values(self, canonical: str) -> list[str]:
        """The values a mapped field (``category``...) takes over the session's points,
        sorted, blanks left out: the choices of a value map in a correction form. Empty
        when the points have no such field."""
        column = (self.meta.get("fields") or {}).get(canonical)
        if not column or column not in self.columns:
            return []
        rows = self._conn.execute(f'SELECT DISTINCT "{column}" FROM points')
        return sorted({str(v) for (v,) in rows if not is_blank(v)})

    def point(self, fid: int) -> PointRecord:
        """The point ``fid`` with its attributes, review row and findings."""
        names = ", ".join(f'"{c}"' for c in self.columns)
        row = self._conn.execute(
            f'SELECT "{self.geometry_column}", {names} FROM points WHERE fid = ?', (fid,)
        ).fetchone()
        review = self._conn.execute(
            f"SELECT point_id, publish_id, open_checks, group_id, {', '.join(REVIEW_KEYS)} "
            "FROM review WHERE fid = ?", (fid,)).fetchone()
        if row is None or review is None:
            raise SessionError.coded("no_fid", fid=fid)
        x, y = blob_xy(row[0])
        review_dict = dict(zip(("point_id", "publish_id", "open_checks", "group_id",
                                *REVIEW_KEYS), review))
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
        """The fid of the point with id ``point_id`` (None when there is none)."""
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

    def first_placed(self, work_filter: WorkFilter = _ANY_POINT) -> int | None:
        """The first point of the worklist whose location is inside the communes: not
        without a location, at 0,0, with swapped coordinates, outside the country or in no
        commune (a map opened on such a point shows the ocean at 1:27 million). None when
        every one is misplaced. Walks the worklist in order and stops at the first."""
        where, args = work_filter.where()
        unplaced = " OR ".join(f"open_checks LIKE '%,{c},%'" for c in UNPLACED_CHECKS)
        row = self._conn.execute(
            f"SELECT fid FROM review WHERE ({where}) AND NOT ({unplaced}) AND EXISTS (SELECT 1 "
            f'FROM points p WHERE p.fid = review.fid AND p."{self.geometry_column}" IS NOT '
            "NULL) AND (open_checks NOT LIKE '%,outside_commune,%' OR NOT EXISTS (SELECT 1 "
            "FROM findings f WHERE f.point_id = review.point_id AND f.\"check\" = "
            "'outside_commune' AND f.related_id IS NULL)) ORDER BY position LIMIT 1",
            args).fetchone()
        return None if row is None else int(row[0])

    def commune_names(self) -> dict[str, str]:
        """Commune code -> name, from the session's commune layer; empty when it has none
        or it cannot be read (the filter then shows codes only)."""
        source = (self.meta.get("references") or {}).get("communes")
        try:
            communes = read_communes(source, fields=self.meta.get("commune_fields") or None) \
                if source else None
        except InputError:
            return {}
        names = communes.attributes.get("name") if communes is not None else None
        if names is None:
            return {}
        return {str(code): str(name) for code, name in zip(communes.attributes["code"], names)
                if not is_blank(name)}

    def resume_point(self) -> int | None:
        """The point this user was on when the session was last closed."""
        value = self.meta.get(f"cursor:{self.user}")
        return int(value) if value is not None else None

    def point_hash(self, fid: int) -> str:
        """A digest of the point's location and attributes: a dismissal holds while the
        point keeps this digest."""
        names = ", ".join(f'"{c}"' for c in self.columns)
        row = self._conn.execute(f'SELECT "{self.geometry_column}", {names} FROM points '
                                 "WHERE fid = ?", (fid,)).fetchone()
        return digest(row[0], list(row[1:]))

    # -- for the editing session ----------------------------------------------------------

    def _state(self, fid: int, keys: list[str]) -> dict:
        """The current values of ``keys`` (review columns, ``x``/``y``, ``attr:NAME``,
        ``dismissed:KEY``) of a point."""
        state: dict[str, object] = {}
        review = [k for k in keys if k in REVIEW_KEYS]
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

    def _status(self, fid: int) -> str:
        """The review status of a point; :class:`SessionError` when there is no such fid."""
        row = self._conn.execute("SELECT status FROM review WHERE fid = ?", (fid,)).fetchone()
        if row is None:
            raise SessionError.coded("no_fid", fid=fid)
        return row[0]

    def _point_id_or_fail(self, fid: int) -> object:
        """The point id of ``fid``; :class:`SessionError` when there is no such point."""
        self._status(fid)
        return self._point_id(fid)

    def _point_id(self, fid: int) -> object:
        """The point id of ``fid``."""
        return self._conn.execute("SELECT point_id FROM review WHERE fid = ?",
                                  (fid,)).fetchone()[0]
