"""GeoPackage point geometries through plain ``sqlite3``.

GDAL's spatial-index triggers call ``ST_IsEmpty`` and ``ST_MinX``...; a plain SQLite
connection lacks them, so :func:`connect` registers point-only versions. The session
edits points in its own transactions and keeps the GeoPackage valid for QGIS.
"""
from __future__ import annotations

import math
import sqlite3
import struct
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["connect", "point_blob", "blob_xy", "one_transaction"]

_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def point_blob(x: float, y: float, srs_id: int = 4326) -> bytes | None:
    """A GeoPackage geometry blob for a 2D point (None for NaN: no geometry).

    Examples
    --------
    >>> blob_xy(point_blob(105.5, 21.0))
    (105.5, 21.0)
    >>> point_blob(float("nan"), 1.0) is None
    True
    """
    if not (math.isfinite(x) and math.isfinite(y)):
        return None
    return b"GP\x00\x01" + struct.pack("<i", srs_id) + struct.pack("<bIdd", 1, 1, x, y)


def blob_xy(blob: bytes | None) -> tuple[float, float]:
    """x, y of a GeoPackage point blob; NaN, NaN for null or empty geometry."""
    if not blob or len(blob) < 8 or blob[:2] != b"GP":
        return math.nan, math.nan
    flags = blob[3]
    if flags & 0x10:  # the empty-geometry flag
        return math.nan, math.nan
    start = 8 + _ENVELOPE_BYTES.get((flags >> 1) & 0x07, 0)
    order = "<" if blob[start] == 1 else ">"
    kind = struct.unpack_from(order + "I", blob, start + 1)[0] % 1000
    if kind != 1:
        return math.nan, math.nan
    return struct.unpack_from(order + "dd", blob, start + 5)


def blob_bounds(blob: bytes | None) -> tuple[float, float, float, float]:
    """minx, maxx, miny, maxy from the blob's envelope, or of a point without one."""
    if blob and len(blob) >= 40 and blob[:2] == b"GP" and (blob[3] >> 1) & 0x07:
        order = "<" if blob[3] & 0x01 else ">"
        return struct.unpack_from(order + "dddd", blob, 8)
    x, y = blob_xy(blob)
    return x, x, y, y


def _is_empty(blob: bytes | None) -> int:
    return int(math.isnan(blob_bounds(blob)[0]))


def connect(path: str, *, timeout: float = 10.0) -> sqlite3.Connection:
    """Open ``path`` for explicit ``BEGIN``/``COMMIT`` transactions, with the SQL functions
    GDAL's GeoPackage triggers need."""
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None,
                           check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.create_function("ST_IsEmpty", 1, _is_empty, deterministic=True)
    for index, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        conn.create_function(name, 1, lambda blob, i=index: blob_bounds(blob)[i],
                             deterministic=True)
    return conn


@contextmanager
def one_transaction(path: str) -> Iterator[sqlite3.Connection]:
    """A :func:`connect` connection to ``path`` inside one transaction: committed when the
    block ends, rolled back when it raises; closed either way."""
    conn = connect(path)
    try:
        conn.execute("BEGIN")
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
