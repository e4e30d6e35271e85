"""Duplicate places: spelling variants found, look-alike distinct places kept apart."""
import json

import numpy as np
import pytest
from diachi_geo.checks.duplicates import DuplicateParams, find_duplicates
from diachi_geo.checks.duplicates.scoring import COMPARISONS, level_names
from diachi_geo.io import read_points
from diachi_geo.model import PointSet
from diachi_geo.validate import validate
from helpers import located_ids

X0, Y0 = 576000.0, 2190000.0


def places(rows):
    """rows: (dx, dy, name, category, address[, extra dict])"""
    n = len(rows)
    cols = {k: [] for k in ("name", "category", "address", "collector", "collected_at",
                            "digital_code", "owner_phone")}
    xy = []
    for i, row in enumerate(rows):
        dx, dy, name, category, address = row[:5]
        extra = row[5] if len(row) > 5 else {}
        xy.append((X0 + dx, Y0 + dy))
        cols["name"].append(name)
        cols["category"].append(category)
        cols["address"].append(address)
        cols["collector"].append(extra.get("collector", f"ctv{i:02d}"))
        cols["collected_at"].append(extra.get("collected_at", f"2026-09-{10 + i:02d}T08:00"))
        cols["digital_code"].append(extra.get("digital_code"))
        cols["owner_phone"].append(extra.get("owner_phone"))
    xy = np.array(xy)
    return PointSet("test", np.arange(1, n + 1), xy[:, 0], xy[:, 1], 32648,
                    {k: np.array(v, dtype=object) for k, v in cols.items()})


def groups(points):
    found = find_duplicates(validate(points, checks=["null_island"]).context).groups
    by_keeper = {}
    for member, keeper in zip(found.members.tolist(), found.keeper.tolist()):
        by_keeper.setdefault(keeper, set()).add(member)
    return sorted(sorted(g) for g in by_keeper.values())


@pytest.mark.parametrize("a, b", [
    ("UBND xã Thừa Đức", "Uỷ ban nhân dân xa Thua Duc"),
    ("Tạp hóa Lộc", "Tap hoa Loc"),
    ("Tạp hoá Lộc", "Tạp hóa Lộc"),                 # old- and new-style tone placement
    ("Tạp hóa Lộc", "Ta\u0323p ho\u0301a Lô\u0323c"),  # NFD
    ("THCS Nguyễn Du", "Trường trung học cơ sở Nguyen Du"),
    ("Nhà ông Nguyễn Văn An", "Nha O. Nguyen Van An"),
    ("Tạp hóa Minh Anh", "TẠP HOÁ MINH ANH"),
])
def test_spelling_variants_are_one_place(a, b):
    cat = "Trường học" if "THCS" in a else "Cơ quan" if "UBND" in a else "Cửa hàng"
    pts = places([(0, 0, a, cat, "Số 12 đường Lê Lợi, xã Thừa Đức"),
                  (18, 6, b, cat, "12 Lê Lợi, xã Thừa Đức")])
    assert groups(pts) == [[0, 1]]


