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
from .subset import addresses_for

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
    numbers: np.ndarray
    """The house number as written of the far points and their neighbours ("" for the
    points whose address was not read)."""

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
    return _expected(ctx, wanted)[:4]


def _expected(ctx: Context, wanted: np.ndarray) -> tuple[np.ndarray, ...]:
    """:func:`expected_positions` and the house number as written of every point read
    ("" for the others: only those that may share a street with ``wanted`` are read)."""
    n = len(ctx.points)
    ex, ey = np.full(n, np.nan), np.full(n, np.nan)
    low, high = np.full(n, -1), np.full(n, -1)
    numbers = np.full(n, "", dtype=object)
    if not wanted.any() or ctx.points.attribute("address") is None:
        return ex, ey, low, high, numbers
    read, parsed = addresses_for(ctx, wanted)
    numbers[read] = parsed.house_text
    numbered = np.flatnonzero(ctx.located[read] & (parsed.street >= 0) & ~parsed.lane &
                              np.isfinite(parsed.house))
    index = read[numbered]
    want = wanted[index]
    # neighbours to place by: located on land (a point in water is no guide)
    anchor = ~ctx.in_water[index]
    if not want.any() or anchor.sum() < 2:
        return ex, ey, low, high, numbers
    house = parsed.house[numbered]
    key = street_groups(parsed, numbered) * 2 + np.floor(house).astype(np.int64) % 2
    # (street, side, number) as one exact integer: numbers ranked, not scaled
    rank = np.unique(house, return_inverse=True)[1].ravel()
    value = key * (int(rank.max()) + 1) + rank
    anchors = np.flatnonzero(anchor)
    anchors = anchors[np.lexsort((house[anchors], key[anchors]))]
    ordered = value[anchors]
    rows = np.flatnonzero(want)
    below = np.searchsorted(ordered, value[rows], side="left") - 1
    above = np.searchsorted(ordered, value[rows], side="right")
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
    return ex, ey, low, high, numbers


def expected_numbers(ctx: Context, wanted: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`expected_positions` of the points ``wanted``, with the house numbers of the
    neighbours below and above ("" where none) instead of their positions."""
    ex, ey, low, high, numbers = _expected(ctx, wanted)

    def number(at: np.ndarray) -> np.ndarray:
        out = np.full(len(at), "", dtype=object)
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
        if ctx.expected_far is None:
            ex, ey, lo, hi, numbers = _expected(ctx, ctx.far_points)
            low, high = (np.where(at >= 0, numbers[np.maximum(at, 0)], "") for at in (lo, hi))
        else:
            ex, ey, low, high = ctx.expected_far
            numbers = _own_numbers(ctx, ctx.far_points)
        x, y = ctx.metric_xy
        p = ctx.params
        snap = expected_candidates(x, y, ex, ey, ctx.building_index, nearest,
                                   near_m=p.snap_max_distance_m,
                                   far_m=p.snap_max_distance_far_m, **ctx.snap_options)
        chosen = snap.building_rule == "house_number"
        _CACHE[ctx] = FarSuggestions(snap, np.where(chosen, low, ""),
                                     np.where(chosen, high, ""), numbers)
    return _CACHE[ctx]


def _own_numbers(ctx: Context, wanted: np.ndarray) -> np.ndarray:
    """The house number as written of the points ``wanted`` ("" for the others)."""
    numbers = np.full(len(ctx.points), "", dtype=object)
    if wanted.any() and ctx.points.attribute("address") is not None:
        read, parsed = addresses_for(ctx, wanted)
        numbers[read] = parsed.house_text
    return numbers
