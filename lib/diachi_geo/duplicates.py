"""Duplicate places: the same school or shop collected twice under different spellings.

Candidate pairs come from a spatial index (a larger radius for schools, offices, markets,
pagodas; a small one for households and shops), so the work grows with n. Each pair is scored
from the evidence below, summed as log-odds (positive: same place) and turned into a score
between 0 and 1 by the logistic function; pairs scoring at least ``threshold`` are linked.
Linked points form groups around a keeper, and only members that match the keeper
themselves stay in a group, so one weak link cannot chain unrelated places.

The weights in :class:`DuplicateParams` were tuned on generated campaigns (households, shops
and public places, 3 to 30 m apart, with the spelling variants collectors produce) and on the
look-alikes that must stay apart: two shops of one kind side by side, a school beside a
pagoda, two schools of the same name and different levels.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

import numpy as np
import shapely

from .context import Context, classes_of
from .crs import transform_xy
from .distinct import distinct_codes, per_distinct
from .findings import FindingTable, plain
from .groups import connected_groups
from .model import PointSet
from .parallel import query_in_threads
from .text import blank_mask, match_key, parse_address

__all__ = ["DuplicateParams", "GENERIC_WORDS", "split_name", "score_pairs", "find_duplicates",
           "check_duplicate"]

GENERIC_WORDS = (
    "uy ban nhan dan", "tram y te", "benh vien", "phong kham", "buu dien", "nha van hoa",
    "van hoa", "tap hoa", "cua hang", "cong ty", "thi tran", "nha", "ho", "ong", "ba", "anh",
    "chi", "chu", "quan", "tiem", "truong", "xa", "phuong", "thi", "van", "cho", "chua",
    "den", "dinh",
)
"""Words and phrases that say what kind of place it is, not which one (weighted low when
comparing), longest first. Levels of school (tiểu học, trung học cơ sở, mầm non) are not
generic: they tell schools apart. "Hóa" alone is not generic: it is a name (Hoa, Hòa); only
the phrase "tạp hóa" is. Middle names Văn and Thị carry little identity."""
_GENERIC: dict[str, list[tuple[str, ...]]] = {}
for _phrase in sorted((tuple(p.split()) for p in GENERIC_WORDS), key=len, reverse=True):
    _GENERIC.setdefault(_phrase[0], []).append(_phrase)


@dataclass(frozen=True)
class DuplicateParams:
    """Radii, weights (log-odds) and the threshold of duplicate detection."""

    radius_m: float = 35.0
    """Households and shops farther apart than this are never compared."""
    public_radius_m: float = 80.0
    """The same for schools, offices, clinics, pagodas, markets and post offices."""
    threshold: float = 0.5
    """Pairs scoring this or more are duplicates."""
    bias: float = -2.5
    name: float = 6.0
    """Times (core-name similarity - 0.75): the distinctive words of the name. A similarity
    under 0.75 counts against: "Lan" and "Lâm" (0.67) are two people."""
    kind_words: float = 1.5
    """Times (similarity of the generic words - 0.5): "tạp hóa" against "quán phở"."""
    same_category: float = 0.5
    same_class: float = 1.0
    """Both a school, both a pagoda...: public places of one kind this close are rare."""
    other_class: float = -4.0
    """A school and a pagoda are never one place."""
    same_house_number: float = 1.5
    other_house_number: float = -4.0
    same_street: float = 0.5
    other_street: float = -1.0
    same_code: float = 4.0
    other_code: float = -4.0
    same_phone: float = 2.0
    distance: float = -1.5
    """Times distance / radius."""
    same_collector_soon: float = 0.5
    """The same collector within ``soon_minutes``: a double submission."""
    soon_minutes: float = 30.0

    def replace(self, **changes: object) -> DuplicateParams:
        return dataclasses.replace(self, **changes)


def split_name(name: object) -> tuple[str, str]:
    """(core, kind words) of a name, both as match keys.

    Examples
    --------
    >>> split_name("UBND xã Thừa Đức")
    ('thua duc', 'uy ban nhan dan xa')
    >>> split_name("Trường THCS Nguyễn Du")
    ('trung hoc co so nguyen du', 'truong')
    >>> split_name("Nhà bà Lê Thị Hoa")
    ('le hoa', 'nha ba thi')
    """
    words = match_key(name).split()
    core: list[str] = []
    kind: list[str] = []
    i = 0
    while i < len(words):
        phrase = next((g for g in _GENERIC.get(words[i], ())
                       if tuple(words[i:i + len(g)]) == g), None)
        if phrase:
            kind.extend(phrase)
            i += len(phrase)
        else:
            core.append(words[i])
            i += 1
    return " ".join(core), " ".join(kind)


def _similarity(a: list[str], b: list[str]) -> np.ndarray:
    """Pairwise token-set similarity in [0, 1] ("Hoa" and "Lê Thị Hoa" match: one name
    holds the other); two empty strings are similar."""
    from rapidfuzz import fuzz
    from rapidfuzz.process import cpdist

    if not a:
        return np.empty(0)
    sim = cpdist(a, b, scorer=fuzz.token_set_ratio, workers=-1) / 100.0
    both_empty = (np.fromiter(map(len, a), np.int64, len(a)) == 0) & \
        (np.fromiter(map(len, b), np.int64, len(b)) == 0)
    return np.where(both_empty, 1.0, sim)


def _similarity_of_repeating(values: np.ndarray, a: np.ndarray, b: np.ndarray
                             ) -> np.ndarray:
    """:func:`_similarity` of ``values[a]`` and ``values[b]``, computed once per distinct
    pair: kind words come in a few dozen forms."""
    distinct, code = distinct_codes(values)
    size = max(len(distinct), 1)
    pairs, inverse = np.unique(code[a] * size + code[b], return_inverse=True)
    similarity = _similarity([distinct[k] for k in (pairs // size).tolist()],
                             [distinct[k] for k in (pairs % size).tolist()])
    return similarity[inverse.ravel()] if len(a) else np.empty(0)


@dataclass
class Records:
    """What pair scoring looks at, one entry per point (prepared once).

    Addresses are parsed only for the points of pairs that the address could still link
    (see :meth:`parse_addresses`): parsing is the costliest preparation, and most
    neighbours are plainly different places by their names.
    """

    core: np.ndarray
    kind: np.ndarray
    """Core name and kind words (:func:`split_name`), as object arrays of str."""
    category: np.ndarray
    place_class: np.ndarray
    address: np.ndarray
    code: np.ndarray
    phone: np.ndarray
    collector: np.ndarray
    minutes: np.ndarray
    house_number: np.ndarray = field(init=False)
    street: np.ndarray = field(init=False)
    parsed: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        n = len(self.address)
        self.house_number = np.full(n, None, dtype=object)
        self.street = np.full(n, None, dtype=object)
        self.parsed = np.zeros(n, dtype=bool)

    def parse_addresses(self, positions: np.ndarray) -> None:
        """House number and street (or hamlet) of the points at ``positions``."""
        todo = np.unique(positions[~self.parsed[positions]])
        heads = per_distinct(self.address[todo], _address_head)
        self.house_number[todo] = [number for number, _ in heads]
        self.street[todo] = [street for _, street in heads]
        self.parsed[todo] = True

    @classmethod
    def concat(cls, first: Records, second: Records) -> Records:
        """The records of two point sets, ``second`` after ``first``."""
        fields = {f.name: np.concatenate([getattr(first, f.name), getattr(second, f.name)])
                  for f in dataclasses.fields(cls) if f.init}
        return cls(**fields)


def prepare_records(points: PointSet, classes: np.ndarray, index: np.ndarray) -> Records:
    """Normalised fields of the points at ``index`` (the only ones that have a neighbour)."""
    n = len(index)

    def column(name: str) -> np.ndarray:
        # blanks need no mask: every use below turns blank text into None or ""
        values = points.attribute(name)
        return np.full(n, None, dtype=object) if values is None else values[index]

    split = per_distinct(column("name"), split_name)
    category = np.array(per_distinct(column("category"),
                                      lambda c: match_key(c) or None if c is not None
                                      else None), dtype=object)
    return Records(
        core=_strings([c for c, _ in split]), kind=_strings([k for _, k in split]),
        category=category,
        place_class=classes[index], address=column("address"),
        code=_normalised(column("digital_code")),
        phone=_normalised(column("owner_phone"), digits=True),
        collector=np.array(per_distinct(column("collector"), _normalised_one), dtype=object),
        minutes=_minutes_of(column("collected_at")))


def _address_head(address: object) -> tuple[str | None, str | None]:
    parts = parse_address(address, head_only=True)
    return parts.house_number or None, _street_key(parts.street or parts.hamlet)


def _strings(values: list[str]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _street_key(street: str) -> str | None:
    """ "duong le loi" and "le loi" are one street."""
    words = street.split()
    while words and words[0] in ("duong", "pho"):
        words = words[1:]
    return " ".join(words) or None


_NOT_DIGITS = re.compile(r"\D+")


def _normalised_one(value: object, digits: bool = False) -> str | None:
    if value is None or value != value:  # None or NaN
        return None
    if digits:
        return _NOT_DIGITS.sub("", str(value))[-9:] or None  # +84 912... and 0912... match
    return str(value).strip().upper() or None


def _normalised(values: np.ndarray, digits: bool = False) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = [_normalised_one(v, digits) for v in values]
    return out


def _minutes_of(values: np.ndarray) -> np.ndarray:
    """Minutes since 1970 of ISO timestamps, NaN where there is none; all at once when
    every value reads, else one by one."""
    text = np.array(["" if v is None else str(v).strip().replace(" ", "T")[:19]
                     for v in values], dtype=object)
    present = text != ""
    out = np.full(len(values), np.nan)
    try:
        out[present] = np.array(text[present].tolist(), dtype="datetime64[m]").astype(
            np.int64)
    except ValueError:
        out = np.array([_minutes(v) for v in values])
    return out


def _minutes(value: object) -> float:
    if value is None or not str(value).strip():
        return np.nan
    try:
        return float(np.datetime64(str(value).replace(" ", "T")[:19], "m").astype(np.int64))
    except ValueError:
        return np.nan


def score_pairs(records: Records, a: np.ndarray, b: np.ndarray, distance: np.ndarray,
                radius: np.ndarray, params: DuplicateParams) -> np.ndarray:
    """The duplicate score (0-1) of each pair (positions into ``records``).

    The address is looked at only where it could still lift a pair to the threshold; the
    others keep their score without it, which is below the threshold either way.
    """
    p = params
    total = _score_without_address(records, a, b, distance, radius, p)
    best_case = max(p.same_house_number, p.other_house_number, 0.0) + \
        max(p.same_street, p.other_street, 0.0)
    threshold = np.log(p.threshold / (1.0 - p.threshold)) if 0 < p.threshold < 1 else \
        (-np.inf if p.threshold <= 0 else np.inf)
    open_ = np.flatnonzero(total + best_case >= threshold)
    if len(open_):
        a_open, b_open = a[open_], b[open_]
        records.parse_addresses(np.r_[a_open, b_open])
        total[open_] += _agreement(records.house_number, a_open, b_open,
                                   p.same_house_number, p.other_house_number)
        total[open_] += _agreement(records.street, a_open, b_open, p.same_street,
                                   p.other_street)
    return 1.0 / (1.0 + np.exp(-total))


def _score_without_address(records: Records, a: np.ndarray, b: np.ndarray,
                           distance: np.ndarray, radius: np.ndarray, p: DuplicateParams
                           ) -> np.ndarray:
    """The log-odds of each pair from every piece of evidence but the address."""
    total = np.full(len(a), p.bias)
    total += p.name * (_similarity(records.core[a].tolist(), records.core[b].tolist()) - 0.75)
    has_kind = records.kind != ""
    # "THCS Thiệu Đô" against "Trường THCS Thiệu Đô": one name lacks the kind word, which
    # says nothing either way
    told = np.flatnonzero(has_kind[a] & has_kind[b])
    total[told] += p.kind_words * (_similarity_of_repeating(records.kind, a[told], b[told])
                                   - 0.5)
    total += _agreement(records.category, a, b, p.same_category, 0.0)
    total += _agreement(records.place_class, a, b, p.same_class, p.other_class)
    total += _agreement(records.code, a, b, p.same_code, p.other_code)
    total += _agreement(records.phone, a, b, p.same_phone, 0.0)
    total += p.distance * distance / radius
    soon = (records.collector[a] == records.collector[b]) & \
        (np.abs(records.minutes[a] - records.minutes[b]) <= p.soon_minutes)
    total += np.where(soon & (records.collector[a] != None), p.same_collector_soon, 0.0)  # noqa
    return total


def _agreement(values: np.ndarray, a: np.ndarray, b: np.ndarray, same: float, other: float
               ) -> np.ndarray:
    """``same`` where both are known and equal, ``other`` where both are known and differ."""
    known_values = values != None  # noqa: E711 - elementwise
    known = known_values[a] & known_values[b]
    equal = known & (values[a] == values[b])
    return np.where(equal, same, np.where(known, other, 0.0))


@dataclass
class Duplicates:
    """Groups found: for each member, its group label (keeper position) and score."""

    members: np.ndarray
    keeper: np.ndarray
    score: np.ndarray
    reason: np.ndarray


def find_duplicates(ctx: Context, params: DuplicateParams | None = None) -> Duplicates:
    """Duplicate groups among the located points of ``ctx``."""
    p = params or DuplicateParams()
    located = np.flatnonzero(ctx.located)
    empty = Duplicates(*(np.empty(0, dtype=np.int64) for _ in range(2)), np.empty(0),
                       np.empty(0, dtype=object))
    if len(located) < 2:
        return empty
    public = np.array([c is not None for c in ctx.point_classes[located]])
    radius = np.where(public, p.public_radius_m, p.radius_m)
    geoms = ctx.metric_points[located]
    left, right = query_in_threads(shapely.STRtree(geoms), geoms, predicate="dwithin",
                                   distance=radius)
    keep = left < right
    left, right = left[keep], right[keep]
    if not len(left):
        return empty
    # the larger radius only when both are public places
    pair_radius = np.minimum(radius[left], radius[right])
    distance = shapely.distance(geoms[left], geoms[right])
    near = distance <= pair_radius
    left, right, distance, pair_radius = left[near], right[near], distance[near], \
        pair_radius[near]
    involved, inverse = np.unique(np.r_[left, right], return_inverse=True)
    records = prepare_records(ctx.points, ctx.point_classes, located[involved])
    a, b = inverse[:len(left)], inverse[len(left):]
    score = score_pairs(records, a, b, distance, pair_radius, p)
    close = np.flatnonzero((distance < 0.5) & (records.collector[a] == records.collector[b]))
    exact = np.zeros(len(a), dtype=bool)  # the same name at the same spot by the same person
    exact[close] = (records.core[a[close]] == records.core[b[close]]) & \
        (records.kind[a[close]] == records.kind[b[close]])
    score = np.where(exact, 1.0, score)
    linked = score >= p.threshold
    return _groups(ctx, located[involved], a[linked], b[linked], score[linked], records, p)


def _groups(ctx: Context, index: np.ndarray, a: np.ndarray, b: np.ndarray,
            score: np.ndarray, records: Records, p: DuplicateParams) -> Duplicates:
    """Connected groups, each kept only around its keeper (the most complete record, then
    the most recent); members that do not match the keeper directly leave the group."""
    if not len(a):
        return Duplicates(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64),
                          np.empty(0), np.empty(0, dtype=object))
    n = len(index)
    labels = connected_groups(n, a, b)
    in_group = np.zeros(n, dtype=bool)
    in_group[a] = in_group[b] = True
    grouped = np.flatnonzero(in_group)  # a few per cent of the points: count only theirs
    filled = np.zeros(n)
    for name in ("name", "category", "address", "digital_code", "house_number"):
        values = ctx.points.attribute(name)
        if values is not None:
            filled[grouped] += ~blank_mask(values[index[grouped]])
    recency = np.nan_to_num(records.minutes, nan=-np.inf)
    order = np.lexsort((-recency, -filled, labels))
    order = order[in_group[order]]
    first = np.r_[True, labels[order][1:] != labels[order][:-1]]
    keeper_of_label = dict(zip(labels[order][first], order[first]))
    least_filled = np.minimum.reduceat(filled[order], np.flatnonzero(first))
    reason_of_label = {label: "most_complete" if filled[keeper] > least else "most_recent"
                       for (label, keeper), least in zip(keeper_of_label.items(), least_filled)}
    pair_score = {}
    for i, j, s in zip(a.tolist(), b.tolist(), score.tolist()):
        pair_score[(i, j)] = pair_score[(j, i)] = s
    members, keepers, scores, reasons = [], [], [], []
    for position in np.flatnonzero(in_group):
        keeper = keeper_of_label[labels[position]]
        if position == keeper:
            continue
        s = pair_score.get((position, keeper))
        if s is None:     # linked only through another member: not a duplicate of the keeper
            continue
        members.append(position)
        keepers.append(keeper)
        scores.append(s)
        reasons.append(reason_of_label[labels[keeper]])
    for keeper in sorted(set(keepers)):
        members.append(keeper)
        keepers.append(keeper)
        scores.append(1.0)
        reasons.append(reason_of_label[labels[keeper]])
    return Duplicates(index[np.array(members, dtype=np.int64)],
                      index[np.array(keepers, dtype=np.int64)], np.array(scores),
                      np.array(reasons, dtype=object))


def match_registry(ctx: Context, registry: PointSet, params: DuplicateParams | None = None
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """New points already in a published ``registry``: (point, registry position, score),
    each point with its best match scoring at least the threshold."""
    p = params or DuplicateParams()
    located = np.flatnonzero(ctx.located)
    rx, ry = transform_xy(registry.x, registry.y, registry.crs, ctx.metric_crs)
    usable = np.flatnonzero(np.isfinite(rx) & np.isfinite(ry))
    nothing = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0))
    if not len(located) or not len(usable):
        return nothing
    registry_classes = classes_of(registry)
    public = np.array([c is not None for c in ctx.point_classes[located]])
    radius = np.where(public, p.public_radius_m, p.radius_m)
    geoms = ctx.metric_points[located]
    reg_geoms = shapely.points(rx[usable], ry[usable])
    pos, reg = query_in_threads(shapely.STRtree(reg_geoms), geoms, predicate="dwithin",
                                distance=radius)
    if not len(pos):
        return nothing
    distance = shapely.distance(geoms[pos], reg_geoms[reg])
    new_involved, new_inverse = np.unique(pos, return_inverse=True)
    reg_involved, reg_inverse = np.unique(reg, return_inverse=True)
    new = prepare_records(ctx.points, ctx.point_classes, located[new_involved])
    old = prepare_records(registry, registry_classes, usable[reg_involved])
    both = Records.concat(new, old)
    score = score_pairs(both, new_inverse, len(new_involved) + reg_inverse, distance,
                        radius[pos], p)
    linked = score >= p.threshold
    order = np.lexsort((-score[linked], pos[linked]))
    points, matches, scores = pos[linked][order], reg[linked][order], score[linked][order]
    first = np.r_[True, points[1:] != points[:-1]] if len(points) else np.empty(0, bool)
    return located[points[first]], usable[matches[first]], scores[first]


def check_duplicate(ctx: Context) -> FindingTable:
    """One ``duplicate`` finding per group member; ``related_id`` is the suggested keeper.

    With a registry, points already published get ``duplicate_of_registry`` findings whose
    ``related_id`` is the registry record's id.
    """
    tables = [_group_findings(ctx)]
    if ctx.registry is not None:
        points, matches, scores = match_registry(ctx, ctx.registry, ctx.duplicate_params)
        registry_ids = [plain(i) for i in ctx.registry.ids[matches]]
        tables.append(FindingTable.for_points(
            points, check="duplicate", severity="warning",
            message_code="duplicate_of_registry",
            params=[{"registry_id": r} for r in registry_ids], score=np.round(scores, 3),
            group_id=[f"registry-{r}" for r in registry_ids], related_id=registry_ids))
    return FindingTable.concat(tables)


def _group_findings(ctx: Context) -> FindingTable:
    found = find_duplicates(ctx, ctx.duplicate_params)
    ids = ctx.points.ids
    keeper_ids = ids[found.keeper]
    is_keeper = found.members == found.keeper
    return FindingTable.for_points(
        found.members, check="duplicate", severity="warning",
        message_code=np.where(is_keeper, "duplicate_keeper", "duplicate").tolist(),
        params=[{"keeper": plain(k), "reason": r} for k, r in zip(keeper_ids, found.reason)],
        score=np.round(found.score, 3), group_id=[f"dup-{plain(k)}" for k in keeper_ids],
        related_id=[plain(k) for k in keeper_ids])

