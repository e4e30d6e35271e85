"""Which CRS a layer without one is in, from its coordinates (and its communes).

Vietnamese data is in WGS 84 degrees, UTM 48N/49N metres or VN-2000 TM-3 metres (a
zone per province). Degrees are told by their range; metres are tried in each candidate
and kept only when one candidate clearly puts the points in Vietnam, and in their declared
commune when the communes are known. Otherwise the reader is asked, with the candidates.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import CRS

from .country import in_vietnam
from .crs import WGS84, transform_xy, vn2000_tm3

__all__ = ["Guess", "guess_crs", "TM3_MERIDIANS"]

TM3_MERIDIANS = (102.0, 103.0, 103.5, 104.0, 104.5, 104.75, 105.0, 105.5, 105.75, 106.0,
                 106.25, 106.5, 107.0, 107.25, 107.5, 107.75, 108.0, 108.25, 108.5)
"""Central meridians of the provinces' VN-2000 TM-3 zones."""
SAMPLE = 2000
MARGIN = 0.1


@dataclass(frozen=True)
class Guess:
    """The CRS guessed for coordinates given without one, and why."""

    crs: CRS | None
    """The CRS assumed, or None when the coordinates do not decide."""
    reason: str
    candidates: tuple[tuple[str, float], ...] = ()
    """(CRS name, share of points it puts in place), best first."""
    why: str = ""
    """When no CRS is assumed: ``swapped``, ``not_vietnam``, ``metres_none`` or
    ``metres_several`` (the code of the error that says so is ``no_crs_`` + this)."""


def _candidates() -> list[CRS]:
    return [CRS.from_epsg(32648), CRS.from_epsg(32649)] + [vn2000_tm3(m) for m in
                                                            TM3_MERIDIANS]


def guess_crs(x: np.ndarray, y: np.ndarray, *, communes=None,
              commune_codes: np.ndarray | None = None) -> Guess:
    """The CRS of coordinates that declare none (see the module)."""
    finite = np.isfinite(x) & np.isfinite(y) & ~((x == 0) & (y == 0))
    if not finite.any():
        return Guess(WGS84, "no usable coordinates; WGS 84 assumed")
    pick = np.flatnonzero(finite)
    if len(pick) > SAMPLE:
        pick = np.random.default_rng(0).choice(pick, SAMPLE, replace=False)
    xs, ys = x[pick], y[pick]
    codes = commune_codes[pick] if commune_codes is not None else None
    if _share(in_vietnam(xs, ys)) >= 0.6:
        return Guess(WGS84, "the coordinates are longitude/latitude degrees in Vietnam; "
                            "WGS 84 (EPSG:4326) assumed")
    if _share(in_vietnam(ys, xs)) >= 0.6:
        return Guess(None, "the coordinates are degrees with latitude and longitude swapped "
                           "for the whole layer: swap the X and Y columns (or the lon/lat "
                           "columns) and declare EPSG:4326", why="swapped")
    if np.nanmax(np.abs(xs)) <= 180 and np.nanmax(np.abs(ys)) <= 90:
        return Guess(None, "the coordinates are degrees but not in Vietnam", why="not_vietnam")
    scores = []
    for crs in _candidates():
        lon, lat = transform_xy(xs, ys, crs, WGS84)
        score = _share(in_vietnam(lon, lat))
        if communes is not None and score > 0:
            score = (score + _in_declared_commune(lon, lat, communes, codes)) / 2
        scores.append((crs, score))
    scores.sort(key=lambda item: -item[1])
    named = tuple((crs.name, round(score, 3)) for crs, score in scores[:4])
    best, score = scores[0]
    if score < 0.6:
        return Guess(None, "the coordinates are metres but no usual Vietnamese CRS puts "
                           "them in Vietnam", named, why="metres_none")
    if score - scores[1][1] < MARGIN:
        return Guess(None, "the coordinates are metres and several CRS fit: "
                           + ", ".join(f"{n} ({s:.0%})" for n, s in named[:3]), named,
                     why="metres_several")
    return Guess(best, f"the coordinates are metres that only {best.name} puts in Vietnam"
                       + (" and in their communes" if communes is not None else "")
                       + "; assumed", named)


def _share(mask: np.ndarray) -> float:
    return float(np.mean(mask)) if len(mask) else 0.0


def _in_declared_commune(lon, lat, communes, codes) -> float:
    """Share of points inside their declared commune (or any, without codes)."""
    polygons = communes.to_crs(WGS84)
    points = shapely.points(lon, lat)
    tree = shapely.STRtree(polygons)
    hit_point, hit_polygon = tree.query(points, predicate="within")
    if codes is None or "code" not in communes.attributes:
        return len(set(hit_point.tolist())) / max(len(points), 1)
    polygon_codes = np.asarray(communes.attributes["code"], dtype=object)
    match = polygon_codes[hit_polygon] == np.asarray(codes, dtype=object)[hit_point]
    return len(set(hit_point[match].tolist())) / max(len(points), 1)
