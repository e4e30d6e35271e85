"""Names compared the Vietnamese way: tone marks carry meaning, common words say little.

A name becomes tokens, each with its folded form (no marks: ``loc``) and its accented
form (marks kept, tone placement normalised: ``hoà`` and ``hòa`` are one word). Two tokens
*match* when their accented forms are equal, or when their folded forms are equal and one of
them was typed without marks (a whole name in plain ASCII, or an abbreviation such as
``UBND``); folded-equal tokens that both carry marks and differ ("Lộc" and "Lọc") are a
*tone conflict*: two different words.

How much a token says is measured on the data being checked, not on a word list: its
inverse document frequency ``-ln(share of the names holding it)``, in nats, is about 1 for
a word a third of the names share ("nhà", "Nguyễn"), 3 for "tạp hóa" in a market street and
5 or more for a given name. The comparison of two names is one of the :data:`NAME_LEVELS`.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ...distinct import distinct_codes
from ...parallel import in_threads
from ...text import fold, nfc

__all__ = ["NAME_LEVELS", "NameTokens", "tokenize_name", "name_tokens", "compare_names",
           "NAME_ABBREVIATIONS"]

NAME_LEVELS = ("exact", "exact_unmarked", "contained", "fuzzy", "same_tail", "weak_conflict",
               "tone_conflict", "number_conflict", "strong_conflict", "different")
"""Comparison levels of two names, from the strongest agreement to none. ``exact``: the
same words with the same marks; ``exact_unmarked``: the same words, one side typed without
marks; ``contained``: what one name has and the other lacks says little (common words
only: "Hòa" and "Đại lý gas Hòa"); ``fuzzy``: the same but for typing slips;
``same_tail``: both have words of their own but end alike, where Vietnamese names put the
proper name ("Tạp hóa Minh Châu" and "Cửa hàng Minh Châu"); ``weak_`` and
``strong_conflict``: both names have words of their own, common or rare;
``tone_conflict``: a word differs only by its marks ("Lộc"/"Lọc"); ``number_conflict``:
different numbers ("thôn 3"/"thôn 5"); ``different``: nothing shared."""

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
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
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
    folded: str
    accented: str
    free: bool
    """Typed without marks (or an abbreviation): matches any accented form."""
    number: bool


@lru_cache(maxsize=65536)
def _accented(word: str) -> str:
    """A lower-case word with its tone as a trailing digit, quality marks kept: one form for
    old- and new-style tone placement ("hoà", "hòa" -> "hoa2")."""
    tone = "0"
    kept = []
    for char in unicodedata.normalize("NFD", word):
        if char in _TONES:
            tone = _TONES[char]
        else:
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)) + tone


PRIOR_SHARES: dict[str, float] = {_accented(w): v for w, v in _PRIOR_WORDS.items() if v}
_FOLDED_PRIOR: dict[str, float] = {}
for _word, _share in _PRIOR_WORDS.items():
    _FOLDED_PRIOR[fold(_word)] = _FOLDED_PRIOR.get(fold(_word), 0.0) + _share


PRIOR_WORD_SEEN = 5.0
_MARKED_PRIOR_WORDS = frozenset(fold(w) for w in _PRIOR_WORDS if fold(w) != w)


def tokenize_name(name: object, usually_marked: UsuallyMarked | None = None
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
    >>> [t.free for t in tokenize_name("Nha Hung", UsuallyMarked(frozenset({"nha"})))]
    [True, True]
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
                tokens.extend(Token(part, part + "?", True, False) for part in full.split()
                              if not tokens or part != tokens[-1].folded)
                continue
        if not w.folded:
            continue
        if w.rank is not None and (w.rank == 99 or (i and words[i - 1].folded in _HONORIFICS)):
            tokens.append(Token(f"#{w.rank}", f"#{w.rank}", True, True))
            continue
        tokens.append(Token(w.folded, w.accented, w.number or dropped, w.number))
    return tuple(tokens)


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


@dataclass
class NameTokens:
    """The tokens of many names as padded arrays, one row per distinct name.

    ``weight`` is each token's inverse document frequency (nats) in the names given
    (see the module docstring); ``code`` maps each input name to its row.
    """

    folded: np.ndarray
    accented: np.ndarray
    free: np.ndarray
    number: np.ndarray
    weight: np.ndarray
    """int32 ids, -1 for padding; bool; bool; float (0 for padding)."""
    code: np.ndarray
    folded_words: list[str]
    """The folded word of each folded id."""
    accented_words: list[str]


def name_tokens(names: np.ndarray, *, counted: np.ndarray | None = None) -> NameTokens:
    """Token arrays of ``names``; frequencies are counted over ``counted`` (a mask of the
    names that make up the data; all of them by default)."""
    distinct, code = distinct_codes(names)
    names_per_row = np.bincount(code if counted is None else code[counted],
                                minlength=len(distinct))
    usually_marked = usually_marked_words(distinct, names_per_row)
    tokenized = [tokenize_name(n, usually_marked) for n in distinct]
    width = max([len(t) for t in tokenized] + [1])
    rows = len(distinct)
    folded_ids: dict[str, int] = {}
    accented_ids: dict[str, int] = {}
    folded = np.full((rows, width), -1, dtype=np.int32)
    accented = np.full((rows, width), -1, dtype=np.int32)
    free = np.zeros((rows, width), dtype=bool)
    number = np.zeros((rows, width), dtype=bool)
    for r, tokens in enumerate(tokenized):
        for c, t in enumerate(tokens):
            folded[r, c] = folded_ids.setdefault(t.folded, len(folded_ids))
            accented[r, c] = accented_ids.setdefault(t.accented, len(accented_ids))
            free[r, c], number[r, c] = t.free, t.number
    weight = _relative_idf(folded, accented, free, names_per_row, list(folded_ids),
                           list(accented_ids))
    return NameTokens(folded, accented, free, number, weight, code, list(folded_ids),
                      list(accented_ids))


def _relative_idf(folded: np.ndarray, accented: np.ndarray, free: np.ndarray,
                  names_per_row: np.ndarray, folded_words: list[str],
                  accented_words: list[str]) -> np.ndarray:
    """-ln(share) of each token, where share is the part of the N names that hold it,
    smoothed by S names' worth of :data:`PRIOR_SHARES`. A marked token counts its
    accented form, a free one (typed without marks) every accented form of its word."""
    total = int(names_per_row.sum())
    strength = PRIOR_NAMES
    present = folded >= 0
    rows = np.broadcast_to(np.arange(len(folded))[:, None], folded.shape)
    # a word counts once per name, however often the name repeats it
    df_folded = _document_frequency(folded, rows, present, names_per_row) + strength * \
        np.array([_FOLDED_PRIOR.get(w, DEFAULT_SHARE) for w in folded_words] + [0.0])[:-1]
    df_accented = _document_frequency(accented, rows, present, names_per_row) + strength * \
        np.array([PRIOR_SHARES.get(w, DEFAULT_SHARE) for w in accented_words] + [0.0])[:-1]
    df = np.where(free, df_folded[np.maximum(folded, 0)], df_accented[np.maximum(accented, 0)])
    weight = -np.log(df / (total + strength))
    # the last word is the proper name: weighed against the other names' last words too,
    # so "Anh" ending "Cafe Anh" is a name, not the honorific of "Nhà anh Tuấn"
    row = np.arange(len(folded))
    last = np.maximum(present.sum(axis=1) - 1, 0)
    tail = np.zeros_like(present)
    tail[row, last] = present[row, last]
    tail_folded = np.bincount(folded[tail], names_per_row[row[tail.any(axis=1)]],
                              len(folded_words))
    tail_accented = np.bincount(accented[tail], names_per_row[row[tail.any(axis=1)]],
                                len(accented_words))
    tail_df = np.where(free[row, last], tail_folded[np.maximum(folded[row, last], 0)],
                       tail_accented[np.maximum(accented[row, last], 0)]) + \
        strength * DEFAULT_SHARE
    weight[row, last] = np.maximum(weight[row, last], -np.log(tail_df / (total + strength)))
    return np.where(present, np.maximum(weight, 0.0), 0.0)


def _document_frequency(ids: np.ndarray, rows: np.ndarray, present: np.ndarray,
                        names_per_row: np.ndarray) -> np.ndarray:
    pairs = np.unique(np.stack([rows[present], ids[present]]), axis=1)
    return np.bincount(pairs[1], weights=names_per_row[pairs[0]],
                       minlength=int(ids.max(initial=-1)) + 1)


@dataclass
class NameComparison:
    """The level of each compared pair of names and what it rests on."""

    level: np.ndarray
    """Index into :data:`NAME_LEVELS`; -1 where a name is blank."""
    rarest_shared: np.ndarray
    """idf of the rarest word both names share (0 when none): how unusual the
    agreement is, for the term-frequency adjustment."""


def compare_names(tokens: NameTokens, a: np.ndarray, b: np.ndarray, *,
                  contained_below: float, conflict_above: float,
                  chunk: int = 100_000) -> NameComparison:
    """The comparison level of the names of rows ``a`` and ``b`` of ``tokens``.

    ``contained_below`` and ``conflict_above`` bound the weight of the words each name has
    and the other lacks (the smaller of the two sums): under the first the names agree
    ("contained"), over the second they clearly conflict.
    """
    n = len(a)
    level = np.full(n, -1, dtype=np.int8)
    rarest = np.zeros(n)
    if not n:
        return NameComparison(level, rarest)
    # each distinct pair of names once
    rows = len(tokens.folded)
    pair_key, inverse = np.unique(a.astype(np.int64) * rows + b, return_inverse=True)
    ua, ub = pair_key // rows, pair_key % rows
    # short names with short names: each chunk compares only as many words as it needs
    length = (tokens.folded >= 0).sum(axis=1)
    order = np.argsort(np.maximum(length[ua], length[ub]), kind="stable")

    def compare(positions: np.ndarray) -> np.ndarray:
        out = np.empty((len(positions), 2))
        for start in range(0, len(positions), chunk):
            part = positions[start:start + chunk]
            width = max(int(max(length[ua[part]].max(), length[ub[part]].max())), 1)
            out[start:start + chunk, 0], out[start:start + chunk, 1] = _compare_rows(
                _narrow(tokens, width), ua[part], ub[part], contained_below, conflict_above)
        return out

    # numpy lets go of the GIL in the comparisons: both cores work
    done = in_threads(compare, order)
    out_level = np.empty(len(pair_key), dtype=np.int8)
    out_rarest = np.empty(len(pair_key))
    out_level[order], out_rarest[order] = done[:, 0], done[:, 1]
    inverse = inverse.ravel()
    return NameComparison(out_level[inverse], out_rarest[inverse])


def _narrow(tokens: NameTokens, width: int) -> NameTokens:
    """The first ``width`` words of every name (views, no copies)."""
    if width >= tokens.folded.shape[1]:
        return tokens
    return dataclasses.replace(
        tokens, folded=tokens.folded[:, :width], accented=tokens.accented[:, :width],
        free=tokens.free[:, :width], number=tokens.number[:, :width],
        weight=tokens.weight[:, :width])


def _level(name: str) -> int:
    return NAME_LEVELS.index(name)


def _compare_rows(t: NameTokens, a: np.ndarray, b: np.ndarray, contained_below: float,
                  conflict_above: float) -> tuple[np.ndarray, np.ndarray]:
    fa, fb = t.folded[a][:, :, None], t.folded[b][:, None, :]
    present = (fa >= 0) & (fb >= 0)
    same_fold = present & (fa == fb)
    same_accent = t.accented[a][:, :, None] == t.accented[b][:, None, :]
    free = t.free[a][:, :, None] | t.free[b][:, None, :]
    match = same_fold & (same_accent | free)
    tone = same_fold & ~match
    matched_a, matched_b = match.any(axis=2), match.any(axis=1)
    present_a, present_b = t.folded[a] >= 0, t.folded[b] >= 0
    wa, wb = t.weight[a], t.weight[b]
    own_a = present_a & ~matched_a
    own_b = present_b & ~matched_b
    # a slip changes one word: look for one where each name has one word of its own
    # and they share another (or are one word each)
    one_each = (own_a.sum(axis=1) == 1) & (own_b.sum(axis=1) == 1) & \
        (matched_a.any(axis=1) | (present_a.sum(axis=1) == 1))
    if one_each.any():
        fuzzy = _fuzzy_matches(t, a, b, own_a & one_each[:, None], own_b, tone)
        matched_a_fuzzy, matched_b_fuzzy = fuzzy.any(axis=2), fuzzy.any(axis=1)
    else:
        matched_a_fuzzy = matched_b_fuzzy = np.zeros_like(own_a)
    # what each name has of its own, by its rarest word ("tạp hóa" is one kind, not two)
    conflict = np.minimum((wa * own_a).max(axis=1), (wb * own_b).max(axis=1))
    conflict_after_fuzzy = np.minimum((wa * (own_a & ~matched_a_fuzzy)).max(axis=1),
                                      (wb * (own_b & ~matched_b_fuzzy)).max(axis=1))
    rows = np.arange(len(a))
    last_a, last_b = present_a.sum(axis=1) - 1, present_b.sum(axis=1) - 1
    # the proper name ends a Vietnamese name: alike there, and only common words differ
    same_tail = (match[rows, last_a, last_b] | (
        matched_a_fuzzy[rows, last_a] & matched_b_fuzzy[rows, last_b])) & \
        (conflict_after_fuzzy < conflict_above)
    tone_conflict = (tone & own_a[:, :, None] & own_b[:, None, :]).any(axis=(1, 2))
    number_a, number_b = t.number[a] & own_a, t.number[b] & own_b
    number_conflict = number_a.any(axis=1) & number_b.any(axis=1)
    rarest = wa.max(axis=1, where=matched_a, initial=0.0)
    empty = ~present_a.any(axis=1) | ~present_b.any(axis=1)
    all_matched = ~own_a.any(axis=1) & ~own_b.any(axis=1)
    identical = all_matched & ((same_accent & same_fold).any(axis=2) | ~present_a).all(axis=1) \
        & ((same_accent & same_fold).any(axis=1) | ~present_b).all(axis=1)
    nothing_shared = ~matched_a.any(axis=1)
    level = np.select(
        [empty, number_conflict, tone_conflict, identical, all_matched,
         conflict < contained_below, ~nothing_shared & (conflict_after_fuzzy < contained_below),
         same_tail, nothing_shared, conflict < conflict_above],
        [-1, _level("number_conflict"), _level("tone_conflict"), _level("exact"),
         _level("exact_unmarked"), _level("contained"), _level("fuzzy"), _level("same_tail"),
         _level("different"), _level("weak_conflict")],
        _level("strong_conflict")).astype(np.int8)
    return level, rarest


def _one_letter_slip(first: str, second: str) -> bool:
    """One word is the other with a letter left out, doubled or two letters swapped (on
    words with their vowel marks, tones aside); at least two letters.

    Examples
    --------
    >>> [_one_letter_slip(x, y) for x, y in (("tên", "tiên"), ("mihn", "minh"),
    ...                                      ("hưng", "nhung"), ("hung", "dung"))]
    [True, True, False, False]
    """
    x, y = first, second
    if len(x) > len(y):
        x, y = y, x
    if len(x) < 2 or len(y) - len(x) > 1:
        return False
    if len(x) == len(y):
        differ = [i for i in range(len(x)) if x[i] != y[i]]
        return len(x) >= 4 and len(differ) == 2 and differ[1] == differ[0] + 1 and \
            x[differ[0]] == y[differ[1]] and x[differ[1]] == y[differ[0]]
    return any(y[:i] + y[i + 1:] == x for i in range(len(y)))


def _fuzzy_matches(t: NameTokens, a: np.ndarray, b: np.ndarray, own_a: np.ndarray,
                   own_b: np.ndarray, tone: np.ndarray) -> np.ndarray:
    """Unmatched words of one name that are typing slips of the other's: one letter in
    five ("Nguyn"/"Nguyen") or two letters swapped ("Mihn"/"Minh"). Shorter words are
    left alone: "Hùng" and "Dũng", "Quân" and "Xuân" are other names."""
    from rapidfuzz.distance import DamerauLevenshtein
    from rapidfuzz.process import cpdist

    candidate = own_a[:, :, None] & own_b[:, None, :] & ~tone & \
        ~t.number[a][:, :, None] & ~t.number[b][:, None, :]
    out = np.zeros(candidate.shape, dtype=bool)
    where = np.nonzero(candidate)
    if not len(where[0]):
        return out
    # each distinct pair of words once: folded for the letter-in-five rule, accented (vowel
    # marks kept) for a letter left out or doubled ("Tến"/"Tiến", "Linnh"/"Linh"; "Hưng"
    # is no slip of "Nhung")
    left_acc = t.accented[a][where[0], where[1]].astype(np.int64)
    right_acc = t.accented[b][where[0], where[2]].astype(np.int64)
    size = len(t.accented_words)
    key, inverse = np.unique(left_acc * size + right_acc, return_inverse=True)
    first = [t.accented_words[k].rstrip("0123456789?") for k in (key // size).tolist()]
    second = [t.accented_words[k].rstrip("0123456789?") for k in (key % size).tolist()]
    similar = cpdist([fold(w) for w in first], [fold(w) for w in second],
                     scorer=DamerauLevenshtein.normalized_similarity, workers=-1) >= 0.8
    judged = np.fromiter(((min(len(x), len(y)) >= 5 and s) or _one_letter_slip(x, y)
                          for x, y, s in zip(first, second, similar.tolist())),
                         bool, len(first))
    out[where] = judged[inverse.ravel()]
    return out