@pytest.mark.parametrize("rows", [
    # two shops of one kind side by side, different house numbers
    [(0, 0, "Tạp hóa Lan", "Cửa hàng", "Số 12 Lê Lợi"),
     (6, 0, "Tạp hóa Lan", "Cửa hàng", "Số 14 Lê Lợi")],
    # a market row without numbers: different owners
    [(0, 0, "Tạp hóa Lan", "Cửa hàng", "chợ Đồng"),
     (4, 0, "Tạp hóa Lâm", "Cửa hàng", "chợ Đồng")],
    # a pagoda beside a school
    [(0, 0, "Chùa Phúc Long", "Tôn giáo", "thôn Đông"),
     (25, 0, "Trường Tiểu học Phúc Long", "Trường học", "thôn Đông")],
    # two schools of one name, two levels
    [(0, 0, "Trường THCS Nguyễn Du", "Trường học", "Số 3 Lê Lợi"),
     (40, 0, "Trường Tiểu học Nguyễn Du", "Trường học", "Số 9 Lê Lợi")],
    # the same name in neighbouring hamlets, 300 m apart
    [(0, 0, "Nhà văn hóa thôn Đông", "Văn hóa", "thôn Đông"),
     (300, 0, "Nhà văn hóa thôn Đông", "Văn hóa", "thôn Đông")],
    # different codes: two places even with one name
    [(0, 0, "Tạp hóa Hoa", "Cửa hàng", "chợ Đồng", {"digital_code": "TH001ABC"}),
     (5, 0, "Tạp hóa Hoa", "Cửa hàng", "chợ Đồng", {"digital_code": "TH001XYZ"})],
])
def test_look_alike_places_stay_apart(rows):
    assert groups(places(rows)) == []


def test_exact_resubmission_scores_one():
    same = {"collector": "ctv01", "collected_at": "2026-09-10T08:00"}
    pts = places([(0, 0, "Tạp hóa Lan", "Cửa hàng", "Số 12 Lê Lợi", same),
                  (0, 0, "Tạp hóa Lan", "Cửa hàng", "Số 12 Lê Lợi", same)])
    findings = validate(pts, checks=["duplicate"]).findings
    assert findings.score.tolist() == [1.0, 1.0]


def test_one_weak_link_does_not_chain_places():
    # A~B and B~C by name, but A and C differ in house number: C is not A's duplicate
    pts = places([(0, 0, "Tạp hóa Lan", "Cửa hàng", "Số 12 Lê Lợi", {"digital_code": "X1"}),
                  (8, 0, "Tạp hóa Lan", "Cửa hàng", "Lê Lợi"),
                  (16, 0, "Tạp hóa Lan", "Cửa hàng", "Số 16 Lê Lợi")])
    result = groups(pts)
    assert all(not ({0, 2} <= set(g)) for g in result)


def test_keeper_is_the_most_complete_record_and_findings_carry_the_group():
    pts = places([(0, 0, "Trạm y tế xã Thiệu Đô", "Y tế", "Số 1 Lê Lợi"),
                  (10, 0, "TYT xa Thieu Do", "Y tế", "Số 1 Lê Lợi",
                   {"digital_code": "TH001AAA"})])
    findings = validate(pts, checks=["duplicate"]).findings
    assert findings.related_id.tolist() == [2, 2]
    assert set(findings.group_id) == {"dup-2"}
    keeper_row = findings.message_code.tolist().index("duplicate_keeper")
    assert findings.index[keeper_row] == 1
    assert findings.params[keeper_row]["reason"] == "most_complete"


def test_phone_numbers_help_but_never_leave(tmp_path):
    from diachi_geo.output import findings_columns

    rows = [(0, 0, "Nhà bà Hoa", "Nhà ở", "thôn Đông", {"owner_phone": "0912 345 678"}),
            (25, 10, "Hộ bà Lê Thị Hoa", "Nhà ở", "thôn Đông", {"owner_phone": "+84912345678"})]
    pts = places(rows)
    result = validate(pts, checks=["duplicate"])
    assert len(result.findings) == 2
    text = json.dumps({k: v.tolist() for k, v in
                       findings_columns(result.findings, pts, "vi").items()}, default=str)
    assert "345" not in text and "912" not in text


def test_same_house_number_and_street_lift_a_borderline_pair():
    # the owner's name against the shop's: only the address says it is one shop
    rows = [(0, 0, "Tạp hóa Minh Châu", "Cửa hàng", "Số 12 đường Lê Lợi"),
            (12, 0, "Cửa hàng Minh Châu", "Cửa hàng", "12 Lê Lợi")]
    assert groups(places(rows)) == [[0, 1]]
    rows[1] = (*rows[1][:4], "Số 40 Trần Phú")
    assert groups(places(rows)) == []


