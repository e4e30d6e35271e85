"""Place classes shared by collected points and buildings, for matching one to the other.

Collectors write categories in Vietnamese ("Trường học", "UBND xã"...), OpenStreetMap
tags buildings in English (``building=school``, ``amenity=townhall``). Both map to one small
set of classes; households and shops have none (any building suits them).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .distinct import distinct_codes
from .text import fold, match_key

__all__ = ["CLASSES", "place_class", "place_classes"]

# class -> folded Vietnamese words and OSM values that name it; checked in this order
# (post before office: "post_office" names a post office, not an office)
CLASSES: dict[str, tuple[str, ...]] = {
    "post": ("buu dien", "buu chinh", "post office", "post"),
    "school": ("truong", "mam non", "mau giao", "school", "kindergarten", "college",
               "university"),
    "office": ("uy ban nhan dan", "co quan", "hanh chinh", "cong an", "townhall", "government",
               "office", "public", "civic"),
    "health": ("tram y te", "y te", "benh vien", "phong kham", "clinic", "hospital", "doctors",
               "health"),
    "worship": ("chua", "den", "dinh", "nha tho", "mieu", "pagoda", "temple", "church",
                "place of worship", "religious", "shrine", "ton giao"),
    "market": ("cho", "market", "marketplace"),
}


def place_class(*texts: object, leading: bool = False) -> str | None:
    """The class named by the first text that names one, or None.

    With ``leading=True`` only the first words count, as in a name: "Trường THCS Kim Đồng"
    is a school, "Nhà ông Nguyễn Văn Trường" is not.

    Examples
    --------
    >>> place_class("Trường học"), place_class("building=yes", "townhall"), place_class("Nhà ở")
    ('school', 'office', None)
    >>> place_class("UBND xã Thiệu Đô", leading=True), place_class("post_office")
    ('office', 'post')
    >>> place_class("Nhà ông Nguyễn Văn Trường", leading=True) is None
    True
    """
    for text in texts:
        if text is None:
            continue
        words = f" {match_key(str(text).replace('=', ' ').replace('_', ' '))} "
        for name, keys in CLASSES.items():
            if any((words.startswith(f" {k} ") if leading else f" {k} " in words)
                   for k in keys):
                return name
    return None


def place_classes(*columns: np.ndarray | None, leading: bool = False) -> np.ndarray:
    """:func:`place_class` over columns: the first column that names a class wins.

    Each distinct value is classified once; with ``leading=True`` values whose first word
    cannot start a class name are skipped without folding the whole text.
    """
    present = [np.asarray(c, dtype=object) for c in columns if c is not None]
    if not present:
        return np.array([], dtype=object)
    out = np.full(len(present[0]), None, dtype=object)
    for column in present:
        todo = np.flatnonzero(out == None)  # noqa: E711 - elementwise on an object array
        if not len(todo):
            break
        try:
            distinct, inverse = distinct_codes(column[todo])
        except TypeError:  # an unhashable value: classify each
            distinct, inverse = column[todo].tolist(), np.arange(len(todo))
        found = np.array([_classify("" if v is None else str(v), leading) for v in distinct] +
                         [None], dtype=object)[:-1]
        out[todo] = found[inverse]
    return out


# first words (or first two, for names like "nhà thờ" whose first word is common) that can
# start a class name, folded; abbreviations included
_STARTS = {" ".join(key.split()[:2]) for keys in CLASSES.values() for key in keys} | {
    "ubnd", "thcs", "thpt", "ptth", "th", "mn", "mg", "tyt", "bv", "bvdk", "pk", "pkdk", "bd"}


def _classify(text: str, leading: bool) -> str | None:
    if not text.strip():  # blank, or only spaces and tabs
        return None
    if leading:
        words = [_fold_word(w.rstrip(".")) for w in text.split(maxsplit=2)[:2]]
        if words[0] not in _STARTS and " ".join(words) not in _STARTS:
            return None
    return place_class(text, leading=leading)


@lru_cache(maxsize=4096)
def _fold_word(word: str) -> str:
    return fold(word)
