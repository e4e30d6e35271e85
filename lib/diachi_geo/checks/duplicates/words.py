"""The words of a name, the way Vietnamese is written: tone marks carry meaning.

A name becomes tokens, each with its folded form (no marks: ``loc``) and its accented form
(marks kept, tone placement normalised: ``hoà`` and ``hòa`` are one word). A token is
*free* when its writer plainly typed without marks (a word no Vietnamese writes bare, like
"loc" or "nguyen", or one the data nearly always marks), or when it comes from an
abbreviation such as ``UBND``: it then matches any accented form of its folded word.
Otherwise it is taken as written, and "Lộc" is not "Lọc".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ...text import accented_word, fold, nfc

__all__ = ["Token", "tokenize_name", "UsuallyMarked", "usually_marked_words",
           "NAME_ABBREVIATIONS", "BIRTH_RANKS", "MAX_WORDS", "PRIOR_NAMES", "DEFAULT_SHARE",
           "PRIOR_SHARES", "FOLDED_PRIOR_SHARES"]


# Abbreviations in names, folded, without their dots. Address-only synonyms (hẻm, kiệt
# for ngõ; đ. for đường) are not here: "Lý Thường Kiệt" is a person.
NAME_ABBREVIATIONS: dict[str, str] = {
    "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan",
    "thcs": "truong trung hoc co so", "thpt": "truong trung hoc pho thong",
    "ptth": "truong trung hoc pho thong", "bv": "benh vien", "bvdk": "benh vien da khoa",
    "tyt": "tram y te", "pk": "phong kham", "pkdk": "phong kham da khoa",
    "htx": "hop tac xa", "cty": "cong ty", "ctcp": "cong ty co phan",
    "tnhh": "trach nhiem huu han", "ch": "cua hang", "bd": "buu dien",
    "bdvhx": "buu dien van hoa xa", "nt": "nha thuoc", "vpp": "van phong pham",
    "nvh": "nha van hoa", "tdp": "to dan pho", "kp": "khu pho", "tt": "thi tran",
    "tp": "thanh pho", "tx": "thi xa", "bnd": "ban nhan dan", "dl": "dai ly",
    "vtnn": "vat tu nong nghiep", "vlxd": "vat lieu xay dung", "dv": "dich vu",
    "tm": "thuong mai", "cf": "ca phe", "cafe": "ca phe", "coffee": "ca phe",
    "ks": "khach san", "nk": "nha khoa",
}
# Only as the first word ("TH Kim Đồng" is a primary school), or with a dot ("P. Đức Giang",
# "Nhà Ô. Tư"): elsewhere these letters are too ambiguous to expand.
_LEADING: dict[str, str] = {"th": "truong tieu hoc", "mn": "truong mam non",
                            "mg": "truong mau giao"}
_DOTTED: dict[str, str] = {"p": "phuong", "x": "xa", "q": "quan", "h": "huyen",
                           "o": "ong", "b": "ba", "c": "chi"}

# Prior share of names holding a word, in a typical campaign (households ~60 % of points,
# Vietnamese family and middle names at their census frequencies, the commonest kinds of
# shop). They count like PRIOR_NAMES names: a commune's own data soon outweighs them.
# Keys are accented forms (tone as a trailing digit, see _accented).
PRIOR_NAMES = 200.0
DEFAULT_SHARE = 0.001
_PRIOR_WORDS = {
    "nhà": .35, "ông": .15, "bà": .12, "hộ": .08, "anh": .03, "chị": .02, "cô": .01,
    "chú": .01, "gia": .02, "đình": .02,
    "nguyễn": .23, "trần": .07, "lê": .06, "phạm": .04, "hoàng": .02, "huỳnh": .015,
    "phan": .025, "vũ": .015, "võ": .015, "đặng": .012, "bùi": .012, "đỗ": .008, "hồ": .008,
    "ngô": .008, "dương": .006, "lý": .004, "văn": .2, "thị": .15, "hữu": .02, "đức": .02,
    "minh": .03, "ngọc": .02, "thanh": .03, "xuân": .01, "quang": .01, "công": .01,
    "cửa": .03, "hàng": .04, "tạp": .04, "hóa": .05, "quán": .03, "tiệm": .015, "cơm": .01,
    "thuốc": .01, "đại": .01, "sửa": .01, "xe": .015, "trường": .01, "học": .01,
    "xã": .01, "phường": .005, "thôn": .01, "ấp": .01,
}
_WORD = re.compile(r"\w+\.?")
def _words(name: object) -> list[str]:
    """Lower-case words of a name; "ThớiThuận" typed without its space is two words."""
    text = nfc(str(name))
    if not text.islower() and not text.isupper():
        text = "".join(f" {c}" if c.isupper() and i and text[i - 1].islower() else c
                       for i, c in enumerate(text))
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class Token:
    """One word of a name: folded for matching, as written, and what kind of word it is."""

    folded: str
    accented: str
    free: bool
    """Typed without marks (or an abbreviation): matches any accented form."""
    number: bool


_accented = accented_word


PRIOR_SHARES: dict[str, float] = {_accented(w): v for w, v in _PRIOR_WORDS.items()}


def _folded_shares() -> dict[str, float]:
    shares: dict[str, float] = {}
    for word, share in _PRIOR_WORDS.items():
        shares[fold(word)] = shares.get(fold(word), 0.0) + share
    return shares


FOLDED_PRIOR_SHARES = _folded_shares()


PRIOR_WORD_SEEN = 5.0
_MARKED_PRIOR_WORDS = frozenset(fold(w) for w in _PRIOR_WORDS if fold(w) != w)


MAX_WORDS = 16
"""Words of a name compared: a description pasted into the name field stops here."""


def tokenize_name(name: object, *, usually_marked: UsuallyMarked | None = None
                  ) -> tuple[Token, ...]:
    """The tokens of a name. ``usually_marked`` holds folded words that the data mostly
    writes with marks ("nha" is nearly always "nhà"): found plain, they show that the
    writer dropped marks.

    Examples
    --------
    >>> [t.accented for t in tokenize_name("Tạp hoá LỘC")]
    ['tap5', 'hoa1', 'lôc5']
    >>> [(t.folded, t.free) for t in tokenize_name("UBND P. Đức Giang")][:5]
    [('uy', True), ('ban', True), ('nhan', True), ('dan', True), ('phuong', True)]
    >>> [t.free for t in tokenize_name("Tap hoa Loc")]
    [True, True, True]
    >>> [t.free for t in tokenize_name("Nhà thuốc Mai")], tokenize_name("Trường Nguyen Du")[2].free
    ([False, False, False], True)
    >>> marked = UsuallyMarked(frozenset({"nha"}))
    >>> [t.free for t in tokenize_name("Nha Hung", usually_marked=marked)]
    [True, True]
    >>> [t.free for t in tokenize_name("Shop Hùng")]
    [True, False]
    >>> tokenize_name("VPP Mai")[-1].free
    False
    """
    if name is None or (isinstance(name, float) and name != name):
        return ()
    usually_marked = usually_marked if usually_marked is not None else UsuallyMarked()
    words = [_word_forms(w) for w in _words(name)]
    # taken as written, unless a plain word shows that its writer dropped marks: one no
    # Vietnamese word is without them ("loc", "nguyen"), or one the data mostly writes
    # with them ("nha"). Then every plain word may be either: "Tap hoa Loc" is "Tạp hóa
    # Lộc" or "Tạp hóa Lọc", but "VPP Mai" stays apart from "VPP Mại".
    plain = not any(w.marked for w in words)
    dropped = any(w.needs_marks or (not w.marked and w.folded in usually_marked.mostly and (
        plain or w.folded in usually_marked.nearly_always)) for w in words)
    tokens: list[Token] = []
    for i, w in enumerate(words):
        if w.abbreviable:
            full = NAME_ABBREVIATIONS.get(w.folded) or \
                (_LEADING.get(w.folded) if i == 0 else None) or \
                (_DOTTED.get(w.folded) if w.dotted else None)
            if full:
                for part in full.split():
                    if not tokens or part != tokens[-1].folded:  # "Trường THCS": one trường
                        tokens.append(Token(part, part + "?", True, False))
                continue
        if not w.folded:
            continue
        if w.rank is not None and (w.rank == 99 or (i and words[i - 1].folded in _HONORIFICS)):
            tokens.append(Token(f"#{w.rank}", f"#{w.rank}", True, True))
            continue
        # a word written with marks is taken as written, even where others dropped theirs
        tokens.append(Token(w.folded, w.accented, w.number or (dropped and not w.marked),
                            w.number))
    return tuple(tokens[:MAX_WORDS])


@dataclass(frozen=True)
class UsuallyMarked:
    """Folded words the data mostly writes with marks, and those it nearly always marks. A
    plain word of the first kind shows dropped marks in a name typed all plain ("Bun cha
    Hoa"); in a name with other marks only one of the second kind does: "Quầy thuốc Phong"
    is Phong, though "phòng" is a common word."""

    mostly: frozenset[str] = frozenset()
    nearly_always: frozenset[str] = frozenset()


def usually_marked_words(names: list, counts: np.ndarray, *,
                         plain_share_below: float = 0.25,
                         strongly_below: float = 0.1) -> UsuallyMarked:
    """Folded words that the names (each counted ``counts`` times) mostly write with
    marks (see :class:`UsuallyMarked`), the common words of :data:`PRIOR_SHARES` helping
    small data."""
    plain: dict[str, float] = {}
    total: dict[str, float] = {}
    for name, count in zip(names, counts.tolist()):
        if not count or name is None or (isinstance(name, float) and name != name):
            continue
        for raw in _words(name):
            w = _word_forms(raw)
            if w.number or not w.folded.isalpha():
                continue
            total[w.folded] = total.get(w.folded, 0.0) + count
            if not w.marked:
                plain[w.folded] = plain.get(w.folded, 0.0) + count
    # the prior: common words written with marks, as if seen PRIOR_WORD_SEEN times
    for word in _MARKED_PRIOR_WORDS:
        total[word] = total.get(word, 0.0) + PRIOR_WORD_SEEN
    return UsuallyMarked(
        frozenset(w for w, n in total.items() if plain.get(w, 0.0) < plain_share_below * n),
        frozenset(w for w, n in total.items() if plain.get(w, 0.0) < strongly_below * n))


@dataclass(frozen=True)
class _Word:
    folded: str
    accented: str
    marked: bool
    needs_marks: bool
    """Written without marks, but no Vietnamese word is ("loc", "nguyen")."""
    dotted: bool
    number: bool
    abbreviable: bool
    """No marks but perhaps đ ("ĐL", "UBND"): may be an abbreviation."""
    rank: int | None
    """The birth rank the word names after an honorific ("ông Năm"), else None."""


# Southern names call people by their birth rank ("ông Tư", "bà Năm", "Út Hưng"): after an
# honorific these words are numbers, and "ông Năm Thọ" is not "ông Sáu Thọ" (elsewhere
# they are words: "vật tư", "Năm Căn").
BIRTH_RANKS = {"tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
               "út": 99}
"""("Hai" and "Ba" are left out: typed without marks they are also "Hải", "Bá"...)"""
_HONORIFICS = frozenset({"ong", "ba", "anh", "chi", "co", "chu", "bac", "di", "cau", "mo",
                         "thim", "o"})
# the same typed without marks, where that is no other word ("Ut Binh", "Ong Muoi Duc")
_PLAIN_RANKS = {"chin": 9, "muoi": 10, "ut": 99}


@lru_cache(maxsize=65536)
def _word_forms(raw: str) -> _Word:
    word = raw.rstrip(".")
    folded = fold(word)
    marked = folded != word
    dotted = raw.endswith(".")
    number = folded.isdigit()
    abbreviable = word.replace("đ", "d") == folded
    return _Word(folded, folded if number else _accented(word), marked,
                 not marked and folded.isalpha() and not _plain_syllable(folded) and
                 folded not in NAME_ABBREVIATIONS, dotted, number, abbreviable,
                 BIRTH_RANKS.get(word, _PLAIN_RANKS.get(word)))


_NEEDS_MARKS = re.compile(r"(?:[cpt]|ch)$|uye|ie[^\W\d_]|uo[^\W\d_a]|ye[^\W\d_]|dd")


def _plain_syllable(word: str) -> bool:
    """Whether an unmarked word can be written so in Vietnamese ("mai", "lan", "du"). "loc",
    "nguyen", "truong" cannot: their writer left the marks out.

    Examples
    --------
    >>> [_plain_syllable(w) for w in ("mai", "lan", "anh", "loc", "nguyen", "truong", "tieu")]
    [True, True, True, False, False, False, False]
    """
    return not _NEEDS_MARKS.search(word)
