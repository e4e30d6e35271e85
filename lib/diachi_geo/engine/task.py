"""One part of a partitioned run: its points (the tile's and a halo around it), the
reference features within reach, the checks, and the findings it owns sent back.

Parts come in stages (:data:`STAGES`): tiles (and the points without a location); then
the commune groups (the checks that look at a commune's points wherever they are) and,
alongside them, the duplicates' parts (the tiles' pairs scored with what was learned from
all the points while the tiles ran); then the far points in tiles again (their
candidates, placed by the street neighbours' house numbers the commune groups worked out).

Windows, in the metric CRS, for a tile whose located points fill the box ``core``:

- points: ``core`` grown by the stacked tolerance (a duplicates' part: by the duplicates'
  radius, and it reads no layer), and by the snap
  reach around every footprint within the snap reach of ``core`` (several points on one
  building are spread along it together, so all of them must be here; the reach is the
  far candidates' when larger than the snap radius);
- buildings and entrances: the points' window grown by the snap radius; roads: that grown
  by the road search distance; water: the points' window; communes: the whole layer (a
  point's declared commune may lie anywhere).

A part whose footprints reach beyond its points' window answers with a wider window and
is run again with it (:class:`Wider`).
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

import numpy as np

from ..checks import CHECKS, missing_needs
from ..checks.context import Context
from ..checks.duplicates import LinkedPairs, link_pairs
from ..checks.duplicates.scoring import level_names
from ..checks.stacked import stacked_pairs
from ..checks.streets.expected import expected_numbers
from ..findings import FindingTable
from ..gcpause import paused_gc
from ..parallel import THREADS_VARIABLE
from ..snap import Snap
from ..validate import validate_context
from .memory import own_peak_mib, start_measuring
from .parts import PartPairs, write_part
from .reading import Wider, read_layers
from .registry import tile_registry_findings
from .spec import PartSpec, take_points

__all__ = ["PartSpec", "PartResult", "Wider", "duplicate_pairs", "GROUPED_CHECKS",
           "SPATIAL_CHECKS", "PART_CHECKS", "FAR_CHECK", "STAGES", "SNAP_VALUES",
           "EXPECTED_VALUES", "VALUE_FILLS", "run_part", "take_points"]

GROUPED_CHECKS = ("stacked", "duplicate")
"""Checks whose pairs are collected from the parts and grouped when merging."""
SPATIAL_CHECKS = ("stacked", "duplicate", "snap", "far_from_building", "in_water")
PART_CHECKS = ("invalid_geometry", "null_island", "swapped_latlon", "outside_country",
               "missing_value", "snap", "in_water", *GROUPED_CHECKS)
"""Checks that find in a part, with its halo, what they find over all the points. Any other
check (one that looks at a commune's points: a hamlet's or a street's, or one added later)
runs in the commune groups (stage ``communes``), which hold every point of their
communes; ``far_from_building``, whose candidate a point's street neighbours may choose
(by house number) however far along the street they are, runs last (stage ``far``)."""
FAR_CHECK = "far_from_building"
STAGES = ("tiles", "communes", "duplicates", "far")
SNAP_VALUES = ("snapped", "snap_x", "snap_y", "in_water", "far", "occupied")
"""What a tile sends back of each point it owns, for the later stages: snapped to a
building, where to, in water, far from every building, the id of the building it stands
on ("" if none, see :func:`~diachi_geo.snap.vacant.occupied_buildings`)."""
VALUE_FILLS: dict[str, object] = {"snapped": False, "snap_x": np.nan, "snap_y": np.nan,
                                  "in_water": False, "far": False, "occupied": "",
                                  "expected_x": np.nan,
                                  "expected_y": np.nan, "low": "", "high": ""}
"""Each value for the points no part sent it for."""
EXPECTED_VALUES = ("expected_x", "expected_y", "low", "high")
"""What a commune group sends back of each far point: where its street neighbours' house
numbers place it, and their numbers (see :func:`~.checks.streets.expected.expected_numbers`).
"""


@dataclass
class PartResult:
    """What a part found: the findings of the points it owns (numbered as in the whole
    run), the pairs it owns, and a summary. The part writes them to its part file when
    it sees the run's folder, and sends them back to the machine that started the run,
    which merges them (and writes them when the worker, on another machine, did not:
    workers need no shared folder)."""

    summary: dict
    findings: FindingTable
    pairs: PartPairs
    values: dict[str, np.ndarray] = field(default_factory=dict)
    """Values of its points for the later stages (with ``index``, in the whole run)."""


def run_part(spec: PartSpec) -> PartResult | Wider:
    """Run one part: what it found and its summary (name, seconds, findings, peak memory,
    worker), or :class:`Wider` when it must be run again with a wider window."""
    os.environ.setdefault(THREADS_VARIABLE, "1")   # one task per worker thread
    start_measuring()
    # as in one run (see validate): the collector would walk every object the checks make
    with paused_gc():
        return _run_part(spec, time.perf_counter())


def _run_part(spec: PartSpec, started: float) -> PartResult | Wider:
    points = spec.part_points()
    paired = spec.stage in ("tiles", "duplicates")   # pairs are grouped when merging
    layers = read_layers(spec, points) if spec.stage != "duplicates" else {}
    if isinstance(layers, Wider):
        return layers
    run = [c for c in spec.checks if c not in GROUPED_CHECKS or not paired]
    if not spec.spatial:
        run = [c for c in run if c not in SPATIAL_CHECKS]
    ctx = Context(points, params=spec.params, metric_crs=spec.metric_crs,
                  duplicate_params=spec.duplicate_params, **layers)
    _give(ctx, spec)
    result = validate_context(ctx, run)
    owned = spec.owned
    findings = result.findings.select(owned[result.findings.index])
    findings.index = spec.positions[findings.index]
    registry = spec.part_registry()
    if spec.registry_model is not None and registry is not None:
        findings = FindingTable.concat([findings, tile_registry_findings(
            ctx, registry, spec.registry_model, spec.duplicate_params, owned,
            spec.positions)])
    pairs = _pairs(spec, result.context) if spec.spatial and paired else PartPairs.empty()
    values = _values(spec, ctx) if spec.send_values else {}
    summary = {"name": spec.name, "points": int(owned.sum()), "findings": len(findings),
               "pairs": len(pairs.a), "seconds": round(time.perf_counter() - started, 3),
               "check_seconds": result.seconds, "peak_mib": own_peak_mib(),
               "worker": _worker(),
               # the commune groups' notes are the run's (skipped checks, notes on the data)
               "notes": [[n.check, n.code, n.params] for n in result.notes]
               if spec.stage == "communes" else []}
    if spec.folder is not None and os.path.isdir(spec.folder):
        write_part(spec.folder, spec.name, findings, pairs, summary, values)
    return PartResult(summary, findings, pairs, values)


def _give(ctx: Context, spec: PartSpec) -> None:
    """Put in ``ctx`` what the stage before worked out over all the points."""
    given = spec.given
    ctx.old_era = spec.old_era
    if "far" in given:
        ctx.__dict__["far_points"] = given["far"] & ctx.located
    if "in_water" in given:
        ctx.__dict__["in_water"] = given["in_water"]
    if "snapped" in given:       # where the street neighbours stand (their house)
        n = len(ctx.points)
        ctx.__dict__["snap"] = Snap(
            np.where(given["snapped"], 0, -1), np.full(n, -1), np.full(n, "", dtype=object),
            np.full(n, "", dtype=object), given["snap_x"], given["snap_y"],
            np.full(n, np.nan), np.zeros(n), np.full(n, np.nan))
    if spec.occupied is not None:
        ctx.occupied_ids = set(spec.occupied.tolist())
    if "expected_x" in given:
        ctx.expected_far = tuple(given[k] for k in EXPECTED_VALUES)


def _values(spec: PartSpec, ctx: Context) -> dict[str, np.ndarray]:
    """:data:`SNAP_VALUES` of the points a tile owns, or :data:`EXPECTED_VALUES` of the
    far points a commune group owns."""
    if spec.stage == "tiles":
        at = np.flatnonzero(spec.owned & ctx.located)
        far = ctx.far_points if ctx.has("buildings") else np.zeros(len(ctx.points), bool)
        snap = ctx.snap
        with np.errstate(invalid="ignore"):
            on = (snap.part[at] >= 0) & \
                (snap.building_distance[at] <= ctx.params.snap_far_occupied_m)
        occupied = np.full(len(at), "", dtype=object)
        if on.any():
            ids = np.asarray(ctx.layers["buildings"].ids)
            occupied[on] = ids[snap.building[at[on]]].astype(str)
        return {"index": spec.positions[at], "snapped": snap.part[at] >= 0,
                "snap_x": snap.x[at], "snap_y": snap.y[at],
                "in_water": ctx.in_water[at], "far": far[at], "occupied": occupied}
    far = ctx.far_points & spec.owned
    at = np.flatnonzero(far)
    found = expected_numbers(ctx, far)
    return {"index": spec.positions[at],
            **{k: v[at] for k, v in zip(EXPECTED_VALUES, found)}}


def _pairs(spec: PartSpec, ctx: object) -> PartPairs:
    """The stacked and duplicate pairs whose first (lower) point this part owns."""
    parts, positions, owned = [], spec.positions, spec.owned
    if "stacked" in spec.checks:
        left, right = stacked_pairs(ctx)
        keep = owned[left]
        n = int(keep.sum())
        parts.append(PartPairs(np.full(n, "stacked", dtype=object), positions[left[keep]],
                               positions[right[keep]], np.ones(n), np.full(n, "", dtype=object),
                               np.full(n, np.nan), np.full(n, np.nan)))
    if "duplicate" in spec.checks and missing_needs(CHECKS["duplicate"], ctx) is None:
        found = link_pairs(ctx, spec.duplicate_params, model=spec.model)
        if found is not None:
            parts.append(duplicate_pairs(found, positions, owned))
    return PartPairs.concat(parts)


def duplicate_pairs(found: LinkedPairs, positions: np.ndarray, owned: np.ndarray
                    ) -> PartPairs:
    """The linked pairs of ``found`` whose first point is ``owned``, numbered by
    ``positions`` (of the points ``found`` was scored on) as in the whole run."""
    linked = found.linked[owned[found.index[found.a[found.linked]]]]
    a, b = found.a[linked], found.b[linked]
    levels = [_encode(level_names(found.scored.pairs, k)) for k in linked.tolist()]
    return PartPairs(np.full(len(a), "duplicate", dtype=object), positions[found.index[a]],
                     positions[found.index[b]], found.scored.score[linked],
                     np.array(levels, dtype=object), found.minutes[a], found.minutes[b])


def _encode(levels: dict) -> str:
    import json

    return json.dumps(levels, sort_keys=True, ensure_ascii=False)


def _worker() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return "local"
