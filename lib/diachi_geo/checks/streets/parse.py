"""Every point's address read once per run into house number, street, hamlet and commune.

The house number is cut off the front of all addresses in one regular-expression pass;
what follows it ("đường Lê Lợi, xã Thiệu Đô, tỉnh Thanh Hóa") repeats for every house of a
street, so it is read once per distinct value, by
:func:`~diachi_geo.checks.duplicates.addresses.address_key` (the reader duplicate detection
uses), and its street is then found again among the written words to keep its tone marks.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from weakref import WeakKeyDictionary

import numpy as np

from ...distinct import distinct_codes
from ...text import blank_mask, fold
from ..context import Context
from ..duplicates.addresses import address_key
from .names import StreetName, Token, street_name, tokens

__all__ = ["StreetAddresses", "parse_addresses", "street_addresses", "read_addresses"]

_HEAD = re.compile(   # no re.I: a third faster, and the prefixes are few
    r"^[ \t]*(?:(?:(?:[sS][ốoôỐOÔ]|[sS][nN]|[nN]hà số|[nN]ha so)\.?[ \t]*"
    r"(?:[nN]h[àa][ \t]+)?)?(\d+[a-zA-Z]?(?:[/-]\d+[a-zA-Z]?)*)(?=[ \t,;]|$)[ \t]*([,;]?))?"
    r"[ \t]*(.*)$", re.M)
"""A house number at the start ("Số 12", "sn 5", "12A", "12/3"), the comma after it if
any, and the rest; or no number and the whole line."""
_PLAIN_NUMBER = re.compile(r"^(\d+)([a-z]?)$", re.I)
_SLICE_CHARS = 4_000_000
"""About the characters of the addresses read by one regular-expression pass."""
_SEGMENTS = re.compile(r"[,;]| - ")     # where address_key cuts an address
_HAMLETS = ("thon ", "xom ", "ban ", "ap ", "to dan pho ", "khu pho ", "khom ", "buon ",
            "plei ", "soc ")
_UNITS = ("xa ", "phuong ", "thi tran ", "huyen ", "quan ", "thi xa ", "thanh pho ", "tinh ",
          "dac khu ")
_COMMUNES = ("xa ", "phuong ", "thi tran ", "dac khu ")
_UNIT_WORDS = frozenset({"phường", "xã", "quận", "huyện", "tỉnh"})
_UNIT_ABBREVIATIONS = frozenset({"phuong", "xa", "quan", "huyen", "thanh", "thi"})


@dataclass
class StreetAddresses:
    """The parts of every point's address that the street checks use (-1: none)."""

    house: np.ndarray
    """The house number as a value to order by ("12A" is 12.5); NaN when there is none or
    it is a sub-number ("12/3") or a range ("12-14")."""
    house_text: np.ndarray
    street: np.ndarray
    """Position in :attr:`streets`."""
    streets: list[StreetName]
    lane: np.ndarray
    """The house is in a lane of the street (ngõ, ngách, hẻm, kiệt), not on it."""
    hamlet: np.ndarray
    """Position in :attr:`hamlets` (one per folded name, as written)."""
    hamlets: list[str]
    hamlet_written: np.ndarray
    """Each point's hamlet as its address writes it ("" when none)."""
    commune: np.ndarray
    """Position among the communes: the commune code, else the commune in the address."""


@dataclass(frozen=True)
class _Tail:
    street: StreetName | None
    lane: bool
    hamlet: str | None
    hamlet_written: str
    commune: str