def test_params_change_the_outcome():
    # one name, different house numbers, 6 m apart: unsure either way
    rows = [(0, 0, "Tạp hóa Lan", "Cửa hàng", "Số 12 Lê Lợi"),
            (6, 0, "Tạp hóa Lan", "Cửa hàng", "Số 14 Lê Lợi")]
    ctx = validate(places(rows), checks=["null_island"]).context
    assert len(find_duplicates(ctx).groups.members) == 0
    assert len(find_duplicates(ctx, DuplicateParams(threshold=0.05)).groups.members) == 2


def test_sample_pair_precision_and_recall(sample, truth):
    pts = read_points(f"{sample}|layername=points", personal=("owner_phone",))
    findings = validate(pts, checks=["duplicate"]).findings
    members = {}
    for point, group in zip(pts.ids[findings.index].tolist(), findings.group_id):
        members.setdefault(group, []).append(point)
    found = {(a, b) for g in members.values() for a in g for b in g if a < b}
    expected = {tuple(sorted((int(p), int(d)))) for p, d in
                zip(truth["point_id"], truth["duplicate_of"]) if d}
    hit = len(found & expected)
    assert expected, "the sample must contain duplicates"
    assert hit / len(found) >= 0.95 and hit / len(expected) >= 0.95


def test_without_rapidfuzz_the_check_is_skipped_with_a_note(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "rapidfuzz" else real(name, *a))
    rows = [(0, 0, "Tạp hóa Lan", "Cửa hàng", "Số 12 Lê Lợi")] * 2
    result = validate(places(rows), checks=["duplicate"])
    assert len(result.findings) == 0
    assert [(n.check, n.params) for n in result.notes] == [
        ("duplicate", {"reason": "missing_module", "module": "rapidfuzz"})]


def test_against_a_published_registry(tmp_path):
    import shapely
    from diachi_geo.crs import transform_xy
    from helpers import write_points

    # the registry holds the school and the market already (its own ids, WGS 84, no address)
    lon, lat = transform_xy(np.array([X0 + 2, X0 + 500]), np.array([Y0 + 1, Y0]), 32648, 4326)
    registry = write_points(tmp_path / "registry.gpkg", list(shapely.points(lon, lat)),
                            id=np.array(["R-1", "R-2"], dtype=object),
                            name=np.array(["Trường THCS Thiệu Đô", "Chợ Đồng"], dtype=object),
                            category=np.array(["Trường học", "Chợ"], dtype=object))
    reg = read_points(registry, required=("id", "name"))
    new = places([(0, 0, "THCS Thieu Do", "Trường học", "thôn Đông"),
                  (200, 0, "Nhà ông An", "Nhà ở", "thôn Đông")])
    findings = validate(new, checks=["duplicate"], registry=reg).findings
    assert findings.message_code.tolist() == ["duplicate_of_registry"]
    assert findings.index.tolist() == [0] and findings.related_id.tolist() == ["R-1"]


def test_cli_dedupe_against(sample, truth, tmp_path, capsys):
    from diachi_geo.cli import main

    out = tmp_path / "d.csv"
    points = f"{sample}|layername=points"
    # the sample against itself: every located point is already "published"
    assert main(["dedupe", points, "--against", points, "--out", str(out), "--quiet"]) == 0
    import csv
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines()))
    matched = {int(r["point_id"]) for r in rows if r["message_code"] == "duplicate_of_registry"
               and r["related_id"] == r["point_id"]}
    assert matched == located_ids(truth)  # each located point found as its published self
    phones = read_points(points, personal=True).attribute("owner_phone")
    assert not any(phone in text for phone in phones)        # compared, never written


SHOP = "Cửa hàng"


