"""Building footprints for snapping: repaired and indexed, and the building each point
belongs to.

A point takes the footprint containing it, else the nearest within reach; a building of the
point's kind wins over a slightly nearer one (a school point takes the school), and with
roads, a building whose lot (its street front extended back) holds the point wins over a
slightly nearer neighbour.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import shapely

from ..parallel import in_threads
from .geometry import along, first_min
from .roads import RoadIndex

__all__ = ["BuildingIndex", "prepare_buildings", "nearest_part", "prefer_same_class",
           "prefer_own_lot"]

log = logging.getLogger(__name__)

_FIRST_SEARCH_M = 5.0
"""Buildings this near are found by a range query; farther ones by a nearest search."""


@dataclass
class BuildingIndex:
    """Building footprints ready for snapping: valid 2D polygons, one per part."""

    parts: np.ndarray
    building: np.ndarray
    """For each part, the index of the building it came from."""
    classes: np.ndarray
    tree: shapely.STRtree
    repaired: int = 0
    skipped: int = 0


def prepare_buildings(geometries: np.ndarray, *, classes: np.ndarray | None = None,
                      min_area_m2: float = 1.0) -> BuildingIndex:
    """Repair and explode building footprints (in metres) for snapping.

    Z/M values are dropped, invalid polygons repaired with ``make_valid``, multi-part
    buildings split into parts that keep their building index; empty, non-polygonal and
    tiny (< ``min_area_m2``) parts are skipped, as are footprints with coordinates that did
    not project (NaN or infinite). Holes are kept but entrances are only placed on the exterior.

    Examples
    --------
    >>> bowtie = shapely.from_wkt("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))")
    >>> index = prepare_buildings(np.array([bowtie, None, shapely.box(20, 0, 30, 10)]))
    >>> len(index.parts), index.building.tolist(), index.repaired, index.skipped
    (3, [0, 0, 2], 1, 1)
    """
    geometries = np.asarray(geometries, dtype=object)
    n = len(geometries)
    classes = np.full(n, None, dtype=object) if classes is None else np.asarray(classes)
    flat = geometries.copy()
    with_z = shapely.has_z(flat)
    if with_z.any():
        flat[with_z] = shapely.force_2d(flat[with_z])
    present = ~shapely.is_missing(flat)
    invalid = present & ~in_threads(shapely.is_valid, flat)
    # a footprint far outside the metric CRS's area comes back with coordinates that did not
    # project (NaN, infinite): invalid, and GEOS refuses to repair it; skipped as empty
    coords, owner_of = shapely.get_coordinates(flat[invalid], return_index=True)
    unprojected = np.flatnonzero(invalid)[np.unique(owner_of[~np.isfinite(coords).all(axis=1)])]
    present[unprojected] = invalid[unprojected] = False
    flat[unprojected] = None
    flat[invalid] = shapely.make_valid(flat[invalid])
    # only multi-part geometries need exploding (make_valid may return collections)
    kind = shapely.get_type_id(flat)
    multi = np.isin(kind, (6, 7))
    parts, owner = flat[~multi & present], np.flatnonzero(~multi & present)
    if multi.any():
        inner, inner_owner = shapely.get_parts(flat[multi], return_index=True)
        nested = shapely.get_type_id(inner) == 7
        if nested.any():
            deeper, deeper_owner = shapely.get_parts(inner[nested], return_index=True)
            inner_owner = np.concatenate([inner_owner[~nested],
                                          inner_owner[nested][deeper_owner]])
            inner = np.concatenate([inner[~nested], deeper])
        parts = np.concatenate([parts, inner])
        owner = np.concatenate([owner, np.flatnonzero(multi)[inner_owner]])
    polygonal = (shapely.get_type_id(parts) == 3) & ~shapely.is_empty(parts)
    polygonal &= shapely.area(parts) >= min_area_m2
    parts, owner = parts[polygonal], owner[polygonal]
    order = np.argsort(owner, kind="stable")
    parts, owner = parts[order], owner[order]
    used = np.zeros(n, dtype=bool)
    used[owner] = True
    skipped = int((~used).sum())
    if invalid.any() or skipped:
        log.info("buildings: %d repaired, %d skipped (empty, not a polygon, under %g m² or "
                 "outside the metric CRS's area)",
                 int(invalid.sum()), skipped, min_area_m2)
    if not len(parts):
        log.warning("the buildings layer has no usable footprint (%d feature(s)): every "
                    "point will be far from a building; check that the right layer was given",
                    n)
    return BuildingIndex(parts, owner, classes[owner], shapely.STRtree(parts),
                         int(invalid.sum()), skipped)


def nearest_part(points: np.ndarray, buildings: BuildingIndex, max_distance: float
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Index of the part nearest to each point within ``max_distance`` (-1 when none), and
    its distance; 0 for a point inside or on a part.

    Most points are inside a footprint or a few metres from one: an envelope query and a
    short range query with exact distances answer them many times faster than a nearest
    search, which only the remaining points pay for.
    """
    part, distance = np.full(len(points), -1), np.full(len(points), np.nan)
    pos, inside = buildings.tree.query(points, predicate="intersects")
    if len(pos):
        # overlapping footprints: the lowest index, so that runs are reproducible
        first = np.r_[True, pos[1:] != pos[:-1]]
        part[pos[first]] = np.minimum.reduceat(inside, np.flatnonzero(first))
        distance[pos[first]] = 0.0
    rest = np.flatnonzero(part < 0)
    radius = min(_FIRST_SEARCH_M, max_distance)
    pos, near = buildings.tree.query(points[rest], predicate="dwithin", distance=radius)
    dist = shapely.distance(points[rest[pos]], buildings.parts[near])
    best = first_min(dist, pos)
    part[rest[pos[best]]], distance[rest[pos[best]]] = near[best], dist[best]
    rest = np.flatnonzero(part < 0)
    if len(rest) and radius < max_distance:
        (pos, near), dist = buildings.tree.query_nearest(
            points[rest], max_distance=max_distance, return_distance=True, all_matches=False)
        part[rest[pos]], distance[rest[pos]] = near, dist
    return part, distance


