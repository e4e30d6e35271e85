import numpy as np
import pytest
import shapely
from diachi_geo.config import CheckParams
from diachi_geo.errors import ConfigError
from diachi_geo.model import PointSet, ReferenceLayer
from diachi_geo.validate import select_checks, validate
from helpers import THANH_HOA, point_set

LON, LAT = THANH_HOA


def run(points, **kwargs):
    result = validate(points, **kwargs)
    return result.findings


def flagged(findings, check):
    return sorted(findings.index[findings.check == check].tolist())


def communes_layer():
    """Two communes side by side in UTM 48N, split at x = 577000."""
    west = shapely.box(575000, 2188000, 577000, 2192000)
    east = shapely.box(577000, 2188000, 579000, 2192000)
    return ReferenceLayer("communes", np.array([west, east]), np.array([1, 2]), 32648,
                          {"code": np.array(["15000", "15007"], dtype=object)})


@pytest.mark.parametrize("xy, crs, code", [
    ((np.nan, 19.8), 4326, "non_finite_coordinates"),
    ((np.inf, 19.8), 4326, "non_finite_coordinates"),
    ((105.7, -np.inf), 4326, "non_finite_coordinates"),
    ((1e30, 1e30), 32648, "untransformable_coordinates"),
])
def test_invalid_coordinates_are_findings(xy, crs, code):
    from diachi_geo.crs import transform_xy

    gx, gy = transform_xy(np.array([LON]), np.array([LAT]), 4326, crs)   # a good point first
    findings = run(point_set([(gx[0], gy[0]), xy], crs=crs))
    assert flagged(findings, "invalid_geometry") == [1]
    assert findings.message_code[findings.check == "invalid_geometry"][0] == code


def test_problem_codes_from_reading_become_invalid_geometry():
    points = point_set([(LON, LAT)] * 3)
    points.problems = np.array(["", "null_geometry", "multipart_point"], dtype=object)
    points.problem_params = {2: {"parts": 3}}
    findings = run(points)
    assert flagged(findings, "invalid_geometry") == [1, 2]
    rows = np.argsort(findings.index)
    assert findings.message_code[rows].tolist() == ["null_geometry", "multipart_point"]
    assert [findings.params[r] for r in rows] == [{}, {"parts": 3}]  # each on its own point


@pytest.mark.parametrize("lon, lat, expected", [
    (0.0, 0.0, True), (0.0004, -0.0003, True), (0.9, 0.9, True), (1.5, 0.0, False),
    (LON, LAT, False),
])
def test_null_island(lon, lat, expected):
    findings = run(point_set([(lon, lat)]))
    assert (flagged(findings, "null_island") == [0]) is expected
    if expected:   # not also reported as outside the country
        assert flagged(findings, "outside_country") == []


def test_swapped_latlon_suggests_the_swapped_point():
    findings = run(point_set([(LAT, LON)]))
    assert flagged(findings, "swapped_latlon") == [0]
    assert flagged(findings, "outside_country") == []
    row = findings.check == "swapped_latlon"
    assert findings.suggested_x[row][0] == pytest.approx(LON)
    assert findings.suggested_y[row][0] == pytest.approx(LAT)


def test_swapped_must_land_in_the_declared_commune_when_communes_are_known():
    # swapping lands in Vietnam, but far from commune 15000: not a plain swap
    far = (21.03, 105.85)  # Hà Nội swapped
    points = point_set([(LAT, LON), far], commune_code=np.array(["15000", "15000"]))
    communes = communes_layer()
    communes.geometries = np.array([shapely.box(570000, 2180000, 590000, 2200000),
                                    shapely.box(590000, 2180000, 600000, 2200000)])
    findings = run(points, communes=communes)
    assert flagged(findings, "swapped_latlon") == [0]
    assert flagged(findings, "outside_country") == [1]


@pytest.mark.parametrize("lon, lat, inside", [
    (105.85, 21.03, True),      # Hà Nội
    (106.70, 10.78, True),      # Hồ Chí Minh City
    (112.33, 16.50, True),      # Hoàng Sa
    (114.30, 10.40, True),      # Trường Sa
    (106.80, 20.70, True),      # sea off Hải Phòng, inside 12 nm
    (102.60, 17.97, False),     # Vientiane
    (104.92, 11.56, False),     # Phnom Penh
    (106.30, 23.50, False),     # Guangxi
    (110.50, 12.00, False),     # open sea beyond 12 nm
    (151.20, -33.87, False),
])
def test_outside_country(lon, lat, inside):
    findings = run(point_set([(lon, lat)]))
    assert (flagged(findings, "outside_country") == []) is inside


