"""Duplicate places: the same school or shop collected twice under different spellings.

Candidate pairs come from a spatial index (a larger radius for schools, offices, markets,
pagodas; a small one for households and shops), so the work grows with n. Each pair is
compared field by field (:mod:`.names`, :mod:`.scoring`) with weights learned from the data
being checked; pairs whose probability of being one place reaches ``threshold`` are linked,
and linked points form groups around a keeper (:mod:`.groups`).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import shapely

from ...config import DuplicateParams
from ...crs import transform_xy
from ...findings import FindingTable, plain
from ...model import PointSet
from ...parallel import alongside, query_in_threads
from ..context import Context, classes_of
from .candidates import candidate_pairs
from .groups import Duplicates, keeper_groups
from .names import NameStatistics, name_tokens
from .records import MISSING, Records, prepare_records
from .scoring import (
    PairLevels,
    Weights,
    address_levels,
    best_location_weight,
    compare_pairs,
    estimate_weights,
    level_names,
    log_odds,
    logit_of,
    probability_of,
)

__all__ = ["DuplicateParams", "Duplicates", "ScoredPairs", "DuplicateSearch",
           "DuplicateModel", "LinkedPairs", "score_candidates", "learn_weights",
           "duplicate_candidates",
           "learn_duplicate_model", "link_pairs", "find_duplicates", "RegistryPairs",
           "registry_pairs", "learn_registry_model", "match_registry", "best_matches",
           "registry_findings", "check_duplicate", "group_findings"]

RESUBMISSION_M = 0.5
"""The same name by the same collector closer than this is one submission sent twice."""


@dataclass
class ScoredPairs:
    """Every candidate pair's probability of being one place, its comparison levels and the
    weights learned for them."""

    score: np.ndarray
    pairs: PairLevels
    weights: Weights


@dataclass(frozen=True)
class DuplicateModel:
    """What duplicate scoring learns from all the data checked: the word counts of the
    names and the weights. Learned once (:func:`learn_duplicate_model`) and given to each
    part of a partitioned run, every pair scores as in one run over everything."""

    statistics: NameStatistics
    weights: Weights


def score_candidates(records: Records, a: np.ndarray, b: np.ndarray, distance: np.ndarray,
                     params: DuplicateParams, *, always_read: np.ndarray | None = None,
                     weights: Weights | None = None) -> ScoredPairs:
    """Compare the pairs of records ``a``-``b``, learn the weights on (a sample of) them
    (unless ``weights`` are given), and score every pair.

    Addresses are read for the learning sample, for the pairs that the address could still
    lift to the threshold and for the pairs in ``always_read`` (a mask). The others are
    below the threshold whatever their address says; their score is that of the best
    location they could have (an upper bound).
    """
    p = params
    n = len(a)
    if weights is None:
        # the learning sample's addresses are read (Python, holding the GIL) while numpy
        # compares the names (letting go of it)
        sample, seen = _learning_sample(n, p)
        with alongside(records.parse_addresses, np.r_[a[sample[seen]], b[sample[seen]]]):
            pairs = compare_pairs(records, a, b, distance, p)
        weights = learn_weights(records, a, b, distance, p, pairs=pairs,
                                sample=(sample, seen))
    else:
        pairs = compare_pairs(records, a, b, distance, p)
    total = log_odds(pairs, weights, p)
    # leading house numbers only where the best location could reach the threshold
    unknown = np.zeros(n, dtype=bool)
    maybe = np.flatnonzero(total + best_location_weight(weights, pairs, unknown)
                           >= logit_of(p.threshold))
    two_numbers = unknown.copy()
    two_numbers[maybe] = records.two_leading_numbers(a[maybe], b[maybe])
    best = best_location_weight(weights, pairs, two_numbers)
    read = total + best >= logit_of(p.threshold)
    if always_read is not None:
        read |= always_read
    # a pair left unread scores as if its location were the best it can be: still below
    # the threshold
    total[~read] += best[~read]
    read = np.flatnonzero(read)
    if len(read):
        for c, values in address_levels(records, a[read], b[read], pairs.take(read)).items():
            pairs.levels[c][read] = values
        total[read] += weights.weight["location"][pairs.levels["location"][read]]
    return ScoredPairs(probability_of(total), pairs, weights)


def learn_weights(records: Records, a: np.ndarray, b: np.ndarray, distance: np.ndarray,
                  params: DuplicateParams, *, pairs: PairLevels | None = None,
                  sample: tuple[np.ndarray, np.ndarray] | None = None) -> Weights:
    """The weights learned by EM on a sample of the pairs ``a``-``b`` (all of them up to
    ``em_sample``), their addresses read for a part of it. ``pairs`` are the pairs'
    levels when already compared; else only the sample is compared. ``sample`` is
    :func:`_learning_sample` when already drawn."""
    p = params
    sample, seen = sample or _learning_sample(len(a), p)
    learning = pairs.take(sample) if pairs is not None else \
        compare_pairs(records, a[sample], b[sample], distance[sample], p)
    for c, values in address_levels(records, a[sample[seen]], b[sample[seen]],
                                    learning.take(seen)).items():
        learning.levels[c][seen] = values
    return estimate_weights(learning, p)


def _learning_sample(n: int, p: DuplicateParams) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (of ``n``) that weights are learned on, and the positions among them
    whose addresses are read: addresses are costly to read, so they are learned from a
    part of the sample and unseen elsewhere (EM counts an unseen level as missing).
    Always the same for the same ``n``."""
    rng = np.random.default_rng(0)
    sample = np.arange(n) if n <= p.em_sample else \
        np.sort(rng.choice(n, p.em_sample, replace=False))
    seen = np.arange(len(sample)) if len(sample) <= p.em_address_sample else \
        np.sort(rng.choice(len(sample), p.em_address_sample, replace=False))
    return sample, seen


