"""The entrance rules: where on its building each point's proposal goes.

In this order: ``explicit_entrance`` (a mapped entrance on the building, ``entrance=main``
first), ``road_facing`` (on the outline edge facing the road) and ``outline`` (the outline
point nearest to the collected point, never on a wall shared with a neighbour). Several
points on one building are then spread along its outline.
"""
from __future__ import annotations

import numpy as np
import shapely

from ..distinct import per_distinct
from .buildings import BuildingIndex
from .geometry import Edges, first_min, project
from .roads import RoadIndex, road_of_points

__all__ = ["RULE_SCORES", "entrance_owners", "explicit_entrances", "road_facing", "outline",
           "spread_crowded"]

RULE_SCORES = {"explicit_entrance": 0.95, "road_facing": 0.85, "outline": 0.6}
"""Base confidence of each entrance rule; the building choice then scales it."""
_PREFERRED_ENTRANCES = ("main", "yes", "gate")
_SHARED_WALL_M = 0.3
_ENTRANCE_ON_BUILDING_M = 2.0


def entrance_owners(buildings: BuildingIndex, entrances: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    """(entrance, part) pairs: each entrance belongs to its nearest building part within
    ``_ENTRANCE_ON_BUILDING_M`` only (row houses touch each other). Found once per run and
    shared by the snapping threads."""
    return buildings.tree.query_nearest(entrances, max_distance=_ENTRANCE_ON_BUILDING_M,
                                        all_matches=False)


def explicit_entrances(x: np.ndarray, y: np.ndarray, part: np.ndarray,
                       buildings: BuildingIndex, entrances: np.ndarray,
                       kinds: np.ndarray | None, sx: np.ndarray, sy: np.ndarray,
                       owners: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Points whose building has a mapped entrance: the best one (main first, nearest;
    of two as good, the first). ``owners`` are :func:`entrance_owners` (found here when not
    given).

    Writes the proposals into ``sx``, ``sy`` and returns which points got one.
    """
    done = np.zeros(len(x), dtype=bool)
    entrance_pos, entrance_part = owners if owners is not None else \
        entrance_owners(buildings, entrances)
    if not len(entrance_pos):
        return done
    ex, ey = shapely.get_x(entrances), shapely.get_y(entrances)
    kind = np.full(len(entrance_pos), "yes", dtype=object) if kinds is None else \
        np.asarray(kinds, dtype=object)[entrance_pos]
    preference = np.array(per_distinct(kind, _preference), dtype=np.int64)
    # the entrances of each part, in the order found
    order = np.argsort(entrance_part, kind="stable")
    owner = entrance_part[order]
    first = np.searchsorted(owner, part, side="left")
    counts = np.searchsorted(owner, part, side="right") - first
    idx = np.flatnonzero(counts > 0)
    if not len(idx):
        return done
    counts, first = counts[idx], first[idx]
    point = np.repeat(idx, counts)
    within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    k = order[np.repeat(first, counts) + within]
    e = entrance_pos[k]
    gap = (ex[e] - x[point]) ** 2 + (ey[e] - y[point]) ** 2
    best = np.lexsort((k, gap, preference[k], point))
    best = best[np.r_[True, point[best][1:] != point[best][:-1]]]
    sx[point[best]], sy[point[best]] = ex[e[best]], ey[e[best]]
    done[idx] = True
    return done


def _preference(kind: object) -> int:
    kind = str(kind or "yes").lower()
    return _PREFERRED_ENTRANCES.index(kind) if kind in _PREFERRED_ENTRANCES \
        else len(_PREFERRED_ENTRANCES)


def road_facing(x: np.ndarray, y: np.ndarray, part: np.ndarray, todo: np.ndarray,
                buildings: BuildingIndex, roads: RoadIndex, sx: np.ndarray, sy: np.ndarray,
                addresses: np.ndarray | None = None, road_names: np.ndarray | None = None
                ) -> np.ndarray:
    """On the wall facing the road: its middle or the wall point nearest to the road,
    whichever is closer to the collected point.

    Writes the proposals of the ``todo`` points into ``sx``, ``sy`` and returns which
    points got one (those whose building has a road within reach).
    """
    idx = np.flatnonzero(todo)
    road = road_of_points(idx, part, buildings.parts, roads, addresses, road_names)
    has = road >= 0
    idx, road = idx[has], road[has]
    ax, ay, bx, by = roads.facing(part[idx], road, buildings.parts)
    d0 = roads.distance(ax, ay, part[idx], road, buildings.parts)
    d1 = roads.distance(bx, by, part[idx], road, buildings.parts)
    px, py = x[idx], y[idx]
    # parallel to the road: every point of the edge is nearest; take the one before the
    # collected point, away from the corners (they may be shared walls)
    cx, cy = project(px, py, ax, ay, bx, by, 0.15, 0.85)
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


def outline(x: np.ndarray, y: np.ndarray, part: np.ndarray, todo: np.ndarray,
            buildings: BuildingIndex, sx: np.ndarray, sy: np.ndarray) -> None:
    """The outline point nearest to each ``todo`` point, off the walls shared with a
    neighbouring building (row houses get their street side); written into ``sx``, ``sy``.
    """
    idx = np.flatnonzero(todo)
    unique, inverse = np.unique(part[idx], return_inverse=True)
    edges = Edges.of(buildings.parts[unique])
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
    qx, qy = project(px, py, ax, ay, bx, by)
    gap = np.hypot(qx - px, qy - py) + np.where(shared[edge_of_pair], 1e9, 0.0)
    first = first_min(gap, point_of_pair)
    sx[point_of_pair[first]] = qx[first]
    sy[point_of_pair[first]] = qy[first]


def spread_crowded(x: np.ndarray, y: np.ndarray, part: np.ndarray, buildings: BuildingIndex,
                   sx: np.ndarray, sy: np.ndarray, spacing: float) -> None:
    """Several points on one building: keep their order and ``spacing`` along the outline
    (``sx``, ``sy`` are moved in place)."""
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


def _circular(offset: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Offsets along a closed ring of ``length``, folded into [-length/2, length/2)."""
    return (offset + length / 2) % length - length / 2
