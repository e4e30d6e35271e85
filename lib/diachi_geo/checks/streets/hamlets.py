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
from ...text import fold
from ..context import Context
from .parse import street_addresses

__all__ = ["check_hamlet_outlier", "CENTRE_FACTOR", "NEAREST_FACTOR", "USUAL_SAMPLE"]

CENTRE_FACTOR = 3.0
NEAREST_FACTOR = 5.0
USUAL_SAMPLE = 9
"""A hamlet's usual distance between neighbours is the median over this many of its
points (all of them in a smaller hamlet)."""


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
    # only the hamlets with a point outside their core are looked at further; most of
    # those points share a grid cell with another point of their hamlet (so have one
    # within the minimum), the others are searched within the minimum, then beyond
    looked_at = np.flatnonzero(np.isin(group, group[outside]))
    outside = outside[~_has_cell_mate(x, y, group, looked_at, minimum)[
        np.searchsorted(looked_at, outside)]]
    layout = _GroupLayout(x, y, group, np.flatnonzero(np.isin(group, group[outside])))
    near, _ = layout.nearest(outside, within=minimum)
    outside = outside[~np.isfinite(near)]
    alone, partner = layout.nearest(outside)
    lonely = np.isfinite(alone) & (alone > minimum)
    outside, alone, partner = outside[lonely], alone[lonely], partner[lonely]
    # against the usual distance between neighbours in the hamlet, from a few of its points
    sample = _spread_sample(np.flatnonzero(np.isin(group, group[outside])), group,
                            USUAL_SAMPLE)
    spacing, _ = layout.nearest(sample)
    usual = group_median(np.where(np.isfinite(spacing), spacing, np.nan), group[sample])
    far = alone > np.maximum(minimum, NEAREST_FACTOR * usual[group[outside]])
    found, alone, partner = outside[far], alone[far], partner[far]
    if not len(found):
        return FindingTable.empty()
    at = index[found]
    ids = ctx.points.ids
    written = _written_names(parsed.hamlet_written[index], group, group[found])
    params = [{"hamlet": w, "distance_m": round(float(d)),
               "typical_m": round(float(t)), "count": int(c)}
              for w, d, t, c in zip(written, alone, usual[group[found]], size[group[found]])]
    return FindingTable.for_points(at, check="hamlet_outlier", severity="warning",
                                   message_code="hamlet_outlier", params=params,
                                   related_id=[plain(ids[index[n]]) for n in partner],
                                   score=0.6)


def _written_names(written: np.ndarray, group: np.ndarray, wanted: np.ndarray) -> list[str]:
    """The name of each hamlet ``wanted`` as its own points write it: the first written
    with tone marks, else the first (so it does not depend on other communes' points).

    Examples
    --------
    >>> _written_names(np.array(["thon Dong", "Thôn Đông", "xom 1"], dtype=object),
    ...                np.array([0, 0, 1]), np.array([1, 0]))
    ['xom 1', 'Thôn Đông']
    """
    groups = np.unique(wanted)
    members = np.flatnonzero(np.isin(group, groups))
    members = members[np.argsort(group[members], kind="stable")]
    starts = np.searchsorted(group[members], groups)
    ends = np.searchsorted(group[members], groups, side="right")
    chosen: dict[int, str] = {}
    for g, start, end in zip(groups.tolist(), starts.tolist(), ends.tolist()):
        names = written[members[start:end]].tolist()
        chosen[g] = next((w for w in names if fold(w) != w.lower()), names[0])
    return [chosen[g] for g in wanted.tolist()]


