"""The held-out commune check: points placed in REAL 2025 communes (Thanh Hóa, Hà Nội;
``tests/data/units_eval``), carrying real unit names in the spellings collectors use, old
(pre-2025) codes and names, and splits; each labelled with whether it lies outside the
commune it declares.

Nothing here is tuned to the rule: points are placed 30 m or more inside a polygon (its
boundary is simplified to about 10 m), names are written as people write them.
"""
from __future__ import annotations

import pathlib
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import shapely
from diachi_geo.crs import WGS84, transform_xy
from diachi_geo.io import read_communes
from diachi_geo.model import PointSet
from diachi_geo.text import fold
from diachi_geo.units import load_units
from pyproj import CRS

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "units_eval" / "communes.geojson"
UTM = CRS.from_epsg(32648)
ABBREVIATION = {"Xã": "X.", "Phường": "P.", "Thị trấn": "TT.", "Đặc khu": "ĐK."}


def communes():
    return read_communes(str(DATA))


def split_type(full: str) -> tuple[str, str]:
    for kind in ("Thị trấn", "Đặc khu", "Phường", "Xã", "xã"):
        if full.startswith(kind + " "):
            return kind[0].upper() + kind[1:], full[len(kind) + 1:]
    return "", full


def _tone_pairs() -> dict[str, str]:
    """Old-style <-> new-style tone placement of final oa, oe, uy ("oá" <-> "óa")."""
    pairs = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in "\u0300\u0301\u0303\u0309\u0323":
            old = first + unicodedata.normalize("NFC", second + tone)
            new = unicodedata.normalize("NFC", first + tone) + second
            pairs[old], pairs[new] = new, old
    return pairs


_PAIRS = _tone_pairs()


def swap_tone_style(name: str) -> str:
    """"Hoá" <-> "Hóa", "Thuỷ" <-> "Thủy": the other tone placement of a final oa/oe/uy."""
    words = []
    for word in name.split():
        tail = word[-2:].lower()
        if tail in _PAIRS:
            swapped = _PAIRS[tail]
            word = word[:-2] + (swapped if word[-2:].islower() else swapped.capitalize())
        words.append(word)
    return " ".join(words)


def spellings(full: str) -> list[str]:
    """The ways a collector writes a commune's name."""
    kind, name = split_type(full)
    abbr = ABBREVIATION.get(kind, kind)
    return [full, f"{kind.lower()} {name}", f"{abbr} {name}", f"{abbr}{name}",
            fold(full), full.upper(), f"{kind} {swap_tone_style(name)}",
            unicodedata.normalize("NFD", full), f"{fold(abbr)} {fold(name)}".upper()]


@dataclass
class Case:
    ids: list = field(default_factory=list)
    x: list = field(default_factory=list)
    y: list = field(default_factory=list)
    code: list = field(default_factory=list)
    name: list = field(default_factory=list)
    address: list = field(default_factory=list)
    outside: list = field(default_factory=list)
    mismatch: list = field(default_factory=list)
    kind: list = field(default_factory=list)
    half: list = field(default_factory=list)


def build(seed: int = 18, per_case: int = 2):
    """(PointSet, communes layer, labels dict of arrays)."""
    rng = np.random.default_rng(seed)
    layer = communes()
    units = load_units()
    codes = layer.attributes["code"].tolist()
    names = layer.attributes["name"].tolist()
    province = layer.attributes["province"].tolist()
    metric = shapely.make_valid(layer.to_crs(UTM))
    inner = shapely.buffer(metric, -30.0)
    index = {c: i for i, c in enumerate(codes)}
    half = {c: k % 2 for k, c in enumerate(sorted(codes))}
    out = Case()

    def place(i: int) -> tuple[float, float]:
        poly = inner[i]
        x0, y0, x1, y1 = poly.bounds
        while True:
            x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
            if poly.contains(shapely.Point(x, y)):
                return x, y

    def other(i: int, avoid: set[int]) -> int:
        same = [j for j in range(len(codes)) if province[j] == province[i] and j not in avoid]
        return int(rng.choice(same))

    def address(spelling: str, i: int) -> str:
        street = "phố Huế" if province[i].endswith("Hà Nội") else "thôn Đông Hưng"
        return f"Số {rng.integers(1, 300)}, {street}, {spelling}, {province[i]}"

    def add(kind, at, code="", name="", addr="", outside=False, mismatch=False, key=None):
        x, y = place(at)
        out.ids.append(len(out.ids) + 1)
        out.x.append(x)
        out.y.append(y)
        out.code.append(code)
        out.name.append(name)
        out.address.append(addr)
        out.outside.append(outside)
        out.mismatch.append(mismatch)
        out.kind.append(kind)
        out.half.append(half[key or codes[at]])

    for i, code in enumerate(codes):
        for _ in range(per_case):
            add("code", i, code=code, addr=address(names[i], i))
            add("code_moved", other(i, {i}), code=code, addr=address(names[i], i),
                outside=True, key=code)
            j = other(i, {i})     # code names i, address names j, the point is in j
            add("code_name_disagree", j, code=code, addr=address(names[j], j), outside=True,
                mismatch=True, key=code)
        for spelling in spellings(names[i]):
            add("blank_name_column", i, name=spelling)
            add("blank_address", i, addr=address(spelling, i))
            add("blank_address_moved", other(i, {i}), addr=address(spelling, i),
                outside=True, key=code)
        add("blank_name_column_moved", other(i, {i}), name=split_type(names[i])[1],
            outside=True, key=code)
    for old, targets in sorted(units.old_to_new.items()):
        inside = [index[t] for t in targets if t in index]
        if len(inside) != len(targets) or not inside:
            continue              # split with a commune outside the test area
        kind = "old_code_split" if old in units.partial else "old_code"
        add(kind, int(rng.choice(inside)), code=old, key=targets[0])
        add(kind + "_moved", other(inside[0], set(inside)), code=old, outside=True,
            key=targets[0])
        old_name = units.old_communes[old][0]
        add("old_name_address", int(rng.choice(inside)), addr=address(old_name, inside[0]),
            key=targets[0])
    x, y = transform_xy(np.array(out.x), np.array(out.y), UTM, WGS84)
    points = PointSet("held-out", np.array(out.ids), x, y, WGS84, {
        "commune_code": np.array(out.code, dtype=object),
        "commune_name": np.array(out.name, dtype=object),
        "address": np.array(out.address, dtype=object),
        "name": np.array([f"Nhà {i}" for i in out.ids], dtype=object),
        "category": np.array(["Nhà ở"] * len(out.ids), dtype=object)})
    labels = {k: np.array(getattr(out, k)) for k in ("outside", "mismatch", "kind", "half")}
    return points, layer, labels


def scores(found: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """(recall, precision) of the points ``found`` against ``truth`` (boolean arrays)."""
    tp = int((found & truth).sum())
    return tp / max(int(truth.sum()), 1), tp / max(int(found.sum()), 1)
