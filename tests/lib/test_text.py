import unicodedata

import pytest
from diachi_geo.text import fold, is_blank, match_key, nfc, parse_address


@pytest.mark.parametrize("a, b", [
    ("UBND xã Thừa Đức", "Uỷ ban nhân dân xa Thua Duc"),
    ("THCS Nguyễn Du", "Trường trung học cơ sở Nguyen Du"),
    ("Trường THPT Lam Sơn", "trường trung học phổ thông lam sơn"),
    ("BV Đa khoa tỉnh", "Bệnh viện đa khoa tỉnh"),
    ("TYT xã Thiệu Đô", "Trạm Y Tế Xã Thiệu Đô"),
    ("Cty TNHH Hòa Bình", "Công ty trách nhiệm hữu hạn Hoà Bình"),
    ("HTX Nông nghiệp", "Hợp tác xã nông nghiệp"),
    ("TP. Thanh Hóa", "Thành phố Thanh Hóa"),
    ("MN Hoa Sen", "Trường mầm non Hoa Sen"),
    ("PK Đa khoa An Bình", "Phòng khám đa khoa An Bình"),
])
def test_match_key_equates_spellings(a, b):
    assert match_key(a) == match_key(b)


@pytest.mark.parametrize("a, b", [
    ("Tạp hóa Lan", "Tạp hóa Lâm"),
    ("Chùa Phúc Long", "Trường THCS Phúc Long"),
])
def test_match_key_keeps_different_places_apart(a, b):
    assert match_key(a) != match_key(b)


def test_nfd_and_nfc_fold_alike():
    text = "Đường Nguyễn Trãi, phường Điện Biên"
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert nfc(nfd) == text
    assert fold(nfd) == fold(text) == "duong nguyen trai, phuong dien bien"


def test_d_with_stroke_folds_in_both_cases():
    assert fold("Đđ") == "dd"


def test_old_and_new_tone_placement_fold_alike():
    assert fold("hoà") == fold("hòa") and fold("Thuỷ") == fold("Thủy")


def test_control_characters_are_removed():
    assert nfc("Tạp\x00hóa\x1f  Lan\r\n") == "Tạp hóa Lan"


@pytest.mark.parametrize("value, blank", [
    (None, True), ("", True), ("   ", True), ("\u200b", True), (float("nan"), True),
    ("a", False), (0, False),
])
def test_is_blank(value, blank):
    assert is_blank(value) is blank


@pytest.mark.parametrize("address, expected", [
    ("Số 12 ngõ 34 đường Lê Lợi, phường Điện Biên, TP. Thanh Hóa",
     dict(house_number="12", street="ngo 34 duong le loi", commune="phuong dien bien",
          province="thanh pho thanh hoa")),
    ("sn 5, thôn Đông Hưng, xã Thiệu Đô, huyện Thiệu Hóa, tỉnh Thanh Hóa",
     dict(house_number="5", hamlet="thon dong hung", commune="xa thieu do",
          district="huyen thieu hoa", province="tinh thanh hoa")),
    ("12/3B Hẻm 45 Trần Phú, P.5, Q.3, TP. Hồ Chí Minh",
     dict(house_number="12/3b", street="ngo 45 tran phu", commune="phuong 5", district="quan 3",
          province="thanh pho ho chi minh")),
    ("Tổ dân phố 3, phường Ba Đình", dict(hamlet="to dan pho 3", commune="phuong ba dinh")),
    ("Bản Nà Hẩu, xã Nà Hẩu", dict(hamlet="ban na hau", commune="xa na hau")),
    ("Kiệt 20 Lê Lợi", dict(street="ngo 20 le loi")),
    ("", {}),
])
def test_parse_address(address, expected):
    parts = parse_address(address)
    for field in ("house_number", "street", "hamlet", "commune", "district", "province"):
        assert getattr(parts, field) == expected.get(field, ""), field
