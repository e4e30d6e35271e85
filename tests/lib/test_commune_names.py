"""The commune a point declares by old code or by name, on real 2025 communes (Thanh Hóa,
Hà Nội: tests/data/units_eval), and the held-out check of outside_commune."""
import numpy as np
import pytest
import shapely
from commune_eval import UTM, build, communes, scores, spellings
from diachi_geo.commune_text import address_commune, address_province, parse_commune_name
from diachi_geo.crs import WGS84, transform_xy
from diachi_geo.messages import describe, note_text
from diachi_geo.model import PointSet
from diachi_geo.units import load_units
from diachi_geo.validate import validate


@pytest.fixture(scope="module")
def layer():
    return communes()


@pytest.fixture(scope="module")
def inner(layer):
    """A point well inside each commune (metric), by code."""
    metric = shapely.make_valid(layer.to_crs(UTM))
    points = shapely.point_on_surface(shapely.buffer(metric, -50))
    return dict(zip(layer.attributes["code"].tolist(), points))


def run(layer, inner, rows, checks=("outside_commune", "commune_mismatch")):
    """rows: (commune the point is in, code, name column, address)."""
    xy = np.array([[inner[r[0]].x, inner[r[0]].y] for r in rows])
    lon, lat = transform_xy(xy[:, 0], xy[:, 1], UTM, WGS84)
    column = lambda k: np.array([r[k] for r in rows], dtype=object)  # noqa: E731
    points = PointSet("t", np.arange(1, len(rows) + 1), lon, lat, WGS84,
                      {"commune_code": column(1), "commune_name": column(2),
                       "address": column(3)})
    return validate(points, communes=layer, checks=list(checks))


def found(result, check="outside_commune"):
    f = result.findings
    return f.index[f.check == check].tolist()


# --- the bundled units -----------------------------------------------------------------
def test_bundled_units_are_the_official_counts():
    units = load_units()
    assert (len(units.provinces), len(units.communes)) == (34, 3321)
    assert len(units.old_provinces) == 63 and 9_900 < len(units.old_communes) < 10_200
    assert units.old_to_new["00001"] == ("00097",)          # Phúc Xá -> Phường Hồng Hà
    assert "00190" not in units.partial or len(units.old_to_new["00196"]) > 1
    assert units.old_to_new["00196"] == ("00190", "00226")  # Hàng Bột, split
    assert "00196" in units.partial and "00001" not in units.partial
    assert units.old_to_new["06970"] == ("06978",)          # the table's code typo fixed


# --- names as written -------------------------------------------------------------------
@pytest.mark.parametrize("text,kind,name", [
    ("Xã Thiệu Tiến", "xa", "Thiệu Tiến"), ("X. Thiệu Tiến", "xa", "Thiệu Tiến"),
    ("X.Thiệu Tiến", "xa", "Thiệu Tiến"), ("xa thieu tien", "xa", "thieu tien"),
    ("P. Văn Miếu - Quốc Tử Giám", "phuong", "Văn Miếu Quốc Tử Giám"),
    ("TT. Thiệu Hóa", "thi tran", "Thiệu Hóa"), ("Đặc khu Phú Quốc", "dac khu", "Phú Quốc"),
    ("P.12", "phuong", "12"), ("Thiệu Tiến", "", "Thiệu Tiến")])
def test_commune_names_split_into_type_and_name(text, kind, name):
    parsed = parse_commune_name(text)
    assert (parsed.kind, parsed.name) == (kind, name)


def test_tone_marks_count_unless_typed_without():
    assert parse_commune_name("Xã Thiệu Hoá").key == parse_commune_name("Xã Thiệu Hóa").key
    assert parse_commune_name("Phường Đông Sơn").key != parse_commune_name("Phường Đồng Sơn").key
    assert not parse_commune_name("phuong dong son").marked
    assert parse_commune_name("Xa lộ Hà Nội", need_kind=True) is None   # a street


@pytest.mark.parametrize("address,commune", [
    ("Số 12, thôn Đông Hưng, xã Thiệu Tiến, tỉnh Thanh Hóa", "xã Thiệu Tiến"),
    ("12 Ngõ 5 phố Huế; P. Đống Đa; Hà Nội", "P. Đống Đa"),
    ("Số 3 - thôn 2 - X.Thiệu Tiến - Thanh Hóa", "X.Thiệu Tiến"),
    ("Số 3 phố Huế, Hà Nội", ""), ("", ""), (None, "")])
def test_commune_part_of_an_address(address, commune):
    assert address_commune(address) == commune


