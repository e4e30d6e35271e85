"""The head of a Vietnamese address as duplicate detection compares it: the house number,
the lane path (ngõ, ngách, hẻm), the street and the hamlet.

Collectors write one house many ways: "Số 3 ngách 19 ngõ 469 đường Ngọc Thụy", "3 ngách
469/19 Ngọc Thụy", "11/340 Ngô Gia Tự" (house 11 in lane 340), "55 ĐT922, Ấp Thới Thuận B"
and "Số 55, ấp Thới Thuận B". Each becomes one :class:`AddressKey`, and two keys are
compared by :func:`compare_addresses`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ...text import match_key, nfc

__all__ = ["AddressKey", "address_key", "compare_addresses", "leading_house_numbers"]

_SEPARATORS = re.compile(r"[,;]| - ")
_NUMBER = re.compile(r"^\d+[a-z]?(?:/\d+[a-z]?)*$")
_LANES = {"ngo", "ngach", "hem", "kiet", "hep"}
_STREET_WORDS = {"duong", "pho"}
_HAMLETS = ("thon ", "xom ", "ban ", "ap ", "to dan pho ", "khu pho ", "khom ", "buon ",
            "plei ", "soc ", "khu ")
_GROUP = re.compile(r"^(?:to|doi) \d+[a-z]?$")
"""A group inside a hamlet ("Tổ 2, ấp Thới Hòa A"): collectors name it or not."""
_UNITS = ("xa ", "phuong ", "thi tran ", "huyen ", "quan ", "thi xa ", "thanh pho ",
          "tinh ", "tp ", "dac khu ")


@dataclass(frozen=True)
class AddressKey:
    """An address read into its parts: house number, lanes, street and hamlet."""

    house: str | None
    lanes: tuple[str, ...]
    """Lane numbers from the street inwards: ngõ 469, ngách 19 -> ("469", "19")."""
    street: str | None
    hamlet: str | None


@lru_cache(maxsize=131072)
def address_key(address: str | None) -> AddressKey:
    """The head of an address.

    Examples
    --------
    >>> address_key("Số 3 ngách 19 ngõ 469 đường Ngọc Thụy, P. Ngọc Thụy")
    AddressKey(house='3', lanes=('469', '19'), street='ngoc thuy', hamlet=None)
    >>> address_key("3 ngách 469/19 Ngọc Thụy") == address_key("Số 3 ngách 19 ngõ 469 Ngọc Thụy")
    True
    >>> address_key("11/340 Ngô Gia Tự")
    AddressKey(house='11', lanes=('340',), street='ngo gia tu', hamlet=None)
    >>> address_key("55 ĐT922, Ấp Thới Thuận B, X. Thới Lai")
    AddressKey(house='55', lanes=(), street='dt922', hamlet='ap thoi thuan b')
    >>> address_key("5, Đội Cấn, Ba Đình").street, address_key("Số 12 Xã Đàn").street
    ('doi can', 'xa dan')
    """
    if address is None or not isinstance(address, str):
        return AddressKey(None, (), None, None)
    house: str | None = None
    lanes: list[tuple[int, str]] = []     # (depth: 0 ngõ, 1 ngách, path order)
    street: str | None = None
    hamlet: str | None = None
    for index, segment in enumerate(_SEPARATORS.split(nfc(address))):
        key = match_key(segment) if index == 0 else _segment_key(segment)
        if not key:
            continue
        if key.startswith(_UNITS) and index > 0:
            break
        if key.startswith(_HAMLETS):
            hamlet = hamlet or key
            continue
        if _GROUP.match(key):          # "Tổ 2", not "Tô Hiến Thành" or "Đội Cấn"
            continue
        words = key.split()
        i = 0
        if words and words[0] == "so":
            i = 2 if words[1:2] == ["nha"] else 1
        while i < len(words):
            word = words[i]
            if _NUMBER.match(word) and house is None and not lanes and street is None:
                parts = word.split("/")
                house = parts[0]
                lanes.extend((0, p) for p in parts[1:])   # 11/340: house 11 in lane 340
                i += 1
            elif word in _LANES and i + 1 < len(words) and _NUMBER.match(words[i + 1]):
                depth = 1 if word == "ngach" else 0
                parts = words[i + 1].split("/")
                lanes.extend((depth, p) for p in parts)
                i += 2
            elif word in _STREET_WORDS:
                i += 1
            else:
                rest = " ".join(words[i:])
                # after a house number anything is a street ("Số 12 Xã Đàn"); alone, a
                # segment may be the commune
                if street is None and (house or not rest.startswith(_UNITS)):
                    street = rest
                break
    # ngõ before ngách: "ngách 19 ngõ 469" and "ngõ 469 ngách 19" are one path
    ordered = tuple(p for _, p in sorted(lanes, key=lambda x: x[0])) if \
        len({d for d, _ in lanes}) > 1 else tuple(p for _, p in lanes)
    return AddressKey(house, ordered, street, hamlet)


@lru_cache(maxsize=65536)
def _segment_key(segment: str) -> str:
    """Match key of a later segment: "ấp Thới Thuận B" comes back for every house (the
    first segment, with the house number, rarely repeats and is not cached)."""
    return match_key(segment)


_LEADING_NUMBER = re.compile(
    r"^\s*(?:s[oôốồổỗộóòỏõọ]\s*(?:nh[aàáảãạ]\s+)?|sn\s*)?(\d+[a-z]?)(?=[\s/,;]|$)")


def leading_house_numbers(addresses: np.ndarray) -> list[str | None]:
    """The house number each address starts with, read quickly ("Số 12 ...", "12/3 ...",
    "sn 5, ..."); None where it does not start with one. Where this finds a number,
    :func:`address_key` finds the same; it lets pairs with two different numbers be set
    aside before their addresses are read.

    Examples
    --------
    >>> leading_house_numbers(np.array(["Số nhà 12 Lê Lợi", "12/3 Lê Lợi", "ngõ 5", None]))
    ['12', '12', None, None]
    """
    # the number is at the start: the first 24 characters are enough to look at
    texts = [a[:24].replace("\n", " ") if isinstance(a, str) else ""
             for a in np.asarray(addresses).tolist()]
    lowered = unicodedata.normalize("NFC", "\n".join(texts)).lower().split("\n")
    match = _LEADING_NUMBER.match
    return [m.group(1) if (m := match(t)) else None for t in lowered]


SAME, DIFFERENT, MISSING = 0, 1, 2


def compare_addresses(a: AddressKey, b: AddressKey) -> tuple[int, int]:
    """(house number, street) agreement of two address heads: 0 same, 1 different,
    2 unknown (one or both missing).

    A lane path that continues the other ("ngõ 216 Nguyễn Văn Cừ" against "Nguyễn Văn
    Cừ") is the same street, but then the numbers are counted from different places:
    house 26 of lane 216 is not house 236 of the street.

    Examples
    --------
    >>> compare_addresses(address_key("Số 26 ngõ 216 Nguyễn Văn Cừ"),
    ...                   address_key("Số 236 đường Nguyễn Văn Cừ"))
    (1, 0)
    >>> compare_addresses(address_key("ngõ 56 đường Ngô Gia Tự"),
    ...                   address_key("Số 127 ngõ 56 Ngô Gia Tự"))
    (2, 0)
    >>> compare_addresses(address_key("Số 55, ấp Thới Thuận B"),
    ...                   address_key("55 ĐT922, Ấp Thới Thuận B"))
    (0, 0)
    """
    street = MISSING
    if a.street and b.street:
        street = SAME if a.street == b.street else DIFFERENT
    if street != DIFFERENT and a.hamlet and b.hamlet:
        street = SAME if a.hamlet == b.hamlet else DIFFERENT
    if street == DIFFERENT:
        return MISSING, DIFFERENT
    if a.lanes != b.lanes:
        shorter, longer = sorted((a.lanes, b.lanes), key=len)
        if longer[:len(shorter)] != shorter:
            return MISSING, DIFFERENT          # lane 216 and lane 218 of one street
    if not a.house or not b.house:
        return MISSING, street
    if a.lanes != b.lanes:
        return DIFFERENT, street
    return (SAME if a.house == b.house else DIFFERENT), street
