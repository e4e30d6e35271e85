#!/usr/bin/env python3
"""Write the labelled duplicate-detection evaluation set (points.csv, pairs.csv, README.md).

Plain Python 3 standard library, deterministic (fixed seed).  Run from this folder:

    python3 make_dedupe_eval.py

All name, street, hamlet and trade lists below were written by hand for this set, from
general knowledge of how Vietnamese households, shops and public places are named and
how phone collectors type them.  The script was written independently of the project's
duplicate matcher and of its synthetic-data generator: neither was read while writing it.
"""
import csv
import math
import os
import random
import re
import unicodedata
from collections import Counter, defaultdict
from datetime import datetime, timedelta

SEED = 20260914
HERE = os.path.dirname(os.path.abspath(__file__))
R = random.Random(SEED)

CAMPAIGN_START = datetime(2026, 9, 7, 7, 30)
CAMPAIGN_END = datetime(2026, 10, 10, 17, 30)

DUP_CLASSES = ["spelling", "no_marks", "abbreviation", "all_caps", "missing_house_number",
               "owner_only_name", "category_noise", "resubmission", "far_copy"]
DISTINCT_CLASSES = ["tone_only", "same_trade_same_building", "numbered_sibling",
                    "same_chain_far", "neighbours_same_name_part", "different_level_school",
                    "name_folds_to_generic"]
EXTRA_CLASSES = ["other_duplicate", "other_distinct"]
ALL_CLASSES = DUP_CLASSES + DISTINCT_CLASSES + EXTRA_CLASSES


def wpick(items):
    tot = sum(w for _, w in items)
    r = R.random() * tot
    for v, w in items:
        r -= w
        if r <= 0:
            return v
    return items[-1][0]


# ---------------------------------------------------------------------------
# Names (hand-written lists; weights are rough shares in the population)
# ---------------------------------------------------------------------------
SURNAMES = {
    "north": [("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5), ("Phan", 3),
              ("Vũ", 4), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.5), ("Hồ", 0.8), ("Ngô", 1.3),
              ("Dương", 1), ("Lý", 0.5), ("Đào", 1), ("Đinh", 1), ("Trịnh", 0.8), ("Mai", 0.5),
              ("Lương", 0.5), ("Đoàn", 0.6), ("Tạ", 0.4), ("Hà", 0.5), ("Lưu", 0.4), ("Cao", 0.4),
              ("Chu", 0.3), ("Kiều", 0.2), ("Phùng", 0.4), ("Nghiêm", 0.1), ("Khuất", 0.1), ("Lã", 0.1)],
    "south": [("Nguyễn", 36), ("Trần", 11), ("Lê", 9), ("Huỳnh", 5), ("Phạm", 6), ("Võ", 4),
              ("Phan", 4), ("Trương", 2), ("Đặng", 1.5), ("Bùi", 1), ("Đỗ", 1), ("Hồ", 1.5),
              ("Ngô", 1), ("Dương", 1), ("Lý", 1), ("Lâm", 1), ("Châu", 0.8), ("Đoàn", 0.7),
              ("Thái", 0.5), ("Tô", 0.4), ("Quách", 0.3), ("Mai", 0.6), ("Cao", 0.5), ("Lưu", 0.4),
              ("Hoàng", 0.5), ("Vũ", 0.3), ("Kim", 0.3), ("Thạch", 0.3), ("Danh", 0.2), ("Tăng", 0.2)],
}
MIDDLE = {
    ("north", "m"): [("Văn", 45), ("Đức", 6), ("Hữu", 5), ("Minh", 6), ("Quang", 4), ("Xuân", 3),
                     ("Đình", 3), ("Ngọc", 3), ("Thanh", 4), ("Công", 3), ("Quốc", 4), ("Mạnh", 2),
                     ("Trọng", 2), ("Tuấn", 2), ("Duy", 2), ("Tiến", 1), ("Bá", 1), ("Khắc", 1)],
    ("south", "m"): [("Văn", 55), ("Minh", 6), ("Thanh", 5), ("Hữu", 4), ("Quốc", 5), ("Hoàng", 3),
                     ("Ngọc", 3), ("Công", 2), ("Trung", 2), ("Phước", 2), ("Tấn", 3), ("Thành", 2)],
    ("north", "f"): [("Thị", 55), ("Thu", 5), ("Ngọc", 5), ("Thanh", 5), ("Minh", 3), ("Kim", 3),
                     ("Hồng", 4), ("Phương", 3), ("Bích", 2), ("Thúy", 2), ("Mai", 2), ("Hải", 2),
                     ("Diệu", 1), ("Hoài", 1)],
    ("south", "f"): [("Thị", 60), ("Ngọc", 6), ("Thanh", 4), ("Kim", 5), ("Hồng", 3), ("Mỹ", 3),
                     ("Thu", 3), ("Bích", 2), ("Diễm", 1), ("Cẩm", 2)],
}
GIVEN = {
    "m": [("Hùng", 6), ("Hưng", 4), ("Dũng", 5), ("Tuấn", 5), ("Minh", 5), ("Nam", 4), ("Long", 4),
          ("Hải", 4), ("Sơn", 4), ("Thắng", 3), ("Lộc", 3), ("Phúc", 3), ("Hòa", 3), ("Bình", 3),
          ("Cường", 3), ("Quang", 3), ("Trung", 3), ("Đức", 3), ("Tùng", 3), ("Thành", 3), ("Khánh", 2),
          ("Tâm", 2), ("Hiếu", 2), ("Hoàng", 2), ("Việt", 2), ("Quân", 2), ("Toàn", 2), ("Tú", 2),
          ("Vinh", 2), ("Huy", 3), ("Kiên", 2), ("Phong", 2), ("Tiến", 2), ("Chiến", 2), ("Nghĩa", 2),
          ("Thịnh", 2), ("Bảo", 1), ("Tài", 2), ("Tấn", 1), ("Lực", 1), ("Hiển", 1), ("Đạt", 2),
          ("Thanh", 2), ("Lâm", 1), ("Thọ", 1), ("Sang", 1), ("Phước", 1), ("Lợi", 1), ("Tín", 1),
          ("Nhân", 1), ("Hậu", 1), ("Thuận", 1), ("Khang", 1), ("Hào", 1), ("Tư", 1), ("Định", 1)],
    "f": [("Lan", 5), ("Hoa", 4), ("Hương", 5), ("Mai", 4), ("Hà", 4), ("Thu", 3), ("Hằng", 4),
          ("Nga", 3), ("Linh", 4), ("Trang", 4), ("Thủy", 3), ("Thúy", 3), ("Phượng", 2), ("Phương", 3),
          ("Hạnh", 3), ("Huyền", 3), ("Ngọc", 2), ("Yến", 2), ("Loan", 2), ("Ánh", 2), ("Dung", 3),
          ("Liên", 2), ("Nhung", 2), ("Oanh", 2), ("Tuyết", 2), ("Vân", 2), ("Thảo", 3), ("Hiền", 2),
          ("Hồng", 2), ("Xuân", 2), ("Tâm", 1), ("Châu", 1), ("Anh", 2), ("Chi", 1), ("Nhàn", 1),
          ("Quyên", 1), ("Diệp", 1), ("Bích", 1), ("Hường", 1), ("Thơ", 1), ("Nguyệt", 1), ("Ngân", 2),
          ("Trinh", 1), ("Diễm", 1), ("Kiều", 1), ("Mỹ", 1), ("Nhi", 1), ("Vy", 1), ("Lài", 1), ("Hòa", 1)],
}
BIRTH_ORDER = ["Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười", "Út"]
FANCY = ["Minh Anh", "Hồng Phát", "Tâm An", "Phúc Lộc", "Thành Đạt", "Hoàng Long", "Anh Tuấn",
         "Thu Hà", "Bảo Ngọc", "Kim Ngân", "Hưng Thịnh", "Phát Đạt", "Minh Châu", "Thiên Phúc",
         "Hải Yến", "Tuấn Anh", "Ngọc Mai", "Việt Hà", "Hà Linh", "Quang Minh", "Đức Thịnh",
         "Phương Nam", "Thanh Hương", "Hoàng Anh", "An Bình", "Thái Hà", "Hạnh Phúc", "Bình Minh",
         "Gia Bảo", "Tường Vy", "Mạnh Hùng", "Lộc Phát", "Vạn Phúc", "Kim Anh", "Hồng Nhung",
         "Sơn Hà", "Đại Phát", "Tân Tiến", "Trường Giang", "Phú Quý", "Mai Linh", "Huy Hoàng", "68",
         "86", "Số 1", "Xuân Mai", "Ngọc Ánh", "Linh Chi", "Bảo Anh", "Khánh Linh"]

# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------
def nfc(s):
    return unicodedata.normalize("NFC", s)


def strip_marks(s):
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return nfc("".join(c for c in s if unicodedata.category(c) != "Mn"))


