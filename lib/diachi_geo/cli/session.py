"""``diachi-geo session create`` (copy points into a new review session and validate them),
``session status`` (points per review status) and the field round trip (:mod:`.field`)."""
from __future__ import annotations

import argparse
import contextlib

from ..errors import ConfigError
from ..io.references import REFERENCE_KINDS
from ..messages import LANGUAGES, default_language
from ..session import EDITABLE_FIELDS, STATUSES, Session, create_session
from ..validate import select_checks
from .field import add_parsers as add_field_parsers
from .field import run as run_field
from .options import Parser, Subcommands, add_input_options, input_settings
from .partitioned import add_engine_options, dask_checker

__all__ = ["add_parser", "run"]


def add_parser(sub: Subcommands) -> None:
    """Add ``session`` and its actions to the subcommands ``sub``."""
    r = sub.add_parser("session", help="review sessions: create one for the QGIS Review "
                       "dock, or print its progress")
    r.set_defaults(run=run)
    actions = r.add_subparsers(dest="session_command", required=True, parser_class=Parser)
    create = actions.add_parser("create", help="copy points into a new review session and "
                                "validate them (the points file is never changed)")
    create.add_argument("points", help="collected points: PATH or 'PATH|layername=NAME'")
    create.add_argument("--out", required=True, help="the session GeoPackage to create")
    add_input_options(create, checks=True)
    add_engine_options(create)
    create.add_argument("--user", help="name recorded as the session's creator")
    create.add_argument("--lang", choices=LANGUAGES, help="language of stored messages")
    edit = actions.add_parser("edit", help="correct a point's name, house number, address, "
                              "category or digital code (audited; a checker confirms it)")
    edit.add_argument("session", help="a session GeoPackage")
    edit.add_argument("--point", required=True, help="the point's id")
    edit.add_argument("--set", action="append", required=True, metavar="FIELD=VALUE",
                      dest="values", help=f"the new value ({', '.join(EDITABLE_FIELDS)}); "
                      "FIELD= empties it")
    edit.add_argument("--reason", required=True, help="why (kept in the audit)")
    edit.add_argument("--user", help="who corrects (default: the OS login)")
    status = actions.add_parser("status", help="points per review status (and per commune)")
    status.add_argument("session", help="a session GeoPackage")
    status.add_argument("--by", choices=("commune_code", "collector"),
                        help="one row per commune or collector")
    add_field_parsers(actions)


def run(args: argparse.Namespace) -> int:
    """Run ``session create``, ``status``, ``field-export`` or ``field-import``; the exit
    status."""
    if args.session_command.startswith("field-"):
        return run_field(args)
    if args.session_command == "create":
        config, fields, commune_fields = input_settings(args)
        checks = select_checks(args.checks.split(",")) if args.checks else config.checks
        references = {kind: getattr(args, kind) for kind in REFERENCE_KINDS}
        with contextlib.ExitStack() as stack:
            check = None if args.engine != "dask" else stack.enter_context(dask_checker(
                args, references=references, checks=checks, params=config.params,
                duplicate_params=config.duplicate_params, commune_fields=commune_fields))
            counts = create_session(
                args.points, args.out, references=references, fields=fields,
                commune_fields=commune_fields, crs=args.crs, params=config.params,
                duplicate_params=config.duplicate_params, checks=checks,
                lang=args.lang or default_language(), user=args.user or "",
                commune_mapping=args.commune_mapping, check=check, background=True)
        print(f"{args.out}: {counts['points']} points, {counts['flagged']} with findings "
              f"({counts['findings']} findings). Open it in QGIS: Địa chỉ / Diachi → Review "
              "points → Open…")
        return 0
    if args.session_command == "edit":
        return _edit(args)
    with Session(args.session, read_only=True) as session:
        rows = session.progress(args.by)
    head = [args.by or "", *STATUSES, "total"]
    print("\t".join(head).lstrip("\t"))
    for key, counts in rows.items():
        values = [str(counts.get(s, 0)) for s in STATUSES] + [str(sum(counts.values()))]
        print("\t".join(([key or "-"] if args.by else []) + values))
    return 0


def _edit(args: argparse.Namespace) -> int:
    """``session edit``: one audited correction of a point's values."""
    values = {}
    for item in args.values:
        name, sep, value = item.partition("=")
        if not sep:
            raise ConfigError.coded("set_form", item=item)
        values[name.strip()] = value or None
    with Session(args.session, args.user) as session:
        fid = session.fid_of(args.point)
        if fid is None:
            raise ConfigError.coded("session_no_point", session=args.session, point=args.point)
        old = session.point(fid)
        session.edit_attributes(fid, values, args.reason)
        new = session.point(fid)
    for column in new.attributes:
        if old.attributes[column] != new.attributes[column]:
            print(f"{args.point}: {column} {old.attributes[column]!r} -> "
                  f"{new.attributes[column]!r}")
    print(f"{args.point}: {old.review['status']} -> corrected; a checker (not "
          f"{new.review['reviewed_by']}) must confirm it before it is published")
    return 0
