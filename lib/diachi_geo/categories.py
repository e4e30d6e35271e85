"""Place classes shared by collected points and buildings, for matching one to the other.

Collectors write categories in Vietnamese ("Trường học", "UBND xã"...), OpenStreetMap
tags buildings in English (``building=school``, ``amenity=townhall``). Both map to one small
set of classes; households and shops have none (any building suits them).
"""
from __future__ import annotations

import numpy as np

from .text import match_key

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
    """:func:`place_class` over columns (the first column that names a class wins)."""
    present = [c for c in columns if c is not None]
    if not present:
        return np.array([], dtype=object)
    n = len(present[0])
    cache: dict[tuple, str | None] = {}
    out = np.empty(n, dtype=object)
    for i in range(n):
        key = tuple(c[i] for c in present)
        if key not in cache:
            cache[key] = place_class(*key, leading=leading)
        out[i] = cache[key]
    return out
