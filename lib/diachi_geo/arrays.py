"""Small array helpers the library shares."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["object_array", "plain"]


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


def plain(value: object) -> object:
    """A numpy scalar as the Python value it holds, anything else as it is (ids and values
    go into JSON, GeoPackages, QGIS features and servers).

    Examples
    --------
    >>> plain(np.int64(7)), plain(np.float32(0.5)), plain("7")
    (7, 0.5, '7')
    """
    return value.item() if isinstance(value, np.generic) else value
