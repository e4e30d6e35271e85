"""Checks of where a point sits relative to buildings: ``snap`` and ``far_from_building``."""
from __future__ import annotations

import numpy as np

from ..arrays import plain
from ..findings import FindingTable
from .context import Context
from .streets.expected import far_suggestions

__all__ = ["check_snap", "check_far_from_building"]


def check_snap(ctx: Context) -> FindingTable:
    """Points whose proposed entrance is more than ``snap_min_move_m`` away."""
    snap = ctx.snap
    index = np.flatnonzero(ctx.located & ~ctx.in_water & (snap.part >= 0) &
                           (snap.moved > ctx.params.snap_min_move_m))
    lon, lat = ctx.to_wgs84(snap.x[index], snap.y[index])
    ids = ctx.layers["buildings"].ids
    severity = np.where(snap.moved[index] > ctx.params.snap_warning_move_m, "warning", "info")
    tables = []
    for level in ("warning", "info"):
        rows = severity == level
        at = index[rows]
        tables.append(FindingTable.for_points(
            at, check="snap", severity=level, message_code="snap",
            params=[{"building_rule": snap.building_rule[i], "entrance_rule": snap.entrance_rule[i],
                     "moved_m": round(float(snap.moved[i]), 2),
                     "building_distance_m": round(float(snap.building_distance[i]), 2)}
                    for i in at],
            score=snap.score[at], related_id=[plain(ids[b]) for b in snap.building[at]],
            suggested_x=lon[rows], suggested_y=lat[rows]))
    return FindingTable.concat(tables)


def check_far_from_building(ctx: Context) -> FindingTable:
    """Located points with no building within ``snap_max_distance_m`` (not those in water).

    When a building is within ``snap_max_distance_far_m``, its entrance (chosen as for
    snapping) is the suggestion, with a low score that falls with the distance
    (:mod:`diachi_geo.snap.far`); the score is also in ``params``. The building is the
    one the address's house number places the point at when its street neighbours bracket
    it (:mod:`.streets.expected`, ``params.chosen_by`` ``"house_number"``), else the
    nearest (``"nearest"``).
    """
    index = np.flatnonzero(ctx.far_points)
    radius = ctx.params.snap_max_distance_m
    suggestions = far_suggestions(ctx)
    far, chosen_by = suggestions.snap, suggestions.chosen_by
    found = far.part[index] >= 0
    lon, lat = np.full(len(index), np.nan), np.full(len(index), np.nan)
    if found.any():
        lon[found], lat[found] = ctx.to_wgs84(far.x[index[found]], far.y[index[found]])
    ids = ctx.layers["buildings"].ids
    numbers = suggestions.numbers
    params = [{"radius_m": radius} for _ in index]
    for k in np.flatnonzero(found):
        i = index[k]
        params[k].update(suggestion=f"{chosen_by[i]}_entrance", chosen_by=chosen_by[i],
                         building_rule=far.building_rule[i],
                         entrance_rule=far.entrance_rule[i],
                         building_distance_m=round(float(far.building_distance[i]), 1),
                         moved_m=round(float(far.moved[i]), 1), score=float(far.score[i]))
        if chosen_by[i] == "house_number":
            params[k].update(number=str(numbers[i]),
                             low=str(suggestions.low[i]), high=str(suggestions.high[i]))
    return FindingTable.for_points(
        index, check="far_from_building", severity="warning", message_code="far_from_building",
        params=params, score=np.where(found, far.score[index], 0.7),
        related_id=[plain(ids[far.building[i]]) if far.building[i] >= 0 else None
                    for i in index],
        suggested_x=lon, suggested_y=lat)
