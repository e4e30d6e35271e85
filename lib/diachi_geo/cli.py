"""The ``diachi-geo`` command line.

Exit status: 0 when the command ran (with or without findings), 2 for bad input or usage
(one paragraph on stderr, no traceback), 1 for an internal error (traceback with --debug).
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence

from . import __version__
from .checks import CHECKS, SNAP_CHECKS
from .config import load_config
from .errors import ConfigError, DiachiError
from .fields import parse_field_options
from .io import REFERENCE_KINDS, check_not_input, parse_source, read_inputs, read_points
from .messages import LANGUAGES, check_title, default_language, label, note_text
from .output import FINDING_FORMATS, write_findings
from .validate import ValidationResult, select_checks, validate

__all__ = ["main"]

log = logging.getLogger("diachi_geo")


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print usage and exit itself
        raise _UsageError(f"{self.prog}: {message}. See '{self.prog} --help'.")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="diachi-geo", description="Validate Vietnamese address and POI "
                     "collection data (points) against communes, buildings, roads and water.")
    parser.add_argument("--version", action="version", version=f"diachi-geo {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    v = sub.add_parser("validate", help="run the checks and write findings")
    _add_run_options(v, checks=True)
    s = sub.add_parser("snap", help="propose building entrances: snap, far_from_building and "
                       "in_water only (needs --buildings)")
    _add_run_options(s, checks=False)
    d = sub.add_parser("dedupe", help="find duplicate places (the same place collected twice "
                       "under different spellings) and suggest the record to keep")
    _add_run_options(d, checks=False)

    r = sub.add_parser("session", help="review sessions: create one for the QGIS Review "
                       "dock, or print its progress")
    actions = r.add_subparsers(dest="session_command", required=True, parser_class=_Parser)
    create = actions.add_parser("create", help="copy points into a new review session and "
                                "validate them (the points file is never changed)")
    create.add_argument("points", help="collected points: PATH or 'PATH|layername=NAME'")
    create.add_argument("--out", required=True, help="the session GeoPackage to create")
    _add_input_options(create, checks=True)
    create.add_argument("--user", help="name recorded as the session's creator")
    create.add_argument("--lang", choices=LANGUAGES, help="language of stored messages")
    status = actions.add_parser("status", help="points per review status (and per commune)")
    status.add_argument("session", help="a session GeoPackage")
    status.add_argument("--by", choices=("commune_code", "collector"),
                        help="one row per commune or collector")

    rep = sub.add_parser("report", help="progress, quality per collector, hand-over PDFs")
    kinds = rep.add_subparsers(dest="report_command", required=True, parser_class=_Parser)
    progress = kinds.add_parser("progress", help="points collected, reviewed, confirmed and "
                                "rejected per commune against quotas, and per week")
    quality = kinds.add_parser("quality", help="quality per collector, who needs help first")
    for p in (progress, quality):
        p.add_argument("session", help="a review session GeoPackage")
        p.add_argument("--out", required=True, help="table: .xlsx (sheets) or .csv")
        p.add_argument("--html", help="also an HTML page with the charts")
        p.add_argument("--lang", choices=LANGUAGES, help="language of the report")
    progress.add_argument("--quotas", help="CSV of commune_code,quota")
    progress.add_argument("--by", choices=("commune", "collected-commune", "district"),
                          default="commune", help="one row per commune, per commune code "
                          "as collected (before --commune-mapping), or per old district")
    handover = kinds.add_parser("handover", help="one PDF per commune: digital address codes "
                                "with QR codes, sorted by hamlet/street and house number")
    handover.add_argument("session", help="a review session GeoPackage")
    which = handover.add_mutually_exclusive_group(required=True)
    which.add_argument("--commune", action="append", metavar="CODE",
                       help="a commune code (repeat for several)")
    which.add_argument("--all", action="store_true", help="every commune of the session")
    handover.add_argument("--out", required=True, help="folder for the PDFs, manifest.csv and "
                          "SHA256SUMS")
    handover.add_argument("--include-unconfirmed", action="store_true",
                          help="also points not yet confirmed by a checker (marked on the "
                               "cover)")
    handover.add_argument("--include-owner", action="store_true",
                          help="print the owner's name and phone (personal data: only when "
                               "the commune needs them)")
    handover.add_argument("--lang", choices=LANGUAGES, help="language of the PDF (default vi)")

    pub = sub.add_parser("publish", help="send the confirmed points of a session to a map "
                         "service (WFS-T or OGC API Features); a dry run first")
    pub.add_argument("session", help="a review session GeoPackage")
    pub.add_argument("--profiles", required=True, help="TOML file with [profiles.NAME]")
    pub.add_argument("--profile", required=True, help="which profile to publish with")
    pub.add_argument("--dry-run", action="store_true", help="show what would change; send "
                     "nothing")
    pub.add_argument("--yes", action="store_true", help="publish without asking (batch runs)")
    pub.add_argument("--include", action="append", default=[], metavar="FIELD",
                     help="also send this personal field (owner_name, owner_phone, "
                          "owner_email); never sent otherwise")
    pub.add_argument("--include-unconfirmed", action="store_true",
                     help="also points no checker has confirmed (warned)")
    pub.add_argument("--delete-withdrawn", action="store_true",
                     help="delete from the service what this profile published before and "
                          "is no longer confirmed")

    fix = sub.add_parser("repair-text", help="find TCVN3, VNI and mojibake text in a layer "
                         "and write a copy in Unicode (the input is never changed)")
    fix.add_argument("source", help="PATH or 'PATH|layername=NAME'")
    fix.add_argument("--out", help="the repaired copy (.gpkg or .geojson); without it, only "
                     "a preview is printed")
    fix.add_argument("--preview", type=int, default=15, metavar="N",
                     help="changes to show (default 15)")

    ref = sub.add_parser("reference", help="build a reference GeoPackage (buildings, "
                         "entrances, roads, water, communes) from open sources")
    ref_actions = ref.add_subparsers(dest="reference_command", required=True,
                                     parser_class=_Parser)
    build = ref_actions.add_parser("build", help="clip and merge the sources for an area")
    build.add_argument("--area", required=True, help="minlon,minlat,maxlon,maxlat or a "
                       "commune polygon layer")
    build.add_argument("--codes", help="with a commune layer as --area: only these commune "
                       "codes (comma-separated)")
    build.add_argument("--osm", help="OpenStreetMap extract (.osm.pbf or .osm)")
    build.add_argument("--buildings-csv", help="Google Open Buildings CSV (.csv or .csv.gz)")
    build.add_argument("--buildings-geojsonl", help="Microsoft building footprints "
                       "(GeoJSON lines)")
    build.add_argument("--communes", help="commune boundaries to include (default: the "
                       "--area layer)")
    build.add_argument("--commune-field", action="append", default=[],
                       metavar="CANONICAL=FIELD", help="e.g. code=ma_xa")
    build.add_argument("--min-confidence", type=float, default=0.7,
                       help="drop machine-learned footprints below this (default 0.7)")
    build.add_argument("--prefer", choices=("osm", "confidence"), default="osm",
                       help="which of two overlapping footprints to keep (default osm)")
    build.add_argument("--margin", type=float, default=200.0, metavar="M",
                       help="metres kept around the area (default 200)")
    build.add_argument("--out", required=True, help="reference GeoPackage to write")
    sources = ref_actions.add_parser("sources", help="write small OSM, Open Buildings and "
                                     "Microsoft files from a campaign (for trying the builder)")
    sources.add_argument("campaign", help="a campaign GeoPackage, e.g. sample/sample.gpkg")
    sources.add_argument("--out", required=True, help="folder to write them to")

    s = sub.add_parser("sample", help="generate a synthetic campaign GeoPackage")
    s.add_argument("--out", required=True, help="GeoPackage to write")
    s.add_argument("--points", type=int, default=2000, help="number of points (default 2000)")
    s.add_argument("--communes", default="2x2", help="commune grid COLSxROWS (default 2x2)")
    s.add_argument("--commune-size", type=float, default=1600.0,
                   help="commune cell size in metres (default 1600)")
    s.add_argument("--seed", type=int, default=7)
    return parser


def _add_run_options(p: argparse.ArgumentParser, *, checks: bool) -> None:
    p.add_argument("points", help="collected points: PATH or 'PATH|layername=NAME' "
                   "(GeoPackage, GeoJSON, Shapefile, CSV/XLSX with lon/lat columns)")
    p.add_argument("--out", required=True, help=f"findings file ({', '.join(FINDING_FORMATS)}"
                   "); a GeoPackage also gets 'suggestions' and 'moves' layers")
    _add_input_options(p, checks=checks)
    p.add_argument("--against", metavar="REGISTRY", help="an already published layer of "
                   "places: new points found in it are reported as duplicates of its records")
    p.add_argument("--snap-max-distance", type=float, metavar="M",
                   help="buildings farther than this are not snapped to (default 30)")
    p.add_argument("--snap-min-move", type=float, metavar="M",
                   help="report snaps moving a point more than this (default 1)")
    p.add_argument("--lang", choices=LANGUAGES, help="language of messages "
                   "(default: from the locale)")
    p.add_argument("--quiet", action="store_true", help="print no summary")


def _add_input_options(p: argparse.ArgumentParser, *, checks: bool) -> None:
    """The reference layers, configuration, field mapping, CRS and commune-code options
    shared by the commands that read points and run checks."""
    for layer in REFERENCE_KINDS:
        p.add_argument(f"--{layer}", metavar="SOURCE", help=f"{layer} reference layer")
    p.add_argument("--config", help="TOML file with field mappings and check parameters")
    if checks:
        p.add_argument("--checks", help="comma-separated check codes to run (default: all)")
    p.add_argument("--field", action="append", default=[], metavar="CANONICAL=FIELD",
                   help="map a canonical field to yours, e.g. --field name=ten_dia_diem")
    p.add_argument("--commune-field", action="append", default=[], metavar="CANONICAL=FIELD",
                   help="map a communes field, e.g. --commune-field code=ma_xa")
    p.add_argument("--crs", help="CRS of the points when the file declares none")
    p.add_argument("--commune-mapping", metavar="CSV", help="old_code,new_code: convert "
                   "commune codes of data collected before the July 2025 merger")


def _input_settings(args: argparse.Namespace):
    """(config, point field mapping, commune field mapping) from the options and --config."""
    config = load_config(args.config)
    return (config, {**config.fields, **parse_field_options(args.field)},
            {**config.commune_fields, **parse_field_options(args.commune_field)})




def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    try:
        args = build_parser().parse_args(argv)
    except _UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="diachi-geo: %(levelname)s: %(message)s")
    try:
        run = {"validate": _validate, "snap": _validate, "dedupe": _validate, "sample": _sample,
               "session": _session, "report": _report, "publish": _publish,
               "repair-text": _repair_text, "reference": _reference}
        return run[args.command](args)
    except DiachiError as exc:
        print(f"diachi-geo: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("diachi-geo: interrupted; no output was written", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: say so plainly, keep the traceback for --debug
        if args.debug:
            raise
        print(f"diachi-geo: internal error: {type(exc).__name__}: {exc}. Nothing was "
              "overwritten. Run again with --debug and report the traceback.", file=sys.stderr)
        return 1


def _validate(args: argparse.Namespace) -> int:
    lang = args.lang or default_language()
    config, fields, commune_fields = _input_settings(args)
    if args.command == "snap":
        if not args.buildings:
            raise ConfigError("diachi-geo snap needs --buildings (the footprints to snap to)")
        checks = list(SNAP_CHECKS)
    elif args.command == "dedupe":
        checks = ["duplicate"]
    else:
        checks = select_checks(args.checks.split(",")) if args.checks else config.checks
    params = config.params
    if args.snap_max_distance is not None:
        params = params.replace(snap_max_distance_m=args.snap_max_distance)
    if args.snap_min_move is not None:
        params = params.replace(snap_min_move_m=args.snap_min_move)
    inputs = [args.points] + [getattr(args, n) for n in
                              REFERENCE_KINDS
                              if getattr(args, n)]
    check_not_input(args.out, inputs)
    started = time.perf_counter()
    # phone numbers are compared (in memory only) when looking for duplicates
    personal = ("owner_phone",) if checks is None or "duplicate" in checks else ()
    mapping = None
    if args.commune_mapping:
        from .reference.mapping import read_commune_mapping

        mapping = read_commune_mapping(args.commune_mapping)
    points, layers = read_inputs(args.points, {kind: getattr(args, kind)
                                               for kind in REFERENCE_KINDS},
                                 fields=fields, commune_fields=commune_fields, crs=args.crs,
                                 personal=personal, commune_mapping=mapping)
    registry = None
    if args.against:
        check_not_input(args.out, [args.against])
        registry = read_points(args.against, fields=fields, required=("id", "name"),
                               personal=personal)
    metric = None
    if config.metric_crs != "utm":
        from .crs import choose_metric_crs
        metric = choose_metric_crs(points.x[:0], points.y[:0], prefer=config.metric_crs,
                                   central_meridian=config.central_meridian)
    result = validate(points, checks=checks, params=params, metric_crs=metric,
                      duplicate_params=config.duplicate_params, registry=registry, **layers)
    write_findings(result.findings, points, args.out, lang=lang)
    if not args.quiet:
        _print_summary(result, points_count=len(points), out=args.out, lang=lang,
                       seconds=time.perf_counter() - started)
    return 0


def _print_summary(result: ValidationResult, *, points_count: int, out: str, lang: str,
                   seconds: float) -> None:
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


def _session(args: argparse.Namespace) -> int:
    from .session import STATUSES, Session, create_session

    if args.session_command == "create":
        config, fields, commune_fields = _input_settings(args)
        checks = select_checks(args.checks.split(",")) if args.checks else config.checks
        counts = create_session(
            args.points, args.out,
            references={kind: getattr(args, kind) for kind in REFERENCE_KINDS},
            fields=fields, commune_fields=commune_fields, crs=args.crs, params=config.params,
            duplicate_params=config.duplicate_params, checks=checks,
            lang=args.lang or default_language(), user=args.user or "",
            commune_mapping=args.commune_mapping)
        print(f"{args.out}: {counts['points']} points, {counts['flagged']} with findings "
              f"({counts['findings']} findings). Open it in QGIS: Địa chỉ / Diachi → Review "
              "points → Open…")
        return 0
    with Session(args.session, read_only=True) as session:
        rows = session.progress(args.by)
    head = [args.by or "", *STATUSES, "total"]
    print("\t".join(head).lstrip("\t"))
    for key, counts in rows.items():
        values = [str(counts.get(s, 0)) for s in STATUSES] + [str(sum(counts.values()))]
        print("\t".join(([key or "-"] if args.by else []) + values))
    return 0


def _report(args: argparse.Namespace) -> int:
    from .report import write_handovers, write_progress, write_quality
    from .report.data import read_session
    from .report.progress import read_quotas

    if args.report_command == "handover":
        data = read_session(args.session, personal=args.include_owner)
        entries = write_handovers(data, args.out, communes=None if args.all else args.commune,
                                  lang=args.lang or "vi",
                                  include_unconfirmed=args.include_unconfirmed,
                                  include_owner=args.include_owner)
        for entry in entries:
            print(f"{entry['file']}: {entry['coded']} addresses, {entry['awaiting']} awaiting "
                  "a code")
        print(f"{args.out}: {len(entries)} PDF(s), manifest.csv, SHA256SUMS")
        return 0
    check_not_input(args.out, [args.session])
    data = read_session(args.session)
    lang = args.lang or default_language()
    if args.report_command == "progress":
        quotas = read_quotas(args.quotas) if args.quotas else None
        by = {"commune": "commune_code", "collected-commune": "commune_code_collected",
              "district": "district_code"}[args.by]
        tables = write_progress(data, args.out, quotas=quotas, by=by, html=args.html,
                                lang=lang)
        print(f"{args.out}: {len(tables['units'])} {args.by}s, {len(tables['weeks'])} "
              "unit-weeks" + (f"; {args.html}" if args.html else ""))
    else:
        rows = write_quality(data, args.out, html=args.html, lang=lang)
        print(f"{args.out}: {len(rows)} collectors" + (f"; {args.html}" if args.html else ""))
    return 0


def _publish(args: argparse.Namespace) -> int:
    from .fields import PERSONAL_FIELDS
    from .publish import client_for, execute, leaving_fields, load_profile, plan

    unknown = [f for f in args.include if f not in PERSONAL_FIELDS]
    if unknown:
        raise ConfigError(f"--include takes personal fields only ({', '.join(PERSONAL_FIELDS)}"
                          f"), not {', '.join(unknown)}")
    profile = load_profile(args.profiles, args.profile)
    client = client_for(profile)
    the_plan = plan(args.session, profile, client, include_personal=tuple(args.include),
                    include_unconfirmed=args.include_unconfirmed,
                    delete_withdrawn=args.delete_withdrawn)
    fields = leaving_fields(profile, tuple(args.include))
    print(f"{profile.name}: {profile.url} ({profile.protocol}), "
          f"{', '.join(profile.targets())}")
    print(f"fields that leave this machine: {', '.join(fields)}")
    if the_plan.interrupted:
        print(f"an earlier run stopped before it finished ({', '.join(the_plan.interrupted)}):"
              " this run resumes it; what the service already holds is not sent again")
    counts = the_plan.counts()
    print("new {new}, changed {changed}, unchanged {unchanged}, to delete {delete}".format(
        **{k: counts.get(k, 0) for k in ("new", "changed", "unchanged", "delete")}))
    for (commune, category), row in sorted(the_plan.by_commune_and_category().items()):
        print(f"  {commune or '-':<8} {category or '-':<22} new {row['new']:>5}  "
              f"changed {row['changed']:>5}  unchanged {row['unchanged']:>5}")
    for kind, record in the_plan.sample():
        print(f"  e.g. {kind}: {record.stable_id} {record.properties.get('name', '')}")
    if args.dry_run or not (counts.get("new") or counts.get("changed") or counts.get("delete")):
        print("nothing sent" if args.dry_run else "the service is up to date")
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            raise ConfigError("add --yes to publish from a script (after a --dry-run)")
        if input("Publish? [y/N] ").strip().lower() not in ("y", "yes", "c", "co", "có"):
            print("nothing sent")
            return 0

    def bar(done: int, total: int) -> None:
        filled = int(30 * done / max(total, 1))
        print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}", end="",
              file=sys.stderr, flush=True)

    report = execute(the_plan, client, args.session, progress=bar)
    print(file=sys.stderr)
    print(f"sent {report['sent']}, verified {report['verified']}, deleted {report['deleted']},"
          f" failed {len(report['failed'])}")
    for problem in report["failed"][:20]:
        print(f"  {problem}")
    return 0 if not report["failed"] else 2


def _repair_text(args: argparse.Namespace) -> int:
    from .repair import repair_layer

    result = repair_layer(args.source, args.out)
    kinds = ", ".join(f"{k} {n}" for k, n in result.kinds.items()) or "none"
    print(f"{parse_source(args.source).path}, layer {result.layer}: {len(result.changes)} "
          f"value(s) to repair ({kinds})")
    for number, name, old, new, kind in result.changes[:args.preview]:
        print(f"  feature {number}, {name} ({kind}): {old!r} -> {new}")
    if args.out:
        print(f"written: {args.out}")
    return 0


def _reference(args: argparse.Namespace) -> int:
    from .reference import build_reference_file, write_sources

    if args.reference_command == "sources":
        for kind, path in write_sources(args.campaign, args.out).items():
            print(f"{kind}: {path}")
        return 0
    counts = build_reference_file(
        args.out, area=args.area, osm=args.osm, buildings_csv=args.buildings_csv,
        buildings_geojsonl=args.buildings_geojsonl, communes=args.communes,
        commune_fields=parse_field_options(args.commune_field) or None,
        codes=[c.strip() for c in args.codes.split(",")] if args.codes else None,
        min_confidence=args.min_confidence, prefer=args.prefer, margin_m=args.margin)
    print(f"{args.out}: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    return 0


def _sample(args: argparse.Namespace) -> int:
    # diachi_geo.testing is left out of the QGIS plugin: imported only when `sample` runs
    from .testing import generate, write_campaign

    try:
        cols, rows = (int(v) for v in args.communes.lower().split("x"))
    except ValueError:
        raise ConfigError(f"--communes {args.communes!r} is not COLSxROWS, e.g. 2x2") from None
    campaign = generate(args.points, communes=(cols, rows),
                        commune_size_m=(args.commune_size, args.commune_size), seed=args.seed)
    write_campaign(campaign, args.out)
    print(f"{args.out}: {len(campaign.layer('points').geometries)} points, "
          f"{len(campaign.layer('buildings').geometries)} buildings, {cols * rows} communes")
    return 0
