"""Array work split over the machine's cores with threads.

Threads, not processes: shapely, pyproj and numpy release the GIL while their C code runs,
and a library that also runs inside QGIS must not fork.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

__all__ = ["in_threads"]

MIN_CHUNK = 20000
"""Items per thread below which threads do not pay."""


def in_threads(function: Callable[[np.ndarray], np.ndarray], values: np.ndarray,
               workers: int | None = None, chunks_per_worker: int = 4) -> np.ndarray:
    """``function(values)``, computed on consecutive chunks at once and concatenated.

    ``function`` must map a chunk to one result per item. A few chunks per worker even out
    the chunks that happen to be slower.

    Examples
    --------
    >>> in_threads(np.sqrt, np.arange(100000.0), workers=2)[[4, 99999]].round(1).tolist()
    [2.0, 316.2]
    """
    workers = min(workers or os.cpu_count() or 1, max(1, len(values) // MIN_CHUNK))
    if workers == 1:
        return function(values)
    with ThreadPoolExecutor(workers) as pool:
        parts = list(pool.map(function, np.array_split(values, workers * chunks_per_worker)))
    return np.concatenate(parts)
