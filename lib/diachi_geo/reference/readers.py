"""Readers of the open sources, each returning footprints or features inside an area.

OpenStreetMap goes through GDAL's OSM driver (which keeps its node index on disk, so a
country extract does not fill memory); Open Buildings CSVs are read in chunks and filtered
by the point columns before any WKT is parsed; Microsoft GeoJSON lines one line at a time.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pyogrio.raw
import shapely

from ..errors import InputError

__all__ = ["Features", "read_osm", "read_open_buildings", "read_geojsonl"]

CHUNK = 50_000
_TAG = re.compile(r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"')


@dataclass
class Features:
    """Features read from one source: geometries, ids and attribute columns."""

    geometries: np.ndarray
    ids: np.ndarray
    attributes: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.geometries)

    def select(self, mask: np.ndarray) -> Features:
        """The features where ``mask`` is true."""
        return Features(self.geometries[mask], self.ids[mask],
                        {k: v[mask] for k, v in self.attributes.items()})

    @staticmethod
    def empty() -> Features:
        """No features."""
        return Features(np.empty(0, dtype=object), np.empty(0, dtype=object))


def _tags(text: str | None) -> dict[str, str]:
    return dict(_TAG.findall(text or ""))


def _tag_column(other_tags: np.ndarray, key: str) -> np.ndarray:
    """The value of tag ``key`` (None where absent) from GDAL's ``other_tags`` column, read
    once per distinct tag set.

    Examples
    --------
    >>> _tag_column(np.array(['"ref"=>"QL1A;AH1","lanes"=>"4"', None], dtype=object), "ref")
    array(['QL1A;AH1', None], dtype=object)
    """
    values = {t: _tags(t).get(key) for t in dict.fromkeys(other_tags.tolist())}
    return np.array([values[t] for t in other_tags.tolist()], dtype=object)


def _osm(path: str, layer: str, area, where: str, columns: list[str]):
    try:
        meta, _, wkb, values = pyogrio.raw.read(path, layer=layer, bbox=area.bounds,
                                                where=where, columns=columns)
    except Exception as exc:
        raise InputError.coded("not_osm_data", path=path, layer=layer,
                               problem=str(exc)[:200]) from None
    geoms = shapely.from_wkb(wkb)
    return geoms, dict(zip(meta["fields"], values))


def read_osm(path: str, area) -> dict[str, Features]:
    """``buildings``, ``entrances``, ``roads`` and ``water`` of an OSM extract in ``area``.

    Roads keep their ``ref`` (road numbers such as "QL1A" or "ĐT.741"; several are
    separated by ``;``), which the street checks match as another name of the road."""
    out = {}
    geoms, cols = _osm(path, "multipolygons", area, "building IS NOT NULL",
                       ["osm_id", "osm_way_id", "building", "amenity", "name"])
    ids = np.array([f"osm_w{w}" if w else f"osm_r{r}" for r, w in
                    zip(cols["osm_id"], cols["osm_way_id"])], dtype=object)
    out["buildings"] = Features(geoms, ids, {"building": cols["building"],
                                             "amenity": cols["amenity"], "name": cols["name"],
                                             "confidence": np.ones(len(geoms))})
    geoms, cols = _osm(path, "multipolygons", area,
                       "natural = 'water' OR landuse IN ('reservoir', 'basin') OR "
                       "other_tags LIKE '%\"waterway\"=>\"riverbank\"%' OR "
                       "other_tags LIKE '%\"water\"=>%'",
                       ["osm_id", "osm_way_id", "name"])
    out["water"] = Features(geoms, np.array([f"osm_w{w}" if w else f"osm_r{r}" for r, w in
                                             zip(cols["osm_id"], cols["osm_way_id"])],
                                            dtype=object), {"name": cols["name"]})
    geoms, cols = _osm(path, "lines", area, "highway IS NOT NULL",
                       ["osm_id", "highway", "name", "other_tags"])
    out["roads"] = Features(geoms, np.array([f"osm_w{i}" for i in cols["osm_id"]],
                                            dtype=object),
                            {"name": cols["name"], "highway": cols["highway"],
                             "ref": _tag_column(cols["other_tags"], "ref")})
    geoms, cols = _osm(path, "points", area, "other_tags LIKE '%\"entrance\"=>%'",
                       ["osm_id", "other_tags"])
    out["entrances"] = Features(geoms, np.array([f"osm_n{i}" for i in cols["osm_id"]],
                                                dtype=object),
                                {"entrance": np.array([_tags(t).get("entrance") for t in
                                                       cols["other_tags"]], dtype=object)})
    return out


def _open_text(path: str):
    try:
        raw = open(path, "rb")
    except OSError:
        raise InputError.coded("download_not_found", path=path) from None
    handle = gzip.open(raw) if path.endswith(".gz") else raw
    return io.TextIOWrapper(handle, encoding="utf-8", newline="")


def read_open_buildings(path: str, area, *, min_confidence: float) -> Features:
    """Google Open Buildings rows in ``area`` at or above ``min_confidence``."""
    west, south, east, north = area.bounds
    geoms, ids, confidence = [], [], []
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        missing = {"latitude", "longitude", "confidence", "geometry"} - set(
            reader.fieldnames or ())
        if missing:
            raise InputError.coded("not_open_buildings", path=path, missing=sorted(missing))
        for chunk in _chunks(reader):
            lat = np.array([float(r["latitude"]) for r in chunk])
            lon = np.array([float(r["longitude"]) for r in chunk])
            conf = np.array([float(r["confidence"]) for r in chunk])
            keep = (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north) & \
                (conf >= min_confidence)
            keep[keep] = shapely.contains_xy(area, lon[keep], lat[keep])
            rows = [chunk[i] for i in np.flatnonzero(keep)]
            geoms += list(shapely.from_wkt([r["geometry"] for r in rows]))
            ids += [f"gob_{r.get('full_plus_code') or i}" for i, r in enumerate(rows)]
            confidence += list(conf[keep])
    return Features(np.array(geoms, dtype=object), np.array(ids, dtype=object),
                    {"confidence": np.array(confidence)})


def _chunks(rows) -> Iterator[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def read_geojsonl(path: str, area, *, min_confidence: float) -> Features:
    """Microsoft building footprints (one GeoJSON feature per line) in ``area``."""
    geoms, ids, confidence = [], [], []
    with _open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                feature = json.loads(line)
            except ValueError:
                raise InputError.coded("line_not_geojson", path=path, line=number) from None
            conf = (feature.get("properties") or {}).get("confidence", 1.0)
            conf = 1.0 if conf in (None, -1) else float(conf)
            if conf < min_confidence:
                continue
            geometry = shapely.from_geojson(json.dumps(feature["geometry"]))
            if area.intersects(geometry.centroid):
                geoms.append(geometry)
                ids.append(f"msb_{number}")
                confidence.append(conf)
    return Features(np.array(geoms, dtype=object), np.array(ids, dtype=object),
                    {"confidence": np.array(confidence)})
