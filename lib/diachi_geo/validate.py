"""Run the registered checks over a point set and collect findings and notes."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pyproj import CRS

from .checks import CHECKS, missing_needs
from .checks.context import Context, unused_after
from .config import CheckParams, DuplicateParams
from .errors import ConfigError
from .findings import FindingTable
from .freemem import release_free_memory
from .gcpause import paused_gc
from .model import PointSet, ReferenceLayer

__all__ = ["ValidationResult", "Note", "validate", "validate_context", "select_checks"]

log = logging.getLogger(__name__)


_FREED_AFTER_S = 0.5
"""Checks that ran this long give the memory they freed back to the system."""


@dataclass(frozen=True)
class Note:
    """Something a person should know about the run, e.g. a check that was skipped."""

    check: str
    code: str
    params: dict = field(default_factory=dict)


@dataclass
class ValidationResult:
    """What a run found: findings, notes, the metric CRS, timings and the check context."""

    findings: FindingTable
    notes: list[Note]
    metric_crs: CRS
    seconds: dict[str, float]
    context: Context | None
    """The inputs and what the checks derived from them (None once dropped to free them)."""


def select_checks(names: Iterable[str] | None) -> list[str]:
    """Validate a list of check codes (None means all) and return it in registry order.

    Examples
    --------
    >>> select_checks(["stacked", "null_island"])
    ['null_island', 'stacked']
    """
    if names is None:
        return list(CHECKS)
    names = [n.strip() for n in names if n.strip()]
    unknown = [n for n in names if n not in CHECKS]
    if unknown:
        raise ConfigError.coded("unknown_checks", names=unknown, known=list(CHECKS))
    return [code for code in CHECKS if code in names]


def validate(points: PointSet, *, communes: ReferenceLayer | None = None,
             buildings: ReferenceLayer | None = None, roads: ReferenceLayer | None = None,
             water: ReferenceLayer | None = None, entrances: ReferenceLayer | None = None,
             checks: Iterable[str] | None = None, params: CheckParams | None = None,
             metric_crs: CRS | None = None,
             duplicate_params: DuplicateParams | None = None,
             registry: PointSet | None = None,
             progress: Callable[[float, str], bool | None] | None = None,
             keep_context: bool = True) -> ValidationResult:
    """Run ``checks`` (default: all) and return findings, notes and timings.

    ``registry`` is an already published layer: duplicate detection then also finds new
    points that are already in it (gazetteer mode).

    ``progress(fraction, check)`` is called before each check; returning False cancels
    the run (the findings so far are returned, with a ``cancelled`` note).

    ``keep_context=False`` frees what the checks derived (the footprints' index, the snap
    step, the points in metres...) as soon as no later check needs it, and returns no
    context: a province-scale run then peaks lower.
    """
    ctx = Context(points, communes=communes, buildings=buildings, roads=roads, water=water,
                  entrances=entrances, params=params, metric_crs=metric_crs,
                  duplicate_params=duplicate_params, registry=registry)
    with paused_gc():
        result = _run_checks(ctx, select_checks(checks), checks is not None, progress,
                             keep_context)
    if not keep_context:
        result.context = None
    return result


def validate_context(ctx: Context, checks: Iterable[str] | None = None) -> ValidationResult:
    """:func:`validate` on a context already built: a run in parts gives it values worked
    out over all the points (see :class:`~diachi_geo.checks.context.Context`)."""
    with paused_gc():
        return _run_checks(ctx, select_checks(checks), checks is not None, None)


def _run_checks(ctx: Context, selected: list[str], chosen: bool,
                progress: Callable[[float, str], bool | None] | None,
                keep_context: bool = True) -> ValidationResult:
    tables, notes, seconds = [], [], {}
    for step, code in enumerate(selected):
        if progress is not None and progress(step / len(selected), code) is False:
            notes.append(Note(code, "cancelled"))
            break
        spec = CHECKS[code]
        reason = missing_needs(spec, ctx)
        if reason is not None:
            if chosen or reason["reason"] != "not_available":
                notes.append(Note(code, "skipped", reason))
            log.info("check %s skipped: %s", code, reason)
            continue
        started = time.perf_counter()
        tables.append(spec.function(ctx))
        seconds[code] = time.perf_counter() - started
        released = not keep_context and ctx.release(unused_after(selected[step + 1:]))
        # a long check freed what it built on the way (a quick one, nothing to speak of)
        if released or seconds[code] > _FREED_AFTER_S:
            release_free_memory()
    notes.extend(Note(check, code, params) for check, code, params in ctx.run_notes)
    return ValidationResult(FindingTable.concat(tables), notes, ctx.metric_crs, seconds, ctx)
