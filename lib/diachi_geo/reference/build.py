"""Build one reference GeoPackage for an area from the open sources an office has."""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping

import numpy as np
import shapely

from ..crs import WGS84, transform_xy, utm_for
from ..errors import ConfigError, InputError
from ..io.references import read_communes
from ..io.write import OutputLayer, check_not_input, write_vector
from ..source import parse_source
from .readers import Features, read_geojsonl, read_open_buildings, read_osm

__all__ = ["parse_area", "merge_buildings", "build_reference_file"]

log = logging.getLogger(__name__)
_BBOX = re.compile(r"\s*([-\d.]+)\s*,\s*([-\d.]+)\s*,\s*([-\d.]+)\s*,\s*([-\d.]+)\s*")
OVERLAP = 0.3
"""Footprints sharing more than this share of the smaller one are the same building."""


def parse_area(text: str, *, margin_m: float = 200.0,
               commune_fields: Mapping[str, str] | None = None, codes: list[str] | None = None
               ):
    """The area (WGS 84) from ``minlon,minlat,maxlon,maxlat`` or a commune polygon layer
    (optionally only ``codes``), grown by ``margin_m`` metres; and that commune layer."""
    box = _BBOX.fullmatch(text)
    communes = None
    if box:
        west, south, east, north = (float(v) for v in box.groups())
        if not (west < east and south < north):
            raise ConfigError.coded("area_box", text=text)
        area = shapely.box(west, south, east, north)
    else:
        communes = read_communes(parse_source(text), fields=commune_fields)
        keep = np.ones(len(communes), dtype=bool) if not codes else \
            np.isin(communes.attributes["code"], codes)
        if not keep.any():
            raise InputError.coded("area_communes_missing", path=text, codes=list(codes or []))
        area = shapely.union_all(communes.to_crs(WGS84)[keep])
    centre = area.centroid
    metric = utm_for(centre.x)

    def grow(coords):
        x, y = transform_xy(coords[:, 0], coords[:, 1], WGS84, metric)
        return np.column_stack([x, y])

    def back(coords):
        x, y = transform_xy(coords[:, 0], coords[:, 1], metric, WGS84)
        return np.column_stack([x, y])

    grown = shapely.transform(shapely.transform(area, grow).buffer(margin_m), back)
    return grown, communes


def merge_buildings(sources: list[Features], *, prefer: str = "osm") -> Features:
    """One footprint per building: sources in order of preference (OSM first) unless
    ``prefer="confidence"``, when the more confident of two overlapping ones is kept."""
    if prefer not in ("osm", "confidence"):
        raise ConfigError.coded("merge_prefer", prefer=prefer)
    names = ("building", "amenity", "name")
    geoms, ids, conf, source, attrs = [], [], [], [], {n: [] for n in names}
    for features in sources:
        kind = str(features.ids[0]).split("_")[0] if len(features) else ""
        geoms += list(features.geometries)
        ids += list(features.ids)
        conf += list(features.attributes.get("confidence", np.ones(len(features))))
        source += [kind] * len(features)
        for n in names:
            attrs[n] += list(features.attributes.get(n, [None] * len(features)))
    geoms = shapely.make_valid(np.array(geoms, dtype=object))
    conf = np.array(conf, dtype=float)
    # priority 0 wins: the order of the sources (OSM first), or the confidence
    priority = np.arange(len(geoms))
    if prefer == "confidence":
        priority[np.argsort(-conf, kind="stable")] = np.arange(len(geoms))
    areas = shapely.area(geoms)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = left != right
    left, right = left[pairs], right[pairs]
    shared = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    same = shared > OVERLAP * np.minimum(areas[left], areas[right])
    left, right = left[same], right[same]
    order = np.argsort(left, kind="stable")  # the rivals of footprint i: right[start[i]:...]
    left, right = left[order], right[order]
    start = np.searchsorted(left, np.arange(len(geoms) + 1))
    beaten = np.zeros(len(geoms), dtype=bool)
    # a footprint is dropped when an overlapping one ranks before it and is itself kept
    for index in np.argsort(priority):
        if not beaten[index]:
            rivals = right[start[index]:start[index + 1]]
            beaten[rivals[priority[rivals] > priority[index]]] = True
    kept = ~beaten
    out = Features(geoms[kept], np.array(ids, dtype=object)[kept],
                   {"source": np.array(source, dtype=object)[kept], "confidence": conf[kept],
                    **{n: np.array(attrs[n], dtype=object)[kept] for n in names}})
    log.info("buildings: %d kept of %d (%d duplicates between sources)", kept.sum(),
             len(geoms), (~kept).sum())
    return out


