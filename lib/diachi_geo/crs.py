"""Coordinate reference systems: reading them, choosing a metric one, transforming.

All distances are computed in metres in a projected CRS chosen for the data (UTM 48N/49N
by default, or a VN-2000 TM-3 zone when asked). Anything on the VN-2000 datum is
transformed with the official 7-parameter shift published with Circular
973/2001/TT-TCĐC, which EPSG carries as "VN-2000 to WGS 84 (2)" (EPSG:6960).
"""
from __future__ import annotations

from functools import cache, lru_cache

import numpy as np
from pyproj import CRS, Transformer
from pyproj.crs import ProjectedCRS
from pyproj.crs.coordinate_operation import TransverseMercatorConversion
from pyproj.database import query_crs_info
from pyproj.transformer import TransformerGroup

from .errors import ConfigError

__all__ = [
    "WGS84", "VN2000_OFFICIAL_SHIFT", "as_crs", "utm_for", "vn2000_tm3", "choose_metric_crs",
    "transformer", "transform_xy",
]

WGS84 = CRS.from_epsg(4326)
VN2000_OFFICIAL_SHIFT = "VN-2000 to WGS 84 (2)"
_VN2000_DATUM = "Vietnam 2000"


def as_crs(value: object) -> CRS:
    """Turn an EPSG code, ``"EPSG:xxxx"``, WKT, PROJ string or CRS into a :class:`pyproj.CRS`.

    Examples
    --------
    >>> as_crs(32648).name
    'WGS 84 / UTM zone 48N'
    >>> as_crs("EPSG:9210").name
    'VN-2000 / TM-3 105-45'
    """
    try:
        return value if isinstance(value, CRS) else CRS.from_user_input(value)
    except Exception as exc:  # pyproj raises its own CRSError with a long text
        raise ConfigError.coded("crs_unknown", value=value) from exc


def utm_for(lon: float) -> CRS:
    """The WGS 84 UTM zone for a longitude in Vietnam: 48N west of 108°E, 49N east of it.

    Examples
    --------
    >>> utm_for(105.8).to_epsg(), utm_for(108.2).to_epsg()
    (32648, 32649)
    """
    return CRS.from_epsg(32648 if lon < 108.0 else 32649)


def vn2000_tm3(central_meridian: float) -> CRS:
    """The VN-2000 TM-3 projection (scale 0.9999, false easting 500 km) on a province's meridian.

    Uses the EPSG definition when EPSG has one (e.g. 105°45' is EPSG:9210).

    Examples
    --------
    >>> vn2000_tm3(105.75).to_epsg()
    9210
    >>> vn2000_tm3(105.0).name
    'VN-2000 / TM-3 zone 482'
    """
    return _vn2000_tm3_cached(round(float(central_meridian), 6))


@cache
def _vn2000_tm3_cached(central_meridian: float) -> CRS:
    degrees, minutes = int(central_meridian), round((central_meridian % 1) * 60)
    wanted = f"VN-2000 / TM-3 {degrees}-{minutes:02d}"
    named = {"VN-2000 / TM-3 105-00": 5897, "VN-2000 / TM-3 108-00": 5898,
             "VN-2000 / TM-3 102-00": 5896}
    if wanted in named:
        return CRS.from_epsg(named[wanted])
    for info in query_crs_info(auth_name="EPSG"):
        if info.name == wanted:
            return CRS.from_epsg(int(info.code))
    return ProjectedCRS(name=wanted, geodetic_crs=CRS.from_epsg(4756),
                        conversion=TransverseMercatorConversion(
                            longitude_natural_origin=central_meridian,
                            scale_factor_natural_origin=0.9999, false_easting=500000))


def choose_metric_crs(lon: np.ndarray, lat: np.ndarray, *, prefer: str = "utm",
                      central_meridian: float | None = None) -> CRS:
    """Choose the projected CRS distances are computed in, from the data's longitudes.

    Parameters
    ----------
    lon, lat : array of float
        WGS 84 coordinates of the valid points (NaN are ignored).
    prefer : {"utm", "vn2000"}
        UTM 48N/49N, or the VN-2000 TM-3 zone on ``central_meridian`` (the province's).

    Examples
    --------
    >>> choose_metric_crs(np.array([105.7, 105.8]), np.array([19.8, 19.9])).to_epsg()
    32648
    """
    if prefer == "vn2000":
        if central_meridian is None:
            raise ConfigError.coded("vn2000_needs_meridian")
        return vn2000_tm3(central_meridian)
    if prefer != "utm":
        raise ConfigError.coded("metric_crs_unknown", prefer=prefer)
    finite = np.isfinite(lon) & np.isfinite(lat)
    middle = float(np.median(lon[finite])) if finite.any() else 105.8
    return utm_for(middle)


def transformer(source: object, target: object) -> Transformer:
    """A lon/lat-ordered transformer; VN-2000 always uses the official 7-parameter shift.

    Examples
    --------
    >>> t = transformer("EPSG:4756", "EPSG:4326")
    >>> VN2000_OFFICIAL_SHIFT in t.description
    True
    """
    return _transformer_cached(as_crs(source).to_wkt(), as_crs(target).to_wkt())


@lru_cache(maxsize=64)
def _transformer_cached(source_wkt: str, target_wkt: str) -> Transformer:
    source, target = CRS.from_wkt(source_wkt), CRS.from_wkt(target_wkt)
    if _VN2000_DATUM in {_datum_name(source), _datum_name(target)} and \
            _datum_name(source) != _datum_name(target):
        for candidate in TransformerGroup(source, target, always_xy=True).transformers:
            if VN2000_OFFICIAL_SHIFT in candidate.description:
                return candidate
        raise ConfigError.coded("proj_no_shift", operation=VN2000_OFFICIAL_SHIFT)
    return Transformer.from_crs(source, target, always_xy=True)


def _datum_name(crs: CRS) -> str:
    datum = crs.geodetic_crs.datum if crs.geodetic_crs else None
    return datum.name if datum else ""


def transform_xy(x: np.ndarray, y: np.ndarray, source: object, target: object
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Transform coordinate arrays (x = easting/longitude) from ``source`` to ``target``.

    Points that cannot be transformed come back as NaN; nothing raises.

    Examples
    --------
    >>> x, y = transform_xy(np.array([105.0]), np.array([0.0]), 4326, 32648)
    >>> round(float(x[0]))
    500000
    """
    source, target = as_crs(source), as_crs(target)
    if source == target:
        return np.asarray(x, dtype=float).copy(), np.asarray(y, dtype=float).copy()
    tx, ty = transformer(source, target).transform(np.asarray(x, float), np.asarray(y, float),
                                                   errcheck=False)
    tx, ty = np.asarray(tx, float), np.asarray(ty, float)
    bad = ~(np.isfinite(tx) & np.isfinite(ty))
    tx[bad] = np.nan
    ty[bad] = np.nan
    return tx, ty
