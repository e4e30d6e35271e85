"""Vietnamese text normalisation for matching and display.

Names and addresses arrive in NFC or NFD, with or without diacritics, with old-style
(``hoà``) or new-style (``hòa``) tone placement and with the abbreviations collectors use
(``UBND``, ``THCS``, ``Tp.``, ``sn``...). :func:`match_key` turns all of them into one
comparable form; :func:`parse_address` splits a detailed address into its parts.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = [
    "nfc", "fold", "accented_word", "split_words", "match_key", "expand_abbreviations", "is_blank",
    "blank_mask", "AddressParts", "parse_address",
]

_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w/\s-]+|(?<!\d)[-/]|[-/](?!\d)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

# Abbreviations as collectors write them, already folded (lower case, no diacritics,
# no dots). Values are the folded full forms.
ABBREVIATIONS: dict[str, str] = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "thcs": "truong trung hoc co so",
    "thpt": "truong trung hoc pho thong",
    "ptth": "truong trung hoc pho thong",
    "bv": "benh vien",
    "bvdk": "benh vien da khoa",
    "tyt": "tram y te",
    "pk": "phong kham",
    "pkdk": "phong kham da khoa",
    "htx": "hop tac xa",
    "cty": "cong ty",
    "ctcp": "cong ty co phan",
    "tnhh": "trach nhiem huu han",
    "ch": "cua hang",
    "bd": "buu dien",
    "tp": "thanh pho",
    "tx": "thi xa",
    "tt": "thi tran",
    "q": "quan",
    "p": "phuong",
    "h": "huyen",
    "x": "xa",
    "sn": "so",
    "d": "duong",
    "dg": "duong",
    "hem": "ngo",
    "kiet": "ngo",
    "tdp": "to dan pho",
    "kp": "khu pho",
}
# Only meaningful as the first word of a name: "TH Kim Đồng" is a primary school, but
# "th" elsewhere is too ambiguous to expand.
LEADING_ABBREVIATIONS: dict[str, str] = {
    "th": "truong tieu hoc",
    "mn": "truong mam non",
    "mg": "truong mau giao",
}


_ABBREVIATION_KEYS = frozenset(ABBREVIATIONS)


def nfc(text: str | None) -> str:
    r"""Return ``text`` in Unicode NFC with control characters removed and spaces folded.

    Examples
    --------
    >>> nfc("Ho\u0300a  Bi\u0300nh\t") == "Hòa Bình"
    True
    >>> nfc(None)
    ''
    """
    if text is None:
        return ""
    text = str(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.isprintable():
        text = _CONTROL.sub(" ", text)
    if "  " in text or text[:1].isspace() or text[-1:].isspace() or not text.isprintable():
        text = _SPACES.sub(" ", text).strip()
    return text


def fold(text: str | None) -> str:
    """Lower-case ``text`` and remove its diacritics, including đ/Đ.

    Old- and new-style tone placement fold to the same string.

    Examples
    --------
    >>> fold("ĐƯỜNG Lê Lợi")
    'duong le loi'
    >>> fold("Thuỷ") == fold("Thủy") == "thuy"
    True
    """
    return nfc(text).lower().translate(_FOLD)


def _fold_table() -> dict[int, str]:
    """Every precomposed Latin letter with marks (Vietnamese and the rest) -> its base."""
    table = {ord("đ"): "d", ord("Đ"): "d"}
    for code in range(0x00C0, 0x1EFF + 1):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char)
                       if unicodedata.category(c) != "Mn")
        if base != char and base.isascii():
            table[code] = base.lower()
    for mark in range(0x0300, 0x036F + 1):      # stray combining marks
        table[mark] = None
    return table


_FOLD = _fold_table()

_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}


@lru_cache(maxsize=65536)
def accented_word(word: str) -> str:
    """A lower-case word with its tone as a trailing digit, quality marks kept: one form for
    old- and new-style tone placement.

    Examples
    --------
    >>> accented_word("hoà") == accented_word("hòa") == "hoa2"
    True
    >>> accented_word("lợi"), accented_word("le")
    ('lơi5', 'le0')
    """
    tone = "0"
    kept = []
    for char in unicodedata.normalize("NFD", word):
        if char in _TONES:
            tone = _TONES[char]
        else:
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)) + tone


def expand_abbreviations(folded: str) -> str:
    """Expand the common abbreviations in an already folded string.

    Examples
    --------
    >>> expand_abbreviations("ubnd x. thua duc")
    'uy ban nhan dan xa thua duc'
    >>> expand_abbreviations("truong thcs nguyen du")
    'truong trung hoc co so nguyen du'
    >>> expand_abbreviations("th kim dong")
    'truong tieu hoc kim dong'
    """
    words = _PUNCT.sub(" ", folded.replace(".", ". ")).split()
    if not words or (words[0] not in LEADING_ABBREVIATIONS and
                     _ABBREVIATION_KEYS.isdisjoint(words)):
        return " ".join(words)          # nothing to expand: the usual case
    out: list[str] = []
    for i, word in enumerate(words):
        full = ABBREVIATIONS.get(word) or (LEADING_ABBREVIATIONS.get(word) if i == 0 else None)
        for part in (full or word).split():
            if not out or part != out[-1]:  # "truong" + "truong thcs" -> one "truong"
                out.append(part)
    return " ".join(out)


def split_words(text: str | None) -> list[str]:
    """The words of ``text`` where :func:`match_key` splits them, as written (case and marks
    kept), before abbreviations are expanded.

    Examples
    --------
    >>> split_words("Đ. Nguyễn Văn Cừ, P.Đức Giang 12/3")
    ['Đ', 'Nguyễn', 'Văn', 'Cừ', 'P', 'Đức', 'Giang', '12/3']
    """
    return _PUNCT.sub(" ", nfc(text).replace(".", ". ")).split()


def match_key(text: str | None) -> str:
    """The form two names or addresses are compared in: folded, expanded, no punctuation.

    Examples
    --------
    >>> match_key("UBND xã Thừa Đức") == match_key("Uỷ ban nhân dân xa Thua Duc")
    True
    >>> match_key("Trường THCS Nguyễn Du") == match_key("THCS Nguyen Du")
    True
    """
    return expand_abbreviations(fold(text))


def is_blank(value: object) -> bool:
    """True for None, NaN, and strings that are empty once normalised.

    Examples
    --------
    >>> [is_blank(v) for v in (None, "", "  ", "\u200b", float("nan"), "x", 0)]
    [True, True, True, True, True, False, False]
    """
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    if isinstance(value, str):
        return not nfc(value).replace("\u200b", "").replace("\ufeff", "").strip()
    return False


def blank_mask(values: object) -> np.ndarray:
    """:func:`is_blank` over an array, quick for the usual non-empty strings.

    Examples
    --------
    >>> blank_mask(np.array(["Chợ", " ", None, "\u200b", "ab"], dtype=object)).tolist()
    [False, True, True, True, False]
    """
    values = np.asarray(values, dtype=object)
    out = np.empty(len(values), dtype=bool)
    for i, value in enumerate(values):
        if type(value) is str:
            text = value.strip()
            out[i] = not text or (len(text) <= 2 and is_blank(text))
        else:
            out[i] = is_blank(value)
    return out


@dataclass(frozen=True)
class AddressParts:
    """The parts of a detailed address, each as a :func:`match_key` (empty when absent)."""

    house_number: str = ""
    street: str = ""
    hamlet: str = ""
    commune: str = ""
    district: str = ""
    province: str = ""


_HOUSE = re.compile(r"^(?:so nha |so )?(\d+[a-z]?(?:[/-]\d+[a-z]?)*)\b\s*(.*)$")
_PREFIXES = (
    ("commune", ("xa ", "phuong ", "thi tran ")),
    ("district", ("huyen ", "quan ", "thi xa ")),
    ("province", ("tinh ",)),
    ("hamlet", ("thon ", "xom ", "ban ", "ap ", "to dan pho ", "khu pho ", "to ", "khu ", "doi ")),
)
_STREET_WORDS = re.compile(r"^(?:duong |pho )")


def parse_address(address: str | None, *, head_only: bool = False) -> AddressParts:
    """Split a detailed Vietnamese address into house number, street, hamlet and units.

    ``head_only`` stops at the street or hamlet (what tells two houses apart), skipping the
    commune, district and province that follow.

    Examples
    --------
    >>> parts = parse_address("Số 12 ngõ 34 Đường Lê Lợi, P. Điện Biên, TP. Thanh Hóa")
    >>> parts.house_number, parts.street, parts.commune, parts.province
    ('12', 'ngo 34 duong le loi', 'phuong dien bien', 'thanh pho thanh hoa')
    >>> parse_address("sn 5, thôn Đông Hưng, xã Thiệu Đô, huyện Thiệu Hóa, tỉnh Thanh Hóa").hamlet
    'thon dong hung'
    >>> parse_address("").house_number
    ''
    """
    parts: dict[str, str] = {}
    pieces = _SEPARATORS.split(nfc(address), maxsplit=2 if head_only else 0)
    # the first piece holds the house number: unique, so not worth the cache (it would
    # push out the communes and provinces that do repeat)
    keys = [match_key(pieces[0]), *(_segment_key(s) for s in pieces[1:])]
    segments = [k for k in keys if k]
    for index, segment in enumerate(segments):
        kind = _kind_of(segment, last=index == len(segments) - 1 and index > 0)
        if kind is None and index == 0:
            match = _HOUSE.match(segment)
            if match:
                parts["house_number"] = match.group(1)
                segment = match.group(2)
                kind = _kind_of(segment, last=False) if segment else None
            if segment and kind is None:
                kind = "street"
        if kind and segment and kind not in parts:
            parts[kind] = segment
            if head_only and kind in ("street", "hamlet"):
                break
    return AddressParts(**parts)


_SEPARATORS = re.compile(r"[,;]| - ")


@lru_cache(maxsize=65536)
def _segment_key(segment: str) -> str:
    """:func:`match_key` of an address segment; "xã Thiệu Đô" repeats, so it is cached."""
    return match_key(segment)


@lru_cache(maxsize=65536)
def _kind_of(segment: str, *, last: bool) -> str | None:
    """What an address segment names (cached: "xã Thiệu Đô" comes back for every house)."""
    for kind, prefixes in _PREFIXES:
        if segment.startswith(prefixes):
            return kind
    if segment.startswith("thanh pho "):
        return "province" if last else "district"
    if _STREET_WORDS.match(segment):
        return "street"
    return None
