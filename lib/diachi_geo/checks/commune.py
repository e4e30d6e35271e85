"""The commune checks: ``outside_commune`` (the point is not in the commune it declares, by
code, old code or name) and ``commune_mismatch`` (its code and its written commune name
name two different communes). What each point declares is worked out in
:mod:`.commune_names`."""
from __future__ import annotations

import numpy as np
import shapely

from ..findings import FindingTable
from .commune_names import CommuneResolution
from .context import Context

__all__ = ["check_outside_commune", "check_commune_mismatch"]


def check_outside_commune(ctx: Context) -> FindingTable:
    """Points not in (or within the border tolerance of) the commune they declare.

    The commune is the one of the point's code; an old (pre-2025) code counts through the
    bundled conversion table (a split commune: any of its new communes); a blank or
    unknown code is replaced by the commune the point's name column or address names.
    ``params.resolved_from`` says which (``code``, ``old_code``, ``commune_name``,
    ``address``); ``related_id`` is the code of the commune the point is in (None when it
    is in none); a code nothing knows gives message ``unknown_commune_code`` (a warning)
    unless its name puts it outside.
    """
    res = ctx.commune_resolution
    if res.converted:
        ctx.run_notes.append(("outside_commune", "old_codes_converted",
                              {"count": res.converted, "partial": res.converted_partial}))
    by_code = res.code_set >= 0
    by_name = ~by_code & (res.name_set >= 0)
    declared = np.where(by_code, res.code_set, np.where(by_name, res.name_set, -1))
    located = ctx.located
    outside = np.flatnonzero(located & (declared >= 0))
    outside = outside[~_inside_any(ctx, res, declared, outside)]
    # an unknown code stays a warning even when the name shows where the point belongs
    unknown = np.flatnonzero(located & (res.code_set == -2))
    unknown = unknown[~np.isin(unknown, outside)]
    codes = ctx.commune_codes
    containing = ctx.containing_commune
    declared_codes = ctx.points.attribute("commune_code")

    def found(i: int) -> object:
        return codes[containing[i]] if containing[i] >= 0 else None

    def params(i: int) -> dict:
        source = res.code_from[i] if by_code[i] else res.name_from[i]
        out = {"declared": declared_codes[i] if declared_codes is not None else "",
               "found": found(i), "resolved_from": source}
        if source != "code":
            out["resolved"] = ", ".join(codes[res.sets[declared[i]]].tolist())
        if not by_code[i]:
            out["name"] = res.name_text[i]
        return out

    messages = {"code": "outside_commune", "old_code": "outside_commune_old_code",
                "commune_name": "outside_commune_by_name", "address": "outside_commune_by_name"}
    outside_params = [params(i) for i in outside]
    table = FindingTable.for_points(
        outside, check="outside_commune", severity="error",
        message_code=[messages[p["resolved_from"]] for p in outside_params],
        params=outside_params, related_id=[found(i) for i in outside])
    not_known = FindingTable.for_points(
        unknown, check="outside_commune", severity="warning",
        message_code="unknown_commune_code",
        params=[{"declared": declared_codes[i], "found": found(i)} for i in unknown],
        related_id=[found(i) for i in unknown])
    return FindingTable.concat([table, not_known])


def check_commune_mismatch(ctx: Context) -> FindingTable:
    """Points whose code (or old code) and written commune name (name column, else the
    commune part of the address) name different communes.

    Old names count as their new communes, so "xã Thiệu Đô" written before the merger
    agrees with the code of the commune it became part of. ``related_id`` is the code of
    the commune the point lies in, which tells which of the two is right.
    """
    res = ctx.commune_resolution
    both = np.flatnonzero((res.code_set >= 0) & (res.name_any >= 0))
    pairs = {(a, b) for a, b in zip(res.code_set[both].tolist(), res.name_any[both].tolist())}
    disjoint = {(a, b) for a, b in pairs
                if not np.intersect1d(res.sets[a], res.sets[b]).size}
    hits = np.array([i for i in both if (res.code_set[i], res.name_any[i]) in disjoint],
                    dtype=np.int64) if disjoint else np.empty(0, dtype=np.int64)
    codes = ctx.commune_codes
    names = ctx.layers["communes"].attributes.get("name")
    containing = ctx.containing_commune if len(hits) else np.empty(0, dtype=np.int64)
    declared_codes = ctx.points.attribute("commune_code")

    def found(i: int) -> object:
        return codes[containing[i]] if ctx.located[i] and containing[i] >= 0 else None

    def params(i: int) -> dict:
        code_members = res.sets[res.code_set[i]]
        return {"declared": declared_codes[i],
                "code_name": ", ".join(str(names[m]) for m in code_members)
                if names is not None else "",
                "name": res.name_text[i], "resolved_from": res.name_from[i],
                "resolved": ", ".join(codes[res.sets[res.name_any[i]]].tolist()),
                "found": found(i)}

    return FindingTable.for_points(
        hits, check="commune_mismatch", severity="warning", message_code="commune_mismatch",
        params=[params(i) for i in hits], related_id=[found(i) for i in hits])


def _inside_any(ctx: Context, res: CommuneResolution, declared: np.ndarray,
                index: np.ndarray) -> np.ndarray:
    """Whether each point at ``index`` lies in (or within the border tolerance of) any
    polygon of its declared set: the containing commune first, then the distances."""
    containing = ctx.containing_commune[index]
    sets = declared[index]
    single = np.array([len(s) == 1 for s in res.sets], dtype=bool)
    first = np.array([s[0] for s in res.sets], dtype=np.int64) if res.sets else \
        np.empty(0, dtype=np.int64)
    inside = np.zeros(len(index), dtype=bool)
    one = single[sets] if len(sets) else np.zeros(0, dtype=bool)
    inside[one] = containing[one] == first[sets[one]]
    for s in np.unique(sets[~one]):               # split communes, names used twice
        at = np.flatnonzero(sets == s)
        inside[at] = np.isin(containing[at], res.sets[s])
    rest = np.flatnonzero(~inside)
    tolerance = ctx.params.commune_border_tolerance_m
    near = np.zeros(len(rest), dtype=bool)
    for s in np.unique(sets[rest]):
        at = np.flatnonzero(sets[rest] == s)
        polygons = ctx.commune_polygons[res.sets[s]]
        geometry = polygons[0] if len(polygons) == 1 else shapely.union_all(polygons)
        near[at] = shapely.dwithin(geometry, ctx.metric_points[index[rest[at]]], tolerance)
    inside[rest[near]] = True
    return inside
