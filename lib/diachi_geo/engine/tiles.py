"""Tiles of a partitioned run: rectangles in the metric CRS that own the points inside them,
and the margins (halos) each part reads around its tile.

Every located point belongs to exactly one tile: a tile owns ``xmin <= x < xmax`` and
``ymin <= y < ymax``, and the outer tiles reach to infinity.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from ..config import CheckParams, DuplicateParams

__all__ = ["Tile", "Box", "grow", "balanced_tiles", "regular_tiles", "owner_of",
           "search_margin", "province_partitions", "DEFAULT_BUILDING_M", "MAX_PART_POINTS",
           "ROUNDING_M"]

MAX_PART_POINTS = 250_000
"""A province with more points than this is cut into tiles of about as many."""

Box = tuple[float, float, float, float]
"""(xmin, ymin, xmax, ymax)."""
ROUNDING_M = 1.0
"""Added to the halos, so a pair just at a search distance is not lost to rounding."""


def grow(box: Box, margin: float) -> Box:
    """``box`` grown by ``margin`` on every side.

    Examples
    --------
    >>> grow((0.0, 0.0, 1.0, 2.0), 1.0)
    (-1.0, -1.0, 2.0, 3.0)
    """
    return (box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)

DEFAULT_BUILDING_M = 150.0
"""The footprint size a part's first window allows for; a part near a larger building
asks for a wider window (see :mod:`diachi_geo.engine.task`)."""


@dataclass(frozen=True)
class Tile:
    """One tile: its name and the rectangle it owns (half open; infinite at the edges)."""

    name: str
    xmin: float
    ymin: float
    xmax: float
    ymax: float

    def owns(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Which of the points ``x``, ``y`` the tile owns."""
        return (x >= self.xmin) & (x < self.xmax) & (y >= self.ymin) & (y < self.ymax)

    def box(self, x: np.ndarray, y: np.ndarray, margin: float) -> Box:
        """The tile grown by ``margin``, its infinite edges cut at the points' extent."""
        inside = self.owns(x, y)
        if not inside.any():
            return (0.0, 0.0, 0.0, 0.0)
        xs, ys = x[inside], y[inside]
        return (max(self.xmin, float(xs.min())) - margin, max(self.ymin, float(ys.min())) - margin,
                min(self.xmax, float(xs.max())) + margin, min(self.ymax, float(ys.max())) + margin)


def _edges(values: np.ndarray, count: int, *, balanced: bool) -> np.ndarray:
    """``count + 1`` cuts of ``values``, the outer ones infinite."""
    if count <= 1 or not len(values):
        return np.array([-np.inf, np.inf])
    if balanced:
        inner = np.quantile(values, np.arange(1, count) / count)
    else:
        inner = np.linspace(values.min(), values.max(), count + 1)[1:-1]
    return np.r_[-np.inf, np.unique(inner), np.inf]


def _grid(x: np.ndarray, y: np.ndarray, columns: int, rows: list[int], *, balanced: bool
          ) -> list[Tile]:
    """Columns cut in x, column ``c`` cut in ``rows[c]`` rows (balanced: each column holds
    points in proportion to its rows)."""
    tiles = []
    if balanced and columns > 1 and len(x):
        share = np.cumsum(rows)[:-1] / sum(rows)
        x_edges = np.r_[-np.inf, np.unique(np.quantile(x, share)), np.inf]
    else:
        x_edges = _edges(x, columns, balanced=balanced)
    for c, (x0, x1) in enumerate(zip(x_edges[:-1], x_edges[1:])):
        inside = (x >= x0) & (x < x1)
        y_edges = _edges(y[inside] if balanced else y, rows[c], balanced=balanced)
        for r, (y0, y1) in enumerate(zip(y_edges[:-1], y_edges[1:])):
            tiles.append(Tile(f"tile-{c}-{r}", float(x0), float(y0), float(x1), float(y1)))
    return tiles


