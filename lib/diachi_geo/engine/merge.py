"""The parts of a run merged into the findings one run over everything gives.

Each part holds the findings of the points it owns, so those are only put together. The
stacked and duplicate pairs each belong to the part owning their first point (each pair
is in exactly one part); their groups are connected here, over all the pairs at once, so
a group that spans tiles is one group with one keeper, as in a single run. The points
found in a published registry follow the groups, as in a single run.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping

import numpy as np

from ..checks import CHECKS
from ..checks.duplicates import group_findings
from ..checks.duplicates.groups import keeper_groups
from ..checks.stacked import stacked_findings
from ..findings import FindingTable
from ..model import PointSet
from .parts import PartPairs, read_part

__all__ = ["merge_parts"]


def merge_parts(folder: str, names: list[str], points: PointSet, checks: list[str],
                known: Mapping[str, tuple[FindingTable, PartPairs]] | None = None,
                fill: Callable[[np.ndarray], PointSet] | None = None) -> FindingTable:
    """The findings of the parts ``names`` in ``folder``, grouped, in registry order;
    those in ``known`` (the parts' results as they came back) are not read again.
    ``fill(positions)``: ``points`` with all their fields at ``positions``, when they
    were read thinly (a duplicate group's keeper is its most complete point)."""
    tables, pairs = [], []
    for name in names:
        findings, part_pairs = (known or {}).get(name) or read_part(folder, name)
        tables.append(findings)
        pairs.append(part_pairs)
    each = FindingTable.concat(tables)
    every = PartPairs.concat(pairs)
    out = []
    for code in CHECKS:
        if code not in checks:
            continue
        if code == "stacked":
            stacked = every.kind == "stacked"
            out.append(stacked_findings(points.ids, every.a[stacked], every.b[stacked]))
        else:
            # the duplicate groups come before the parts' own duplicate findings (their
            # points found in a published registry), as in one run
            if code == "duplicate":
                out.append(_duplicates(points, every, fill))
            rows = np.flatnonzero(each.check == code)
            out.append(_take(each, rows[np.argsort(each.index[rows], kind="stable")]))
    return FindingTable.concat(out)


def _take(table: FindingTable, rows: np.ndarray) -> FindingTable:
    """The findings at ``rows``, in that order."""
    return FindingTable(table.index[rows], table.check[rows], table.severity[rows],
                        table.message_code[rows], [table.params[r] for r in rows.tolist()],
                        table.score[rows], table.group_id[rows], table.related_id[rows],
                        table.suggested_x[rows], table.suggested_y[rows])


def _duplicates(points: PointSet, every: PartPairs,
                fill: Callable[[np.ndarray], PointSet] | None) -> FindingTable:
    """The duplicate groups of all the parts' linked pairs, each around its keeper."""
    rows = np.flatnonzero(every.kind == "duplicate")
    if not len(rows):
        return FindingTable.empty()
    a, b = every.a[rows], every.b[rows]
    index, inverse = np.unique(np.r_[a, b], return_inverse=True)
    minutes = np.full(len(index), np.nan)
    minutes[inverse[:len(a)]] = every.minutes_a[rows]
    minutes[inverse[len(a):]] = every.minutes_b[rows]
    levels = every.levels[rows]
    groups = keeper_groups(points if fill is None else fill(index), index, inverse[:len(a)],
                           inverse[len(a):], every.score[rows], minutes,
                           np.arange(len(rows)))
    return group_findings(points.ids, groups, lambda pair: json.loads(levels[pair]))
