"""The ``stacked`` check: different places collected at one spot.

A collector who forgets to walk to each door leaves several points with different names
on top of each other. Points with the same name at one spot are duplicates, not stacked.
"""
from __future__ import annotations

import numpy as np
import shapely

from ..findings import FindingTable
from ..groups import connected_groups
from ..text import match_key
from .context import Context

__all__ = ["check_stacked", "stacked_pairs", "stacked_findings"]


def check_stacked(ctx: Context) -> FindingTable:
    """Groups of points closer than ``stacked_tolerance_m`` whose names differ."""
    left, right = stacked_pairs(ctx)
    return stacked_findings(ctx.points.ids, left, right)


def stacked_pairs(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of points (positions, the first the lower) closer than
    ``stacked_tolerance_m`` whose names differ."""
    empty = np.empty(0, dtype=np.int64)
    located = np.flatnonzero(ctx.located)
    if len(located) < 2:
        return empty, empty
    geoms = ctx.metric_points[located]
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="dwithin",
                             distance=ctx.params.stacked_tolerance_m)
    keep = left < right
    left, right = located[left[keep]], located[right[keep]]
    names = ctx.points.attribute("name")
    if names is not None and len(left):
        keys = {i: match_key(names[i]) for i in np.unique(np.concatenate([left, right]))}
        differ = np.array([keys[a] != keys[b] for a, b in zip(left, right)], dtype=bool)
        left, right = left[differ], right[differ]
    return left, right


def stacked_findings(ids: np.ndarray, left: np.ndarray, right: np.ndarray) -> FindingTable:
    """The ``stacked`` findings of the pairs ``left``-``right`` (positions of points whose
    ids are ``ids``): one per member of each connected group."""
    if not len(left):
        return FindingTable.empty()
    members = np.unique(np.concatenate([left, right]))
    position = {p: k for k, p in enumerate(members)}
    labels = connected_groups(len(members), np.array([position[a] for a in left]),
                              np.array([position[b] for b in right]))
    order = np.lexsort((members, labels))
    sorted_labels = labels[order]
    starts = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]])
    second_of = dict(zip(sorted_labels[starts], members[order[starts + 1]]))
    first = members[labels]
    sizes = np.bincount(labels, minlength=len(members))[labels]
    group = [f"stacked-{ids[f]}" for f in first]
    # each member points at its group's first member; the first one at the second
    related = [ids[f] if f != m else ids[second_of[label]]
               for f, m, label in zip(first, members, labels)]
    return FindingTable.for_points(
        members, check="stacked", severity="warning", message_code="stacked",
        params=[{"count": int(s)} for s in sizes], group_id=group, related_id=related,
        score=0.9)
