import os
import signal
import sqlite3
import subprocess
import sys

import numpy as np
import pytest
import shapely
from diachi_geo.errors import InputError, OutputError
from diachi_geo.io import (
    atomic_output,
    check_not_input,
    parse_source,
    read_communes,
    read_points,
    read_reference,
)
from diachi_geo.io.write import OutputLayer, write_vector
from helpers import THANH_HOA, checksum, write_points


def test_reads_the_sample_points_with_canonical_fields(sample, truth):
    points = read_points(f"{sample}|layername=points")
    assert points.ids.tolist() == truth["point_id"].tolist()  # every feature, in order
    assert {"name", "category", "address", "commune_code", "collector"} <= set(points.attributes)
    # the owner's personal data is not even read unless asked for
    assert not {"owner_name", "owner_phone", "owner_email"} & set(points.attributes)
    personal = read_points(f"{sample}|layername=points", personal=True)
    assert personal.attribute("owner_phone")[0].startswith("09")
    assert points.crs.to_epsg() == 4326
    assert points.ids.dtype == np.int64


def test_reads_communes_in_vn2000(sample):
    communes = read_communes(f"{sample}|layername=communes")
    assert communes.crs.name.startswith("VN-2000")
    assert list(communes.attributes["code"][:2]) == ["15000", "15007"]


def test_multilayer_file_needs_a_layer_name(sample):
    with pytest.raises(InputError) as err:
        read_points(str(sample))
    assert "layername=" in str(err.value) and str(sample) in str(err.value)


def test_unknown_layer_lists_the_layers(sample):
    with pytest.raises(InputError, match="choose one of: .*points"):
        read_points(f"{sample}|layername=diem")


def test_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match="nothere.gpkg: file not found"):
        read_points(tmp_path / "nothere.gpkg")


def test_broken_file_gets_a_clear_error(tmp_path):
    path = tmp_path / "broken.gpkg"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(InputError, match="broken.gpkg"):
        read_points(path)


def test_missing_field_names_file_layer_field_and_fix(tmp_path):
    path = write_points(tmp_path / "p.gpkg", [shapely.Point(*THANH_HOA)])
    with pytest.raises(InputError) as err:
        read_points(path, fields={"name": "ten"})
    text = str(err.value)
    assert "p.gpkg" in text and "layer points" in text and "field ten" in text
    assert "choose one of" in text


def test_field_mapping_and_vietnamese_field_names(tmp_path):
    path = write_points(tmp_path / "p.gpkg", [shapely.Point(*THANH_HOA)], ma_xa=np.array([4]),
                        ten_dia_diem=np.array(["Chợ Đồng"], dtype=object))
    points = read_points(path, fields={"name": "ten_dia_diem", "commune_code": "ma_xa"})
    assert points.attribute("name")[0] == "Chợ Đồng"
    assert points.attribute("commune_code")[0] == "00004"   # leading zeros restored


def test_a_field_can_be_declared_absent(tmp_path):
    path = write_points(tmp_path / "p.gpkg", [shapely.Point(*THANH_HOA)])
    points = read_points(path, fields={"commune_code": ""})
    assert points.attribute("commune_code") is None


@pytest.mark.parametrize("ids, problem", [
    (np.array([1, 2, 2]), "used by more than one feature"),
    (np.array(["a", None, "c"], dtype=object), "have no id"),
    (np.array(["a", " ", "c"], dtype=object), "have no id"),
])
def test_null_and_duplicate_ids_are_errors(tmp_path, ids, problem):
    path = write_points(tmp_path / "p.gpkg", [shapely.Point(*THANH_HOA)] * 3, id=ids)
    with pytest.raises(InputError, match=problem) as err:
        read_points(path)
    assert "field id" in str(err.value)


def test_geometry_problems_become_codes_not_crashes(tmp_path):
    geoms = [shapely.Point(*THANH_HOA), None, shapely.from_wkt("POINT EMPTY"),
             shapely.MultiPoint([THANH_HOA, (105.78, 19.81)]), shapely.MultiPoint([THANH_HOA]),
             shapely.Point(105.7, 19.8, 12.0), shapely.LineString([THANH_HOA, (105.78, 19.81)])]
    path = write_points(tmp_path / "p.gpkg", geoms)
    points = read_points(path)
    assert points.problems.tolist() == ["", "null_geometry", "empty_geometry", "multipart_point",
                                        "", "", "not_a_point"]
    assert points.x[4] == THANH_HOA[0] and points.x[5] == 105.7   # single multipoint, Z dropped
    assert points.problem_params[6] == {"geometry_type": "LineString"}


