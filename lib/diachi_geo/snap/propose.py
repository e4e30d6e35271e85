"""The snapping orchestrator: a building and an entrance for every point, over threads.

Points are taken in Morton order and cut into one run per core; each run chooses its
buildings (:mod:`.buildings`) and applies the entrance rules (:mod:`.entrances`) in turn,
sharing one :class:`~.roads.RoadIndex`. Crowded buildings are then spread out and every
proposal gets its score.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import shapely

from ..parallel import in_threads
from .buildings import BuildingIndex, nearest_part, prefer_own_lot, prefer_same_class
from .entrances import (
    RULE_SCORES,
    entrance_owners,
    explicit_entrances,
    outline,
    road_facing,
    spread_crowded,
)
from .geometry import morton_order
from .roads import RoadIndex

__all__ = ["Snap", "snap_to_entrances"]

_PROPOSAL = np.dtype([("part", np.int64), ("distance", np.float64),
                      ("building_rule", object), ("entrance_rule", object),
                      ("x", np.float64), ("y", np.float64)])
"""One run's answer for each of its points, as :func:`~diachi_geo.parallel.in_threads`
concatenates them."""


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

    def copy(self) -> Snap:
        """A copy whose arrays are its own."""
        return Snap(*(np.array(getattr(self, f.name), copy=True) for f in fields(self)))


def road_index_for(roads: np.ndarray | None, buildings: BuildingIndex,
                   road_search_m: float = 60.0) -> RoadIndex | None:
    """The roads indexed for snapping to ``buildings`` (None without roads). What it learns
    of each building part (its road, the wall facing it) holds for every call that shares
    it."""
    if roads is None or not len(roads):
        return None
    return RoadIndex(roads, len(buildings.parts), road_search_m)


def snap_to_entrances(x: np.ndarray, y: np.ndarray, buildings: BuildingIndex, *,
                      point_classes: np.ndarray | None = None,
                      entrances: np.ndarray | None = None,
                      entrance_kinds: np.ndarray | None = None,
                      roads: np.ndarray | None = None, road_names: np.ndarray | None = None,
                      addresses: np.ndarray | None = None, max_distance: float = 30.0,
                      category_preference_m: float = 10.0, road_search_m: float = 60.0,
                      lot_tolerance_m: float = 3.0, workers: int | None = None,
                      min_spacing_m: float = 2.0, road_index: RoadIndex | None = None) -> Snap:
    """Propose an entrance location for each point (coordinates in metres).

    Parameters
    ----------
    x, y : arrays of float
        Collected points; NaN points get no proposal.
    buildings : BuildingIndex
        From :func:`~diachi_geo.snap.prepare_buildings`, in the same CRS.
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
    road_index : RoadIndex, optional
        The roads already indexed for ``buildings`` (:func:`road_index_for`), for several
        calls on one set of buildings; ``roads`` is then not read.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(x)
    part, distance = np.full(n, -1), np.full(n, np.nan)
    building_rule = np.full(n, "", dtype=object)
    entrance_rule = np.full(n, "", dtype=object)
    sx, sy = np.full(n, np.nan), np.full(n, np.nan)
    if road_index is None:
        road_index = road_index_for(roads, buildings, road_search_m)
    classes = None if point_classes is None else np.asarray(point_classes, dtype=object)
    address_of = None if addresses is None else np.asarray(addresses, dtype=object)
    ok = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    if len(ok) and len(buildings.parts):
        # points in Morton order, cut into one run per core: shapely releases the GIL, so
        # threads share the indexes and still use every core
        order = ok[morton_order(x[ok], y[ok])]
        owners = entrance_owners(buildings, entrances) if entrances is not None and \
            len(entrances) else None

        def propose(idx: np.ndarray) -> np.ndarray:
            return _propose(x[idx], y[idx], buildings, road_index,
                            None if classes is None else classes[idx], entrances,
                            entrance_kinds, road_names,
                            None if address_of is None else address_of[idx],
                            max_distance, category_preference_m, lot_tolerance_m, owners)

        found = in_threads(propose, order, workers, chunks_per_worker=1)
        part[order], distance[order] = found["part"], found["distance"]
        building_rule[order], entrance_rule[order] = found["building_rule"], \
            found["entrance_rule"]
        sx[order], sy[order] = found["x"], found["y"]
    spread_crowded(x, y, part, buildings, sx, sy, min_spacing_m)
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


def _propose(x: np.ndarray, y: np.ndarray, buildings: BuildingIndex,
             road_index: RoadIndex | None, point_classes: np.ndarray | None,
             entrances: np.ndarray | None, entrance_kinds: np.ndarray | None,
             road_names: np.ndarray | None, addresses: np.ndarray | None,
             max_distance: float, category_preference_m: float, lot_tolerance_m: float,
             owners: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Building and entrance for one run of points (all finite), as ``_PROPOSAL`` rows."""
    n = len(x)
    points = shapely.points(x, y)
    part, distance = nearest_part(points, buildings, max_distance)
    building_rule = np.full(n, "", dtype=object)
    building_rule[part >= 0] = np.where(distance[part >= 0] == 0, "contains", "nearest")
    if road_index is not None:
        prefer_own_lot(x, y, points, part, distance, building_rule, buildings, road_index,
                       lot_tolerance_m)
    if point_classes is not None:
        prefer_same_class(points, point_classes, buildings, part, distance, building_rule,
                          max_distance, category_preference_m)
    sx, sy = np.full(n, np.nan), np.full(n, np.nan)
    entrance_rule = np.full(n, "", dtype=object)
    todo = part >= 0
    if entrances is not None and len(entrances):
        done = explicit_entrances(x, y, part, buildings, entrances, entrance_kinds, sx, sy,
                                  owners)
        entrance_rule[done] = "explicit_entrance"
        todo &= ~done
    if road_index is not None and todo.any():
        done = road_facing(x, y, part, todo, buildings, road_index, sx, sy, addresses,
                           road_names)
        entrance_rule[done] = "road_facing"
        todo &= ~done
    if todo.any():
        outline(x, y, part, todo, buildings, sx, sy)
        entrance_rule[todo] = "outline"
    out = np.empty(n, dtype=_PROPOSAL)
    out["part"], out["distance"] = part, distance
    out["building_rule"], out["entrance_rule"] = building_rule, entrance_rule
    out["x"], out["y"] = sx, sy
    return out
