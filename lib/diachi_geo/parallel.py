"""Array work split over the machine's cores with threads.

Threads, not processes: shapely, pyproj and numpy release the GIL while their C code runs,
and a library that also runs inside QGIS must not fork.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Generic, TypeVar

import numpy as np
import shapely

__all__ = ["THREADS_VARIABLE", "thread_count", "in_threads", "each_in_threads", "Background",
           "query_in_threads", "alongside"]

T = TypeVar("T")
R = TypeVar("R")

MIN_CHUNK = 20000
"""Items per thread below which threads do not pay."""

THREADS_VARIABLE = "DIACHI_THREADS"
"""The environment variable that caps the threads (a shared server, a Dask worker that
runs one task per core, a benchmark run single-threaded)."""


def thread_count() -> int:
    """The threads array work may use: ``DIACHI_THREADS`` when set to a positive whole
    number, else the machine's cores.

    Examples
    --------
    >>> import os
    >>> os.environ["DIACHI_THREADS"] = "1"; thread_count()
    1
    >>> del os.environ["DIACHI_THREADS"]; thread_count() == (os.cpu_count() or 1)
    True
    """
    value = os.environ.get(THREADS_VARIABLE, "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    return os.cpu_count() or 1


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
    workers = min(workers or thread_count(), max(1, len(values) // MIN_CHUNK))
    if workers == 1:
        return function(values)
    with ThreadPoolExecutor(workers) as pool:
        parts = list(pool.map(function, np.array_split(values, workers * chunks_per_worker)))
    return np.concatenate(parts)


def each_in_threads(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[function(item) for item in items]``, the items shared among the threads.

    Examples
    --------
    >>> each_in_threads(sum, [[1, 2], [3], []])
    [3, 3, 0]
    """
    workers = min(thread_count(), len(items))
    if workers <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(function, items))


def query_in_threads(tree: shapely.STRtree, geometries: np.ndarray, *,
                     workers: int | None = None, **query: object) -> np.ndarray:
    """``tree.query(geometries, **query)`` split over threads; the same (2, n) index pairs
    in the same order. An array ``distance`` is split along with the geometries.

    Examples
    --------
    >>> points = shapely.points(np.arange(50000.0), np.zeros(50000))
    >>> pairs = query_in_threads(shapely.STRtree(points), points, predicate="dwithin",
    ...                          distance=1.0, workers=2)
    >>> np.array_equal(pairs, shapely.STRtree(points).query(points, predicate="dwithin",
    ...                                                      distance=1.0))
    True
    """
    distance = query.pop("distance", None)
    per_item = distance is not None and np.ndim(distance) > 0

    def run(chunk: np.ndarray) -> np.ndarray:
        extra = {} if distance is None else {
            "distance": np.asarray(distance)[chunk] if per_item else distance}
        pairs = tree.query(geometries[chunk], **query, **extra)
        return np.column_stack([chunk[pairs[0]], pairs[1]])

    return in_threads(run, np.arange(len(geometries)), workers).T


@contextmanager
def alongside(function: Callable[..., object], *args: object) -> Iterator[None]:
    """Run ``function(*args)`` in a thread of its own while the ``with`` body runs (with
    one thread: before it); its error, if any, is raised when the body ends.

    For Python work that holds the GIL beside numpy or shapely work that lets go of it.
    The two must not touch the same data.

    Examples
    --------
    >>> done = []
    >>> with alongside(done.append, "parsed"):
    ...     total = sum(range(10))
    >>> done, total
    (['parsed'], 45)
    """
    if thread_count() <= 1:
        function(*args)
        yield
        return
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(function, *args)
        yield
        future.result()


class Background(Generic[T]):
    """``function(*args)`` started in a thread of its own, whatever :func:`thread_count`
    says (waiting, not computing, is what it overlaps: a cluster starting, a model learned
    while other processes work). Unlike :func:`alongside`, a caller that fails or is
    stopped meanwhile does not wait for it: the thread is a daemon.

    Examples
    --------
    >>> Background(sum, [1, 2]).result()
    3
    """

    def __init__(self, function: Callable[..., T], *args: object, name: str = "background"):
        self._value: T | None = None
        self.error: BaseException | None = None

        def run() -> None:
            try:
                self._value = function(*args)
            except BaseException as exc:  # raised where the result is asked for
                self.error = exc

        self._thread = threading.Thread(target=run, name=name, daemon=True)
        self._thread.start()

    def wait(self) -> bool:
        """Wait for the function to end; whether it ended without an error."""
        self._thread.join()
        return self.error is None

    def result(self) -> T:
        """Wait for the function to end; its value, or its error raised."""
        if not self.wait():
            raise self.error  # type: ignore[misc]
        return self._value  # type: ignore[return-value]

