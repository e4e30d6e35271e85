"""A low-confidence candidate for points too far from every building to snap.

A point 30–100 m from the nearest footprint (GPS under trees, between tall houses) is not
snapped, but the officer still wants a place to start: the entrance of the building it
would have snapped to with a longer reach. The same rules choose the building and the
entrance as for snapping (:func:`~diachi_geo.snap.snap_to_entrances`), only over the far
points and with ``far_m`` as the reach; the score then falls with the distance, from half
the entrance rule's confidence at ``near_m`` to nothing at ``far_m``.
"""
from __future__ import annotations

import numpy as np

from .buildings import BuildingIndex
from .entrances import RULE_SCORES
from .propose import Snap, snap_to_entrances

__all__ = ["far_candidates", "far_score"]


def far_score(entrance_rule: np.ndarray, distance: np.ndarray, *, near_m: float,
              far_m: float) -> np.ndarray:
    """Confidence of a far candidate: half its entrance rule's score at ``near_m`` (where a
    snap's score ends), falling linearly to 0 at ``far_m``.

    Examples
    --------
    >>> far_score(np.array(["road_facing", "outline"]), np.array([30.0, 65.0]),
    ...           near_m=30, far_m=100).tolist()
    [0.425, 0.15]
    """
    base = np.zeros(len(distance))
    for rule, value in RULE_SCORES.items():
        base[entrance_rule == rule] = value
    falling = np.clip((far_m - distance) / max(far_m - near_m, 1e-9), 0.0, 1.0)
    return np.round(0.5 * base * falling, 3)


def far_candidates(x: np.ndarray, y: np.ndarray, todo: np.ndarray, buildings: BuildingIndex,
                   *, near_m: float, far_m: float, point_classes: np.ndarray | None = None,
                   addresses: np.ndarray | None = None, **options: object) -> Snap:
    """Proposals within ``far_m`` for the ``todo`` points (a mask; metres), -1 elsewhere.

    Parameters
    ----------
    x, y : arrays of float
        All points, in metres.
    todo : array of bool
        The points that want a candidate: those that found no building within ``near_m``.
    near_m, far_m : float
        The snapping reach, and the reach of a far candidate; ``far_m <= near_m`` gives none.
    point_classes, addresses : arrays, optional
        Of all points, as for :func:`~diachi_geo.snap.snap_to_entrances`.
    **options
        The other keywords of :func:`~diachi_geo.snap.snap_to_entrances` (entrances,
        roads...), the same as for snapping.
    """
    n = len(x)
    idx = np.flatnonzero(todo)
    out = Snap(np.full(n, -1), np.full(n, -1), np.full(n, "", dtype=object),
               np.full(n, "", dtype=object), np.full(n, np.nan), np.full(n, np.nan),
               np.full(n, np.nan), np.zeros(n), np.full(n, np.nan))
    if not len(idx) or far_m <= near_m:
        return out
    some = snap_to_entrances(
        x[idx], y[idx], buildings, max_distance=far_m,
        point_classes=None if point_classes is None else np.asarray(point_classes)[idx],
        addresses=None if addresses is None else np.asarray(addresses, dtype=object)[idx],
        **options)
    for name in ("part", "building", "building_rule", "entrance_rule", "x", "y",
                 "building_distance", "moved"):
        getattr(out, name)[idx] = getattr(some, name)
    found = idx[some.part >= 0]
    out.score[found] = far_score(out.entrance_rule[found], out.building_distance[found],
                                 near_m=near_m, far_m=far_m)
    return out
