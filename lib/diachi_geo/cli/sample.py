"""``diachi-geo sample``: generate a synthetic campaign GeoPackage (points with injected
errors, communes, buildings, roads, water, entrances)."""
from __future__ import annotations

import argparse

from ..errors import ConfigError
from .options import Subcommands

__all__ = ["add_parser", "run"]


def add_parser(sub: Subcommands) -> None:
    """Add ``sample`` to the subcommands ``sub``."""
    s = sub.add_parser("sample", help="generate a synthetic campaign GeoPackage")
    s.set_defaults(run=run)
    s.add_argument("--out", required=True, help="GeoPackage to write")
    s.add_argument("--points", type=int, default=2000, help="number of points (default 2000)")
    s.add_argument("--communes", default="2x2", help="commune grid COLSxROWS (default 2x2)")
    s.add_argument("--commune-size", type=float, default=1600.0,
                   help="commune cell size in metres (default 1600)")
    s.add_argument("--seed", type=int, default=7)


def run(args: argparse.Namespace) -> int:
    """Generate and write the campaign; the exit status."""
    # diachi_geo.testing is left out of the QGIS plugin: imported only when `sample` runs
    from ..testing import generate, write_campaign

    try:
        cols, rows = (int(v) for v in args.communes.lower().split("x"))
    except ValueError:
        raise ConfigError.coded("communes_grid", value=args.communes) from None
    campaign = generate(args.points, communes=(cols, rows),
                        commune_size_m=(args.commune_size, args.commune_size), seed=args.seed)
    write_campaign(campaign, args.out)
    print(f"{args.out}: {len(campaign.layer('points').geometries)} points, "
          f"{len(campaign.layer('buildings').geometries)} buildings, {cols * rows} communes")
    return 0
