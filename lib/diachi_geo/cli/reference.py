"""``diachi-geo reference build`` (a reference GeoPackage for an area from OSM, Open
Buildings and Microsoft footprints) and ``reference sources`` (small real-format files from
a campaign, for trying the builder)."""
from __future__ import annotations

import argparse

from ..fields import parse_field_options
from ..reference import build_reference_file, write_sources
from .options import Parser, Subcommands

__all__ = ["add_parser", "run"]


def add_parser(sub: Subcommands) -> None:
    """Add ``reference`` and its actions to the subcommands ``sub``."""
    ref = sub.add_parser("reference", help="build a reference GeoPackage (buildings, "
                         "entrances, roads, water, communes) from open sources")
    ref.set_defaults(run=run)
    ref_actions = ref.add_subparsers(dest="reference_command", required=True,
                                     parser_class=Parser)
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


def run(args: argparse.Namespace) -> int:
    """Run ``reference build`` or ``reference sources``; the exit status."""
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
