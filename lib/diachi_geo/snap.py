"""Snapping collected points to their building's main entrance.

The national rule puts an address point at the object's main gate or door. For every point
this module chooses a building (the footprint containing it, else the nearest within
``max_distance``, preferring a building of the point's kind: a school point takes the
school over a house a little closer) and then an entrance on it, in this order:

1. ``explicit_entrance``: a mapped entrance point on the building (``entrance=main`` first);
2. ``road_facing``: on the outline edge facing the nearest road, the middle of that edge or
   the edge point nearest to the road, whichever is closer to the collected point;
3. ``outline``: the outline point nearest to the collected point, never on a wall shared
   with a neighbouring building (row houses get their street side).

All work is in metres, vectorised over arrays with shapely 2; only the rare cases (explicit
entrances, several points on one building) loop in Python.
"""
from __future__ import annotations

import logging
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import shapely

from .parallel import MIN_CHUNK, in_threads, thread_count

__all__ = ["BuildingIndex", "Snap", "prepare_buildings", "snap_to_entrances", "morton_order",
           "RULE_SCORES"]

log = logging.getLogger(__name__)

RULE_SCORES = {"explicit_entrance": 0.95, "road_facing": 0.85, "outline": 0.6}
"""Base confidence of each entrance rule; the building choice then scales it."""
_PREFERRED_ENTRANCES = ("main", "yes", "gate")
_SHARED_WALL_M = 0.3
_ENTRANCE_ON_BUILDING_M = 2.0
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
    tiny (< ``min_area_m2``) parts are skipped. Holes are kept but entrances are only
    placed on the exterior.

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
        log.info("buildings: %d repaired, %d skipped (empty, not a polygon or under %g m²)",
                 int(invalid.sum()), skipped, min_area_m2)
    if not len(parts):
        log.warning("the buildings layer has no usable footprint (%d feature(s)): every "
                    "point will be far from a building; check that the right layer was given",
                    n)
    return BuildingIndex(parts, owner, classes[owner], shapely.STRtree(parts),
                         int(invalid.sum()), skipped)


@dataclass
class Snap:
    """The proposal for each point; ``part`` is -1 where no building is within reach."""

    part: np.ndarray
    building: np.ndarray
    building_rule: np.ndarray
    entrance_rule: np.ndarray
    x: np.ndarray
    y: np.ndarray
    building_distance: np.ndarray
    score: np.ndarray
    moved: np.ndarray
    """Distance from the collected point to the proposal, in metres."""


