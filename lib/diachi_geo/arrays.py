"""Small array helpers the library shares."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["object_array"]


def object_array(values: Sequence[object]) -> np.ndarray:
    """A one-dimensional object array of ``values``, even when they are tuples or lists
    (``np.array`` would make a two-dimensional array of those).

    Examples
    --------
    >>> object_array([("a", 1), None]).shape
    (2,)
    """
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out
