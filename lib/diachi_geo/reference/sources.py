"""Small source files in the real formats, made from a campaign GeoPackage: an OpenStreetMap
extract (``.osm`` XML, and ``.osm.pbf`` when osmium is installed), a Google Open Buildings
CSV (gzip), Microsoft building footprints (GeoJSON lines) and an old-to-new commune code
table. The tests and ``make demo`` build reference files from them; no download needed.

Half the buildings are in OSM; Open Buildings has the other half plus copies of some OSM
ones (to be merged away) and a few low-confidence ghosts; Microsoft has more copies.
"""
from __future__ import annotations

import csv
import gzip
import json
import os
import shutil
import subprocess
from xml.sax.saxutils import quoteattr

import numpy as np
import pyogrio.raw
import shapely

__all__ = ["write_sources"]


def _layer(path: str, name: str):
    meta, _, wkb, values = pyogrio.raw.read(path, layer=name)
    return shapely.from_wkb(wkb), dict(zip(meta["fields"], values))


def write_sources(campaign: str, folder: str, *, seed: int = 3) -> dict[str, str]:
    """Write the source files into ``folder``; return their paths by kind."""
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(seed)
    buildings, attrs = _layer(campaign, "buildings")
    roads, road_attrs = _layer(campaign, "roads")
    water, _ = _layer(campaign, "water")
    entrances, entrance_attrs = _layer(campaign, "entrances")
    in_osm = rng.random(len(buildings)) < 0.5
    out = {"osm": os.path.join(folder, "extract.osm")}
    _write_osm(out["osm"], buildings[in_osm], roads, road_attrs, water, entrances,
               entrance_attrs, {k: np.asarray(v)[in_osm] for k, v in attrs.items()})
    if shutil.which("osmium"):
        pbf = os.path.join(folder, "extract.osm.pbf")
        subprocess.run(["osmium", "cat", "--overwrite", out["osm"], "-o", pbf], check=True,
                       capture_output=True)
        out["osm"] = pbf
    copies = in_osm & (rng.random(len(buildings)) < 0.2)  # also mapped by the ML models
    google = ~in_osm | copies
    out["buildings_csv"] = os.path.join(folder, "open_buildings.csv.gz")
    with gzip.open(out["buildings_csv"], "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["latitude", "longitude", "area_in_meters", "confidence", "geometry",
                         "full_plus_code"])
        for index in np.flatnonzero(google):
            footprint = buildings[index]
            centre = footprint.centroid
            writer.writerow([round(centre.y, 7), round(centre.x, 7), 50.0,
                             round(0.75 + 0.2 * rng.random(), 4),
                             shapely.to_wkt(footprint, rounding_precision=7), f"7P{index:08d}"])
        for k in range(20):  # ghosts: shadows the model took for roofs
            x, y = buildings[k].centroid.x + 0.001, buildings[k].centroid.y + 0.001
            ghost = shapely.box(x, y, x + 0.00005, y + 0.00005)
            writer.writerow([y, x, 20.0, 0.62, shapely.to_wkt(ghost, rounding_precision=7),
                             f"7PGHOST{k:03d}"])
    out["buildings_geojsonl"] = os.path.join(folder, "ms_buildings.geojsonl")
    with open(out["buildings_geojsonl"], "w", encoding="utf-8") as handle:
        for index in np.flatnonzero(copies)[:200]:
            handle.write(json.dumps({"type": "Feature", "properties": {
                "height": -1, "confidence": 0.9},
                "geometry": json.loads(shapely.to_geojson(buildings[index]))}) + "\n")
    out["commune_mapping"] = os.path.join(folder, "commune_mapping.csv")
    _, communes = _layer(campaign, "communes")
    with open(out["commune_mapping"], "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["old_code", "new_code"])
        for code in communes["code"]:
            writer.writerow([f"9{str(code)[1:]}", code])  # the same units under old codes
    return out


def _write_osm(path, buildings, roads, road_attrs, water, entrances, entrance_attrs,
               building_attrs) -> None:
    nodes, ways = [], []
    next_id = [1]

    def node(x: float, y: float, tags: dict | None = None) -> int:
        nid = next_id[0]
        next_id[0] += 1
        tag_xml = "".join(f"<tag k={quoteattr(k)} v={quoteattr(str(v))}/>"
                          for k, v in (tags or {}).items())
        nodes.append(f'<node id="{nid}" version="1" lat="{y:.7f}" lon="{x:.7f}">'
                     f"{tag_xml}</node>")
        return nid

    def way(coords, tags: dict) -> None:
        refs = [node(x, y) for x, y in coords[:-1]]
        if np.allclose(coords[0], coords[-1]):
            refs.append(refs[0])
        else:
            refs.append(node(*coords[-1]))
        wid = len(ways) + 1
        body = "".join(f'<nd ref="{r}"/>' for r in refs)
        body += "".join(f"<tag k={quoteattr(k)} v={quoteattr(str(v))}/>"
                        for k, v in tags.items() if v not in (None, ""))
        ways.append(f'<way id="{wid}" version="1">{body}</way>')

    kinds = building_attrs.get("building")
    names = building_attrs.get("name")
    for i, footprint in enumerate(buildings):
        tags = {"building": (kinds[i] if kinds is not None and kinds[i] else "yes")}
        if names is not None and names[i]:
            tags["name"] = names[i]
        way(np.asarray(footprint.exterior.coords), tags)
    for i, road in enumerate(roads):
        for part in getattr(road, "geoms", [road]):
            way(np.asarray(part.coords),
                {tag: road_attrs[tag][i] if tag in road_attrs else default
                 for tag, default in (("highway", "residential"), ("name", None),
                                      ("ref", None))})
    for area in water:
        for part in getattr(area, "geoms", [area]):
            way(np.asarray(part.exterior.coords), {"natural": "water"})
    for i, entrance in enumerate(entrances):
        node(entrance.x, entrance.y, {"entrance": entrance_attrs.get(
            "entrance", ["yes"] * len(entrances))[i]})
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" '
                     'generator="diachi-geo">\n')
        handle.write("\n".join(nodes) + "\n" + "\n".join(ways) + "\n</osm>\n")
