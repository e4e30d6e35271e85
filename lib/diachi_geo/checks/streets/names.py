"""Street names as the map and the collectors write them, and when two name one street.

A name is read into words lined up with :func:`~diachi_geo.text.match_key` (abbreviations
expanded: "Đ." is "đường"), each kept as written and folded. A street's key leaves out the
words that only say "street" ("đường", "phố") and writes road numbers one way ("QL1A" and
"Quốc lộ 1A" are "ql 1a"). Two names are one street when their folded forms agree and, if
both were written with tone marks, their marks agree too: "Nguyen Van Cu" is "Nguyễn Văn
Cừ", "Nguyễn Văn Cừ" is "nguyễn văn cừ", but "Lê Lới" is not "Lê Lợi".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...text import ABBREVIATIONS, LEADING_ABBREVIATIONS, accented_word, fold, split_words

__all__ = ["Token", "StreetName", "tokens", "street_name", "road_name", "same_street",
           "carries"]


@dataclass(frozen=True)
class Token:
    """One word of a name: as written ("" for the later words of an expanded abbreviation),
    folded, and whether it came from an abbreviation."""

    written: str
    folded: str
    expanded: bool


@dataclass(frozen=True)
class StreetName:
    """A street's key: folded words, marked words and the name as written."""

    folded: str
    marked: tuple[str | None, ...] | None
    """Each word with its marks (tone as a digit; None for a word from an abbreviation,
    which matches any marks), or None when the name was written without marks."""
    written: str


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[Token, ...]:
    """The words of ``text`` as :func:`~diachi_geo.text.match_key` reads them, each with its
    written form: ``" ".join(t.folded for t in tokens(s)) == match_key(s)``.

    Examples
    --------
    >>> [(t.written, t.folded) for t in tokens("Đ. Lê Lợi")]
    [('Đ', 'duong'), ('Lê', 'le'), ('Lợi', 'loi')]
    """
    words = split_words(text)
    folded = [fold(w) for w in words]
    if not words or (folded[0] not in LEADING_ABBREVIATIONS and
                     ABBREVIATIONS.keys().isdisjoint(folded)):
        return tuple(Token(w, f, False) for w, f in zip(words, folded))
    out: list[Token] = []
    for i, (word, plain) in enumerate(zip(words, folded)):
        full = ABBREVIATIONS.get(plain) or (LEADING_ABBREVIATIONS.get(plain) if i == 0 else None)
        for k, part in enumerate((full or plain).split()):
            if not out or part != out[-1].folded:   # as match_key drops a repeated word
                out.append(Token(word if k == 0 else "", part, full is not None))
    return tuple(out)


_STREET_WORDS = frozenset({"duong", "pho"})
_ROAD_NUMBER = re.compile(r"^(quoc lo|tinh lo|duong tinh|huong lo|duong huyen|ql|tl|dt|hl|dh)"
                          r" ?(\d+[a-z]?)\b(.*)$")
_ROAD_KINDS = {"quoc lo": "ql", "tinh lo": "tl", "duong tinh": "dt", "huong lo": "hl",
               "duong huyen": "dh"}


def street_name(words: tuple[Token, ...] | list[Token]) -> StreetName | None:
    """The key of a street named by ``words`` (None when nothing is left of it).

    Examples
    --------
    >>> street_name(tokens("Đường Nguyễn Văn Cừ")) == street_name(tokens("Nguyễn Văn Cừ"))
    True
    >>> street_name(tokens("Quốc lộ 1A")).folded, street_name(tokens("QL1A")).folded
    ('ql 1a', 'ql 1a')
    >>> street_name(tokens("Nguyen Van Cu")).marked is None
    True
    >>> street_name(tokens("Đường số 5")).folded, street_name(tokens("đường 5")).folded
    ('5', '5')
    """
    words = list(words)
    joined = " ".join(t.folded for t in words)
    number = _ROAD_NUMBER.match(joined)
    if number:
        kind, value, rest = number.groups()
        return StreetName(f"{_ROAD_KINDS.get(kind, kind)} {value}{rest}", None,
                          " ".join(t.written for t in words if t.written))
    while words and words[0].folded in _STREET_WORDS:
        words.pop(0)
    if len(words) == 2 and words[0].folded == "so" and words[1].folded.isdigit():
        words.pop(0)                    # "Đường số 5" is "Đường 5"
    if not words:
        return None
    marked = any(t.written and not t.expanded and fold(t.written) != t.written.lower()
                 for t in words)
    return StreetName(" ".join(t.folded for t in words),
                      tuple(None if t.expanded or not t.written else
                            accented_word(t.written.lower()) for t in words)
                      if marked else None, " ".join(t.written for t in words if t.written))


@lru_cache(maxsize=65536)
def road_name(name: object) -> StreetName | None:
    """The street key of a road's name on the map (None for a blank name).

    Examples
    --------
    >>> road_name("Phố Hàng Bông").folded, road_name("  ") is None
    ('hang bong', True)
    """
    if not isinstance(name, str) or not name.strip():
        return None
    return street_name(tokens(name))


def same_street(a: StreetName, b: StreetName) -> bool:
    """Whether ``a`` and ``b`` name one street (tone marks compared when both have them).

    Examples
    --------
    >>> same_street(road_name("Đ. Lê Lợi"), road_name("Le Loi"))
    True
    >>> same_street(road_name("Lê Lới"), road_name("Lê Lợi"))
    False
    >>> same_street(road_name("Hoà Bình"), road_name("đường Hòa Bình"))
    True
    """
    return a.folded == b.folded and _same_marks(a.marked, b.marked)


def _same_marks(a: tuple[str | None, ...] | None, b: tuple[str | None, ...] | None) -> bool:
    """Whether two names' words (of the same folded words) agree in their marks."""
    return a is None or b is None or all(x is None or y is None or x == y
                                         for x, y in zip(a, b))


def carries(road: StreetName, street: StreetName) -> bool:
    """Whether a road named ``road`` carries the address's ``street``: the same street, or
    a lane of it ("Ngõ 34 Lê Lợi" carries "Lê Lợi").

    Examples
    --------
    >>> carries(road_name("Ngõ 34 Lê Lợi"), road_name("Lê Lợi"))
    True
    >>> carries(road_name("Lê Lợi"), road_name("Lợi"))
    False
    """
    if same_street(road, street):
        return True
    if not road.folded.endswith(" " + street.folded) or not road.folded.startswith("ngo "):
        return False
    return street.marked is None or road.marked is None or \
        _same_marks(road.marked[-len(street.marked):], street.marked)
