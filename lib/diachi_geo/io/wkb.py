"""Point coordinates from WKB, with a code for every geometry that is not one usable point.

Plain 2D little-endian points (21 bytes: nearly every row of a collection) are decoded with
numpy in one pass; the rest (null, empty, multipart, other types, Z, big-endian) go through
GEOS. Files and QGIS layers both arrive here as WKB.
"""
from __future__ import annotations

import numpy as np
import shapely

__all__ = ["points_from_wkb"]

_PLAIN_POINT = np.dtype([("order", "u1"), ("type", "<u4"), ("x", "<f8"), ("y", "<f8")])


def points_from_wkb(wkb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """x, y, invalid-geometry codes and their params from WKB (None for null geometry).

    Plain 2D points (21 bytes, little-endian: nearly every row) are decoded with numpy;
    the others go through GEOS.

    Examples
    --------
    >>> wkb = shapely.to_wkb(np.array([shapely.Point(105, 21), None, shapely.Point(),
    ...                                shapely.MultiPoint([(1, 2), (3, 4)])]))
    >>> x, y, problems, params = points_from_wkb(wkb)
    >>> x.tolist()[:1], problems.tolist(), params
    ([105.0], ['', 'null_geometry', 'empty_geometry', 'multipart_point'], {3: {'parts': 2}})
    """
    wkb = np.asarray(wkb, dtype=object)
    plain = np.fromiter(map(_is_plain_point, wkb.tolist()), bool, len(wkb))
    if plain.any():
        decoded = np.frombuffer(b"".join(wkb[plain].tolist()), dtype=_PLAIN_POINT)
        header_ok = (decoded["order"] == 1) & (decoded["type"] == 1)
        plain[np.flatnonzero(plain)[~header_ok]] = False
        decoded = decoded[header_ok]
    if len(wkb) and plain.all():
        x, y = decoded["x"].copy(), decoded["y"].copy()
        problems = np.full(len(wkb), "", dtype=object)
        params: dict[int, dict] = {}
    else:
        x, y, problems, params = _points_from_wkb_with_geos(
            np.where(plain, None, wkb))
        if plain.any():
            x[plain], y[plain] = decoded["x"], decoded["y"]
            problems[plain] = ""
    # the WKB of POINT EMPTY holds NaN, NaN
    empty = plain & np.isnan(x) & np.isnan(y)
    problems[empty] = "empty_geometry"
    non_finite = plain & ~empty & ~(np.isfinite(x) & np.isfinite(y))
    problems[non_finite] = "non_finite_coordinates"
    x[empty | non_finite] = np.nan
    y[empty | non_finite] = np.nan
    return x, y, problems, params


def _is_plain_point(value: object) -> bool:
    """Whether ``value`` has the size of a 2D point's WKB (its header is checked later)."""
    return type(value) is bytes and len(value) == 21


def _points_from_wkb_with_geos(wkb: np.ndarray
                               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """What :func:`points_from_wkb` returns, every row decoded by GEOS (the slow path)."""
    geoms = shapely.from_wkb(wkb, on_invalid="ignore")
    n = len(geoms)
    problems = np.full(n, "", dtype=object)
    params: dict[int, dict] = {}
    type_ids = shapely.get_type_id(geoms)
    problems[type_ids == -1] = "null_geometry"
    empty = shapely.is_empty(geoms) & (type_ids != -1)
    problems[empty] = "empty_geometry"
    multi = (type_ids == 4) & ~empty
    parts = shapely.get_num_geometries(geoms)
    single = geoms.copy()
    single[multi & (parts == 1)] = shapely.get_geometry(geoms[multi & (parts == 1)], 0)
    for index in np.flatnonzero(multi & (parts > 1)):
        problems[index] = "multipart_point"
        params[int(index)] = {"parts": int(parts[index])}
    other = ~np.isin(type_ids, (-1, 0, 4)) & ~empty
    for index in np.flatnonzero(other):
        problems[index] = "not_a_point"
        params[int(index)] = {"geometry_type": str(geoms[index].geom_type)}
    usable = problems == ""
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    x[usable] = shapely.get_x(single[usable])
    y[usable] = shapely.get_y(single[usable])
    non_finite = usable & ~(np.isfinite(x) & np.isfinite(y))
    problems[non_finite] = "non_finite_coordinates"
    x[non_finite] = np.nan
    y[non_finite] = np.nan
    return x, y, problems, params
