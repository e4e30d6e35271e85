"""Build lib/diachi_geo/data/vietnam_outline.geojson, the area `outside_country` accepts.

Source: Natural Earth 1:10m Admin 0 countries v4.1.0 (public domain), as shipped by QGIS in
/usr/share/qgis/resources/data/world_map.gpkg. The area is Vietnam's land with a 1 km
tolerance at land borders, plus a 12 nautical mile territorial sea around the coast and the
islands, including the Hoàng Sa and Trường Sa archipelagos (which Natural Earth leaves out),
minus the land of the neighbouring countries. Run: python tools/build_outline.py
"""
from __future__ import annotations

import json
import pathlib

import pyogrio.raw
import shapely
from pyproj import Transformer

WORLD = "/usr/share/qgis/resources/data/world_map.gpkg"
OUT = pathlib.Path(__file__).resolve().parents[1] / "lib/diachi_geo/data/vietnam_outline.geojson"
TERRITORIAL_SEA_M = 12 * 1852
LAND_BORDER_TOLERANCE_M = 1000
# Hoàng Sa (Paracel) and Trường Sa (Spratly): generous boxes around the archipelagos.
ARCHIPELAGOS = [shapely.box(111.1, 15.6, 113.0, 17.2), shapely.box(111.4, 7.3, 117.9, 11.6)]


def country(name: str) -> shapely.Geometry:
    _, _, wkb, _ = pyogrio.raw.read(WORLD, layer="countries", where=f"NAME = '{name}'")
    return shapely.from_wkb(wkb[0])


def main() -> None:
    to_m = Transformer.from_crs(4326, 3405, always_xy=True)   # VN-2000 / UTM 48N covers VN
    to_deg = Transformer.from_crs(3405, 4326, always_xy=True)
    land = shapely.transform(country("Vietnam"), lambda xy: _apply(to_m, xy))
    islands = shapely.transform(shapely.union_all(ARCHIPELAGOS), lambda xy: _apply(to_m, xy))
    neighbours = shapely.transform(
        shapely.union_all([country(n) for n in ("China", "Laos", "Cambodia")]),
        lambda xy: _apply(to_m, xy))
    sea = shapely.difference(shapely.buffer(shapely.union(land, islands), TERRITORIAL_SEA_M),
                             neighbours)
    area = shapely.union(shapely.buffer(land, LAND_BORDER_TOLERANCE_M), sea)
    area = shapely.simplify(area, 200)
    area = shapely.make_valid(shapely.transform(area, lambda xy: _apply(to_deg, xy)))
    area = shapely.set_precision(area, 1e-4)
    feature = {"type": "Feature", "properties": {
        "name": "Việt Nam", "source": "Natural Earth 1:10m v4.1.0 (public domain), "
        "with Hoàng Sa, Trường Sa and a 12 nm territorial sea; built by tools/build_outline.py"},
        "geometry": json.loads(shapely.to_geojson(area))}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]},
                              ensure_ascii=False), encoding="utf-8")
    print(OUT, OUT.stat().st_size, "bytes", shapely.get_num_coordinates(area), "vertices")


def _apply(transformer: Transformer, xy):
    import numpy as np
    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


if __name__ == "__main__":
    main()
