"""Writing findings as GeoPackage (layer ``findings``), GeoJSON or CSV.

Every format has the columns of :data:`diachi_geo.findings.COLUMNS` plus ``message`` (the
finding in plain words, in the chosen language); coordinates and suggested locations are
WGS 84 longitude/latitude. Files are written to a temporary name and moved into place.
"""
from __future__ import annotations

import csv
import pathlib

import numpy as np
import shapely

from .crs import WGS84
from .errors import OutputError
from .findings import FindingTable
from .gcpause import paused_gc
from .io.write import OutputLayer, atomic_output, write_vector
from .messages import describe
from .model import PointSet

__all__ = ["FINDING_FORMATS", "findings_columns", "findings_layers", "write_findings"]

FINDING_FORMATS = (".gpkg", ".geojson", ".csv")


def findings_columns(findings: FindingTable, points: PointSet, lang: str
                     ) -> dict[str, np.ndarray]:
    """The output columns, with a ``message`` in ``lang``."""
    columns = findings.columns(points.ids)
    columns["message"] = np.array([describe(code, params, lang) for code, params in
                                   zip(findings.message_code, findings.params)], dtype=object)
    return columns


def write_findings(findings: FindingTable, points: PointSet, path: str, *, lang: str = "en"
                   ) -> None:
    """Write ``findings`` to ``path``; the format follows the extension.

    A GeoPackage also gets the layers ``suggestions`` (each suggested location) and
    ``moves`` (a line from each point to its suggestion), for reviewers to load.
    """
    suffix = pathlib.Path(path).suffix.lower()
    if suffix not in FINDING_FORMATS:
        raise OutputError.coded("findings_format" if suffix else "findings_no_suffix",
                                suffix=suffix, formats=list(FINDING_FORMATS))
    with paused_gc():
        if suffix == ".csv":
            columns = findings_columns(findings, points, lang)
            lon, lat = points.lonlat()
            _write_csv(path, columns, lon[findings.index], lat[findings.index])
            return
        layers = findings_layers(findings, points, lang)
        write_vector(path, layers if suffix == ".gpkg" else layers[:1])


def findings_layers(findings: FindingTable, points: PointSet, lang: str) -> list[OutputLayer]:
    """The ``findings``, ``suggestions`` and ``moves`` layers."""
    columns = findings_columns(findings, points, lang)
    lon, lat = points.lonlat()
    x, y = lon[findings.index], lat[findings.index]
    geometry = np.full(len(findings), None, dtype=object)
    # a swapped point has "latitude" 105: not a place, so its finding has no geometry
    ok = np.isfinite(x) & np.isfinite(y) & (np.abs(x) <= 180) & (np.abs(y) <= 90)
    geometry[ok] = shapely.points(x[ok], y[ok])
    return [OutputLayer("findings", columns, geometry, WGS84, "Point"),
            *suggestion_layers(columns, x, y)]


def suggestion_layers(columns: dict[str, np.ndarray], x: np.ndarray, y: np.ndarray
                      ) -> list[OutputLayer]:
    """``suggestions`` (points) and ``moves`` (lines from the point) of findings that have
    a suggested location."""
    sx, sy = columns["suggested_x"], columns["suggested_y"]
    has = np.isfinite(sx) & np.isfinite(sy)
    keep = {name: columns[name][has] for name in ("key", "point_id", "check", "score",
                                                    "related_id", "message")}
    placed = has & np.isfinite(x) & np.isfinite(y) & (np.abs(y) <= 90)
    lines = np.full(int(has.sum()), None, dtype=object)
    lines[placed[has]] = shapely.linestrings(np.stack([np.c_[x[placed], y[placed]],
                                                       np.c_[sx[placed], sy[placed]]], axis=1))
    return [OutputLayer("suggestions", keep, shapely.points(sx[has], sy[has]), WGS84, "Point"),
            OutputLayer("moves", dict(keep), lines, WGS84, "LineString")]


def _write_csv(path: str, columns: dict[str, np.ndarray], x: np.ndarray, y: np.ndarray) -> None:
    names = list(columns) + ["x", "y"]
    with atomic_output(path) as temp:
        with open(temp, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(names)
            data = [columns[n] for n in columns] + [np.round(x, 8), np.round(y, 8)]
            for row in zip(*data):
                writer.writerow(["" if v is None or (isinstance(v, float) and v != v) else v
                                 for v in row])
