"""Commune names as people write them: the commune part of a detailed address, the unit
type (xã, phường, thị trấn, đặc khu and their abbreviations X., P., TT.) and the keys two
names are compared by.

Tone marks carry meaning ("Đông Hòa" and "Đồng Hòa" are two communes), so a name written
with marks is compared with its marks (old- and new-style tone placement agree: "Hoà" =
"Hòa"); only a name typed without any marks is compared folded ("Thua Duc" = "Thừa Đức").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .text import fold, nfc

__all__ = ["CommuneName", "parse_commune_name", "address_commune", "address_province",
           "province_key", "KINDS"]

KINDS = ("xa", "phuong", "thi tran", "dac khu")
"""The commune-level unit types, folded (the 2025 units have xã, phường and đặc khu; the
older ones thị trấn too)."""

# prefix as written (lower case) -> kind; longest first. The full words count only with
# their marks, unless the whole text has none ("Xa lộ Hà Nội" is a street, not a xã)
_PREFIXES = (
    ("thị trấn", "thi tran"), ("đặc khu", "dac khu"), ("phường", "phuong"), ("xã", "xa"),
    ("tt", "thi tran"), ("dk", "dac khu"), ("p", "phuong"), ("x", "xa"),
)
_FOLDED_PREFIXES = tuple((fold(p), k) for p, k in _PREFIXES[:4])
_ABBREVIATED = frozenset({"tt", "dk", "p", "x"})
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class CommuneName:
    """A commune name split into its unit type and its name, with the comparison keys."""

    kind: str
    """One of :data:`KINDS`, or "" when the text names no type."""
    name: str
    """The name without its type, as written (NFC)."""
    key: str
    """The name with its marks, tone placement made irrelevant (see :func:`_tone_key`)."""
    folded: str
    """The name without marks."""
    marked: bool
    """Whether the name carries any marks (then compare ``key``, else ``folded``)."""


@lru_cache(maxsize=65536)
def parse_commune_name(text: str | None, *, need_kind: bool = False) -> CommuneName | None:
    """Split a commune name ("Xã Thừa Đức", "X. Thua Duc", "P.12", "Thừa Đức").

    With ``need_kind`` a text that names no unit type gives None (an address segment
    without "xã"/"phường"... is not taken for a commune).

    Examples
    --------
    >>> n = parse_commune_name("X. Thừa Đức")
    >>> n.kind, n.name, n.marked
    ('xa', 'Thừa Đức', True)
    >>> parse_commune_name("xa thua duc").folded, parse_commune_name("Phường 07").key
    ('thua duc', '7')
    >>> parse_commune_name("Hoà Bình").key == parse_commune_name("Hòa Bình").key
    True
    >>> parse_commune_name("Đông Hòa").key == parse_commune_name("Đồng Hòa").key
    False
    >>> parse_commune_name("thôn Kim Sơn", need_kind=True) is None
    True
    """
    text = nfc(text)
    if not text:
        return None
    lower = text.lower()
    marked = fold(text) != lower
    kind, rest = "", text
    for prefix, name in _PREFIXES if marked else _PREFIXES + _FOLDED_PREFIXES:
        if lower.startswith(prefix):
            after = lower[len(prefix):len(prefix) + 1]
            # "x. ", "x.", "p12", "xã " - not "xuân", "phú", "tân"
            if after in (" ", ".") or (prefix in _ABBREVIATED and after.isdigit()):
                kind, rest = name, text[len(prefix):].lstrip(" .")
                break
    if need_kind and not kind:
        return None
    words = _WORD.findall(rest)
    if not words:
        return None
    words = [w.lstrip("0") or "0" if w.isdigit() else w for w in words]
    bare = " ".join(words)
    key = " ".join(_tone_key(w) for w in bare.lower().split())
    plain = fold(bare)
    return CommuneName(kind, bare, key, plain, plain != bare.lower())


def _tone_key(word: str) -> str:
    """A word with its tone mark moved to the end, so "hoà" and "hòa" are one key."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONES]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return base + "".join(tones)


_SEPARATOR = re.compile(r"[,;\n]")
# the units above a commune, when an address runs on without a comma ("xã Thừa Đức huyện
# Thiệu Hóa"): written with marks, or without (only in text that has none)
_ABOVE = re.compile(r"\s+(?:huyện|quận|thị xã|thành phố|tỉnh|tp\.|q\.|h\.|tx\.)\s", re.I)
_ABOVE_PLAIN = re.compile(r"\s+(?:huyen|quan|thi xa|thanh pho|tinh|tp\.|q\.|h\.|tx\.)\s",
                          re.I)


