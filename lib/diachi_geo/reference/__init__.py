"""Reference data in: buildings, entrances, roads, water and communes for an area, from
OpenStreetMap, Google Open Buildings, Microsoft footprints and the province's communes.

The old-to-new commune code table lives in :mod:`diachi_geo.io.commune_mapping` (reading
points uses it); its two functions are also named here, where they were first.
"""
from ..io.commune_mapping import apply_commune_mapping, read_commune_mapping
from .build import build_reference_file, merge_buildings, parse_area
from .sources import write_sources

__all__ = ["build_reference_file", "merge_buildings", "parse_area", "read_commune_mapping",
           "apply_commune_mapping", "write_sources"]
