"""The address against the map: street_mismatch, hamlet_outlier and
house_number_out_of_sequence on small scenes written for them (Vietnamese streets and
hamlets as collectors write them), and on the bundled sample and its truth."""
from __future__ import annotations

import numpy as np
import pytest
import shapely
from diachi_geo.checks.streets.names import road_name, same_street
from diachi_geo.checks.streets.parse import parse_addresses
from diachi_geo.config import CheckParams
from diachi_geo.crs import transform_xy
from diachi_geo.messages import describe
from diachi_geo.model import ReferenceLayer
from diachi_geo.validate import validate
from helpers import THANH_HOA, point_set

UTM = 32648
X0, Y0 = (float(v[0]) for v in transform_xy(np.array([THANH_HOA[0]]),
                                             np.array([THANH_HOA[1]]), 4326, UTM))
STREET_CHECKS = ["street_mismatch", "hamlet_outlier", "house_number_out_of_sequence"]


def roads_layer(*roads: tuple[str | None, list[tuple[float, float]]]) -> ReferenceLayer:
    """Roads (name, local coordinates in metres from the scene's origin) in UTM 48N."""
    lines = [shapely.LineString([(X0 + x, Y0 + y) for x, y in coords]) for _, coords in roads]
    return ReferenceLayer("roads", np.array(lines), np.arange(1, len(lines) + 1), UTM,
                          {"name": np.array([n for n, _ in roads], dtype=object)})


# Nguyễn Văn Cừ runs east-west 0..800 m; Ngọc Lâm crosses it north-south at x = 400; an
# unnamed lane runs north from x = 700.
MAP = roads_layer(("Đường Nguyễn Văn Cừ", [(0, 0), (800, 0)]),
                  ("Phố Ngọc Lâm", [(400, -300), (400, 300)]),
                  (None, [(700, 20), (700, 300)]))


def scene(places, roads=MAP, params=None, communes=None):
    """Findings of the street checks for points (address, x, y[, commune code])."""
    xy = [(X0 + p[1], Y0 + p[2]) for p in places]
    codes = [p[3] if len(p) > 3 else "00091" for p in places] if communes is None else communes
    points = point_set(xy, crs=UTM, address=[p[0] for p in places], commune_code=codes)
    return validate(points, roads=roads, checks=STREET_CHECKS,
                    params=params or CheckParams())


def found(result, check):
    f = result.findings
    return sorted(f.index[f.check == check].tolist())


