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
    # only the hamlets with a point outside their core are looked at further
    layout = _GroupLayout(x, y, group, np.flatnonzero(np.isin(group, group[outside])))
    # most points outside the core still have a point of their hamlet within the minimum
    pos, other = layout.tree.query(layout.geometry(outside), predicate="dwithin",
                                   distance=minimum)
    other = layout.subset[other]
    near = (group[other] == group[outside[pos]]) & \
        (shapely.distance(layout.geometry(outside[pos]), layout.geometry(other)) > 0)
    outside = np.setdiff1d(outside, outside[pos[near]])
    # the rest: exact nearest distances in their hamlets, against each hamlet's usual one
    members = np.flatnonzero(np.isin(group, group[outside]))
    alone, partner = layout.nearest(members)
    usual = group_median(np.where(np.isfinite(alone), alone, np.nan), group[members])
    mine = np.isin(members, outside)
    far = mine & np.isfinite(alone) & (
        alone > np.maximum(minimum, NEAREST_FACTOR * usual[group[members]]))
    found, alone, partner = members[far], alone[far], partner[far]
    if not len(found):
        return FindingTable.empty()
    at = index[found]
    ids = ctx.points.ids
    params = [{"hamlet": parsed.hamlets[parsed.hamlet[i]], "distance_m": round(float(d)),
               "typical_m": round(float(t)), "count": int(c)}
              for i, d, t, c in zip(at, alone, usual[group[found]], size[group[found]])]
    return FindingTable.for_points(at, check="hamlet_outlier", severity="warning",
                                   message_code="hamlet_outlier", params=params,
                                   related_id=[plain(ids[index[n]]) for n in partner],
                                   score=0.6)


class _GroupLayout:
    """The points ``subset`` with each group moved to its own cell of a grid, far enough
    apart that a point's nearest neighbours are always of its own group: one tree answers
    for all groups. Points are given and returned by their position in ``x``."""

    def __init__(self, x: np.ndarray, y: np.ndarray, group: np.ndarray, subset: np.ndarray):
        gap = 4 * max(float(np.ptp(x)), float(np.ptp(y)), 1.0)
        side = int(np.ceil(np.sqrt(group.max() + 1)))
        self.group, self.subset = group, subset
        self.position = np.full(len(x), -1)
        self.position[subset] = np.arange(len(subset))
        g = group[subset]
        self.points = shapely.points(x[subset] - x.min() + g % side * gap,
                                     y[subset] - y.min() + g // side * gap)
        self.tree = shapely.STRtree(self.points)

    def geometry(self, which: np.ndarray) -> np.ndarray:
        """The moved points ``which`` (all in the subset)."""
        return self.points[self.position[which]]

    def nearest(self, which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Distance from each point ``which`` to the nearest other point of its group (at
        another spot), and that point; inf and -1 when it has none."""
        (left, right), distance = self.tree.query_nearest(
            self.geometry(which), exclusive=True, return_distance=True, all_matches=False)
        right = self.subset[right]
        alone, partner = np.full(len(which), np.inf), np.full(len(which), -1)
        same = self.group[which[left]] == self.group[right]
        alone[left[same]], partner[left[same]] = distance[same], right[same]
        return alone, partner


def group_median(values: np.ndarray, group: np.ndarray) -> np.ndarray:
    """The median of ``values`` in each group 0..max(group) (NaN for a group with none;
    NaN values count as the largest).

    Examples
    --------
    >>> group_median(np.array([5.0, 1.0, 9.0, 2.0, 4.0]), np.array([0, 0, 0, 2, 2])).tolist()
    [5.0, nan, 3.0]
    """
    if not len(values):
        return np.empty(0)
    ordered = values[np.lexsort((values, group))]
    counts = np.bincount(group)
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    low = ordered[np.clip(starts + (counts - 1) // 2, 0, len(values) - 1)]
    high = ordered[np.clip(starts + counts // 2, 0, len(values) - 1)]
    return np.where(counts > 0, (low + high) / 2, np.nan)