def test_points_in_metres_are_checked_in_degrees():
    from diachi_geo.crs import transform_xy
    x, y = transform_xy(np.array([LON]), np.array([LAT]), 4326, 5897)
    findings = run(point_set(np.c_[x, y], crs=5897))
    assert len(findings) == 0


def test_outside_commune_with_border_tolerance():
    from diachi_geo.crs import transform_xy
    xs = np.array([576000, 576998, 577003, 577020, 578000, 576000, 576000])
    ys = np.full(len(xs), 2190000)
    lon, lat = transform_xy(xs, ys, 32648, 4326)
    codes = np.array(["15000", "15000", "15000", "15000", "15000", "99999", ""], dtype=object)
    findings = run(point_set(np.c_[lon, lat], commune_code=codes), communes=communes_layer())
    rows = findings.check == "outside_commune"
    assert findings.index[rows].tolist() == [3, 4, 5]
    assert findings.message_code[rows].tolist() == ["outside_commune", "outside_commune",
                                                    "unknown_commune_code"]
    assert findings.related_id[rows].tolist() == ["15007", "15007", "15000"]
    assert findings.params[np.flatnonzero(rows)[0]] == {"declared": "15000", "found": "15007",
                                                     "resolved_from": "code"}


def test_outside_commune_is_skipped_without_communes_or_codes():
    result = validate(point_set([(LON, LAT)]))
    notes = {(n.check, n.params["reason"], n.params.get("layer")) for n in result.notes}
    assert ("outside_commune", "missing_layer", "communes") in notes
    assert ("snap", "missing_layer", "buildings") in notes
    assert ("in_water", "missing_layer", "water") in notes
    result = validate(point_set([(LON, LAT)]), communes=communes_layer())
    assert ("outside_commune", "missing_field") in [(n.check, n.params["reason"])
                                                   for n in result.notes]


def test_stacked_needs_different_names():
    d = 0.00000109   # about 0.12 m
    points = point_set([(LON, LAT), (LON + d, LAT), (LON, LAT + d), (LON + 0.001, LAT),
                        (LON + 0.001, LAT)],
                       names=["Tạp hóa Lan", "Nhà bà Hoa", "Tiệm may Hùng", "UBND xã Thiệu Đô",
                              "Uỷ ban nhân dân xa Thieu Do"])
    findings = run(points)
    rows = findings.check == "stacked"
    assert findings.index[rows].tolist() == [0, 1, 2]
    assert set(findings.group_id[rows]) == {"stacked-1"}
    assert findings.params[np.flatnonzero(rows)[0]] == {"count": 3}
    assert findings.related_id[rows].tolist() == [2, 1, 1]


def test_missing_values_one_finding_per_field():
    points = point_set([(LON, LAT)] * 3, names=["", "Chợ", None],
                       address=np.array(["a", "  ", "b"], dtype=object))
    findings = run(points)
    rows = findings.check == "missing_value"
    got = sorted((int(i), findings.params[k]["field"]) for k, i in
                 zip(np.flatnonzero(rows), findings.index[rows]))
    assert got == [(0, "name"), (1, "address"), (2, "name")]


def test_check_selection_and_unknown_codes():
    points = point_set([(0.0, 0.0), (LAT, LON)])
    findings = run(points, checks=["null_island"])
    assert set(findings.check) == {"null_island"}
    with pytest.raises(ConfigError, match="unknown check"):
        select_checks(["nul_island"])


def test_progress_can_cancel():
    calls = []

    def progress(fraction, check):
        calls.append(check)
        return len(calls) < 2

    result = validate(point_set([(0.0, 0.0)]), progress=progress)
    assert result.notes[-1].code == "cancelled" and len(calls) == 2


def test_params_are_validated():
    with pytest.raises(ConfigError, match="unknown parameter"):
        CheckParams().replace(stacked_tolerance=2)
    with pytest.raises(ConfigError, match=">= 0"):
        CheckParams(stacked_tolerance_m=-1.0)
    assert CheckParams().replace(stacked_tolerance_m="2").stacked_tolerance_m == 2.0


def test_empty_point_set_runs():
    points = PointSet("empty", np.array([], dtype=np.int64), np.array([]), np.array([]), 4326,
                      {"name": np.array([], dtype=object)})
    assert len(run(points)) == 0