def test_province_part_of_an_address():
    assert address_province("Số 5, phố Huế, TP. Hà Nội") == "ha noi"
    assert address_province("Thanh Hóa") == ""


# --- outside_commune by name ----------------------------------------------------------
@pytest.mark.parametrize("spelling", spellings("Xã Thiệu Tiến"))
def test_blank_code_resolved_from_the_address_in_any_spelling(layer, inner, spelling):
    address = f"Số 7, thôn Đông Hưng, {spelling}, tỉnh Thanh Hóa"
    result = run(layer, inner, [("15778", "", "", address),       # in Thiệu Tiến: fine
                                ("15796", "", "", address)])      # in Thiệu Quang
    assert found(result) == [1]
    f = result.findings
    row = int(np.flatnonzero(f.check == "outside_commune")[0])
    assert f.params[row]["resolved_from"] == "address"
    assert f.params[row]["resolved"] == "15778" and f.related_id[row] == "15796"
    assert f.message_code[row] == "outside_commune_by_name"
    assert "15796" in describe(f.message_code[row], f.params[row], "vi")


@pytest.mark.parametrize("name", ["Thiệu Tiến", "thieu tien", "X. Thiệu Tiến", "XÃ THIỆU TIẾN"])
def test_blank_code_resolved_from_the_name_column(layer, inner, name):
    result = run(layer, inner, [("15778", "", name, ""), ("15796", "", name, "")])
    assert found(result) == [1]
    assert result.findings.params[0]["resolved_from"] == "commune_name"


def test_a_name_differing_in_tone_is_not_taken_for_another(layer, inner):
    # "Đông Đa" (marked, wrong tone) is not Phường Đống Đa; "dong da" (no marks) is
    result = run(layer, inner, [("00229", "", "Phường Đông Đa", ""),
                                ("00229", "", "phuong dong da", "")])
    assert found(result) == [1]


def test_unknown_code_with_a_name_still_warns_and_is_placed_by_name(layer, inner):
    result = run(layer, inner, [("15778", "99999", "Xã Thiệu Tiến", ""),
                                ("15796", "99999", "Xã Thiệu Tiến", ""),
                                ("15796", "99999", "", "")])
    f = result.findings
    assert f.message_code.tolist() == ["outside_commune_by_name", "unknown_commune_code",
                                       "unknown_commune_code"]
    assert f.index.tolist() == [1, 0, 2]


def test_blank_code_and_no_name_is_left_to_missing_value(layer, inner):
    assert found(run(layer, inner, [("15778", "", "", "Số 5, thôn 3, Thanh Hóa")])) == []


# --- old codes and old names ------------------------------------------------------------
def test_old_codes_are_converted_by_default_and_said_so(layer, inner):
    # 00043 (Phường Hàng Mã, old) went whole to Phường Hoàn Kiếm (00070)
    result = run(layer, inner, [("00070", "00043", "", ""), ("00004", "00043", "", "")])
    assert found(result) == [1]
    f = result.findings
    assert f.message_code[0] == "outside_commune_old_code"
    assert f.params[0]["resolved_from"] == "old_code" and f.params[0]["resolved"] == "00070"
    (note,) = result.notes
    assert (note.code, note.params) == ("old_codes_converted", {"count": 2, "partial": 0})
    assert "2" in note_text(note.code, note.params, "vi")


def test_a_split_old_commune_is_placed_by_location(layer, inner):
    # Phường Hàng Bột (00196) went partly to Ô Chợ Dừa (00190), partly to Văn Miếu (00226)
    result = run(layer, inner, [("00190", "00196", "", ""), ("00226", "00196", "", ""),
                                ("00229", "00196", "", "")])
    assert found(result) == [2]
    assert result.findings.params[0]["resolved"] == "00190, 00226"
    assert result.notes[0].params == {"count": 3, "partial": 3}


def test_an_old_name_in_the_address_counts_as_its_new_communes(layer, inner):
    # "Thị trấn Thiệu Hóa" was split between Xã Thiệu Hoá (15772), Thiệu Quang (15796)
    # and Thiệu Trung (15835): the new Xã Thiệu Hoá has its name, not its type
    old = "Số 5, khu phố 3, Thị trấn Thiệu Hóa, tỉnh Thanh Hóa"
    result = run(layer, inner, [("15772", "", "", old), ("15835", "", "", old),
                                ("15778", "", "", old)])
    assert found(result) == [2]
    assert result.findings.params[0]["resolved"] == "15772, 15796, 15835"


