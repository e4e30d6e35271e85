"""Where a `diachi-geo` command spends its time: wall seconds per function, inclusive.

    PYTHONPATH=lib python tools/profile_cli.py [--functions m:f,...] -- validate POINTS ...

Each listed function is wrapped with a timer (calls and seconds summed; a function running in
several threads at once adds up, so a parent can show less than its children), then the
command runs as `diachi-geo` would run it. Without ``--functions`` the command's own list
below is used. The README's benchmark section quotes these tables: a profile with the time
per function, which cProfile cannot give for work done in threads and distorts for numpy.
"""
from __future__ import annotations

import argparse
import functools
import importlib
import sys
import time

VALIDATE = [
    "diachi_geo.cli.validate:read_inputs",
    "diachi_geo.cli.validate:validate",
    "check:snap",
    "diachi_geo.checks.context:Context.building_index",
    "diachi_geo.checks.context:prepare_buildings",
    "diachi_geo.checks.context:snap_to_entrances",
    "check:duplicate",
    "diachi_geo.checks.duplicates:candidate_pairs",
    "diachi_geo.checks.duplicates:prepare_records",
    "diachi_geo.checks.duplicates:score_candidates",
    "check:outside_commune", "check:stacked", "check:in_water", "check:far_from_building",
    "check:missing_value", "check:swapped_latlon", "check:outside_country",
    "check:commune_mismatch", "check:street_mismatch", "check:hamlet_outlier",
    "check:house_number_out_of_sequence",
    "diachi_geo.cli.validate:write_findings",
    "diachi_geo.output:findings_columns",
    "diachi_geo.findings:FindingTable.columns",
    "diachi_geo.output:write_vector",
]
COMMANDS = {
    "validate": VALIDATE,
    "session": [
        "diachi_geo.session.build:read_references",
        "diachi_geo.session.build:read_points_with_columns",
        "diachi_geo.session.build:validate",
        "diachi_geo.session.build:findings_layers",
        "diachi_geo.session.build:write_vector",
        "diachi_geo.session.build:_create_tables",
        "diachi_geo.session.build:point_summaries",
        "diachi_geo.session.build:_publish_ids",
        "diachi_geo.session.build:_points_layer",
        "diachi_geo.session.copy:PointCopy.finish",
    ],
    "report": [
        "diachi_geo.report.data:read_session",
        "diachi_geo.report.data:read_vector",
        "diachi_geo.report.data:_commune_names",
        "diachi_geo.report.progress:progress_tables",
        "diachi_geo.report.quality:quality_table",
        "diachi_geo.report.progress:write_table",
        "diachi_geo.report.progress:write_html",
    ],
}


def wrap(spec: str, totals: dict[str, list[float]]) -> None:
    """Replace the function ``module:name`` (or ``module:Class.attr``, cached properties
    included; ``check:CODE`` for a check of the registry) with one that adds its calls and
    seconds to ``totals[spec]``. Name a function where its caller looks it up."""
    module_name, _, path = spec.partition(":")
    if module_name == "check":
        import dataclasses

        from diachi_geo.checks import CHECKS

        CHECKS[path] = dataclasses.replace(CHECKS[path], function=_timed(
            CHECKS[path].function, totals.setdefault(spec, [0, 0.0])))
        return
    owner = importlib.import_module(module_name)
    *parents, name = path.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    original = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
    target = original.func if isinstance(original, functools.cached_property) else original
    timed = _timed(target, totals.setdefault(spec, [0, 0.0]))
    if isinstance(original, functools.cached_property):
        replacement = functools.cached_property(timed)
        replacement.__set_name__(owner, name)
        setattr(owner, name, replacement)
    else:
        setattr(owner, name, timed)


def _timed(target, entry: list):
    @functools.wraps(target)
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return target(*args, **kwargs)
        finally:
            entry[0] += 1
            entry[1] += time.perf_counter() - start
    return timed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--functions", help="module:function,... (default: the command's)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then diachi-geo's args")
    args = parser.parse_args()
    command = [a for a in args.command if a != "--"] if args.command[:1] == ["--"] else \
        args.command
    if not command:
        parser.error("give the diachi-geo command after --")
    specs = args.functions.split(",") if args.functions else COMMANDS.get(command[0], [])
    totals: dict[str, list[float]] = {}
    for spec in specs:
        wrap(spec, totals)
    from diachi_geo.cli import main as cli

    start = time.perf_counter()
    status = cli(command)
    total = time.perf_counter() - start
    print(f"\n{'seconds':>8} {'share':>6} {'calls':>6}  function (inclusive wall time)",
          file=sys.stderr)
    print(f"{total:8.2f} {1:6.0%} {1:6d}  diachi-geo {command[0]} (whole command)",
          file=sys.stderr)
    for spec, (calls, seconds) in totals.items():
        if calls:
            print(f"{seconds:8.2f} {seconds / total:6.0%} {calls:6d}  {spec}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
