"""``diachi-geo report progress``, ``quality`` and ``handover``: tables (and HTML charts)
from a review session, and hand-over PDFs per commune."""
from __future__ import annotations

import argparse

from ..io.write import check_not_input
from ..messages import LANGUAGES, default_language
from .options import Parser, Subcommands

__all__ = ["add_parser", "run"]


def add_parser(sub: Subcommands) -> None:
    """Add ``report`` and its kinds to the subcommands ``sub``."""
    rep = sub.add_parser("report", help="progress, quality per collector, hand-over PDFs")
    rep.set_defaults(run=run)
    kinds = rep.add_subparsers(dest="report_command", required=True, parser_class=Parser)
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


def run(args: argparse.Namespace) -> int:
    """Write the report ``args.report_command`` asks for; the exit status."""
    # here, not at the top: the other commands start without the PDF and Excel writers
    from ..report import write_handovers, write_progress, write_quality
    from ..report.data import read_session
    from ..report.progress import read_quotas

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
