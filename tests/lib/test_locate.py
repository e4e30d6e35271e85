"""Finding a point by its digital address code, name or address, as typed in QGIS's
locator bar: tone marks respected when typed, folded when not; never personal data."""
from __future__ import annotations

import time

import numpy as np
import pytest
from diachi_geo.locate import SearchIndex
from diachi_geo.text import fold

NAMES = ["Nhà ông Lê Văn Lợi", "Chùa Lễ Lợi", "UBND xã Thiệu Đô", "Ủy ban nhân dân xã Thừa Đức",
         "Quán phở Nga", "Nhà bà Nguyễn Thị Ngân", None, "Trường THCS Nguyễn Du"]
ADDRESSES = ["Số 12 đường Lê Lợi, xã Thiệu Đô", "thôn Đông, xã Thiệu Đô",
             "Số 1 Lê Lợi, xã Thiệu Đô", "xã Thừa Đức", "Số 8 ngõ 3 Trần Phú",
             "Số 14 đường Lê Lợi, xã Thiệu Đô", "Số 9 Lễ Lợi", ""]
CODES = ["TH000MAMUS7", None, "TH000U8AKC6", "", "TH000RYPFD6", "TH000Q8L6UH", None,
         "TH001AAAAA1"]


@pytest.fixture(scope="module")
def index():
    return SearchIndex({"name": NAMES, "address": ADDRESSES, "digital_code": CODES})


def rows(index, query, **kw):
    return [h.row for h in index.search(query, **kw)]


@pytest.mark.parametrize("query", ["TH000RYPFD6", "th000rypfd6", "TH000-RYPFD6", " TH000RYPFD6 "])
def test_a_digital_code_finds_its_point_first(index, query):
    hits = index.search(query)
    assert hits[0].row == 4 and hits[0].field == "digital_code"
    assert hits[0].text == "TH000RYPFD6"


def test_a_code_begun_lists_the_codes_it_starts(index):
    assert set(rows(index, "TH000")) >= {0, 2, 4, 5}
    assert rows(index, "TH001") == [7]
    # two letters are too few for a code: "th" only begins words of names and addresses
    assert all(h.field != "digital_code" for h in index.search("TH"))


def test_typed_without_marks_finds_the_marked_name(index):
    assert rows(index, "thieu do")[:1] == [2] or 2 in rows(index, "thieu do")
    assert rows(index, "nha ong le van loi")[0] == 0
    assert rows(index, "thua duc")[0] == 3


def test_marks_typed_are_respected(index):
    # "Lê Lợi" is a street and a man; "Lễ Lợi" a pagoda: the marks tell them apart
    assert 1 not in rows(index, "Lê Lợi") and 6 not in rows(index, "Lê Lợi")
    assert set(rows(index, "Lễ Lợi")) == {1, 6}
    assert {0, 1, 2, 5, 6} <= set(rows(index, "le loi"))
    # a word typed with marks and another without: each is compared its own way
    assert 1 in rows(index, "Lễ loi") and 0 not in rows(index, "Lễ loi")
    assert rows(index, "Đức") == [3] and rows(index, "Đúc") == []
    # the tone wherever it is placed: old-style "hoà" is new-style "hòa"
    placed = SearchIndex({"name": ["Nhà văn hóa thôn Đông", "Nhà văn hoá thôn Tây"]})
    assert rows(placed, "văn hoá") == [0, 1] and rows(placed, "văn hóa") == [0, 1]
    assert rows(placed, "văn hòa") == []


def test_results_come_as_you_type(index):
    assert rows(index, "quan pho N")[0] == 4
    assert rows(index, "Quán phở Ng")[0] == 4
    assert rows(index, "nguyen d")[0] == 7
    # the whole word is the better answer: "Nga" before "Ngân"
    assert rows(index, "nga")[:2] == [4, 5]


def test_abbreviations_either_way(index):
    assert rows(index, "ubnd")[:2] == [2, 3] or set(rows(index, "ubnd")[:2]) == {2, 3}
    assert 2 in rows(index, "uy ban nhan dan thieu do")
    assert rows(index, "thcs nguyen du")[0] == 7


def test_address_parts(index):
    assert rows(index, "so 12 le loi")[0] == 0
    assert rows(index, "ngo 3 tran phu") == [4]
    assert rows(index, "12 Lê Lợi")[0] == 0


def test_a_name_then_its_address(index):
    hits = index.search("quan pho nga so 8 ngo 3")
    assert [h.row for h in hits] == [4] and hits[0].field == "name_address"
    assert hits[0].text == "Quán phở Nga, Số 8 ngõ 3 Trần Phú"
    assert rows(index, "Nhà ông Lê Văn Lợi 12 Lê") == [0]
    assert rows(index, "Nhà ông Lê Văn Lợi 12 Lễ") == []


def test_one_hit_per_point_and_the_limit(index):
    hits = index.search("xa")
    assert len({h.row for h in hits}) == len(hits)
    assert len(index.search("xa", limit=2)) == 2
    assert index.search("") == [] and index.search("  ,. ") == []
    assert index.search("không có") == []


def test_personal_data_is_refused():
    with pytest.raises(ValueError, match="personal"):
        SearchIndex({"name": ["a"], "owner_phone": ["0912345678"]})
    with pytest.raises(ValueError, match="searchable"):
        SearchIndex({"name": ["a"], "category": ["Nhà ở"]})


def test_blank_and_odd_values(index):
    odd = SearchIndex({"name": [None, float("nan"), "", "  ", 12, "Ho\u0300a Bi\u0300nh"]})
    assert rows(odd, "12") == [4]
    assert rows(odd, "Hòa Bình") == [5] and rows(odd, "hoa binh") == [5]
    assert len(SearchIndex({})) == 0 and SearchIndex({}).search("a") == []


def test_every_sample_point_is_found_by_its_code_and_by_what_it_is_called(sample_points):
    columns = {f: sample_points[f] for f in ("name", "address", "digital_code")}
    index = SearchIndex(columns)
    n = len(sample_points["id"])
    with_code = [i for i in range(0, n, 3) if sample_points["digital_code"][i]]
    assert len(with_code) > 200
    assert all(index.search(sample_points["digital_code"][i])[0].row == i or
               # a duplicate record copies its source's code
               index.search(sample_points["digital_code"][i])[0].text ==
               sample_points["digital_code"][i] for i in with_code)
    # name and address typed without marks: the point is among the first five
    named = [i for i in range(0, n, 3)
             if sample_points["name"][i] and sample_points["address"][i]]
    found = [i in rows(index, fold(f"{sample_points['name'][i]} "
                                   f"{sample_points['address'][i].split(',')[0]}"), limit=5)
             for i in named]
    assert np.mean(found) >= 0.95


def test_a_province_sized_layer_answers_while_typing(sample_points):
    """100,000 points (the sample's rows made distinct): built in seconds, each keystroke
    answered well within the locator's patience."""
    reps = 50
    name = np.array([f"{v} {i}" for i, v in enumerate(np.tile(sample_points["name"], reps))],
                    dtype=object)
    address = np.tile(sample_points["address"], reps)
    started = time.perf_counter()
    index = SearchIndex({"name": name, "address": address,
                         "digital_code": np.tile(sample_points["digital_code"], reps)})
    built = time.perf_counter() - started
    assert len(index) == 102_400 and built < 20
    for query in ("n", "nha ong", "Nhà ông Lê", "so 12 le loi", "TH000M", "ubnd thieu do"):
        started = time.perf_counter()
        assert index.search(query)
        assert time.perf_counter() - started < 0.5, query
