"""Pairs of nearby points scored as in record linkage (Fellegi–Sunter), with weights learned
from the data being checked.

Each pair gets one *level* per comparison (:data:`COMPARISONS`: the name, the location (house
number, street or hamlet, and distance together), the kind of place, the digital code, the
phone, the collector and time). A level's weight is ``ln(m / u)``: how much more often it occurs
between two records of one place (m) than between two different places this close (u).
m, u and the share of duplicates among the pairs are estimated by expectation–maximisation
over the pairs themselves, starting from priors (:data:`PRIOR_M`, :data:`PRIOR_U`) that
weigh like a few dozen pairs, so a small commune still gets stable weights and a province's
own data overrides them. Missing is not different: a level such as ``one_missing`` always
weighs 0. A name agreement on rare words weighs more than one on common words
(term-frequency adjustment, as in Splink).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...config import DuplicateParams
from ...distinct import distinct_codes
from ...parallel import in_threads
from .addresses import compare_addresses
from .names import NAME_LEVELS, compare_names
from .records import MISSING, Records

__all__ = ["COMPARISONS", "FACETS", "NEUTRAL", "PRIOR_M", "PRIOR_U", "RULE_WEIGHTS",
           "PairLevels", "Weights", "compare_pairs", "address_levels", "location_levels",
           "best_location_weight", "estimate_weights", "log_odds", "logit_of",
           "probability_of", "level_names"]

DISTANCE_BANDS_M = (3.0, 10.0, 20.0, 35.0)
NEAR_M = 10.0
"""Closer than this, two points with one house number are in one building."""
FACETS: dict[str, tuple[str, ...]] = {
    "house_number": ("same", "different", "one_missing"),
    "street": ("same", "different", "one_missing"),
    "distance": ("under_3m", "3_to_10m", "10_to_20m", "20_to_35m", "over_35m"),
}
"""What a pair's location is made of, reported in findings but scored together as
``location``: same number and a few metres apart are one piece of evidence (one building),
not two."""
_NO_NUMBER = tuple(f"no_number_{band}" for band in FACETS["distance"])
COMPARISONS: dict[str, tuple[str, ...]] = {
    "name": NAME_LEVELS,
    "location": ("same_number_near", "same_number", "other_number_near", "other_number",
                 "other_street_near", "other_street", *_NO_NUMBER),
    "category": ("same_category", "same_class", "plain_kinds", "public_vs_plain",
                 "class_conflict", "unknown"),
    "digital_code": ("same", "different", "one_missing"),
    "phone": ("same", "different", "one_missing"),
    "collector": ("same_soon", "same_later", "different", "unknown"),
}
"""Comparison -> its levels, each weighed by EM. Codes are stable: findings'
``params.levels`` carry them (with the facets of the location)."""
NEUTRAL = {"one_missing", "unknown"}
"""Levels that say nothing either way: weight 0, never estimated. A location without a
house number is weighed by its distance alone."""

# Starting points of EM, as probabilities per level (neutral levels left out). m: among
# pairs of one place; u: among different places within the search radius.
PRIOR_M: dict[str, dict[str, float]] = {
    # measured on the labelled pairs of the tuning half (tests/data/dedupe_eval), smoothed:
    # how collectors spell one place twice, which does not depend on the campaign
    "name": {"exact": .50, "exact_unmarked": .17, "contained": .08, "fuzzy": .05,
             "same_tail": .13, "weak_conflict": .01, "tone_conflict": .0003,
             "number_conflict": .0003, "strong_conflict": .02, "different": .01},
    "location": {"same_number_near": .40, "same_number": .12, "other_number_near": .02,
                 "other_number": .02, "other_street_near": .02, "other_street": .03,
                 "no_number_under_3m": .06, "no_number_3_to_10m": .13,
                 "no_number_10_to_20m": .1, "no_number_20_to_35m": .05,
                 "no_number_over_35m": .05},
    "category": {"same_category": .6, "same_class": .15, "plain_kinds": .15,
                 "public_vs_plain": .05, "class_conflict": .05},
    "digital_code": {"same": .97, "different": .03},
    "phone": {"same": .8, "different": .2},
    "collector": {"same_soon": .15, "same_later": .1, "different": .75},
}
PRIOR_U: dict[str, dict[str, float]] = {
    "name": {"exact": .01, "exact_unmarked": .005, "contained": .03, "fuzzy": .02,
             "same_tail": .03, "weak_conflict": .15, "tone_conflict": .01,
             "number_conflict": .02, "strong_conflict": .40, "different": .325},
    "location": {"same_number_near": .02, "same_number": .01, "other_number_near": .15,
                 "other_number": .35, "other_street_near": .04, "other_street": .13,
                 "no_number_under_3m": .01, "no_number_3_to_10m": .05,
                 "no_number_10_to_20m": .09, "no_number_20_to_35m": .1,
                 "no_number_over_35m": .05},
    "category": {"same_category": .3, "same_class": .03, "plain_kinds": .5,
                 "public_vs_plain": .12, "class_conflict": .05},
    "digital_code": {"same": .001, "different": .999},
    "phone": {"same": .01, "different": .99},
    "collector": {"same_soon": .3, "same_later": .2, "different": .5},
}
RULE_WEIGHTS: dict[str, dict[str, float]] = {
    "name": {"tone_conflict": -5.0, "number_conflict": -5.0},
}
"""Levels a rule decides, not the data: one place's copies do not differ in a tone mark when
both carry marks ("Lộc"/"Lọc"), nor in a number ("thôn 3"/"thôn 5"). EM cannot learn these:
such pairs agree on everything else (one building, one address), so it would take them for
copies."""
TF_LEVELS = tuple(NAME_LEVELS.index(x) for x in ("exact", "exact_unmarked", "contained",
                                                 "fuzzy", "same_tail"))
"""Name levels whose weight is adjusted by how rare the shared words are."""
TF_PRIOR_CENTRE = 3.0
"""The rarest shared word of a typical name agreement, in nats (a word one name in 20
holds), until the data says otherwise."""
TF_PRIOR_PAIRS = 20.0


@dataclass
class PairLevels:
    """The comparison levels of many pairs, and what the name's weight and the address
    bound need besides."""

    levels: dict[str, np.ndarray]
    """Comparison or facet -> int8 level of each pair (index into :data:`COMPARISONS` or
    :data:`FACETS`); -1 where a value is blank or, for the location, not read yet."""
    rarest_shared: np.ndarray
    """idf of the rarest word the two names share (see :mod:`.names`)."""
    near: np.ndarray
    """Closer than :data:`NEAR_M`."""

    def __len__(self) -> int:
        return len(self.near)

    def take(self, index: np.ndarray) -> PairLevels:
        """The pairs at ``index``, copied."""
        return PairLevels({c: v[index].copy() for c, v in self.levels.items()},
                          self.rarest_shared[index], self.near[index])


def compare_pairs(records: Records, a: np.ndarray, b: np.ndarray, distance: np.ndarray,
                  params: DuplicateParams) -> PairLevels:
    """The levels of each pair but its location, which waits for the addresses (see
    :func:`address_levels`)."""
    names = compare_names(records.names, records.names.code[a], records.names.code[b],
                          contained_below=params.contained_below,
                          conflict_above=params.conflict_above)
    n = len(a)

    def others(chunk: np.ndarray) -> np.ndarray:
        ca, cb = a[chunk], b[chunk]
        return np.column_stack([
            _category_levels(records, ca, cb), _agreement_levels(records.code, ca, cb),
            _agreement_levels(records.phone, ca, cb),
            _collector_levels(records, ca, cb, params.soon_minutes),
            np.searchsorted(np.array(DISTANCE_BANDS_M), distance[chunk], side="right"
                            ).astype(np.int8)])

    # pair by pair in numpy, which lets go of the GIL: the pairs shared among the threads
    other = in_threads(others, np.arange(n)) if n else np.empty((0, 5), dtype=np.int8)
    category, code, phone, collector, band = (np.ascontiguousarray(c) for c in other.T)
    levels = {
        "name": names.level,
        "category": category,
        "digital_code": code,
        "phone": phone,
        "collector": collector,
        "distance": band,
        "location": np.full(n, -1, dtype=np.int8),
        "house_number": np.full(n, -1, dtype=np.int8),
        "street": np.full(n, -1, dtype=np.int8),
    }
    return PairLevels(levels, names.rarest_shared, distance < NEAR_M)


def address_levels(records: Records, a: np.ndarray, b: np.ndarray, pairs: PairLevels
                   ) -> dict[str, np.ndarray]:
    """House number, street and location levels of ``pairs`` (their points ``a``, ``b``),
    parsing the addresses involved."""
    records.parse_addresses(np.r_[a, b])
    number, street = _address_agreement(records.address_key, a, b)
    return {"house_number": number, "street": street,
            "location": location_levels(number, street, pairs.levels["distance"],
                                        pairs.near)}


def _address_agreement(keys: np.ndarray, a: np.ndarray, b: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray]:
    """House number and street agreement of each pair, compared once per distinct pair
    of address heads (told apart among the pairs' points only, not every point's)."""
    used, inverse = np.unique(np.r_[a, b], return_inverse=True)
    distinct, code = distinct_codes(keys[used])
    code = code[inverse.ravel()]
    size = max(len(distinct), 1)
    pairs, inverse = np.unique(code[:len(a)] * size + code[len(a):], return_inverse=True)
    both = np.array([compare_addresses(distinct[k // size], distinct[k % size])
                     for k in pairs.tolist()], dtype=np.int8).reshape(-1, 2)
    inverse = inverse.ravel()
    return both[inverse, 0], both[inverse, 1]


def location_levels(number: np.ndarray, street: np.ndarray, band: np.ndarray,
                    near: np.ndarray) -> np.ndarray:
    """The location level from the facets: house number and street agreement (0 same,
    1 different, 2 missing), distance band and whether the points are near."""
    levels = COMPARISONS["location"]
    first_no_number = levels.index(_NO_NUMBER[0])
    return np.select(
        [street == 1, number == 0, number == 1],
        [np.where(near, levels.index("other_street_near"), levels.index("other_street")),
         np.where(near, levels.index("same_number_near"), levels.index("same_number")),
         np.where(near, levels.index("other_number_near"), levels.index("other_number"))],
        first_no_number + band).astype(np.int8)


def best_location_weight(weights: Weights, pairs: PairLevels, two_numbers: np.ndarray
                         ) -> np.ndarray:
    """The most the location can weigh for each pair, before its addresses are read: two
    addresses that start with different house numbers (``two_numbers``, where known)
    cannot be one house number."""
    near, band = pairs.near, pairs.levels["distance"].astype(np.int64)
    w = weights.weight["location"]
    levels = COMPARISONS["location"]

    def best(*names: str) -> float:
        return max(w[levels.index(x)] for x in names)

    other = np.where(near, best("other_number_near", "other_street_near"),
                     best("other_number", "other_street"))
    any_level = np.maximum(np.where(near, best("same_number_near"), best("same_number")),
                           np.maximum(other, w[levels.index(_NO_NUMBER[0]) + band]))
    return np.where(two_numbers, other, any_level)


def _agreement_levels(ids: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """0 same, 1 different, 2 one or both missing."""
    known = (ids[a] != MISSING) & (ids[b] != MISSING)
    equal = known & (ids[a] == ids[b])
    return np.where(equal, 0, np.where(known, 1, 2)).astype(np.int8)


def _category_levels(records: Records, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    levels = COMPARISONS["category"]
    cat, cls = records.category, records.place_class
    known_cat, known_cls = cat != MISSING, cls != MISSING
    # what kind of place a point is, known from its category or its class (name)
    known_a = known_cat[a] | known_cls[a]
    known_b = known_cat[b] | known_cls[b]
    both_cls = known_cls[a] & known_cls[b]
    one_cls = known_cls[a] ^ known_cls[b]
    return np.select(
        [known_cat[a] & known_cat[b] & (cat[a] == cat[b]),
         both_cls & (cls[a] == cls[b]), both_cls, one_cls & known_a & known_b,
         known_a & known_b],
        [levels.index("same_category"), levels.index("same_class"),
         levels.index("class_conflict"), levels.index("public_vs_plain"),
         levels.index("plain_kinds")], levels.index("unknown")).astype(np.int8)


def _collector_levels(records: Records, a: np.ndarray, b: np.ndarray, soon_minutes: float
                      ) -> np.ndarray:
    levels = COMPARISONS["collector"]
    known = (records.collector[a] != MISSING) & (records.collector[b] != MISSING)
    same = known & (records.collector[a] == records.collector[b])
    soon = np.abs(records.minutes[a] - records.minutes[b]) <= soon_minutes
    return np.select([same & soon, same, known],
                     [levels.index("same_soon"), levels.index("same_later"),
                      levels.index("different")], levels.index("unknown")).astype(np.int8)


@dataclass
class Weights:
    """Learned log-likelihood ratios per comparison level, and the share of duplicates."""

    weight: dict[str, np.ndarray]
    """ln(m / u) per level of each comparison; 0 for neutral levels."""
    m: dict[str, np.ndarray]
    u: dict[str, np.ndarray]
    match_rate: float
    tf_centre: np.ndarray
    """Per name level: the typical rarity of the shared words among different places."""
    iterations: int

    def as_dict(self) -> dict:
        """Plain values, for logs and reports."""
        return {"match_rate": round(self.match_rate, 5), "iterations": self.iterations,
                "weights": {c: {lv: round(float(w), 3) for lv, w in zip(COMPARISONS[c], ws)}
                            for c, ws in self.weight.items()}}


def _neutral_mask(comparison: str) -> np.ndarray:
    return np.array([lv in NEUTRAL for lv in COMPARISONS[comparison]])


def _prior(table: dict[str, dict[str, float]], comparison: str) -> np.ndarray:
    values = np.array([table[comparison].get(lv, 0.0) for lv in COMPARISONS[comparison]])
    return values / values.sum()


def estimate_weights(pairs: PairLevels, params: DuplicateParams) -> Weights:
    """m, u and the duplicate share by EM over the pairs' levels, from the priors.

    Identical level patterns are counted once, so a million pairs cost as much as a few
    thousand patterns.
    """
    levels = pairs.levels
    names = [c for c in COMPARISONS if c in levels]
    # a blank value (-1) gets a slot of its own after the levels, weighing 0
    sizes = [len(COMPARISONS[c]) + 1 for c in names]
    columns = np.stack([np.where(levels[c] < 0, size - 1, levels[c]).astype(np.int64)
                        for c, size in zip(names, sizes)])
    codes = np.ravel_multi_index(columns, sizes)
    patterns, counts = np.unique(codes, return_counts=True)
    pattern_levels = np.unravel_index(patterns, sizes)
    counts = counts.astype(float)
    m = {c: _prior(PRIOR_M, c) for c in names}
    u = {c: _prior(PRIOR_U, c) for c in names}
    rate = params.prior_match_rate
    iterations = 0
    while iterations < params.em_iterations:
        iterations += 1
        logit = np.full(len(patterns), logit_of(rate))
        for c, lv in zip(names, pattern_levels):
            logit += np.r_[_weights_of(m[c], u[c], c), 0.0][lv]
        p = probability_of(logit)
        matched, unmatched = counts * p, counts * (1 - p)
        new_m, new_u = {}, {}
        for c, lv in zip(names, pattern_levels):
            size = len(COMPARISONS[c])
            strength = params.prior_name_pairs if c == "name" else params.prior_pairs
            new_m[c] = _dirichlet(np.bincount(lv, matched, size + 1)[:size],
                                  _prior(PRIOR_M, c), strength, c)
            new_u[c] = _dirichlet(np.bincount(lv, unmatched, size + 1)[:size],
                                  _prior(PRIOR_U, c), params.prior_pairs * 10, c)
        # the share of duplicates weighs like all the pairs of the priors together
        prior_all = params.prior_pairs / params.prior_match_rate
        new_rate = (matched.sum() + params.prior_pairs) / (counts.sum() + prior_all)
        change = max(max(np.abs(new_m[c] - m[c]).max() for c in names),
                     abs(new_rate - rate))
        m, u, rate = new_m, new_u, float(np.clip(new_rate, 1e-6, 0.5))
        if change < 1e-5:
            break
    weight = {c: _weights_of(m[c], u[c], c) for c in names}
    # the shared words' rarity among different places, per name level, for centring the
    # term-frequency adjustment
    logit = np.full(len(patterns), logit_of(rate))
    for c, lv in zip(names, pattern_levels):
        logit += np.r_[weight[c], 0.0][lv]
    p_pair = probability_of(logit)[np.searchsorted(patterns, codes)]
    rarest = pairs.rarest_shared
    name_level = levels["name"].astype(np.int64)
    ok = name_level >= 0
    size = len(NAME_LEVELS)
    # a prior of TF_PRIOR_PAIRS pairs at TF_PRIOR_CENTRE nats keeps small data steady
    unmatched = np.bincount(name_level[ok], (1 - p_pair)[ok], size) + TF_PRIOR_PAIRS
    centre = (np.bincount(name_level[ok], ((1 - p_pair) * rarest)[ok], size) +
              TF_PRIOR_PAIRS * TF_PRIOR_CENTRE) / unmatched
    return Weights(weight, m, u, rate, centre, iterations)


def _weights_of(m: np.ndarray, u: np.ndarray, comparison: str) -> np.ndarray:
    weight = np.where(_neutral_mask(comparison), 0.0,
                      np.log(np.maximum(m, 1e-6) / np.maximum(u, 1e-6)))
    for level, value in RULE_WEIGHTS.get(comparison, {}).items():
        weight[COMPARISONS[comparison].index(level)] = value
    return weight


def _dirichlet(counts: np.ndarray, prior: np.ndarray, strength: float, comparison: str
               ) -> np.ndarray:
    """Counts plus prior pseudo-counts, normalised over the non-neutral levels."""
    counts = np.where(_neutral_mask(comparison), 0.0, counts) + strength * prior
    return counts / counts.sum()


def log_odds(pairs: PairLevels, weights: Weights, params: DuplicateParams) -> np.ndarray:
    """The log-odds that each pair is one place: the prior odds, each comparison's weight
    (an unknown level weighs 0) and the term-frequency adjustment of the name."""
    levels = pairs.levels
    total = np.full(len(pairs), logit_of(weights.match_rate))
    for c, w in weights.weight.items():
        lv = levels[c].astype(np.int64)
        total += np.where(lv >= 0, w[np.maximum(lv, 0)], 0.0)
    name_level = levels["name"].astype(np.int64)
    tf = np.isin(name_level, TF_LEVELS)
    if tf.any() and params.tf_weight:
        adjust = (pairs.rarest_shared[tf] - weights.tf_centre[name_level[tf]]) * \
            params.tf_weight
        total[tf] += np.clip(adjust, -params.tf_cap, params.tf_cap)
    return total


def logit_of(probability: float) -> float:
    """ln(p / (1 - p)), infinite at 0 and 1."""
    if probability <= 0:
        return -np.inf
    if probability >= 1:
        return np.inf
    return float(np.log(probability / (1.0 - probability)))


def probability_of(logit: np.ndarray) -> np.ndarray:
    """The probability of log-odds."""
    return 1.0 / (1.0 + np.exp(-logit))


def level_names(pairs: PairLevels, pair: int) -> dict[str, str]:
    """The levels of one pair in words (stable codes), for a finding's params: the scored
    comparisons but the location, which is told by its facets. A blank value is
    ``missing``; an address never read (a pair the address could not change) ``unread``."""
    out = {}
    for c, names in {**COMPARISONS, **FACETS}.items():
        if c == "location":
            continue
        lv = int(pairs.levels[c][pair])
        if lv >= 0:
            out[c] = names[lv]
        else:
            out[c] = "unread" if c in ("house_number", "street") and \
                pairs.levels["location"][pair] < 0 else "missing"
    return out