def street_houses(start=2, stop=160, *, street="Nguyễn Văn Cừ", spacing=8.0, skip=()):
    """Houses along Nguyễn Văn Cừ: even numbers north of it, odd south, growing east."""
    out = []
    for n in range(start, stop + 1):
        if n in skip:
            continue
        out.append((f"Số {n} {street}, P. Bồ Đề, Q. Long Biên", 10 + (n // 2) * spacing,
                    12.0 if n % 2 == 0 else -12.0))
    return out


# --- reading street names and addresses -----------------------------------------------

@pytest.mark.parametrize("a, b, same", [
    ("Đ. Nguyễn Văn Cừ", "đường Nguyễn Văn Cừ", True),
    ("Nguyen Van Cu", "Nguyễn Văn Cừ", True),
    ("NGUYỄN VĂN CỪ", "Nguyễn Văn Cừ", True),
    ("Nguyễn Văn Cù", "Nguyễn Văn Cừ", False),      # both marked: the marks count
    ("Hoà Bình", "Hòa Bình", True),                 # old and new tone placement
    ("Phố Hàng Bông", "Hàng Bông", True),
    ("QL1A", "Quốc lộ 1A", True),
    ("ĐT 922", "Đường tỉnh 922", True),
    ("Lê Lợi", "Lê Lai", False),
    ("Đường số 5", "đường 5", True),
    ("Hẻm 123 Lê Văn Sỹ", "Ngõ 123 Lê Văn Sỹ", True),
])
def test_street_names(a, b, same):
    assert same_street(road_name(a), road_name(b)) is same


def test_addresses_are_read_into_house_street_and_hamlet():
    parsed = parse_addresses(np.array([
        "Số 12A Đ. Lê Lợi, P. Điện Biên, TP. Thanh Hóa", "12/3 Le Loi",
        "Số 3 ngách 19 ngõ 469 đường Ngọc Thụy, P. Ngọc Thụy", "sn 5 thôn Yên Lạc, xã Thiệu Đô",
        "55 ĐT922, Ấp Thới Thuận B, X. Thới Lai", "12 P. Hàng Bông, Q. Hoàn Kiếm",
        "Số 12, xã Thiệu Đô", "Số 7 Nguyễn Văn Cừ P. Gia Thụy", None, ""], dtype=object))
    street = [parsed.streets[s].written if s >= 0 else None for s in parsed.street]
    assert street == ["Lê Lợi", "Le Loi", "Ngọc Thụy", None, "ĐT922", "Hàng Bông", None,
                      "Nguyễn Văn Cừ", None, None]
    assert parsed.house[:2].tolist() == [12.5, pytest.approx(np.nan, nan_ok=True)]
    assert parsed.lane.tolist()[:3] == [False, False, True]
    hamlet = [parsed.hamlets[h] if h >= 0 else None for h in parsed.hamlet]
    assert hamlet[3:5] == ["thôn Yên Lạc", "Ấp Thới Thuận B"]
    # the commune: "phuong dien bien" from the address when the point has no code
    assert parsed.commune[0] >= 0 and parsed.commune[8] == -1


def test_odd_address_values_keep_every_row_in_place():
    """Line breaks and separators inside an address, numbers and NaN for text: one row
    each, and the rows after them still read right."""
    parsed = parse_addresses(np.array(["Số 1\nLê Lợi", "Số 2 Lê\x1eLợi", 7, float("nan"),
                                       "Số 3 Lê Lợi"], dtype=object))
    assert parsed.house.tolist()[:3] == [1.0, 2.0, pytest.approx(np.nan, nan_ok=True)]
    assert parsed.house[4] == 3.0 and parsed.streets[parsed.street[4]].written == "Lê Lợi"
    assert parsed.street.tolist()[2:4] == [-1, -1]


# --- street_mismatch --------------------------------------------------------------------

def test_a_street_named_in_the_address_but_not_on_the_map():
    result = scene([("Số 15 đường Trần Phú, P. Ngọc Lâm", 100, 12)])
    assert found(result, "street_mismatch") == [0]
    f = result.findings
    assert f.message_code[0] == "street_not_on_map"
    assert f.params[0]["street"] == "Trần Phú"
    assert f.params[0]["roads"] == "Đường Nguyễn Văn Cừ"
    assert f.related_id[0] == 1
    assert "Trần Phú" in describe(f.message_code[0], f.params[0], "vi")


def test_a_point_on_another_street_than_its_address_says():
    # Ngọc Lâm is 300 m east of the point: the point sits on Nguyễn Văn Cừ
    result = scene([("Số 5 Phố Ngọc Lâm", 100, 12)])
    assert found(result, "street_mismatch") == [0]
    params = result.findings.params[0]
    assert result.findings.message_code[0] == "street_mismatch"
    assert params["street_distance_m"] == 300 and params["distance_m"] == 12.0


@pytest.mark.parametrize("address", [
    "Số 20 Đ. Nguyễn Văn Cừ, P. Bồ Đề",          # abbreviated
    "Số 20 đường Nguyễn Văn Cừ",
    "20 Nguyen Van Cu, P. Bo De",                 # typed without marks
    "Số 20, đường Nguyễn Văn Cừ, Long Biên",
    "Số nhà 20 NGUYỄN VĂN CỪ",
])
def test_the_street_near_the_point_in_any_spelling_is_no_finding(address):
    assert found(scene([(address, 100, 12)]), "street_mismatch") == []


def test_tone_marks_count_when_both_sides_have_them():
    assert found(scene([("Số 20 đường Nguyễn Văn Cù", 100, 12)]), "street_mismatch") == [0]


@pytest.mark.parametrize("place", [
    ("Số 7 Trần Phú", 700, 200),               # only the unnamed lane within 50 m
    ("Số 7 Trần Phú", 200, 400),               # no road near at all
    ("Số 3, thôn Đông Hưng, xã Thiệu Đô", 100, 12),  # a hamlet address: no street
    ("", 100, 12),
    ("Số 9 Ngọc Lâm", 380, 40),                # on the corner: both streets near
    ("Số 40 Nguyễn Văn Cừ", 420, 70),          # Ngọc Lâm nearer, its street 70 m: set back
    ("Số 8 ngõ 216 Nguyễn Văn Cừ", 420, 200),  # down a lane: the street 200 m away
])
def test_no_finding_without_a_disagreement(place):
    assert found(scene([place]), "street_mismatch") == []


def test_a_national_road_is_known_by_its_number_too():
    roads = roads_layer(("Giải Phóng", [(0, 0), (800, 0)]), (None, [(400, -300), (400, 300)]))
    roads.attributes["ref"] = np.array(["QL1A;AH1", "ĐT 208"], dtype=object)
    result = scene([("Số 5 Quốc lộ 1A", 100, 12), ("Số 7 QL.1A, X. Liên Ninh", 300, -12),
                    ("Số 9 Giải Phóng", 500, 12), ("Số 3 Đường tỉnh 208", 410, 200),
                    ("Số 11 Quốc lộ 5", 600, 12)], roads=roads)
    assert found(result, "street_mismatch") == [4]
    assert result.findings.params[0]["roads"] == "Giải Phóng, QL1A, AH1"


def test_street_mismatch_skips_with_a_note_without_roads_or_their_names():
    unnamed = roads_layer((None, [(0, 0), (800, 0)]), ("  ", [(400, -300), (400, 300)]))
    for roads, reason in ((None, "missing_layer"), (unnamed, "missing_layer_field")):
        result = scene([("Số 15 đường Trần Phú", 100, 12)], roads=roads)
        notes = [n for n in result.notes if n.check == "street_mismatch"]
        assert [n.params["reason"] for n in notes] == [reason]
        assert found(result, "street_mismatch") == []


# --- hamlet_outlier ---------------------------------------------------------------------

def hamlet(name, spots, code="00091"):
    return [(f"Số {k + 1}, {name}, xã Thiệu Đô, tỉnh Thanh Hóa", x, y, code)
            for k, (x, y) in enumerate(spots)]


def test_a_point_far_from_its_five_point_hamlet():
    spots = [(0, 500), (60, 520), (120, 480), (90, 600), (2100, 1700)]
    result = scene(hamlet("thôn Đông Hưng", spots), roads=None)
    assert found(result, "hamlet_outlier") == [4]
    params = result.findings.params[0]
    assert params["hamlet"] == "thôn Đông Hưng" and params["count"] == 5
    assert params["distance_m"] > 2000
    assert result.findings.related_id[0] == 4          # its nearest hamlet neighbour


def test_hamlet_spellings_are_one_hamlet():
    spots = [(0, 500), (60, 520), (120, 480), (90, 600), (2100, 1700)]
    places = hamlet("thôn Đông Hưng", spots[:2]) + hamlet("Thon Dong Hung", spots[2:4]) + \
        hamlet("THÔN ĐÔNG HƯNG", spots[4:])
    assert found(scene(places, roads=None), "hamlet_outlier") == [4]


@pytest.mark.parametrize("spots", [
    [(k * 75.0, 40 * np.sin(k / 4)) for k in range(40)],                # 3 km along a road
    [(k * 30.0, 0) for k in range(10)] + [(2500 + k * 30.0, 900) for k in range(10)],
    [(0, 500), (60, 520), (120, 480), (2100, 1700)],                    # 4 points: too few
    [(0, 0), (400, 0), (800, 0), (1200, 0), (1600, 0), (2000, 0)],      # sparse but even
])
def test_spread_out_hamlets_are_no_finding(spots):
    assert found(scene(hamlet("xóm Bãi", spots), roads=None), "hamlet_outlier") == []


def test_hamlets_of_one_name_in_two_communes_are_two_hamlets():
    here = [(0, 500), (60, 520), (120, 480), (90, 600), (30, 560)]
    there = [(6000 + x, y) for x, y in here]
    places = hamlet("thôn 1", here, "00091") + hamlet("thôn 1", there, "00094")
    assert found(scene(places, roads=None), "hamlet_outlier") == []
    # the same points with one commune: nothing stands out either (two clusters)
    places = hamlet("thôn 1", here, "00091") + hamlet("thôn 1", there, "00091")
    assert found(scene(places, roads=None), "hamlet_outlier") == []


# --- house_number_out_of_sequence -------------------------------------------------------

def test_number_twelve_between_140_and_144():
    houses = street_houses(skip=(12, 142))       # house 142 is not collected yet
    houses.append(("Số 12 Nguyễn Văn Cừ, P. Bồ Đề, Q. Long Biên", 10 + 71 * 8.0, 12.0))
    result = scene(houses)
    assert found(result, "house_number_out_of_sequence") == [len(houses) - 1]
    f = result.findings
    row = int(np.flatnonzero(f.check == "house_number_out_of_sequence")[0])
    assert f.params[row]["neighbours"] == "140, 144"
    assert (f.params[row]["low"], f.params[row]["high"]) == ("10", "14")
    # the suggestion: between houses 10 and 14, where 12 belongs
    sx, sy = transform_xy(f.suggested_x[row:row + 1], f.suggested_y[row:row + 1], 4326, UTM)
    assert abs(sx[0] - (X0 + 10 + 6 * 8.0)) < 1 and abs(sy[0] - (Y0 + 12)) < 1
    assert f.params[row]["shift_m"] == 520
    assert "140, 144" in describe(f.message_code[row], f.params[row], "vi")


def test_out_of_sequence_without_roads_uses_the_fitted_line():
    houses = street_houses(skip=(12,))
    houses.append(("Số 12 Nguyễn Văn Cừ", 10 + 71 * 8.0, 12.0))
    assert found(scene(houses, roads=None), "house_number_out_of_sequence") == \
        [len(houses) - 1]


def test_numbers_falling_along_the_road_and_a_bent_road():
    # the road turns north at x = 300: numbers run around the corner, falling
    bent = roads_layer(("Nguyễn Văn Cừ", [(0, 0), (300, 0), (300, 600)]))
    places = []
    for k in range(60):
        n = 200 - 2 * k
        along = 10 + k * 15.0
        x, y = (along, 10.0) if along < 300 else (290.0, along - 300)
        places.append((f"{n} Nguyen Van Cu", x, y))
    assert found(scene(places, roads=bent), "house_number_out_of_sequence") == []
    places[5] = ("Số 102 Nguyễn Văn Cừ", 10 + 5 * 15.0, 10.0)      # 102 where 190 is
    assert found(scene(places, roads=bent), "house_number_out_of_sequence") == [5]


@pytest.mark.parametrize("change", ["none", "jitter", "sub_numbers", "swap", "short",
                                    "lane", "other_street"])
def test_correct_sequences_are_no_finding(change):
    houses = street_houses()
    rng = np.random.default_rng(3)
    if change == "jitter":      # GPS drift of a few metres, neighbours swapped now and then
        houses = [(a, x + rng.uniform(-6, 6), y + rng.uniform(-3, 3)) for a, x, y in houses]
    elif change == "sub_numbers":   # 12A and 12/3 (house 3 in lane 12) where they stand
        houses += [("Số 12A Nguyễn Văn Cừ", 10 + 6.5 * 8, 12.0),
                   ("12/3 Nguyễn Văn Cừ", 300, 40.0)]
    elif change == "swap":
        houses[20], houses[22] = (houses[22][0],) + houses[20][1:], \
            (houses[20][0],) + houses[22][1:]
    elif change == "short":     # four houses: not enough to tell an order
        houses = [houses[0], houses[2], houses[4], ("Số 160 Nguyễn Văn Cừ", 40, 12.0)]
    elif change == "lane":      # numbered along its lane, not along the street
        houses.append(("Số 4 ngõ 216 Nguyễn Văn Cừ", 500, 60.0))
    elif change == "other_street":
        houses.append(("Số 4 Ngọc Lâm", 410, 280.0))
    assert found(scene(houses), "house_number_out_of_sequence") == []


def test_a_street_whose_numbers_follow_no_order_is_left_alone():
    rng = np.random.default_rng(5)
    houses = [(f"Số {2 * n} Nguyễn Văn Cừ", x, 12.0) for n, x in
              zip(rng.permutation(40), np.arange(40) * 8.0)]
    assert found(scene(houses), "house_number_out_of_sequence") == []


# --- the bundled sample -------------------------------------------------------------------

def test_the_sample_raises_no_alarm_on_correct_points(sample, truth):
    from diachi_geo.io import read_inputs

    path = str(sample)
    points, layers = read_inputs(f"{path}|layername=points",
                                 {k: f"{path}|layername={k}" for k in ("communes", "roads")})
    result = validate(points, checks=STREET_CHECKS, **layers)
    kind = dict(zip(truth["point_id"].tolist(), truth["kind"]))
    flagged = [kind[i] for i in points.ids[result.findings.index].tolist()]
    assert not result.notes
    assert [k for k in flagged if k in ("clean", "jitter")] == []
    # the points moved far (into the river, onto open land) are what they find
    assert {"far_from_building", "in_water"} & set(flagged)


def test_the_review_accepts_the_place_between_the_bracketing_numbers(tmp_path):
    """In a review session the suggestion is the one S accepts (files, as users have)."""
    import pyogrio.raw
    from diachi_geo.session import Session, WorkFilter, create_session
    from helpers import write_points

    houses = street_houses(skip=(12, 142))
    houses.append(("Số 12 Nguyễn Văn Cừ, P. Bồ Đề, Q. Long Biên", 10 + 71 * 8.0, 12.0))
    lon, lat = transform_xy(np.array([X0 + h[1] for h in houses]),
                            np.array([Y0 + h[2] for h in houses]), UTM, 4326)
    path = write_points(tmp_path / "campaign.gpkg", list(shapely.points(lon, lat)),
                        address=np.array([h[0] for h in houses], dtype=object))
    pyogrio.raw.write(str(path), geometry=shapely.to_wkb(MAP.geometries), layer="roads",
                      field_data=[MAP.attributes["name"]], fields=["name"],
                      crs="EPSG:32648", geometry_type="LineString", driver="GPKG")
    session = tmp_path / "session.gpkg"
    create_session(f"{path}|layername=points", str(session), checks=STREET_CHECKS,
                   references={"roads": f"{path}|layername=roads"})
    with Session(str(session), "an") as s:
        (fid,) = [int(f) for f in s.worklist(WorkFilter(checks=(
            "house_number_out_of_sequence",)))]
        assert s.point(fid).suggestion()["check"] == "house_number_out_of_sequence"
        s.accept_suggestion(fid)
        after = s.point(fid)
    x, y = transform_xy(np.array([after.x]), np.array([after.y]), 4326, UTM)
    assert abs(x[0] - (X0 + 10 + 6 * 8.0)) < 1 and abs(y[0] - (Y0 + 12)) < 1
