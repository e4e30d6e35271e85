"""The ``diachi-geo`` command line.

Exit status: 0 when the command ran (with or without findings), 2 for bad input or usage
(one paragraph on stderr, no traceback), 1 for an internal error (traceback with --debug).

Each command group is one module that adds its subcommands to the parser and runs them:
:mod:`.validate` (validate, snap, dedupe), :mod:`.session`, :mod:`.report`,
:mod:`.publish`, :mod:`.repair_text`, :mod:`.reference` and :mod:`.sample`;
:mod:`.options` holds what they share.
"""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import DiachiError
from ..messages import default_language, explain
from . import publish, reference, repair_text, report, sample, session, validate
from .options import Parser, UsageError

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command; each sets ``run``, the function that runs it."""
    parser = Parser(prog="diachi-geo", description="Validate Vietnamese address and POI "
                    "collection data (points) against communes, buildings, roads and water.")
    parser.add_argument("--version", action="version", version=f"diachi-geo {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    validate.add_parsers(sub)
    session.add_parser(sub)
    report.add_parser(sub)
    publish.add_parser(sub)
    repair_text.add_parser(sub)
    reference.add_parser(sub)
    sample.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="diachi-geo: %(levelname)s: %(message)s")
    try:
        return args.run(args)
    except DiachiError as exc:
        print(f"diachi-geo: error: {explain(exc, default_language())}", file=sys.stderr)
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
