"""A validation run in parts: plan the parts, run them (here or on a Dask cluster), merge.

The parts' results are kept in a folder: a part already finished there is not run again
(a stopped run resumes), a part that fails is retried and then named in the error while
the others' results stay. The findings equal those of :func:`diachi_geo.validate.validate`
over all the points, finding by finding.
"""
from __future__ import annotations

import hashlib
import json
import os
import pathlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial

import numpy as np
import pyproj

from .. import __version__
from ..checks import CHECKS, missing_needs
from ..checks.duplicates.groups import COMPLETENESS_FIELDS
from ..config import CheckParams, DuplicateParams
from ..errors import ConfigError, PartitionError
from ..findings import FindingTable
from ..gcpause import paused_gc
from ..io.point_rows import PointFile
from ..model import PointSet, ReferenceLayer
from ..parallel import Background
from ..validate import Note, ValidationResult, select_checks
from .merge import merge_parts
from .parts import PartPairs, part_done, read_values, write_part
from .plan import Plan
from .registry import REGISTRY_PART
from .task import (
    EXPECTED_VALUES,
    SNAP_VALUES,
    STAGES,
    VALUE_FILLS,
    PartResult,
    PartSpec,
    Wider,
    run_part,
)
from .tiles import Tile

__all__ = ["Executor", "run_here", "validate_partitioned", "provinces_of", "MANIFEST",
           "DUPLICATES_PART"]

MANIFEST = "run.json"
"""The file in a parts folder that says which run its parts belong to."""
DUPLICATES_PART = "duplicates"
"""The part of the duplicate pairs scored where the run starts, when they all fit the
learning sample (see :meth:`~.plan.Plan.learn`)."""

Executor = Callable[[list[PartSpec]], Iterator[tuple[PartSpec, object]]]
"""Runs parts and yields ``(spec, result)`` as each ends: the part's
:class:`~.task.PartResult`, a :class:`~.task.Wider`, or the exception that failed it
(after its retries)."""


def run_here(specs: list[PartSpec], retries: int = 1) -> Iterator[tuple[PartSpec, object]]:
    """An :data:`Executor` that runs the parts one after the other in this process."""
    for spec in specs:
        for attempt in range(retries + 1):
            try:
                yield spec, run_part(spec)
                break
            except Exception as exc:  # a failed part is reported, the others go on
                if attempt == retries:
                    yield spec, exc


def validate_partitioned(points: PointSet, references: Mapping[str, str | None], *,
                         folder: str, checks: Iterable[str] | None = None,
                         params: CheckParams | None = None,
                         duplicate_params: DuplicateParams | None = None,
                         metric_crs: pyproj.CRS | None = None,
                         commune_fields: Mapping[str, str] | None = None,
                         tiles: list[Tile] | None = None, partitions: int = 4,
                         provinces: np.ndarray | None = None,
                         executor: Executor = run_here,
                         progress: Callable[[str, dict], None] | None = None,
                         registry: PointSet | None = None,
                         file: PointFile | None = None) -> ValidationResult:
    """Validate ``points`` against the reference layers named in ``references`` (kind ->
    source, read by each part within its window) in parts, and merge the findings.

    ``tiles``, else ``provinces`` (each point's province, see :func:`provinces_of`), else
    ``partitions`` tiles holding about as many points each cut the located points;
    ``folder`` keeps the parts. ``progress(name, summary)`` is called as
    each part ends (``summary["status"]``: done, skipped or failed; ``summary["of"]``: the
    number of parts, at most: a later stage's are known when it starts). The stages run
    one after the other: the tiles (while what duplicate scoring learns from all the
    points is learned here), the commune groups with the duplicates' parts, the far points
    (see :mod:`.task`).

    ``registry`` is an already published layer, read here (see :mod:`.registry`): new points
    already in it are found, as :func:`~diachi_geo.validate.validate` finds them.

    ``file``: where ``points`` were read thinly (see :func:`~.plan.plan_fields`); each
    part then reads its own points from it.
    """
    params = params or CheckParams()
    duplicate_params = duplicate_params or DuplicateParams()
    selected = select_checks(checks)
    started = time.perf_counter()
    plan = Plan(points, references, checks=selected, params=params,
                duplicate_params=duplicate_params, metric_crs=metric_crs,
                commune_fields=commune_fields or {}, tiles=tiles, partitions=partitions,
                provinces=provinces, registry=registry, file=file)
    _claim(folder, plan, points)
    stages = _Stages(folder, plan, executor, progress)
    first = plan.specs()
    # what duplicate scoring learns from all the points is learned while the tiles run
    learning = Background(plan.learn, name="learn")
    # the later stages' parts, at most: one per commune group, two per tile (a failed
    # part's error is raised without waiting for the learning)
    names = stages.run(first, len(plan.group_names) + len(first) * (1 + plan.far))
    learning.result()
    names += _learned_parts(folder, plan)
    snapped = _gather(folder, [s.name for s in first], len(points), SNAP_VALUES) \
        if plan.far else {}
    groups = plan.group_specs(snapped)
    names += stages.run(groups + plan.duplicate_specs(), len(first) if plan.far else 0)
    expected = _gather(folder, [s.name for s in groups], len(points), EXPECTED_VALUES)
    names += stages.run(plan.far_specs(snapped, expected))
    del snapped, expected
    seconds: dict[str, float] = {}
    for name in names:
        for code, spent in part_done(folder, name).get("check_seconds", {}).items():
            seconds[code] = seconds.get(code, 0.0) + spent
    with paused_gc():            # the groups' findings, as in one run (see validate)
        findings = merge_parts(folder, names, points, selected, known=stages.results,
                               fill=partial(plan.fill, fields=COMPLETENESS_FIELDS))
    notes = _notes([c for c in selected if c not in plan.group_checks], checks is not None,
                   points, plan.references)
    if groups:
        found = _group_notes([part_done(folder, s.name).get("notes", []) for s in groups])
        notes = _in_registry_order(notes + [n for n in found if n.code == "skipped"]) + \
            [n for n in found if n.code != "skipped"]
    skipped = {note.check for note in notes}
    for code in selected:        # the checks that ran, as a single run times them
        if code not in skipped and CHECKS[code].function is not None:
            seconds.setdefault(code, 0.0)
    seconds["total"] = time.perf_counter() - started
    return ValidationResult(findings, notes, plan.metric_crs, seconds, plan.ctx)