def _has_cell_mate(x: np.ndarray, y: np.ndarray, group: np.ndarray, which: np.ndarray,
                   distance: float) -> np.ndarray:
    """Whether each point ``which`` shares a square of a grid whose diagonal is
    ``distance`` with a point of its group at another spot (which is then nearer than
    ``distance``).

    Examples
    --------
    >>> _has_cell_mate(np.array([0.0, 10, 900, 0]), np.zeros(4), np.array([0, 0, 0, 1]),
    ...                np.arange(4), 500.0).tolist()
    [True, True, False, False]
    """
    side = distance / np.sqrt(2)
    px, py, g = x[which], y[which], group[which]
    if not len(which):
        return np.zeros(0, dtype=bool)
    cx = np.floor((px - px.min()) / side).astype(np.int64)
    cy = np.floor((py - py.min()) / side).astype(np.int64)
    cell = (g.astype(np.int64) * (cx.max() + 1) + cx) * (cy.max() + 1) + cy
    order = np.lexsort((py, px, cell))
    c, sx, sy = cell[order], px[order], py[order]
    new_spot = np.r_[True, (c[1:] != c[:-1]) | (sx[1:] != sx[:-1]) | (sy[1:] != sy[:-1])]
    first = np.r_[True, c[1:] != c[:-1]]
    spots = np.add.reduceat(new_spot.astype(np.int64), np.flatnonzero(first))
    out = np.empty(len(which), dtype=bool)
    out[order] = np.repeat(spots > 1, np.diff(np.r_[np.flatnonzero(first), len(c)]))
    return out


def _spread_sample(which: np.ndarray, group: np.ndarray, count: int) -> np.ndarray:
    """About ``count`` of ``which`` in each group, taken evenly through it (all of a group
    of ``count`` or fewer).

    Examples
    --------
    >>> _spread_sample(np.arange(7), np.array([0, 0, 0, 0, 0, 1, 1]), 2).tolist()
    [0, 2, 4, 5, 6]
    """
    g = group[which]
    order = np.argsort(g, kind="stable")
    starts = np.r_[0, np.flatnonzero(np.diff(g[order])) + 1]
    sizes = np.diff(np.r_[starts, len(which)])
    rank = np.arange(len(which)) - np.repeat(starts, sizes)
    step = np.repeat(np.maximum(sizes // count, 1), sizes)
    return np.sort(which[order][rank % step == 0])


class _GroupLayout:
    """The points ``subset`` with each group moved to its own cell of a grid, far enough
    apart that a point's nearest neighbours are always of its own group: one tree answers
    for all groups. Points are given and returned by their position in ``x``."""

    def __init__(self, x: np.ndarray, y: np.ndarray, group: np.ndarray, subset: np.ndarray):
        gap = 4 * max(float(np.ptp(x)), float(np.ptp(y)), 1.0)
        side = int(np.ceil(np.sqrt(group.max() + 1)))
        self.group, self.subset, self.x, self.y = group, subset, x, y
        self.position = np.full(len(x), -1)
        self.position[subset] = np.arange(len(subset))
        g = group[subset]
        self.points = shapely.points(x[subset] - x.min() + g % side * gap,
                                     y[subset] - y.min() + g // side * gap)
        self.tree = shapely.STRtree(self.points)

    def geometry(self, which: np.ndarray) -> np.ndarray:
        """The moved points ``which`` (all in the subset)."""
        return self.points[self.position[which]]

    def nearest(self, which: np.ndarray, within: float | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
        """Distance from each point ``which`` to the nearest other point of its group (at
        another spot; only up to ``within`` when given), and that point; inf and -1 when
        it has none. Of points as near, the first; distances where they were collected
        (the same whatever other groups are laid out with them)."""
        left, right = self.tree.query_nearest(self.geometry(which), max_distance=within,
                                              exclusive=True, all_matches=True)
        right = self.subset[right]
        same = self.group[which[left]] == self.group[right]
        left, right = left[same], right[same]
        distance = np.hypot(self.x[which[left]] - self.x[right],
                            self.y[which[left]] - self.y[right])
        order = np.lexsort((right, distance, left))
        left, right, distance = left[order], right[order], distance[order]
        first = np.r_[True, left[1:] != left[:-1]] if len(left) else np.zeros(0, bool)
        alone, partner = np.full(len(which), np.inf), np.full(len(which), -1)
        alone[left[first]], partner[left[first]] = distance[first], right[first]
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
