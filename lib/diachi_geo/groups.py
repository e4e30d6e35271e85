"""Grouping linked pairs into connected groups, vectorised."""
from __future__ import annotations

import numpy as np

__all__ = ["connected_groups"]


def connected_groups(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Label each of ``n`` items with the smallest item index of its connected group.

    Examples
    --------
    >>> connected_groups(6, np.array([0, 3, 4]), np.array([1, 4, 5])).tolist()
    [0, 0, 2, 3, 3, 3]
    """
    labels = np.arange(n)
    left, right = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
    if not len(left):
        return labels
    while True:
        low = np.minimum(labels[left], labels[right])
        before = labels.copy()
        np.minimum.at(labels, left, low)
        np.minimum.at(labels, right, low)
        labels = labels[labels]  # pointer jumping: follow each label to its own label
        labels = labels[labels]
        if np.array_equal(labels, before):
            return labels
