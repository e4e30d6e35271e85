"""Points read thinly where a run in parts starts, and each part's read again whole by
feature id: the same points, fields, CRS and problems as one reading of the whole layer."""
from __future__ import annotations

import shutil
import sqlite3

import numpy as np
import pyogrio.raw
import pytest
from diachi_geo.engine.spec import take_points
from diachi_geo.errors import InputError
from diachi_geo.io.point_rows import filled, read_thin_points
from diachi_geo.io.points import read_points
from diachi_geo.source import is_geopackage


def test_a_part_read_by_id_equals_the_part_of_the_whole(sample):
    source = f"{sample}|layername=points"
    whole = read_points(source, personal=("owner_phone",))
    thin, file = read_thin_points(source, keep=("commune_code",), fields=None,
                                  personal=("owner_phone",))
    assert set(thin.attributes) == {"commune_code"}
    assert thin.field_names == whole.field_names and "owner_phone" in thin.field_names
    assert "owner_email" not in thin.field_names        # the owner's data only if allowed
    assert (thin.ids == whole.ids).all() and thin.crs == whole.crs
    np.testing.assert_array_equal(thin.x, whole.x)
    # some of every kind: with and without problems, scattered
    positions = np.unique(np.r_[np.flatnonzero(whole.problems != "")[:5],
                                np.arange(3, len(whole), 7)])
    part, expected = file.read(positions), take_points(whole, positions)
    assert (part.ids == expected.ids).all() and part.crs == whole.crs
    np.testing.assert_array_equal(part.x, expected.x)
    np.testing.assert_array_equal(part.problems, expected.problems)
    assert part.problem_params == expected.problem_params
    assert (part.problems != "").sum() == 4             # no geometry, empty geometry
    assert set(part.attributes) == set(whole.attributes)
    for name, values in expected.attributes.items():
        assert part.attribute(name).tolist() == values.tolist(), name
    only = file.read(positions, ["address"])
    assert set(only.attributes) == {"address"}


def test_filled_points_hold_the_columns_where_asked(sample):
    source = f"{sample}|layername=points"
    thin, file = read_thin_points(source, keep=("name",), fields=None)
    at = np.array([2, 40, 41])
    points = filled(thin, at, file.read(at, ["address", "name"]))
    whole = read_points(source)
    assert points.attribute("address")[at].tolist() == whole.attribute("address")[at].tolist()
    assert points.attribute("address")[0] is None
    assert points.attribute("name").tolist() == whole.attribute("name").tolist()


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_a_layer_without_crs_keeps_the_crs_guessed_over_all_its_points(sample, tmp_path):
    meta, fids, wkb, columns = pyogrio.raw.read(str(sample), layer="points")
    path = tmp_path / "no-crs.gpkg"
    pyogrio.raw.write(str(path), geometry=wkb, field_data=columns, fields=meta["fields"],
                      layer="points", geometry_type="Point")
    thin, file = read_thin_points(str(path), keep=(), fields=None)
    assert thin.crs.to_epsg() == 4326
    # a part of points without a location: nothing to guess from, the CRS is known
    nowhere = np.flatnonzero(thin.problems != "")
    assert file.read(nowhere).crs == thin.crs


def test_a_points_file_changed_under_a_run_is_said(sample, tmp_path):
    path = tmp_path / "points.gpkg"
    shutil.copy(sample, path)
    _, file = read_thin_points(f"{path}|layername=points", keep=(), fields=None)
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM points WHERE fid = ?", (int(file.fids[-1]),))
    with pytest.raises(InputError, match="changed during the run in parts"):
        file.read(np.array([0, len(file.fids) - 1]))


def test_only_geopackages_are_read_by_id(sample):
    assert is_geopackage(f"{sample}|layername=points")
    assert not is_geopackage("points.csv") and not is_geopackage("points.geojson")


def _view_in_another_order(sample, path) -> str:
    """A copy of the sample whose points are also a view (a GeoPackage layer too) listing
    them by name, last first: its features come in no order of their ids."""
    shutil.copy(sample, path)
    with sqlite3.connect(path) as db:
        column, kind, srs = db.execute(
            "SELECT column_name, geometry_type_name, srs_id FROM gpkg_geometry_columns "
            "WHERE table_name = 'points'").fetchone()
        db.execute("CREATE VIEW by_name AS SELECT * FROM points ORDER BY name DESC")
        db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
                   "VALUES ('by_name', 'features', 'by_name', ?)", (srs,))
        db.execute("INSERT INTO gpkg_geometry_columns VALUES ('by_name', ?, ?, ?, 0, 0)",
                   (column, kind, srs))
    return f"{path}|layername=by_name"


