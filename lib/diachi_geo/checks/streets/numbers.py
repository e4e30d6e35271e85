"""The ``house_number_out_of_sequence`` check: a house number that breaks the order of its
neighbours along the street ("No. 12 placed between 140 and 144").

Numbers grow along a street, odd on one side and even on the other, so the points of one
street (same commune, same street, not down a lane) and one parity are put in order along
the street: along the road of that name when the map has it within ``street_search_m``,
else along the straight line that fits the street's points (when they lie along one). A
sequence is judged when it has ``house_sequence_min_points`` numbered points and its
numbers mostly follow the order (rank correlation at least ``MIN_ORDER``). A point is out
of sequence when its number lies outside the medians of the (up to) three numbers before
it and the three after it, and the place its number belongs, between the points whose
numbers bracket it, is ``house_sequence_min_shift_m`` or more away: GPS drift past a
neighbour or two is not reported. A sequence where more than ``MAX_SHARE`` of the points
are out of order is not one and is left alone. Sub-numbers ("12/3") and ranges ("12-14")
are left out; "12A" counts as 12½.
"""
from __future__ import annotations

import warnings

import numpy as np
import shapely

from ...arrays import plain
from ...findings import FindingTable
from ..context import Context
from .hamlets import group_median
from .parse import StreetAddresses, street_addresses
from .roads import street_roads

__all__ = ["check_house_number_sequence", "street_groups", "rank_correlation", "MIN_ORDER",
           "MAX_SHARE", "NEIGHBOURS", "STEPS", "MAX_SPREAD"]

MIN_ORDER = 0.5
"""Spearman rank correlation of position and number a sequence needs, its suspects left
out, to be judged."""
MAX_SHARE = 0.25
NEIGHBOURS = 3
STEPS = 1.0
"""A number is out of sequence when it lies more than this many of the sequence's usual
steps (between numbers next to each other along it) outside the numbers around it."""
MAX_SPREAD = 0.35
"""Street points without a road are put on their fitted line only when they spread along
it: the spread across it is at most this share of the spread along it."""


def check_house_number_sequence(ctx: Context) -> FindingTable:
    """Points whose house number breaks the order of their neighbours on the street."""
    parsed = street_addresses(ctx)
    p = ctx.params
    index = np.flatnonzero(ctx.located & (parsed.street >= 0) & ~parsed.lane &
                           np.isfinite(parsed.house))
    if len(index) < p.house_sequence_min_points:
        return FindingTable.empty()
    x, y = (c[index] for c in ctx.metric_xy)
    line = _road_line(ctx, parsed, index, x, y)
    street_group = street_groups(parsed, index)
    t = np.full(len(index), np.nan)
    on_road = line >= 0
    if on_road.any():
        lines = street_roads(ctx).lines[0]
        t[on_road] = shapely.line_locate_point(lines[line[on_road]],
                                               shapely.points(x[on_road], y[on_road]))
    t[~on_road] = _along_fitted_line(x, y, street_group, ~on_road)
    house = parsed.house[index]
    side = np.floor(house).astype(np.int64) % 2
    key = (street_group * (line.max(initial=-1) + 2) + line + 1) * 2 + side
    sequence = np.where(np.isfinite(t), np.unique(key, return_inverse=True)[1].ravel(), -1)
    return _out_of_sequence(ctx, parsed, index, x, y, t, house, sequence)


def street_groups(parsed: StreetAddresses, index: np.ndarray) -> np.ndarray:
    """The street of each point ``index`` (its commune and its street's folded name) as a
    number 0..k-1.

    Examples
    --------
    >>> from diachi_geo.checks.streets.parse import parse_addresses
    >>> a = parse_addresses(np.array(["1 Lê Lợi", "2 Le Loi", "3 Trần Phú"], dtype=object))
    >>> street_groups(a, np.arange(3)).tolist()
    [0, 0, 1]
    """
    folded_ids: dict[str, int] = {}
    street_folded = np.array([folded_ids.setdefault(s.folded, len(folded_ids))
                              for s in parsed.streets], dtype=np.int64)[parsed.street[index]]
    commune = parsed.commune[index] + 1
    return np.unique(commune * (len(folded_ids) + 1) + street_folded,
                     return_inverse=True)[1].ravel()


