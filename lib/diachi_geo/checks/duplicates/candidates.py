"""Candidate pairs: the points close enough to be one place (spatial blocking).

Points are put in a grid of cells as wide as the search radius; a point's neighbours within
the radius are in its own cell or the eight around it, and each pair of cells is visited
once. In numpy, a million points give their three million pairs in under a second, each
pair once and in a fixed order (an R-tree query finds every pair twice, in the tree's order).
"""
from __future__ import annotations

import numpy as np

from ...parallel import MIN_CHUNK, each_in_threads, thread_count

__all__ = ["pairs_within", "candidate_pairs"]

_HALF_NEIGHBOURHOOD = ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1))
"""The cell itself and four of its eight neighbours: with their mirror images, all nine."""


def pairs_within(x: np.ndarray, y: np.ndarray, radius: float, *, sort: bool = True
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair ``(i, j)``, ``i < j``, of points at most ``radius`` apart, with its
    distance; sorted by ``i`` then ``j`` (unless ``sort`` is False: then in an order
    that depends on the threads). ``x`` and ``y`` are finite, in metres.

    Examples
    --------
    >>> i, j, d = pairs_within(np.array([0.0, 3.0, 50.0, 4.0]), np.zeros(4), 5.0)
    >>> i.tolist(), j.tolist(), d.tolist()
    ([0, 0, 1], [1, 3, 3], [3.0, 4.0, 1.0])
    """
    n = len(x)
    empty = np.empty(0, dtype=np.int64)
    if n < 2 or not radius > 0:
        return empty, empty, np.empty(0)
    cx = np.floor((x - x.min()) / radius).astype(np.int64)
    cy = np.floor((y - y.min()) / radius).astype(np.int64)
    height = int(cy.max()) + 3         # a row of empty cells each side: no wrapping
    key = cx * height + cy + 1
    order = np.argsort(key, kind="stable")
    key, sx, sy = key[order], x[order], y[order]

    def toward(task: tuple[tuple[int, int], np.ndarray]
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        (dx, dy), points = task
        target = key[points] + dx * height + dy
        end = np.searchsorted(key, target, "right")
        start = points + 1 if (dx, dy) == (0, 0) else \
            np.searchsorted(key, target, "left")      # in its own cell: the later points
        count = np.maximum(end - start, 0)
        first = np.repeat(points, count)
        second = np.arange(int(count.sum())) + np.repeat(start - np.cumsum(count) + count,
                                                         count)
        distance = np.hypot(sx[first] - sx[second], sy[first] - sy[second])
        near = distance <= radius
        return first[near], second[near], distance[near]

    # each neighbour cell for a few runs of points: even work for the threads
    runs = np.array_split(np.arange(n), min(thread_count(), max(1, n // MIN_CHUNK)))
    parts = each_in_threads(toward, [(offset, run) for offset in _HALF_NEIGHBOURHOOD
                                     for run in runs])
    first = order[np.concatenate([p[0] for p in parts])]
    second = order[np.concatenate([p[1] for p in parts])]
    distance = np.concatenate([p[2] for p in parts])
    i, j = np.minimum(first, second), np.maximum(first, second)
    if not sort:
        return i, j, distance
    order = _pair_order(i, j, n)
    return i[order], j[order], distance[order]


def _pair_order(i: np.ndarray, j: np.ndarray, n: int) -> np.ndarray:
    """The order of the pairs ``(i, j)`` (distinct, each below ``n``) by ``i`` then ``j``:
    ``np.lexsort((j, i))`` as one sort of one key, twice as fast."""
    return np.argsort(i.astype(np.int64) * n + j)


def candidate_pairs(x: np.ndarray, y: np.ndarray, radius: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs ``(i, j)``, ``i < j``, at most ``min(radius[i], radius[j])`` apart, with their
    distance, sorted. ``radius`` holds a few values (a small one for most points, a larger
    one for public places): each larger radius is searched among its own points only.

    Examples
    --------
    >>> i, j, d = candidate_pairs(np.array([0.0, 50.0, 70.0]), np.zeros(3),
    ...                           np.array([80.0, 35.0, 80.0]))
    >>> i.tolist(), j.tolist(), d.tolist()
    ([0, 1], [2, 2], [70.0, 20.0])
    """
    radii = np.unique(radius)
    # sorted once, all together
    parts = [pairs_within(x, y, float(radii[0]), sort=False)] if len(radii) else []
    for smaller, larger in zip(radii[:-1], radii[1:]):
        among = np.flatnonzero(radius >= larger)
        i, j, d = pairs_within(x[among], y[among], float(larger), sort=False)
        farther = d > smaller                # the nearer ones are found already
        parts.append((among[i[farther]], among[j[farther]], d[farther]))
    if not parts:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0)
    i, j, d = (np.concatenate(p) for p in zip(*parts))
    sort = _pair_order(i, j, len(x))
    return i[sort], j[sort], d[sort]