TONES = {"\u0300": "f", "\u0301": "s", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
OLDNEW = {}
for _t in TONES:
    for _a, _b in (("o", "a"), ("o", "e"), ("u", "y")):
        _old = nfc(_a + _t) + _b
        _new = _a + nfc(_b + _t)
        OLDNEW[_old] = _new
        OLDNEW[_new] = _old
_OLDNEW_RE = re.compile(r"(?<![qQ])(" + "|".join(OLDNEW) + r")(?![\w])")


def has_oldnew(s):
    return bool(_OLDNEW_RE.search(s))


def toggle_oldnew(s):
    """hòa <-> hoà, Thủy <-> Thuỷ (tone placement, old vs new style)."""
    return _OLDNEW_RE.sub(lambda m: OLDNEW[m.group(1)], s)


def word_tone(w):
    d = unicodedata.normalize("NFD", w)
    for c in d:
        if c in TONES:
            return c
    return None


def drop_tone(w):
    d = unicodedata.normalize("NFD", w)
    return nfc("".join(c for c in d if c not in TONES))


def telex_fail(s):
    """One word typed with the Vietnamese keyboard switched off half-way: 'Lộc' -> 'Lôcj'."""
    words = s.split(" ")
    idx = [i for i, w in enumerate(words) if word_tone(w)]
    if not idx:
        return None
    i = R.choice(idx)
    words[i] = drop_tone(words[i]) + TONES[word_tone(words[i])]
    return " ".join(words)


def drop_one_mark(s):
    words = s.split(" ")
    idx = [i for i, w in enumerate(words) if strip_marks(w) != w]
    if not idx:
        return None
    i = R.choice(idx)
    words[i] = strip_marks(words[i]) if R.random() < 0.5 else drop_tone(words[i])
    if " ".join(words) == s:
        words[i] = strip_marks(words[i])
    return " ".join(words)


NEAR = {"a": "s", "s": "a", "n": "m", "m": "n", "o": "i", "i": "o", "h": "g", "g": "h", "t": "r",
        "r": "t", "u": "y", "y": "u", "c": "v", "e": "r", "l": "k", "k": "l", "p": "o", "d": "s"}


def typo(s):
    ops = ["drop", "double", "swap", "near", "space", "punct", "lower", "nomark_one", "telex",
           "oldnew", "nfd", "spaces"]
    for _ in range(20):
        op = R.choice(ops)
        out = None
        letters = [i for i, c in enumerate(s) if c.isalpha() and i > 0 and s[i - 1] != " "]
        if op == "drop" and letters:
            i = R.choice(letters)
            out = s[:i] + s[i + 1:]
        elif op == "double" and letters:
            i = R.choice(letters)
            out = s[:i] + s[i] + s[i:]
        elif op == "swap" and letters:
            i = R.choice(letters)
            if i + 1 < len(s) and s[i + 1].isalpha():
                out = s[:i] + s[i + 1] + s[i] + s[i + 2:]
        elif op == "near" and letters:
            cand = [i for i in letters if s[i] in NEAR]
            if cand:
                i = R.choice(cand)
                out = s[:i] + NEAR[s[i]] + s[i + 1:]
        elif op == "space":
            sp = [i for i, c in enumerate(s) if c == " "]
            if sp:
                i = R.choice(sp)
                out = s[:i] + s[i + 1:]
        elif op == "punct":
            out = R.choice([s + ".", s + " ,", "- " + s, s.replace(" ", " - ", 1), '"' + s + '"',
                            s + " ", " " + s, s.replace(" ", ": ", 1) if s.count(" ") >= 2 else s + "."])
        elif op == "lower":
            out = s.lower()
        elif op == "nomark_one":
            out = drop_one_mark(s)
        elif op == "telex":
            out = telex_fail(s)
        elif op == "oldnew" and has_oldnew(s):
            out = toggle_oldnew(s)
        elif op == "nfd":
            out = unicodedata.normalize("NFD", s)
        elif op == "spaces":
            out = s.replace(" ", "  ", 1) + R.choice(["", " "])
        if out and out != s and nfc(out) != nfc(s) or (op == "nfd" and out and out != s):
            return out
    return s + "."


# name abbreviations: (long form, [short forms]) and the reverse for names whose usual form is short
ABBR = [
    ("Ủy ban nhân dân", ["UBND", "UB"]), ("UBND", ["Ủy ban nhân dân", "Uỷ ban nhân dân", "UB"]),
    ("Trường THCS", ["Trường Trung học cơ sở", "THCS", "Trường Trung học CS"]),
    ("Trường THPT", ["Trường Trung học phổ thông", "THPT"]),
    ("Trường Tiểu học", ["Trường TH", "TH", "Tiểu học"]),
    ("Trường Mầm non", ["Trường MN", "MN", "Mầm non"]),
    ("Trạm y tế", ["TYT", "Trạm YT", "Trạm Y tế"]), ("Công an", ["CA"]),
    ("Nhà văn hóa", ["NVH", "Nhà VH", "Nhà văn hoá"]),
    ("Bưu điện văn hóa xã", ["BĐVHX", "Điểm BĐVHX", "Bưu điện VHX"]),
    ("Bưu điện", ["BĐ"]), ("Nhà thuốc", ["NT"]), ("Quầy thuốc", ["QT"]),
    ("Cửa hàng tạp hóa", ["CH tạp hóa", "Tạp hóa", "CHTH"]), ("Cửa hàng", ["CH"]),
    ("Văn phòng phẩm", ["VPP"]), ("VPP", ["Văn phòng phẩm"]), ("Đại lý gas", ["ĐL gas", "Gas"]),
    ("Hợp tác xã", ["HTX"]), ("HTX", ["Hợp tác xã"]), ("Hộ gia đình", ["HGĐ", "Hộ GĐ"]),
    ("Đại lý vật tư nông nghiệp", ["ĐL VTNN", "Đại lý VTNN", "VTNN"]),
    ("Phòng khám", ["PK"]), ("Công ty TNHH", ["Cty TNHH", "CT TNHH"]),
    ("Thánh thất Cao Đài", ["Thánh thất CĐ"]), ("Ban nhân dân ấp", ["BND ấp"]),
]
SUB_ABBR = [(" tổ dân phố ", [" TDP ", " tổ "]), (" phường ", [" P. ", " P.", " p "]),
            (" xã ", [" X. ", " x "]), (" ấp ", [" Ấp ", " A. "])]


def abbreviate(name):
    for long, shorts in ABBR:
        if long in name:
            out = name.replace(long, R.choice(shorts), 1)
            if R.random() < 0.4:
                for a, bs in SUB_ABBR:
                    if a in out:
                        out = out.replace(a, R.choice(bs), 1)
                        break
            return out
    for a, bs in SUB_ABBR:
        if a in name:
            return name.replace(a, R.choice(bs), 1)
    return None


# ---------------------------------------------------------------------------
# Areas, blocks, addresses
# ---------------------------------------------------------------------------
AREAS = {"urban_hanoi": (21.0505, 105.8870), "mekong_rural": (10.0150, 105.5150)}


def to_lonlat(area, x, y):
    lat0, lon0 = AREAS[area]
    p = math.radians(lat0)
    mlat = 111132.92 - 559.82 * math.cos(2 * p) + 1.175 * math.cos(4 * p)
    mlon = 111412.84 * math.cos(p) - 93.5 * math.cos(3 * p)
    return lon0 + x / mlon, lat0 + y / mlat


URBAN_BLOCKS = [
    # street, street word, ward, dominant trade, first odd number
    ("Ngô Gia Tự", "đường", "Đức Giang", "suaxe", 301),
    ("Đức Giang", "đường", "Thượng Thanh", "food", 121),
    ("Nguyễn Văn Cừ", "đường", "Bồ Đề", "dienthoai", 201),
    ("Hoàng Như Tiếp", "phố", "Bồ Đề", "quanao", 1),
    ("Nguyễn Sơn", "phố", "Gia Thụy", "thuoc", 41),
    ("Ngọc Lâm", "phố", "Ngọc Lâm", "food", 61),
    ("Trường Lâm", "phố", "Đức Giang", "taphoa", 1),
    ("Ngọc Thụy", "đường", "Ngọc Thụy", "diennuoc", 401),
]
MEKONG_BLOCKS = [
    # commune, hamlet A, hamlet B, road name or None
    ("Thới Lai", "ấp Thới Thuận A", "ấp Thới Thuận B", "ĐT922"),
    ("Thới Lai", "ấp Thới Phong A", "ấp Thới Phong B", "lộ Bờ Bao"),
    ("Thới Lai", "ấp Thới Hòa A", "ấp Thới Hòa B", "ĐT922"),
    ("Thới Lai", "ấp Tân Lợi", "ấp Thới Bình", None),
    ("Trường Xuân", "ấp 1", "ấp 2", "ĐT919"),
    ("Trường Xuân", "ấp 3", "ấp 4", "lộ Kênh Ngang"),
    ("Trường Xuân", "ấp 5", "ấp 6", None),
    ("Đông Thuận", "ấp Đông Hiển", "ấp Đông Thắng", "ĐT919"),
    ("Đông Thuận", "ấp Trường Thọ", "ấp Đông Lợi", "lộ Bờ Bao"),
    ("Đông Thuận", "ấp 7", "ấp 8", None),
]
PAGODAS_N = ["Chùa Phúc Lâm", "Chùa Bồ Đề", "Chùa Thượng Thanh", "Chùa Linh Quang", "Chùa Hưng Phúc",
             "Chùa Gia Thượng", "Chùa Ngọc Lâm", "Chùa Thanh Am"]
CHURCHES_N = ["Nhà thờ Giáo xứ Ngọc Thụy", "Nhà thờ Giáo họ Thượng Thanh", "Nhà thờ Giáo xứ Gia Lâm"]
TEMPLES_N = ["Đình Gia Quất", "Đình Thượng Thanh", "Đình Ngọc Lâm", "Đình Đức Giang", "Đình Bồ Đề",
             "Đình Gia Thụy", "Đình Phú Viên", "Đình Lâm Du"]
PAGODAS_S = ["Chùa Phước Long", "Chùa Long Khánh", "Chùa Bửu Lâm", "Chùa Phước Hưng", "Chùa Khánh Hòa",
             "Chùa Thiên Phước", "Chùa Long Phước", "Chùa Hưng Thạnh", "Chùa Phước Thạnh", "Chùa Bửu Sơn"]
CHURCHES_S = ["Nhà thờ Giáo xứ Thới Lai", "Nhà thờ Giáo xứ Trường Xuân", "Nhà thờ Giáo họ Đông Thuận"]
TEMPLES_S = ["Thánh thất Cao Đài Thới Lai", "Thánh thất Cao Đài Trường Xuân", "Đình thần Thới Thuận",
             "Đình thần Trường Xuân", "Miếu Bà Chúa Xứ", "Đình thần Đông Hiển", "Thánh thất Cao Đài Đông Thuận"]

COLLECTORS = {
    "urban_hanoi": {
        # name: (address style, household-name style, no-marks rate, caps rate for public, lazy "Khác" rate, phone style)
        "ctv_hoa": ("full", "nha_full", 0.01, 0.0, 0.02, "spaced"),
        "ctv_tuan": ("short", "full", 0.30, 0.0, 0.05, "plain"),
        "bd_nam": ("abbr", "ho_full", 0.01, 0.40, 0.01, "plus"),
        "bd_lan": ("full", "nha_full", 0.01, 0.05, 0.01, "spaced"),
        "ctv_minhanh": ("city", "nha_given", 0.03, 0.0, 0.03, "plain"),
        "ctv_duc": ("slash", "full", 0.02, 0.0, 0.14, "plain"),
        "bd_thuy": ("abbr", "ho_full", 0.01, 0.10, 0.01, "dotted"),
        "ctv_hieu": ("short", "full", 0.05, 0.0, 0.04, "plain"),
        "ctv_phuong": ("full", "nha_full", 0.01, 0.0, 0.02, "spaced"),
        "bd_quang": ("abbr", "ho_full", 0.01, 0.25, 0.02, "plus"),
        "ctv_ngoc": ("city", "nha_given", 0.06, 0.0, 0.05, "plain"),
        "bd_son": ("full", "ho_full", 0.01, 0.05, 0.01, "spaced"),
    },
    "mekong_rural": {
        "ctv_tam": ("full", "nha_full", 0.02, 0.0, 0.03, "plain"),
        "bd_hai": ("abbr", "ho_full", 0.01, 0.30, 0.01, "spaced"),
        "ctv_thao": ("short", "nha_given", 0.04, 0.0, 0.04, "plain"),
        "bd_loc": ("full", "ho_full", 0.01, 0.05, 0.02, "plus"),
        "ctv_kimngan": ("city", "nha_full", 0.03, 0.0, 0.03, "plain"),
        "ctv_phuoc": ("short", "full", 0.35, 0.0, 0.06, "plain"),
        "bd_ut": ("abbr", "ho_full", 0.01, 0.20, 0.01, "dotted"),
        "ctv_trung": ("full", "nha_given", 0.02, 0.0, 0.15, "plain"),
        "bd_nhung": ("full", "ho_full", 0.01, 0.05, 0.01, "spaced"),
        "ctv_vy": ("short", "nha_given", 0.05, 0.0, 0.03, "plain"),
        "ctv_khang": ("city", "full", 0.08, 0.0, 0.05, "plain"),
        "bd_tai": ("abbr", "ho_full", 0.01, 0.10, 0.01, "plus"),
    },
}


def render_addr(area, a, style, drop_num=False):
    if area == "urban_hanoi":
        num = None if drop_num else a.get("num")
        st, sw, ward = a["street"], a["stype"], a["ward"]
        ngo, ngach = a.get("ngo"), a.get("ngach")
        if style == "full":
            lane = (f"ngách {ngach} ngõ {ngo} " if ngach else f"ngõ {ngo} " if ngo else "")
            head = f"Số {num} " if num else ""
            return f"{head}{lane}{sw} {st}, phường {ward}"
        if style == "abbr":
            lane = (f"ngách {ngo}/{ngach} " if ngach else f"ngõ {ngo} " if ngo else "")
            head = f"Số {num} " if num else ""
            return f"{head}{lane}{st}, P. {ward}"
        if style == "short":
            lane = (f"ngách {ngo}/{ngach} " if ngach else f"ngõ {ngo} " if ngo else "")
            head = f"{num} " if num else ""
            return f"{head}{lane}{st}"
        if style == "city":
            lane = (f"ngách {ngach} ngõ {ngo} " if ngach else f"ngõ {ngo} " if ngo else "")
            head = f"{num} " if num else ""
            tail = R.choice([f"{ward}, Long Biên, Hà Nội", f"P.{ward}, Hà Nội", f"{ward}, HN"])
            return f"{head}{lane}{st}, {tail}"
        # slash
        if num and ngo and not ngach:
            return f"{num}/{ngo} {st}, {ward}"
        if num and ngach:
            return f"Số {num} ngách {ngo}/{ngach} {st}, {ward}"
        lane = f"ngõ {ngo} " if ngo else ""
        return f"{num + ' ' if num else ''}{lane}{st}, {ward}"
    num = None if drop_num else a.get("num")
    ap, commune, road, to = a["ap"], a["commune"], a.get("road"), a.get("to")
    if style == "full":
        parts = []
        if num:
            parts.append(f"Số {num} {road}" if road and a.get("on_road") else f"Số {num}")
        elif to and R.random() < 0.5:
            parts.append(f"Tổ {to}")
        parts += [ap, f"xã {commune}"]
        return ", ".join(parts)
    if style == "abbr":
        parts = []
        if num:
            parts.append(f"{num} {road}" if road and a.get("on_road") else f"Số {num}")
        parts += [ap[0].upper() + ap[1:], f"X. {commune}"]
        return ", ".join(parts)
    if style == "short":
        return (f"Số {num}, " if num else "") + ap
    # city / slash
    parts = [num] if num else []
    parts += [ap, R.choice([f"{commune}, Cần Thơ", f"xã {commune}, TP Cần Thơ", f"{commune}, CT"])]
    return ", ".join(parts)


# ---------------------------------------------------------------------------
# Trades and categories
# ---------------------------------------------------------------------------
CATS = {
    "household": [("Nhà ở", 55), ("Hộ gia đình", 45)],
    "taphoa": [("Cửa hàng tạp hóa", 55), ("Cửa hàng", 40), ("Dịch vụ", 5)],
    "pharmacy": [("Nhà thuốc", 70), ("Y tế", 25), ("Cửa hàng", 5)],
    "food": [("Ăn uống", 85), ("Cửa hàng", 8), ("Dịch vụ", 7)],
    "service": [("Dịch vụ", 80), ("Cửa hàng", 20)],
    "shop": [("Cửa hàng", 85), ("Dịch vụ", 15)],
    "company": [("Dịch vụ", 60), ("Cơ quan nhà nước", 3), ("Cửa hàng", 37)],
    "health": [("Y tế", 100)],
    "agri": [("Cửa hàng", 60), ("Dịch vụ", 40)],
    "school": [("Trường học", 100)],
    "gov": [("Cơ quan nhà nước", 100)],
    "religion": [("Tôn giáo", 100)],
    "market": [("Chợ", 100)],
    "culture": [("Văn hóa", 100)],
    "post": [("Cơ quan nhà nước", 50), ("Dịch vụ", 50)],
}
RELATED = {
    "Nhà ở": ["Cửa hàng", "Dịch vụ"], "Hộ gia đình": ["Cửa hàng", "Nhà ở"],
    "Cửa hàng tạp hóa": ["Cửa hàng", "Dịch vụ"], "Cửa hàng": ["Dịch vụ", "Cửa hàng tạp hóa", "Nhà ở"],
    "Nhà thuốc": ["Y tế", "Cửa hàng"], "Y tế": ["Nhà thuốc", "Cơ quan nhà nước"],
    "Ăn uống": ["Cửa hàng", "Dịch vụ"], "Dịch vụ": ["Cửa hàng", "Nhà ở"],
    "Trường học": ["Cơ quan nhà nước", "Văn hóa"], "Cơ quan nhà nước": ["Văn hóa", "Dịch vụ"],
    "Tôn giáo": ["Văn hóa"], "Chợ": ["Cửa hàng", "Dịch vụ"], "Văn hóa": ["Cơ quan nhà nước", "Tôn giáo"],
}
TRADES = {
    # trade: (category key, name templates north, name templates south, weight north, weight south)
    "taphoa": ("taphoa", ["Tạp hóa {n}", "Tạp hóa {n}", "Cửa hàng tạp hóa {n}", "Tạp hoá {n}"],
               ["Tạp hóa {n}", "Tạp hóa {n}", "Tiệm tạp hóa {n}", "Tạp hoá {n}"], 12, 30),
    "thuoc": ("pharmacy", ["Nhà thuốc {n}", "Nhà thuốc {n}", "Quầy thuốc {n}"],
              ["Nhà thuốc tây {n}", "Nhà thuốc {n}", "Quầy thuốc {n}", "Thuốc tây {n}"], 5, 4),
    "com": ("food", ["Quán cơm {n}", "Cơm bình dân {n}", "Cơm văn phòng {n}"], ["Quán cơm {n}", "Cơm tấm {n}"], 5, 3),
    "pho": ("food", ["Phở {n}", "Phở bò {n}", "Quán phở {n}"], ["Hủ tiếu {n}", "Quán hủ tiếu {n}", "Bánh canh {n}"], 4, 4),
    "bun": ("food", ["Bún chả {n}", "Bún riêu {n}", "Bún ốc {n}", "Bánh cuốn {n}"], ["Bún riêu {n}", "Bún mắm {n}"], 4, 2),
    "cafe": ("food", ["Cà phê {n}", "Cafe {n}", "Coffee {n}", "Trà chanh {n}"],
             ["Cà phê {n}", "Cafe {n}", "Cà phê võng {n}", "Quán nước {n}"], 6, 8),
    "banhmi": ("food", ["Bánh mì {n}", "Xôi {n}"], ["Bánh mì {n}", "Lò bánh mì {n}"], 2, 2),
    "bia": ("food", ["Bia hơi {n}", "Quán nhậu {n}", "Lẩu dê {n}"], ["Quán nhậu {n}", "Lẩu mắm {n}"], 3, 1),
    "toc": ("service", ["Tiệm tóc {n}", "Salon tóc {n}", "Cắt tóc {n}", "Hair Salon {n}", "Cắt tóc nam {n}"],
            ["Tiệm tóc {n}", "Hớt tóc {n}", "Uốn tóc {n}"], 6, 3),
    "suaxe": ("service", ["Sửa xe {n}", "Sửa xe máy {n}", "Rửa xe {n}", "Phụ tùng xe máy {n}"],
              ["Sửa xe {n}", "Tiệm sửa xe {n}", "Sửa xe honda {n}"], 6, 4),
    "gas": ("shop", ["Đại lý gas {n}", "Gas {n}", "Cửa hàng gas {n}"], ["Đại lý gas {n}", "Gas {n}"], 2, 2),
    "vpp": ("shop", ["Văn phòng phẩm {n}", "VPP {n}", "Nhà sách {n}"], ["Văn phòng phẩm {n}", "Tiệm sách {n}"], 2, 1),
    "quanao": ("shop", ["Shop {n}", "Thời trang {n}", "Quần áo {n}", "Giày dép {n}"], ["Shop {n}", "Quần áo {n}"], 7, 2),
    "dienthoai": ("shop", ["Điện thoại {n}", "Mobile {n}", "Sửa điện thoại {n}"], ["Điện thoại {n}"], 4, 1),
    "diennuoc": ("shop", ["Điện nước {n}", "Vật liệu xây dựng {n}", "Sơn {n}", "Kim khí {n}"],
                 ["Vật liệu xây dựng {n}", "Điện nước {n}"], 3, 2),
    "spa": ("service", ["Spa {n}", "Nail {n}", "Gội đầu dưỡng sinh {n}"], ["Spa {n}", "Nail {n}"], 3, 1),
    "giatla": ("service", ["Giặt là {n}", "Photocopy {n}", "In ấn {n}"], ["Giặt ủi {n}", "Photocopy {n}"], 3, 1),
    "may": ("service", ["May đo {n}", "Sửa quần áo {n}"], ["Tiệm may {n}", "May đo {n}"], 2, 2),
    "vang": ("shop", ["Vàng bạc {n}", "Tiệm vàng {n}"], ["Tiệm vàng {n}"], 1, 1),
    "hoa": ("shop", ["Hoa tươi {n}", "Shop hoa {n}"], ["Bông tươi {n}"], 2, 0.3),
    "tro": ("service", ["Nhà trọ {n}", "Nhà nghỉ {n}"], ["Nhà trọ {n}", "Nhà nghỉ {n}"], 2, 1),
    "congty": ("company", ["Công ty TNHH {n}", "Công ty CP {n}", "Văn phòng Công ty {n}"], ["Công ty TNHH {n}"], 3, 0.5),
    "phongkham": ("health", ["Phòng khám {n}", "Nha khoa {n}", "Phòng khám đa khoa {n}"], ["Phòng khám {n}"], 2, 1),
    "mebe": ("shop", ["Mẹ và bé {n}", "Sữa {n}"], ["Shop mẹ và bé {n}"], 2, 0.5),
    "vattu": ("agri", [], ["Đại lý vật tư nông nghiệp {n}", "Đại lý phân bón {n}", "Thuốc BVTV {n}"], 0, 5),
    "vualua": ("agri", [], ["Vựa lúa {n}", "Nhà máy xay xát {n}", "Lò sấy lúa {n}"], 0, 3),
    "veso": ("service", [], ["Đại lý vé số {n}"], 0, 1),
}
DOMINANT = {"food": ["com", "pho", "bun", "cafe", "bia"], "thuoc": ["thuoc"], "suaxe": ["suaxe"],
            "dienthoai": ["dienthoai"], "quanao": ["quanao"], "taphoa": ["taphoa"], "diennuoc": ["diennuoc"]}

CHAINS = {
    "urban_hanoi": [
        ("longchau", ["Nhà thuốc Long Châu", "Long Châu", "FPT Long Châu", "Nhà thuốc FPT Long Châu {st}"], "pharmacy"),
        ("pharmacity", ["Pharmacity", "Nhà thuốc Pharmacity", "Pharmacity {st}"], "pharmacy"),
        ("ankhang", ["Nhà thuốc An Khang", "An Khang {st}"], "pharmacy"),
        ("circlek", ["Circle K", "Circle K {st}", "Cửa hàng Circle K"], "shop"),
        ("winmart", ["WinMart+", "Winmart+ {st}", "Siêu thị WinMart+", "WinMart+ {num} {st}"], "shop"),
        ("viettelpost", ["Viettel Post", "Bưu cục Viettel Post {ward}", "Viettel Post {st}"], "service"),
        ("highlands", ["Highlands Coffee", "Highlands Coffee {st}"], "food"),
        ("dmx", ["Điện máy Xanh", "Điện Máy XANH {st}"], "shop"),
        ("tgdd", ["Thế Giới Di Động", "Thegioididong {st}", "TGDĐ {st}"], "shop"),
        ("ghtk", ["GHTK", "Bưu cục GHTK {ward}", "Giao Hàng Tiết Kiệm"], "service"),
        ("guta", ["Guta Cafe", "Guta Café {st}"], "food"),
        ("fptshop", ["FPT Shop", "FPT Shop {st}"], "shop"),
    ],
    "mekong_rural": [
        ("bhx", ["Bách hóa Xanh", "Bách Hóa XANH", "BHX {ap}", "Bách hóa Xanh {ap}"], "shop"),
        ("dmx", ["Điện máy Xanh", "Điện Máy XANH {commune}"], "shop"),
        ("tgdd", ["Thế Giới Di Động", "TGDĐ {commune}"], "shop"),
        ("viettelpost", ["Viettel Post", "Bưu cục Viettel Post {commune}"], "service"),
        ("longchau", ["Nhà thuốc Long Châu", "Long Châu {commune}"], "pharmacy"),
        ("ankhang", ["Nhà thuốc An Khang", "An Khang"], "pharmacy"),
        ("agribank", ["Agribank", "Ngân hàng Agribank", "Agribank PGD {commune}"], "service"),
        ("petrolimex", ["Petrolimex", "Cửa hàng xăng dầu Petrolimex", "Cây xăng Petrolimex"], "shop"),
        ("ghn", ["Giao Hàng Nhanh", "Bưu cục GHN {commune}"], "service"),
    ],
}

# ---------------------------------------------------------------------------
# World state
# ---------------------------------------------------------------------------
points = []          # dicts with final columns + internals
pairs = []           # (pa_index, pb_index, class)
entities = {}        # eid -> dict
blocks = []          # dicts
codes_used = set()
ent_counter = Counter()


def new_code(area):
    alpha = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    pre = "HN" if area == "urban_hanoi" else "CT"
    while True:
        c = pre + "".join(R.choice(alpha) for _ in range(R.choice([8, 8, 9])))
        if c not in codes_used:
            codes_used.add(c)
            return c


MOBILE_PREFIX = ["090", "091", "093", "094", "096", "097", "098", "086", "088", "089", "032", "033",
                 "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079", "081",
                 "082", "083", "084", "085", "056", "058"]


def new_phone():
    return R.choice(MOBILE_PREFIX) + "".join(R.choice("0123456789") for _ in range(7))


def fmt_phone(p, style):
    if style == "spaced":
        return f"{p[:4]} {p[4:7]} {p[7:]}"
    if style == "plus":
        return "+84" + p[1:]
    if style == "dotted":
        return f"{p[:4]}.{p[4:7]}.{p[7:]}"
    return p


def person(region, gender=None):
    g = gender or ("m" if R.random() < 0.62 else "f")
    sur = wpick(SURNAMES[region])
    mid = wpick(MIDDLE[(region, g)])
    giv = wpick(GIVEN[g])
    while giv == mid:
        giv = wpick(GIVEN[g])
    bo = R.choice(BIRTH_ORDER) if region == "south" and R.random() < 0.35 and giv not in BIRTH_ORDER else None
    return {"sur": sur, "mid": mid, "giv": giv, "g": g, "bo": bo}


def full(p):
    return f"{p['sur']} {p['mid']} {p['giv']}"


def hh_name(p, style, region):
    title = {"m": R.choice(["ông", "ông", "ông", "anh"]), "f": R.choice(["bà", "bà", "bà", "chị", "cô"])}[p["g"]]
    if region == "south" and p["bo"] and R.random() < 0.6:
        nick = f"{p['bo']} {p['giv']}" if R.random() < 0.6 else p["bo"]
        return R.choice([f"Nhà {title} {nick}", f"Nhà {title} {nick}", f"{title.capitalize()} {nick}"])
    if style == "nha_full":
        return f"Nhà {title} {full(p)}"
    if style == "ho_full":
        return R.choice([f"Hộ {title} {full(p)}", f"Hộ gia đình {full(p)}", f"Hộ {full(p)}"])
    if style == "nha_given":
        return R.choice([f"Nhà {p['giv']}", f"Nhà {title} {p['giv']}", f"Nhà {title} {full(p)}"])
    return full(p)


def trade_name(trade, region, token):
    t = TRADES[trade]
    templates = t[1] if region == "north" else t[2]
    return R.choice(templates).format(n=token)


def shop_token(region, owner):
    r = R.random()
    if region == "south" and owner["bo"] and r < 0.25:
        return R.choice([f"{owner['bo']} {owner['giv']}", f"Cô {owner['bo']}" if owner["g"] == "f" else f"Chú {owner['bo']}",
                         owner["bo"]]), "owner"
    if r < 0.55:
        return owner["giv"], "owner"
    return R.choice(FANCY), "fancy"


# ---------------------------------------------------------------------------
# Geometry of blocks: rows of slots (one slot = one house front / one address)
# ---------------------------------------------------------------------------
def add_slot(b, x, y, nx, ny, addr, row, s):
    sl = {"block": b["id"], "x": x, "y": y, "nx": nx, "ny": ny, "addr": addr, "row": row, "s": s,
          "used": False, "removed": False}
    b["slots"].append(sl)
    return sl


def build_urban():
    for i, (street, stype, ward, dom, n0) in enumerate(URBAN_BLOCKS):
        col, rowi = i % 4, i // 4
        cx, cy = 450 + col * 900 + R.uniform(-40, 40), 450 + rowi * 900 + R.uniform(-40, 40)
        ang = R.uniform(-0.5, 0.5) + (math.pi / 2 if R.random() < 0.35 else 0)
        ux, uy = math.cos(ang), math.sin(ang)
        nx, ny = -uy, ux
        b = {"id": len(blocks), "area": "urban_hanoi", "half": "tune" if (col + rowi) % 2 == 0 else "report",
             "street": street, "stype": stype, "ward": ward, "dom": dom, "slots": [], "cx": cx, "cy": cy,
             "region": "north", "tdp": list(range(1 + 6 * (i % 2), 9 + 6 * (i % 2))),
             "collectors": R.sample(list(COLLECTORS["urban_hanoi"]), 3)}
        blocks.append(b)
        L = 300.0
        ngo_specs = []
        for side, lat, start in ((-1, -8.0, n0), (1, 8.0, n0 + 1)):
            s = -L / 2
            num = start
            row = f"main{side}"
            while s < L / 2:
                if R.random() < 0.05:
                    nums = [f"{num}A", f"{num}B"]
                else:
                    nums = [str(num)]
                for nm in nums:
                    x = cx + ux * s + nx * lat
                    y = cy + uy * s + ny * lat
                    add_slot(b, x, y, nx * side, ny * side,
                             {"num": nm, "street": street, "stype": stype, "ward": ward}, row, s)
                    s += R.uniform(4.0, 6.0)
                num += 2 if R.random() > 0.08 else 4
        # ngõ: take a main-street slot as the mouth, named after its number
        mains = [sl for sl in b["slots"] if abs(sl["s"]) < L / 2 - 20]
        chosen = []
        while len(chosen) < 3:
            sl = R.choice(mains)
            if all(abs(sl["s"] - c["s"]) > 50 for c in chosen) and sl["addr"]["num"].isdigit():
                chosen.append(sl)
        for mouth in chosen:
            mouth["removed"] = True
            ngo = mouth["addr"]["num"]
            side = 1 if mouth["row"] == "main1" else -1
            length = R.uniform(60, 115)
            ox, oy = mouth["x"], mouth["y"]
            dx, dy = nx * side, ny * side
            t = 6.0
            k = {1: 1, -1: 2}
            ngach_at = R.uniform(20, length - 15) if R.random() < 0.6 else None
            while t < length:
                for ls in (1, -1):
                    x = ox + dx * t + ux * 3.0 * ls
                    y = oy + dy * t + uy * 3.0 * ls
                    add_slot(b, x, y, ux * ls, uy * ls, {"num": str(k[ls]), "ngo": ngo, "street": street,
                                                         "stype": stype, "ward": ward}, f"ngo{ngo}", t)
                    k[ls] += 2
                if ngach_at is not None and t >= ngach_at:
                    ngach = str(k[1] - 2)
                    ngach_at = None
                    bx, by = ox + dx * t, oy + dy * t
                    tt = 5.0
                    kk = {1: 1, -1: 2}
                    nl = R.uniform(25, 45)
                    while tt < nl:
                        for ls in (1, -1):
                            x = bx + ux * tt + dx * 2.5 * ls
                            y = by + uy * tt + dy * 2.5 * ls
                            add_slot(b, x, y, dx * ls, dy * ls, {"num": str(kk[ls]), "ngo": ngo, "ngach": ngach,
                                                                 "street": street, "stype": stype, "ward": ward},
                                     f"ngach{ngo}/{ngach}", tt)
                            kk[ls] += 2
                        tt += R.uniform(4.0, 5.5)
                t += R.uniform(4.0, 5.5)


def build_mekong():
    for i, (commune, apa, apb, road) in enumerate(MEKONG_BLOCKS):
        col, rowi = i % 5, i // 5
        cx, cy = 1000 + col * 2000 + R.uniform(-80, 80), 1000 + rowi * 2000 + R.uniform(-80, 80)
        ang = R.uniform(-0.4, 0.4) + (math.pi / 2 if R.random() < 0.4 else 0)
        ux, uy = math.cos(ang), math.sin(ang)
        nx, ny = -uy, ux
        b = {"id": len(blocks), "area": "mekong_rural", "half": "tune" if (col + rowi) % 2 == 0 else "report",
             "commune": commune, "aps": (apa, apb), "road": road, "slots": [], "cx": cx, "cy": cy,
             "region": "south", "collectors": R.sample(list(COLLECTORS["mekong_rural"]), 3)}
        blocks.append(b)
        L = 1400.0
        split = R.uniform(-150, 150)
        b["split"] = split
        amp, lam, ph = R.uniform(8, 25), R.uniform(500, 900), R.uniform(0, 6.28)
        # rows: land side of the road, canal side of the road, far bank of the canal (path)
        for row, lat, lo, hi, p_num in (("roadL", -9.0, 14, 35, 0.65), ("roadR", 9.0, 15, 38, 0.55),
                                        ("bank", 36.0, 20, 45, 0.08)):
            s = -L / 2 + R.uniform(0, 10)
            nums = {apa: R.choice([1, 1, 5, 11]) + (0 if row == "roadL" else 1),
                    apb: R.choice([1, 3, 7]) + (0 if row == "roadL" else 1)}
            while s < L / 2:
                off = amp * math.sin(2 * math.pi * s / lam + ph)
                x = cx + ux * s + nx * (lat + off)
                y = cy + uy * s + ny * (lat + off)
                ap = apa if s < split else apb
                to = 1 + int((s - (-L / 2 if ap == apa else split)) // 180)
                num = None
                if road is not None and R.random() < p_num or road is None and R.random() < p_num * 0.6:
                    num = str(nums[ap])
                nums[ap] += 2 if R.random() < 0.7 else R.choice([4, 6])
                side = -1 if row == "roadL" else 1
                add_slot(b, x, y, nx * side, ny * side, {"num": num, "ap": ap, "commune": commune, "road": road,
                                                         "on_road": row != "bank", "to": to}, row, s)
                s += R.uniform(lo, hi)


# ---------------------------------------------------------------------------
# Visits: every slot is visited once by a collector walking the row
# ---------------------------------------------------------------------------
def schedule():
    for b in blocks:
        rows = defaultdict(list)
        for sl in b["slots"]:
            rows[sl["row"]].append(sl)
        step = (1.0, 4.0) if b["area"] == "urban_hanoi" else (2.0, 6.0)
        for row, sls in rows.items():
            sls.sort(key=lambda s: s["s"])
            if R.random() < 0.5:
                sls.reverse()
            col = b["collectors"][0] if R.random() < 0.6 else R.choice(b["collectors"][1:])
            t = CAMPAIGN_START + timedelta(days=R.randint(0, 17), minutes=R.choice([0, 20, 45, 360, 390]))
            for sl in sls:
                t = t + timedelta(minutes=R.uniform(*step))
                if t.hour == 11 and t.minute >= 30 or t.hour == 12:
                    t = t.replace(hour=13, minute=30) + timedelta(minutes=R.randint(0, 20))
                if t.hour >= 17 and t.minute >= 30 or t.hour >= 18:
                    t = (t + timedelta(days=1)).replace(hour=7, minute=30) + timedelta(minutes=R.randint(0, 30))
                sl["col"] = col
                sl["t"] = t


def later(t, days=(2, 14)):
    d = t + timedelta(days=R.randint(*days))
    d = d.replace(hour=R.choice([7, 8, 8, 9, 9, 10, 10, 11, 13, 14, 14, 15, 15, 16, 16, 17]), minute=R.randint(0, 29))
    if d > CAMPAIGN_END:
        d = t - timedelta(days=R.randint(*days))
        d = d.replace(hour=R.choice([8, 9, 10, 14, 15]), minute=R.randint(0, 59))
    if d < CAMPAIGN_START:
        d = CAMPAIGN_START + timedelta(hours=R.randint(1, 8))
    return d


def other_collector(b, col):
    pool = [c for c in b["collectors"] if c != col]
    if R.random() < 0.35:
        pool = [c for c in COLLECTORS[b["area"]] if c != col]
    return R.choice(pool)


# ---------------------------------------------------------------------------
# Entities and points
# ---------------------------------------------------------------------------
def new_entity(b, kind, name, catkey=None, category=None, addr=None, owner=None, token_kind=None,
               trade=None, phone_p=None, code_p=None, big=False):
    area = b["area"]
    ent_counter[area] += 1
    eid = ("hn" if area == "urban_hanoi" else "mk") + f"_e{ent_counter[area]:05d}"
    if category is None:
        category = wpick(CATS[catkey])
    if phone_p is None:
        phone_p = {"household": 0.33, "shop": 0.5, "public": 0.05, "chain": 0.0}[kind]
    if code_p is None:
        code_p = 0.5 if kind == "public" else 0.3
    e = {"eid": eid, "area": area, "block": b["id"], "half": b["half"], "kind": kind, "name": name,
         "category": category, "addr": addr, "owner": owner, "token_kind": token_kind, "trade": trade,
         "phone": new_phone() if R.random() < phone_p else None, "code": new_code(area), "code_p": code_p,
         "big": big}
    entities[eid] = e
    return e


# Spatial index of names already placed: ordinary points must not accidentally repeat the name
# of a different place close by (that would be an unlabelled look-alike nobody chose).
NAME_CELL = 150.0
name_index = defaultdict(list)


def name_key(s):
    return " ".join(re.sub(r"[^\w ]", " ", strip_marks(s).lower()).split())


GENERIC_RE = re.compile(r"^((nha|ho|gia dinh)( (ong|ba|anh|chi|co))? \w+|nha dan|ho dan|nha rieng|nha so \d*)$")


def name_clash(area, x, y, name, eid=None, radius=NAME_CELL):
    k = name_key(name)
    cx, cy = int(x // NAME_CELL), int(y // NAME_CELL)
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for (px, py, pk, pe) in name_index[(area, cx + dx, cy + dy)]:
                if pk == k and pe != eid and math.hypot(px - x, py - y) <= radius:
                    return True
    return False


# phones of these collectors send decomposed Unicode (NFD) most of the time
NFD_DEVICE = {"ctv_minhanh": 0.7, "ctv_vy": 0.7}


def emit(e, x, y, col, t, name, address, category, code, phone):
    lon, lat = to_lonlat(e["area"], x, y)
    if col in NFD_DEVICE and R.random() < NFD_DEVICE[col]:
        name = unicodedata.normalize("NFD", name)
        address = unicodedata.normalize("NFD", address)
    p = {"idx": len(points), "lon": lon, "lat": lat, "x": x, "y": y, "name": name, "category": category,
         "address": address, "digital_code": code or "", "collector": col,
         "collected_at": t.strftime("%Y-%m-%dT%H:%M:00"), "t": t, "owner_phone": phone or "",
         "entity": e["eid"], "area": e["area"], "half": e["half"], "block": e["block"]}
    points.append(p)
    name_index[(e["area"], int(x // NAME_CELL), int(y // NAME_CELL))].append((x, y, name_key(name), e["eid"]))
    return p


def col_style(area, col):
    return COLLECTORS[area][col]


def first_point(e, sl, x=None, y=None, habits=True, col=None, t=None, name=None):
    """The first record of an entity, by the collector who walked this slot's row."""
    area = e["area"]
    col = col or sl["col"]
    t = t or sl["t"]
    astyle, _hh, nomark, caps, lazy, pst = col_style(area, col)
    if R.random() < 0.25:
        astyle = R.choice(["full", "abbr", "short", "city", "slash"])
    nm = name or e["name"]
    cat = e["category"]
    if habits:
        if R.random() < nomark:
            nm = strip_marks(nm)
        if e["kind"] == "public" and R.random() < caps:
            nm = nm.upper()
        if R.random() < lazy:
            cat = "Khác"
    addr = render_addr(area, e["addr"], astyle)
    if habits and R.random() < nomark:
        addr = strip_marks(addr)
    code = e["code"] if R.random() < e["code_p"] else None
    phone = fmt_phone(e["phone"], pst) if e["phone"] and R.random() < 0.85 else None
    if x is None:
        jit = 1.8 if area == "urban_hanoi" else 3.0
        x, y = sl["x"] + R.gauss(0, jit), sl["y"] + R.gauss(0, jit)
    return emit(e, x, y, col, t, nm, addr, cat, code, phone)


def offset(x, y, dmin, dmax):
    d = R.uniform(dmin, dmax)
    a = R.uniform(0, 2 * math.pi)
    return x + d * math.cos(a), y + d * math.sin(a)


def copy_dist():
    r = R.random()
    if r < 0.7:
        return R.uniform(2, 15)
    if r < 0.95:
        return R.uniform(15, 30)
    return R.uniform(30, 35)


def copy_point(e, orig, cls, name, same_collector=False, addr=None, category=None, drop_num=False, dist=None,
               keep_style=False):
    area = e["area"]
    b = blocks[e["block"]]
    if same_collector:
        col = orig["collector"]
        t = orig["t"] + timedelta(minutes=R.randint(1, 18), seconds=0)
    else:
        col = other_collector(b, orig["collector"])
        t = later(orig["t"])
    astyle, _hh, nomark, caps, lazy, pst = col_style(area, col)
    if keep_style or same_collector:
        address = addr if addr is not None else orig["address"]
        if drop_num:
            address = render_addr(area, e["addr"], astyle, drop_num=True)
    else:
        if R.random() < 0.25:
            astyle = R.choice(["full", "abbr", "short", "city", "slash"])
        address = addr if addr is not None else render_addr(area, e["addr"], astyle, drop_num=drop_num)
    if orig["digital_code"]:
        code = orig["digital_code"] if R.random() < (0.6 if same_collector else 0.35) else None
    else:
        code = e["code"] if R.random() < 0.12 else None
    if e["phone"]:
        r = R.random()
        if same_collector:
            phone = orig["owner_phone"] if r < 0.8 else fmt_phone(e["phone"], pst)
        else:
            phone = fmt_phone(e["phone"], pst) if r < 0.5 else None
    else:
        phone = None
    d = dist if dist is not None else copy_dist()
    a = R.uniform(0, 2 * math.pi)
    x, y = orig["x"] + d * math.cos(a), orig["y"] + d * math.sin(a)
    return emit(e, x, y, col, t, name, address, category or orig["category"], code, phone)


def add_pair(p, q, cls):
    pairs.append((p["idx"], q["idx"], cls))


# ---------------------------------------------------------------------------
# Slot selection
# ---------------------------------------------------------------------------
def free_slot(b, rows=None, span=0, need_num=False, pred=None):
    for _ in range(4000):
        sl = R.choice(b["slots"])
        if rows and not any(sl["row"].startswith(r) for r in rows):
            continue
        if sl["used"] or sl["removed"]:
            continue
        if need_num and not sl["addr"].get("num"):
            continue
        if pred and not pred(sl):
            continue
        if span:
            near = [o for o in b["slots"] if o["row"] == sl["row"] and abs(o["s"] - sl["s"]) <= span]
            if any(o["used"] for o in near):
                continue
        sl["used"] = True
        return sl
    raise RuntimeError("no free slot")


def free_slot_near(b, sl, dmin, dmax, rows=None, need_num=False):
    cand = [o for o in b["slots"] if not o["used"] and not o["removed"]
            and dmin <= math.hypot(o["x"] - sl["x"], o["y"] - sl["y"]) <= dmax
            and (not rows or any(o["row"].startswith(r) for r in rows))
            and (not need_num or o["addr"].get("num"))]
    if not cand:
        return None
    o = R.choice(cand)
    o["used"] = True
    return o


def clear_frontage(b, sl, half_width):
    for o in b["slots"]:
        if o["row"] == sl["row"] and abs(o["s"] - sl["s"]) <= half_width and o is not sl:
            o["removed"] = True
        if b["area"] == "urban_hanoi" and o["row"].startswith("ng") and math.hypot(o["x"] - sl["x"], o["y"] - sl["y"]) < half_width:
            o["removed"] = True


def pick_block(area, half):
    return R.choice([b for b in blocks if b["area"] == area and b["half"] == half])


# ---------------------------------------------------------------------------
# Ordinary entities for a slot
# ---------------------------------------------------------------------------
def region_of(b):
    return b["region"]


def make_household(b, sl, owner=None, col=None):
    reg = region_of(b)
    owner = owner or person(reg)
    col = col or sl.get("col")
    hstyle = col_style(b["area"], col)[1] if col else "nha_full"
    if R.random() < 0.3:
        hstyle = R.choice(["nha_full", "ho_full", "nha_given", "full"])
    name = hh_name(owner, hstyle, reg)
    if R.random() < 0.02:
        name = R.choice(["Nhà dân", "Hộ dân", f"Nhà số {sl['addr'].get('num') or ''}".strip(), "Nhà riêng"])
    return new_entity(b, "household", name, "household", addr=sl["addr"], owner=owner)


def pick_trade(b, rowkind="main"):
    reg = region_of(b)
    opts = []
    for tr, (_c, tn, ts, wn, ws) in TRADES.items():
        w = wn if reg == "north" else ws
        if reg == "north" and b.get("dom") and tr in DOMINANT.get(b["dom"], []):
            w *= 5 if b["dom"] != "food" else 2.5
        if rowkind != "main" and tr in ("congty", "vang", "quanao", "dienthoai", "phongkham", "mebe", "hoa"):
            w *= 0.15
        if w > 0:
            opts.append((tr, w))
    return wpick(opts)


def make_shop(b, sl, trade=None, token=None, owner=None, token_kind=None, rowkind="main"):
    reg = region_of(b)
    trade = trade or pick_trade(b, rowkind)
    owner = owner or person(reg)
    if token is None:
        token, token_kind = shop_token(reg, owner)
    name = trade_name(trade, reg, token)
    return new_entity(b, "shop", name, TRADES[trade][0], addr=sl["addr"], owner=owner, token_kind=token_kind,
                      trade=trade)


def make_ordinary(b, sl):
    rk = "main" if sl["row"].startswith("main") else "ngo"
    if b["area"] == "urban_hanoi":
        p_shop = 0.72 if rk == "main" else 0.14
    else:
        p_shop = {"roadL": 0.24, "roadR": 0.2, "bank": 0.04}[sl["row"]]
    if R.random() < p_shop:
        return make_shop(b, sl, rowkind=rk)
    return make_household(b, sl)


# ---------------------------------------------------------------------------
# Public places inventory
# ---------------------------------------------------------------------------
def public_inventory(b):
    inv = []
    if b["area"] == "urban_hanoi":
        W = b["ward"]
        if not any(x.get("ward") == W and x is not b and x["id"] < b["id"] for x in blocks):
            inv += [("gov", f"UBND phường {W}", True), ("gov", f"Công an phường {W}", True),
                    ("health", f"Trạm y tế phường {W}", True), ("post", f"Bưu điện {W}", False),
                    ("school", f"Trường Mầm non {W}", True), ("school", f"Trường Tiểu học {W}", True),
                    ("school", f"Trường THCS {W}", True), ("market", f"Chợ {W}", True)]
        else:
            inv += [("school", "Trường Mầm non Hoa Sen", True), ("school", "Trường Tiểu học Ái Mộ", True),
                    ("school", "Trường THCS Ái Mộ", True), ("gov", f"Trụ sở tổ dân phố 3 {W}", False)]
        inv += [("religion", n, True) for n in PAGODAS_N[b["id"] % 8:b["id"] % 8 + 1]]
        inv += [("religion", n, True) for n in TEMPLES_N[b["id"] % 8:b["id"] % 8 + 1]]
        if b["id"] < 3:
            inv.append(("religion", CHURCHES_N[b["id"]], True))
        for k in b["tdp"]:
            inv.append(("culture", f"Nhà văn hóa tổ dân phố {k}", False))
    else:
        C = b["commune"]
        j = b["id"] - 8
        first = not any(x.get("commune") == C and x["id"] < b["id"] for x in blocks)
        if first:
            inv += [("gov", f"UBND xã {C}", True), ("gov", f"Công an xã {C}", True),
                    ("health", f"Trạm y tế xã {C}", True), ("post", f"Bưu điện văn hóa xã {C}", False),
                    ("market", f"Chợ {C}", True), ("school", f"Trường Mầm non {C}", True),
                    ("school", f"Trường Tiểu học {C} 1", True), ("school", f"Trường THCS {C}", True),
                    ("gov", f"Hợp tác xã nông nghiệp {C}", False)]
        else:
            idx = sum(1 for x in blocks if x.get("commune") == C and x["id"] < b["id"])
            mn = ["Sơn Ca", "Họa Mi", "Hoa Mai"][idx - 1]
            inv += [("school", f"Trường Tiểu học {C} {idx + 1}", True),
                    ("school", f"Trường Mầm non {mn}", True),
                    ("school", [f"Trường THPT {C}", f"Trường THCS {C} A", f"Trường THCS {C} B"][idx - 1], True)]
        inv += [("religion", PAGODAS_S[j % 10], True)]
        if j % 3 == 0:
            inv.append(("religion", CHURCHES_S[j // 3 % 3], True))
        inv.append(("religion", TEMPLES_S[j % 7], True))
        for ap in b["aps"]:
            inv += [("culture", f"Nhà văn hóa {ap}", False), ("gov", f"Trụ sở Ban nhân dân {ap}", False)]
    R.shuffle(inv)
    b["inv"] = inv


def take_public(b, kinds=None, big=None, pred=None):
    for i, (k, n, bg) in enumerate(b["inv"]):
        if (kinds is None or k in kinds) and (big is None or bg == big) and (pred is None or pred(n)):
            return b["inv"].pop(i)
    return None


def public_entity(b, sl, kind, name, big):
    catkey = {"gov": "gov", "health": "health", "post": "post", "school": "school", "market": "market",
              "religion": "religion", "culture": "culture"}[kind]
    return new_entity(b, "public", name, catkey, addr=sl["addr"], big=big)


# ---------------------------------------------------------------------------
# Duplicate scenarios
# ---------------------------------------------------------------------------
def _dup_entity_raw(b, want):
    """Pick a slot and an entity of the wanted kind ('shop', 'owner_shop', 'household', 'public', 'numbered')."""
    need_num = want in ("numbered_shop", "numbered_hh")
    rows = ["main", "road"] if want in ("shop", "owner_shop", "public", "numbered_shop") else None
    sl = free_slot(b, rows=rows, need_num=need_num, span=6 if want == "public" else 0)
    if want == "public":
        pub = take_public(b, big=None)
        if pub is None:
            want = "shop"
        else:
            return sl, public_entity(b, sl, pub[0], pub[1], pub[2])
    if want in ("shop", "numbered_shop"):
        return sl, make_shop(b, sl)
    if want == "owner_shop":
        reg = region_of(b)
        owner = person(reg)
        tok = owner["giv"]
        if reg == "south" and owner["bo"] and R.random() < 0.4:
            tok = f"{owner['bo']} {owner['giv']}"
        tr = pick_trade(b)
        while tr in ("congty", "phongkham"):
            tr = pick_trade(b)
        return sl, make_shop(b, sl, trade=tr, token=tok, owner=owner, token_kind="owner")
    return sl, make_household(b, sl)


def dup_entity(b, want):
    """As _dup_entity_raw, but never a name already used by another place within 200 m."""
    for _ in range(20):
        sl, e = _dup_entity_raw(b, want)
        if not name_clash(b["area"], sl["x"], sl["y"], e["name"], radius=200):
            return sl, e
        sl["used"] = False
        del entities[e["eid"]]
    return sl, e


def scen_dup(cls, b):
    area = b["area"]
    if cls == "spelling":
        want = wpick([("shop", 55), ("household", 33), ("public", 12)])
        sl, e = dup_entity(b, want)
        o = first_point(e, sl, habits=False)
        nm = typo(o["name"])
        if R.random() < 0.25 and has_oldnew(o["name"]):
            nm = toggle_oldnew(o["name"])
        c = copy_point(e, o, cls, nm, same_collector=R.random() < 0.3)
        add_pair(o, c, cls)
    elif cls == "no_marks":
        want = wpick([("shop", 50), ("household", 30), ("public", 20)])
        sl, e = dup_entity(b, want)
        o = first_point(e, sl, habits=False)
        nm = strip_marks(o["name"])
        if R.random() < 0.2:
            nm = nm.lower()
        c = copy_point(e, o, cls, nm)
        if R.random() < 0.6:
            c["address"] = strip_marks(c["address"])
        add_pair(o, c, cls)
    elif cls == "abbreviation":
        want = wpick([("public", 45), ("shop", 40), ("household", 15)])
        for _ in range(30):
            sl, e = dup_entity(b, want)
            ab = abbreviate(e["name"])
            if ab or want == "household":
                break
            sl["used"] = False
            del entities[e["eid"]]
        o = first_point(e, sl, habits=False)
        if ab:
            nm = ab
            addr = None
        else:
            nm = o["name"]
            st = R.choice(["slash", "abbr"] if area == "urban_hanoi" else ["abbr"])
            full_a = render_addr(area, e["addr"], "full")
            o["address"] = full_a
            addr = render_addr(area, e["addr"], st)
            if addr == full_a:
                addr = full_a.replace("phường", "P.").replace("xã", "X.").replace("Số ", "")
        if R.random() < 0.5:   # the abbreviated copy came first
            o["name"], nm = nm, o["name"]
            if addr is not None:
                o["address"], addr = addr, o["address"]
        c = copy_point(e, o, cls, nm, addr=addr)
        add_pair(o, c, cls)
    elif cls == "all_caps":
        want = wpick([("public", 50), ("shop", 40), ("household", 10)])
        sl, e = dup_entity(b, want)
        o = first_point(e, sl, habits=False)
        nm = o["name"].upper()
        c = copy_point(e, o, cls, nm)
        if R.random() < 0.5:
            c["address"] = c["address"].upper()
        if R.random() < 0.4:
            o["name"], c["name"] = c["name"], o["name"]
        add_pair(o, c, cls)
    elif cls == "missing_house_number":
        want = wpick([("numbered_shop", 55), ("numbered_hh", 45)])
        sl, e = dup_entity(b, want)
        o = first_point(e, sl, habits=False)
        o["address"] = render_addr(area, e["addr"], R.choice(["full", "abbr", "short", "city"]))
        nm = o["name"] if R.random() < 0.7 else typo(o["name"]) if R.random() < 0.3 else o["name"]
        c = copy_point(e, o, cls, nm, drop_num=True)
        if R.random() < 0.45:
            o["address"], c["address"] = c["address"], o["address"]
        add_pair(o, c, cls)
    elif cls == "owner_only_name":
        want = wpick([("owner_shop", 70), ("household", 30)])
        sl, e = dup_entity(b, want)
        o = first_point(e, sl, habits=False)
        ow = e["owner"]
        if e["kind"] == "shop":
            tok = e["name"].split()[-1] if not ow["bo"] else None
            giv = ow["giv"]
            title = "Cô" if ow["g"] == "f" else R.choice(["Anh", "Chú"])
            tr_short = {"gas": "gas", "suaxe": "sửa xe", "toc": "tóc", "taphoa": "tạp hóa"}.get(e["trade"], "")
            opts = [giv, giv, f"{title} {giv}", full(ow), f"Nhà {R.choice(['chị', 'cô', 'bà']) if ow['g'] == 'f' else R.choice(['anh', 'ông'])} {giv}"]
            if tr_short:
                opts.append(f"{giv} {tr_short}")
            if ow["bo"] and ow["bo"] in e["name"]:
                opts = [f"{ow['bo']} {giv}", f"{'Cô' if ow['g'] == 'f' else 'Chú'} {ow['bo']}", full(ow)]
            nm = R.choice(opts)
        else:
            title = "ông" if ow["g"] == "m" else "bà"
            if full(ow) in o["name"]:
                nm = R.choice([f"Nhà {title} {ow['giv']}", f"{title.capitalize()} {ow['giv']}", f"Nhà {ow['giv']}"])
            else:
                nm = R.choice([full(ow), f"Nhà {title} {full(ow)}", f"Hộ {title} {full(ow)}"])
        c = copy_point(e, o, cls, nm)
        if R.random() < 0.5:
            o["name"], c["name"] = c["name"], o["name"]
        add_pair(o, c, cls)
    elif cls == "category_noise":
        want = wpick([("shop", 70), ("public", 15), ("household", 15)])
        sl, e = dup_entity(b, want)
        o = first_point(e, sl, habits=False)
        cat = "Khác" if R.random() < 0.55 else R.choice(RELATED.get(o["category"], ["Khác"]))
        nm = o["name"] if R.random() < 0.75 else typo(o["name"])
        c = copy_point(e, o, cls, nm, category=cat)
        if R.random() < 0.3:
            o["category"], c["category"] = c["category"], o["category"]
        add_pair(o, c, cls)
    elif cls == "resubmission":
        want = wpick([("shop", 50), ("household", 40), ("public", 10)])
        sl, e = dup_entity(b, want)
        o = first_point(e, sl, habits=True)
        nm = o["name"]
        r = R.random()
        if r < 0.25:
            nm = o["name"] + R.choice([" ", ".", ""])
        d = R.uniform(0.0, 0.6) if R.random() < 0.12 else R.uniform(0.6, 12)
        c = copy_point(e, o, cls, nm, same_collector=True, dist=d)
        if r > 0.8 and e["phone"] and not c["owner_phone"]:
            c["owner_phone"] = fmt_phone(e["phone"], "plain")
        add_pair(o, c, cls)
    elif cls == "other_duplicate":
        want = wpick([("numbered_shop", 40), ("numbered_hh", 25), ("owner_shop", 20), ("public", 15)])
        sl, e = dup_entity(b, want)
        o = first_point(e, sl, habits=False)
        nm = o["name"]
        ops = R.sample(["nomark", "caps", "typo", "drop", "abbr", "cat", "owner"], R.choice([2, 2, 3]))
        drop = False
        cat = None
        for op in ops:
            if op == "nomark":
                nm = strip_marks(nm)
            elif op == "caps":
                nm = nm.upper()
            elif op == "typo":
                nm = typo(nm)
            elif op == "drop":
                drop = True
            elif op == "abbr":
                nm = abbreviate(nm) or nm
            elif op == "cat":
                cat = "Khác"
            elif op == "owner" and e["owner"]:
                nm = e["owner"]["giv"] if "nomark" not in ops else strip_marks(e["owner"]["giv"])
        c = copy_point(e, o, cls, nm, drop_num=drop and bool(e["addr"].get("num")), category=cat)
        if "nomark" in ops and R.random() < 0.7:
            c["address"] = strip_marks(c["address"])
        add_pair(o, c, cls)
        if R.random() < 0.25:   # a third copy: the second collector re-sent it
            c2 = copy_point(e, c, cls, c["name"], same_collector=True, dist=R.uniform(0.5, 8))
            add_pair(c, c2, "resubmission")
            if math.hypot(c2["x"] - o["x"], c2["y"] - o["y"]) <= 40:
                add_pair(o, c2, cls)


def place_big(b, name_kind_big, setback=(25, 45), gate_jit=3.0, sl=None):
    """A public place with a frontage: returns (entity, gate xy, building xy, slot)."""
    kind, name, big = name_kind_big
    rows = ["main"] if b["area"] == "urban_hanoi" else ["roadL"]
    if sl is None:
        sl = free_slot(b, rows=rows, span=35, need_num=False,
                       pred=lambda s: abs(s["s"]) < (120 if b["area"] == "urban_hanoi" else 650))
    clear_frontage(b, sl, 22 if b["area"] == "urban_hanoi" else 30)
    e = public_entity(b, sl, kind, name, big)
    gx, gy = sl["x"] + R.gauss(0, gate_jit), sl["y"] + R.gauss(0, gate_jit)
    return e, sl


def scen_far_copy(b):
    pub = take_public(b, kinds=["gov", "health", "market", "religion", "school"], big=True)
    if pub is None:
        return False
    e, sl = place_big(b, pub)
    d = R.uniform(42, 78)
    # building behind the gate (along the slot's outward normal), with some sideways offset
    ang = math.atan2(sl["ny"], sl["nx"]) + R.uniform(-0.5, 0.5)
    gx, gy = sl["x"] + R.gauss(0, 2), sl["y"] + R.gauss(0, 2)
    bx, by = gx + d * math.cos(ang), gy + d * math.sin(ang)
    same = R.random() < 0.45
    o = first_point(e, sl, x=gx, y=gy, habits=False)
    nm = o["name"]
    r = R.random()
    if r < 0.2:
        nm = abbreviate(nm) or nm
    elif r < 0.3:
        nm = nm.upper()
    elif r < 0.4:
        nm = typo(nm)
    c = copy_point(e, o, "far_copy", nm, same_collector=same, dist=0)
    c["x"], c["y"] = bx, by
    c["lon"], c["lat"] = to_lonlat(e["area"], bx, by)
    if R.random() < 0.5:
        o["x"], o["y"], c["x"], c["y"] = c["x"], c["y"], o["x"], o["y"]
        o["lon"], o["lat"], c["lon"], c["lat"] = c["lon"], c["lat"], o["lon"], o["lat"]
    add_pair(o, c, "far_copy")
    return True


# ---------------------------------------------------------------------------
# Distinct scenarios
# ---------------------------------------------------------------------------
TONE_PAIRS = [("Lộc", "Lọc", "m"), ("Hùng", "Hưng", "m"), ("Mai", "Mại", "f"), ("Thủy", "Thúy", "f"),
              ("Tâm", "Tấm", "x"), ("Hòa", "Hoa", "f"), ("Thanh", "Thành", "m"), ("Hương", "Hường", "f"),
              ("Thọ", "Thơ", "x"), ("Hiền", "Hiển", "x"), ("Thu", "Thư", "f"), ("Lan", "Lân", "x"),
              ("Quyên", "Quyền", "x"), ("Hoan", "Hoàn", "m"), ("Đông", "Đồng", "m"), ("Nga", "Ngà", "f")]
FOLD_PAIRS_N = [("Phượng", "Phương"), ("Ánh", "Anh"), ("Phượng", "Phương"), ("Ánh", "Anh"), ("Nam", "Năm")]
FOLD_PAIRS_S = [("Hải", "Hai"), ("Bá", "Ba"), ("Tú", "Tư"), ("Năm", "Nam"), ("Tâm", "Tám"),
                ("Phượng", "Phương"), ("Ánh", "Anh")]
SHOP_CTX = ["taphoa", "com", "thuoc", "toc", "suaxe", "cafe", "may", "spa", "gas", "vpp"]


def two_places(b, same_building_p, rows=None, near=(4, 40)):
    """Two slots: the same building (0-7.5 m, one address) or neighbouring houses."""
    if R.random() < same_building_p:
        sl = free_slot(b, rows=rows or (["main"] if b["area"] == "urban_hanoi" else ["road"]))
        x1, y1 = sl["x"] + R.gauss(0, 1), sl["y"] + R.gauss(0, 1)
        x2, y2 = offset(x1, y1, 0.5, 7.5)
        return (sl, x1, y1), (sl, x2, y2), True
    for _ in range(50):
        sl = free_slot(b, rows=rows)
        o = free_slot_near(b, sl, *near, rows=rows)
        if o:
            break
        sl["used"] = False
    j = 1.5 if b["area"] == "urban_hanoi" else 2.5
    return (sl, sl["x"] + R.gauss(0, j), sl["y"] + R.gauss(0, j)), (o, o["x"] + R.gauss(0, j), o["y"] + R.gauss(0, j)), False


def emit_pair_entities(b, A, B, names, catkey, cls, kind="shop", trade=None, owners=(None, None)):
    (sa, xa, ya), (sb, xb, yb) = A, B
    if name_clash(b["area"], xa, ya, names[0]) or name_clash(b["area"], xb, yb, names[1]):
        sa["used"] = sb["used"] = False
        return False
    ea = new_entity(b, kind, names[0], catkey, addr=sa["addr"], owner=owners[0], trade=trade)
    eb = new_entity(b, kind, names[1], catkey, addr=sb["addr"], owner=owners[1], trade=trade)
    if sa is sb and R.random() < 0.6:
        eb["category"] = ea["category"]
    pa = first_point(ea, sa, x=xa, y=ya, habits=False)
    tb = sb["t"] + timedelta(minutes=R.randint(1, 4)) if sa is sb else None
    colb = sa["col"] if sa is sb and R.random() < 0.7 else None
    if colb is None and sa is sb:
        colb = other_collector(b, sa["col"])
        tb = later(sa["t"])
    pb = first_point(eb, sb, x=xb, y=yb, habits=False, col=colb, t=tb)
    if sa is sb and R.random() < 0.7:
        pb["address"] = pa["address"] if colb == sa["col"] else pb["address"]
    add_pair(pa, pb, cls)
    return pa, pb


def household_title(g):
    return "ông" if g == "m" else "bà"


def scen_tone_only(b):
    reg = region_of(b)
    a, c, g = R.choice(TONE_PAIRS)
    if R.random() < 0.65:
        trade = R.choice(SHOP_CTX)
        tmpl = R.choice(TRADES[trade][1] if reg == "north" else TRADES[trade][2])
        names = (tmpl.format(n=a), tmpl.format(n=c))
        A, B, same = two_places(b, 0.55)
        return emit_pair_entities(b, A, B, names, TRADES[trade][0], "tone_only", trade=trade)
    else:
        g = g if g != "x" else R.choice("mf")
        p1, p2 = person(reg, g), person(reg, g)
        p1["giv"], p2["giv"] = a, c
        if R.random() < 0.5:
            p2["sur"], p2["mid"] = p1["sur"], p1["mid"]
            names = (f"Nhà {household_title(g)} {full(p1)}", f"Nhà {household_title(g)} {full(p2)}")
            if R.random() < 0.4:
                names = (full(p1), full(p2))
        else:
            t = household_title(g)
            names = (f"Nhà {t} {a}", f"Nhà {t} {c}")
        A, B, same = two_places(b, 0.0, near=(4, 45))
        return emit_pair_entities(b, A, B, names, "household", "tone_only", kind="household", owners=(p1, p2))


def scen_name_folds(b):
    reg = region_of(b)
    a, c = R.choice(FOLD_PAIRS_N if reg == "north" else FOLD_PAIRS_S)
    if a in ("Phượng", "Phương", "Ánh", "Anh") or R.random() < 0.5:
        trade = R.choice(["toc", "taphoa", "spa", "may", "cafe", "com", "thuoc", "quanao"] if reg == "north"
                         else ["toc", "taphoa", "may", "cafe", "com", "thuoc"])
        tmpl = R.choice(TRADES[trade][1] if reg == "north" else TRADES[trade][2])
        if trade == "cafe" and R.random() < 0.5:
            tmpl = "Quán {n}"
        names = (tmpl.format(n=a), tmpl.format(n=c))
        A, B, same = two_places(b, 0.5)
        return emit_pair_entities(b, A, B, names, TRADES[trade][0], "name_folds_to_generic", trade=trade)
    else:
        ga = R.choice("mf") if a not in ("Bá", "Tú") else "m"
        gc = R.choice("mf")
        names = (f"Nhà {household_title(ga)} {a}", f"Nhà {household_title(gc)} {c}")
        A, B, same = two_places(b, 0.0, near=(4, 45))
        return emit_pair_entities(b, A, B, names, "household", "name_folds_to_generic", kind="household")


def scen_same_trade_building(b):
    reg = region_of(b)
    trade = R.choice(["thuoc", "toc", "suaxe", "gas", "vpp", "com", "taphoa", "quanao", "dienthoai", "spa", "cafe"]
                     if reg == "north" else ["thuoc", "toc", "suaxe", "gas", "taphoa", "vattu", "cafe", "com"])
    k = 3 if R.random() < 0.2 else 2
    toks = []
    owners = []
    while len(toks) < k:
        ow = person(reg)
        t = ow["giv"] if R.random() < 0.5 else R.choice(FANCY)
        if all(strip_marks(t) != strip_marks(x) for x in toks):
            toks.append(t)
            owners.append(ow)
    sl = free_slot(b, rows=["main"] if b["area"] == "urban_hanoi" else ["road"])
    cx, cy = sl["x"] + R.gauss(0, 1), sl["y"] + R.gauss(0, 1)
    names = [trade_name(trade, reg, tok) for tok in toks]
    if any(name_clash(b["area"], cx, cy, nm, radius=200) for nm in names):
        sl["used"] = False
        return False
    pts = []
    for nm, tok, ow in zip(names, toks, owners):
        e = new_entity(b, "shop", nm, TRADES[trade][0], addr=sl["addr"], owner=ow, trade=trade)
        x, y = offset(cx, cy, 0.2, 3.6)
        if not pts:
            p = first_point(e, sl, x=x, y=y, habits=False)
        else:
            same = R.random() < 0.7
            col = pts[0]["collector"] if same else other_collector(b, pts[0]["collector"])
            t = pts[-1]["t"] + timedelta(minutes=R.randint(1, 5)) if same else later(pts[0]["t"])
            p = first_point(e, sl, x=x, y=y, habits=False, col=col, t=t)
            if same:
                p["address"] = pts[0]["address"]
        pts.append(p)
    for i in range(len(pts)):
        for j in range(i + 1, len(pts)):
            add_pair(pts[i], pts[j], "same_trade_same_building")


def scen_numbered(b):
    reg = region_of(b)
    used = b.setdefault("used_names", set())
    if b["area"] == "urban_hanoi":
        kind = wpick([("nvh", 40), ("mn", 12), ("tro", 20), ("coso", 18), ("kiot", 10)])
    else:
        kind = wpick([("nvh_ap", 25), ("trambom", 25), ("losay", 20), ("diemtruong", 20), ("kiot", 10)])
    names, catkey, pair_slots = None, None, None
    if kind == "nvh":
        inv_names = {x[1] for x in b["inv"]}
        free = [k for k in b["tdp"] if f"tdp{k}" not in used and f"Nhà văn hóa tổ dân phố {k}" in inv_names]
        if len(free) < 2:
            kind = "tro"
        else:
            k1 = R.choice(free[:-1])
            k2 = R.choice([k for k in free if k > k1][:2])
            used.update({f"tdp{k1}", f"tdp{k2}"})
            st = R.choice(["Nhà văn hóa tổ dân phố {}", "Nhà văn hóa TDP {}", "Nhà văn hóa tổ dân phố số {}"])
            names, catkey = [st.format(k1), st.format(k2)], "culture"
            b["inv"] = [x for x in b["inv"] if x[1] not in (f"Nhà văn hóa tổ dân phố {k1}", f"Nhà văn hóa tổ dân phố {k2}")]
    if kind == "nvh_ap":
        ap1, ap2 = b["aps"]
        inv_names = {x[1] for x in b["inv"]}
        if "nvh" in used or f"Nhà văn hóa {ap1}" not in inv_names or f"Nhà văn hóa {ap2}" not in inv_names:
            kind = "trambom"
        else:
            used.add("nvh")
            names, catkey = [f"Nhà văn hóa {ap1}", f"Nhà văn hóa {ap2}"], "culture"
            b["inv"] = [x for x in b["inv"] if x[1] not in names]
            # at the border between the two hamlets
            cand = [s for s in b["slots"] if not s["used"] and not s["removed"] and abs(s["s"] - b["split"]) < 60]
            sa = R.choice([s for s in cand if s["s"] < b["split"]] or cand)
            sa["used"] = True
            sb = free_slot_near(b, sa, 30, 95) or free_slot_near(b, sa, 20, 98)
            if sa["addr"]["ap"] == ap2 and sb["addr"]["ap"] == ap1:
                names.reverse()
            pair_slots = (sa, sb)
    if names is None:
        if kind == "mn":
            base = R.choice(["Hoa Sen", "Hoa Sữa", "Tuổi Thơ", "Sao Mai", "Ban Mai", "Họa Mi", "Sơn Ca", "Hoa Mai"])
            if "mn" + base in used:
                base = base + " " + R.choice(["Xanh", "Việt"])
            used.add("mn" + base)
            names, catkey = [f"Trường Mầm non {base} cơ sở 1", f"Trường Mầm non {base} cơ sở 2"], "school"
        elif kind == "tro":
            base = R.choice(FANCY[:40])
            names, catkey = [f"Nhà trọ {base} {i}" for i in (1, 2)], "service"
            if R.random() < 0.3:
                names = [f"Nhà trọ {base} cơ sở {i}" for i in (1, 2)]
        elif kind == "coso":
            base = R.choice(["Lẩu dê " + R.choice(["Hoàng Long", "Minh Phát", "Tuấn Hưng"]),
                             "Bún chả " + R.choice(["Hương Liên", "Đắc Kim", "Thanh Hà"]),
                             "Phở " + R.choice(["Thìn", "Lâm", "Hùng"]),
                             "Mầm non tư thục " + R.choice(["Sao Sáng", "Bé Yêu"]),
                             "Trung tâm Anh ngữ " + R.choice(["Ocean", "Sunny", "Apollo Kids"])])
            names = [f"{base} cơ sở 1", f"{base} cơ sở 2"] if R.random() < 0.6 else [f"{base} 1", f"{base} 2"]
            catkey = "school" if ("non" in base or "Anh ngữ" in base) else "food"
        elif kind == "kiot":
            mk = f"chợ {b.get('ward') or b.get('commune')}"
            n1 = R.randint(1, 40)
            n2 = n1 + R.choice([1, 2, 2, 4])
            names, catkey = [f"Ki-ốt số {n1} {mk}", f"Ki ốt số {n2} {mk}"], "shop"
        elif kind == "trambom":
            ap = R.choice(b["aps"])
            n = sum(1 for u in used if u.startswith("tb" + ap + "#"))
            names, catkey = [f"Trạm bơm điện {ap} số {2 * n + i}" for i in (1, 2)], "gov"
            if n and R.random() < 0.5:
                names = [f"Trạm bơm {ap} số {2 * n + i}" for i in (1, 2)]
            used.add(f"tb{ap}#{n}")
        elif kind == "losay":
            ow = person("south")
            base = ow["giv"] if ow["giv"] in BIRTH_ORDER else f"{ow['bo'] or R.choice(BIRTH_ORDER)} {ow['giv']}"
            names, catkey = [f"Lò sấy lúa {base} {i}" for i in (1, 2)], "agri"
            if R.random() < 0.4:
                names = [f"Kho lúa {base} số {i}" for i in (1, 2)]
        elif kind == "diemtruong":
            sch = R.choice(["Trường Mầm non", "Trường Tiểu học"])
            com = b["commune"]
            ap1, ap2 = b["aps"]
            if ("dt" + sch) in used:
                sch = "Trường Tiểu học" if sch == "Trường Mầm non" else "Trường Mầm non"
            used.add("dt" + sch)
            names, catkey = [f"{sch} {com} - điểm {ap1}", f"{sch} {com} - điểm {ap2}"], "school"
    if pair_slots is None:
        d = (0.5, 8) if kind == "kiot" else (25, 95)
        for _ in range(50):
            sa = free_slot(b, rows=["main", "ngo"] if b["area"] == "urban_hanoi" else None)
            sb = free_slot_near(b, sa, *d)
            if sb:
                break
            sa["used"] = False
        pair_slots = (sa, sb)
    sa, sb = pair_slots
    if sb is None:
        sa["used"] = False
        return False
    k = 3 if kind in ("tro", "kiot") and R.random() < 0.25 else 2
    if k == 3:
        if kind == "kiot":
            names.append(f"Ki-ốt số {int(names[1].split()[3]) + 2} " + names[0].split(" ", 3)[3])
        else:
            names.append(re.sub(r"\d+$", lambda m: str(int(m.group()) + 1), names[1]))
        sc = free_slot_near(b, sb, *((0.5, 8) if kind == "kiot" else (20, 60)))
        if sc is None or math.hypot(sc["x"] - sa["x"], sc["y"] - sa["y"]) > 98:
            if sc:
                sc["used"] = False
            k = 2
            names = names[:2]
    slots = [sa, sb] + ([sc] if k == 3 else [])
    if any(name_clash(b["area"], s["x"], s["y"], nm, radius=200) for nm, s in zip(names, slots)):
        for s in slots:
            s["used"] = False
        return False
    pts = []
    for nm, s in zip(names, slots):
        e = new_entity(b, "public" if catkey in ("culture", "school", "gov") else "shop", nm, catkey, addr=s["addr"])
        if kind == "kiot":
            e["category"] = R.choice(["Cửa hàng", "Chợ", "Cửa hàng", "Ăn uống"])
        p = first_point(e, s, habits=False)
        pts.append(p)
    for i in range(len(pts)):
        for j in range(i + 1, len(pts)):
            if math.hypot(pts[i]["x"] - pts[j]["x"], pts[i]["y"] - pts[j]["y"]) <= 99:
                add_pair(pts[i], pts[j], "numbered_sibling")


def scen_neighbours(b):
    reg = region_of(b)
    r = R.random()
    if r < 0.55:
        # relatives next door: same surname and middle name (brothers), or birth-order brothers in the south
        p1 = person(reg, "m")
        p2 = dict(p1)
        while p2["giv"] == p1["giv"] or strip_marks(p2["giv"]) == strip_marks(p1["giv"]):
            p2["giv"] = wpick(GIVEN["m"])
        if reg == "south" and R.random() < 0.4:
            i = R.randrange(len(BIRTH_ORDER) - 1)
            names = (f"Nhà ông {BIRTH_ORDER[i]} {p1['giv']}", f"Nhà ông {BIRTH_ORDER[i + 1]} {p1['giv']}")
            if BIRTH_ORDER[i] in ("Hai",) or R.random() < 0.3:
                names = (f"Nhà ông {full(p1)}", f"Nhà ông {full(p2)}")
        else:
            st = R.choice(["Nhà ông {}", "Hộ ông {}", "{}", "Nhà ông {}"])
            names = (st.format(full(p1)), st.format(full(p2)))
        catkey, kind, trade = "household", "household", None
        rows = None
    elif r < 0.75:
        # same given name, different person (husband's name vs a woman of the same name)
        g = R.choice(["Bình", "Thanh", "Hòa", "Minh", "Ngọc", "Xuân", "Anh", "Tâm", "Hải", "Hồng"])
        p1, p2 = person(reg, "m"), person(reg, "f")
        p1["giv"] = p2["giv"] = g
        if R.random() < 0.5:
            p2["sur"] = p1["sur"]
        names = (f"Nhà ông {full(p1)}", f"Nhà bà {full(p2)}")
        if R.random() < 0.3:
            names = (full(p1), full(p2))
        catkey, kind, trade = "household", "household", None
        rows = None
    else:
        # shops sharing a word of a two-word name
        first = R.choice(["Minh", "Hồng", "Tuấn", "Thu", "Hoàng", "Ngọc", "Phúc", "Thanh", "Kim", "Bảo"])
        seconds = R.sample(["Anh", "Châu", "Phát", "Hưng", "Hà", "Long", "Lộc", "Ngân", "Thịnh", "Trang", "Linh", "Hải"], 2)
        trade = R.choice(SHOP_CTX)
        tmpl = R.choice(TRADES[trade][1] if reg == "north" else TRADES[trade][2])
        names = (tmpl.format(n=f"{first} {seconds[0]}"), tmpl.format(n=f"{first} {seconds[1]}"))
        catkey, kind = TRADES[trade][0], "shop"
        rows = ["main"] if b["area"] == "urban_hanoi" else ["road"]
        p1 = p2 = None
        A, B, same = two_places(b, 0.25, rows=rows, near=(4, 50))
        return emit_pair_entities(b, A, B, names, catkey, "neighbours_same_name_part", kind=kind, trade=trade)
        return
    A, B, same = two_places(b, 0.0, rows=rows, near=(4, 40))
    return emit_pair_entities(b, A, B, names, catkey, "neighbours_same_name_part", kind=kind, owners=(p1, p2))


def scen_school_complex(b):
    """Schools of different levels side by side; some also collected twice (gate and building)."""
    sch = [x for x in b["inv"] if x[0] == "school"]
    if len(sch) < 2:
        return False
    # schools of the same place name together
    R.shuffle(sch)
    sch = sorted(sch, key=lambda x: x[1].split()[-1])[:3] if len(sch) >= 3 and R.random() < 0.5 else sch[:2]
    for s in sch:
        b["inv"].remove(s)
    rows = ["main"] if b["area"] == "urban_hanoi" else ["roadL"]
    sl = free_slot(b, rows=rows, span=40 + 25 * len(sch),
                   pred=lambda s: abs(s["s"]) < (90 if b["area"] == "urban_hanoi" else 600))
    rowslots = sorted([o for o in b["slots"] if o["row"] == sl["row"]], key=lambda o: o["s"])
    allpts = []
    for i, s in enumerate(sch):
        target = sl["s"] + (i - (len(sch) - 1) / 2) * R.uniform(38, 48)
        gs = min(rowslots, key=lambda o: abs(o["s"] - target))
        gs["used"] = True
        clear_frontage(b, gs, 18)
        e = public_entity(b, gs, s[0], s[1], True)
        gx, gy = gs["x"] + R.gauss(0, 2), gs["y"] + R.gauss(0, 2)
        d = R.uniform(25, 40)
        bx, by = gx + gs["nx"] * d + R.gauss(0, 4), gy + gs["ny"] * d + R.gauss(0, 4)
        if R.random() < 0.65:
            o = first_point(e, gs, x=gx, y=gy, habits=False)
            nm = o["name"]
            rr = R.random()
            if rr < 0.3:
                nm = abbreviate(nm) or nm
            elif rr < 0.4:
                nm = nm.upper()
            # building point 42-78 m from the gate
            for _ in range(100):
                dd = R.uniform(42, 76)
                ang = math.atan2(gs["ny"], gs["nx"]) + R.uniform(-0.6, 0.6)
                bx, by = gx + dd * math.cos(ang), gy + dd * math.sin(ang)
                if all(math.hypot(bx - p["x"], by - p["y"]) <= 97 for p in allpts):
                    break
            c = copy_point(e, o, "far_copy", nm, same_collector=R.random() < 0.4, dist=0)
            c["x"], c["y"] = bx, by
            c["lon"], c["lat"] = to_lonlat(e["area"], bx, by)
            add_pair(o, c, "far_copy")
            mine = [o, c]
        else:
            x, y = (gx, gy) if R.random() < 0.5 else (bx, by)
            mine = [first_point(e, gs, x=x, y=y, habits=True)]
        for p in mine:
            for q in allpts:
                if 15 <= math.hypot(p["x"] - q["x"], p["y"] - q["y"]) <= 99:
                    add_pair(q, p, "different_level_school")
        allpts += mine
    return True


brand_sites = defaultdict(list)


def scen_chain(area, half):
    brand, variants, catkey = R.choice(CHAINS[area])
    bl = [b for b in blocks if b["area"] == area and b["half"] == half]
    k = 3 if R.random() < 0.2 else 2
    rows = ["main"] if area == "urban_hanoi" else ["road"]
    placed = []
    cross = area == "urban_hanoi" and R.random() < 0.5
    b0 = R.choice(bl)
    for i in range(k):
        for _ in range(300):
            if cross and i > 0:
                b = R.choice([x for x in bl if x is not b0] if i == 1 else bl)
            else:
                b = b0
            sl = free_slot(b, rows=rows)
            ok = all(110 <= math.hypot(sl["x"] - s["x"], sl["y"] - s["y"]) <= 1950 for s, _ in placed) and \
                all(math.hypot(sl["x"] - x, sl["y"] - y) >= 110 for x, y in brand_sites[(area, brand)])
            if ok:
                break
            sl["used"] = False
        else:
            break
        ctx = {"st": sl["addr"].get("street", ""), "ward": b.get("ward", ""), "ap": sl["addr"].get("ap", ""),
               "commune": b.get("commune", ""), "num": sl["addr"].get("num") or ""}
        nm = R.choice(variants).format(**ctx).replace("  ", " ").strip()
        e = new_entity(b, "chain", nm, catkey, addr=sl["addr"], code_p=0.35)
        p = first_point(e, sl, habits=False)
        placed.append((sl, p))
        brand_sites[(area, brand)].append((p["x"], p["y"]))
    for i in range(len(placed)):
        for j in range(i + 1, len(placed)):
            p, q = placed[i][1], placed[j][1]
            if 100 <= math.hypot(p["x"] - q["x"], p["y"] - q["y"]) <= 2000:
                add_pair(p, q, "same_chain_far")


# ---------------------------------------------------------------------------
# Background: every slot not used by a scenario gets an ordinary record
# ---------------------------------------------------------------------------
def fill_background():
    for b in blocks:
        # some leftover public places, collected once
        left = list(b["inv"])
        R.shuffle(left)
        for kind, name, big in left[:R.randint(2, 4)]:
            try:
                if big:
                    e, sl = place_big(b, (kind, name, big))
                    x, y = sl["x"] + sl["nx"] * R.uniform(0, 40), sl["y"] + sl["ny"] * R.uniform(0, 40)
                    first_point(e, sl, x=x, y=y)
                else:
                    sl = free_slot(b)
                    first_point(public_entity(b, sl, kind, name, big), sl)
            except RuntimeError:
                pass
        for sl in b["slots"]:
            if sl["used"] or sl["removed"]:
                continue
            sl["used"] = True
            for _ in range(25):
                e = make_ordinary(b, sl)
                k = name_key(e["name"])
                if GENERIC_RE.match(k) or not name_clash(b["area"], sl["x"], sl["y"], e["name"], radius=200):
                    break
                del entities[e["eid"]]
            first_point(e, sl)
            # several businesses in one building sharing one address (town main streets)
            if b["area"] == "urban_hanoi" and sl["row"].startswith("main") and R.random() < 0.06:
                e2 = make_shop(b, sl)
                while name_clash(b["area"], sl["x"], sl["y"], e2["name"], radius=200):
                    del entities[e2["eid"]]
                    e2 = make_shop(b, sl)
                x, y = offset(sl["x"], sl["y"], 0.5, 6)
                first_point(e2, sl, x=x, y=y, t=sl["t"] + timedelta(minutes=R.randint(1, 3)))


def scen_other_distinct(area, half, n):
    bg = [p for p in points if p["area"] == area and p["half"] == half and p.get("bg")]
    used = set()
    for a, c, _cls in pairs:
        used.add(a)
        used.add(c)
    R.shuffle(bg)
    done = 0
    for p in bg:
        if done >= n:
            break
        if p["idx"] in used:
            continue
        near = [q for q in bg if q is not p and q["idx"] not in used and q["entity"] != p["entity"]
                and 2 <= math.hypot(q["x"] - p["x"], q["y"] - p["y"]) <= (40 if area == "urban_hanoi" else 70)]
        if not near:
            continue
        q = min(near, key=lambda q: math.hypot(q["x"] - p["x"], q["y"] - p["y"])) if R.random() < 0.7 else R.choice(near)
        add_pair(p, q, "other_distinct")
        used.update({p["idx"], q["idx"]})
        done += 1


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------
PER_HALF = {  # instances per half and area (urban, mekong)
    "spelling": (13, 11), "no_marks": (12, 11), "abbreviation": (12, 11), "all_caps": (12, 11),
    "missing_house_number": (13, 11), "owner_only_name": (12, 12), "category_noise": (12, 11),
    "resubmission": (12, 11), "other_duplicate": (10, 9),
    "tone_only": (13, 11), "same_trade_same_building": (10, 9), "numbered_sibling": (11, 11),
    "neighbours_same_name_part": (12, 11), "name_folds_to_generic": (12, 12),
    "same_chain_far": (10, 11),
}


def run_scenario(cls, b, area, half):
    if cls in DUP_CLASSES or cls == "other_duplicate":
        return scen_dup(cls, b)
    if cls == "tone_only":
        return scen_tone_only(b)
    if cls == "name_folds_to_generic":
        return scen_name_folds(b)
    if cls == "same_trade_same_building":
        return scen_same_trade_building(b)
    if cls == "numbered_sibling":
        return scen_numbered(b)
    if cls == "neighbours_same_name_part":
        return scen_neighbours(b)
    if cls == "same_chain_far":
        return scen_chain(area, half)
    raise ValueError(cls)


def main():
    build_urban()
    build_mekong()
    schedule()
    for b in blocks:
        public_inventory(b)
    for half in ("tune", "report"):
        for ai, area in enumerate(("urban_hanoi", "mekong_rural")):
            bl = [b for b in blocks if b["area"] == area and b["half"] == half]
            # school complexes first (they need long frontages)
            for b in bl:
                scen_school_complex(b)
            n_far = 0
            for _ in range(60):
                if n_far >= (11 if area == "urban_hanoi" else 9):
                    break
                if scen_far_copy(R.choice(bl)):
                    n_far += 1
            for cls, ns in PER_HALF.items():
                for _ in range(ns[ai]):
                    for _try in range(5):   # a scenario returns False when its block has no room
                        if run_scenario(cls, R.choice(bl), area, half) is not False:
                            break
    nscen = len(points)
    fill_background()
    for p in points[nscen:]:
        p["bg"] = True
    for half in ("tune", "report"):
        scen_other_distinct("urban_hanoi", half, 13)
        scen_other_distinct("mekong_rural", half, 12)
    write_files()


def write_files():
    # shuffle ids so that id order says nothing about duplicates
    ids = list(range(100001, 100001 + len(points)))
    R.shuffle(ids)
    for p, i in zip(points, ids):
        p["id"] = i
    cols = ["id", "lon", "lat", "name", "category", "address", "digital_code", "collector", "collected_at",
            "owner_phone", "entity", "area", "half"]
    with open(os.path.join(HERE, "points.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for p in sorted(points, key=lambda p: p["id"]):
            row = dict(p)
            row["lon"] = f"{p['lon']:.7f}"
            row["lat"] = f"{p['lat']:.7f}"
            w.writerow([row[c] for c in cols])
    rows = []
    seen = set()
    for a, c, cls in pairs:
        pa, pc = points[a], points[c]
        key = tuple(sorted((pa["id"], pc["id"])))
        if key in seen:
            continue
        seen.add(key)
        assert pa["half"] == pc["half"]
        lab = 1 if pa["entity"] == pc["entity"] else 0
        rows.append((min(pa["id"], pc["id"]), max(pa["id"], pc["id"]), lab, cls, pa["half"]))
    rows.sort()
    with open(os.path.join(HERE, "pairs.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id_a", "id_b", "label", "class", "half"])
        w.writerows(rows)
    write_readme(rows)


def write_readme(rows):
    cnt = Counter((r[3], r[4]) for r in rows)
    area_n = Counter(p["area"] for p in points)
    area_half = Counter((p["area"], p["half"]) for p in points)
    lab = Counter((r[2], r[4]) for r in rows)
    ent_n = len({p["entity"] for p in points})
    dup_ents = Counter(p["entity"] for p in points)
    multi = sum(1 for v in dup_ents.values() if v > 1)
    with_code = sum(1 for p in points if p["digital_code"])
    with_phone = sum(1 for p in points if p["owner_phone"])
    nfd = sum(1 for p in points if unicodedata.normalize("NFC", p["name"]) != p["name"])
    table = ["| class | label | tune | report | total |", "|---|---|---:|---:|---:|"]
    for c in ALL_CLASSES:
        lb = 1 if c in DUP_CLASSES or c == "other_duplicate" else 0
        t, r = cnt[(c, "tune")], cnt[(c, "report")]
        table.append(f"| {c} | {lb} | {t} | {r} | {t + r} |")
    table.append(f"| **all** | | {lab[(0, 'tune')] + lab[(1, 'tune')]} | {lab[(0, 'report')] + lab[(1, 'report')]} | {len(rows)} |")
    table.append(f"| of which duplicates (label 1) | | {lab[(1, 'tune')]} | {lab[(1, 'report')]} | {lab[(1, 'tune')] + lab[(1, 'report')]} |")
    table.append(f"| of which distinct (label 0) | | {lab[(0, 'tune')]} | {lab[(0, 'report')]} | {lab[(0, 'tune')] + lab[(0, 'report')]} |")
    ptable = ["| area | tune | report | total |", "|---|---:|---:|---:|"]
    for a in ("urban_hanoi", "mekong_rural"):
        ptable.append(f"| {a} | {area_half[(a, 'tune')]} | {area_half[(a, 'report')]} | {area_n[a]} |")
    text = README_TEMPLATE.format(
        table="\n".join(table), ptable="\n".join(ptable), npoints=len(points), nent=ent_n, multi=multi,
        code=100.0 * with_code / len(points), phone=100.0 * with_phone / len(points), nfd=nfd)
    with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8") as f:
        f.write(text)


README_TEMPLATE = """# Duplicate-detection evaluation set (`dedupe_eval`)

An independent, labelled evaluation set for duplicate detection of address / POI points
collected in Vietnamese digital-address campaigns. It imitates two campaign areas and
contains hand-crafted hard cases (true duplicates written differently, and look-alike
places that are **not** the same), embedded in a realistic background of ordinary points.

**This file, `points.csv` and `pairs.csv` are written by `make_dedupe_eval.py`; do not edit
them by hand.** Re-run `python3 make_dedupe_eval.py` in this folder (deterministic, seed
{seed}), then `python3 check_dedupe_eval.py` to validate.

## How it was written

* Written by hand (lists of names, streets, hamlets, trades, chains, kinds of mistakes) and
  a small standard-library script, **independently of the project's matcher**: while writing
  it, the matcher (`duplicates.py`), its text normalisation and category code, the project's
  synthetic-data generator, its tests and its benchmark tool were not opened, `diachi_geo`
  was not imported, and the matcher was not run on this data. Nothing was tuned to any rule.
* The kinds of mistakes are those of phone collectors: typing without the Vietnamese
  keyboard (no marks, or Telex left-overs such as `Lôcj`), old/new tone placement
  (`hoà`/`hòa`, `Thuỷ`/`Thủy`), decomposed Unicode (NFD) from some keyboards ({nfd} names
  here are NFD), doubled/dropped/swapped letters, abbreviations (`UBND`, `THCS`, `TYT`,
  `NT`, `CH`, `VPP`, `P.`, `X.`, `12/56 Ngô Gia Tự`), names in capitals, a shop recorded by its
  owner's name only, the lazy category `Khác`, a missing house number, a re-submission
  minutes later, and a big place recorded once at the gate and once at the building.
* Name styles come from common knowledge of Vietnamese naming: family names with rough
  population shares (Nguyễn about 38 %, then Trần, Lê, Phạm, Hoàng/Huỳnh, Phan, Vũ/Võ,
  Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý, …, with Huỳnh/Võ/Trương/Lâm and a few Khmer family
  names such as Thạch, Kim, Danh in the delta), middle names (Văn, Thị, Hữu, Đức, Minh,
  Ngọc, Thanh …), given names with their tone marks, and in the delta the birth-order
  names (Hai, Ba, Tư, Năm, Sáu, Bảy, Út) used as nicknames ("Nhà ông Tư Hùng",
  "Tạp hóa Út Hiền"). Household names follow campaign habits ("Nhà ông Nguyễn Văn Hùng",
  "Hộ bà Trần Thị Lan", "Nguyễn Văn Hùng", "Nhà Hùng", sometimes just "Nhà dân").
* Streets are real street names of Long Biên, Hà Nội (Ngô Gia Tự, Đức Giang, Nguyễn Văn
  Cừ, Hoàng Như Tiếp, Nguyễn Sơn, Ngọc Lâm, Trường Lâm, Ngọc Thụy) with ward names as
  collectors still commonly write them (pre-2025 wards: Đức Giang, Thượng Thanh, Bồ Đề, Gia
  Thụy, Ngọc Lâm, Ngọc Thụy). Hamlet and commune names in the delta follow the style of Thới
  Lai, Cần Thơ (ấp Thới Thuận A, ấp Thới Hòa B, ấp Tân Lợi, ấp 1 … ấp 8; xã Thới Lai,
  Trường Xuân, Đông Thuận; roads ĐT922, ĐT919, lộ Bờ Bao). Schools, pagodas, temples
  and churches have real-style names; some coincide with real places, but **the
  geometry is invented** (blocks are laid out on a grid, not on the real streets), and all
  people, phone numbers and digital codes are fictitious (phone numbers are random digits
  after real mobile prefixes; codes are random `HN`/`CT` + 8–9 characters).
* Licence: CC0 1.0 (public-domain dedication); the project's own work.

## Files

* `points.csv` — {npoints} points, {nent} real places (entities), {multi} of them recorded more
  than once; {code:.0f} % of points carry a digital code and {phone:.0f} % an owner phone.
* `pairs.csv` — the labelled pairs (counts below).
* `make_dedupe_eval.py` — writes the three files. `check_dedupe_eval.py` — validates them and
  prints the counts table.

### `points.csv` columns

| column | meaning |
|---|---|
| `id` | unique integer (shuffled: id order says nothing about duplicates) |
| `lon`, `lat` | WGS 84, 7 decimals (a GPS reading, with phone-GPS error) |
| `name`, `category`, `address` | as typed by the collector (category is the app's Vietnamese category, with noise) |
| `digital_code` | digital address code when the collector entered it; one code per real place; copies often lack it |
| `collector`, `collected_at` | collector account and local time `YYYY-MM-DDTHH:MM:SS` (campaign 2026-09-07 … 2026-10-10) |
| `owner_phone` | owner's mobile in mixed formats (`0912 345 678`, `+84912345678`, `0912.345.678`, `0912345678`), fictitious |
| `entity` | **ground truth**: same value = same real place. Complete: every point has one, and two points are duplicates exactly when their entities are equal |
| `area` | `urban_hanoi` or `mekong_rural` |
| `half` | `tune` or `report` (see below) |

A matcher under test must of course not read `entity` (nor `half`, except to select a half).

### `pairs.csv` columns

`id_a,id_b,label,class,half` — `label` 1 = duplicate (same entity), 0 = distinct; `class` = the kind
of pair (below). Every labelled pair lies within 100 m, except `same_chain_far` (100–2000 m).
Pairs not listed are still labelled implicitly by `entity` (for recall over all close pairs).

## Classes

Duplicates (label 1):

* `spelling` — typos (dropped, doubled, swapped, neighbouring key), Telex left-overs, one mark lost,
  old/new tone placement, NFD-encoded names, extra spaces or punctuation, all lower case.
* `no_marks` — one copy typed without any diacritics (often the address too).
* `abbreviation` — UBND/Ủy ban nhân dân, THCS/Trường Trung học cơ sở, TH, MN, TYT, NT, CH, VPP,
  NVH, BĐVHX, HTX, ĐL gas, P./phường, X./xã; for households the address instead
  (`Số 12 ngõ 56 đường …` vs `12/56 …`, `ngách 56/12`, `P.` / `X.`).
* `all_caps` — one copy in capitals (sometimes the address too).
* `missing_house_number` — one copy's address lacks the house number.
* `owner_only_name` — one copy named only by the owner ("Hòa" / "Cô Hòa" / "Nguyễn Thị Hòa" vs
  "Đại lý gas Hòa"; "Nhà ông Tư" vs "Nguyễn Văn Tư").
* `category_noise` — one copy's category is `Khác` or a related category.
* `resubmission` — same collector, 1–18 minutes later, nearly identical, 0–12 m apart.
* `far_copy` — a big public place (school, UBND, market, pagoda, church, clinic, police)
  recorded at the gate and at the building, 40–80 m apart.
* `other_duplicate` — two or three noises mixed (no marks + missing number, capitals +
  abbreviation, owner name + `Khác` …), plus the odd third copy.

Distinct places (label 0):

* `tone_only` — names differing only in tone/vowel marks, both written with marks, either in
  one building with one address (0–8 m) or next door ("Tạp hóa Lộc"/"Tạp hóa Lọc",
  "Nhà ông Nguyễn Văn Hùng"/"Nhà ông Nguyễn Văn Hưng", "Tiệm tóc Thủy"/"Tiệm tóc Thúy").
* `same_trade_same_building` — two or three shops of one trade in one building, one address, 0–8 m.
* `numbered_sibling` — "Nhà văn hóa tổ dân phố 3"/"… 5", "Nhà văn hóa ấp 3"/"ấp 4",
  "Trường Mầm non Hoa Sen cơ sở 1"/"cơ sở 2", "Nhà trọ … 1"/"2", pumping stations, kiosks of a
  market, school sites "điểm ấp 1"/"điểm ấp 2"; within 100 m.
* `same_chain_far` — two branches of one chain (Long Châu, Pharmacity, Circle K, WinMart+,
  Viettel Post, Highlands, Bách hóa Xanh, Điện máy Xanh, Agribank …), 100–2000 m apart, same half.
* `neighbours_same_name_part` — neighbours sharing a family + middle name (brothers next door),
  a given name (ông/bà of the same given name), a birth-order nickname, or one word of a
  two-word shop name ("Tạp hóa Minh Anh"/"Tạp hóa Minh Châu").
* `different_level_school` — schools of different levels with one place name side by side
  ("Trường Tiểu học Đức Giang"/"Trường THCS Đức Giang"), including their gate/building copies.
* `name_folds_to_generic` — names that become generic words once marks are stripped:
  Phượng/Phương (`phuong` = ward), Ánh/Anh, and in the delta the birth-order names Hai/Hải,
  Ba/Bá, Tư/Tú, Năm/Nam, Tám/Tâm (`hai`, `ba`, `tu`, `nam`, `tam` are also numbers).
* `other_distinct` — ordinary neighbouring points (2–40 m in town, 2–70 m in the country).

## Counts (computed by the script)

{table}

Points per area and half:

{ptable}

## Halves

Each area is laid out as separate blocks: in town a 300 m street segment with its ngõ and
ngách, in the delta a 1.4 km road-and-canal section spanning two hamlets. Blocks sit on a
grid (900 m cells in town, 2 km in the delta) and are given to `tune` or `report` in a
checkerboard; every point of a block, and so every pair, belongs to its block's half.
Blocks of different halves are more than 200 m apart (checked), so no pair within 100 m can
cross halves. `same_chain_far` pairs join branches in one block or in two blocks of the same half.
Tune thresholds on `tune`; report numbers on `report` only.

## Caveats

* The block layout is schematic: straight streets with perpendicular lanes, gently curving
  canal roads, and empty gaps between blocks. Distances between points are realistic; the
  street network is not.
* Look-alike cases are much denser than in a real campaign (that is the point of the set):
  precision measured on all close pairs of this set is pessimistic compared with a real one.
* Some hard cases are rare in reality (two grocers named Lộc and Lọc in one building).
* Ordinary points never repeat a non-generic name of another place within 200 m, but generic
  household names (`Nhà dân`, `Nhà riêng`, `Nhà ông Nam`, `Nhà bà Trang`) do repeat among
  neighbours, as in real campaigns; such pairs are distinct by `entity` and not listed in
  `pairs.csv`.
* Ward names are the pre-2025 ones that collectors still write; after the 2025 reorganisation
  several of these wards were merged. Phone numbers are random digits after real mobile
  prefixes: they are not anyone's known number, but a random number can exist.
* Background points are all different places: every duplicate in the set belongs to a
  labelled pair (all same-entity pairs are listed in `pairs.csv`).
* Background point density and word frequencies imitate a campaign, but shop mixes and
  the share of public places are rough guesses.
"""
README_TEMPLATE = README_TEMPLATE.replace("{seed}", str(SEED))

if __name__ == "__main__":
    main()
