"""Which features of a GeoPackage layer meet many small boxes, from its R-tree index.

A far part of a partitioned run needs the buildings around a few hundred points scattered
over a province. A spatial filter on their union makes GDAL decode every feature in the
union's envelope (about a third of a second per layer of a province); the layer's own
R-tree answers the boxes one by one in milliseconds, and the features are then read by id.
"""
from __future__ import annotations

import os
import sqlite3
import urllib.parse
from contextlib import closing

import numpy as np

from ..source import is_geopackage

__all__ = ["fids_in_boxes"]


def fids_in_boxes(path: str, layer: str | None, boxes: np.ndarray) -> np.ndarray | None:
    """The feature ids (ascending) of the ``layer`` features whose envelope meets one of
    ``boxes`` (rows xmin, ymin, xmax, ymax in the layer's CRS); None when ``path`` is not a
    local GeoPackage or the layer has no R-tree index (read it another way)."""
    if not is_geopackage(path) or not os.path.isfile(path):
        return None
    uri = f"file:{urllib.parse.quote(os.path.abspath(path))}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as db:
            index = _rtree_table(db, layer)
            if index is None:
                return None
            quoted = index.replace('"', '""')
            query = f'SELECT id FROM "{quoted}" WHERE minx <= ? AND maxx >= ? ' \
                "AND miny <= ? AND maxy >= ?"
            found: set[int] = set()
            for x0, y0, x1, y1 in np.asarray(boxes, dtype=float).tolist():
                # one box at a time: SQLite walks the R-tree for each (a join would not)
                found.update(row[0] for row in db.execute(query, (x1, x0, y1, y0)))
    except sqlite3.Error:
        return None
    return np.sort(np.fromiter(found, dtype=np.int64, count=len(found)))


def _rtree_table(db: sqlite3.Connection, layer: str | None) -> str | None:
    """The R-tree table of ``layer`` (the only feature table when None), if indexed."""
    tables = db.execute("SELECT table_name, column_name FROM gpkg_geometry_columns").fetchall()
    if layer is not None:
        tables = [t for t in tables if t[0].lower() == layer.lower()]
    if len(tables) != 1:
        return None
    table, column = tables[0]
    index = f"rtree_{table}_{column}"
    known = db.execute("SELECT 1 FROM gpkg_extensions WHERE lower(table_name) = lower(?) "
                       "AND extension_name = 'gpkg_rtree_index'", (table,)).fetchone()
    exists = db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (index,)).fetchone()
    return index if known and exists else None