def _learned_parts(folder: str, plan: Plan) -> list[str]:
    """The parts of what :meth:`~.plan.Plan.learn` scored itself (all the duplicate pairs,
    the registry's findings), written to ``folder``; their names."""
    names = []
    if plan.duplicates is not None:
        names.append(DUPLICATES_PART)
        if part_done(folder, DUPLICATES_PART) is None:
            write_part(folder, DUPLICATES_PART, FindingTable.empty(), plan.duplicates,
                       {"name": DUPLICATES_PART, "pairs": len(plan.duplicates.a)})
    matched = plan.registry.findings if plan.registry is not None else None
    if matched is not None:
        names.append(REGISTRY_PART)
        if part_done(folder, REGISTRY_PART) is None:
            write_part(folder, REGISTRY_PART, matched, PartPairs.empty(),
                       {"name": REGISTRY_PART, "findings": len(matched)})
    return names


class _Stages:
    """Runs the parts of one stage after another: a part already finished in ``folder``
    is skipped, one whose footprints reach out runs again wider; a failed part stops the
    run after its stage, naming it."""

    def __init__(self, folder: str, plan: Plan, executor: Executor,
                 progress: Callable[[str, dict], None] | None):
        self.folder, self.plan, self.executor, self.progress = folder, plan, executor, progress
        self.ended, self.known = 0, 0
        self.results: dict[str, tuple[FindingTable, PartPairs]] = {}
        """The findings and pairs of the parts run here (those skipped are on disk)."""

    def run(self, specs: list[PartSpec], later: int = 0) -> list[str]:
        """Run ``specs`` (those not finished yet); their names. ``later``: how many parts
        the later stages will have, at most (for the count of all parts progress gives)."""
        self.known = self.ended + len(specs) + later
        todo, failed = [], {}
        for spec in specs:
            done = part_done(self.folder, spec.name)
            if done is None:
                todo.append(spec)
            else:
                self._say(spec.name, {**done, "status": "skipped"})
        where = os.path.abspath(self.folder)
        while todo:
            again = []
            for spec in todo:
                spec.folder = where
            for spec, result in self.executor(todo):
                if isinstance(result, Wider):
                    again.append(self.plan.widen(result.name, result.window))
                    continue
                if isinstance(result, PartResult):
                    # a worker on another machine may not see the folder
                    if part_done(self.folder, spec.name) is None:
                        write_part(self.folder, spec.name, result.findings, result.pairs,
                                   result.summary, result.values)
                    self.results[spec.name] = (result.findings, result.pairs)
                    summary = {**result.summary, "status": "done"}
                else:
                    failed[spec.name] = f"{type(result).__name__}: {result}"
                    summary = {"status": "failed", "error": failed[spec.name]}
                self._say(spec.name, summary)
            todo = again
        if failed:
            raise PartitionError.coded(
                "parts_failed", failed=len(failed), total=len(specs), folder=self.folder,
                parts="; ".join(f"{name} ({error})" for name, error in failed.items()))
        return [s.name for s in specs]

    def _say(self, name: str, summary: dict) -> None:
        self.ended += 1
        if self.progress is not None:
            self.progress(name, {**summary, "of": self.known})


