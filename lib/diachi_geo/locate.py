"""Finding a point by what a person types: its digital address code, its name or its
detailed address, with or without tone marks, as they type.

:class:`SearchIndex` is built once from the columns of a points layer and then answers each
query from its own arrays (pure Python and numpy, safe to call from another thread while
nobody rebuilds it). Marks are folded only where the query is typed without them, word by
word: ``thieu do`` finds "Thiệu Đô", ``Lê`` finds "Lê Lợi" but not "Lễ"; the last word
may be unfinished (``Lê Lợ``). Common abbreviations typed without marks are also tried in
full (``ubnd`` finds "Ủy ban nhân dân"). Only these three fields are searched: owner names,
phones and emails are never indexed.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .fields import PERSONAL_FIELDS
from .text import expand_abbreviations, fold, is_blank, nfc

__all__ = ["SEARCH_FIELDS", "Hit", "SearchIndex"]

SEARCH_FIELDS = ("digital_code", "name", "address")
"""The canonical fields a search looks in, the strongest evidence first."""
_WEIGHT = {"digital_code": 3.0, "name": 2.0, "address": 1.0}
_WORD = re.compile(r"\w+")
_CODE = re.compile(r"[^0-9A-Z]")
_MAX_TEXTS = 5000
"""Texts scored per field and query at most; a one-letter query matches many more."""


@dataclass(frozen=True)
class Hit:
    """One point found: its ``row`` in the columns the index was built from."""

    row: int
    field: str
    text: str
    """The matched value as written."""
    score: float


@dataclass
class _Texts:
    """The distinct values of one text field and what a search needs about them."""

    values: list[str]
    folded: list[str]
    """Each value's words folded and with abbreviations expanded, joined by spaces."""
    vocabulary: list[str]
    """Every folded word, sorted (prefix search by bisection)."""
    postings: list[np.ndarray]
    """For each word of the vocabulary, the values holding it."""
    first_row: np.ndarray
    rows: np.ndarray
    """The rows of value ``k`` are ``rows[first_row[k]:first_row[k + 1]]``."""
    value_of_row: np.ndarray
    """The value of every row, -1 where blank."""

    @classmethod
    def of(cls, column: Sequence[object]) -> _Texts:
        # distinct raw values first: a shared address is normalised once, not per point
        raw: dict[object, int] = {}
        raw_of_row = np.fromiter((raw.setdefault(v, len(raw)) for v in column),
                                 dtype=np.int64, count=len(column))
        ids: dict[str, int] = {"": -1}
        value_of_raw = np.array([-1 if v is None or v != v else   # None, NaN
                                 ids.setdefault(nfc(str(v)), len(ids) - 1) for v in raw],
                                dtype=np.int64)
        del ids[""]
        value_of_row = value_of_raw[raw_of_row] if len(raw) else raw_of_row
        values = list(ids)
        folded = []
        holding: dict[str, list[int]] = {}
        for k, value in enumerate(values):
            plain = fold(value)
            words = _WORD.findall(plain)
            key = expand_abbreviations(plain)
            folded.append(key)
            for word in set(words).union(key.split()) if key != plain else set(words):
                holding.setdefault(word, []).append(k)
        vocabulary = sorted(holding)
        order = np.argsort(value_of_row, kind="stable")
        order = order[value_of_row[order] >= 0]
        first_row = np.searchsorted(value_of_row[order], np.arange(len(values) + 1))
        return cls(values, folded, vocabulary,
                   [np.array(holding[w], dtype=np.int64) for w in vocabulary],
                   first_row, order, value_of_row)

    def rows_of(self, values: int | list[int]) -> np.ndarray:
        """The rows holding value ``values`` (one or several)."""
        if isinstance(values, int):
            return self.rows[self.first_row[values]:self.first_row[values + 1]]
        return np.sort(np.concatenate([self.rows_of(k) for k in values] or
                                      [np.empty(0, dtype=np.int64)]))

    def holding(self, prefix: str) -> np.ndarray:
        """The values with a word starting with ``prefix`` (folded)."""
        lo = bisect_left(self.vocabulary, prefix)
        hi = bisect_left(self.vocabulary, prefix + "\uffff", lo)
        if hi - lo == 1:
            return self.postings[lo]
        if hi == lo:
            return np.empty(0, dtype=np.int64)
        return np.unique(np.concatenate(self.postings[lo:hi]))


