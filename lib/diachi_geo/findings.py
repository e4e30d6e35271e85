"""Findings: what the checks found, as data.

A :class:`Finding` is one record; a :class:`FindingTable` holds many as columns so that a
million of them cost arrays, not objects. Coordinates (the point and the suggested
location) are WGS 84 longitude/latitude. ``key`` is stable across runs for the same point,
check and subject, so a reviewer's dismissal survives re-validation.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from .arrays import object_array, plain

__all__ = ["SEVERITIES", "Finding", "FindingTable", "COLUMNS", "plain"]

SEVERITIES = ("error", "warning", "info")
COLUMNS = ("key", "point_id", "check", "severity", "message_code", "params", "score",
           "group_id", "related_id", "suggested_x", "suggested_y")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found at one point."""

    point_id: object
    check: str
    severity: str
    message_code: str
    params: dict = field(default_factory=dict)
    score: float = 1.0
    group_id: str | None = None
    related_id: object = None
    suggested_x: float = float("nan")
    suggested_y: float = float("nan")
    x: float = float("nan")
    y: float = float("nan")

    @property
    def key(self) -> str:
        """Stable identity: point, check, message and the subject (field or related id)."""
        return finding_key(self.point_id, self.check, self.message_code, self.params,
                           self.related_id)


def finding_key(point_id: object, check: str, message_code: str, params: dict,
                related_id: object) -> str:
    """``check:point_id:message_code[:subject]``, the subject being a field or related id.

    Examples
    --------
    >>> finding_key(7, "missing_value", "missing_value", {"field": "name"}, None)
    'missing_value:7:missing_value:name'
    """
    subject = params.get("field")
    if subject is None and related_id is not None and check in ("duplicate", "stacked"):
        subject = related_id
    key = f"{check}:{point_id}:{message_code}"
    return key if subject is None else f"{key}:{subject}"


class FindingTable:
    """Findings as columns; build with :meth:`for_points` and :meth:`concat`."""

    def __init__(self, index: np.ndarray, check: np.ndarray, severity: np.ndarray,
                 message_code: np.ndarray, params: list[dict], score: np.ndarray,
                 group_id: np.ndarray, related_id: np.ndarray, suggested_x: np.ndarray,
                 suggested_y: np.ndarray):
        self.index = np.asarray(index, dtype=np.int64)
        self.check, self.severity, self.message_code = check, severity, message_code
        self.params, self.score = params, np.asarray(score, dtype=float)
        self.group_id, self.related_id = group_id, related_id
        self.suggested_x = np.asarray(suggested_x, dtype=float)
        self.suggested_y = np.asarray(suggested_y, dtype=float)

    @classmethod
    def empty(cls) -> FindingTable:
        """A table with no findings."""
        return cls.for_points(np.empty(0, dtype=np.int64), check="", severity="error",
                              message_code="")

    @classmethod
    def for_points(cls, index: Sequence[int] | np.ndarray, *, check: str, severity: str,
                   message_code: str | Sequence[str], params: Sequence[dict] | None = None,
                   score: float | Sequence[float] = 1.0,
                   group_id: Sequence[object] | None = None,
                   related_id: Sequence[object] | None = None,
                   suggested_x: Sequence[float] | None = None,
                   suggested_y: Sequence[float] | None = None) -> FindingTable:
        """Findings of one check for the points at ``index`` (positions in the PointSet)."""
        if severity not in SEVERITIES:
            raise ValueError(f"severity {severity!r} is not one of {SEVERITIES}")
        index = np.asarray(index, dtype=np.int64)
        n = len(index)

        def column(values, default, dtype=object):
            if values is None or isinstance(values, (str, float, int)):
                out = np.empty(n, dtype=dtype)
                out[:] = default if values is None else values
                return out
            out = np.asarray(values, dtype=dtype) if dtype is not object else \
                object_array(values)
            if len(out) != n:
                raise ValueError(f"{len(out)} values for {n} findings")
            return out

        return cls(index, column(check, check), column(severity, severity),
                   column(message_code, message_code),
                   list(params) if params is not None else [{} for _ in range(n)],
                   column(score, 1.0, float), column(group_id, None),
                   column(related_id, None), column(suggested_x, np.nan, float),
                   column(suggested_y, np.nan, float))

    @classmethod
    def concat(cls, tables: Iterable[FindingTable]) -> FindingTable:
        """The findings of ``tables`` in one table, in their order."""
        tables = [t for t in tables if len(t)]
        if not tables:
            return cls.empty()
        return cls(*(np.concatenate([getattr(t, name) for t in tables])
                     if name != "params" else [p for t in tables for p in t.params]
                     for name in ("index", "check", "severity", "message_code", "params",
                                  "score", "group_id", "related_id", "suggested_x",
                                  "suggested_y")))

    def __len__(self) -> int:
        return len(self.index)

    def select(self, mask: np.ndarray) -> FindingTable:
        """The findings where ``mask`` is true."""
        mask = np.asarray(mask, dtype=bool)
        return FindingTable(self.index[mask], self.check[mask], self.severity[mask],
                            self.message_code[mask],
                            [p for p, keep in zip(self.params, mask) if keep],
                            self.score[mask], self.group_id[mask], self.related_id[mask],
                            self.suggested_x[mask], self.suggested_y[mask])

    def records(self, ids: np.ndarray, lon: np.ndarray, lat: np.ndarray) -> Iterator[Finding]:
        """Iterate :class:`Finding` records, given the points' ids and WGS 84 coordinates."""
        for i in range(len(self)):
            point = self.index[i]
            yield Finding(point_id=plain(ids[point]), check=self.check[i],
                          severity=self.severity[i], message_code=self.message_code[i],
                          params=self.params[i], score=float(self.score[i]),
                          group_id=self.group_id[i], related_id=plain(self.related_id[i]),
                          suggested_x=float(self.suggested_x[i]),
                          suggested_y=float(self.suggested_y[i]),
                          x=float(lon[point]), y=float(lat[point]))

    def columns(self, ids: np.ndarray) -> dict[str, np.ndarray]:
        """The output columns of :data:`COLUMNS`, params as JSON text."""
        point_ids = ids[self.index]
        keys = np.array([finding_key(plain(p), c, m, prm, plain(r)) for p, c, m, prm, r in
                         zip(point_ids, self.check, self.message_code, self.params,
                             self.related_id)], dtype=object)
        return {
            "key": keys, "point_id": point_ids, "check": self.check,
            "severity": self.severity, "message_code": self.message_code,
            "params": np.array(list(map(_PARAMS_JSON.encode, self.params)), dtype=object),
            "score": np.round(self.score, 4), "group_id": self.group_id,
            "related_id": np.array([None if r is None else str(plain(r))
                                    for r in self.related_id], dtype=object),
            "suggested_x": np.round(self.suggested_x, 8),
            "suggested_y": np.round(self.suggested_y, 8),
        }

    def counts(self) -> dict[str, int]:
        """Number of findings per check."""
        checks, counts = np.unique(self.check.astype(str), return_counts=True)
        return {str(c): int(n) for c, n in zip(checks, counts)}


_PARAMS_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
"""One encoder for every finding's params (``json.dumps`` with options makes a new one per
call, which is most of its cost)."""