def street_of_shops(pairs, *, fillers=()):
    """Each pair shares a building (2 m apart, one address); pairs 30 m apart along a
    street; ``fillers`` are more shops along the same street, for word frequencies."""
    rows = []
    for k, (first, second) in enumerate(pairs):
        address = f"Số {10 + 2 * k} đường Ngô Gia Tự"
        rows.append((30.0 * k, 0, first, SHOP, address))
        rows.append((30.0 * k + 2, 1, second, SHOP, address))
    for k, name in enumerate(fillers):
        rows.append((7.0 * k, 60, name, SHOP, f"Số {200 + 2 * k} đường Ngô Gia Tự"))
    return places(rows)


@pytest.mark.parametrize("first, second", [
    ("Tạp hóa Lộc", "Tạp hóa Lọc"),
    ("Quán cơm Hùng", "Quán cơm Hưng"),
    ("Nhà thuốc Mai", "Nhà thuốc Mại"),
    ("Tiệm tóc Phượng", "Tiệm tóc Phương"),
])
def test_tone_marks_carry_meaning(first, second):
    """Two spellings that both carry marks and differ in one are two people's shops."""
    assert groups(street_of_shops([(first, second)])) == []


def test_folding_keeps_names_that_look_like_common_words():
    # "Phượng" is not "phường", "Ánh" not the honorific "anh": each is the shop's name
    pts = street_of_shops([("Tiệm tóc Phượng", "Tiệm tóc Lan"), ("Quán Ánh", "Quán Hoa")])
    assert groups(pts) == []


TRADES = ["Nhà thuốc", "Tiệm tóc", "Sửa xe", "Đại lý gas", "Văn phòng phẩm", "Quán cơm"]
OWNERS = ["Hồng Phát", "Tâm An", "Lan", "Ngọc", "Minh", "Tuấn", "Hải", "Phúc", "Hà", "Thu",
          "Bình Dân", "Sinh Viên", "Khánh", "Đức", "Sơn", "Yến"]


def test_shops_of_one_trade_in_one_building_stay_apart():
    """Trade words are common in a campaign's data, so sharing them says little."""
    pairs = [(f"{trade} {OWNERS[2 * i]}", f"{trade} {OWNERS[2 * i + 1]}")
             for i, trade in enumerate(TRADES)]
    fillers = [f"{trade} {owner}" for trade in TRADES for owner in OWNERS[::3]]
    assert groups(street_of_shops(pairs, fillers=fillers)) == []


def test_missing_is_not_different():
    """A copy without the house number, a name reduced to its owner, a category of "Khác":
    each weighs nothing either way, where a different value would count against."""
    def log_odds(second_address, second_name="Tạp hóa Minh Châu", second_category=SHOP):
        rows = [(0, 0, "Tạp hóa Minh Châu", SHOP, "Số 127 ngõ 56 đường Ngô Gia Tự"),
                (12, 5, second_name, second_category, second_address)]
        ctx = validate(places(rows), checks=["null_island"]).context
        scored = find_duplicates(ctx).scored
        score = scored.score[0]
        return float(np.log(score / (1 - score))), level_names(scored.pairs, 0), \
            scored.weights

    missing, levels, weights = log_odds("ngõ 56 đường Ngô Gia Tự")
    assert levels["house_number"] == "one_missing"
    same, _, _ = log_odds("Số 127 ngõ 56 đường Ngô Gia Tự")
    different, _, _ = log_odds("Số 131 ngõ 56 đường Ngô Gia Tự")
    assert same > missing > different
    for comparison in ("digital_code", "phone", "category", "collector"):
        levels_of = COMPARISONS[comparison]
        neutral = [levels_of.index(x) for x in ("one_missing", "unknown") if x in levels_of]
        assert all(weights.weight[comparison][i] == 0 for i in neutral)
    _, levels, _ = log_odds("ngõ 56", second_name="Minh Châu", second_category="Khác")
    assert levels["name"] == "contained" and levels["category"] == "unknown"
    linked = groups(places([(0, 0, "Tạp hóa Minh Châu", SHOP, "Số 127 ngõ 56 Ngô Gia Tự"),
                            (12, 5, "Tạp hóa Minh Châu", SHOP, "ngõ 56 Ngô Gia Tự")]))
    assert linked == [[0, 1]]


