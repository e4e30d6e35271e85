"""The last audited state of each point: a digest of its location and values, written at
creation and by every review action, so a value changed outside the review (a direct edit
of the session table) is found before it is published."""
from __future__ import annotations

import hashlib
import logging
import math
import sqlite3
from json.encoder import encode_basestring

import numpy as np

from .gpkgsql import blob_xy
from .status import STATUS_COLUMN

__all__ = ["digest", "copy_digests", "audited_complete", "ensure_audited", "seed_audited",
           "stamp_audited", "unaudited"]

log = logging.getLogger(__name__)

_TABLE = ("CREATE TABLE IF NOT EXISTS audited_state (fid INTEGER PRIMARY KEY, "
          "digest TEXT NOT NULL)")


def digest(blob: bytes | None, values: list | tuple) -> str:
    """A digest of a point's location (to 1e-7 degree) and values, as text.

    The text hashed is ``json.dumps([x, y, [str(v), ...]], ensure_ascii=False)``, built
    here without the JSON encoder (a million points at session creation).
    """
    x, y = blob_xy(blob)
    return _hashed(_coordinate(x), _coordinate(y),
                   [encode_basestring(str(v)) for v in values])


def _hashed(x: str, y: str, quoted: list[str] | tuple[str, ...]) -> str:
    """The digest of a point's coordinates and quoted values, all as JSON text."""
    return hashlib.sha1(f"[{x}, {y}, [{', '.join(quoted)}]]".encode()).hexdigest()


def _coordinate(value: float) -> str:
    return repr(round(value, 7)) if math.isfinite(value) else "null"


def copy_digests(lon: np.ndarray, lat: np.ndarray, columns: dict[str, np.ndarray]
                 ) -> list[str] | None:
    """The digests of the session's copy of the points, from the arrays written (the
    point's WGS 84 lon/lat, the columns in table order without the review status), as
    :func:`digest` gives them from the rows read back; None when a column is of a kind
    whose stored form cannot be told here (then read the rows back).

    Text is stored as ``str(v)``, integers as INTEGER, doubles as REAL (NaN as NULL,
    -0.0 as 0.0); other kinds (dates, booleans, float32...) and text with NUL (GDAL cuts
    it) return None.
    """
    texts = []
    for values in columns.values():
        strings = _stored_strings(np.asarray(values))
        if strings is None:
            return None
        texts.append([encode_basestring(v) for v in strings])
    ok = np.isfinite(lon) & np.isfinite(lat)
    xs = [_coordinate(v) if good else "null" for v, good in zip(lon.tolist(), ok.tolist())]
    ys = [_coordinate(v) if good else "null" for v, good in zip(lat.tolist(), ok.tolist())]
    return [_hashed(x, y, row) for x, y, *row in zip(xs, ys, *texts)]


def _stored_strings(values: np.ndarray) -> list[str] | None:
    """``str()`` of each value as SQLite gives it back after pyogrio wrote ``values``."""
    kind = values.dtype.kind
    if kind == "O":
        strings = ["None" if v is None else str(v) for v in values.tolist()]
        return None if "\x00" in "".join(strings) else strings
    if kind == "i" or (kind == "u" and values.dtype.itemsize < 8):
        return [str(v) for v in values.tolist()]
    if values.dtype == np.float64:  # + 0.0: SQLite keeps -0.0 as 0
        return ["None" if v != v else str(v + 0.0) for v in values.tolist()]
    return None


def seed_audited(conn: sqlite3.Connection, fids: list[int], digests: list[str] | None
                 ) -> None:
    """Store the new session's digests inside the caller's transaction: ``digests`` (from
    :func:`copy_digests`, in the order of ``fids``) after a spot check of a thousand rows
    against the rows read back, else every row read back (:func:`ensure_audited`)."""
    conn.execute(_TABLE)
    if digests is not None and len(digests) == len(fids):
        step = max(1, len(fids) // 1000)
        sample = {fids[i]: digests[i] for i in range(0, len(fids), step)}
        rows = conn.execute(_select(conn) + f" WHERE fid IN ({','.join('?' * len(sample))})",
                            list(sample)).fetchall()
        if len(rows) == len(sample) and all(digest(row[1], row[2:]) == sample[row[0]]
                                            for row in rows):
            conn.executemany("INSERT INTO audited_state VALUES (?, ?)", zip(fids, digests))
            return
        log.warning("the digests of the copied points differ from the rows written; "
                    "reading them back")
    ensure_audited(conn)


def _select(conn: sqlite3.Connection) -> str:
    """SELECT fid, geometry and every value column of the points (not the review status)."""
    geometry = conn.execute("SELECT column_name FROM gpkg_geometry_columns WHERE "
                            "table_name = 'points'").fetchone()[0]
    columns = [r[1] for r in conn.execute("PRAGMA table_info(points)")
               if r[1] not in ("fid", geometry, STATUS_COLUMN)]
    names = ", ".join(f'"{c}"' for c in columns)
    return f'SELECT fid, "{geometry}", {names} FROM points'


def audited_complete(conn: sqlite3.Connection) -> bool:
    """Whether every point has its audited state (no write needed on opening)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                        "name = 'audited_state'").fetchone():
        return False
    return not conn.execute("SELECT 1 FROM points WHERE fid NOT IN "
                            "(SELECT fid FROM audited_state) LIMIT 1").fetchone()


def ensure_audited(conn: sqlite3.Connection) -> None:
    """Create the table when missing and take the points without a row as audited as they
    are (a session made before digests were kept), inside the caller's transaction."""
    conn.execute(_TABLE)
    missing = conn.execute("SELECT count(*) FROM points WHERE fid NOT IN "
                           "(SELECT fid FROM audited_state)").fetchone()[0]
    if missing:
        conn.executemany("INSERT INTO audited_state VALUES (?, ?)",
                         [(row[0], digest(row[1], row[2:])) for row in conn.execute(
                             _select(conn) + " WHERE fid NOT IN (SELECT fid FROM "
                             "audited_state)").fetchall()])


def stamp_audited(conn: sqlite3.Connection, fid: int) -> None:
    """Record the point's current values as audited (after an audited action)."""
    row = conn.execute(_select(conn) + " WHERE fid = ?", (fid,)).fetchone()
    conn.execute("INSERT OR REPLACE INTO audited_state VALUES (?, ?)",
                 (fid, digest(row[1], row[2:])))


def unaudited(conn: sqlite3.Connection) -> list[int]:
    """The fids whose location or values differ from their last audited state."""
    held = dict(conn.execute("SELECT fid, digest FROM audited_state"))
    return [row[0] for row in conn.execute(_select(conn))
            if held.get(row[0]) != digest(row[1], row[2:])]
