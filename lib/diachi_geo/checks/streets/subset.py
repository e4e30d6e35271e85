"""The addresses that could share a street with a few points, read without reading them all.

The far candidates (:mod:`.expected`) need the street neighbours of a few hundred far points,
but cutting the house number off every address is most of the cost of reading a million
(a regular expression over every character). So the far points' addresses are read first;
a neighbour must have the commune code of a far point (or none, as it has none) and write
every word of its street's folded name that an address cannot leave out (the words of an
abbreviation's expansion or a road kind, "duong" for "Đ.", "ql" for "Quốc lộ", it can);
only those addresses are read, with the far points. Reading a subset gives every one of
its points the same parts as reading all of them (a street or a commune is compared by its
name, not by its position), so the neighbours found are the same.

When the whole campaign was already read (the street checks ran first), that reading serves.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import numpy as np

from ...distinct import distinct_codes
from ...text import ABBREVIATIONS, LEADING_ABBREVIATIONS, blank_mask, fold
from ..context import Context
from .parse import StreetAddresses, parse_addresses, read_addresses

__all__ = ["addresses_for", "written_words", "lines_with_words", "MAX_STREETS"]

MAX_STREETS = 256
"""More distinct far streets than this: reading every address is as quick as searching."""

_NOT_WRITTEN = frozenset(
    word for full in (*ABBREVIATIONS.values(), *LEADING_ABBREVIATIONS.values(),
                      "ql tl dt hl dh") for word in full.split())
"""Words a street's key can hold without the address writing them: the expansions of
abbreviations ("Đ." is "duong") and the short kinds of road numbers ("Quốc lộ" is "ql")."""

_TABLE_END = 0x2200
"""Past this, no character folds to an ASCII letter or digit (checked by a test)."""
_OTHER, _SPACE = 1, 32


def written_words(key: str) -> list[bytes] | None:
    """The words of the folded street ``key`` that every address of that street writes
    (folded; a road number's value may be joined to its kind: "QL1A"); None when a word
    is not plain ASCII (it cannot be searched as bytes).

    Examples
    --------
    >>> written_words("nguyen van cu"), written_words("ql 1a"), written_words("duong")
    ([b'nguyen', b'van', b'cu'], [b'1a'], [])
    """
    words = [w for w in key.split() if w not in _NOT_WRITTEN]
    if not all(w.isascii() for w in words):
        return None
    return [w.encode("ascii") for w in words]


@lru_cache(maxsize=1)
def _fold_table() -> np.ndarray:
    """For each character below ``_TABLE_END``: the ASCII byte it folds to, 0 for a mark
    that folding removes, a space for one that separates, 1 for any other."""
    table = np.full(_TABLE_END, _OTHER, dtype=np.uint8)
    for code in range(_TABLE_END):
        char = chr(code)
        if 0xD800 <= code < 0xE000:
            continue
        folded = fold(char) if code != 10 else "\n"
        if len(folded) == 1 and folded.isascii():
            table[code] = ord(folded)
        elif not folded:
            table[code] = 0 if unicodedata.category(char) == "Mn" else _SPACE
    return table


def folded_bytes(texts: list[str]) -> bytes:
    """``texts`` folded as :func:`~diachi_geo.text.fold` folds them, one line each, as
    bytes: every character that folds to an ASCII letter or digit is that letter or digit.

    Examples
    --------
    >>> folded_bytes(["Số 5 Đường Lê Lợi", "THÔN Đông"]).splitlines()
    [b'so 5 duong le loi', b'thon dong']
    """
    joined = "\n".join(t.replace("\n", " ") for t in texts)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    table = _fold_table()
    out = np.where(codes < _TABLE_END, table[np.minimum(codes, _TABLE_END - 1)], _OTHER)
    return out[out != 0].astype(np.uint8).tobytes()


def lines_with_words(texts: list[str], words: dict[bytes, None] | list[bytes]
                     ) -> dict[bytes, np.ndarray]:
    """For each word, which ``texts`` contain it once folded.

    Examples
    --------
    >>> hits = lines_with_words(["Số 5 Đường Lê Lợi", "thôn Đông", "12 le-loi"], [b"loi"])
    >>> hits[b"loi"].tolist()
    [True, False, True]
    """
    folded = folded_bytes(texts)
    ends = np.flatnonzero(np.frombuffer(folded, dtype=np.uint8) == 10)
    out = {}
    for word in words:
        hit = np.zeros(len(texts), dtype=bool)
        at = folded.find(word)
        while at >= 0:
            line = int(np.searchsorted(ends, at))
            hit[line] = True
            if line >= len(ends):
                break
            at = folded.find(word, int(ends[line]) + 1)
        out[word] = hit
    return out


def addresses_for(ctx: Context, wanted: np.ndarray) -> tuple[np.ndarray, StreetAddresses]:
    """The positions (ascending) of the points that may share a street with the points
    ``wanted`` (a mask), ``wanted`` among them, and their addresses read as
    :func:`~.parse.street_addresses` reads them (positions within the subset)."""
    addresses = ctx.points.attribute("address")
    n = len(ctx.points)
    read = read_addresses(ctx)
    if read is not None:
        return np.arange(n), read
    codes = ctx.points.attribute("commune_code")
    few = np.flatnonzero(wanted)
    own = parse_addresses(addresses[few], None if codes is None else codes[few])
    # a commune is a code, or (no code) the commune the address names: -1 stands for
    # every point without a code
    if codes is None:
        commune = np.full(n, -1)
    else:
        distinct, commune = distinct_codes(np.asarray(codes, dtype=object))
        commune = np.where(blank_mask(np.array(distinct, dtype=object))[commune], -1,
                           commune)
    numbered = (own.street >= 0) & ~own.lane & np.isfinite(own.house)
    streets: dict[str, set[int]] = {}
    for s, c in zip(own.street[numbered].tolist(), commune[few[numbered]].tolist()):
        streets.setdefault(own.streets[s].folded, set()).add(c)
    words = {key: written_words(key) for key in streets}
    if len(streets) > MAX_STREETS or any(w is None for w in words.values()):
        return np.arange(n), parse_addresses(addresses, codes)
    near = np.flatnonzero(np.isin(commune, list(set().union(*streets.values()))))
    texts = [a if isinstance(a, str) else "" for a in addresses[near].tolist()]
    hits = lines_with_words(texts, dict.fromkeys(w for ws in words.values() for w in ws))
    keep = np.zeros(len(near), dtype=bool)
    for key, communes in streets.items():
        has = np.isin(commune[near], list(communes))
        for word in words[key]:
            has &= hits[word]
        keep |= has
    chosen = np.zeros(n, dtype=bool)
    chosen[near[keep]] = True
    subset = np.flatnonzero(chosen | wanted)
    return subset, parse_addresses(addresses[subset],
                                   None if codes is None else codes[subset])