def _road_line(ctx: Context, parsed: StreetAddresses, index: np.ndarray, x: np.ndarray,
               y: np.ndarray) -> np.ndarray:
    """The merged road line of the point's street nearest to it within ``street_search_m``
    (position in ``street_roads(ctx).lines``), -1 when none."""
    out = np.full(len(index), -1)
    if not ctx.has("roads"):
        return out
    roads = street_roads(ctx)
    lines, line_name = roads.lines
    if not len(lines):
        return out
    name = np.array([roads.folded_ids.get(s.folded, -1) for s in parsed.streets],
                    dtype=np.int64)[parsed.street[index]]
    points = shapely.points(x, y)
    pos, near = shapely.STRtree(lines).query(points, predicate="dwithin",
                                             distance=ctx.params.street_search_m)
    same = line_name[near] == name[pos]
    pos, near = pos[same], near[same]
    distance = shapely.distance(points[pos], lines[near])
    order = np.lexsort((distance, pos))
    pos, near = pos[order], near[order]
    first = np.r_[True, pos[1:] != pos[:-1]] if len(pos) else np.zeros(0, dtype=bool)
    out[pos[first]] = near[first]
    return out


def _along_fitted_line(x: np.ndarray, y: np.ndarray, group: np.ndarray,
                       wanted: np.ndarray) -> np.ndarray:
    """Position of the ``wanted`` points along the principal axis of their group's points
    (NaN where the group does not spread along one line)."""
    g, px, py = group[wanted], x[wanted], y[wanted]
    if not len(g):
        return np.empty(0)
    size = np.bincount(g).astype(float)
    size[size == 0] = 1
    mx, my = np.bincount(g, px) / size, np.bincount(g, py) / size
    dx, dy = px - mx[g], py - my[g]
    sxx, syy, sxy = (np.bincount(g, v) for v in (dx * dx, dy * dy, dx * dy))
    angle = 0.5 * np.arctan2(2 * sxy, sxx - syy)
    half, mid = np.hypot((sxx - syy) / 2, sxy), (sxx + syy) / 2
    straight = np.sqrt(np.maximum(mid - half, 0)) <= MAX_SPREAD * np.sqrt(mid + half)
    t = dx * np.cos(angle[g]) + dy * np.sin(angle[g])
    return np.where(straight[g], t, np.nan)


def rank_correlation(t: np.ndarray, value: np.ndarray, group: np.ndarray, groups: int
                     ) -> np.ndarray:
    """Spearman's rank correlation of ``t`` and ``value`` in each group 0..groups-1 (0 for
    a group of fewer than two).

    Examples
    --------
    >>> rank_correlation(np.arange(5.0), np.array([1.0, 2, 3, 5, 4]), np.zeros(5, int), 1)
    array([0.9])
    """
    counts = np.bincount(group, minlength=groups)
    start = np.r_[0, np.cumsum(counts)[:-1]]
    place, number = np.empty(len(t)), np.empty(len(t))
    by_place, by_number = np.lexsort((t, group)), np.lexsort((value, group))
    place[by_place] = np.arange(len(t)) - start[group[by_place]]
    number[by_number] = np.arange(len(t)) - start[group[by_number]]
    n = counts.astype(float)
    spread = np.bincount(group, (place - number) ** 2, minlength=groups)
    return np.where(n > 1, 1 - 6 * spread / np.maximum(n * (n * n - 1), 1), 0.0)


def _shifted(values: np.ndarray, sequence: np.ndarray, step: int) -> np.ndarray:
    """``values`` moved ``step`` places along (NaN across a change of sequence)."""
    out = np.full(len(values), np.nan)
    if step > 0:
        out[step:] = np.where(sequence[step:] == sequence[:-step], values[:-step], np.nan)
    else:
        out[:step] = np.where(sequence[:step] == sequence[-step:], values[-step:], np.nan)
    return out