class SearchIndex:
    """The searchable fields of one points layer, built once, searched many times.

    Parameters
    ----------
    columns : mapping
        Canonical field name (of :data:`SEARCH_FIELDS`) -> one value per point; a missing
        field is simply not searched. Personal fields are refused.

    Examples
    --------
    >>> index = SearchIndex({"name": ["Bưu điện xã Thiệu Đô", "Quán phở Nga", None],
    ...                      "address": ["Số 8 đường Lê Lợi", "Số 12 Lê Lợi", "Số 3 Lễ Lợi"],
    ...                      "digital_code": ["TH000RYPFD6", None, "TH000MAMUS7"]})
    >>> [(h.row, h.field) for h in index.search("buu dien thieu")]
    [(0, 'name')]
    >>> [h.row for h in index.search("Lê Lợi")]
    [1, 0]
    >>> [(h.row, h.field) for h in index.search("th000mamus7")]
    [(2, 'digital_code')]
    """

    def __init__(self, columns: Mapping[str, Sequence[object]]):
        personal = set(columns) & set(PERSONAL_FIELDS)
        if personal:
            raise ValueError(f"personal data is never searched: {', '.join(sorted(personal))}")
        unknown = set(columns) - set(SEARCH_FIELDS)
        if unknown:
            raise ValueError(f"cannot search {', '.join(sorted(unknown))}; "
                             f"searchable: {', '.join(SEARCH_FIELDS)}")
        self.size = max((len(v) for v in columns.values()), default=0)
        self.texts = {f: _Texts.of(columns[f]) for f in ("name", "address") if f in columns}
        codes = [(_CODE.sub("", fold(str(c)).upper()), row)
                 for row, c in enumerate(columns.get("digital_code", ())) if not is_blank(c)]
        codes.sort()
        self.codes = [c for c, _ in codes]
        self.code_rows = [r for _, r in codes]
        self.code_text = {r: nfc(str(columns["digital_code"][r])) for _, r in codes}

    def __len__(self) -> int:
        return self.size

    def search(self, query: str, *, limit: int = 20) -> list[Hit]:
        """The best ``limit`` points for ``query``, best first (one hit per point)."""
        query = nfc(query)
        words = _WORD.findall(query.lower())
        if not words:
            return []
        hits: dict[int, Hit] = {}

        def keep(hit: Hit) -> None:
            if hit.row not in hits or hits[hit.row].score < hit.score:
                hits[hit.row] = hit

        for hit in self._codes(query):
            keep(hit)
        for field, texts in self.texts.items():
            found = _matches(texts, words)
            for k in sorted(found, key=lambda k: (-found[k], k))[:limit]:
                for row in texts.rows_of(k)[:limit].tolist():
                    keep(Hit(row, field, texts.values[k], round(_WEIGHT[field] + found[k], 3)))
        if not hits:
            for hit in self._name_then_address(words, limit):
                keep(hit)
        return sorted(hits.values(), key=lambda h: (-h.score, h.row))[:limit]

    def _name_then_address(self, words: list[str], limit: int) -> list[Hit]:
        """Hits for a query that names the place and then its address ("quan pho nga so 8
        tran phu"): the first words in the name, the rest in the address of one point."""
        name, address = self.texts.get("name"), self.texts.get("address")
        if name is None or address is None:
            return []
        out: list[Hit] = []
        for cut in range(1, len(words)):
            in_address = _matches(address, words[cut:])
            if not in_address:
                continue
            in_name = _matches(name, words[:cut])
            if not in_name:
                break               # more words only narrow the name's matches
            rows = np.intersect1d(name.rows_of(list(in_name)), address.rows_of(list(in_address)))
            for row in rows[:_MAX_TEXTS].tolist():
                n, a = int(name.value_of_row[row]), int(address.value_of_row[row])
                out.append(Hit(row, "name_address", f"{name.values[n]}, {address.values[a]}",
                               round(_WEIGHT["name"] + in_name[n] + in_address[a], 3)))
        return sorted(out, key=lambda h: (-h.score, h.row))[:limit]

    def _codes(self, query: str) -> list[Hit]:
        """A digital address code typed whole or begun (from three characters on; spaces
        and dashes ignored)."""
        code = _CODE.sub("", fold(query).upper())
        if len(code) < 3:
            return []
        lo = bisect_left(self.codes, code)
        hi = bisect_left(self.codes, code + "\uffff", lo)
        return [Hit(self.code_rows[k], "digital_code", self.code_text[self.code_rows[k]],
                    _WEIGHT["digital_code"] + (1.0 if self.codes[k] == code else 0.0))
                for k in range(lo, min(hi, lo + _MAX_TEXTS))]


def _matches(texts: _Texts, words: list[str]) -> dict[int, float]:
    """The values of one field where every word typed begins a word (with the same marks
    when typed with marks), and how well each matches (0 to 1, more for the words whole,
    in order, at the start)."""
    unmarked = [fold(w) for w in words]
    tries = [unmarked]
    expanded = expand_abbreviations(" ".join(unmarked)).split()
    if expanded != unmarked:
        tries.append(expanded)
    phrase = " ".join(expanded)
    marked = [w for w, u in zip(words, unmarked) if w != u]
    found: dict[int, float] = {}
    for typed in tries:
        candidates = None
        for word in typed:
            holding = texts.holding(word)
            candidates = holding if candidates is None else \
                np.intersect1d(candidates, holding, assume_unique=True)
            if not len(candidates):
                break
        for k in candidates[:_MAX_TEXTS].tolist():
            if k in found or (marked and not _marks_agree(marked, texts.values[k])):
                continue
            key = texts.folded[k]
            whole = set(key.split()).issuperset(expanded)
            found[k] = 0.4 * key.startswith(phrase) + 0.4 * (phrase in key) + 0.2 * whole \
                - 0.01 * key.count(" ")
    return found


def _marks_agree(marked: list[str], value: str) -> bool:
    """Each word typed with marks begins a word of ``value`` with the same marks (the tone
    wherever it was placed: "hoà" is "hòa")."""
    words = [_tone_form(w) for w in _WORD.findall(value.lower())]
    return all(any(base.startswith(t_base) and tone == t_tone for base, tone in words)
               for t_base, t_tone in map(_tone_form, marked))


_TONES = {"\u0300": 1, "\u0301": 2, "\u0303": 3, "\u0309": 4, "\u0323": 5}


@lru_cache(maxsize=65536)
def _tone_form(word: str) -> tuple[str, int]:
    """A word without its tone mark (other marks kept), and its tone (0 for none)."""
    tone, kept = 0, []
    for char in unicodedata.normalize("NFD", word):
        if char in _TONES:
            tone = _TONES[char]
        else:
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)), tone
