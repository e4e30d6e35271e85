"""Part files: what one part of a partitioned run found, on disk where the run started.

Each part has ``NAME.findings.parquet`` (its findings, points numbered as in the whole
run), ``NAME.pairs.parquet`` (the stacked and duplicate pairs it owns, grouped when the
parts are merged), ``NAME.values.parquet`` (values of its points a later stage needs, see
:mod:`.task`) and last ``NAME.done.json``: a part is finished when that file exists,
so a run that stopped takes up where it was. Every file is written under a temporary name
and moved into place.
"""
from __future__ import annotations

import json
import os
import pathlib
from dataclasses import dataclass

import numpy as np

from ..arrays import object_array
from ..findings import FindingTable

__all__ = ["PartPairs", "write_part", "read_part", "read_values", "part_done",
           "PART_SUFFIXES"]

PART_SUFFIXES = (".findings.parquet", ".pairs.parquet", ".values.parquet", ".done.json")

_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


@dataclass
class PartPairs:
    """Pairs a part owns: ``kind`` is "stacked" or "duplicate"; ``a`` < ``b`` positions in
    the whole run; a duplicate pair's ``score``, ``levels`` (JSON) and the collection
    minutes of both points."""

    kind: np.ndarray
    a: np.ndarray
    b: np.ndarray
    score: np.ndarray
    levels: np.ndarray
    minutes_a: np.ndarray
    minutes_b: np.ndarray

    @classmethod
    def empty(cls) -> PartPairs:
        """No pairs."""
        none = np.empty(0, dtype=np.int64)
        return cls(np.empty(0, dtype=object), none, none, np.empty(0),
                   np.empty(0, dtype=object), np.empty(0), np.empty(0))

    @classmethod
    def concat(cls, parts: list[PartPairs]) -> PartPairs:
        """The pairs of ``parts`` in one."""
        if not parts:
            return cls.empty()
        return cls(*(np.concatenate([getattr(p, name) for p in parts])
                     for name in ("kind", "a", "b", "score", "levels", "minutes_a",
                                  "minutes_b")))


def _path(folder: str, name: str, suffix: str) -> pathlib.Path:
    return pathlib.Path(folder) / f"{name}{suffix}"


def part_done(folder: str, name: str) -> dict | None:
    """The summary of the finished part ``name``, None when it is not finished."""
    path = _path(folder, name, ".done.json")
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _atomic_parquet(table: object, path: pathlib.Path) -> None:
    import pyarrow.parquet as pq

    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, temp)
    os.replace(temp, path)


def write_part(folder: str, name: str, findings: FindingTable, pairs: PartPairs,
               summary: dict, values: dict[str, np.ndarray] | None = None) -> None:
    """Write the part ``name`` (findings indexed in the whole run, ``values`` of its
    points for a later stage) and mark it done."""
    import pyarrow as pa

    os.makedirs(folder, exist_ok=True)
    _atomic_parquet(pa.table({
        "index": findings.index, "check": findings.check.astype(str),
        "severity": findings.severity.astype(str),
        "message_code": findings.message_code.astype(str),
        "params": [_JSON.encode(p) for p in findings.params],
        "score": findings.score,
        "group_id": [None if g is None else str(g) for g in findings.group_id],
        "related_id": [_JSON.encode(_plain(r)) for r in findings.related_id],
        "suggested_x": findings.suggested_x, "suggested_y": findings.suggested_y}),
        _path(folder, name, ".findings.parquet"))
    _atomic_parquet(pa.table({
        "kind": pairs.kind.astype(str), "a": pairs.a.astype(np.int64),
        "b": pairs.b.astype(np.int64), "score": pairs.score.astype(float),
        "levels": pairs.levels.astype(str), "minutes_a": pairs.minutes_a.astype(float),
        "minutes_b": pairs.minutes_b.astype(float)}),
        _path(folder, name, ".pairs.parquet"))
    if values:
        _atomic_parquet(pa.table({k: np.asarray(v) for k, v in values.items()}),
                        _path(folder, name, ".values.parquet"))
    done = _path(folder, name, ".done.json")
    temp = done.with_name(f".{done.name}.{os.getpid()}.tmp")
    temp.write_text(_JSON.encode(summary), encoding="utf-8")
    os.replace(temp, done)


def _plain(value: object) -> object:
    return value.item() if hasattr(value, "item") else value


def read_values(folder: str, name: str) -> dict[str, np.ndarray]:
    """The values the finished part ``name`` kept for a later stage (none: empty)."""
    import pyarrow.parquet as pq

    path = _path(folder, name, ".values.parquet")
    if not path.exists():
        return {}
    table = pq.read_table(path)
    return {k: table.column(k).to_numpy(zero_copy_only=False) for k in table.column_names}


def read_part(folder: str, name: str) -> tuple[FindingTable, PartPairs]:
    """The findings and pairs of the finished part ``name``."""
    import pyarrow.parquet as pq

    f = pq.read_table(_path(folder, name, ".findings.parquet")).to_pydict()
    findings = FindingTable(
        np.asarray(f["index"], dtype=np.int64), object_array(f["check"]),
        object_array(f["severity"]), object_array(f["message_code"]),
        [json.loads(p) for p in f["params"]], np.asarray(f["score"], dtype=float),
        object_array(f["group_id"]), object_array([json.loads(r) for r in f["related_id"]]),
        np.asarray(f["suggested_x"], dtype=float), np.asarray(f["suggested_y"], dtype=float))
    p = pq.read_table(_path(folder, name, ".pairs.parquet")).to_pydict()
    pairs = PartPairs(object_array(p["kind"]), np.asarray(p["a"], dtype=np.int64),
                      np.asarray(p["b"], dtype=np.int64), np.asarray(p["score"], dtype=float),
                      object_array(p["levels"]), np.asarray(p["minutes_a"], dtype=float),
                      np.asarray(p["minutes_b"], dtype=float))
    return findings, pairs