def test_geojson_and_shapefile_are_read(tmp_path):
    for name in ("p.geojson", "p.shp"):
        path = write_points(tmp_path / name, [shapely.Point(*THANH_HOA)], layer=None)
        assert len(read_points(path)) == 1


def test_csv_with_semicolons_and_decimal_commas(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("id;ten;loai;dia_chi;ma_xa;kinh_do;vi_do\n"
                    "1;Chợ Đồng;Chợ;thôn Đông;15000;105,775;19,805\n"
                    "2;Nhà ông An;Nhà ở;thôn Nam;15000;abc;19,8\n", encoding="utf-8-sig")
    points = read_points(path)
    assert points.x[0] == pytest.approx(105.775) and points.y[0] == pytest.approx(19.805)
    assert points.problems.tolist() == ["", "non_finite_coordinates"]
    assert points.attribute("name")[0] == "Chợ Đồng"


def test_csv_without_coordinates_says_which_columns(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("id,name\n1,a\n", encoding="utf-8")
    with pytest.raises(InputError, match="longitude/latitude columns"):
        read_points(path)


def test_projected_points_without_crs_need_one(tmp_path):
    path = write_points(tmp_path / "p.shp", [shapely.Point(576000, 2190000)], crs=None,
                        layer=None)   # a Shapefile whose .prj was lost
    with pytest.raises(InputError, match="--crs"):
        read_points(path)
    assert read_points(path, crs="EPSG:5897").crs.to_epsg() == 5897


def test_reference_layer_in_another_crs(sample):
    roads = read_reference(f"{sample}|layername=roads", kind="roads")
    assert len(roads) > 0 and roads.crs.to_epsg() == 4326
    metric = roads.to_crs(32648)
    assert shapely.bounds(metric)[:, 0].min() > 500000


def test_parse_source_rejects_unknown_options():
    with pytest.raises(InputError, match="layername"):
        parse_source("a.gpkg|layerid=3")


def test_output_may_not_be_an_input(sample, tmp_path):
    with pytest.raises(OutputError, match="never overwrites"):
        check_not_input(str(sample), [f"{sample}|layername=points"])


def test_atomic_output_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_output(target) as temp:
            open(temp, "w").write("half")
            raise RuntimeError("killed")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


@pytest.mark.parametrize("fault, passed", [("", 2), ("other.step", 2), ("test.step", 0),
                                            ("test.step@2", 1)])
def test_a_fault_checkpoint_kills_at_its_step_only(fault, passed):
    code = ("from diachi_geo.faults import checkpoint\n"
            "for i in range(2):\n    checkpoint('test.step')\n    print(i, flush=True)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "DIACHI_FAULT": fault})
    assert run.stdout.split() == [str(i) for i in range(passed)]
    assert run.returncode == (0 if passed == 2 else -signal.SIGKILL)


def test_reading_never_changes_the_input(sample):
    before = checksum(sample)
    read_points(f"{sample}|layername=points")
    read_communes(f"{sample}|layername=communes")
    assert checksum(sample) == before


def test_xlsx_with_coordinate_columns(tmp_path):
    import numpy as np
    import pyogrio.raw

    path = tmp_path / "p.xlsx"
    pyogrio.raw.write(str(path), geometry=None, driver="XLSX", layer="Sheet1",
                      fields=["id", "ten", "loai", "dia_chi", "ma_xa", "lon", "lat"],
                      field_data=[np.array([1, 2]), np.array(["Chợ Đồng", "Chùa"], dtype=object),
                                  np.array(["Chợ", "Tôn giáo"], dtype=object),
                                  np.array(["thôn Đông", "thôn Nam"], dtype=object),
                                  np.array(["15000", "15000"], dtype=object),
                                  np.array([105.775, 105.776]), np.array([19.805, 19.806])])
    points = read_points(path)
    assert len(points) == 2 and points.attribute("name")[1] == "Chùa"
    assert points.x.tolist() == [105.775, 105.776]


def test_plain_point_wkb_decodes_like_geos():
    import struct

    import shapely
    from diachi_geo.io import wkb as decoder

    rows = [shapely.to_wkb(shapely.Point(105.5, 21.25)),
            shapely.to_wkb(shapely.Point(106, 20), byte_order=0),          # big-endian
            shapely.to_wkb(shapely.Point(105, 21, 7)),                     # with Z
            shapely.to_wkb(shapely.Point()),                               # empty
            struct.pack("<BIdd", 1, 1, float("inf"), 21.0),               # not finite
            struct.pack("<BIdd", 1, 1, 105.0, float("nan")),              # half missing
            shapely.to_wkb(shapely.LineString([(0, 0), (1, 1)])),
            None]
    wkb = np.array(rows * 3, dtype=object)
    fast = decoder.points_from_wkb(wkb)
    slow = decoder._points_from_wkb_with_geos(wkb)
    assert np.array_equal(fast[0], slow[0], equal_nan=True)
    assert np.array_equal(fast[1], slow[1], equal_nan=True)
    assert fast[2].tolist() == slow[2].tolist()
    assert fast[2].tolist()[:8] == ["", "", "", "empty_geometry", "non_finite_coordinates",
                                    "non_finite_coordinates", "not_a_point", "null_geometry"]


def test_the_arrow_reader_gives_the_columns_of_the_row_reader(tmp_path, monkeypatch):
    """With pyarrow installed, GeoPackages come through GDAL's Arrow stream: the same
    ids, WKB and columns (text with blanks, whole numbers, reals with a gap) as pyogrio's
    row reader."""
    pytest.importorskip("pyarrow")
    import pyogrio.raw
    from diachi_geo.io.vector import read_vector
    from diachi_geo.source import parse_source

    path = tmp_path / "mixed.gpkg"
    geometry = shapely.to_wkb(shapely.points([105.7, 105.8, 105.9], [19.7, 19.8, 19.9]))
    fields = {"name": np.array(["Chợ Thiệu Đô", None, "Tạp hóa Lộc"], dtype=object),
              "floors": np.array([1.0, np.nan, 3.0]), "house": np.array([12, 7, 0]),
              "collected_at": np.array(["2026-09-14T08:31", "2026-09-14 08:40", ""],
                                       dtype=object)}
    pyogrio.raw.write(str(path), geometry, list(fields.values()), fields=list(fields),
                      geometry_type="Point", crs="EPSG:4326", driver="GPKG", layer="p")
    _, row_fids, row_wkb, row_values = pyogrio.raw.read(str(path), layer="p",
                                                        return_fids=True)
    with monkeypatch.context() as patched:   # the row reader is not used
        patched.setattr(pyogrio.raw, "read", None)
        meta, fids, wkb, columns = read_vector(parse_source(f"{path}|layername=p"))
    assert fids.tolist() == row_fids.tolist() and wkb.tolist() == row_wkb.tolist()
    assert list(columns) == list(fields)
    for name, row_column in zip(fields, row_values):
        assert columns[name].dtype == row_column.dtype, name
        floats = row_column.dtype.kind == "f"
        assert np.array_equal(columns[name], row_column, equal_nan=floats), name


def test_rtree_lookup_finds_what_each_box_read_finds(sample, tmp_path):
    import pyogrio
    from diachi_geo.io.rtree import fids_in_boxes

    path = str(sample)
    _, bounds = pyogrio.read_bounds(path, layer="buildings")
    rng = np.random.default_rng(3)
    corner = np.column_stack([rng.uniform(bounds[0].min(), bounds[2].max(), 40),
                              rng.uniform(bounds[1].min(), bounds[3].max(), 40)])
    boxes = np.column_stack([corner, corner + 0.0004])
    expected = set()
    for box in boxes.tolist():
        expected |= set(pyogrio.read_bounds(path, layer="buildings", bbox=tuple(box))[0]
                        .tolist())
    found = fids_in_boxes(path, "buildings", boxes)
    # the index keeps envelopes rounded outwards (float32, a step is 8e-6 degrees at 105 E):
    # a few more, all within two steps of a box
    assert expected and expected <= set(found.tolist()) and len(found) < 1.2 * len(expected)
    fids, envelope = pyogrio.read_bounds(path, layer="buildings")
    at = envelope[:, np.isin(fids, found)].T
    near = (at[:, None, 0] <= boxes[None, :, 2] + 2e-5) & \
        (at[:, None, 2] >= boxes[None, :, 0] - 2e-5) & \
        (at[:, None, 1] <= boxes[None, :, 3] + 2e-5) & (at[:, None, 3] >= boxes[None, :, 1] - 2e-5)
    assert near.any(axis=1).all()
    read = read_reference(f"{path}|layername=buildings", kind="buildings", fids=found)
    assert len(read.geometries) == len(found)
    # not a GeoPackage, or a layer without its index: None, read another way
    geojson = tmp_path / "b.geojson"
    geojson.write_text('{"type": "FeatureCollection", "features": []}')
    assert fids_in_boxes(str(geojson), None, boxes) is None
    plain = tmp_path / "plain.gpkg"
    write_vector(str(plain), [OutputLayer("b", {"id": np.array([1])},
                                          np.array([shapely.box(0, 0, 1, 1)]))])
    assert fids_in_boxes(str(plain), "b", np.array([[0.5, 0.5, 2, 2]])).tolist() == [1]
    assert fids_in_boxes(str(plain), "b", np.array([[1.5, 1.5, 2, 2]])).tolist() == []
    with sqlite3.connect(plain) as db:
        db.execute("DELETE FROM gpkg_extensions WHERE table_name = 'b'")
    assert fids_in_boxes(str(plain), "b", np.array([[0.5, 0.5, 2, 2]])) is None


@pytest.mark.parametrize("fid_column", ["fid", "ma so"])
def test_features_read_by_id_in_runs_are_those_asked(tmp_path, monkeypatch, fid_column):
    """Ids asked for in dense runs are read as ranges and the rest listed: exactly the
    features asked, in id order, as the row reader reads them one by one; an id the layer
    lacks is left out; many runs, whatever the cap on ranges, still read right."""
    pytest.importorskip("pyarrow")
    import pyogrio.raw
    from diachi_geo.io import vector
    from diachi_geo.source import parse_source

    n = 6000
    path = tmp_path / "ids.gpkg"
    names = np.array([f"Điểm {k}" if k % 7 else None for k in range(n)], dtype=object)
    pyogrio.raw.write(str(path), shapely.to_wkb(shapely.points(np.linspace(105, 106, n),
                                                               np.full(n, 19.8))),
                      [names, np.arange(n) * 3], fields=["name", "house"],
                      geometry_type="Point", crs="EPSG:4326", driver="GPKG", layer="p",
                      layer_options={"FID": fid_column})
    with sqlite3.connect(path) as db:
        db.execute(f'DELETE FROM p WHERE "{fid_column}" = 1500')
    rng = np.random.default_rng(5)
    runs = np.concatenate([np.arange(start, start + 40) for start in (1000, 1480, 2000, 3000)])
    # listed ids before and between the runs (SQLite reads them after the ranges), and
    # ids not there: one in a run (1500), one past the end
    asked = np.unique(np.r_[runs, rng.choice(np.arange(4100, n + 1), 30, replace=False),
                            10, 2500, n + 50])
    there = asked[(asked != 1500) & (asked <= n)]
    assert len(there) == len(asked) - 2
    _, row_fids, row_wkb, row_values = pyogrio.raw.read(str(path), layer="p",
                                                        return_fids=True, fids=there)
    where = vector.id_filter(fid_column, asked)
    assert "BETWEEN" in where and " IN (10,2500," in where
    # SQLite nests OR at most 1000 deep: the runs beyond the cap are listed
    many = np.concatenate([np.arange(start, start + 20) for start in range(0, 1_200_000, 1000)])
    assert vector.id_filter("fid", many).count("BETWEEN") == vector.MAX_RUNS
    by_arrow = []
    read_ids = vector._read_arrow_ids
    monkeypatch.setattr(vector, "_read_arrow_ids", lambda *a: by_arrow.append(1) or read_ids(*a))
    source = parse_source(f"{path}|layername=p")
    for cap in (vector.MAX_RUNS, 3):
        monkeypatch.setattr(vector, "MAX_RUNS", cap)
        _, fids, wkb, columns = vector.read_vector(source, fids=asked[::-1])
        assert fids.tolist() == there.tolist() == row_fids.tolist()
        assert wkb.tolist() == row_wkb.tolist()
        assert columns["name"].tolist() == row_values[0].tolist()
        assert columns["house"].tolist() == row_values[1].tolist()
    assert len(by_arrow) == 2          # read by runs, not by pyogrio's lookups
