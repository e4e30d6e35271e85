"""``--engine dask``: the options of a run in parts on a Dask cluster, and the run.

A GeoPackage's points are read here thinly (their locations, commune codes, names and
categories: what the parts are planned by and the duplicates' model learned from) and
each part reads its own points whole by feature id; other points (``--points-read here``,
or a CSV, XLSX, GeoJSON or Shapefile) are read whole here and each part is sent its own.
The registry of ``--against`` is read here (each tile is sent the records within reach
of its points; the points are then read whole here too). Each part reads the reference
layers within its window itself, so every worker needs the same files at the same paths
(or URLs GDAL reads, e.g. ``/vsis3/...``).
"""
from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial

from ..config import CheckParams, Config, DuplicateParams
from ..engine.plan import plan_fields
from ..errors import ConfigError
from ..io.point_rows import PointFile, read_thin_points
from ..io.points import read_points
from ..io.references import REFERENCE_KINDS, read_references
from ..io.vector import fid_column
from ..io.write import check_not_input
from ..messages import default_language, label
from ..model import PointSet, ReferenceLayer
from ..parallel import Background
from ..source import is_geopackage, parse_source
from ..validate import ValidationResult, select_checks
from .progress_bar import ProgressBar

__all__ = ["Checker", "add_engine_options", "dask_checker", "run_partitioned",
           "parts_read_points"]


def add_engine_options(p: argparse.ArgumentParser) -> None:
    """``--engine``, ``--scheduler``, ``--workers``, ``--partitions``, ``--memory-limit``,
    ``--parts``."""
    p.add_argument("--engine", choices=("single", "dask"), default="single",
                   help="single: one process (default); dask: in parts on a Dask cluster "
                   "(needs pip install 'diachi-geo[dask]')")
    p.add_argument("--scheduler", metavar="tcp://HOST:8786", help="with --engine dask: an "
                   "existing Dask scheduler (default: a local cluster)")
    p.add_argument("--workers", type=int, default=2, metavar="N", help="with --engine dask "
                   "and no --scheduler: worker processes of the local cluster (default 2)")
    p.add_argument("--partitions", type=int, metavar="N", help="with --engine dask: cut "
                   "the points into N tiles of about as many points (default: one part per "
                   "province, from the points' province_code or their communes' province, "
                   "large ones cut in tiles of 250,000 points; without provinces, one tile "
                   "per 250,000 points, at least two per worker)")
    p.add_argument("--memory-limit", default="auto", metavar="SIZE", help="with --engine "
                   "dask and no --scheduler: each worker's memory limit, e.g. 3GiB (default: "
                   "the machine's memory shared among the workers)")
    p.add_argument("--parts", metavar="DIR", help="with --engine dask: where the parts are "
                   "kept until merged (default: OUT.parts); a stopped run started again "
                   "with the same folder runs only the parts not finished")
    p.add_argument("--points-read", choices=("auto", "here", "parts"), default="auto",
                   help="with --engine dask: where the points are read whole. parts: each "
                   "part reads its own from the GeoPackage, this machine only what it "
                   "plans with; here: this machine reads them all and sends each part its "
                   "own; auto (default): parts for a GeoPackage, else here")


Checker = Callable[..., ValidationResult]
"""``check(points, registry=None, communes=None, file=None)``: validates a point set in
parts (the reference layers and settings already chosen), against a published
``registry`` when given (``communes``: the communes layer when the caller has read it
already; ``file``: where the points were read thinly, see :mod:`~diachi_geo.io.point_rows`)."""