def _radius(classes: np.ndarray, p: DuplicateParams) -> np.ndarray:
    public = np.fromiter((c is not None for c in classes), bool, len(classes))
    return np.where(public, p.public_radius_m, p.radius_m)


@dataclass
class DuplicateSearch:
    """What :func:`find_duplicates` found: the groups, and every pair it scored (positions
    in the points, for evaluation and for the findings' ``params.levels``)."""

    groups: Duplicates
    first: np.ndarray
    second: np.ndarray
    scored: ScoredPairs | None


@dataclass
class LinkedPairs:
    """Every candidate pair scored: ``a``-``b`` are positions into ``index`` (positions in
    the points, ascending), ``linked`` the pairs at or over the threshold, ``minutes`` the
    collection time of each point of ``index``."""

    index: np.ndarray
    a: np.ndarray
    b: np.ndarray
    scored: ScoredPairs
    linked: np.ndarray
    minutes: np.ndarray


def duplicate_candidates(ctx: Context, p: DuplicateParams
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """(index, a, b, distance) of the candidate pairs among the located points, or None."""
    located = np.flatnonzero(ctx.located)
    if len(located) < 2:
        return None
    # the classes are read from the names (Python) while pyproj projects (in C)
    with alongside(getattr, ctx, "point_classes"):
        x, y = (values[located] for values in ctx.metric_xy)
    radius = _radius(ctx.point_classes[located], p)
    # the larger radius only when both are public places
    left, right, distance = candidate_pairs(x, y, radius)
    if not len(left):
        return None
    involved, (a, b) = _compact(len(located), left, right)
    return located[involved], a, b, distance


def learn_duplicate_model(ctx: Context, params: DuplicateParams | None = None, *,
                          fill: Callable[[np.ndarray], PointSet] | None = None
                          ) -> DuplicateModel | None:
    """The word counts and weights that :func:`find_duplicates` learns on ``ctx``'s points
    (None when they have no candidate pair), for scoring parts of them apart.

    ``fill(positions)``: ``ctx``'s points with all their fields at ``positions`` (they
    hold only their names and categories: a run in parts reads them thinly); only the
    points of the pairs learned on are read whole.
    """
    p = params or ctx.duplicate_params
    found = duplicate_candidates(ctx, p)
    if found is None:
        return None
    index, a, b, distance = found
    if fill is None:
        records = prepare_records([(ctx.points, ctx.point_classes, index)])
        return DuplicateModel(records.names.statistics,
                              learn_weights(records, a, b, distance, p))
    # the words are counted over every name, the weights learned on the sample only
    names = ctx.points.attribute("name")
    statistics = name_tokens(np.full(len(index), None, dtype=object) if names is None
                             else names[index]).statistics
    assert statistics is not None       # counted when none are given
    sample, seen = _learning_sample(len(a), p)
    used, (first, second) = _compact(len(index), a[sample], b[sample])
    records = prepare_records([(fill(index[used]), ctx.point_classes, index[used])],
                              statistics=statistics)
    return DuplicateModel(statistics, learn_weights(
        records, first, second, distance[sample], p,
        sample=(np.arange(len(sample)), seen)))


def link_pairs(ctx: Context, params: DuplicateParams | None = None, *,
               model: DuplicateModel | None = None) -> LinkedPairs | None:
    """Score the candidate pairs of ``ctx``'s located points, learning on them or with
    ``model``; None when there is no candidate pair."""
    p = params or ctx.duplicate_params
    found = duplicate_candidates(ctx, p)
    if found is None:
        return None
    index, a, b, distance = found
    records = prepare_records([(ctx.points, ctx.point_classes, index)],
                              statistics=None if model is None else model.statistics)
    # the same name at the same spot by the same known collector: sent twice
    collector = records.collector
    resubmitted = (distance < RESUBMISSION_M) & (collector[a] != MISSING) & \
        (collector[a] == collector[b]) & \
        (records.names.code[a] == records.names.code[b])
    scored = score_candidates(records, a, b, distance, p, always_read=resubmitted,
                              weights=None if model is None else model.weights)
    scored.score[resubmitted] = 1.0
    return LinkedPairs(index, a, b, scored, np.flatnonzero(scored.score >= p.threshold),
                       records.minutes)


def find_duplicates(ctx: Context, params: DuplicateParams | None = None) -> DuplicateSearch:
    """Duplicate groups among the located points of ``ctx``."""
    found = link_pairs(ctx, params)
    if found is None:
        return DuplicateSearch(Duplicates.empty(), np.empty(0, dtype=np.int64),
                               np.empty(0, dtype=np.int64), None)
    index, a, b, linked = found.index, found.a, found.b, found.linked
    groups = keeper_groups(ctx.points, index, a[linked], b[linked],
                           found.scored.score[linked], found.minutes, linked)
    return DuplicateSearch(groups, index[a], index[b], found.scored)


def _compact(n: int, *positions: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """The positions (of ``n``) that occur, in order, and each array renumbered into them:
    ``np.unique(..., return_inverse=True)`` without the sort."""
    used = np.zeros(n, dtype=bool)
    for p in positions:
        used[p] = True
    involved = np.flatnonzero(used)
    renumber = np.full(n, -1, dtype=np.int64)
    renumber[involved] = np.arange(len(involved))
    return involved, [renumber[p] for p in positions]


@dataclass
class RegistryPairs:
    """The candidate pairs of new points and registry records: ``point`` (positions in the
    points) and ``record`` (positions in the registry) of each pair, its ``distance``, and
    ``a``-``b``, the pair as positions into ``records`` (the points involved, then the
    registry records involved)."""

    point: np.ndarray
    record: np.ndarray
    distance: np.ndarray
    records: Records
    a: np.ndarray
    b: np.ndarray


def registry_pairs(ctx: Context, registry: PointSet, params: DuplicateParams, *,
                   only: np.ndarray | None = None,
                   statistics: NameStatistics | None = None) -> RegistryPairs | None:
    """The pairs of located points (those of ``only``, a mask, when given) and records of
    ``registry`` close enough to be compared, their records' word frequencies counted
    over the points and records involved (or taken from ``statistics``); None when there
    is no pair. As between new points, the larger radius holds only when both are public
    places."""
    p = params
    located = np.flatnonzero(ctx.located if only is None else ctx.located & only)
    rx, ry = transform_xy(registry.x, registry.y, registry.crs, ctx.metric_crs)
    usable = np.flatnonzero(np.isfinite(rx) & np.isfinite(ry))
    if not len(located) or not len(usable):
        return None
    radius = _radius(ctx.point_classes[located], p)
    registry_classes = classes_of(registry)
    registry_radius = _radius(registry_classes[usable], p)
    geoms = ctx.metric_points_at(located)
    reg_geoms = shapely.points(rx[usable], ry[usable])
    pos, reg = query_in_threads(shapely.STRtree(reg_geoms), geoms, predicate="dwithin",
                                distance=radius)
    if not len(pos):
        return None
    distance = shapely.distance(geoms[pos], reg_geoms[reg])
    near = distance <= np.minimum(radius[pos], registry_radius[reg])
    pos, reg, distance = pos[near], reg[near], distance[near]
    if not len(pos):
        return None
    new_involved, new_inverse = np.unique(pos, return_inverse=True)
    reg_involved, reg_inverse = np.unique(reg, return_inverse=True)
    records = prepare_records([(ctx.points, ctx.point_classes, located[new_involved]),
                               (registry, registry_classes, usable[reg_involved])],
                              statistics=statistics)
    return RegistryPairs(located[pos], usable[reg], distance, records, new_inverse,
                         len(new_involved) + reg_inverse)


def learn_registry_model(found: RegistryPairs, params: DuplicateParams) -> DuplicateModel:
    """The word counts and weights :func:`match_registry` learns on the pairs ``found``
    (of all the points), for matching parts of the points apart."""
    return DuplicateModel(found.records.names.statistics,
                          learn_weights(found.records, found.a, found.b, found.distance,
                                        params))


def match_registry(ctx: Context, registry: PointSet, params: DuplicateParams | None = None,
                   *, model: DuplicateModel | None = None, only: np.ndarray | None = None
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """New points already in a published ``registry``: (point, registry position, score),
    each point with its best match scoring at least the threshold (of equal scores, the
    first record). The weights are learned on the pairs, or taken from ``model`` (learned
    on all the points, see :func:`learn_registry_model`); ``only`` (a mask) matches some
    of the points alone."""
    p = params or ctx.duplicate_params
    found = registry_pairs(ctx, registry, p, only=only,
                           statistics=None if model is None else model.statistics)
    if found is None:
        return (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0))
    score = score_candidates(found.records, found.a, found.b, found.distance, p,
                             weights=None if model is None else model.weights).score
    return best_matches(found.point, found.record, score, p.threshold)


def best_matches(point: np.ndarray, record: np.ndarray, score: np.ndarray, threshold: float
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each point's best record of the pairs ``point``-``record`` scoring at least
    ``threshold`` (of equal scores, the first record): (point, record, score), by point.

    Examples
    --------
    >>> [a.tolist() for a in best_matches(np.array([4, 2, 4, 4]), np.array([9, 1, 7, 3]),
    ...                                   np.array([0.9, 0.5, 0.9, 0.95]), 0.8)]
    [[4], [3], [0.95]]
    >>> best_matches(np.array([4, 4]), np.array([9, 7]), np.array([0.9, 0.9]), 0.8)[1]
    array([7])
    """
    linked = score >= threshold
    point, record, score = point[linked], record[linked], score[linked]
    order = np.lexsort((record, -score, point))
    point, record, score = point[order], record[order], score[order]
    first = np.r_[True, point[1:] != point[:-1]] if len(point) else np.empty(0, bool)
    return point[first], record[first], score[first]


def registry_findings(registry: PointSet, points: np.ndarray, matches: np.ndarray,
                      scores: np.ndarray) -> FindingTable:
    """One ``duplicate_of_registry`` finding per point of ``points`` found in ``registry``
    (at ``matches``), its ``related_id`` the registry record's id."""
    registry_ids = [plain(i) for i in registry.ids[matches]]
    return FindingTable.for_points(
        points, check="duplicate", severity="warning", message_code="duplicate_of_registry",
        params=[{"registry_id": r} for r in registry_ids], score=np.round(scores, 3),
        group_id=[f"registry-{r}" for r in registry_ids], related_id=registry_ids)


def check_duplicate(ctx: Context) -> FindingTable:
    """One ``duplicate`` finding per group member; ``related_id`` is the suggested keeper
    and ``params.levels`` says what agreed and what did not.

    With a registry, points already published get ``duplicate_of_registry`` findings whose
    ``related_id`` is the registry record's id.
    """
    tables = [_group_findings(ctx)]
    if ctx.registry is not None:
        tables.append(registry_findings(ctx.registry, *match_registry(
            ctx, ctx.registry, ctx.duplicate_params)))
    return FindingTable.concat(tables)


def _group_findings(ctx: Context) -> FindingTable:
    search = find_duplicates(ctx, ctx.duplicate_params)
    return group_findings(ctx.points.ids, search.groups,
                          lambda pair: level_names(search.scored.pairs, pair))


def group_findings(ids: np.ndarray, found: Duplicates, levels_of: Callable[[int], dict]
                   ) -> FindingTable:
    """One ``duplicate`` finding per member of the groups ``found`` (``ids`` the points'
    ids); ``levels_of(pair)`` tells the levels of the pair linking a member to its keeper."""
    keeper_ids = ids[found.keeper]
    is_keeper = found.members == found.keeper
    params = []
    for k, r, pair in zip(keeper_ids, found.reason, found.pair.tolist()):
        entry = {"keeper": plain(k), "reason": r}
        if pair >= 0:
            entry["levels"] = levels_of(pair)
        params.append(entry)
    return FindingTable.for_points(
        found.members, check="duplicate", severity="warning",
        message_code=np.where(is_keeper, "duplicate_keeper", "duplicate").tolist(),
        params=params, score=np.round(found.score, 3),
        group_id=[f"dup-{plain(k)}" for k in keeper_ids],
        related_id=[plain(k) for k in keeper_ids])