def test_a_layer_whose_ids_are_not_in_order_is_read_by_id_in_its_order(sample, tmp_path):
    source = _view_in_another_order(sample, tmp_path / "view.gpkg")
    whole = read_points(source, personal=("owner_phone",))
    thin, file = read_thin_points(source, keep=("commune_code",), fields=None,
                                  personal=("owner_phone",))
    assert not (np.diff(file.fids) > 0).all()          # the case: ids out of order
    positions = np.arange(1, len(whole), 9)
    part, expected = file.read(positions), take_points(whole, positions)
    assert (part.ids == expected.ids).all()
    np.testing.assert_array_equal(part.x, expected.x)
    for name, values in expected.attributes.items():
        assert part.attribute(name).tolist() == values.tolist(), name
    at = np.array([0, 5, 6])
    points = filled(thin, at, file.read(at, ["address"]))
    assert points.attribute("address")[at].tolist() == whole.attribute("address")[at].tolist()


def test_legacy_text_in_addresses_is_said_when_read_thinly(sample, tmp_path, caplog):
    """The addresses are not read where the run starts, yet their legacy encoding is
    said, as one reading of the whole layer says it."""
    meta, _, wkb, columns = pyogrio.raw.read(str(sample), layer="points")
    address = list(meta["fields"]).index("address")
    columns[address][:50] = "12 \xadêng Tr\xadêng Chinh, ph\xadêng Kh\xad¬ng Mai"
    path = tmp_path / "legacy.gpkg"
    pyogrio.raw.write(str(path), geometry=wkb, field_data=columns, fields=meta["fields"],
                      layer="points", geometry_type="Point", crs=meta["crs"])
    read_points(f"{path}|layername=points")
    said = [r.getMessage() for r in caplog.records if "legacy Vietnamese" in r.getMessage()]
    assert said
    caplog.clear()
    read_thin_points(f"{path}|layername=points", keep=("commune_code",), fields=None)
    assert [r.getMessage() for r in caplog.records
            if "legacy Vietnamese" in r.getMessage()] == said


def test_parts_are_sent_only_the_commune_codes_the_layer_holds(sample):
    """The old -> new table of the whole country (ten thousand codes) is not sent with
    every part: only its codes the points hold, converted alike."""
    source = f"{sample}|layername=points"
    held = sorted(set(read_points(source).attribute("commune_code").tolist()) - {""})
    mapping = {f"{k:05d}": "99999" for k in range(90000, 99000)} | {held[0]: "88888"}
    whole = read_points(source, commune_mapping=mapping)
    thin, file = read_thin_points(source, keep=("commune_code",), fields=None,
                                  commune_mapping=mapping)
    assert dict(file.rows.commune_mapping) == {held[0]: "88888"}
    assert thin.attribute("commune_code").tolist() == whole.attribute("commune_code").tolist()
    assert "88888" in thin.attribute("commune_code").tolist()
    positions = np.arange(0, len(whole), 3)
    assert file.read(positions).attribute("commune_code").tolist() == \
        whole.attribute("commune_code")[positions].tolist()


def test_an_integer_field_with_blanks_reads_alike_whole_or_in_part(sample, tmp_path):
    """An integer field with empty values comes as decimals with NaN from a whole reading
    and as integers from features read alone: the points hold the same values either way
    (a phone compared by its digits must not gain a zero from "912345678.0")."""
    path = tmp_path / "phones.gpkg"
    shutil.copy(sample, path)
    with sqlite3.connect(path) as db:
        for name in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
            db.create_function(name, 1, lambda geometry: 0)     # GeoPackage triggers
        db.execute("ALTER TABLE points ADD COLUMN so_dien_thoai INTEGER")
        db.execute("UPDATE points SET so_dien_thoai = 912345678 + fid WHERE fid % 3 != 0")
    source = f"{path}|layername=points"
    fields = {"owner_phone": "so_dien_thoai"}
    whole = read_points(source, fields=fields, personal=("owner_phone",))
    phones = whole.attribute("owner_phone")
    assert phones[0] == 912345679 and type(phones[0]) is int and phones[2] is None
    _, file = read_thin_points(source, keep=(), fields=fields, personal=("owner_phone",))
    filled_only = np.flatnonzero(np.array([p is not None for p in phones]))[:50]
    part = file.read(filled_only)
    assert part.attribute("owner_phone").tolist() == phones[filled_only].tolist()
    assert [str(p) for p in part.attribute("owner_phone")] == \
        [str(p) for p in phones[filled_only]]
