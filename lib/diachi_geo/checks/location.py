"""Checks of where a point is at all: broken geometry, 0,0, swapped axes, outside Vietnam."""
from __future__ import annotations

import numpy as np

from ..findings import FindingTable
from .context import Context

__all__ = ["check_invalid_geometry", "check_null_island", "check_swapped_latlon",
           "check_outside_country"]


def check_invalid_geometry(ctx: Context) -> FindingTable:
    """Null, empty, non-point, multi-part, non-finite or untransformable geometries."""
    problems = ctx.points.problems.copy()
    untransformable = (problems == "") & ~ctx.geometry_ok
    problems[untransformable] = "untransformable_coordinates"
    index = np.flatnonzero(problems != "")
    params = [dict(ctx.points.problem_params.get(int(i), {})) for i in index]
    for i, p in zip(index, params):
        if problems[i] == "untransformable_coordinates":
            p.update(x=float(ctx.points.x[i]), y=float(ctx.points.y[i]),
                     crs=ctx.points.crs.to_string())
    return FindingTable.for_points(index, check="invalid_geometry", severity="error",
                                   message_code=problems[index].tolist(), params=params)


def check_null_island(ctx: Context) -> FindingTable:
    """Points at or near longitude 0, latitude 0: the phone had no position fix."""
    index = np.flatnonzero(ctx.null_island)
    lon, lat = ctx.lonlat
    params = [{"lon": round(float(lon[i]), 6), "lat": round(float(lat[i]), 6)} for i in index]
    return FindingTable.for_points(index, check="null_island", severity="error",
                                   message_code="null_island", params=params)


def check_swapped_latlon(ctx: Context) -> FindingTable:
    """Points outside Vietnam that land in it (and in their commune) with x and y swapped."""
    index = np.flatnonzero(ctx.swapped)
    sx, sy = ctx.swapped_lonlat
    params = [{"in_declared_commune": bool(ctx.has("communes"))} for _ in index]
    return FindingTable.for_points(index, check="swapped_latlon", severity="error",
                                   message_code="swapped_latlon", params=params, score=0.95,
                                   suggested_x=sx[index], suggested_y=sy[index])


def check_outside_country(ctx: Context) -> FindingTable:
    """Points outside Vietnam's land and territorial sea (not explained by swapped axes)."""
    outside = ctx.geometry_ok & ~ctx.null_island & ~ctx.in_country & ~ctx.swapped
    index = np.flatnonzero(outside)
    lon, lat = ctx.lonlat
    params = [{"lon": round(float(lon[i]), 6), "lat": round(float(lat[i]), 6)} for i in index]
    return FindingTable.for_points(index, check="outside_country", severity="error",
                                   message_code="outside_country", params=params)
