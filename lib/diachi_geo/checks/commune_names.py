"""Which commune polygon(s) each point declares: by its code, by an old (pre-2025) code
through the bundled conversion table, or by the commune name it carries (a commune name
column, else the commune part of its address).

Names resolve against the communes layer's own names, then the bundled 2025 units, then
the pre-2025 units (old names mapped to the new communes), within the province of the
point's code (else of the communes layer); an old name counts only when no commune has
that name now. A name can name several polygons (an old commune split between new ones,
a name used twice in a province): then the point is outside only when it is outside all
of them. Code and name disagree only when none of the communes the name may mean, new or
old, is the code's. Work is done once per distinct code and per
distinct (name, province) value, never per point.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from ..commune_text import (
    CommuneName,
    address_commune,
    address_province,
    parse_commune_name,
    province_key,
)
from ..text import blank_mask
from ..units import Units, load_units

__all__ = ["CommuneResolution", "resolve_communes", "RESOLVED_FROM"]

OLD_ERA_SHARE = 0.1
"""When at least this share of the points with a code carry a pre-2025 code that only the
conversion table knows, the data was collected with the old codes: a code that is both a
new commune's and an old one's then declares either (new codes often reuse an old one's:
00190 was Phường Hàng Bột, split between the new 00190 Ô Chợ Dừa and 00226)."""
RESOLVED_FROM = ("code", "old_code", "commune_name", "address")
"""What a declared commune was resolved from (``params.resolved_from``)."""


@dataclass
class CommuneResolution:
    """Per point: the candidate polygons its code and its name declare.

    ``code_set`` / ``name_set`` index :attr:`sets` (arrays of commune polygon indices);
    ``code_set`` is -1 for a blank code and -2 for one neither the layer nor the bundled
    tables know; ``name_set`` (what the name most likely means: a commune of that name
    now, else the old commune's new ones) is -1 when there is no name or it names no
    polygon; ``name_any`` is every polygon the name may mean, new or old.
    """

    sets: list[np.ndarray]
    code_set: np.ndarray
    code_from: np.ndarray
    name_set: np.ndarray
    name_any: np.ndarray
    name_from: np.ndarray
    name_text: np.ndarray
    converted: int = 0
    converted_partial: int = 0
    old_era: bool = False
    """Whether the data carries old codes (see :data:`OLD_ERA_SHARE`)."""


def resolve_communes(points, codes: np.ndarray, names: np.ndarray | None,
                     provinces: np.ndarray | None, *, declared: np.ndarray | None = None,
                     units: Units | None = None, old_era: bool | None = None
                     ) -> CommuneResolution:
    """Resolve every point's declared commune(s) against a communes layer.

    Parameters
    ----------
    points : PointSet
        Their ``commune_code``, ``commune_name`` and ``address`` attributes are read.
    codes, names, provinces : arrays
        The communes layer's code, name (or None) and province name (or None) per polygon.
    declared : array of int, optional
        Each point's polygon by its code (-1 blank, -2 not in the layer), when already known.
    old_era : bool, optional
        Whether the data carries old codes, when already known from more points than
        these (a run in parts); else worked out from these.
    """
    gazetteer = _Gazetteer(codes, names, provinces, units)
    n = len(points)
    point_codes = points.attribute("commune_code")
    if point_codes is None:
        point_codes = np.full(n, "", dtype=object)
    if declared is None:
        index = gazetteer.index
        declared = np.fromiter((index.get(c, -2) if c else -1 for c in point_codes),
                               dtype=np.int64, count=n)
    # set i is polygon i alone, so a code's own polygon needs no lookup
    for i in range(len(gazetteer.codes)):
        gazetteer.set_id([i])
    code_set = declared.copy()
    code_from = np.where(declared >= 0, "code", "").astype(object)
    by_code: dict[str, tuple[int, str]] = {c: (i, "code") for c, i in gazetteer.index.items()}
    by_code[""] = (-1, "")
    other = np.flatnonzero(declared == -2)
    if len(other):                    # codes the layer lacks: old ones, or unknown
        unknown = {code: gazetteer.by_code(code) for code in set(point_codes[other].tolist())}
        table = [(gazetteer.set_id(m) if m else -2, source) for m, source in unknown.values()]
        by_code.update(zip(unknown, table))
        position = {code: k for k, code in enumerate(unknown)}
        looked = np.fromiter((position[c] for c in point_codes[other]), dtype=np.int64,
                             count=len(other))
        code_set[other] = np.array([t[0] for t in table], dtype=np.int64)[looked]
        code_from[other] = np.array([t[1] for t in table], dtype=object)[looked]
    converted = code_from == "old_code"
    coded = int((code_set != -1).sum())
    if old_era is None:
        old_era = bool(coded) and converted.sum() >= OLD_ERA_SHARE * coded
    if old_era:
        # data collected with the old codes: a code both units use may mean either
        remap = np.arange(len(gazetteer.sets) + len(gazetteer.codes), dtype=np.int64)
        for code, i in gazetteer.index.items():
            extra = gazetteer.by_code_old(code)
            if extra:
                remap[i] = gazetteer.set_id([i, *extra])
        own = code_from == "code"
        code_set[own] = remap[code_set[own]]
    partial_codes = {c for c, (set_id, source) in by_code.items()
                     if source == "old_code" and len(gazetteer.sets[set_id]) > 1}
    n_partial = int(np.isin(point_codes[converted], list(partial_codes)).sum()) \
        if partial_codes else 0

    name_text, name_from = _name_texts(points, code_set, gazetteer)
    name_set = np.full(n, -1, dtype=np.int64)
    name_any = np.full(n, -1, dtype=np.int64)
    todo = np.flatnonzero(name_from != "")
    if len(todo):
        layer_scope = gazetteer.layer_scope
        memo: dict[tuple[str, tuple[str, ...]], tuple[int, int]] = {}
        out = []
        provinces_named = gazetteer.provinces_named(points.attribute("address"), todo)
        scope_of_code = {c: gazetteer.units.province_of(c) for c in set(point_codes[todo])
                         if by_code[c][0] >= 0}
        for text, code, named in zip(name_text[todo], point_codes[todo], provinces_named):
            scope = named or scope_of_code.get(code) or layer_scope
            key = (text, scope)
            found = memo.get(key)
            if found is None:
                first, every = gazetteer.by_name(text, scope)
                found = memo[key] = (gazetteer.set_id(first) if first else -1,
                                     gazetteer.set_id(every) if every else -1)
            out.append(found)
        name_set[todo] = [f[0] for f in out]
        name_any[todo] = [f[1] for f in out]
    return CommuneResolution(gazetteer.sets, code_set, code_from, name_set, name_any,
                             name_from, name_text, int(converted.sum()), n_partial, old_era)


def _name_texts(points, code_set: np.ndarray, gazetteer: _Gazetteer
                ) -> tuple[np.ndarray, np.ndarray]:
    """The commune name each point carries and where it came from ("" when none).

    The name column first; else the address, whose commune part is only looked for when
    the name of the commune its code declares is not already written in it (the usual
    case, decided by a substring test).
    """
    n = len(points)
    text = np.full(n, "", dtype=object)
    source = np.full(n, "", dtype=object)
    column = points.attribute("commune_name")
    if column is not None:
        given = ~blank_mask(column)
        text[given] = [str(v).strip() for v in column[given]]
        source[given] = "commune_name"
    address = points.attribute("address")
    if address is None:
        return text, source
    rest = np.flatnonzero(source == "")
    if not len(rest):
        return text, source
    expected = gazetteer.expected_names(code_set[rest])
    agrees = np.fromiter((type(a) is str and e in a for a, e in zip(address[rest], expected)),
                         dtype=bool, count=len(rest))
    look = rest[~agrees]
    found = [address_commune(a) for a in address[look]]
    text[look] = found
    source[look] = np.where(np.array([bool(f) for f in found], dtype=bool), "address", "")
    return text, source


class _Gazetteer:
    """The communes layer's codes and names with the bundled units, indexed for lookups."""

    def __init__(self, codes: np.ndarray, names: np.ndarray | None,
                 provinces: np.ndarray | None, units: Units | None):
        self._units = units
        self.codes = np.asarray(codes, dtype=object)
        self.index = {c: i for i, c in enumerate(self.codes.tolist()) if c}
        self._names = names
        self._provinces = provinces
        self.sets: list[np.ndarray] = []
        self._set_ids: dict[tuple[int, ...], int] = {}

    # built when first needed: a run whose codes are all the layer's, with addresses that
    # agree, never reads the bundled units
    @cached_property
    def units(self) -> Units:
        return self._units or load_units()

    @cached_property
    def province(self) -> np.ndarray:
        """The 2025 province code of each polygon ("" when unknown)."""
        provinces = self._provinces if self._provinces is not None else \
            [None] * len(self.codes)
        return np.array([_layer_province(c, p, self.units)
                         for c, p in zip(self.codes, provinces)], dtype=object)

    @cached_property
    def layer_scope(self) -> tuple[str, ...]:
        return tuple(sorted({p for p in self.province if p}))

    @cached_property
    def parsed(self) -> list[CommuneName | None]:
        names = self._names if self._names is not None else [None] * len(self.codes)
        return [parse_commune_name(v) if isinstance(v, str) else None for v in names]

    @cached_property
    def layer_names(self) -> _NameIndex:
        return _NameIndex((p, i) for i, p in enumerate(self.parsed) if p)

    def set_id(self, members: Iterable[int]) -> int:
        key = tuple(sorted(set(members)))
        if key not in self._set_ids:
            self._set_ids[key] = len(self.sets)
            self.sets.append(np.array(key, dtype=np.int64))
        return self._set_ids[key]

    def by_code(self, code: str) -> tuple[list[int], str]:
        """The polygons a point code declares: its own, else an old code's new ones."""
        if code in self.index:
            return [self.index[code]], "code"
        targets = [self.index[c] for c in self.units.old_to_new.get(code, ()) if c in self.index]
        return (targets, "old_code") if targets else ([], "")

    def by_code_old(self, code: str) -> list[int]:
        """The polygons ``code`` went to as a pre-2025 code (none when not one)."""
        return [self.index[c] for c in self.units.old_to_new.get(code, ()) if c in self.index]

    def provinces_named(self, address: np.ndarray | None, index: np.ndarray
                        ) -> list[tuple[str, ...]]:
        """The 2025 province(s) the address of each point at ``index`` ends with (an old
        province: the new ones it went to); () when it names none."""
        if address is None:
            return [()] * len(index)
        by_name = _province_by_name(self.units)
        return [by_name.get(address_province(a), ()) for a in address[index]]

    def expected_names(self, sets: np.ndarray) -> list[str]:
        """Per set id: the name (without its type) of its single commune, as written in the
        layer (else in the 2025 units); a text no address has for none or several."""
        cache: dict[int, str] = {}
        for s in set(sets.tolist()):
            name = None
            if s >= 0 and len(self.sets[s]) == 1:
                i = int(self.sets[s][0])
                parsed = self.parsed[i] or parse_commune_name(
                    self.units.communes.get(self.codes[i], ("", ""))[0])
                name = parsed.name if parsed else None
            cache[s] = name or "\x00"
        return [cache[s] for s in sets.tolist()]

    def by_name(self, text: str, scope: tuple[str, ...]) -> tuple[list[int], list[int]]:
        """The polygons a commune name means within the province(s) ``scope``: (the ones
        of the first source that knows the name, all of them). Sources in order: the
        layer's own names, the 2025 units, the pre-2025 units (as their new communes)."""
        name = parse_commune_name(text)
        if name is None:
            return [], []
        hits, kinds = self.layer_names.find(name)
        layer = [i for i in hits
                 if not scope or not self.province[i] or self.province[i] in scope]
        tables = _unit_names(self.units, scope)
        hits, new_kinds = tables[0].find(name)
        new = [self.index[c] for c in hits
               if c in self.index and (not scope or self.units.communes[c][1] in scope)]
        hits, old_kinds = tables[1].find(name)
        old = []
        for code in hits:
            targets = self.units.old_to_new.get(code, ())
            if not scope or any(self.units.communes.get(c, ("", ""))[1] in scope
                                for c in targets):
                old.extend(self.index[c] for c in targets if c in self.index)
        # the type decides first: "Thị trấn Thiệu Hóa" is the old one (no thị trấn since
        # 2025), though the new "Xã Thiệu Hóa" has its name
        sources = [(layer, kinds), (new, new_kinds), (old, old_kinds)]
        first = next((found for found, same in sources if found and same), None) or \
            layer or new or old
        return first, sorted(set(layer) | set(new) | set(old))


class _NameIndex:
    """Values by a name's marked key and by its folded key, with the unit type kept."""

    def __init__(self, entries: Iterable[tuple[CommuneName, object]]):
        self.marked: dict[str, list[tuple[str, object]]] = defaultdict(list)
        self.folded: dict[str, list[tuple[str, object]]] = defaultdict(list)
        for name, value in entries:
            self.marked[name.key].append((name.kind, value))
            self.folded[name.folded].append((name.kind, value))

    def find(self, name: CommuneName) -> tuple[list, bool]:
        """(values whose name is ``name`` (with marks unless typed without), whether they
        are of the type ``name`` gives): those of that type when some are."""
        hits = (self.marked if name.marked else self.folded).get(
            name.key if name.marked else name.folded, ())
        if name.kind:
            same = [v for kind, v in hits if kind == name.kind]
            if same:
                return same, True
        return [v for _, v in hits], not name.kind


@lru_cache(maxsize=64)
def _unit_names(units: Units, scope: tuple[str, ...]) -> tuple[_NameIndex, _NameIndex]:
    """Name indexes of the 2025 communes (-> code) and the pre-2025 ones (-> old code) of
    the 2025 provinces ``scope`` (all when empty): a province's are quick to build."""
    wanted = set(scope)
    new = _NameIndex((p, code) for code, (full, province) in units.communes.items()
                     if (not wanted or province in wanted) and (p := parse_commune_name(full)))
    old = _NameIndex((p, code) for code, (full, _) in units.old_communes.items()
                     if (not wanted or not wanted.isdisjoint(units.new_provinces_of_old(code)))
                     and (p := parse_commune_name(full)))
    return new, old


def _layer_province(code: str, province: object, units: Units) -> str:
    """The 2025 province code of a layer polygon: by its code, else by its province name."""
    if code in units.communes:
        return units.communes[code][1]
    if isinstance(province, str) and province.strip():
        found = _province_by_name(units).get(province_key(province), ())
        return found[0] if len(found) == 1 else ""
    return ""


@lru_cache(maxsize=1)
def _province_by_name(units: Units) -> dict[str, tuple[str, ...]]:
    """Province name key -> its 2025 province code; a pre-2025 province's name -> the
    2025 provinces its communes went to."""
    out: dict[str, set[str]] = defaultdict(set)
    old_new: dict[str, set[str]] = defaultdict(set)
    for code, (_, district) in units.old_communes.items():
        province = units.old_districts.get(district, ("", ""))[1]
        old_new[province].update(units.communes[c][1] for c in units.old_to_new.get(code, ())
                                 if c in units.communes)
    for code, name in units.old_provinces.items():
        out[province_key(name)].update(old_new[code])
    for code, name in units.provinces.items():
        out[province_key(name)] = {code}
    return {k: tuple(sorted(v)) for k, v in out.items() if v}
