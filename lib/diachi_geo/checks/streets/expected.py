"""Where a far point's address puts it: between the neighbours whose house numbers bracket
its own, and the building there as its far candidate.

A point 30–100 m from every building gets a low-confidence candidate
(:mod:`diachi_geo.snap.far`). In a village of close-set houses the nearest building is
usually a neighbour's; the address knows better. The point's street neighbours (same
commune, same street, same side: odd or even, as for ``house_number_out_of_sequence``; not
down a lane), the point itself left out, give the numbers just below and just above its
own; its expected position lies between those two neighbours (at the entrances they snap
to, else where they were collected), as far along as its number lies between theirs. The
building nearest to that position becomes the candidate when it is within
``snap_max_distance_far_m`` of the point; otherwise the nearest building stays.
"""
from __future__ import annotations

from dataclasses import dataclass
from weakref import WeakKeyDictionary

import numpy as np

from ...snap import Snap, expected_candidates
from ..context import Context
from .numbers import street_groups
from .parse import street_addresses

__all__ = ["FarSuggestions", "far_suggestions", "expected_positions",
           "expected_numbers"]


@dataclass
class FarSuggestions:
    """The far candidate of every point (``snap.part`` -1: none) and, for those chosen by
    house number (``snap.building_rule == "house_number"``), the house numbers of the
    neighbours that bracket theirs ("" elsewhere)."""

    snap: Snap
    low: np.ndarray
    high: np.ndarray

    @property
    def chosen_by(self) -> np.ndarray:
        """``"house_number"``, ``"vacant"`` (:mod:`diachi_geo.snap.vacant`), ``"nearest"``
        or "" (no candidate) for every point."""
        rule = self.snap.building_rule
        return np.where(np.isin(rule, ("house_number", "vacant")), rule,
                        np.where(self.snap.part >= 0, "nearest", "")).astype(object)


def expected_positions(ctx: Context, wanted: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Expected position (metres) of the points ``wanted`` (a mask) from their street
    neighbours' house numbers, and the neighbours just below and above (positions among
    all points); NaN and -1 where the address has no street or number, is down a lane, or
    no neighbour on each side brackets it."""
    n = len(ctx.points)
    ex, ey = np.full(n, np.nan), np.full(n, np.nan)
    low, high = np.full(n, -1), np.full(n, -1)
    if not wanted.any() or ctx.points.attribute("address") is None:
        return ex, ey, low, high
    parsed = street_addresses(ctx)
    numbered = ctx.located & (parsed.street >= 0) & ~parsed.lane & np.isfinite(parsed.house)
    index = np.flatnonzero(numbered)
    want = wanted[index]
    # neighbours to place by: located on land (a point in water is no guide)
    anchor = ~ctx.in_water[index]
    if not want.any() or anchor.sum() < 2:
        return ex, ey, low, high
    house = parsed.house[index]
    key = street_groups(parsed, index) * 2 + np.floor(house).astype(np.int64) % 2
    span = float(house.max()) * 2 + 2
    anchors = np.flatnonzero(anchor)
    anchors = anchors[np.lexsort((house[anchors], key[anchors]))]
    ordered = key[anchors] * span + house[anchors]
    rows = np.flatnonzero(want)
    value = key[rows] * span + house[rows]
    below = np.searchsorted(ordered, value, side="left") - 1
    above = np.searchsorted(ordered, value, side="right")
    lo = anchors[np.maximum(below, 0)]
    hi = anchors[np.minimum(above, len(anchors) - 1)]
    bracketed = (below >= 0) & (above < len(anchors)) & (key[lo] == key[rows]) & \
        (key[hi] == key[rows])
    rows, lo, hi = rows[bracketed], lo[bracketed], hi[bracketed]
    # a neighbour stands at the entrance it snaps to (its house), else where collected
    snapped = ctx.snap.part[index] >= 0
    x = np.where(snapped, ctx.snap.x[index], ctx.metric_xy[0][index])
    y = np.where(snapped, ctx.snap.y[index], ctx.metric_xy[1][index])
    frac = (house[rows] - house[lo]) / (house[hi] - house[lo])
    at = index[rows]
    ex[at] = x[lo] + frac * (x[hi] - x[lo])
    ey[at] = y[lo] + frac * (y[hi] - y[lo])
    low[at], high[at] = index[lo], index[hi]
    return ex, ey, low, high


def expected_numbers(ctx: Context, wanted: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`expected_positions` of the points ``wanted``, with the house numbers of the
    neighbours below and above ("" where none) instead of their positions."""
    ex, ey, low, high = expected_positions(ctx, wanted)
    numbers = street_addresses(ctx).house_text if (low >= 0).any() else None

    def number(at: np.ndarray) -> np.ndarray:
        out = np.full(len(at), "", dtype=object)
        if numbers is not None:
            out[at >= 0] = numbers[at[at >= 0]]
        return out

    return ex, ey, number(low), number(high)


_CACHE: WeakKeyDictionary[Context, FarSuggestions] = WeakKeyDictionary()


def far_suggestions(ctx: Context) -> FarSuggestions:
    """The far candidates of ``ctx``'s points: by house number where the address places the
    point, else the nearest building (``ctx.far_snap``); computed once per run (the
    expected positions are ``ctx.expected_far`` when a run in parts gives them)."""
    if ctx not in _CACHE:
        nearest = ctx.far_snap
        ex, ey, low, high = ctx.expected_far or expected_numbers(ctx, ctx.far_points)
        x, y = ctx.metric_xy
        p = ctx.params
        snap = expected_candidates(x, y, ex, ey, ctx.building_index, nearest,
                                   near_m=p.snap_max_distance_m,
                                   far_m=p.snap_max_distance_far_m, **ctx.snap_options)
        chosen = snap.building_rule == "house_number"
        _CACHE[ctx] = FarSuggestions(snap, np.where(chosen, low, ""),
                                     np.where(chosen, high, ""))
    return _CACHE[ctx]
