"""Commune groups of a partitioned run: the points parted by their declared commune, so
that every point of a commune (its hamlets, its streets and their house numbers) is in
one part, wherever it lies.

The street checks tell hamlets and streets apart by the commune code, else the commune the
address names (see :mod:`diachi_geo.checks.streets.parse`); a code's points are therefore
kept together, the points of a province's codes in one group (a province of more points
than :data:`~.tiles.MAX_PART_POINTS` in groups of whole communes), and the points without
a code in one more group (their communes are names in their addresses, in no province).
"""
from __future__ import annotations

import numpy as np

from ..checks.context import Context
from ..distinct import distinct_codes
from ..model import PointSet, ReferenceLayer
from ..text import blank_mask
from ..units import load_units
from . import tiles

__all__ = ["commune_groups", "old_era_of", "NO_CODE"]

NO_CODE = "communes-no-code"


def commune_groups(codes: np.ndarray | None, n: int, communes: ReferenceLayer | None, *,
                   max_points: int | None = None) -> tuple[np.ndarray, list[str]]:
    """The group of each of ``n`` points of commune ``codes`` (None: no code given) and
    the groups' names: by the ``province`` of their commune in ``communes``, else in the
    bundled units table (old codes too), else ``unknown``.

    Examples
    --------
    >>> codes = np.array(["00004", "00004", None, "00070", "26734"], dtype=object)
    >>> group, names = commune_groups(codes, 5, None, max_points=2)
    >>> group.tolist(), names
    ([0, 0, 3, 1, 2], ['communes-01-1', 'communes-01-2', 'communes-79', 'communes-no-code'])
    """
    max_points = max_points or tiles.MAX_PART_POINTS
    group = np.full(n, -1, dtype=np.int64)
    names: list[str] = []
    if codes is not None and n:
        distinct, code_id = distinct_codes(codes)
        blank = blank_mask(np.array(distinct, dtype=object))
        counts = np.bincount(code_id, minlength=len(distinct))
        province_of = _provinces(communes)
        units = load_units()
        by_province: dict[str, list[int]] = {}
        for k, code in enumerate(distinct):
            if blank[k]:
                continue
            text = str(code).strip()
            province = province_of.get(text) or next(iter(units.province_of(text)), "unknown")
            by_province.setdefault(str(province), []).append(k)
        of_code = np.full(len(distinct), -1, dtype=np.int64)
        for province in sorted(by_province):
            members = sorted(by_province[province], key=lambda k: str(distinct[k]))
            chunks, size = [[]], 0
            for k in members:
                if size and size + counts[k] > max_points:
                    chunks.append([])
                    size = 0
                chunks[-1].append(k)
                size += counts[k]
            base = f"communes-{tiles.slug(province) or 'unknown'}"
            for number, chunk in enumerate(chunks, start=1):
                of_code[chunk] = len(names)
                names.append(base if len(chunks) == 1 else f"{base}-{number}")
        group = of_code[code_id]
    if (group < 0).any():
        group[group < 0] = len(names)
        names.append(NO_CODE)
    return group, names


def _provinces(communes: ReferenceLayer | None) -> dict[str, str]:
    if communes is None or "province" not in communes.attributes:
        return {}
    return {str(c).strip(): p for c, p in zip(communes.attributes["code"].tolist(),
                                              communes.attributes["province"].tolist())
            if p is not None and p == p and str(p).strip()}


def old_era_of(points: PointSet, communes: ReferenceLayer | None) -> bool | None:
    """Whether the points' commune codes are mostly old (pre-2025) ones, as a run over all
    of them decides (None when there are no codes or communes)."""
    codes = points.attribute("commune_code")
    if communes is None or codes is None:
        return None
    light = PointSet(points.source, points.ids, points.x, points.y, points.crs,
                     {"commune_code": codes})
    return Context(light, communes=communes).commune_resolution.old_era