def address_commune(address: str | None) -> str:
    """The commune part of a detailed address, as written ("" when it names none).

    The first segment (after the first: the house and street) that starts with a commune
    type is taken ("xã Thừa Đức", "P. Đức Giang", "TT. Thiệu Hóa", "Đặc khu Phú Quốc").

    Examples
    --------
    >>> address_commune("Số 5, thôn Kim Sơn, xã Thiệu Đô, tỉnh Thanh Hóa")
    'xã Thiệu Đô'
    >>> address_commune("12 Ngô Gia Tự, P.Đức Giang, Long Biên, Hà Nội")
    'P.Đức Giang'
    >>> address_commune("Số 3 đường Xuân Thủy, Cầu Giấy")
    ''
    >>> address_commune("Số 5, phố Huế, P. Văn Miếu - Quốc Tử Giám, Hà Nội")
    'P. Văn Miếu - Quốc Tử Giám'
    >>> address_commune("Số 5 - thôn Đông - xã Thiệu Đô - huyện Thiệu Hóa")
    'xã Thiệu Đô'
    >>> address_commune("Số 5, thôn Đông xã Thiệu Đô huyện Thiệu Hóa tỉnh Thanh Hóa")
    'xã Thiệu Đô'
    """
    if not address or not isinstance(address, str):
        return ""
    # what follows the house and street repeats from house to house: parsed once
    cut = _FIRST.search(address)
    if cut is None:
        head, sep, rest = address.partition(" - ")    # "Số 5 - thôn A - xã B - huyện C"
        return _commune_in(rest, " - ") if sep else ""
    return _commune_in(address[cut.end():], ",")


_FIRST = re.compile(r"[,;\n]")


@lru_cache(maxsize=65536)
def _commune_in(rest: str, separator: str) -> str:
    """The first segment of ``rest`` (the address after its first segment) that names a
    commune."""
    segments = _SEPARATOR.split(rest) if separator == "," else rest.split(" - ")
    for segment in segments:
        # "thôn A - xã B", but a dash also joins names ("Phường Văn Miếu - Quốc Tử Giám")
        parts = segment.split(" - ")
        for at in range(len(parts)):
            text = " - ".join(parts[at:]).strip()
            if text and parse_commune_name(text, need_kind=True) is not None:
                return _cut_above(text)
        found = _INSIDE.search(segment)       # "thôn Đông xã Thiệu Đô"
        if found and parse_commune_name(segment[found.start():].strip(), need_kind=True):
            return _cut_above(segment[found.start():].strip())
    return ""


_INSIDE = re.compile(r"(?<=\s)(?:xã|phường|thị trấn|đặc khu|X\.|P\.|TT\.)\s*(?=\w)", re.I)


def _cut_above(text: str) -> str:
    """``text`` up to the district or province that follows the commune, if any."""
    above = (_ABOVE if fold(text) != text.lower() else _ABOVE_PLAIN).search(text)
    return text[:above.start()] if above else text


_PROVINCE_PREFIXES = ("thanh pho ", "tinh ", "tp. ", "tp.", "tp ", "t. ")


@lru_cache(maxsize=4096)
def province_key(name: str | None) -> str:
    """A province name without its type, folded (provinces have unique names).

    Examples
    --------
    >>> province_key("Tỉnh Thanh Hoá") == province_key("thanh hóa") == "thanh hoa"
    True
    >>> province_key("TP. Hồ Chí Minh")
    'ho chi minh'
    """
    folded = " ".join(fold(name).replace("-", " ").split())
    for prefix in _PROVINCE_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix):].strip()
    return folded


def address_province(address: str | None) -> str:
    """The last segment of a detailed address, as a :func:`province_key` ("" when the
    address has a single segment): where a Vietnamese address names its province.

    Examples
    --------
    >>> address_province("Số 5, thôn Kim Sơn, xã Thiệu Đô, tỉnh Thanh Hóa")
    'thanh hoa'
    """
    if not address or not isinstance(address, str):
        return ""
    at = address.rfind(",")
    return province_key(address[at + 1:]) if at > 0 else ""