def build_reference_file(out: str, *, area: str, osm: str | None = None,
                         buildings_csv: str | None = None,
                         buildings_geojsonl: str | None = None, communes: str | None = None,
                         commune_fields: Mapping[str, str] | None = None,
                         codes: list[str] | None = None, min_confidence: float = 0.7,
                         prefer: str = "osm", margin_m: float = 200.0) -> dict[str, int]:
    """Write ``buildings``, ``entrances``, ``roads``, ``water`` and ``communes`` for the
    area into ``out`` (a GeoPackage with spatial indexes); return the counts."""
    sources = [s for s in (osm, buildings_csv, buildings_geojsonl, communes) if s]
    check_not_input(out, sources + ([] if _BBOX.fullmatch(area) else [area]))
    region, area_communes = parse_area(area, margin_m=margin_m,
                                       commune_fields=commune_fields, codes=codes)
    layers: dict[str, Features] = {k: Features.empty() for k in
                                   ("buildings", "entrances", "roads", "water")}
    footprints = []
    if osm:
        found = read_osm(osm, region)
        layers.update({k: v for k, v in found.items() if k != "buildings"})
        footprints.append(found["buildings"])
    if buildings_csv:
        footprints.append(read_open_buildings(buildings_csv, region,
                                              min_confidence=min_confidence))
    if buildings_geojsonl:
        footprints.append(read_geojsonl(buildings_geojsonl, region,
                                        min_confidence=min_confidence))
    if footprints:
        merged = merge_buildings(footprints, prefer=prefer)
        centre_in = shapely.contains_xy(region, *_xy(shapely.centroid(merged.geometries)))
        layers["buildings"] = merged.select(centre_in)
    for kind in ("roads", "water"):
        if len(layers[kind]):
            clipped = shapely.intersection(layers[kind].geometries, region)
            layers[kind] = Features(clipped, layers[kind].ids, layers[kind].attributes) \
                .select(~shapely.is_empty(clipped))
    if len(layers["entrances"]):
        layers["entrances"] = layers["entrances"].select(
            shapely.contains_xy(region, *_xy(layers["entrances"].geometries)))
    commune_layer = read_communes(parse_source(communes), fields=commune_fields) \
        if communes else area_communes
    output = [_output(kind, features) for kind, features in layers.items()]
    if commune_layer is not None:
        polygons = commune_layer.to_crs(WGS84)
        keep = shapely.intersects(polygons, region)
        output.append(OutputLayer("communes", {
            n: np.asarray(v, dtype=object)[keep] for n, v in
            commune_layer.attributes.items()}, _multi(polygons[keep], "Polygon"), WGS84,
            "MultiPolygon"))
    write_vector(out, output)
    return {layer.name: len(layer.geometries) for layer in output}


def _xy(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return shapely.get_x(points), shapely.get_y(points)


_KINDS = {"buildings": ("MultiPolygon", ("source", "confidence", "building", "amenity",
                                         "name")),
          "entrances": ("Point", ("entrance",)),
          "roads": ("MultiLineString", ("name", "highway", "ref")),
          "water": ("MultiPolygon", ("name",))}


def _output(kind: str, features: Features) -> OutputLayer:
    geometry_type, names = _KINDS[kind]
    geoms = features.geometries
    if geometry_type.startswith("Multi"):
        geoms = _multi(geoms, geometry_type[5:])
    columns = {"id": features.ids.astype(object)}
    for name in names:
        values = features.attributes.get(name)
        columns[name] = values if values is not None else np.full(len(geoms), None,
                                                                   dtype=object)
    return OutputLayer(kind, columns, geoms, WGS84, geometry_type)


def _multi(geoms: np.ndarray, single: str) -> np.ndarray:
    """Each geometry as a multi-geometry of its ``single`` parts (polygons or lines): a
    clip can leave collections behind, and a layer holds one geometry type."""
    build = shapely.multipolygons if single == "Polygon" else shapely.multilinestrings
    return np.array([build([p for p in shapely.get_parts(g) if p.geom_type == single])
                     for g in geoms], dtype=object)