def test_findings_say_why_in_words():
    rows = [(0, 0, "Tạp hóa Lộc", SHOP, "Số 12 Lê Lợi"),
            (9, 0, "Tap hoa Loc", SHOP, "12 Lê Lợi")]
    result = validate(places(rows), checks=["duplicate"])
    member = result.findings.message_code.tolist().index("duplicate")
    assert result.findings.params[member]["levels"]["name"] == "exact_unmarked"
    from diachi_geo.messages import describe

    text = describe("duplicate", result.findings.params[member], "vi")
    assert "gõ không dấu" in text and "cùng số nhà" in text


def test_weights_are_learned_from_the_data():
    """EM recovers m, u and the share of duplicates of pairs drawn from known ones."""
    from diachi_geo.checks.duplicates.scoring import PairLevels, estimate_weights

    rng = np.random.default_rng(3)
    n, rate = 60_000, 0.03
    is_match = rng.random(n) < rate
    # true m away from the priors, so that only the data can lead EM there
    truth_m = {"name": [.3, .3, .2, .1, 0, .05, 0, 0, .05, 0],
               "location": [.2, .3, .02, .02, .02, .02, .1, .2, .1, .02, 0]}
    truth_u = {"name": [.002, .002, .02, .01, 0, .2, .01, .02, .4, .336],
               "location": [.02, .01, .15, .35, .04, .13, .01, .05, .09, .1, .05]}
    levels = {}
    for c in truth_m:
        drawn_m = rng.choice(len(COMPARISONS[c]), n, p=np.array(truth_m[c]) / sum(truth_m[c]))
        drawn_u = rng.choice(len(COMPARISONS[c]), n, p=np.array(truth_u[c]) / sum(truth_u[c]))
        levels[c] = np.where(is_match, drawn_m, drawn_u).astype(np.int8)
    pairs = PairLevels(levels, np.zeros(n), np.zeros(n, dtype=bool))
    weights = estimate_weights(pairs, DuplicateParams(prior_name_pairs=100.0))
    assert abs(weights.match_rate - rate) < 0.005
    assert abs(weights.m["location"][1] - 0.3) < 0.05       # prior: 0.12
    assert abs(weights.m["name"][1] - 0.3) < 0.05           # prior: 0.17
    assert weights.weight["name"][0] > 4 > 0 > weights.weight["name"][8]


def test_addresses_are_parsed_only_where_they_can_change_the_outcome(sample):
    """Every linked pair scores as if every address were parsed, no pair left unparsed
    could have reached the threshold, and most addresses are never parsed."""
    import shapely
    from diachi_geo.checks.duplicates import score_candidates
    from diachi_geo.checks.duplicates.records import prepare_records
    from diachi_geo.checks.duplicates.scoring import address_levels, log_odds

    ctx = validate(read_points(f"{sample}|layername=points"), checks=["null_island"]).context
    located = np.flatnonzero(ctx.located)
    geoms = ctx.metric_points[located]
    left, right = shapely.STRtree(geoms).query(geoms, predicate="dwithin", distance=35.0)
    left, right = left[left < right], right[left < right]
    distance = shapely.distance(geoms[left], geoms[right])
    p = DuplicateParams(em_address_sample=500)       # learn on a sample, as at scale
    lazy = prepare_records([(ctx.points, ctx.point_classes, located)])
    result = score_candidates(lazy, left, right, distance, p)
    full = prepare_records([(ctx.points, ctx.point_classes, located)])
    full.parse_addresses(np.arange(len(located)))
    pairs = result.pairs.take(np.arange(len(left)))
    pairs.levels.update(address_levels(full, left, right, pairs))
    expected = 1 / (1 + np.exp(-log_odds(pairs, result.weights, p)))
    assert np.array_equal(result.score >= p.threshold, expected >= p.threshold)
    linked = expected >= p.threshold
    assert linked.sum() > 10 and np.allclose(result.score[linked], expected[linked])
    assert lazy.parsed.mean() < 0.6 and full.parsed.all()