def _out_of_sequence(ctx: Context, parsed: StreetAddresses, index: np.ndarray,
                     x: np.ndarray, y: np.ndarray, t: np.ndarray, house: np.ndarray,
                     sequence: np.ndarray) -> FindingTable:
    p = ctx.params
    keep = sequence >= 0
    size = np.bincount(sequence[keep], minlength=sequence.max(initial=-1) + 1)
    keep &= size[np.maximum(sequence, 0)] >= p.house_sequence_min_points
    rows = np.flatnonzero(keep)
    if not len(rows):
        return FindingTable.empty()
    seq = np.unique(sequence[rows], return_inverse=True)[1].ravel()
    counts = np.bincount(seq)
    direction = np.where(rank_correlation(t[rows], house[rows], seq, len(counts)) >= 0,
                         1.0, -1.0)
    # in order along the street, numbers made to grow
    order = rows[np.lexsort((t[rows], seq))]
    s = np.sort(seq)
    value = house[order] * direction[s]
    before = np.column_stack([_shifted(value, s, k) for k in range(1, NEIGHBOURS + 1)])
    after = np.column_stack([_shifted(value, s, -k) for k in range(1, NEIGHBOURS + 1)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)      # all-NaN rows at the ends
        low, high = np.nanmedian(before, axis=1), np.nanmedian(after, axis=1)
    n_before, n_after = np.isfinite(before).sum(1), np.isfinite(after).sum(1)
    # at an end of the street, the side that has neighbours needs two of them
    low_ok = n_before >= np.where(n_after > 0, 1, 2)
    high_ok = n_after >= np.where(n_before > 0, 1, 2)
    beyond = np.fmax(np.where(low_ok, low - value, 0), np.where(high_ok, value - high, 0))
    consistent = (n_before == 0) | (n_after == 0) | (low <= high)
    # one step out of place is GPS drift or a re-collected neighbour, not a wrong house
    step = np.where(s[1:] == s[:-1], np.abs(np.diff(value)), np.nan)
    usual = group_median(np.r_[step, np.nan], s)
    suspect = consistent & (beyond > STEPS * np.fmax(usual[s], 1))
    # judged on the points left: their numbers must follow the order, the same way
    rest = ~suspect
    clean = rank_correlation(t[order][rest], value[rest], s[rest], len(counts))
    share = np.bincount(s, suspect, minlength=len(counts)) / counts
    suspect &= (clean[s] >= MIN_ORDER) & (share[s] <= MAX_SHARE)
    if not suspect.any():
        return FindingTable.empty()
    return _findings(ctx, parsed, index, x, y, order, s, value, suspect)


def _findings(ctx: Context, parsed: StreetAddresses, index: np.ndarray, x: np.ndarray,
              y: np.ndarray, order: np.ndarray, s: np.ndarray, value: np.ndarray,
              suspect: np.ndarray) -> FindingTable:
    """Findings for the suspects whose place in the sequence is far enough, with the
    place between the numbers that bracket theirs as the suggestion."""
    good = np.flatnonzero(~suspect)
    span = np.abs(value).max() * 2 + 2
    good = good[np.lexsort((value[good], s[good]))]
    good_key = s[good] * span + value[good]
    cand = np.flatnonzero(suspect)
    at = np.searchsorted(good_key, s[cand] * span + value[cand])
    hi = good[np.minimum(at, len(good) - 1)]
    lo = good[np.maximum(at - 1, 0)]
    has_hi = (at < len(good)) & (s[hi] == s[cand])
    has_lo = (at > 0) & (s[lo] == s[cand])
    px, py = x[order], y[order]
    gap = np.where(has_hi & has_lo, value[hi] - value[lo], 1.0)
    frac = np.where(gap > 0, (value[cand] - value[lo]) / np.where(gap > 0, gap, 1), 0.5)
    sx = np.where(has_lo & has_hi, px[lo] + frac * (px[hi] - px[lo]), np.nan)
    sy = np.where(has_lo & has_hi, py[lo] + frac * (py[hi] - py[lo]), np.nan)
    # with one bracket only (the smallest or largest number), its nearest number's place
    end = np.where(has_lo, lo, hi)
    ex = np.where(has_lo & has_hi, sx, px[end])
    ey = np.where(has_lo & has_hi, sy, py[end])
    shift = np.hypot(ex - px[cand], ey - py[cand])
    far = (has_lo | has_hi) & (shift >= ctx.params.house_sequence_min_shift_m)
    cand, lo, hi, end, shift = cand[far], lo[far], hi[far], end[far], shift[far]
    bracket = (has_lo & has_hi)[far]
    sx, sy = sx[far], sy[far]
    points = index[order]
    text = parsed.house_text
    lon, lat = np.full(len(cand), np.nan), np.full(len(cand), np.nan)
    if bracket.any():
        lon[bracket], lat[bracket] = ctx.to_wgs84(sx[bracket], sy[bracket])
    params = []
    for k, c in enumerate(cand.tolist()):
        near = [str(text[points[c + d]]) for d in (-1, 1)
                if 0 <= c + d < len(s) and s[c + d] == s[c]]
        item = {"number": str(text[points[c]]),
                "street": parsed.streets[parsed.street[points[c]]].written,
                "neighbours": ", ".join(near), "shift_m": round(float(shift[k]))}
        if bracket[k]:
            item.update(low=str(text[points[lo[k]]]), high=str(text[points[hi[k]]]))
        else:
            item["place"] = str(text[points[end[k]]])
        params.append(item)
    ids = ctx.points.ids
    return FindingTable.for_points(
        points[cand], check="house_number_out_of_sequence", severity="warning",
        message_code=np.where(bracket, "house_number_out_of_sequence",
                              "house_number_out_of_sequence_end"),
        params=params, related_id=[plain(ids[points[e]]) for e in end],
        score=np.where(bracket, 0.6, 0.4), suggested_x=lon, suggested_y=lat)