def morton_order(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """An order of the points along a Z-order (Morton) curve, for cache-friendly queries.

    Examples
    --------
    >>> morton_order(np.array([10.0, 0.0, 10.0, 0.0]), np.array([10.0, 0.0, 0.0, 10.0])).tolist()
    [1, 2, 3, 0]
    """
    finite = np.isfinite(x) & np.isfinite(y)
    if not finite.any():
        return np.arange(len(x))
    xmin, ymin = x[finite].min(), y[finite].min()
    span = max(x[finite].max() - xmin, y[finite].max() - ymin, 1e-9)
    qx = np.where(finite, (x - xmin) / span * 65535, 0).astype(np.uint32)
    qy = np.where(finite, (y - ymin) / span * 65535, 0).astype(np.uint32)
    return np.argsort(_spread(qx) | (_spread(qy) << 1), kind="stable")


def _spread(v: np.ndarray) -> np.ndarray:
    v = v.astype(np.uint64)
    v = (v | (v << 8)) & 0x00FF00FF
    v = (v | (v << 4)) & 0x0F0F0F0F
    v = (v | (v << 2)) & 0x33333333
    return (v | (v << 1)) & 0x55555555


def snap_to_entrances(x: np.ndarray, y: np.ndarray, buildings: BuildingIndex, *,
                      point_classes: np.ndarray | None = None,
                      entrances: np.ndarray | None = None,
                      entrance_kinds: np.ndarray | None = None,
                      roads: np.ndarray | None = None, road_names: np.ndarray | None = None,
                      addresses: np.ndarray | None = None, max_distance: float = 30.0,
                      category_preference_m: float = 10.0, road_search_m: float = 60.0,
                      lot_tolerance_m: float = 3.0, workers: int | None = None,
                      min_spacing_m: float = 2.0) -> Snap:
    """Propose an entrance location for each point (coordinates in metres).

    Parameters
    ----------
    x, y : arrays of float
        Collected points; NaN points get no proposal.
    buildings : BuildingIndex
        From :func:`prepare_buildings`, in the same CRS.
    point_classes : array, optional
        :mod:`diachi_geo.categories` class of each point (None for households and shops).
    entrances, entrance_kinds : arrays, optional
        Mapped entrance points and their ``entrance=*`` values.
    roads, road_names : arrays, optional
        Road lines and their names; ``addresses`` of the points pick, for a building near
        several roads, the one the address names.
    max_distance : float
        Buildings farther than this are not candidates.
    category_preference_m : float
        A building of the point's class wins over a nearer one up to this much farther.
    lot_tolerance_m : float
        With roads, a building whose lot (its street front extended back) holds the point
        wins over a nearer one up to this much farther (rule ``lot``).
    min_spacing_m : float
        Several points on one building are spread along its outline at least this far apart.
    workers : int, optional
        Threads to use (default: :func:`~diachi_geo.parallel.thread_count`).
    """
    workers = workers or thread_count()
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(x)
    part, distance = np.full(n, -1), np.full(n, np.nan)
    building_rule = np.full(n, "", dtype=object)
    entrance_rule = np.full(n, "", dtype=object)
    sx, sy = np.full(n, np.nan), np.full(n, np.nan)
    road_index = _RoadIndex(roads, len(buildings.parts), road_search_m) \
        if roads is not None and len(roads) else None
    ok = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    if len(ok) and len(buildings.parts):
        # points in Morton order, cut into one run per core: shapely releases the GIL, so
        # threads share the indexes and still use every core
        order = ok[morton_order(x[ok], y[ok])]
        chunks = np.array_split(order, max(1, min(workers, len(order) // MIN_CHUNK)))

        def propose(idx: np.ndarray) -> None:
            def pick(values: np.ndarray | None) -> np.ndarray | None:
                return None if values is None else np.asarray(values, dtype=object)[idx]

            out = _propose(x[idx], y[idx], buildings, road_index, pick(point_classes),
                           entrances, entrance_kinds, road_names, pick(addresses),
                           max_distance, category_preference_m, lot_tolerance_m)
            (part[idx], distance[idx], building_rule[idx], entrance_rule[idx], sx[idx],
             sy[idx]) = out

        if len(chunks) == 1:
            propose(chunks[0])
        else:
            with ThreadPoolExecutor(len(chunks)) as pool:
                list(pool.map(propose, chunks))
    _spread_crowded(x, y, part, buildings, sx, sy, min_spacing_m)
    score = np.zeros(n)
    for rule, base in RULE_SCORES.items():
        score[entrance_rule == rule] = base
    factor = np.where(building_rule == "contains", 1.0,
                      np.where(np.isin(building_rule, ("category", "lot")), 0.9,
                               1.0 - 0.5 * np.nan_to_num(distance) / max(max_distance, 1e-9)))
    building = np.full(n, -1)
    building[part >= 0] = buildings.building[part[part >= 0]]
    return Snap(part, building, building_rule, entrance_rule, sx, sy, distance,
                np.round(score * factor, 3), np.hypot(sx - x, sy - y))


def _propose(x, y, buildings, road_index, point_classes, entrances, entrance_kinds,
             road_names, addresses, max_distance, category_preference_m, lot_tolerance_m
             ) -> tuple[np.ndarray, ...]:
    """Building and entrance for one run of points (all finite)."""
    n = len(x)
    points = shapely.points(x, y)
    part, distance = _nearest_part(points, buildings, max_distance)
    building_rule = np.full(n, "", dtype=object)
    building_rule[part >= 0] = np.where(distance[part >= 0] == 0, "contains", "nearest")
    if road_index is not None:
        _prefer_own_lot(x, y, points, part, distance, building_rule, buildings, road_index,
                        lot_tolerance_m)
    if point_classes is not None:
        _prefer_same_class(points, point_classes, buildings, part, distance, building_rule,
                           max_distance, category_preference_m)
    sx, sy = np.full(n, np.nan), np.full(n, np.nan)
    entrance_rule = np.full(n, "", dtype=object)
    todo = part >= 0
    if entrances is not None and len(entrances):
        done = _explicit_entrances(x, y, part, buildings, entrances, entrance_kinds, sx, sy)
        entrance_rule[done] = "explicit_entrance"
        todo &= ~done
    if road_index is not None and todo.any():
        done = _road_facing(x, y, part, todo, buildings, road_index, sx, sy, addresses,
                            road_names)
        entrance_rule[done] = "road_facing"
        todo &= ~done
    if todo.any():
        _outline(x, y, part, todo, buildings, sx, sy)
        entrance_rule[todo] = "outline"
    return part, distance, building_rule, entrance_rule, sx, sy


def _nearest_part(points: np.ndarray, buildings: BuildingIndex, max_distance: float
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
    best = _first_min(dist, pos)
    part[rest[pos[best]]], distance[rest[pos[best]]] = near[best], dist[best]
    rest = np.flatnonzero(part < 0)
    if len(rest) and radius < max_distance:
        (pos, near), dist = buildings.tree.query_nearest(
            points[rest], max_distance=max_distance, return_distance=True, all_matches=False)
        part[rest[pos]], distance[rest[pos]] = near, dist
    return part, distance


def _unique_ints(values: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values (all in ``range(size)``) in order, and each value's position
    among them; linear, where ``np.unique`` sorts.

    Examples
    --------
    >>> [a.tolist() for a in _unique_ints(np.array([4, 1, 4]), 6)]
    [[1, 4], [1, 0, 1]]
    """
    present = np.zeros(size, dtype=bool)
    present[values] = True
    unique = np.flatnonzero(present)
    position = np.empty(size, dtype=np.int64)
    position[unique] = np.arange(len(unique))
    return unique, position[values]


def _prefer_same_class(points, point_classes, buildings, part, distance, building_rule,
                       max_distance, preference) -> None:
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
    first = _first_min(dist, pos)
    points = idx[pos[first]]
    take = dist[first] <= distance[points] + preference
    part[points[take]] = candidate[first][take]
    distance[points[take]] = dist[first][take]
    building_rule[points[take]] = "category"


def _explicit_entrances(x, y, part, buildings, entrances, kinds, sx, sy) -> np.ndarray:
    """Points whose building has a mapped entrance: the best one (main first, nearest)."""
    done = np.zeros(len(x), dtype=bool)
    # each entrance belongs to its nearest building only (row houses touch each other)
    entrance_pos, entrance_part = buildings.tree.query_nearest(
        entrances, max_distance=_ENTRANCE_ON_BUILDING_M, all_matches=False)
    if not len(entrance_pos):
        return done
    by_part: dict[int, list[int]] = {}
    for e, p in zip(entrance_pos.tolist(), entrance_part.tolist()):
        by_part.setdefault(p, []).append(e)
    ex, ey = shapely.get_x(entrances), shapely.get_y(entrances)
    kinds = np.full(len(entrances), "yes", dtype=object) if kinds is None else kinds
    def preference(e: int) -> int:
        kind = str(kinds[e] or "yes").lower()
        return _PREFERRED_ENTRANCES.index(kind) if kind in _PREFERRED_ENTRANCES \
            else len(_PREFERRED_ENTRANCES)

    for i in np.flatnonzero(np.isin(part, list(by_part))):
        best = min(by_part[int(part[i])], key=lambda e, px=x[i], py=y[i]: (
            preference(e), (ex[e] - px) ** 2 + (ey[e] - py) ** 2))
        sx[i], sy[i] = ex[best], ey[best]
        done[i] = True
    return done


@dataclass
class _Edges:
    """Exterior-ring edges of some parts, grouped by part: edges of part k are
    ``start[first[k]:first[k + 1]]``."""

    start: np.ndarray
    end: np.ndarray
    owner: np.ndarray
    first: np.ndarray

    @classmethod
    def of(cls, polygons: np.ndarray) -> _Edges:
        # a polygon's coordinates are its exterior ring's unless it has holes
        holes = shapely.get_num_interior_rings(polygons) > 0
        if holes.any():
            polygons = polygons.copy()
            polygons[holes] = shapely.polygons(shapely.get_exterior_ring(polygons[holes]))
        coords, ring = shapely.get_coordinates(polygons, return_index=True)
        same = ring[:-1] == ring[1:]
        start, end, owner = coords[:-1][same], coords[1:][same], ring[:-1][same]
        first = np.searchsorted(owner, np.arange(len(polygons) + 1))
        return cls(start, end, owner, first)

    def lines(self) -> np.ndarray:
        return shapely.linestrings(np.stack([self.start, self.end], axis=1))


def _first_min(values: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Position of the smallest value in each run of equal ``group`` values (runs must be
    contiguous; the first position wins ties; NaN counts as infinite).

    Linear where a lexsort would be n log n: these arrays have one row per outline edge.

    Examples
    --------
    >>> _first_min(np.array([3.0, 1.0, 1.0, np.nan, 2.0]), np.array([0, 0, 0, 5, 5])).tolist()
    [1, 4]
    """
    if not len(values):
        return np.empty(0, dtype=np.int64)
    values = np.where(np.isnan(values), np.inf, values)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    smallest = np.minimum.reduceat(values, starts)
    hits = np.flatnonzero(values == np.repeat(smallest, np.diff(np.r_[starts, len(values)])))
    return hits[np.r_[True, group[hits][1:] != group[hits][:-1]]]


def _along(px, py, ax, ay, bx, by):
    """Where p projects on the line a-b: 0 at a, 1 at b (outside [0, 1] beyond them)."""
    dx, dy = bx - ax, by - ay
    return ((px - ax) * dx + (py - ay) * dy) / np.maximum(dx * dx + dy * dy, 1e-12)


def _project(px, py, ax, ay, bx, by, lo=0.0, hi=1.0):
    """The point of segment a-b nearest to p, its position clamped to [lo, hi]."""
    t = np.clip(_along(px, py, ax, ay, bx, by), lo, hi)
    return ax + t * (bx - ax), ay + t * (by - ay)


def _in_lot(px, py, parts, road, buildings, roads: _RoadIndex) -> np.ndarray:
    """Whether each point stands in the lot of its part: the strip behind the wall facing
    ``road``."""
    t = _along(px, py, *roads.facing(parts, road, buildings))
    return (t >= 0) & (t <= 1)


def _road_facing(x, y, part, todo, buildings, roads: _RoadIndex, sx, sy, addresses=None,
                 road_names=None) -> np.ndarray:
    idx = np.flatnonzero(todo)
    road = _road_of_points(idx, part, buildings, roads, addresses, road_names)
    has = road >= 0
    idx, road = idx[has], road[has]
    ax, ay, bx, by = roads.facing(part[idx], road, buildings)
    d0 = roads.distance(ax, ay, part[idx], road, buildings)
    d1 = roads.distance(bx, by, part[idx], road, buildings)
    px, py = x[idx], y[idx]
    # parallel to the road: every point of the edge is nearest; take the one before the
    # collected point, away from the corners (they may be shared walls)
    cx, cy = _project(px, py, ax, ay, bx, by, 0.15, 0.85)
    parallel = np.abs(d0 - d1) < 0.5
    cx = np.where(parallel, cx, np.where(d0 <= d1, ax, bx))
    cy = np.where(parallel, cy, np.where(d0 <= d1, ay, by))
    mx, my = (ax + bx) / 2, (ay + by) / 2
    middle_closer = np.hypot(mx - px, my - py) <= np.hypot(cx - px, cy - py)
    sx[idx] = np.where(middle_closer, mx, cx)
    sy[idx] = np.where(middle_closer, my, cy)
    done = np.zeros(len(x), dtype=bool)
    done[idx] = True
    return done


def _wall_facing_segment(polygons: np.ndarray, segment: np.ndarray) -> np.ndarray:
    """(ax, ay, bx, by) of each polygon's outline edge whose middle is nearest to its road
    ``segment`` (rows of ax, ay, bx, by), computed with plain arrays."""
    edges = _Edges.of(polygons)
    seg = segment[edges.owner]
    mx = (edges.start[:, 0] + edges.end[:, 0]) / 2
    my = (edges.start[:, 1] + edges.end[:, 1]) / 2
    qx, qy = _project(mx, my, seg[:, 0], seg[:, 1], seg[:, 2], seg[:, 3])
    facing = _first_min(np.hypot(qx - mx, qy - my), edges.owner)
    out = np.full((len(polygons), 4), np.nan)
    out[edges.owner[facing]] = np.c_[edges.start[facing], edges.end[facing]]
    return out


def _facing_edges(buildings: BuildingIndex, parts: np.ndarray, road: np.ndarray,
                  roads: np.ndarray) -> tuple[np.ndarray, ...]:
    """Start and end (ax, ay, bx, by) of the outline edge of each part facing its road.

    The facing edge is the one whose middle is nearest to the road (the side walls touch
    the front corners, so their nearest points tie with the front wall's).
    """
    # one key per (part, road) pair: np.unique on integers, not on rows
    keys, inverse = np.unique(parts.astype(np.int64) * (len(roads) + 1) + road,
                              return_inverse=True)
    pair_part, pair_road = keys // (len(roads) + 1), keys % (len(roads) + 1)
    edges = _Edges.of(buildings.parts[pair_part])
    middles = shapely.points((edges.start + edges.end) / 2)
    dist = shapely.distance(middles, roads[pair_road][edges.owner])
    facing = _first_min(dist, edges.owner)
    facing_of = np.empty(len(keys), dtype=np.int64)
    facing_of[edges.owner[facing]] = facing
    edge = facing_of[inverse]
    return (*edges.start[edge].T, *edges.end[edge].T)


def _prefer_own_lot(x, y, points, part, distance, building_rule, buildings,
                    roads: _RoadIndex, tolerance) -> None:
    """A point outside every footprint belongs to the building whose lot it stands in.

    Vietnamese lots are narrow strips running back from the street: a phone in the back
    yard is often nearer to the deeper house next door than to its own back wall. Among
    buildings at most ``tolerance`` farther than the nearest, the one whose street front,
    extended back, contains the point wins.
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


class _RoadIndex:
    """Roads cut into short segments (tight boxes make range queries fast), and for each
    building part, computed once on demand: its nearest road and segment, the wall facing
    it, and the other roads about as near (corners).

    The threads of :func:`snap_to_entrances` share one index. A part near the cut between
    two runs may be computed by both (the same values); each cache has a "done" marker
    written after its values, so a thread never reads a part half written.
    """

    AMBIGUOUS_M = 10.0
    """Two roads within this much of each other's distance: ask the address."""
    FIRST_SEARCH_M = 30.0
    """Roads this near a part's centre come from one range query and plain arrays; only
    parts farther from every road pay for a nearest search."""

    def __init__(self, roads: np.ndarray, n_parts: int, search: float):
        pieces = shapely.segmentize(shapely.force_2d(roads), 200.0)
        coords, owner = shapely.get_coordinates(pieces, return_index=True)
        same = owner[:-1] == owner[1:]
        self.segments = shapely.linestrings(np.stack([coords[:-1][same], coords[1:][same]], 1))
        self.segment_road = owner[:-1][same]
        self.tree = shapely.STRtree(self.segments)
        self.roads, self.search = roads, search
        self.segment_xy = np.c_[coords[:-1][same], coords[1:][same]]   # ax, ay, bx, by
        self._road_of_part = np.full(n_parts, -2)
        self._segment_of_part = np.full(n_parts, -1)
        self._distance_of_part = np.full(n_parts, np.inf)
        self._centre = np.full((n_parts, 2), np.nan)
        self._facing = np.full((n_parts, 4), np.nan)
        self._facing_done = np.zeros(n_parts, dtype=bool)
        self._others_known = np.zeros(n_parts, dtype=bool)
        self._others: dict[int, list[int]] = {}

    def facing(self, parts: np.ndarray, road: np.ndarray, buildings: BuildingIndex
               ) -> tuple[np.ndarray, ...]:
        """(ax, ay, bx, by) of each part's wall facing ``road``; the wall facing a part's
        nearest road, the usual case, is computed once per part."""
        usual = road == self.road_of_parts(parts, buildings.parts)
        out = np.empty((len(parts), 4))
        missing = usual & ~self._facing_done[parts]
        if missing.any():
            wanted = _unique_ints(parts[missing], len(self._facing))[0]
            self._facing[wanted] = _wall_facing_segment(
                buildings.parts[wanted], self.segment_xy[self._segment_of_part[wanted]])
            self._facing_done[wanted] = True     # after the walls, for the other thread
        out[usual] = self._facing[parts[usual]]
        if not usual.all():
            out[~usual] = np.column_stack(
                _facing_edges(buildings, parts[~usual], road[~usual], self.roads))
        return tuple(out.T)

    def distance(self, px: np.ndarray, py: np.ndarray, parts: np.ndarray, road: np.ndarray,
                 buildings: BuildingIndex) -> np.ndarray:
        """Distance from points near ``parts`` to ``road``; for a part's nearest road, to the
        segment of it nearest to the part, with plain arrays."""
        usual = road == self.road_of_parts(parts, buildings.parts)
        out = np.empty(len(px))
        out[usual] = self._segment_distance(px[usual], py[usual],
                                            self._segment_of_part[parts[usual]])
        if not usual.all():
            out[~usual] = shapely.distance(shapely.points(px[~usual], py[~usual]),
                                           self.roads[road[~usual]])
        return out

    def _segment_distance(self, px: np.ndarray, py: np.ndarray, segment: np.ndarray
                          ) -> np.ndarray:
        ax, ay, bx, by = self.segment_xy[segment].T
        qx, qy = _project(px, py, ax, ay, bx, by)
        return np.hypot(qx - px, qy - py)

    def road_of_parts(self, parts: np.ndarray, polygons: np.ndarray) -> np.ndarray:
        """The nearest road (index) of each part's centre within ``search``, -1 when none.

        The centre (of the footprint's bounding box) stands for the footprint: a point
        query is many times faster than a polygon query, and for a house the nearest road
        is the same.
        """
        todo = self._road_of_part[parts] == -2
        if todo.any():
            self._find_roads(_unique_ints(parts[todo], len(self._road_of_part))[0], polygons)
        return self._road_of_part[parts]

    def _find_roads(self, wanted: np.ndarray, polygons: np.ndarray) -> None:
        box = shapely.bounds(polygons[wanted])
        cx, cy = (box[:, 0] + box[:, 2]) / 2, (box[:, 1] + box[:, 3]) / 2
        self._centre[wanted] = np.c_[cx, cy]
        order = morton_order(cx, cy)
        wanted, cx, cy = wanted[order], cx[order], cy[order]
        centres = shapely.points(cx, cy)
        radius = min(self.FIRST_SEARCH_M, self.search)
        pos, segment = self.tree.query(centres, predicate="dwithin", distance=radius)
        dist = self._segment_distance(cx[pos], cy[pos], segment)
        best = _first_min(dist, pos)
        nearest, nearest_distance = np.full(len(wanted), -1), np.full(len(wanted), np.inf)
        nearest[pos[best]], nearest_distance[pos[best]] = segment[best], dist[best]
        rest = np.flatnonzero(nearest < 0)
        if len(rest) and radius < self.search:
            (far, far_segment), far_distance = self.tree.query_nearest(
                centres[rest], max_distance=self.search, return_distance=True,
                all_matches=False)
            nearest[rest[far]], nearest_distance[rest[far]] = far_segment, far_distance
        road = np.where(nearest >= 0, self.segment_road[np.maximum(nearest, 0)], -1)
        self._segment_of_part[wanted] = nearest
        self._distance_of_part[wanted] = nearest_distance
        # corners come from the same pairs wherever the range covered nearest + AMBIGUOUS_M
        pair_road = self.segment_road[segment]
        other = (pair_road != road[pos]) & (dist <= nearest_distance[pos] + self.AMBIGUOUS_M)
        self._remember_others(wanted[pos[other]], pair_road[other])
        self._others_known[wanted[nearest_distance + self.AMBIGUOUS_M <= radius]] = True
        # written last: another thread reading a part's road finds everything else ready
        self._road_of_part[wanted] = road

    def _remember_others(self, parts: np.ndarray, road: np.ndarray) -> None:
        keys = np.unique(parts.astype(np.int64) * (len(self.roads) + 1) + road)
        for p, r in zip((keys // (len(self.roads) + 1)).tolist(),
                        (keys % (len(self.roads) + 1)).tolist()):
            self._others.setdefault(p, []).append(r)

    def other_roads(self, parts: np.ndarray, polygons: np.ndarray) -> dict[int, list[int]]:
        """{position in ``parts``: roads} for parts near a corner: roads other than the
        nearest at most ``AMBIGUOUS_M`` farther from the part's centre than the nearest."""
        nearest = self.road_of_parts(parts, polygons)
        limit = self._distance_of_part[parts] + self.AMBIGUOUS_M
        unknown = np.flatnonzero(~self._others_known[parts] & np.isfinite(limit))
        if len(unknown):
            pos, segment = self.tree.query(shapely.points(self._centre[parts[unknown]]),
                                           predicate="dwithin", distance=limit[unknown])
            pos, road = unknown[pos], self.segment_road[segment]
            other = road != nearest[pos]
            self._remember_others(parts[pos[other]], road[other])
            self._others_known[parts[unknown]] = True
        return {k: self._others[p] for k, p in enumerate(parts.tolist()) if p in self._others}


def _road_of_points(idx, part, buildings, roads: _RoadIndex, addresses, road_names
                    ) -> np.ndarray:
    """The road each point's building faces: the one its address names when two roads are
    about as near (a corner house on Lê Lợi faces Lê Lợi), else the nearest; -1 if none."""
    road = roads.road_of_parts(part[idx], buildings.parts)
    if addresses is None or road_names is None:
        return road
    from .text import fold

    def words(text: object) -> str:
        return " " + " ".join(re.findall(r"\w+", fold(str(text)))) + " "

    unique, inverse = _unique_ints(part[idx], len(buildings.parts))
    others = roads.other_roads(unique, buildings.parts)
    if not others:
        return road
    names: dict[int, str | None] = {}

    def named(r: int, address: str) -> bool:
        if r not in names:
            names[r] = words(road_names[r]) if road_names[r] else None
        return names[r] is not None and names[r] in address

    for k in np.flatnonzero(np.isin(inverse, list(others))).tolist():
        address = words(addresses[idx[k]])
        if not named(int(road[k]), address):
            road[k] = next((r for r in others[int(inverse[k])] if named(r, address)), road[k])
    return road


def _outline(x, y, part, todo, buildings, sx, sy) -> None:
    idx = np.flatnonzero(todo)
    unique, inverse = np.unique(part[idx], return_inverse=True)
    edges = _Edges.of(buildings.parts[unique])
    lines = edges.lines()
    near, other = buildings.tree.query(lines, predicate="dwithin", distance=_SHARED_WALL_M)
    neighbour = other != unique[edges.owner[near]]
    # an edge is a shared wall when most of it lies along a neighbour
    shared = np.zeros(len(lines), dtype=bool)
    if neighbour.any():
        e, o = near[neighbour], other[neighbour]
        overlap = shapely.length(shapely.intersection(
            lines[e], shapely.buffer(buildings.parts[o], _SHARED_WALL_M)))
        shared[e[overlap > 0.5 * shapely.length(lines[e])]] = True
    counts = np.diff(edges.first)[inverse]
    point_of_pair = np.repeat(idx, counts)
    within_part = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    edge_of_pair = np.repeat(edges.first[inverse], counts) + within_part
    ax, ay = edges.start[edge_of_pair].T
    bx, by = edges.end[edge_of_pair].T
    px, py = x[point_of_pair], y[point_of_pair]
    qx, qy = _project(px, py, ax, ay, bx, by)
    gap = np.hypot(qx - px, qy - py) + np.where(shared[edge_of_pair], 1e9, 0.0)
    first = _first_min(gap, point_of_pair)
    sx[point_of_pair[first]] = qx[first]
    sy[point_of_pair[first]] = qy[first]


def _spread_crowded(x, y, part, buildings, sx, sy, spacing) -> None:
    """Several points on one building: keep their order and ``spacing`` along the outline."""
    has = np.flatnonzero((part >= 0) & np.isfinite(sx))
    if len(has) < 2 or spacing <= 0:
        return
    has = has[(np.bincount(part[has])[part[has]] > 1)]      # only points sharing a building
    if not len(has):
        return
    proposals = shapely.points(sx[has], sy[has])
    a, b = shapely.STRtree(proposals).query(proposals, predicate="dwithin",
                                            distance=spacing * 0.999)
    crowded = np.unique(part[has[a]][(a < b) & (part[has[a]] == part[has[b]])])
    if not len(crowded):
        return
    members = has[np.isin(part[has], crowded)]
    members = members[np.lexsort((members, part[members]))]
    group = part[members]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    sizes = np.diff(np.r_[starts, len(members)])
    group_of = np.repeat(np.arange(len(starts)), sizes)
    size = sizes[group_of]
    rings = shapely.get_exterior_ring(buildings.parts[group])
    length = shapely.length(rings)
    # positions along a ring are circular: measure them from each group's first proposal,
    # so that a facade across the ring's start point does not split in two
    proposed = shapely.line_locate_point(rings, shapely.points(sx[members], sy[members]))
    relative = _circular(proposed - proposed[starts][group_of], length)
    by_value = np.lexsort((relative, group_of))
    lower = by_value[starts + (sizes - 1) // 2]
    upper = by_value[starts + sizes // 2]
    centre = proposed[starts] + (relative[lower] + relative[upper]) / 2
    centre = centre[group_of]
    along = _circular(shapely.line_locate_point(
        rings, shapely.points(x[members], y[members])) - centre, length)
    order = np.lexsort((along, group_of))
    rank = np.empty(len(members), dtype=float)
    rank[order] = np.arange(len(members)) - np.repeat(starts, sizes)
    step = np.minimum(spacing, length / size)
    placed = shapely.line_interpolate_point(rings, (centre + (rank - (size - 1) / 2) * step)
                                            % length)
    sx[members], sy[members] = shapely.get_x(placed), shapely.get_y(placed)


def _circular(offset: np.ndarray, length: float) -> np.ndarray:
    """Offsets along a closed ring of ``length``, folded into [-length/2, length/2)."""
    return (offset + length / 2) % length - length / 2
