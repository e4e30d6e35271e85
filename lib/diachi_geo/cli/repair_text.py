"""``diachi-geo repair-text``: find TCVN3, VNI and mojibake text in a layer, preview the
repairs and write a Unicode copy (the input is never changed)."""
from __future__ import annotations

import argparse

from ..repair import repair_layer
from ..source import parse_source
from .options import Subcommands

__all__ = ["add_parser", "run"]


def add_parser(sub: Subcommands) -> None:
    """Add ``repair-text`` to the subcommands ``sub``."""
    fix = sub.add_parser("repair-text", help="find TCVN3, VNI and mojibake text in a layer "
                         "and write a copy in Unicode (the input is never changed)")
    fix.set_defaults(run=run)
    fix.add_argument("source", help="PATH or 'PATH|layername=NAME'")
    fix.add_argument("--out", help="the repaired copy (.gpkg or .geojson); without it, only "
                     "a preview is printed")
    fix.add_argument("--preview", type=int, default=15, metavar="N",
                     help="changes to show (default 15)")


def run(args: argparse.Namespace) -> int:
    """Print the repairs (and write the copy with ``--out``); the exit status."""
    result = repair_layer(args.source, args.out)
    kinds = ", ".join(f"{k} {n}" for k, n in result.kinds.items()) or "none"
    print(f"{parse_source(args.source).path}, layer {result.layer}: {len(result.changes)} "
          f"value(s) to repair ({kinds})")
    for number, name, old, new, kind in result.changes[:args.preview]:
        print(f"  feature {number}, {name} ({kind}): {old!r} -> {new}")
    if args.out:
        print(f"written: {args.out}")
    return 0
