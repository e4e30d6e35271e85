"""Plain-array geometry shared by the snapping steps.

Morton order for cache-friendly queries, the smallest value of each run of a group, the
projection of points on segments and the outline edges of polygons: numpy on coordinate
arrays, where a shapely call per geometry would be many times slower.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

__all__ = ["morton_order", "first_min", "unique_ints", "along", "project", "Edges"]


def morton_order(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """An order of the points along a Z-order (Morton) curve, for cache-friendly queries.

    Examples
    --------
    >>> morton_order(np.array([10.0, 0.0, 10.0, 0.0]), np.array([10.0, 0.0, 0.0, 10.0])).tolist()
    [1, 2, 3, 0]
    """
    finite = np.isfinite(x) & np.isfinite(y)
    if not finite.any():
        return np.arange(len(x))
    xmin, ymin = x[finite].min(), y[finite].min()
    span = max(x[finite].max() - xmin, y[finite].max() - ymin, 1e-9)
    qx = np.where(finite, (x - xmin) / span * 65535, 0).astype(np.uint32)
    qy = np.where(finite, (y - ymin) / span * 65535, 0).astype(np.uint32)
    return np.argsort(_spread(qx) | (_spread(qy) << 1), kind="stable")


def _spread(v: np.ndarray) -> np.ndarray:
    """The bits of 16-bit integers spread to the even bits (one half of a Morton code)."""
    v = v.astype(np.uint64)
    v = (v | (v << 8)) & 0x00FF00FF
    v = (v | (v << 4)) & 0x0F0F0F0F
    v = (v | (v << 2)) & 0x33333333
    return (v | (v << 1)) & 0x55555555


def first_min(values: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Position of the smallest value in each run of equal ``group`` values (runs must be
    contiguous; the first position wins ties; NaN counts as infinite).

    Linear where a lexsort would be n log n: these arrays have one row per outline edge.

    Examples
    --------
    >>> first_min(np.array([3.0, 1.0, 1.0, np.nan, 2.0]), np.array([0, 0, 0, 5, 5])).tolist()
    [1, 4]
    """
    if not len(values):
        return np.empty(0, dtype=np.int64)
    values = np.where(np.isnan(values), np.inf, values)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    smallest = np.minimum.reduceat(values, starts)
    hits = np.flatnonzero(values == np.repeat(smallest, np.diff(np.r_[starts, len(values)])))
    return hits[np.r_[True, group[hits][1:] != group[hits][:-1]]]


def unique_ints(values: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values (all in ``range(size)``) in order, and each value's position
    among them; linear, where ``np.unique`` sorts.

    Examples
    --------
    >>> [a.tolist() for a in unique_ints(np.array([4, 1, 4]), 6)]
    [[1, 4], [1, 0, 1]]
    """
    present = np.zeros(size, dtype=bool)
    present[values] = True
    unique = np.flatnonzero(present)
    position = np.empty(size, dtype=np.int64)
    position[unique] = np.arange(len(unique))
    return unique, position[values]


def along(px: np.ndarray, py: np.ndarray, ax: np.ndarray, ay: np.ndarray, bx: np.ndarray,
          by: np.ndarray) -> np.ndarray:
    """Where p projects on the line a-b: 0 at a, 1 at b (outside [0, 1] beyond them).

    Examples
    --------
    >>> float(along(np.array(5.0), np.array(3.0), 0.0, 0.0, 10.0, 0.0))
    0.5
    """
    dx, dy = bx - ax, by - ay
    return ((px - ax) * dx + (py - ay) * dy) / np.maximum(dx * dx + dy * dy, 1e-12)


def project(px: np.ndarray, py: np.ndarray, ax: np.ndarray, ay: np.ndarray, bx: np.ndarray,
            by: np.ndarray, lo: float = 0.0, hi: float = 1.0
            ) -> tuple[np.ndarray, np.ndarray]:
    """The point of segment a-b nearest to p, its position clamped to [lo, hi].

    Examples
    --------
    >>> [float(v) for v in project(np.array(15.0), np.array(3.0), 0.0, 0.0, 10.0, 0.0)]
    [10.0, 0.0]
    """
    t = np.clip(along(px, py, ax, ay, bx, by), lo, hi)
    return ax + t * (bx - ax), ay + t * (by - ay)


@dataclass
class Edges:
    """Exterior-ring edges of some parts, grouped by part: edges of part k are
    ``start[first[k]:first[k + 1]]``."""

    start: np.ndarray
    end: np.ndarray
    owner: np.ndarray
    first: np.ndarray

    @classmethod
    def of(cls, polygons: np.ndarray) -> Edges:
        """The exterior edges of ``polygons`` (holes are left out)."""
        # a polygon's coordinates are its exterior ring's unless it has holes
        holes = shapely.get_num_interior_rings(polygons) > 0
        if holes.any():
            polygons = polygons.copy()
            polygons[holes] = shapely.polygons(shapely.get_exterior_ring(polygons[holes]))
        coords, ring = shapely.get_coordinates(polygons, return_index=True)
        same = ring[:-1] == ring[1:]
        start, end, owner = coords[:-1][same], coords[1:][same], ring[:-1][same]
        first = np.searchsorted(owner, np.arange(len(polygons) + 1))
        return cls(start, end, owner, first)

    def lines(self) -> np.ndarray:
        """Each edge as a two-point linestring."""
        return shapely.linestrings(np.stack([self.start, self.end], axis=1))
