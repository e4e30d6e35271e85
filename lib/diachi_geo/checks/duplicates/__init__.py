"""Duplicate places: the same school or shop collected twice under different spellings.

Candidate pairs come from a spatial index (a larger radius for schools, offices, markets,
pagodas; a small one for households and shops), so the work grows with n. Each pair is
compared field by field (:mod:`.names`, :mod:`.scoring`) with weights learned from the data
being checked; pairs whose probability of being one place reaches ``threshold`` are linked,
and linked points form groups around a keeper (:mod:`.groups`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from ...config import DuplicateParams
from ...crs import transform_xy
from ...findings import FindingTable, plain
from ...model import PointSet
from ...parallel import query_in_threads
from ..context import Context, classes_of
from .groups import Duplicates, keeper_groups
from .names import NAME_LEVELS
from .records import Records, prepare_records
from .scoring import (
    FACETS,
    Weights,
    address_levels,
    best_location_weight,
    compare_pairs,
    estimate_weights,
    level_names,
    log_odds,
)

__all__ = ["DuplicateParams", "Duplicates", "ScoredPairs", "score_candidates",
           "find_duplicates", "match_registry", "check_duplicate"]


@dataclass
class ScoredPairs:
    """Every candidate pair's probability of being one place, its comparison levels and the
    weights learned for them."""

    score: np.ndarray
    levels: dict[str, np.ndarray]
    weights: Weights


def score_candidates(records: Records, a: np.ndarray, b: np.ndarray, distance: np.ndarray,
                     params: DuplicateParams) -> ScoredPairs:
    """Compare, learn the weights on (a sample of) the pairs, and score every pair.

    Addresses are parsed for the learning sample and for the pairs that the address could
    still lift to the threshold; the others are below it whatever their address says.
    """
    p = params
    levels = compare_pairs(records, a, b, distance, p, address=False)
    n = len(a)
    rng = np.random.default_rng(0)
    sample = np.arange(n) if n <= p.em_sample else \
        np.sort(rng.choice(n, p.em_sample, replace=False))
    learning = {k: v[sample].copy() for k, v in levels.items()}
    # addresses are costly to parse: learned from a part of the sample, unseen elsewhere
    # (EM counts an unseen level as missing)
    seen = np.arange(len(sample)) if len(sample) <= p.em_address_sample else \
        np.sort(rng.choice(len(sample), p.em_address_sample, replace=False))
    part = {k: v[seen] for k, v in learning.items()}
    learning["location"][seen] = address_levels(records, a[sample[seen]], b[sample[seen]],
                                                part)["location"]
    weights = estimate_weights(learning, p)
    total = log_odds(levels, weights, p)
    for c in FACETS:
        levels.setdefault(c, np.full(n, -1, dtype=np.int8))
    best = best_location_weight(weights, levels["_near"], levels["distance"])
    open_ = np.flatnonzero(total + best >= _logit(p.threshold))
    if len(open_):
        part = {k: v[open_] for k, v in levels.items()}
        for c, values in address_levels(records, a[open_], b[open_], part).items():
            levels[c][open_] = values
        total[open_] += weights.weight["location"][levels["location"][open_]]
    return ScoredPairs(1.0 / (1.0 + np.exp(-total)), levels, weights)


def _logit(probability: float) -> float:
    if probability <= 0:
        return -np.inf
    if probability >= 1:
        return np.inf
    return float(np.log(probability / (1.0 - probability)))


def _radius(classes: np.ndarray, p: DuplicateParams) -> np.ndarray:
    public = np.array([c is not None for c in classes], dtype=bool)
    return np.where(public, p.public_radius_m, p.radius_m)


def find_duplicates(ctx: Context, params: DuplicateParams | None = None,
                    *, scored: list | None = None) -> Duplicates:
    """Duplicate groups among the located points of ``ctx``. A list passed as ``scored``
    receives the :class:`ScoredPairs` and the pairs (for evaluation and reports)."""
    p = params or ctx.duplicate_params
    located = np.flatnonzero(ctx.located)
    if len(located) < 2:
        return Duplicates.empty()
    radius = _radius(ctx.point_classes[located], p)
    geoms = ctx.metric_points[located]
    left, right = query_in_threads(shapely.STRtree(geoms), geoms, predicate="dwithin",
                                   distance=radius)
    keep = left < right
    left, right = left[keep], right[keep]
    if not len(left):
        return Duplicates.empty()
    # the larger radius only when both are public places
    pair_radius = np.minimum(radius[left], radius[right])
    distance = shapely.distance(geoms[left], geoms[right])
    near = distance <= pair_radius
    left, right, distance = left[near], right[near], distance[near]
    involved, inverse = np.unique(np.r_[left, right], return_inverse=True)
    records = prepare_records([(ctx.points, ctx.point_classes, located[involved])])
    a, b = inverse[:len(left)], inverse[len(left):]
    result = score_candidates(records, a, b, distance, p)
    score = result.score
    # the same name at the same spot by the same person: a double submission
    exact = (distance < 0.5) & (result.levels["name"] == NAME_LEVELS.index("exact")) & \
        (records.collector[a] == records.collector[b])
    score = np.where(exact, 1.0, score)
    if scored is not None:
        scored.append((result, located[involved][a], located[involved][b], score))
    linked = np.flatnonzero(score >= p.threshold)
    found = keeper_groups(ctx.points, located[involved], a[linked], b[linked],
                          score[linked], records.minutes, linked)
    found.levels = result.levels
    return found


def match_registry(ctx: Context, registry: PointSet, params: DuplicateParams | None = None
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """New points already in a published ``registry``: (point, registry position, score),
    each point with its best match scoring at least the threshold."""
    p = params or ctx.duplicate_params
    located = np.flatnonzero(ctx.located)
    rx, ry = transform_xy(registry.x, registry.y, registry.crs, ctx.metric_crs)
    usable = np.flatnonzero(np.isfinite(rx) & np.isfinite(ry))
    nothing = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0))
    if not len(located) or not len(usable):
        return nothing
    radius = _radius(ctx.point_classes[located], p)
    geoms = ctx.metric_points[located]
    reg_geoms = shapely.points(rx[usable], ry[usable])
    pos, reg = query_in_threads(shapely.STRtree(reg_geoms), geoms, predicate="dwithin",
                                distance=radius)
    if not len(pos):
        return nothing
    distance = shapely.distance(geoms[pos], reg_geoms[reg])
    new_involved, new_inverse = np.unique(pos, return_inverse=True)
    reg_involved, reg_inverse = np.unique(reg, return_inverse=True)
    records = prepare_records([(ctx.points, ctx.point_classes, located[new_involved]),
                               (registry, classes_of(registry), usable[reg_involved])])
    score = score_candidates(records, new_inverse, len(new_involved) + reg_inverse, distance,
                             p).score
    linked = score >= p.threshold
    order = np.lexsort((-score[linked], pos[linked]))
    points, matches, scores = pos[linked][order], reg[linked][order], score[linked][order]
    first = np.r_[True, points[1:] != points[:-1]] if len(points) else np.empty(0, bool)
    return located[points[first]], usable[matches[first]], scores[first]


def check_duplicate(ctx: Context) -> FindingTable:
    """One ``duplicate`` finding per group member; ``related_id`` is the suggested keeper
    and ``params.levels`` says what agreed and what did not.

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
    levels = found.levels
    params = []
    for k, r, pair in zip(keeper_ids, found.reason, found.pair.tolist()):
        entry = {"keeper": plain(k), "reason": r}
        if pair >= 0:
            entry["levels"] = level_names(levels, pair)
        params.append(entry)
    return FindingTable.for_points(
        found.members, check="duplicate", severity="warning",
        message_code=np.where(is_keeper, "duplicate_keeper", "duplicate").tolist(),
        params=params, score=np.round(found.score, 3),
        group_id=[f"dup-{plain(k)}" for k in keeper_ids],
        related_id=[plain(k) for k in keeper_ids])
