"""The words of a generated campaign: commune, street, hamlet and people's names, public
places, and the ways collectors misspell them.
"""
from __future__ import annotations

import numpy as np

from ..text import fold

__all__ = ["PREFIXES", "SUFFIXES", "STREETS", "HAMLETS", "FAMILY", "MIDDLE", "GIVEN",
           "SHOP_KINDS", "PUBLIC", "variant", "digital_code"]

PREFIXES = ["Thiệu", "Hoằng", "Quảng", "Đông", "Yên", "Thọ", "Nga", "Hà", "Vĩnh", "Triệu",
            "Nông", "Thạch", "Cẩm", "Ngọc", "Như", "Tĩnh", "Hậu", "Định", "Xuân", "Thiết"]
SUFFIXES = ["Đô", "Trung", "Vận", "Giang", "Hưng", "Phú", "Lộc", "Thành", "An", "Hòa", "Tân",
            "Long", "Minh", "Sơn", "Thịnh", "Khánh", "Lợi", "Phúc", "Quang", "Tiến", "Đức",
            "Thủy", "Hải", "Nguyên", "Châu"]
STREETS = ["Lê Lợi", "Trần Phú", "Nguyễn Trãi", "Quang Trung", "Hàm Nghi", "Bà Triệu",
           "Lý Thường Kiệt", "Hai Bà Trưng", "Phan Chu Trinh", "Nguyễn Du", "Lê Hoàn",
           "Đào Duy Từ", "Tống Duy Tân", "Hạc Thành", "Lam Sơn", "Triệu Quốc Đạt"]
HAMLETS = ["Đông", "Nam", "Bắc", "Trung", "Phú Lộc", "Yên Lạc", "Đồng Tâm", "Kim Sơn",
           "Tân Phong", "Hòa Bình", "Quyết Thắng", "Thành Công"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Linh",
         "Long", "Mai", "Nam", "Nga", "Phương", "Quân", "Sơn", "Thảo", "Trang", "Tuấn",
         "Yến", "Hạnh", "Thủy"]
SHOP_KINDS = ["Tạp hóa", "Cửa hàng điện thoại", "Quán cà phê", "Tiệm may", "Cửa hàng vật liệu",
              "Quán phở", "Hiệu thuốc", "Sửa xe máy"]
# (category as collectors write it, building type, names for the public ones)
PUBLIC = [
    ("Cơ quan hành chính", "office", "UBND xã {commune}"),
    ("Trường học", "school", "Trường THCS {commune}"),
    ("Trường học", "school", "Trường Tiểu học {commune}"),
    ("Trường học", "school", "Trường Mầm non {commune}"),
    ("Y tế", "clinic", "Trạm y tế xã {commune}"),
    ("Tôn giáo", "pagoda", "Chùa {hamlet}"),
    ("Chợ", "market", "Chợ {commune}"),
    ("Bưu điện", "post_office", "Bưu điện văn hóa xã {commune}"),
]


def variant(name: str, rng: np.random.Generator) -> str:
    """Another collector's spelling of ``name``."""
    swaps = [("Trường Trung học cơ sở", "THCS"), ("Trường THCS", "Trường trung học cơ sở"),
             ("UBND", "Uỷ ban nhân dân"), ("Trường Tiểu học", "TH"), ("Trạm y tế", "TYT"),
             ("Nhà ông", "Nhà ô."), ("Nhà bà", "Hộ bà"), ("Tạp hóa", "Tạp hoá"),
             ("Bưu điện văn hóa xã", "BĐVH xã"), ("Trường Mầm non", "MN")]
    for old, new in swaps:
        if old in name and rng.random() < 0.8:
            name = name.replace(old, new)
            break
    choice = rng.random()
    if choice < 0.35:
        return fold(name).title()        # typed without accents
    if choice < 0.5:
        return name.upper()
    return name


def digital_code(rng: np.random.Generator, commune_code: str) -> str:
    """A random digital address code of the commune (``TH`` + its last 3 digits + 6)."""
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "TH" + commune_code[-3:] + "".join(rng.choice(list(letters), 6))

