"""Linked pairs into duplicate groups around a keeper, without chaining unrelated places."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...groups import connected_groups
from ...model import PointSet
from ...text import blank_mask

__all__ = ["Duplicates", "keeper_groups", "COMPLETENESS_FIELDS"]

COMPLETENESS_FIELDS = ("name", "category", "address", "digital_code", "house_number")
"""Filled fields make a record more complete: the most complete one is kept."""


@dataclass
class Duplicates:
    """Groups found: for each member, its keeper (positions in the points), its score, why
    the keeper was chosen and the pair that links it to the keeper (-1 for the keeper)."""

    members: np.ndarray
    keeper: np.ndarray
    score: np.ndarray
    reason: np.ndarray
    pair: np.ndarray

    @classmethod
    def empty(cls) -> Duplicates:
        """No duplicate pairs."""
        return cls(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0),
                   np.empty(0, dtype=object), np.empty(0, dtype=np.int64))


def keeper_groups(points: PointSet, index: np.ndarray, a: np.ndarray, b: np.ndarray,
                  score: np.ndarray, minutes: np.ndarray, pair_ids: np.ndarray
                  ) -> Duplicates:
    """Connected groups of the linked pairs ``a``-``b`` (positions into ``index``), each
    kept only around its keeper (the most complete record, then the most recent, then the
    first); members that do not match the keeper directly leave the group. ``pair_ids``
    names each pair."""
    if not len(a):
        return Duplicates.empty()
    n = len(index)
    labels = connected_groups(n, a, b)
    in_group = np.zeros(n, dtype=bool)
    in_group[a] = in_group[b] = True
    grouped = np.flatnonzero(in_group)  # a few per cent of the points: count only theirs
    filled = np.zeros(n)
    for name in COMPLETENESS_FIELDS:
        values = points.attribute(name)
        if values is not None:
            filled[grouped] += ~blank_mask(values[index[grouped]])
    recency = np.nan_to_num(minutes, nan=-np.inf)
    order = np.lexsort((-recency, -filled, labels))
    order = order[in_group[order]]
    first = np.r_[True, labels[order][1:] != labels[order][:-1]]
    keeper_of_label = dict(zip(labels[order][first].tolist(), order[first].tolist()))
    starts = np.flatnonzero(first)
    least_filled = np.minimum.reduceat(filled[order], starts)
    oldest = np.minimum.reduceat(recency[order], starts)
    reason_of_label = {
        label: "most_complete" if filled[keeper] > least else
        "most_recent" if recency[keeper] > old else "first"
        for (label, keeper), least, old in zip(keeper_of_label.items(), least_filled, oldest)}
    pair_of = {}
    for i, j, s, k in zip(a.tolist(), b.tolist(), score.tolist(), pair_ids.tolist()):
        pair_of[(i, j)] = pair_of[(j, i)] = (s, k)
    members, keepers, scores, reasons, pairs = [], [], [], [], []
    for position in grouped.tolist():
        keeper = keeper_of_label[labels[position]]
        if position == keeper:
            continue
        link = pair_of.get((position, keeper))
        if link is None:   # linked only through another member: not a duplicate of the keeper
            continue
        members.append(position)
        keepers.append(keeper)
        scores.append(link[0])
        pairs.append(link[1])
        reasons.append(reason_of_label[labels[keeper]])
    for keeper in sorted(set(keepers)):
        members.append(keeper)
        keepers.append(keeper)
        scores.append(1.0)
        pairs.append(-1)
        reasons.append(reason_of_label[labels[keeper]])
    return Duplicates(index[np.array(members, dtype=np.int64)],
                      index[np.array(keepers, dtype=np.int64)], np.array(scores),
                      np.array(reasons, dtype=object), np.array(pairs, dtype=np.int64))
