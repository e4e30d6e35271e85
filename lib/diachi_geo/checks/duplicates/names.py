"""Names compared: tone conflicts, common words that say little, the levels of a pair.

Two tokens (see :mod:`.words`) *match* when their accented forms are equal, or when their
folded forms are equal and one of them is free; folded-equal tokens that both carry marks
and differ ("Lộc" and "Lọc") are a *tone conflict*: two different words.

How much a token says is measured on the data being checked, not on a word list: its
inverse document frequency ``-ln(share of the names holding it)``, in nats, is about 1 for
a word a third of the names share ("nhà", "Nguyễn"), 3 for "tạp hóa" in a market street and
5 or more for a given name. The comparison of two names is one of the :data:`NAME_LEVELS`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import DamerauLevenshtein
from rapidfuzz.process import cpdist

from ...distinct import distinct_codes
from ...parallel import in_threads
from ...text import fold
from .words import (
    DEFAULT_SHARE,
    FOLDED_PRIOR_SHARES,
    PRIOR_NAMES,
    PRIOR_SHARES,
    UsuallyMarked,
    tokenize_name,
    usually_marked_words,
)

__all__ = ["NAME_LEVELS", "NameTokens", "NameStatistics", "NameComparison", "name_tokens",
           "compare_names"]

NAME_LEVELS = ("exact", "exact_unmarked", "contained", "fuzzy", "same_tail", "weak_conflict",
               "tone_conflict", "number_conflict", "strong_conflict", "different")
"""Comparison levels of two names, from the strongest agreement to none. ``exact``: the
same words with the same marks; ``exact_unmarked``: the same words, one side typed without
marks; ``contained``: what one name has and the other lacks says little (common words
only: "Hòa" and "Đại lý gas Hòa"); ``fuzzy``: the same but for typing slips;
``same_tail``: both have words of their own but end alike, where Vietnamese names put the
proper name ("Tạp hóa Minh Châu" and "Cửa hàng Minh Châu"); ``weak_`` and
``strong_conflict``: both names have words of their own, common or rare;
``tone_conflict``: a word differs only by its marks ("Lộc"/"Lọc"); ``number_conflict``:
different numbers ("thôn 3"/"thôn 5"); ``different``: nothing shared."""


@dataclass(frozen=True)
class NameStatistics:
    """What the names of a whole run say about their words: which words it usually marks
    and how many names hold each word (as a whole and as the last word). A partitioned run
    counts them once over all the names and gives them to every part, so that a word
    weighs the same in every part as in one run over everything."""

    usually_marked: UsuallyMarked
    total: int
    """The names counted."""
    folded: dict[str, float]
    """Folded word -> the names holding it; the same for the accented forms, and for the
    words that end a name."""
    accented: dict[str, float]
    tail_folded: dict[str, float]
    tail_accented: dict[str, float]


@dataclass
class NameTokens:
    """The tokens of many names as padded arrays, one row per distinct name.

    ``weight`` is each token's inverse document frequency (nats) in the names given, or
    in the names ``statistics`` were counted over (see the module docstring); ``code``
    maps each input name to its row.
    """

    folded: np.ndarray
    accented: np.ndarray
    free: np.ndarray
    number: np.ndarray
    weight: np.ndarray
    """int32 ids, -1 for padding; bool; bool; float (0 for padding)."""
    code: np.ndarray
    folded_words: list[str]
    """The folded word of each folded id."""
    accented_words: list[str]
    statistics: NameStatistics | None = None
    """The word counts the weights come from."""


def name_tokens(names: np.ndarray, statistics: NameStatistics | None = None) -> NameTokens:
    """Token arrays of ``names``, word frequencies counted over them (or taken from
    ``statistics``, counted over a larger set of names)."""
    distinct, code = distinct_codes(names)
    names_per_row = np.bincount(code, minlength=len(distinct))
    usually_marked = usually_marked_words(distinct, names_per_row) if statistics is None \
        else statistics.usually_marked
    tokenized = [tokenize_name(n, usually_marked=usually_marked) for n in distinct]
    width = max([len(t) for t in tokenized] + [1])
    rows = len(distinct)
    folded_ids: dict[str, int] = {}
    accented_ids: dict[str, int] = {}
    folded = np.full((rows, width), -1, dtype=np.int32)
    accented = np.full((rows, width), -1, dtype=np.int32)
    free = np.zeros((rows, width), dtype=bool)
    number = np.zeros((rows, width), dtype=bool)
    for r, tokens in enumerate(tokenized):
        for c, t in enumerate(tokens):
            folded[r, c] = folded_ids.setdefault(t.folded, len(folded_ids))
            accented[r, c] = accented_ids.setdefault(t.accented, len(accented_ids))
            free[r, c], number[r, c] = t.free, t.number
    folded_words, accented_words = list(folded_ids), list(accented_ids)
    if statistics is None:
        statistics = _word_statistics(folded, accented, names_per_row, folded_words,
                                      accented_words, usually_marked)
    weight = _relative_idf(folded, accented, free, folded_words, accented_words, statistics)
    return NameTokens(folded, accented, free, number, weight, code, folded_words,
                      accented_words, statistics)


def _word_statistics(folded: np.ndarray, accented: np.ndarray, names_per_row: np.ndarray,
                     folded_words: list[str], accented_words: list[str],
                     usually_marked: UsuallyMarked) -> NameStatistics:
    """The word counts of the names tokenised as ``folded``/``accented`` rows."""
    present = folded >= 0
    rows = np.broadcast_to(np.arange(len(folded))[:, None], folded.shape)
    row = np.arange(len(folded))
    last = np.maximum(present.sum(axis=1) - 1, 0)
    tail = np.zeros_like(present)
    tail[row, last] = present[row, last]
    tail_weights = names_per_row[row[tail.any(axis=1)]] if len(folded) else np.empty(0)

    def counted(ids: np.ndarray, words: list[str], values: np.ndarray) -> dict[str, float]:
        return dict(zip(words, values.tolist())) if len(ids) else {}

    return NameStatistics(
        usually_marked, int(names_per_row.sum()),
        counted(folded, folded_words,
                _document_frequency(folded, rows, present, names_per_row, len(folded_words))),
        counted(accented, accented_words,
                _document_frequency(accented, rows, present, names_per_row,
                                    len(accented_words))),
        counted(folded, folded_words,
                np.bincount(folded[tail], tail_weights, len(folded_words))),
        counted(accented, accented_words,
                np.bincount(accented[tail], tail_weights, len(accented_words))))


def _relative_idf(folded: np.ndarray, accented: np.ndarray, free: np.ndarray,
                  folded_words: list[str], accented_words: list[str],
                  statistics: NameStatistics) -> np.ndarray:
    """-ln(share) of each token, where share is the part of the N names that hold it,
    smoothed by S names' worth of :data:`PRIOR_SHARES`. A marked token counts its
    accented form, a free one (typed without marks) every accented form of its word."""
    present = folded >= 0
    if not present.any():        # no name has a word: nothing to weigh
        return np.zeros(folded.shape)
    total = statistics.total
    strength = PRIOR_NAMES

    def counts(table: dict[str, float], words: list[str]) -> np.ndarray:
        return np.fromiter((table.get(w, 0.0) for w in words), float, len(words))

    # a word counts once per name, however often the name repeats it
    df_folded = counts(statistics.folded, folded_words) + strength * \
        np.fromiter((FOLDED_PRIOR_SHARES.get(w, DEFAULT_SHARE) for w in folded_words), float,
                    len(folded_words))
    df_accented = counts(statistics.accented, accented_words) + strength * \
        np.fromiter((PRIOR_SHARES.get(w, DEFAULT_SHARE) for w in accented_words), float,
                    len(accented_words))
    df = np.where(free, df_folded[np.maximum(folded, 0)], df_accented[np.maximum(accented, 0)])
    weight = -np.log(df / (total + strength))
    # the last word is the proper name: weighed against the other names' last words too,
    # so "Anh" ending "Cafe Anh" is a name, not the honorific of "Nhà anh Tuấn"
    row = np.arange(len(folded))
    last = np.maximum(present.sum(axis=1) - 1, 0)
    tail_folded = counts(statistics.tail_folded, folded_words)
    tail_accented = counts(statistics.tail_accented, accented_words)
    tail_df = np.where(free[row, last], tail_folded[np.maximum(folded[row, last], 0)],
                       tail_accented[np.maximum(accented[row, last], 0)]) + \
        strength * DEFAULT_SHARE
    weight[row, last] = np.maximum(weight[row, last], -np.log(tail_df / (total + strength)))
    return np.where(present, np.maximum(weight, 0.0), 0.0)


def _document_frequency(ids: np.ndarray, rows: np.ndarray, present: np.ndarray,
                        names_per_row: np.ndarray, size: int) -> np.ndarray:
    pairs = np.unique(np.stack([rows[present], ids[present]]), axis=1)
    return np.bincount(pairs[1], weights=names_per_row[pairs[0]], minlength=size)


@dataclass
class NameComparison:
    """The level of each compared pair of names and what it rests on."""

    level: np.ndarray
    """Index into :data:`NAME_LEVELS`; -1 where a name is blank."""
    rarest_shared: np.ndarray
    """idf of the rarest word both names share (0 when none): how unusual the
    agreement is, for the term-frequency adjustment."""


def compare_names(tokens: NameTokens, a: np.ndarray, b: np.ndarray, *,
                  contained_below: float, conflict_above: float,
                  chunk: int = 100_000) -> NameComparison:
    """The comparison level of the names of rows ``a`` and ``b`` of ``tokens``.

    ``contained_below`` and ``conflict_above`` bound what the names have of their own: the
    weight of each name's rarest word that the other lacks, the smaller of the two. Under
    the first the names agree ("contained"), over the second they clearly conflict.
    """
    n = len(a)
    level = np.full(n, -1, dtype=np.int8)
    rarest = np.zeros(n)
    if not n:
        return NameComparison(level, rarest)
    # each distinct pair of names once
    rows = len(tokens.folded)
    pair_key, inverse = np.unique(a.astype(np.int64) * rows + b, return_inverse=True)
    ua, ub = pair_key // rows, pair_key % rows
    # short names with short names: each chunk compares only as many words as it needs
    length = (tokens.folded >= 0).sum(axis=1)
    order = np.argsort(np.maximum(length[ua], length[ub]), kind="stable")
    by_word = WordMajor.of(tokens)

    def compare(positions: np.ndarray) -> np.ndarray:
        out = np.empty((len(positions), 2))
        widths = np.maximum(length[ua[positions]], length[ub[positions]])  # ascending
        start = 0
        while start < len(positions):
            # about ``chunk`` pairs of names up to seven words at once, fewer of longer ones
            widest = int(widths[min(start + chunk, len(positions)) - 1])
            end = min(start + max(1, chunk * 49 // max(widest * widest, 49)), len(positions))
            part = positions[start:end]
            out[start:end, 0], out[start:end, 1] = _compare_rows(
                by_word.pairs(ua[part], ub[part], max(int(widths[end - 1]), 1)),
                contained_below, conflict_above)
            start = end
        return out

    # numpy lets go of the GIL in its array work: both cores share the comparisons
    done = in_threads(compare, order)
    out_level = np.empty(len(pair_key), dtype=np.int8)
    out_rarest = np.empty(len(pair_key))
    out_level[order], out_rarest[order] = done[:, 0], done[:, 1]
    inverse = inverse.ravel()
    return NameComparison(out_level[inverse], out_rarest[inverse])


@dataclass
class WordMajor:
    """The token arrays of :class:`NameTokens` transposed: one row per word position, one
    column per name. Pairs compared this way have their words on the first axes and the
    pairs on the last, so numpy reduces over a name's few words in long vector loops
    (reducing over a short last axis goes pair by pair, five times slower)."""

    folded: np.ndarray
    accented: np.ndarray
    free: np.ndarray
    number: np.ndarray
    weight: np.ndarray
    accented_words: list[str]

    @classmethod
    def of(cls, tokens: NameTokens) -> WordMajor:
        """The transposed copy of ``tokens``."""
        return cls(*(np.ascontiguousarray(x.T) for x in (
            tokens.folded, tokens.accented, tokens.free, tokens.number, tokens.weight)),
            tokens.accented_words)

    def pairs(self, a: np.ndarray, b: np.ndarray, width: int) -> NamePairs:
        """The first ``width`` words of names ``a`` and of names ``b``, side by side."""
        def take(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            return x[:width].take(a, axis=1), x[:width].take(b, axis=1)
        return NamePairs(*take(self.folded), *take(self.accented), *take(self.free),
                         *take(self.number), *take(self.weight), self.accented_words)


@dataclass
class NamePairs:
    """The words of the two names of each pair: (word position, pair) arrays."""

    folded_a: np.ndarray
    folded_b: np.ndarray
    accented_a: np.ndarray
    accented_b: np.ndarray
    free_a: np.ndarray
    free_b: np.ndarray
    number_a: np.ndarray
    number_b: np.ndarray
    weight_a: np.ndarray
    weight_b: np.ndarray
    accented_words: list[str]


def _level(name: str) -> int:
    return NAME_LEVELS.index(name)


def _compare_rows(t: NamePairs, contained_below: float, conflict_above: float
                  ) -> tuple[np.ndarray, np.ndarray]:
    # word of a, word of b, pair: (wa, wb, n) arrays; reductions over the first two axes
    fa, fb = t.folded_a[:, None, :], t.folded_b[None, :, :]
    present = (fa >= 0) & (fb >= 0)
    same_fold = present & (fa == fb)
    same_accent = t.accented_a[:, None, :] == t.accented_b[None, :, :]
    free = t.free_a[:, None, :] | t.free_b[None, :, :]
    match = same_fold & (same_accent | free)
    tone = same_fold & ~match
    matched_a, matched_b = match.any(axis=1), match.any(axis=0)
    present_a, present_b = t.folded_a >= 0, t.folded_b >= 0
    wa, wb = t.weight_a, t.weight_b
    own_a = present_a & ~matched_a
    own_b = present_b & ~matched_b
    words_a, words_b = present_a.sum(axis=0), present_b.sum(axis=0)
    # a slip changes one word: look for one where each name has one word of its own
    # and they share another (or are one word each)
    one_each = (own_a.sum(axis=0) == 1) & (own_b.sum(axis=0) == 1) & \
        (matched_a.any(axis=0) | (words_a == 1))
    if one_each.any():
        fuzzy = _fuzzy_matches(t, own_a & one_each, own_b, tone)
        matched_a_fuzzy, matched_b_fuzzy = fuzzy.any(axis=1), fuzzy.any(axis=0)
    else:
        matched_a_fuzzy = matched_b_fuzzy = np.zeros_like(own_a)
    # what each name has of its own, by its rarest word ("tạp hóa" is one kind, not two)
    conflict = np.minimum((wa * own_a).max(axis=0), (wb * own_b).max(axis=0))
    conflict_after_fuzzy = np.minimum((wa * (own_a & ~matched_a_fuzzy)).max(axis=0),
                                      (wb * (own_b & ~matched_b_fuzzy)).max(axis=0))
    pairs = np.arange(fa.shape[2])
    last_a, last_b = words_a - 1, words_b - 1
    # the proper name ends a Vietnamese name: alike there, and only common words differ
    same_tail = (match[last_a, last_b, pairs] | (
        matched_a_fuzzy[last_a, pairs] & matched_b_fuzzy[last_b, pairs])) & \
        (conflict_after_fuzzy < conflict_above)
    tone_conflict = (tone & own_a[:, None, :] & own_b[None, :, :]).any(axis=(0, 1))
    number_conflict = (t.number_a & own_a).any(axis=0) & (t.number_b & own_b).any(axis=0)
    rarest = wa.max(axis=0, where=matched_a, initial=0.0)
    empty = (words_a == 0) | (words_b == 0)
    all_matched = ~own_a.any(axis=0) & ~own_b.any(axis=0)
    same_word = same_accent & same_fold
    identical = all_matched & (same_word.any(axis=1) | ~present_a).all(axis=0) \
        & (same_word.any(axis=0) | ~present_b).all(axis=0)
    nothing_shared = ~matched_a.any(axis=0)
    level = np.select(
        [empty, number_conflict, tone_conflict, identical, all_matched,
         conflict < contained_below, ~nothing_shared & (conflict_after_fuzzy < contained_below),
         same_tail, nothing_shared, conflict < conflict_above],
        [-1, _level("number_conflict"), _level("tone_conflict"), _level("exact"),
         _level("exact_unmarked"), _level("contained"), _level("fuzzy"), _level("same_tail"),
         _level("different"), _level("weak_conflict")],
        _level("strong_conflict")).astype(np.int8)
    return level, rarest


def _one_letter_slip(first: str, second: str) -> bool:
    """One word is the other with a letter left out, doubled or two letters swapped (on
    words with their vowel marks, tones aside); at least two letters.

    Examples
    --------
    >>> [_one_letter_slip(x, y) for x, y in (("tên", "tiên"), ("mihn", "minh"),
    ...                                      ("hưng", "nhung"), ("hung", "dung"))]
    [True, True, False, False]
    """
    x, y = first, second
    if len(x) > len(y):
        x, y = y, x
    if len(x) < 2 or len(y) - len(x) > 1:
        return False
    if len(x) == len(y):
        differ = [i for i in range(len(x)) if x[i] != y[i]]
        return len(x) >= 4 and len(differ) == 2 and differ[1] == differ[0] + 1 and \
            x[differ[0]] == y[differ[1]] and x[differ[1]] == y[differ[0]]
    return any(y[:i] + y[i + 1:] == x for i in range(len(y)))


def _fuzzy_matches(t: NamePairs, own_a: np.ndarray, own_b: np.ndarray, tone: np.ndarray
                   ) -> np.ndarray:
    """Unmatched words of one name that are typing slips of the other's: one letter in
    five ("Nguyn"/"Nguyen") or two letters swapped ("Mihn"/"Minh"). Shorter words are
    left alone: "Hùng" and "Dũng", "Quân" and "Xuân" are other names."""
    candidate = own_a[:, None, :] & own_b[None, :, :] & ~tone & \
        ~t.number_a[:, None, :] & ~t.number_b[None, :, :]
    out = np.zeros(candidate.shape, dtype=bool)
    where = np.nonzero(candidate)
    if not len(where[0]):
        return out
    # each distinct pair of words once: folded for the letter-in-five rule, accented (vowel
    # marks kept) for a letter left out or doubled ("Tến"/"Tiến", "Linnh"/"Linh"; "Hưng"
    # is no slip of "Nhung")
    left_acc = t.accented_a[where[0], where[2]].astype(np.int64)
    right_acc = t.accented_b[where[1], where[2]].astype(np.int64)
    size = len(t.accented_words)
    key, inverse = np.unique(left_acc * size + right_acc, return_inverse=True)
    first = [t.accented_words[k].rstrip("0123456789?") for k in (key // size).tolist()]
    second = [t.accented_words[k].rstrip("0123456789?") for k in (key % size).tolist()]
    similar = cpdist([fold(w) for w in first], [fold(w) for w in second],
                     scorer=DamerauLevenshtein.normalized_similarity, workers=1) >= 0.8
    judged = np.fromiter(((min(len(x), len(y)) >= 5 and s) or _one_letter_slip(x, y)
                          for x, y, s in zip(first, second, similar.tolist())),
                         bool, len(first))
    out[where] = judged[inverse.ravel()]
    return out
