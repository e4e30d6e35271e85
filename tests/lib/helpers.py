"""Small builders for test inputs: real files written with pyogrio, never mocks."""
from __future__ import annotations

import hashlib
import pathlib

import numpy as np
import pyogrio.raw
import shapely
from diachi_geo.model import PointSet

THANH_HOA = (105.775, 19.805)  # inside the sample area
# truth kinds (diachi_geo.testing) of the points that have no usable location in Vietnam
UNLOCATED = ("invalid_geometry", "null_island", "swapped_latlon", "outside_country")


def located_ids(truth: dict) -> set[int]:
    """Ids of the sample's points that the checks can place (see ``UNLOCATED``)."""
    return {int(p) for p, k in zip(truth["point_id"], truth["kind"]) if k not in UNLOCATED}


def write_points(path: pathlib.Path, geometries, *, crs="EPSG:4326", layer="points",
                 **columns) -> pathlib.Path:
    n = len(geometries)
    columns.setdefault("id", np.arange(1, n + 1))
    for name in ("name", "category", "address"):
        columns.setdefault(name, np.array([f"{name} {i}" for i in range(n)], dtype=object))
    columns.setdefault("commune_code", np.array(["15000"] * n, dtype=object))
    wkb = np.array([None if g is None else shapely.to_wkb(g, flavor="iso") for g in geometries],
                   dtype=object)
    kinds = {g.geom_type for g in geometries if g is not None}
    pyogrio.raw.write(str(path), geometry=wkb, field_data=[np.asarray(v) for v in
                                                           columns.values()],
                      fields=list(columns), layer=layer, crs=crs,
                      geometry_type=kinds.pop() if len(kinds) == 1 else "Unknown",
                      driver="GPKG" if str(path).endswith(".gpkg") else None)
    return path


def point_set(xy, *, names=None, crs="EPSG:4326", **attributes) -> PointSet:
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    n = len(xy)
    attributes.setdefault("name", np.array(names if names is not None else
                                           [f"Nhà {i}" for i in range(n)], dtype=object))
    for key in ("category", "address"):
        attributes.setdefault(key, np.array([key] * n, dtype=object))
    return PointSet(source="test", ids=np.arange(1, n + 1), x=xy[:, 0], y=xy[:, 1], crs=crs,
                    attributes={k: np.asarray(v, dtype=object) for k, v in attributes.items()})


def checksum(path: pathlib.Path) -> str:
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


def write_mbtiles(path: pathlib.Path, bounds: tuple[float, float, float, float],
                  zooms: range, *, seed: int = 1) -> pathlib.Path:
    """An MBTiles file of noisy JPEG tiles (imagery-like: they do not compress to nothing)
    over lon/lat ``bounds`` at each of ``zooms``."""
    import io
    import sqlite3

    from diachi_geo.field.imagery import tile_range
    from PIL import Image

    rng = np.random.default_rng(seed)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    conn.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, "
                 "tile_row INTEGER, tile_data BLOB)")
    conn.executemany("INSERT INTO metadata VALUES (?, ?)",
                     [("name", "test imagery"), ("format", "jpg"),
                      ("bounds", ",".join(map(str, bounds)))])
    base = rng.integers(60, 140, (256, 256, 3), dtype=np.uint8)
    for zoom in zooms:
        x0, x1, y0, y1 = tile_range(bounds, zoom)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                noise = rng.integers(-25, 25, (256, 256, 3))
                picture = Image.fromarray(np.clip(base + noise, 0, 255).astype(np.uint8))
                buffer = io.BytesIO()
                picture.save(buffer, "JPEG", quality=70)
                conn.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)",
                             (zoom, x, 2 ** zoom - 1 - y, buffer.getvalue()))
    conn.commit()
    conn.close()
    return path