def balanced_tiles(x: np.ndarray, y: np.ndarray, count: int) -> list[Tile]:
    """``count`` tiles holding about as many of the points ``x``, ``y`` each: columns
    cut at quantiles of x, each column cut at quantiles of its points' y (fewer when
    points repeat a coordinate).

    Examples
    --------
    >>> x, y = np.arange(100.0), (np.arange(100.0) * 37) % 100
    >>> [int(t.owns(x, y).sum()) for t in balanced_tiles(x, y, 4)]
    [25, 25, 25, 25]
    >>> [int(t.owns(x, y).sum()) for t in balanced_tiles(x, y, 3)]
    [33, 33, 34]
    """
    if count < 1:
        raise ValueError("a run needs at least one tile")
    columns = math.ceil(math.sqrt(count))
    rows = [count // columns + (c < count % columns) for c in range(columns)]
    return _grid(x, y, columns, rows, balanced=True)


def regular_tiles(x: np.ndarray, y: np.ndarray, columns: int, rows: int) -> list[Tile]:
    """A regular grid of ``columns`` x ``rows`` tiles over the extent of ``x``, ``y``.

    Examples
    --------
    >>> [t.name for t in regular_tiles(np.array([0.0, 10.0]), np.array([0.0, 10.0]), 2, 1)]
    ['tile-0-0', 'tile-1-0']
    """
    return _grid(x, y, columns, [rows] * columns, balanced=False)


def owner_of(tiles: list[Tile], x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The tile (index into ``tiles``) owning each point; -1 where none does (NaN)."""
    owner = np.full(len(x), -1, dtype=np.int64)
    for k, tile in enumerate(tiles):
        owner[tile.owns(x, y)] = k
    return owner


def search_margin(params: CheckParams, duplicate_params: DuplicateParams) -> float:
    """How far the checks that compare points look: the duplicates' radii and the stacked
    tolerance (a duplicates' part's halo; a tile's is the stacked tolerance and the snap
    reach, see :mod:`.task`).

    Examples
    --------
    >>> search_margin(CheckParams(), DuplicateParams())
    80.0
    """
    return float(max(duplicate_params.radius_m, duplicate_params.public_radius_m,
                     params.stacked_tolerance_m))


def province_partitions(x: np.ndarray, y: np.ndarray, provinces: np.ndarray, *,
                        max_points: int | None = None) -> tuple[np.ndarray, list[str]]:
    """One part per province (``provinces``: each point's province, None where unknown),
    a province of more than ``max_points`` (default :data:`MAX_PART_POINTS`) points cut
    into balanced tiles. A point of no known province, or far from the bulk of its
    province's points (a wrong commune code), joins the first part whose extent holds it
    (a part reads around its extent: scattered points would widen it); the others are
    parts of their own. (part of each point, part names).

    Examples
    --------
    >>> labels, names = province_partitions(np.arange(5.0), np.zeros(5),
    ...     np.array(["Thanh Hóa", "Thanh Hóa", "Nghệ An", None, "Nghệ An"]), max_points=1)
    >>> labels.tolist()
    [2, 3, 0, 4, 1]
    >>> names[0], names[-1]
    ('province-1-nghe-an-1', 'province-3-unknown')
    >>> province_partitions(np.arange(3.0), np.zeros(3), np.array(["A", None, "A"]))[0]
    array([0, 0, 0])
    >>> x = np.r_[np.arange(200.0), 90_000.0]      # one point far away: its code is wrong
    >>> province_partitions(x, np.zeros(201), np.array(["A"] * 201))[1]
    ['province-1-a', 'province-2-unknown']
    """
    max_points = max_points or MAX_PART_POINTS
    labels = np.full(len(x), -1, dtype=np.int64)
    names: list[str] = []
    keys = np.array(["" if p is None or p != p or not str(p).strip() else str(p).strip()
                     for p in provinces.tolist()], dtype=object)
    known = sorted(set(keys.tolist()) - {""})
    for number, key in enumerate(known, start=1):
        members = np.flatnonzero(keys == key)
        core = _bulk(x[members], y[members])
        keys[members[~core]] = ""
        _tile(x, y, members[core], max_points,
              f"province-{number}-{slug(key) or 'unknown'}", labels, names)
    rest = np.flatnonzero(keys == "")
    for k in range(len(names)):
        own = labels == k
        x0, x1, y0, y1 = x[own].min(), x[own].max(), y[own].min(), y[own].max()
        free = rest[labels[rest] < 0]
        labels[free[(x[free] >= x0) & (x[free] <= x1) & (y[free] >= y0) & (y[free] <= y1)]] = k
    free = rest[labels[rest] < 0]
    if len(free):
        _tile(x, y, free, max_points, f"province-{len(known) + 1}-unknown", labels, names)
    return labels, names


def _bulk(x: np.ndarray, y: np.ndarray, share: float = 0.002) -> np.ndarray:
    """The points within the extent of all but the outermost ``share`` of them (grown by a
    tenth of its size, and at least 1 km)."""
    if len(x) < 100:
        return np.ones(len(x), dtype=bool)
    (x0, x1), (y0, y1) = np.quantile(x, (share, 1 - share)), np.quantile(y, (share, 1 - share))
    gx, gy = max((x1 - x0) / 10, 1000.0), max((y1 - y0) / 10, 1000.0)
    return (x >= x0 - gx) & (x <= x1 + gx) & (y >= y0 - gy) & (y <= y1 + gy)


def _tile(x: np.ndarray, y: np.ndarray, members: np.ndarray, max_points: int, base: str,
          labels: np.ndarray, names: list[str]) -> None:
    """Label ``members`` as one part called ``base``, or as balanced tiles of at most
    about ``max_points`` (``base-1``, ``base-2``...)."""
    count = max(1, math.ceil(len(members) / max_points))
    tiles = balanced_tiles(x[members], y[members], count)
    owner = owner_of(tiles, x[members], y[members])
    parts = [k for k in range(len(tiles)) if (owner == k).any()]
    for k in parts:
        labels[members[owner == k]] = len(names)
        names.append(base if len(parts) == 1 else f"{base}-{parts.index(k) + 1}")


def slug(text: str) -> str:
    """``text`` in lower-case ASCII words joined by hyphens (for file names)."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = plain.encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9a-z]+", "-", plain.lower()).strip("-")