def prefer_same_class(points: np.ndarray, point_classes: np.ndarray,
                      buildings: BuildingIndex, part: np.ndarray, distance: np.ndarray,
                      building_rule: np.ndarray, max_distance: float, preference: float
                      ) -> None:
    """A point with a class takes a building of that class up to ``preference`` metres
    farther than its nearest (rule ``category``); ``part``, ``distance`` and
    ``building_rule`` are updated in place."""
    wanted = np.array([c is not None for c in point_classes]) & (part >= 0)
    current = np.where(part >= 0, buildings.classes[np.maximum(part, 0)], None)
    wanted &= current != point_classes
    idx = np.flatnonzero(wanted)
    if not len(idx):
        return
    pos, candidate = buildings.tree.query(points[idx], predicate="dwithin",
                                          distance=max_distance)
    same = buildings.classes[candidate] == point_classes[idx[pos]]
    pos, candidate = pos[same], candidate[same]
    if not len(pos):
        return
    dist = shapely.distance(points[idx[pos]], buildings.parts[candidate])
    first = first_min(dist, pos)
    points = idx[pos[first]]
    take = dist[first] <= distance[points] + preference
    part[points[take]] = candidate[first][take]
    distance[points[take]] = dist[first][take]
    building_rule[points[take]] = "category"


def _in_lot(px: np.ndarray, py: np.ndarray, parts: np.ndarray, road: np.ndarray,
            buildings: BuildingIndex, roads: RoadIndex) -> np.ndarray:
    """Whether each point stands in the lot of its part: the strip behind the wall facing
    ``road``."""
    t = along(px, py, *roads.facing(parts, road, buildings.parts))
    return (t >= 0) & (t <= 1)


def prefer_own_lot(x: np.ndarray, y: np.ndarray, points: np.ndarray, part: np.ndarray,
                   distance: np.ndarray, building_rule: np.ndarray, buildings: BuildingIndex,
                   roads: RoadIndex, tolerance: float) -> None:
    """A point outside every footprint belongs to the building whose lot it stands in.

    Vietnamese lots are narrow strips running back from the street: a phone in the back
    yard is often nearer to the deeper house next door than to its own back wall. Among
    buildings at most ``tolerance`` farther than the nearest, the one whose street front,
    extended back, contains the point wins (rule ``lot``); ``part``, ``distance`` and
    ``building_rule`` are updated in place.
    """
    idx = np.flatnonzero((part >= 0) & (distance > 0))
    if not len(idx):
        return
    # a point already in its nearest building's lot needs no search: the nearest one wins
    road = roads.road_of_parts(part[idx], buildings.parts)
    has_road = road >= 0
    in_own_lot = np.zeros(len(idx), dtype=bool)
    in_own_lot[has_road] = _in_lot(x[idx][has_road], y[idx][has_road], part[idx][has_road],
                                   road[has_road], buildings, roads)
    idx = idx[~in_own_lot]
    if not len(idx):
        return
    pos, candidate = buildings.tree.query(points[idx], predicate="dwithin",
                                          distance=distance[idx] + tolerance)
    dist = shapely.distance(points[idx[pos]], buildings.parts[candidate])
    near = dist <= distance[idx[pos]] + tolerance
    pos, candidate, dist = pos[near], candidate[near], dist[near]
    several = np.bincount(pos, minlength=len(idx)) > 1
    keep = several[pos]
    pos, candidate, dist = pos[keep], candidate[keep], dist[keep]
    if not len(pos):
        return
    road_of = roads.road_of_parts(candidate, buildings.parts)
    has_road = road_of >= 0
    pos, candidate, dist, road_of = pos[has_road], candidate[has_road], dist[has_road], \
        road_of[has_road]
    if not len(pos):
        return
    in_lot = _in_lot(x[idx[pos]], y[idx[pos]], candidate, road_of, buildings, roads)
    best = np.lexsort((dist, ~in_lot, pos))
    first = best[np.r_[True, pos[best][1:] != pos[best][:-1]]]
    chosen = first[in_lot[first]]
    points = idx[pos[chosen]]
    changed = part[points] != candidate[chosen]
    part[points] = candidate[chosen]
    distance[points] = dist[chosen]
    building_rule[points[changed]] = "lot"
