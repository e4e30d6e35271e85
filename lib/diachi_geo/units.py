"""Vietnam's official administrative units, bundled: the two-tier units in force since
1 July 2025 (34 provinces, 3,321 communes), the units before (63 provinces, their
districts, about 10,000 communes) and the statistics office's old -> new commune table.

The files are in ``data/`` (``units.csv.gz``, ``communes_old_new.csv.gz``; sources, licences
and dates in ``data/README``; ``tools/build_units.py`` rebuilds them). An old commune merged
whole has one new commune; one split between several (a *partial* merge) has all of them,
and only a point-in-polygon test tells which one a point is in.
"""
from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["Units", "load_units"]


@dataclass(frozen=True, eq=False)
class Units:
    """The bundled units, keyed by code (5-digit commune codes, 2-digit province codes)."""

    communes: dict[str, tuple[str, str]]
    """2025 commune code -> (full name, e.g. "Xã Thừa Đức", province code)."""
    provinces: dict[str, str]
    """2025 province code -> full name."""
    old_communes: dict[str, tuple[str, str]]
    """pre-2025 commune code -> (full name, district code)."""
    old_districts: dict[str, tuple[str, str]]
    """pre-2025 district code -> (full name, province code)."""
    old_provinces: dict[str, str]
    """pre-2025 province code -> full name."""
    old_to_new: dict[str, tuple[str, ...]]
    """pre-2025 commune code -> the 2025 commune code(s) it went to."""
    partial: frozenset[str]
    """pre-2025 communes split between new ones (or only part of them merged)."""

    def new_provinces_of_old(self, code: str) -> tuple[str, ...]:
        """The 2025 province(s) of the pre-2025 commune ``code`` (empty when unknown).

        Examples
        --------
        >>> load_units().new_provinces_of_old("00001")   # Phường Phúc Xá, Hà Nội
        ('01',)
        """
        return tuple(sorted({self.communes[c][1] for c in self.old_to_new.get(code, ())
                             if c in self.communes}))

    def province_of(self, code: str) -> tuple[str, ...]:
        """The 2025 province(s) of a commune code: new codes first, else old ones."""
        if code in self.communes:
            return (self.communes[code][1],)
        return self.new_provinces_of_old(code)


def _rows(name: str) -> list[list[str]]:
    raw = resources.files("diachi_geo").joinpath(f"data/{name}").read_bytes()
    text = gzip.decompress(raw).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))[1:]


@lru_cache(maxsize=1)
def load_units() -> Units:
    """The bundled units (read once).

    Examples
    --------
    >>> units = load_units()
    >>> len(units.provinces), len(units.communes), len(units.old_provinces)
    (34, 3321, 63)
    >>> units.communes["00004"]
    ('Phường Ba Đình', '01')
    """
    communes, provinces, old_communes, old_districts, old_provinces = {}, {}, {}, {}, {}
    tables = {("2025", "commune"): communes, ("2025", "province"): provinces,
              ("2024", "commune"): old_communes, ("2024", "district"): old_districts,
              ("2024", "province"): old_provinces}
    for era, level, code, name, parent in _rows("units.csv.gz"):
        table = tables[era, level]
        table[code] = (name, parent) if level != "province" else name
    targets: dict[str, list[str]] = {}
    partial = set()
    for old, new, is_partial in _rows("communes_old_new.csv.gz"):
        targets.setdefault(old, []).append(new)
        if is_partial == "1":
            partial.add(old)
    return Units(communes, provinces, old_communes, old_districts, old_provinces,
                 {k: tuple(v) for k, v in targets.items()}, frozenset(partial))
