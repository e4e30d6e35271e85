"""The data the checks work on: collected points and reference layers, as arrays."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import shapely
from pyproj import CRS

from .country import in_vietnam
from .crs import WGS84, as_crs, choose_metric_crs, transform_xy
from .distinct import distinct_codes
from .parallel import in_threads

__all__ = ["PointSet", "ReferenceLayer", "normalise_code", "reproject", "reprojected_part"]


@dataclass
class PointSet:
    """Collected points as columns.

    ``x``/``y`` are in ``crs`` and NaN where a feature has no usable point; ``problems``
    holds an invalid-geometry code for such features (``""`` when the geometry is fine)
    and ``problem_params`` the details. ``attributes`` are keyed by canonical field name
    (``name``, ``category``, ``address``, ``commune_code``...), each an object array.
    """

    source: str
    ids: np.ndarray
    x: np.ndarray
    y: np.ndarray
    crs: CRS
    attributes: dict[str, np.ndarray] = field(default_factory=dict)
    problems: np.ndarray | None = None
    problem_params: dict[int, dict] = field(default_factory=dict)
    field_names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.x = np.asarray(self.x, dtype=float)
        self.y = np.asarray(self.y, dtype=float)
        self.crs = as_crs(self.crs)
        if self.problems is None:
            self.problems = np.where(np.isfinite(self.x) & np.isfinite(self.y), "",
                                     "non_finite_coordinates").astype(object)
        n = len(self.ids)
        for name, values in self.attributes.items():
            if len(values) != n:
                raise ValueError(f"attribute {name!r} has {len(values)} values for {n} points")

    def __len__(self) -> int:
        return len(self.ids)

    def attribute(self, name: str) -> np.ndarray | None:
        """The canonical attribute ``name``, or None when the data has no such field."""
        return self.attributes.get(name)

    def lonlat(self) -> tuple[np.ndarray, np.ndarray]:
        """Longitude and latitude in WGS 84 (NaN where not transformable)."""
        if not hasattr(self, "_lonlat"):
            self._lonlat = transform_xy(self.x, self.y, self.crs, WGS84)
        return self._lonlat

    def usable(self) -> np.ndarray:
        """Points with a usable, transformable coordinate."""
        lon, lat = self.lonlat()
        return (self.problems == "") & np.isfinite(lon) & np.isfinite(lat)

    def metric_crs(self) -> CRS:
        """The UTM zone that holds most of the usable points in Vietnam: where the checks
        measure distances unless told otherwise (worked out once, as :meth:`lonlat`)."""
        if not hasattr(self, "_metric_crs"):
            lon, lat = self.lonlat()
            ok = self.usable() & in_vietnam(lon, lat)
            self._metric_crs = choose_metric_crs(lon[ok], lat[ok])
        return self._metric_crs


@dataclass
class ReferenceLayer:
    """A reference layer (communes, buildings, roads, water, entrances) in its own CRS."""

    source: str
    geometries: np.ndarray
    ids: np.ndarray
    crs: CRS
    attributes: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.crs = as_crs(self.crs)

    def __len__(self) -> int:
        return len(self.geometries)

    def to_crs(self, crs: CRS) -> np.ndarray:
        """The geometries transformed to ``crs``."""
        return reproject(self.geometries, self.crs, crs)

    def in_crs(self, crs: CRS) -> ReferenceLayer:
        """The layer with its geometries in ``crs`` (itself when already there)."""
        crs = as_crs(crs)
        return self if crs == self.crs else dataclasses.replace(
            self, geometries=self.to_crs(crs), crs=crs)


def reproject(geometries: np.ndarray, source: object, target: object) -> np.ndarray:
    """``geometries`` (x and y; None stays None) transformed from the CRS ``source`` to
    ``target``, in threads; the same array when the two CRS are one."""
    source, target = as_crs(source), as_crs(target)
    if source == target:
        return geometries
    return in_threads(lambda part: reprojected_part(part, source, target), geometries)


def reprojected_part(geometries: np.ndarray, source: CRS, target: CRS) -> np.ndarray:
    """``geometries`` transformed from ``source`` to ``target`` in this thread (copies)."""
    coords = shapely.get_coordinates(geometries)
    x, y = transform_xy(coords[:, 0], coords[:, 1], source, target)
    return shapely.set_coordinates(geometries.copy(), np.column_stack([x, y]))


def normalise_code(values: np.ndarray) -> np.ndarray:
    """Administrative codes as comparable strings: trimmed, digits zero-padded to 5.

    Codes stored as numbers lose their leading zeros (``4`` for ``"00004"``, a ward of
    Hà Nội); padding restores them. Blank values become ``""``.

    Examples
    --------
    >>> normalise_code(np.array([4, "15985", " 00004 ", None, 12.0], dtype=object)).tolist()
    ['00004', '15985', '00004', '', '00012']
    """
    values = np.asarray(values)
    if np.issubdtype(values.dtype, np.number):
        values = values.astype(object)
    # once per distinct value: a million points repeat a few hundred codes, and equal
    # codes then share one string
    distinct, position = distinct_codes(values)
    out = np.empty(len(distinct), dtype=object)
    out[:] = [_normalised_code(v) for v in distinct]
    return out[position]


def _normalised_code(value: object) -> str:
    """One code as :func:`normalise_code` gives it."""
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text.zfill(5) if text.isdigit() and len(text) < 5 else text