def _gather(folder: str, names: list[str], n: int, keys: tuple[str, ...]
            ) -> dict[str, np.ndarray]:
    """The values ``keys`` the parts ``names`` kept, for all ``n`` points of the run (for
    a point none kept: False, NaN or "")."""
    out = {key: np.full(n, VALUE_FILLS[key], dtype=type(VALUE_FILLS[key]) if
                        isinstance(VALUE_FILLS[key], bool) else object if
                        isinstance(VALUE_FILLS[key], str) else float) for key in keys}
    for name in names:
        part = read_values(folder, name)
        for key in keys if part else ():
            out[key][part["index"]] = part[key]
    return out


def _group_notes(found: list[list]) -> list[Note]:
    """The run's notes from the commune groups': the skipped checks (alike in all), the
    notes on the data once each, their counts added up."""
    notes: dict[tuple[str, str], dict] = {}
    for part in found:
        for check, code, params in part:
            known = notes.get((check, code))
            if known is None:
                notes[(check, code)] = dict(params)
            elif code != "skipped":
                for key, value in params.items():
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        known[key] = known.get(key, 0) + value
    return [Note(check, code, params) for (check, code), params in notes.items()]


def provinces_of(points: PointSet, communes: ReferenceLayer | None) -> np.ndarray | None:
    """Each point's province: its ``province_code``, else the ``province`` of the commune
    its code declares; None when the data tells neither."""
    own = points.attribute("province_code")
    if own is not None:
        return own
    declared = points.attribute("commune_code")
    if communes is None or declared is None or "province" not in communes.attributes:
        return None
    province = dict(zip(communes.attributes["code"].tolist(),
                        communes.attributes["province"].tolist()))
    return np.array([province.get(code) for code in declared.tolist()], dtype=object)


class _Needs:
    """What :func:`~diachi_geo.checks.missing_needs` asks of a run: its layers, and its
    points' fields (read, or only named: read thinly, see :func:`~.plan.plan_fields`)."""

    def __init__(self, points: PointSet, given: Iterable[str]):
        self.points, self.given, self._of = self, set(given), points

    def has(self, layer: str) -> bool:
        return layer in self.given

    def attribute(self, name: str) -> object:
        return name if name in self._of.field_names else self._of.attribute(name)


def _notes(selected: list[str], chosen: bool, points: PointSet, given: Iterable[str]
           ) -> list[Note]:
    """The checks skipped, as a single run notes them."""
    notes, needs = [], _Needs(points, given)
    for code in selected:
        reason = missing_needs(CHECKS[code], needs)  # type: ignore[arg-type]
        if reason is not None and (chosen or reason["reason"] != "not_available"):
            notes.append(Note(code, "skipped", reason))
    return notes


def _in_registry_order(notes: list[Note]) -> list[Note]:
    """``notes`` in the order of the checks' registry, as one run gives them."""
    order = {code: k for k, code in enumerate(CHECKS)}
    return sorted(notes, key=lambda note: order.get(note.check, len(order)))


def _claim(folder: str, plan: Plan, points: PointSet) -> None:
    """Keep the parts in ``folder`` only if they belong to this very run."""
    def stamp(source: str) -> list:
        path = source.split("|")[0]
        info = os.stat(path) if os.path.exists(path) else None
        return [source, info.st_size if info else None, info.st_mtime_ns if info else None]

    run = {"points": stamp(points.source), "count": len(points),
           # read alike: the same fields (the owner's only if allowed), CRS and commune
           # codes (after an old-to-new commune table)
           "fields": sorted(points.field_names.items()), "crs": points.crs.to_wkt(),
           "commune_codes": _codes_digest(points.attribute("commune_code")),
           "commune_fields": sorted(plan.commune_fields.items()),
           "references": {k: stamp(v) for k, v in sorted(plan.references.items())},
           "checks": plan.checks, "params": repr(plan.params),
           "duplicate_params": repr(plan.duplicate_params),
           "metric_crs": plan.metric_crs.to_wkt(),
           "parts": plan.names, "stages": list(STAGES),
           # the duplicates' parts of an earlier version may have learned another model
           "version": __version__}
    if plan.registry_points is not None:
        run["registry"] = stamp(plan.registry_points.source)
    fingerprint = hashlib.sha256(json.dumps(run, sort_keys=True).encode()).hexdigest()
    path = pathlib.Path(folder) / MANIFEST
    if path.exists():
        known = json.loads(path.read_text(encoding="utf-8")).get("fingerprint")
        if known != fingerprint:
            raise ConfigError.coded("parts_of_another_run", folder=folder)
        return
    os.makedirs(folder, exist_ok=True)
    path.write_text(json.dumps({"fingerprint": fingerprint, "run": run}, indent=1),
                    encoding="utf-8")


def _codes_digest(codes: np.ndarray | None) -> str | None:
    """A digest of which commune codes the points hold, how many each (the same points
    read with another old-to-new commune table hold others)."""
    if codes is None:
        return None
    counts = Counter(codes.tolist())
    held = sorted((str(code), n) for code, n in counts.items())
    return hashlib.sha256(json.dumps(held).encode()).hexdigest()
