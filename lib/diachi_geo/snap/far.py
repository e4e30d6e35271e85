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
import shapely

from .buildings import BuildingIndex
from .entrances import RULE_SCORES
from .propose import Snap, snap_to_entrances

__all__ = ["far_candidates", "far_score", "expected_candidates", "HOUSE_NUMBER_FLOOR"]

HOUSE_NUMBER_FLOOR = 0.25
"""A building chosen by house number keeps this share of the score at ``near_m`` however
far the point is: the address vouches for it, the distance does not."""


def far_score(entrance_rule: np.ndarray, distance: np.ndarray, *, near_m: float,
              far_m: float, floor: float = 0.0) -> np.ndarray:
    """Confidence of a far candidate: half its entrance rule's score at ``near_m`` (where a
    snap's score ends), falling linearly to ``floor`` times that at ``far_m`` (to 0 for the
    nearest building; :data:`HOUSE_NUMBER_FLOOR` for one chosen by house number). It never
    reaches a snap's score: a snap at ``near_m`` scores half its rule's.

    Examples
    --------
    >>> far_score(np.array(["road_facing", "outline"]), np.array([30.0, 65.0]),
    ...           near_m=30, far_m=100).tolist()
    [0.425, 0.15]
    >>> far_score(np.array(["road_facing"]), np.array([65.0]), near_m=30, far_m=100,
    ...           floor=HOUSE_NUMBER_FLOOR).tolist()
    [0.266]
    """
    base = np.zeros(len(distance))
    for rule, value in RULE_SCORES.items():
        base[entrance_rule == rule] = value
    falling = np.clip((far_m - distance) / max(far_m - near_m, 1e-9), 0.0, 1.0)
    return np.round(0.5 * base * (floor + (1.0 - floor) * falling), 3)


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
    some = _snap_some(x, y, idx, buildings, far_m, point_classes, addresses, options)
    for name in ("part", "building", "building_rule", "entrance_rule", "x", "y",
                 "building_distance", "moved"):
        getattr(out, name)[idx] = getattr(some, name)
    found = idx[some.part >= 0]
    out.score[found] = far_score(out.entrance_rule[found], out.building_distance[found],
                                 near_m=near_m, far_m=far_m)
    return out


def expected_candidates(x: np.ndarray, y: np.ndarray, expected_x: np.ndarray,
                        expected_y: np.ndarray, buildings: BuildingIndex, nearest: Snap, *,
                        near_m: float, far_m: float, point_classes: np.ndarray | None = None,
                        addresses: np.ndarray | None = None, **options: object) -> Snap:
    """``nearest`` (from :func:`far_candidates`) with, for the points that have an expected
    position within ``far_m``, the building nearest to that position instead, when it is
    within ``far_m`` of the point; its entrance is chosen by the snapping rules from the expected
    position, and its ``building_rule`` is ``"house_number"``.

    Parameters
    ----------
    x, y : arrays of float
        All points, in metres.
    expected_x, expected_y : arrays of float
        Where each point's address puts it (NaN: nowhere known), in metres.
    nearest : Snap
        The far candidates by nearest building, for all points.
    near_m, far_m, point_classes, addresses, **options
        As for :func:`far_candidates`.
    """
    out = nearest.copy()
    # an expected place beyond the far reach is no guide (neighbours far apart, a street
    # name shared by two hamlets): the house it means would be too far to be the point's
    with np.errstate(invalid="ignore"):
        near = np.hypot(expected_x - x, expected_y - y) <= far_m
    idx = np.flatnonzero(near)
    if not len(idx) or far_m <= near_m:
        return out
    there = _snap_some(expected_x, expected_y, idx, buildings, far_m, point_classes,
                       addresses, options)
    found = np.flatnonzero(there.part >= 0)
    distance = shapely.distance(shapely.points(x[idx[found]], y[idx[found]]),
                                buildings.parts[there.part[found]])
    found, distance = found[distance <= far_m], distance[distance <= far_m]
    place_candidates(out, idx[found], there, found, "house_number", distance, x, y,
                     near_m=near_m, far_m=far_m, floor=HOUSE_NUMBER_FLOOR)
    return out


def place_candidates(out: Snap, at: np.ndarray, there: Snap, found: np.ndarray, rule: str,
                     distance: np.ndarray, x: np.ndarray, y: np.ndarray, *, near_m: float,
                     far_m: float, floor: float = 0.0) -> None:
    """Give the points ``at`` of ``out`` the candidates ``found`` of ``there``, chosen by
    ``rule`` from ``distance`` (point to building), scored as far candidates."""
    for name in ("part", "building", "entrance_rule", "x", "y"):
        getattr(out, name)[at] = getattr(there, name)[found]
    out.building_rule[at] = rule
    out.building_distance[at] = distance
    out.moved[at] = np.hypot(out.x[at] - x[at], out.y[at] - y[at])
    out.score[at] = far_score(out.entrance_rule[at], distance, near_m=near_m, far_m=far_m,
                              floor=floor)


def _snap_some(x: np.ndarray, y: np.ndarray, idx: np.ndarray, buildings: BuildingIndex,
               far_m: float, point_classes: np.ndarray | None, addresses: np.ndarray | None,
               options: dict) -> Snap:
    """The snapping rules, with the far reach, for the points ``idx`` placed at ``x, y``."""
    return snap_to_entrances(
        x[idx], y[idx], buildings, max_distance=far_m,
        point_classes=None if point_classes is None else np.asarray(point_classes)[idx],
        addresses=None if addresses is None else np.asarray(addresses, dtype=object)[idx],
        **options)
