"""Imagery for a phone: the office's imagery cut to the area of a field package.

An MBTiles file is cut with plain SQLite (only the tiles over the area are copied, every
zoom level kept), so the command line needs no GDAL Python bindings; any other raster GDAL
reads (GeoTIFF, GeoPackage raster...) is converted with the ``gdal_translate`` program
when it is installed.
"""
from __future__ import annotations

import math
import os
import shutil
import sqlite3
import subprocess

from ..errors import InputError, OutputError

__all__ = ["cut_imagery", "tile_range"]

MAX_ZOOM = 19
"""Deeper tiles are left out: a phone shows nothing finer than about 30 cm."""


def tile_range(bounds: tuple[float, float, float, float], zoom: int
               ) -> tuple[int, int, int, int]:
    """The XYZ tile columns and rows covering lon/lat ``bounds`` at ``zoom``:
    (x_min, x_max, y_min, y_max), y counted from the north.

    >>> tile_range((105.70, 19.76, 105.72, 19.78), 14)
    (13002, 13003, 7273, 7274)
    """
    west, south, east, north = bounds
    n = 2 ** zoom

    def column(lon: float) -> int:
        return min(n - 1, max(0, int((lon + 180.0) / 360.0 * n)))

    def row(lat: float) -> int:
        lat = max(-85.0511, min(85.0511, lat))
        y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
        return min(n - 1, max(0, int(y)))

    return column(west), column(east), row(north), row(south)


def cut_imagery(source: str, out: str, bounds: tuple[float, float, float, float], *,
                max_zoom: int = MAX_ZOOM) -> int:
    """Write the part of ``source`` over lon/lat ``bounds`` to the MBTiles file ``out``;
    return the number of tiles (MBTiles input) or 0 (converted by GDAL).

    Raises :class:`InputError` when the imagery cannot be read or does not cover the area.
    """
    if not os.path.isfile(source):
        raise InputError.coded("imagery_missing", path=source)
    if source.lower().endswith(".mbtiles"):
        return _cut_mbtiles(source, out, bounds, max_zoom)
    _translate(source, out, bounds)
    return 0


def _cut_mbtiles(source: str, out: str, bounds: tuple[float, float, float, float],
                 max_zoom: int) -> int:
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        metadata = dict(src.execute("SELECT name, value FROM metadata"))
        zooms = [z for (z,) in src.execute("SELECT DISTINCT zoom_level FROM tiles")]
    except sqlite3.Error as exc:
        raise InputError.coded("not_mbtiles", path=source, problem=str(exc)) from None
    dst = sqlite3.connect(out)
    count = 0
    try:
        dst.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        dst.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, "
                    "tile_row INTEGER, tile_data BLOB)")
        dst.execute("CREATE UNIQUE INDEX tile_index ON tiles "
                    "(zoom_level, tile_column, tile_row)")
        for zoom in sorted(z for z in zooms if z <= max_zoom):
            x0, x1, y0, y1 = tile_range(bounds, zoom)
            flipped = (2 ** zoom - 1 - y1, 2 ** zoom - 1 - y0)  # MBTiles rows count from south
            rows = src.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles "
                               "WHERE zoom_level = ? AND tile_column BETWEEN ? AND ? AND "
                               "tile_row BETWEEN ? AND ?", (zoom, x0, x1, *flipped))
            for row in rows:
                dst.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", row)
                count += 1
        if not count:
            raise InputError.coded("imagery_no_tiles", path=source)
        kept = [z for z in zooms if z <= max_zoom]
        metadata.update({"bounds": ",".join(f"{v:.6f}" for v in bounds),
                         "minzoom": str(min(kept)), "maxzoom": str(max(kept))})
        metadata.setdefault("format", "png")
        metadata.setdefault("name", "imagery")
        dst.executemany("INSERT INTO metadata VALUES (?, ?)", metadata.items())
        dst.commit()
    finally:
        dst.close()
        src.close()
    return count


def _translate(source: str, out: str, bounds: tuple[float, float, float, float]) -> None:
    program = shutil.which("gdal_translate")
    if program is None:
        raise OutputError.coded("gdal_missing")
    west, south, east, north = bounds
    command = [program, "-q", "-of", "MBTILES", "-projwin_srs", "EPSG:4326",
               "-projwin", str(west), str(north), str(east), str(south),
               "-co", "TILE_FORMAT=JPEG", source, out]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0 or not os.path.isfile(out):
        raise InputError.coded("imagery_not_cut", path=source,
                               problem=done.stderr.strip()[:300])
    addo = shutil.which("gdaladdo")
    if addo:  # lower zoom levels, so the phone can show the whole area
        subprocess.run([addo, "-q", out], capture_output=True)