@contextmanager
def dask_checker(args: argparse.Namespace, *, references: Mapping[str, str | None],
                 checks: list[str] | None, params: CheckParams,
                 duplicate_params: DuplicateParams, commune_fields: Mapping[str, str],
                 metric: object = None) -> Iterator[Checker]:
    """A Dask client for the run (printing where its dashboard is), as a :data:`Checker`
    (its ``registry``: the published layer the points are checked against, ``--against``);
    a local cluster it started is closed after. The cluster starts in the background while
    the caller reads the points."""
    from ..engine import provinces_of, validate_partitioned
    from ..engine.cluster import connect, dask_executor, require_dask, worker_memory
    from ..engine.tiles import MAX_PART_POINTS

    references = {k: v for k, v in references.items() if v}
    lang = getattr(args, "lang", None) or default_language()

    def say(key: str, **params: object) -> None:
        if not getattr(args, "quiet", False):
            print(label(key, lang).format(**params), flush=True)

    require_dask()      # a missing package is said before the points are read
    starting = Background(partial(connect, args.scheduler, workers=args.workers,
                                  memory_limit=args.memory_limit), name="dask-start")

    def check(points: PointSet, registry: PointSet | None = None,
              communes: ReferenceLayer | None = None,
              file: PointFile | None = None) -> ValidationResult:
        client = starting.result()
        workers = len(client.scheduler_info().get("workers", {})) or args.workers
        partitions = args.partitions or max(2 * workers, -(-len(points) // MAX_PART_POINTS))
        provinces = None
        if not args.partitions:
            if communes is None and references.get("communes"):
                communes = read_references({"communes": references["communes"]},
                                           commune_fields=commune_fields)["communes"]
            provinces = provinces_of(points, communes)
        folder = args.parts or f"{args.out}.parts"
        parted = label("dask_by_province", lang) if provinces is not None else \
            label("dask_tiles", lang).format(count=partitions)
        say("dask_start", workers=workers, parted=parted, link=client.dashboard_link)
        finished = [0]
        # a bar on a terminal, under a line per part
        bar = ProgressBar(label("dask_parts_unit", lang),
                          enabled=not getattr(args, "quiet", False))

        def progress(name: str, summary: dict) -> None:
            finished[0] += 1
            where = {"k": finished[0], "of": summary.get("of", "?"), "name": name}
            if summary["status"] == "failed":
                line = label("dask_failed", lang).format(**where, error=summary["error"])
            else:
                line = label("dask_part", lang).format(
                    **where, status=label(f"dask_{summary['status']}", lang),
                    points=f"{summary.get('points', 0):,}",
                    findings=f"{summary.get('findings', 0):,}",
                    seconds=f"{summary.get('seconds', 0):.1f}",
                    peak=f"{summary.get('peak_mib', 0):,.0f}",
                    worker=summary.get("worker", "?"))
            if not getattr(args, "quiet", False):
                bar.print(line)
            bar.update(finished[0], int(summary.get("of") or finished[0]))

        try:
            result = validate_partitioned(
                points, references, folder=folder, checks=checks, params=params,
                duplicate_params=duplicate_params, metric_crs=metric,
                commune_fields=commune_fields, partitions=partitions, provinces=provinces,
                executor=dask_executor(client), progress=progress, registry=registry,
                file=file)
        finally:
            bar.close()
        for address, memory in sorted(worker_memory(client).items()):
            say("dask_worker", address=address, peak=f"{memory['peak_mib']:,.0f}",
                limit=f"{memory['limit_mib']:,.0f}")
        shutil.rmtree(folder, ignore_errors=True)
        return result

    try:
        yield check
    finally:
        if starting.wait():    # a cluster still starting is waited for, then closed
            client = starting.result()
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None and not args.scheduler:
                cluster.close()


def parts_read_points(choice: str, source: str) -> bool:
    """Whether the parts read their own points (``--points-read``): from a GeoPackage
    layer with a feature id column, unless ``here`` is chosen."""
    if choice == "here":
        return False
    if not is_geopackage(source):
        if choice == "parts":
            raise ConfigError.coded("points_read_parts_gpkg", source=source)
        return False
    if not fid_column(parse_source(source)):
        # a view without an integer key, or a table without an INTEGER PRIMARY KEY
        if choice == "parts":
            raise ConfigError.coded("points_read_parts_no_fid", source=source)
        return False
    return True


def run_partitioned(args: argparse.Namespace, *, config: Config, checks: list[str] | None,
                    params: CheckParams, fields: dict[str, str],
                    commune_fields: dict[str, str], personal: tuple[str, ...],
                    mapping: dict[str, str] | None, metric: object
                    ) -> tuple[ValidationResult, PointSet]:
    """``validate``, ``snap`` or ``dedupe`` in parts on Dask; (result, points)."""
    if getattr(args, "against", None):
        check_not_input(args.out, [args.against])
    references = {kind: getattr(args, kind) for kind in REFERENCE_KINDS
                  if getattr(args, kind)}
    # the cluster starts while the points are read
    with dask_checker(args, references=references, checks=checks, params=params,
                      duplicate_params=config.duplicate_params, commune_fields=commune_fields,
                      metric=metric) as check:
        # read once here: each tile is sent the records within reach of its points
        registry = read_points(args.against, fields=fields, required=("id", "name"),
                               personal=personal) if getattr(args, "against", None) else None
        communes = read_references({"communes": references.get("communes")},
                                   commune_fields=commune_fields)["communes"]
        file = None
        if registry is None and parts_read_points(args.points_read, args.points):
            points, file = read_thin_points(
                args.points, keep=plan_fields(select_checks(checks)), fields=fields,
                crs=args.crs, personal=personal, communes=communes, commune_mapping=mapping)
        else:
            points = read_points(args.points, fields=fields, crs=args.crs,
                                 personal=personal, communes=communes,
                                 commune_mapping=mapping)
        result = check(points, registry, communes, file)
    sys.stdout.flush()
    return result, points
