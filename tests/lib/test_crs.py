"""VN-2000 uses the official 7-parameter shift (Circular 973/2001/TT-TCĐC, EPSG:6960).

The reference values are computed independently here, with the Bursa-Wolf formulas and the
parameters as published in the circular: dX=-191.90441429 m, dY=-39.30318279 m,
dZ=-111.45032835 m, rX=-0.00928836", rY=0.01975479", rZ=-0.00427372", dS=+0.252906278 ppm
(coordinate frame rotation, VN-2000 to WGS 84).
"""
import math

import numpy as np
import pytest
from diachi_geo.crs import (
    VN2000_OFFICIAL_SHIFT,
    choose_metric_crs,
    transform_xy,
    transformer,
    utm_for,
    vn2000_tm3,
)
from diachi_geo.errors import ConfigError

A, F = 6378137.0, 1 / 298.257223563
E2 = F * (2 - F)
SHIFT = (-191.90441429, -39.30318279, -111.45032835)
ROT = tuple(math.radians(s / 3600) for s in (-0.00928836, 0.01975479, -0.00427372))
SCALE = 0.252906278e-6


def _to_ecef(lon, lat, h=0.0):
    lon, lat = math.radians(lon), math.radians(lat)
    n = A / math.sqrt(1 - E2 * math.sin(lat) ** 2)
    return ((n + h) * math.cos(lat) * math.cos(lon), (n + h) * math.cos(lat) * math.sin(lon),
            (n * (1 - E2) + h) * math.sin(lat))


def _from_ecef(x, y, z):
    lon = math.atan2(y, x)
    p = math.hypot(x, y)
    lat = math.atan2(z, p * (1 - E2))
    for _ in range(10):
        n = A / math.sqrt(1 - E2 * math.sin(lat) ** 2)
        h = p / math.cos(lat) - n
        lat = math.atan2(z, p * (1 - E2 * n / (n + h)))
    return math.degrees(lon), math.degrees(lat)


def reference_vn2000_to_wgs84(lon, lat):
    x, y, z = _to_ecef(lon, lat)
    rx, ry, rz = ROT
    m = 1 + SCALE
    # coordinate frame rotation convention (EPSG method 9607)
    xs = SHIFT[0] + m * (x + rz * y - ry * z)
    ys = SHIFT[1] + m * (-rz * x + y + rx * z)
    zs = SHIFT[2] + m * (ry * x - rx * y + z)
    return _from_ecef(xs, ys, zs)


def metres_between(lon1, lat1, lon2, lat2):
    dy = math.radians(lat2 - lat1) * 6378137
    dx = math.radians(lon2 - lon1) * 6378137 * math.cos(math.radians(lat1))
    return math.hypot(dx, dy)


@pytest.mark.parametrize("lon, lat", [(105.85, 21.03), (105.77, 19.81), (106.70, 10.78),
                                      (108.22, 16.05)])
def test_vn2000_geographic_to_wgs84_matches_official_parameters(lon, lat):
    ref_lon, ref_lat = reference_vn2000_to_wgs84(lon, lat)
    x, y = transform_xy(np.array([lon]), np.array([lat]), "EPSG:4756", "EPSG:4326")
    assert metres_between(ref_lon, ref_lat, x[0], y[0]) < 0.1
    # the shift itself is real: about 200 m... at the geocentre; a few metres on the ground
    assert metres_between(lon, lat, x[0], y[0]) > 0.5


def test_vn2000_tm3_point_round_trips_within_a_millimetre():
    crs = vn2000_tm3(105.0)                          # Thanh Hóa's TM-3 zone
    e, n = np.array([576543.21]), np.array([2191234.56])
    lon, lat = transform_xy(e, n, crs, "EPSG:4326")
    e2, n2 = transform_xy(lon, lat, "EPSG:4326", crs)
    assert abs(e2[0] - e[0]) < 0.001 and abs(n2[0] - n[0]) < 0.001
    # and agrees with the independent computation through geographic VN-2000
    glon, glat = transform_xy(e, n, crs, "EPSG:4756")
    ref = reference_vn2000_to_wgs84(glon[0], glat[0])
    assert metres_between(ref[0], ref[1], lon[0], lat[0]) < 0.1


def test_official_shift_is_chosen_over_the_mekong_one():
    assert VN2000_OFFICIAL_SHIFT in transformer(vn2000_tm3(105.75), 4326).description


def test_custom_tm3_zone_keeps_the_vn2000_datum():
    crs = vn2000_tm3(106.75)
    assert crs.geodetic_crs.datum.name == "Vietnam 2000"
    assert VN2000_OFFICIAL_SHIFT in transformer(crs, 4326).description


def test_metric_crs_choice():
    assert utm_for(104.0).to_epsg() == 32648 and utm_for(109.0).to_epsg() == 32649
    assert choose_metric_crs(np.array([np.nan, 108.3]), np.array([0, 16])).to_epsg() == 32649
    assert choose_metric_crs(np.array([]), np.array([]), prefer="vn2000",
                             central_meridian=105.75).to_epsg() == 9210
    with pytest.raises(ConfigError, match="central_meridian"):
        choose_metric_crs(np.array([]), np.array([]), prefer="vn2000")


def test_untransformable_coordinates_become_nan():
    x, y = transform_xy(np.array([105.0, 500.0]), np.array([20.0, 95.0]), 4326, 32648)
    assert np.isfinite(x[0]) and np.isnan(x[1]) and np.isnan(y[1])


def test_layer_reprojection_in_threads_equals_one_pass(monkeypatch):
    import shapely
    from diachi_geo import parallel
    from diachi_geo.model import ReferenceLayer
    from pyproj import CRS

    monkeypatch.setattr(parallel, "MIN_CHUNK", 10)
    rng = np.random.default_rng(3)
    boxes = [shapely.box(x, y, x + 1e-4, y + 1e-4)
             for x, y in zip(rng.uniform(105, 106, 500), rng.uniform(20, 21, 500))]
    geometries = np.array(boxes + [None, shapely.Polygon(), shapely.Point(105, 20, 7)],
                          dtype=object)
    original = shapely.to_wkb(geometries)
    layer = ReferenceLayer("test", geometries, np.arange(len(geometries)), CRS(4326))
    threaded = layer.to_crs(CRS(32648))
    one_pass = shapely.transform(geometries, lambda c: np.column_stack(
        transform_xy(c[:, 0], c[:, 1], 4326, 32648)))
    assert (shapely.to_wkb(geometries) == original).all()     # the input is untouched
    assert shapely.equals_exact(threaded[:500], one_pass[:500], tolerance=1e-9).all()
    assert threaded[500] is None and shapely.is_empty(threaded[501])
