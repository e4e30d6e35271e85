"""Reading collected points and reference layers; writing outputs atomically.

Sources are named the GDAL/QGIS way: ``PATH`` or ``PATH|layername=NAME``
(:mod:`diachi_geo.source`). GeoPackage, GeoJSON, Shapefile and anything else GDAL reads go
through pyogrio (:mod:`.vector`, vectorised: a million features in seconds) and the WKB
decoder (:mod:`.wkb`); CSV and XLSX with longitude/latitude columns go through
:mod:`diachi_geo.tabular`. :mod:`.points` makes the point set (ids, CRS),
:mod:`.references` the reference layers, :mod:`.commune_mapping` converts commune codes
from before the July 2025 merger, and :mod:`.write` writes outputs. Inputs are opened
read-only and never written.
"""
from ..source import Source, parse_source
from .points import build_point_set, read_points, read_points_with_columns
from .references import (
    REFERENCE_KINDS,
    build_reference,
    read_communes,
    read_inputs,
    read_reference,
    read_references,
)
from .vector import list_layers, read_vector
from .wkb import points_from_wkb
from .write import OutputLayer, atomic_output, check_not_input, write_vector

__all__ = ["Source", "parse_source", "read_points", "read_points_with_columns",
           "build_point_set", "points_from_wkb",
           "read_reference", "build_reference", "read_communes", "read_inputs",
           "read_references",
           "REFERENCE_KINDS", "atomic_output",
           "check_not_input", "OutputLayer", "write_vector", "list_layers", "read_vector"]
