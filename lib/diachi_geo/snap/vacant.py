"""A far point's own house is the one nobody else stands on.

In a campaign each house is collected once. A point that GPS or a hurried officer left
30–100 m from its house leaves that house with no point on or next to it, while the
neighbour it landed by has its own point at its door. So for such a point the nearest
building that no other point *occupies* (another point snaps to it from at most
:data:`OCCUPIED_M`) is a better guess than the nearest building; when no building within
the far reach is free, the nearest one stays.

The candidate is chosen by the same entrance rules as a snap, from the spot of that
building nearest to the point, and scored as any far candidate
(:func:`~diachi_geo.snap.far.far_score`): low, falling with the distance.
"""
from __future__ import annotations

import numpy as np
import shapely

from .buildings import BuildingIndex
from .far import place_candidates
from .geometry import first_min
from .propose import Snap, snap_to_entrances

__all__ = ["OCCUPIED_M", "occupied_buildings", "vacant_candidates"]

OCCUPIED_M = 5.0
"""A point that snaps to a building from at most this far stands on it (inside, at its door
or in its yard): the building is taken."""

_SPOT_REACH_M = 1.0
"""Reach of the snap made from a spot on the free building: that building, not a neighbour
of the point's class farther on."""


def occupied_buildings(snap: Snap, n_buildings: int, occupied_m: float = OCCUPIED_M
                       ) -> np.ndarray:
    """Whether each of ``n_buildings`` has a point snapped to it from at most
    ``occupied_m``.

    Examples
    --------
    >>> snap = Snap(*(np.array(v) for v in ([0, 1, -1], [0, 1, -1], ["", "", ""],
    ...             ["", "", ""], [0., 0., 0.], [0., 0., 0.], [0.0, 12.0, np.nan],
    ...             [0., 0., 0.], [0., 0., 0.])))
    >>> occupied_buildings(snap, 3).tolist()
    [True, False, False]
    """
    with np.errstate(invalid="ignore"):
        on = (snap.part >= 0) & (snap.building_distance <= occupied_m)
    taken = np.zeros(n_buildings, dtype=bool)
    taken[snap.building[on]] = True
    return taken


def vacant_candidates(x: np.ndarray, y: np.ndarray, want: np.ndarray, current: Snap,
                      buildings: BuildingIndex, occupied: np.ndarray, *, near_m: float,
                      far_m: float, **options: object) -> Snap:
    """``current`` with, for the points ``want`` (a mask), the entrance of the nearest
    building within ``far_m`` that is not ``occupied`` (by building) instead, when there is
    one and it is not already ``current``'s; its ``building_rule`` is ``"vacant"``.

    Parameters
    ----------
    x, y : arrays of float
        All points, in metres.
    want : array of bool
        The points that may take a free building instead.
    current : Snap
        Their candidates so far (the nearest building), for all points.
    occupied : array of bool
        For each building, whether a point stands on it (:func:`occupied_buildings`).
    near_m, far_m : float
        The snapping reach and the far reach, as for
        :func:`~diachi_geo.snap.far.far_candidates`.
    **options
        The keywords of :func:`~diachi_geo.snap.snap_to_entrances` (entrances, roads...).
    """
    out = current.copy()
    idx = np.flatnonzero(want & np.isfinite(x) & np.isfinite(y))
    if not len(idx) or far_m <= near_m:
        return out
    # the free parts within reach of each point, from the index already built (far points
    # are few and mostly in sparse places: few pairs)
    points = shapely.points(x[idx], y[idx])
    pos, near = buildings.tree.query(points, predicate="dwithin", distance=far_m)
    free = ~occupied[buildings.building[near]]
    pos, near = pos[free], near[free]
    order = np.lexsort((near, pos))
    pos, near = pos[order], near[order]
    distance = shapely.distance(points[pos], buildings.parts[near])
    first = first_min(distance, pos)
    pos, part, distance = pos[first], near[first], distance[first]
    new = part != current.part[idx[pos]]
    pos, part, distance = pos[new], part[new], distance[new]
    if not len(pos):
        return out
    # snapped from the spot of that building nearest to the point: the same entrance rules
    spot = shapely.get_coordinates(shapely.shortest_line(points[pos], buildings.parts[part]))
    at = idx[pos]
    some = dict(options)
    for name in ("point_classes", "addresses"):
        if some.get(name) is not None:
            some[name] = np.asarray(some[name], dtype=object)[at]
    there = snap_to_entrances(spot[1::2, 0], spot[1::2, 1], buildings,
                              max_distance=_SPOT_REACH_M, **some)
    # a rule that preferred another building from that spot (its class, its lot) is not
    # the free building meant: those keep their candidate
    same = there.building == buildings.building[part]
    place_candidates(out, at[same], there, np.flatnonzero(same), "vacant", distance[same], x, y,
                     near_m=near_m, far_m=far_m)
    return out
