"""The ``in_water`` check: points inside rivers, lakes and ponds."""
from __future__ import annotations

import numpy as np
import shapely

from ..arrays import plain
from ..findings import FindingTable
from .context import Context

__all__ = ["check_in_water"]


def check_in_water(ctx: Context) -> FindingTable:
    """Points inside a water polygon, with a suggestion on land when one is within reach.

    The suggestion is the entrance of the building the point snaps to when there is one
    within ``snap_max_distance_m``; else the nearest point of the bank, nudged
    ``water_bank_nudge_m`` onto land, when the bank is that near; else none.
    """
    index = np.flatnonzero(ctx.in_water)
    if not len(index):
        return FindingTable.empty()
    x, y = ctx.metric_xy
    water = ctx.water_polygons[ctx.water_of[index]]
    points = shapely.points(x[index], y[index])
    boundary = shapely.boundary(water)
    bank = shapely.line_interpolate_point(boundary, shapely.line_locate_point(boundary, points))
    bx, by = shapely.get_x(bank), shapely.get_y(bank)
    gap = np.hypot(bx - x[index], by - y[index])
    nudge = ctx.params.water_bank_nudge_m / np.maximum(gap, 1e-9)
    bank_x, bank_y = bx + (bx - x[index]) * nudge, by + (by - y[index]) * nudge
    snap = ctx.snap
    to_building = snap.part[index] >= 0
    to_bank = ~to_building & (gap <= ctx.params.snap_max_distance_m)
    sx = np.where(to_building, snap.x[index], np.where(to_bank, bank_x, np.nan))
    sy = np.where(to_building, snap.y[index], np.where(to_bank, bank_y, np.nan))
    ok = np.isfinite(sx)
    lon, lat = np.full(len(index), np.nan), np.full(len(index), np.nan)
    lon[ok], lat[ok] = ctx.to_wgs84(sx[ok], sy[ok])
    water_ids = ctx.layers["water"].ids[ctx.water_of[index]]
    suggestion = np.where(to_building, "building", np.where(to_bank, "bank", "none"))
    return FindingTable.for_points(
        index, check="in_water", severity="error", message_code="in_water",
        params=[{"suggestion": s, "bank_distance_m": round(float(g), 1)}
                for s, g in zip(suggestion, gap)],
        related_id=[plain(w) for w in water_ids],
        score=np.where(ok, 0.8, 0.5), suggested_x=lon, suggested_y=lat)