def test_config_file_sets_duplicate_parameters(tmp_path):
    from diachi_geo.config import load_config
    from diachi_geo.errors import ConfigError

    path = tmp_path / "c.toml"
    path.write_text("[duplicates]\nthreshold = 0.9\nradius_m = 20\n", encoding="utf-8")
    params = load_config(path).duplicate_params
    assert (params.threshold, params.radius_m, params.public_radius_m) == (0.9, 20.0, 80.0)
    path.write_text("[duplicates]\nthreshhold = 0.9\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="threshhold.*known: radius_m"):
        load_config(path)
    rows = [(0, 0, "Tạp hóa Lan", "Cửa hàng", "Số 12 Lê Lợi"),
            (6, 0, "Tạp hóa Lan", "Cửa hàng", "Số 14 Lê Lợi")]
    linked = validate(places(rows), checks=["duplicate"],
                      duplicate_params=DuplicateParams(threshold=0.05)).findings
    assert len(linked) == 2


@pytest.mark.parametrize("names", [(None, None), ("---", "???"), ("", "  ")])
def test_points_without_names_are_compared_without_failing(names):
    rows = [(0, 0, names[0], SHOP, "Số 12 Lê Lợi"), (3, 0, names[1], SHOP, "Số 12 Lê Lợi")]
    result = validate(places(rows), checks=["duplicate"])
    assert result.notes == []  # the check ran: neither skipped nor cancelled


@pytest.mark.parametrize("first, second", [("Shop Hùng", "Shop Hưng"),
                                           ("Công ty CP Lộc Phát", "Công ty CP Lọc Phát")])
def test_a_foreign_word_or_abbreviation_keeps_the_marks_of_the_others(first, second):
    assert groups(street_of_shops([(first, second)])) == []


def test_a_resubmission_needs_a_known_collector():
    def scores(collector):
        extra = {"collector": collector, "collected_at": None}
        rows = [(0, 0, "Tạp hóa Lan", SHOP, "Lê Lợi", extra),
                (0.2, 0, "Tạp hóa Lan", SHOP, "Lê Lợi", extra)]
        return validate(places(rows), checks=["duplicate"]).findings.score.tolist()

    assert scores("ctv01") == [1.0, 1.0]
    assert scores(None) != [1.0, 1.0]


def test_a_pasted_description_does_not_blow_up_the_comparison():
    from diachi_geo.checks.duplicates.words import MAX_WORDS, tokenize_name

    long = "Tạp hóa Lan " + " ".join(f"hàng{i}" for i in range(300))
    assert len(tokenize_name(long)) == MAX_WORDS
    assert groups(places([(0, 0, long, SHOP, "Số 12 Lê Lợi"),
                          (5, 0, "Tạp hóa Lan", SHOP, "Số 12 Lê Lợi")])) in ([], [[0, 1]])


def test_phones_and_codes_stored_as_numbers_and_unreadable_times():
    from diachi_geo.checks.duplicates.records import normalised_all, phone_ids
    from diachi_geo.timestamps import minutes_of

    values = np.array([912345678.0, "0912 345 678", None], dtype=object)
    assert phone_ids(values).tolist() == [912345678, 912345678, -1]
    assert normalised_all(np.array([12345.0, " ab1 "], dtype=object)) == ["12345", "AB1"]
    minutes = minutes_of(np.array(["NaT", "2026-09-10T08:00", None], dtype=object))
    assert np.isnan(minutes[0]) and np.isfinite(minutes[1]) and np.isnan(minutes[2])


def test_the_keeper_reason_says_why():
    same = {"collected_at": None}
    rows = [(0, 0, "Tạp hóa Lan", SHOP, "Số 12 Lê Lợi", same),
            (0.2, 0, "Tạp hóa Lan", SHOP, "Số 12 Lê Lợi", same)]
    findings = validate(places(rows), checks=["duplicate"],
                        duplicate_params=DuplicateParams(threshold=0.01)).findings
    assert {p["reason"] for p in findings.params} == {"first"}


@pytest.mark.parametrize("text, error", [
    ("threshold = 1.5", "between 0 and 1"), ("prior_match_rate = 0", "between 0 and 1"),
    ("em_iterations = 2.5", "whole number"), ("radius_m = 'far'", "a number")])
def test_bad_duplicate_parameters_are_refused_with_the_reason(tmp_path, text, error):
    from diachi_geo.config import load_config
    from diachi_geo.errors import ConfigError

    path = tmp_path / "c.toml"
    path.write_text(f"[duplicates]\n{text}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=error):
        load_config(path)


def test_dedupe_reads_the_duplicates_section_of_a_config(tmp_path):
    import csv

    from diachi_geo.cli import main
    from helpers import write_points

    lon, lat = 105.775, 19.805
    import shapely
    pts = write_points(tmp_path / "p.gpkg", [shapely.Point(lon, lat),
                                              shapely.Point(lon + 0.00005, lat)],
                       name=np.array(["Tạp hóa Lan", "Tạp hóa Lan"], dtype=object),
                       category=np.array([SHOP, SHOP], dtype=object),
                       address=np.array(["Số 12 Lê Lợi", "Số 14 Lê Lợi"], dtype=object))
    out = tmp_path / "d.csv"
    config = tmp_path / "c.toml"
    found = []
    for threshold in (0.999, 0.001):
        config.write_text(f"[duplicates]\nthreshold = {threshold}\n", encoding="utf-8")
        assert main(["dedupe", str(pts), "--config", str(config), "--out", str(out),
                     "--quiet"]) == 0
        found.append(len(list(csv.DictReader(
            out.read_text(encoding="utf-8-sig").splitlines()))))
    assert found == [0, 2]


def test_registry_uses_the_smaller_radius_unless_both_are_public(tmp_path):
    import shapely
    from diachi_geo.checks.duplicates import match_registry
    from diachi_geo.crs import transform_xy
    from helpers import write_points

    # a published shop 60 m from a new point filed as a school: 80 m holds only between
    # two public places, so the two are not compared
    lon, lat = transform_xy(np.array([X0 + 60, X0 + 20]), np.array([Y0, Y0]), 32648, 4326)
    registry = write_points(tmp_path / "registry.gpkg", list(shapely.points(lon, lat)),
                            id=np.array(["R-1", "R-2"], dtype=object),
                            name=np.array(["Tạp hóa Lan", "Tạp hóa Lan"], dtype=object),
                            category=np.array(["Cửa hàng", "Cửa hàng"], dtype=object))
    reg = read_points(registry, required=("id", "name"))
    new = places([(0, 0, "Tạp hóa Lan", "Trường học", "thôn Đông")])
    ctx = validate(new, checks=["null_island"]).context
    points, matches, _ = match_registry(ctx, reg, DuplicateParams(threshold=0.01))
    assert reg.ids[matches].tolist() == ["R-2"]


def test_candidate_pairs_are_those_an_rtree_finds_each_once():
    """The grid join finds exactly the pairs within the smaller of the two radii that an
    R-tree query finds, each once, sorted, with their distances."""
    import shapely
    from diachi_geo.checks.duplicates.candidates import candidate_pairs

    rng = np.random.default_rng(4)
    x, y = rng.uniform(0, 2000, 6000), rng.uniform(0, 1500, 6000)
    x[:50] = x[50:100]                       # some points on top of others
    radius = np.where(rng.random(6000) < 0.1, 80.0, 35.0)
    i, j, d = candidate_pairs(x, y, radius)
    points = shapely.points(x, y)
    left, right = shapely.STRtree(points).query(points, predicate="dwithin", distance=radius)
    keep = (left < right) & (np.hypot(x[left] - x[right], y[left] - y[right])
                             <= np.minimum(radius[left], radius[right]))
    expected = sorted(zip(left[keep].tolist(), right[keep].tolist()))
    assert list(zip(i.tolist(), j.tolist())) == expected
    assert np.allclose(d, np.hypot(x[i] - x[j], y[i] - y[j]))


def _crowded_places(n: int = 12000, seed: int = 5) -> PointSet:
    """Many shops and houses on a few streets, a tenth of them collected twice: enough
    candidate pairs for the thread pool to split them."""
    rng = np.random.default_rng(seed)
    kinds = ["Tạp hóa", "Cửa hàng", "Nhà ông", "Nhà bà", "Quán cơm", "Tiệm sửa xe"]
    given = ["Minh Châu", "Hòa", "Lộc", "Lọc", "Thủy", "Hưng", "Nhung", "Tuấn", "An", "Bình 2"]
    streets = ["Lê Lợi", "Ngô Gia Tự", "Nguyễn Văn Cừ", "ấp Thới Thuận B"]
    pick = rng.integers(0, 1000, size=(n, 4))
    names = [f"{kinds[k % 6]} {given[g % 10]}" for k, g in zip(pick[:, 0], pick[:, 1])]
    addresses = [f"Số {h % 90 + 1} đường {streets[s % 4]}" for h, s in pick[:, 2:]]
    x, y = X0 + rng.uniform(0, 1200, n), Y0 + rng.uniform(0, 1200, n)
    copies = rng.choice(n, n // 10, replace=False)
    names += [names[i].lower() if i % 2 else names[i] for i in copies]
    addresses += [addresses[i] for i in copies]
    x, y = np.r_[x, x[copies] + 3.0], np.r_[y, y[copies] - 2.0]
    total = len(names)
    attributes = {
        "name": np.array(names, dtype=object), "address": np.array(addresses, dtype=object),
        "category": np.array([["Cửa hàng", "Nhà ở", None][i % 3] for i in range(total)],
                             dtype=object),
        "collector": np.array([f"ctv{i % 7}" for i in range(total)], dtype=object),
        "collected_at": np.array([f"2026-09-{10 + i % 9:02d}T08:{i % 60:02d}"
                                  for i in range(total)], dtype=object)}
    return PointSet("crowded", np.arange(1, total + 1), x, y, 32648, attributes)


def test_duplicates_are_the_same_with_one_thread_or_two(monkeypatch):
    """Threads share the candidate search, the pair comparisons and the address reading:
    the pairs, their levels and scores, the weights and the groups do not depend on how
    many threads ran them."""
    from diachi_geo.parallel import MIN_CHUNK

    points = _crowded_places()
    found = {}
    for threads in ("1", "2"):
        monkeypatch.setenv("DIACHI_THREADS", threads)
        found[threads] = find_duplicates(validate(points, checks=["null_island"]).context)
    one, two = found["1"], found["2"]
    assert len(one.first) > 4 * MIN_CHUNK           # the pool did split the pairs
    assert len(one.groups.members) > 100
    assert np.array_equal(one.first, two.first) and np.array_equal(one.second, two.second)
    assert np.array_equal(one.scored.score, two.scored.score)
    for c, levels in one.scored.pairs.levels.items():
        assert np.array_equal(levels, two.scored.pairs.levels[c]), c
    assert one.scored.weights.as_dict() == two.scored.weights.as_dict()
    for field in ("members", "keeper", "score", "reason", "pair"):
        assert np.array_equal(getattr(one.groups, field), getattr(two.groups, field)), field
