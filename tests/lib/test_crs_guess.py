"""Layers without a CRS: degrees assumed, swapped degrees and ambiguous metres refused with
the candidates, and the declared communes deciding between metric CRS."""
from __future__ import annotations

import numpy as np
import pyogrio.raw
import pytest
import shapely
from diachi_geo.crs import WGS84, transform_xy, vn2000_tm3
from diachi_geo.errors import InputError
from diachi_geo.io import read_communes, read_points

N = 300


@pytest.fixture(scope="module")
def sample_points(sample):
    meta, _, wkb, values = pyogrio.raw.read(sample, layer="points")
    columns = dict(zip(meta["fields"], values))
    geoms = shapely.from_wkb(wkb)
    usable = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms) & \
        (shapely.get_type_id(geoms) == 0)
    x, y = np.full(len(geoms), np.nan), np.full(len(geoms), np.nan)
    x[usable], y[usable] = shapely.get_x(geoms[usable]), shapely.get_y(geoms[usable])
    keep = np.flatnonzero((x > 105.7) & (x < 105.76) & (y > 19.7) & (y < 19.8))[:N]
    return x[keep], y[keep], {k: np.asarray(columns[k])[keep] for k in
                              ("id", "name", "category", "address", "commune_code")}


def write(path, x, y, columns):
    pyogrio.raw.write(str(path), geometry=shapely.to_wkb(shapely.points(x, y)),
                      field_data=list(columns.values()), fields=list(columns),
                      geometry_type="Point", driver="GPKG", crs=None)
    return str(path)


def test_degrees_are_assumed_wgs84(sample_points, tmp_path, caplog):
    x, y, columns = sample_points
    points = read_points(write(tmp_path / "p.gpkg", x, y, columns))
    assert points.crs == WGS84 and "WGS 84" in caplog.text


def test_a_swapped_layer_is_refused_with_the_fix(sample_points, tmp_path):
    x, y, columns = sample_points
    with pytest.raises(InputError, match="swapped.*swap the X and Y"):
        read_points(write(tmp_path / "p.gpkg", y, x, columns))


def test_metres_are_refused_when_several_crs_fit_and_decided_by_the_communes(
        sample_points, tmp_path, sample):
    x, y, columns = sample_points
    tm3 = vn2000_tm3(105.5)  # not the sample's zone: 27 km from its own
    mx, my = transform_xy(x, y, WGS84, tm3)
    path = write(tmp_path / "m.gpkg", mx, my, columns)
    with pytest.raises(InputError, match="several CRS fit") as refused:
        read_points(path)
    assert "--crs" in str(refused.value)
    communes = read_communes(f"{sample}|layername=communes")
    points = read_points(path, communes=communes)
    assert points.crs == tm3
    lon, lat = points.lonlat()
    assert np.allclose(lon, x, atol=1e-6) and np.allclose(lat, y, atol=1e-6)


def test_metres_far_from_vietnam_are_refused(sample_points, tmp_path):
    x, y, columns = sample_points
    with pytest.raises(InputError, match="no usual Vietnamese CRS"):
        read_points(write(tmp_path / "far.gpkg", x * 0 + 5e6, y * 0 + 9e6, columns))


def test_a_layer_of_swapped_degrees_declared_wgs84_gets_findings_not_an_error(
        sample_points, tmp_path):
    x, y, columns = sample_points
    path = tmp_path / "swapped.gpkg"
    pyogrio.raw.write(str(path), geometry=shapely.to_wkb(shapely.points(y, x)),
                      field_data=list(columns.values()), fields=list(columns),
                      geometry_type="Point", driver="GPKG", crs="EPSG:4326")
    from diachi_geo.validate import validate

    points = read_points(str(path))
    result = validate(points, checks=["swapped_latlon"])
    assert len(result.findings) == len(x)
