"""``diachi-geo validate``, ``snap`` and ``dedupe``: read the points and reference layers,
run the checks (all or a choice; snap and dedupe run their own), write the findings and
print a summary."""
from __future__ import annotations

import argparse
import time

import numpy as np

from ..checks import CHECKS, SNAP_CHECKS
from ..crs import choose_metric_crs
from ..errors import ConfigError
from ..freemem import release_free_memory
from ..io.commune_mapping import read_commune_mapping
from ..io.points import read_points
from ..io.references import REFERENCE_KINDS, read_inputs
from ..io.write import check_not_input
from ..messages import LANGUAGES, check_title, default_language, label, note_text
from ..model import PointSet
from ..output import FINDING_FORMATS, write_findings
from ..validate import ValidationResult, select_checks, validate
from .options import Subcommands, add_input_options, input_settings
from .partitioned import add_engine_options, run_partitioned

__all__ = ["add_parsers", "run"]


def add_parsers(sub: Subcommands) -> None:
    """Add ``validate``, ``snap`` and ``dedupe`` to the subcommands ``sub``."""
    v = sub.add_parser("validate", help="run the checks and write findings")
    _add_run_options(v, checks=True)
    s = sub.add_parser("snap", help="propose building entrances: snap, far_from_building and "
                       "in_water only (needs --buildings)")
    _add_run_options(s, checks=False)
    d = sub.add_parser("dedupe", help="find duplicate places (the same place collected twice "
                       "under different spellings) and suggest the record to keep")
    _add_run_options(d, checks=False)
    for p in (v, s, d):
        p.set_defaults(run=run)


def _add_run_options(p: argparse.ArgumentParser, *, checks: bool) -> None:
    """The points, the output and the options of a validating run."""
    p.add_argument("points", help="collected points: PATH or 'PATH|layername=NAME' "
                   "(GeoPackage, GeoJSON, Shapefile, CSV/XLSX with lon/lat columns)")
    p.add_argument("--out", required=True, help=f"findings file ({', '.join(FINDING_FORMATS)}"
                   "); a GeoPackage also gets 'suggestions' and 'moves' layers")
    add_input_options(p, checks=checks)
    p.add_argument("--against", metavar="REGISTRY", help="an already published layer of "
                   "places: new points found in it are reported as duplicates of its records")
    p.add_argument("--snap-max-distance", type=float, metavar="M",
                   help="buildings farther than this are not snapped to (default 30)")
    p.add_argument("--snap-max-distance-far", type=float, metavar="M",
                   help="a point beyond --snap-max-distance gets the entrance of a building "
                   "within this as a low-confidence suggestion (default 100)")
    p.add_argument("--snap-min-move", type=float, metavar="M",
                   help="report snaps moving a point more than this (default 1)")
    p.add_argument("--lang", choices=LANGUAGES, help="language of messages "
                   "(default: from the locale)")
    p.add_argument("--quiet", action="store_true", help="print no summary")
    add_engine_options(p)


def run(args: argparse.Namespace) -> int:
    """Run ``validate``, ``snap`` or ``dedupe`` (``args.command``); the exit status."""
    lang = args.lang or default_language()
    config, fields, commune_fields = input_settings(args)
    if args.command == "snap":
        if not args.buildings:
            raise ConfigError.coded("snap_needs_buildings")
        checks = list(SNAP_CHECKS)
    elif args.command == "dedupe":
        checks = ["duplicate"]
    else:
        checks = select_checks(args.checks.split(",")) if args.checks else config.checks
    params = config.params
    if args.snap_max_distance is not None:
        params = params.replace(snap_max_distance_m=args.snap_max_distance)
    if args.snap_max_distance_far is not None:
        params = params.replace(snap_max_distance_far_m=args.snap_max_distance_far)
    if args.snap_min_move is not None:
        params = params.replace(snap_min_move_m=args.snap_min_move)
    inputs = [args.points] + [getattr(args, n) for n in REFERENCE_KINDS if getattr(args, n)]
    check_not_input(args.out, inputs)
    started = time.perf_counter()
    # phone numbers are compared (in memory only) when looking for duplicates
    personal = ("owner_phone",) if checks is None or "duplicate" in checks else ()
    mapping = None
    if args.commune_mapping:
        mapping = read_commune_mapping(args.commune_mapping)
    metric = None
    if config.metric_crs != "utm":
        no_points = np.empty(0)
        metric = choose_metric_crs(no_points, no_points, prefer=config.metric_crs,
                                   central_meridian=config.central_meridian)
    if args.engine == "dask":
        result, points = run_partitioned(args, config=config, checks=checks, params=params,
                                         fields=fields, commune_fields=commune_fields,
                                         personal=personal, mapping=mapping, metric=metric)
        return _finish(args, result, points, lang, started)
    # the footprints projected once, as read: the run never holds them twice
    points, layers = read_inputs(args.points, {kind: getattr(args, kind)
                                               for kind in REFERENCE_KINDS},
                                 fields=fields, commune_fields=commune_fields, crs=args.crs,
                                 personal=personal, commune_mapping=mapping,
                                 metric_crs=metric or "utm")
    registry = None
    if args.against:
        check_not_input(args.out, [args.against])
        registry = read_points(args.against, fields=fields, required=("id", "name"),
                               personal=personal)
    result = validate(points, checks=checks, params=params, metric_crs=metric,
                      duplicate_params=config.duplicate_params, registry=registry,
                      keep_context=False, **layers)
    # writing needs the findings and the points only: the footprints and what the checks
    # derived go before it (the write is the run's last peak)
    del layers
    release_free_memory()
    return _finish(args, result, points, lang, started)


def _finish(args: argparse.Namespace, result: ValidationResult, points: PointSet, lang: str,
            started: float) -> int:
    """Write the findings and print the summary; the exit status."""
    write_findings(result.findings, points, args.out, lang=lang)
    if not args.quiet:
        _print_summary(result, points_count=len(points), out=args.out, lang=lang,
                       seconds=time.perf_counter() - started)
    return 0


def _print_summary(result: ValidationResult, *, points_count: int, out: str, lang: str,
                   seconds: float) -> None:
    """A table of findings per check, the notes, and where the findings went."""
    counts = result.findings.counts()
    rows = [(check_title(code, lang), label(CHECKS[code].severity, lang),
             str(counts.get(code, 0))) for code in CHECKS if code in counts or
            code in result.seconds]
    head = (label("check", lang), label("severity", lang), label("count", lang))
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(3)]
    line = "  ".join("-" * w for w in widths)
    print(f"{label('points', lang)}: {points_count}   "
          f"{label('with_findings', lang)}: {len(set(result.findings.index.tolist()))}   "
          f"{label('metric_crs', lang)}: {result.metric_crs.name}")
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
    print(line)
    for row in rows:
        print(f"{row[0].ljust(widths[0])}  {row[1].ljust(widths[1])}  {row[2].rjust(widths[2])}")
    print(line)
    print(f"{label('total', lang).ljust(widths[0])}  {''.ljust(widths[1])}  "
          f"{str(len(result.findings)).rjust(widths[2])}")
    for note in result.notes:
        print(f"{label('notes', lang)}: {check_title(note.check, lang)}: "
              f"{note_text(note.code, note.params, lang)}")
    print(f"{label('written', lang)}: {out}  ({seconds:.1f} s)")