# --- commune_mismatch -----------------------------------------------------------------------
def test_code_and_address_naming_two_communes(layer, inner):
    rows = [("15778", "15778", "", "Số 5, thôn 1, xã Thiệu Tiến, tỉnh Thanh Hóa"),   # agree
            ("15796", "15778", "", "Số 5, thôn 1, xã Thiệu Quang, tỉnh Thanh Hóa"),  # differ
            ("15778", "15778", "", "Số 5, thôn 1, xa thieu tien, Thanh Hoa"),        # agree
            ("15778", "15778", "", "Số 5, thôn 1, tỉnh Thanh Hóa")]                  # no name
    result = run(layer, inner, rows)
    assert found(result, "commune_mismatch") == [1]
    f = result.findings
    row = int(np.flatnonzero(f.check == "commune_mismatch")[0])
    assert f.params[row]["resolved_from"] == "address"
    assert f.params[row]["code_name"] == "Xã Thiệu Tiến"
    assert f.related_id[row] == "15796" and f.severity[row] == "warning"
    assert "Thiệu Quang" in describe("commune_mismatch", f.params[row], "en")


def test_an_old_name_of_the_codes_commune_is_no_mismatch(layer, inner):
    # "Phường Phương Liên - Trung Tự" (old) is now part of Kim Liên (00229)
    old = "Số 5, phố Huế, Phường Phương Liên - Trung Tự, Hà Nội"
    result = run(layer, inner, [("00229", "00229", "", old)])
    assert found(result, "commune_mismatch") == []


# --- the held-out check ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def held_out():
    points, layer, labels = build()
    result = validate(points, communes=layer, checks=["outside_commune", "commune_mismatch"])
    return points, labels, result


def test_held_out_recall_and_precision(held_out):
    points, labels, result = held_out
    flagged = np.zeros(len(points), dtype=bool)
    flagged[found(result)] = True
    for half in (0, 1):
        part = labels["half"] == half
        recall, precision = scores(flagged[part], labels["outside"][part])
        assert recall >= 0.97 and precision >= 0.98, (half, recall, precision)
    blank = np.isin(labels["kind"], ("blank_name_column_moved", "blank_address_moved"))
    assert flagged[blank].mean() >= 0.97        # the case the codes never caught
    for kind in ("blank_name_column", "blank_address", "code", "old_code"):
        assert not flagged[labels["kind"] == kind].any(), kind


def test_held_out_mismatch(held_out):
    points, labels, result = held_out
    flagged = np.zeros(len(points), dtype=bool)
    flagged[found(result, "commune_mismatch")] = True
    recall, precision = scores(flagged, labels["mismatch"])
    assert recall >= 0.9 and precision == 1.0


# --- the command line, on files ---------------------------------------------------------------
def test_cli_converts_old_codes_and_reads_names_from_a_file(layer, inner, tmp_path, capsys):
    import json

    import pyogrio.raw
    from diachi_geo.cli import main
    from helpers import write_points

    rows = [("00070", "00043", "", "Số 1, phố Hàng Mã, P. Hàng Mã, Hà Nội"),   # old code
            ("00004", "00043", "", "Số 2, phố Hàng Mã, P. Hàng Mã, Hà Nội"),
            ("15796", "", "Thiệu Tiến", "Số 3, thôn 1, tỉnh Thanh Hóa"),       # ten_xa
            ("15778", "", "", "Số 4, thôn 1, X. Thiệu Tiến, tỉnh Thanh Hóa")]  # fine
    xy = np.array([[inner[r[0]].x, inner[r[0]].y] for r in rows])
    lon, lat = transform_xy(xy[:, 0], xy[:, 1], UTM, WGS84)
    points = write_points(tmp_path / "points.gpkg", shapely.points(lon, lat),
                          commune_code=np.array([r[1] for r in rows], dtype=object),
                          ten_xa=np.array([r[2] for r in rows], dtype=object),
                          address=np.array([r[3] for r in rows], dtype=object))
    out = tmp_path / "findings.gpkg"
    from commune_eval import DATA
    assert main(["validate", str(points), "--communes", str(DATA), "--out", str(out),
                 "--checks", "outside_commune,commune_mismatch", "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "2 old commune codes (before 1 July 2025) converted" in text
    meta, _, _, values = pyogrio.raw.read(out, layer="findings")
    columns = dict(zip(meta["fields"], values))
    found = {(int(p), c, json.loads(q)["resolved_from"]) for p, c, q in
             zip(columns["point_id"], columns["check"], columns["params"])}
    assert found == {(2, "outside_commune", "old_code"), (3, "outside_commune", "commune_name")}