def parse_addresses(addresses: np.ndarray | None, commune_codes: np.ndarray | None = None
                    ) -> StreetAddresses:
    """Read ``addresses`` (None: every part missing) with the points' ``commune_codes``.

    Examples
    --------
    >>> a = parse_addresses(np.array(["Số 12A Đ. Lê Lợi, P. Điện Biên", "5, thôn Đông",
    ...                               "12/3 Le Loi", None], dtype=object))
    >>> a.house.tolist()[:3], [a.streets[s].written if s >= 0 else None for s in a.street]
    ([12.5, 5.0, nan], ['Lê Lợi', None, 'Le Loi', None])
    >>> [a.hamlets[h] if h >= 0 else None for h in a.hamlet]
    [None, 'thôn Đông', None, None]
    """
    n = 0 if addresses is None else len(addresses)
    if addresses is None or not n:
        return _empty(n)
    number, rest = _split_numbers(addresses)
    distinct_rest, rest_code = distinct_codes(rest)
    tails = [_read_tail(r) for r in distinct_rest]
    distinct_numbers, number_code = distinct_codes(number)
    values = np.array([_house_value(v) for v in distinct_numbers], dtype=float)
    street_keys = {t.street for t in tails if t.street is not None}
    streets = sorted(street_keys, key=lambda s: (s.folded, s.written, str(s.marked)))
    street_pos = {s: i for i, s in enumerate(streets)}
    # one hamlet per folded name ("Thôn Đông", "thon Dong"), shown as written with marks
    written: dict[str, str] = {}
    for t in sorted((t for t in tails if t.hamlet), key=lambda t: fold(t.hamlet_written) ==
                    t.hamlet_written.lower()):
        written.setdefault(t.hamlet, t.hamlet_written)
    hamlet_pos = {h: i for i, h in enumerate(sorted(written))}
    hamlets = [written[h] for h in sorted(written)]
    tail_street = np.array([street_pos.get(t.street, -1) for t in tails], dtype=np.int64)
    tail_hamlet = np.array([hamlet_pos[t.hamlet] if t.hamlet else -1 for t in tails],
                           dtype=np.int64)
    tail_lane = np.array([t.lane for t in tails], dtype=bool)
    tail_written = np.array([t.hamlet_written if t.hamlet else "" for t in tails], dtype=object)
    commune = _commune_ids(commune_codes, [t.commune for t in tails], rest_code)
    return StreetAddresses(
        house=values[number_code], house_text=_objects(distinct_numbers)[number_code],
        street=tail_street[rest_code], streets=streets, lane=tail_lane[rest_code],
        hamlet=tail_hamlet[rest_code], hamlets=hamlets,
        hamlet_written=tail_written[rest_code], commune=commune)


def _commune_ids(codes: np.ndarray | None, tail_communes: list[str],
                 tail_of: np.ndarray) -> np.ndarray:
    """Each point's commune as a number: its code, else the commune its address names
    (the tail's), -1 when neither."""
    names, tail_id = distinct_codes(tail_communes)
    tail_id = np.where(np.array([n == "" for n in names], dtype=bool)[tail_id], -1,
                       tail_id)[tail_of]
    if codes is None:
        return tail_id
    distinct, code_id = distinct_codes(np.asarray(codes, dtype=object))
    has_code = ~blank_mask(np.array(distinct, dtype=object))[code_id]
    return np.where(has_code, code_id, np.where(tail_id >= 0, len(distinct) + tail_id, -1))


def _split_numbers(addresses: np.ndarray) -> tuple[list[str], list[str]]:
    """The house number each address starts with ("" if none) and the rest of it."""
    texts = addresses.tolist()
    if set(map(type, texts)) != {str}:
        texts = [a if isinstance(a, str) else "" for a in texts]
    # one line per address, in one pass over one string
    joined = "\x1e".join(texts).replace("\n", " ")
    if joined.count("\x1e") != len(texts) - 1:       # a separator inside an address
        joined = "\x1e".join(t.replace("\x1e", " ") for t in texts).replace("\n", " ")
    text = unicodedata.normalize("NFC", joined.replace("\x1e", "\n"))
    del joined
    numbers: list[str] = []
    rests: list[str] = []
    # a slice of lines at a time: the (number, comma, rest) tuples of a million addresses
    # at once would take a quarter of a gigabyte
    start = 0
    while True:
        end = text.find("\n", start + _SLICE_CHARS)
        end = len(text) if end < 0 else end
        heads = _HEAD.findall(text, start, end)
        numbers += [h[0] for h in heads]
        # right after a number, "P. Hàng Bông" is a street (phố), as address_key reads it
        # when a house number leads: one stands in for the number cut off
        rests += [("1 " + h[2]) if h[0] and not h[1] else h[2] for h in heads]
        if end == len(text):
            break
        start = end + 1
    return numbers, rests


