"""What pair scoring looks at, one entry per point: names as tokens, categories, codes,
phones, collectors and times, and addresses parsed on demand."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ...arrays import object_array
from ...distinct import per_distinct
from ...model import PointSet
from ...text import match_key
from ...timestamps import minutes_of
from .addresses import address_key, leading_house_numbers
from .names import NameStatistics, NameTokens, name_tokens

__all__ = ["Records", "RECORD_FIELDS", "prepare_records", "category_key", "normalised",
           "normalised_all", "phone_ids", "value_ids", "MISSING"]


@dataclass
class Records:
    """What pair scoring looks at, one entry per point, prepared once.

    Addresses are parsed on demand (:meth:`parse_addresses`): parsing is the costliest
    preparation, and most neighbours are plainly different places by their names.
    """

    names: NameTokens
    address: np.ndarray
    """The address as written (object array), read on demand into :attr:`address_key`."""
    minutes: np.ndarray
    """Minutes since 1970 of the collection time, NaN where unknown."""
    category: np.ndarray
    """The category as an integer id (equal ids, equal match keys); -1 where blank or a
    catch-all such as "Khác"."""
    place_class: np.ndarray
    """The place class (school, office...) as an integer id; -1 for none."""
    code: np.ndarray
    """The digital address code as an integer id; -1 where blank."""
    phone: np.ndarray
    """The owner's phone as its last nine digits; -1 where blank."""
    collector: np.ndarray
    """The collector as an integer id; -1 where blank."""
    address_key: np.ndarray = field(init=False)
    """:class:`AddressKey` of each point, None until parsed."""
    parsed: np.ndarray = field(init=False)
    leading_number: np.ndarray = field(init=False)
    """The house number the address starts with, as an integer id (:data:`MISSING` where
    none), once read by :meth:`two_leading_numbers`."""
    number_read: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        n = len(self.address)
        self.address_key = np.full(n, None, dtype=object)
        self.parsed = np.zeros(n, dtype=bool)
        self.leading_number = np.full(n, MISSING, dtype=np.int64)
        self.number_read = np.zeros(n, dtype=bool)

    def two_leading_numbers(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Whether the addresses of points ``a`` and ``b`` start with two different house
        numbers (read quickly, and only for the points asked about)."""
        positions = np.r_[a, b]
        todo = np.unique(positions[~self.number_read[positions]])
        self.leading_number[todo] = value_ids(leading_house_numbers(self.address[todo]))
        self.number_read[todo] = True
        first, second = self.leading_number[a], self.leading_number[b]
        return (first != MISSING) & (second != MISSING) & (first != second)

    def parse_addresses(self, positions: np.ndarray) -> None:
        """The address heads of the points at ``positions``."""
        todo = np.unique(positions[~self.parsed[positions]])
        keys = per_distinct(self.address[todo], address_key)
        self.address_key[todo] = object_array(keys)
        self.parsed[todo] = True


UNKNOWN_CATEGORIES = frozenset({"khac", "other", "others", "unknown", "chua phan loai",
                                "khong ro", "-"})


def category_key(value: object) -> str | None:
    """A category as compared: a match key, None when blank or a catch-all ("Khác")."""
    if value is None or value != value:
        return None
    key = match_key(str(value))
    return None if not key or key in UNKNOWN_CATEGORIES else key


_NOT_DIGITS = re.compile(r"\D+")


def normalised(value: object, *, digits: bool = False) -> str | None:
    """A code (upper case, trimmed) or a phone number (its last 9 digits: +84 912... and
    0912... are one number); None when blank."""
    text = _text(value)
    if digits:
        return _NOT_DIGITS.sub("", text)[-9:] or None
    return text.strip().upper() or None


_UNIT = "\x1f"
_NOT_DIGITS_KEEP_UNIT = re.compile(r"[^\d\x1f]+")


def _text(value: object) -> str:
    """A value as text; a whole number read as a float loses its ".0" (a phone or code
    column that a spreadsheet stored as numbers)."""
    if value is None or value != value:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def normalised_all(values: np.ndarray, *, digits: bool = False) -> list[str | None]:
    """:func:`normalised` of many values at once: one regular-expression pass over them
    joined, for columns of a million mostly distinct phones or codes.

    Examples
    --------
    >>> normalised_all(np.array(["0912 345 678", None, "+84912345678", " ", 912345678.0],
    ...                         dtype=object), digits=True)
    ['912345678', None, '912345678', None, '912345678']
    """
    text = [v if type(v) is str else _text(v) for v in values.tolist()]
    joined = _UNIT.join(text)
    if joined.count(_UNIT) != max(len(text) - 1, 0):  # a value holds the separator
        return [normalised(v, digits=digits) for v in values.tolist()]
    if digits:
        parts = _NOT_DIGITS_KEEP_UNIT.sub("", joined).split(_UNIT)
        return [p[-9:] or None for p in parts]
    return [p.strip() or None for p in joined.upper().split(_UNIT)]


def phone_ids(values: np.ndarray) -> np.ndarray:
    """Each phone number as an integer id (its last nine digits), -1 where blank.

    Examples
    --------
    >>> phone_ids(np.array(["0912 345 678", None, "+84912345678"], dtype=object)).tolist()
    [912345678, -1, 912345678]
    """
    digits = normalised_all(values, digits=True)
    return np.array([d or "-1" for d in digits]).astype(np.int64) if len(digits) else \
        np.empty(0, dtype=np.int64)


def prepare_records(parts: list[tuple[PointSet, np.ndarray, np.ndarray]], *,
                    statistics: NameStatistics | None = None) -> Records:
    """The records of the points at ``index`` of each ``(points, classes, index)`` part, in
    order (the new points, then a registry's); word frequencies are counted over them all,
    or taken from ``statistics`` (counted over a whole run that is checked in parts)."""
    n = sum(len(index) for _, _, index in parts)

    def column(name: str) -> np.ndarray | None:
        """The values of the points, None where no part has the column; blanks need no
        mask: every use below turns blank text into None."""
        pieces = [points.attribute(name) for points, _, _ in parts]
        if all(values is None for values in pieces):
            return None
        return np.concatenate([np.full(len(index), None, dtype=object) if values is None
                               else np.asarray(values, dtype=object)[index]
                               for values, (_, _, index) in zip(pieces, parts)])

    def ids(name: str, of: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        values = column(name)
        return np.full(n, MISSING, dtype=np.int64) if values is None else of(values)

    address = column("address")
    times = column("collected_at")
    return Records(
        names=name_tokens(np.full(n, None, dtype=object) if (names := column("name")) is None
                          else names, statistics),
        category=ids("category", lambda v: value_ids(per_distinct(v, category_key))),
        place_class=value_ids(np.concatenate([classes[index] for _, classes, index in parts])),
        address=np.full(n, None, dtype=object) if address is None else address,
        # codes and phones are mostly unique: normalised one by one
        code=ids("digital_code", lambda v: value_ids(normalised_all(v))),
        phone=ids("owner_phone", phone_ids),
        collector=ids("collector", lambda v: value_ids(per_distinct(v, normalised))),
        minutes=np.full(n, np.nan) if times is None else minutes_of(times))


RECORD_FIELDS = ("name", "category", "address", "digital_code", "owner_phone", "collector",
                 "collected_at")
"""The fields of a point :func:`prepare_records` reads."""

MISSING = -1
"""The id of a blank value (Python never hashes anything to -1)."""


def value_ids(values: list | np.ndarray) -> np.ndarray:
    """Integer ids of values for comparing them: equal values, equal ids; :data:`MISSING`
    for None. The ids are Python's hashes (two different values share one with a chance
    of one in 2**64), made in C: a million values in a tenth of a second.

    Examples
    --------
    >>> ids = value_ids(["a", None, "b", "a"])
    >>> bool(ids[0] == ids[3]), bool(ids[0] != ids[2]), int(ids[1])
    (True, True, -1)
    """
    values = values.tolist() if isinstance(values, np.ndarray) else values
    ids = np.fromiter(map(hash, values), np.int64, len(values))
    ids[ids == hash(None)] = MISSING
    return ids
