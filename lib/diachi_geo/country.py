"""Vietnam's national area: land, Hoàng Sa and Trường Sa, and the 12 nm territorial sea.

The outline ships with the library (``data/vietnam_outline.geojson``, built from Natural
Earth 1:10m by ``tools/build_outline.py``); it is simplified to about 200 m, far below the
tolerance of a 12 nautical mile sea, so a point it rejects is not in Vietnam.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np
import shapely

__all__ = ["vietnam_area", "in_vietnam"]


@lru_cache(maxsize=1)
def vietnam_area() -> shapely.Geometry:
    """The national area as a prepared (Multi)Polygon in WGS 84."""
    text = resources.files("diachi_geo").joinpath("data/vietnam_outline.geojson").read_text(
        encoding="utf-8")
    geometry = shapely.from_geojson(json.dumps(json.loads(text)["features"][0]["geometry"]))
    shapely.prepare(geometry)
    return geometry


def in_vietnam(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """True where (lon, lat) lies in the national area; False for NaN.

    Examples
    --------
    >>> in_vietnam(np.array([105.85, 0.0, 19.8, 112.3]), np.array([21.03, 0.0, 105.77, 16.5]))
    array([ True, False, False,  True])
    """
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    area = vietnam_area()
    xmin, ymin, xmax, ymax = area.bounds
    candidate = (lon >= xmin) & (lon <= xmax) & (lat >= ymin) & (lat <= ymax)
    inside = np.zeros(len(lon), dtype=bool)
    if candidate.any():
        inside[candidate] = shapely.contains_xy(area, lon[candidate], lat[candidate])
    return inside