def _objects(values: list) -> np.ndarray:
    """``values`` as a one-dimensional object array."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _empty(n: int) -> StreetAddresses:
    none = np.full(n, -1, dtype=np.int64)
    return StreetAddresses(np.full(n, np.nan), np.full(n, "", dtype=object), none, [],
                           np.zeros(n, dtype=bool), none.copy(), [],
                           np.full(n, "", dtype=object), none.copy())


def _house_value(text: str) -> float:
    """12 -> 12.0, "12A" -> 12.5; NaN for none, sub-numbers and ranges."""
    match = _PLAIN_NUMBER.match(text)
    if not match:
        return np.nan
    return float(match.group(1)) + (0.5 if match.group(2) else 0.0)


def _read_tail(text: str) -> _Tail:
    """The street, lane, hamlet and commune of an address after its house number."""
    head = address_key(text)
    segments = [tokens(s) for s in _SEGMENTS.split(text)]
    street, hamlet = None, head.hamlet
    if head.street:
        words = _written(segments, head.street)
        if head.street.startswith(_HAMLETS):
            hamlet = hamlet or head.street
        else:
            street = _street_of(words)
    hamlet_written = ""
    if hamlet:
        hamlet_words = _written(segments, hamlet)
        hamlet_written = " ".join(t.written for t in hamlet_words if t.written) or hamlet
    folded = (" ".join(t.folded for t in words) for words in segments)
    commune = next((f for f in folded if f.startswith(_COMMUNES)), "")
    return _Tail(street, bool(head.lanes), hamlet, hamlet_written, commune)


def _written(segments: list[tuple[Token, ...]], key: str) -> list[Token]:
    """The words of the segment that ends with the folded words ``key``, as written (the
    folded words themselves if none does)."""
    wanted = key.split()
    for words in segments:
        if len(words) >= len(wanted) and [t.folded for t in words[-len(wanted):]] == wanted:
            return list(words[-len(wanted):])
    return [Token(w, w, True) for w in wanted]


def _street_of(words: list[Token]) -> StreetName | None:
    """The street named by the words address_key took for a street; None when they name a
    commune ("Phường Đức Giang", not "P. Hàng Bông": in a street, "P." is "phố")."""
    if words and words[0].folded == "phuong" and words[0].expanded:
        words = words[1:]
    elif " ".join(t.folded for t in words).startswith(_UNITS):
        return None
    for k in range(1, len(words)):      # "Lê Lợi P. Điện Biên" without its comma
        t = words[k]
        if (t.expanded and t.folded in _UNIT_ABBREVIATIONS) or \
                t.written.lower() in _UNIT_WORDS:
            words = words[:k]
            break
    return street_name(words)


_CACHE: WeakKeyDictionary[Context, StreetAddresses] = WeakKeyDictionary()


def street_addresses(ctx: Context) -> StreetAddresses:
    """The addresses of ``ctx``'s points, read once per run for the three street checks."""
    if ctx not in _CACHE:
        _CACHE[ctx] = parse_addresses(ctx.points.attribute("address"),
                                      ctx.points.attribute("commune_code"))
    return _CACHE[ctx]


def read_addresses(ctx: Context) -> StreetAddresses | None:
    """The addresses of ``ctx``'s points if :func:`street_addresses` has read them."""
    return _CACHE.get(ctx)
