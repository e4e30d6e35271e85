"""The ``hamlet_outlier`` check: a point far from every other point of its own hamlet.

The houses of a hamlet (thôn, xóm, ấp, bản, tổ dân phố, khu phố) stand together, though a
hamlet may stretch along kilometres of road or in several clusters. A point is judged in
two steps, both robust to a few bad points and working for hamlets of five points:

1. it lies well outside the hamlet's core: farther from the hamlet's median centre than
   ``CENTRE_FACTOR`` times the median distance of its points from it (a hamlet strung
   along a road or in two clusters has a wide core, and nothing stands out);
2. and it is alone: its nearest other point of the hamlet is farther than
   ``NEAREST_FACTOR`` times the hamlet's median nearest-neighbour distance, and farther
   than ``hamlet_outlier_min_m``.

Hamlets are told apart by commune (its code, else the commune in the address): "thôn 1"
is in many communes.
"""
from __future__ import annotations

import numpy as np
import shapely

from ...arrays import plain
from ...findings import FindingTable
from ..context import Context
from .parse import street_addresses

__all__ = ["check_hamlet_outlier", "CENTRE_FACTOR", "NEAREST_FACTOR"]

CENTRE_FACTOR = 3.0
NEAREST_FACTOR = 5.0


def check_hamlet_outlier(ctx: Context) -> FindingTable:
    """Located points far from all other located points of their hamlet and commune."""
    parsed = street_addresses(ctx)
    index = np.flatnonzero(ctx.located & (parsed.hamlet >= 0))
    if not len(index):
        return FindingTable.empty()
    key = (parsed.commune[index] + 1) * (len(parsed.hamlets) + 1) + parsed.hamlet[index]
    _, group = np.unique(key, return_inverse=True)
    size = np.bincount(group)
    judged = size[group] >= ctx.params.hamlet_min_points
    index = index[judged]
    _, group = np.unique(group[judged], return_inverse=True)
    size = np.bincount(group)
    if not len(index):
        return FindingTable.empty()
    x, y = (c[index] for c in ctx.metric_xy)
    cx, cy = group_median(x, group), group_median(y, group)
    from_centre = np.hypot(x - cx[group], y - cy[group])
    core = group_median(from_centre, group)
    minimum = ctx.params.hamlet_outlier_min_m
    outside = np.flatnonzero(from_centre > np.maximum(minimum, CENTRE_FACTOR * core[group]))
    found, nearest, distance, typical = [], [], [], []
    for g in np.unique(group[outside]).tolist():
        members = np.flatnonzero(group == g)
        points = shapely.points(x[members], y[members])
        (left, right), gap = shapely.STRtree(points).query_nearest(
            points, exclusive=True, return_distance=True, all_matches=False)
        alone = np.full(len(members), np.inf)
        partner = np.full(len(members), -1)
        alone[left], partner[left] = gap, right
        usual = float(np.median(alone[np.isfinite(alone)])) if np.isfinite(alone).any() else 0
        mine = np.isin(members, outside)
        far = mine & (alone > max(minimum, NEAREST_FACTOR * usual)) & np.isfinite(alone)
        for k in np.flatnonzero(far).tolist():
            found.append(members[k])
            nearest.append(members[partner[k]])
            distance.append(alone[k])
            typical.append(usual)
    if not found:
        return FindingTable.empty()
    found_arr = np.array(found)
    at = index[found_arr]
    ids = ctx.points.ids
    params = [{"hamlet": parsed.hamlets[parsed.hamlet[i]], "distance_m": round(float(d)),
               "typical_m": round(float(t)), "count": int(size[group[f]])}
              for i, f, d, t in zip(at, found_arr, distance, typical)]
    return FindingTable.for_points(at, check="hamlet_outlier", severity="warning",
                                   message_code="hamlet_outlier", params=params,
                                   related_id=[plain(ids[index[n]]) for n in nearest],
                                   score=0.6)


def group_median(values: np.ndarray, group: np.ndarray) -> np.ndarray:
    """The median of ``values`` in each group (groups numbered 0..g-1, all present).

    Examples
    --------
    >>> group_median(np.array([5.0, 1.0, 9.0, 2.0, 4.0]), np.array([0, 0, 0, 1, 1])).tolist()
    [5.0, 3.0]
    """
    order = np.lexsort((values, group))
    counts = np.bincount(group)
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    low = values[order][starts + (counts - 1) // 2]
    high = values[order][starts + counts // 2]
    return (low + high) / 2
