"""Where inputs come from: a file and, for multi-layer formats, the layer in it.

Sources are named the GDAL/QGIS way: ``PATH`` or ``PATH|layername=NAME``. A leaf module:
the readers of vector files (:mod:`diachi_geo.io`), tables (:mod:`diachi_geo.tabular`) and
reference data all start here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import InputError

__all__ = ["Source", "parse_source", "must_exist", "is_geopackage"]


@dataclass(frozen=True)
class Source:
    """A file and, for multi-layer formats, the layer in it."""

    path: str
    layer: str | None = None

    def __str__(self) -> str:
        return self.path + (f"|layername={self.layer}" if self.layer else "")


def is_geopackage(source: str | os.PathLike) -> bool:
    """Whether ``source`` (``PATH`` or ``PATH|layername=NAME``) names a GeoPackage.

    >>> is_geopackage("sample.GPKG|layername=points"), is_geopackage("points.csv")
    (True, False)
    """
    return parse_source(source).path.lower().endswith(".gpkg")


def parse_source(text: str | os.PathLike) -> Source:
    """Split ``PATH|layername=NAME``.

    Examples
    --------
    >>> parse_source("sample.gpkg|layername=points")
    Source(path='sample.gpkg', layer='points')
    >>> parse_source("points.geojson").layer is None
    True
    """
    path, _, options = str(text).partition("|")
    layer = None
    for option in filter(None, options.split("|")):
        key, _, value = option.partition("=")
        if key.strip().lower() == "layername":
            layer = value.strip()
        else:
            raise InputError.coded("source_option", path=path, option=option)
    return Source(path, layer or None)


def must_exist(path: str) -> None:
    """Raise :class:`InputError` naming ``path`` when it is missing or unreadable. GDAL's
    virtual paths (``/vsis3/...``, ``/vsizip/...``) are left for GDAL to open."""
    if path.startswith("/vsi"):
        return
    if not os.path.exists(path):
        raise InputError.coded("file_not_found", path=path)
    if not os.access(path, os.R_OK):
        raise InputError.coded("file_unreadable", path=path)
