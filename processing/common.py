"""What the algorithms share: reading parameters into library data, and writing findings,
suggestions and moves to sinks. Each algorithm file stays a thin description."""
from __future__ import annotations

import json

import numpy as np
from diachi_geo.arrays import plain as python_value
from diachi_geo.config import CheckParams
from diachi_geo.errors import DiachiError
from diachi_geo.messages import check_title, note_text
from diachi_geo.output import findings_columns
from diachi_geo.validate import validate
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterDistance,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsUnitTypes,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..adapters import point_set_from_source, reference_from_source
from ..dependencies import REPORTS, missing_dependencies
from ..i18n import explain, language, reference_title, tr, translatable

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
POINT_FIELDS = (("ID_FIELD", "id"), ("NAME_FIELD", "name"), ("CATEGORY_FIELD", "category"),
                ("ADDRESS_FIELD", "address"), ("COMMUNE_CODE_FIELD", "commune_code"))
REFERENCES = (("COMMUNES", "communes", QgsProcessing.TypeVectorPolygon),
              ("BUILDINGS", "buildings", QgsProcessing.TypeVectorPolygon),
              ("ROADS", "roads", QgsProcessing.TypeVectorLine),
              ("WATER", "water", QgsProcessing.TypeVectorPolygon),
              ("ENTRANCES", "entrances", QgsProcessing.TypeVectorPoint))
_DOUBLE = ("score", "suggested_x", "suggested_y")


GROUPS = {"validation": translatable("Validation"), "review": translatable("Review"),
          "reports": translatable("Reports"), "reference": translatable("Reference data")}


class DiachiAlgorithm(QgsProcessingAlgorithm):
    """What every algorithm of the provider declares the same way: its name, title, group
    and help (English text; the plugin shows it translated)."""

    NAME = ""
    TITLE = ""
    GROUP = "validation"
    HELP = ""

    def createInstance(self):  # noqa: N802 - QGIS API names
        return type(self)()

    def name(self) -> str:
        return self.NAME

    def displayName(self) -> str:  # noqa: N802
        return tr(self.TITLE)

    def group(self) -> str:
        return tr(GROUPS[self.GROUP])

    def groupId(self) -> str:  # noqa: N802
        return self.GROUP

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(self.HELP)


def add_session_input(alg) -> None:
    alg.addParameter(QgsProcessingParameterFile(
        "SESSION", tr("Review session"), extension="gpkg"))


def add_report_outputs(alg, title: str) -> None:
    """OUTPUT (an XLSX or CSV table) and HTML (the page with the charts, optional)."""
    alg.addParameter(QgsProcessingParameterFileDestination(
        "OUTPUT", title, tr("Spreadsheet (*.xlsx);;CSV (*.csv)")))
    alg.addParameter(QgsProcessingParameterFileDestination(
        "HTML", tr("Page with charts"), tr("HTML (*.html)"), optional=True))


def report_outputs(alg, parameters, context) -> tuple[str, str | None]:
    return (alg.parameterAsFileOutput(parameters, "OUTPUT", context),
            alg.parameterAsFileOutput(parameters, "HTML", context) or None)


def require_packages(packages: dict[str, int], needed_for: str) -> None:
    """Stop in words when ``packages`` are missing in this QGIS (``needed_for``: "Reports",
    "Field packages"...), before anything imports them."""
    missing = missing_dependencies(packages)
    if missing:
        raise QgsProcessingException(tr("{} need these Python packages in QGIS: {}. Install "
                                        "them and restart QGIS.").format(
                                            needed_for, ", ".join(missing)))


def read_session_param(alg, parameters, context, *, personal: bool = False):
    """The SESSION parameter read for a report."""
    require_packages(REPORTS, tr("Reports"))
    # diachi_geo.report imports reportlab and segno (optional in QGIS): only once they are
    # known to be there, so that their absence is told in words
    from diachi_geo.report.data import read_session

    path = alg.parameterAsFile(parameters, "SESSION", context)
    try:
        return read_session(path, personal=personal)
    except DiachiError as exc:
        raise QgsProcessingException(explain(exc)) from exc


def add_point_inputs(alg, *, fields: bool = True) -> None:
    """INPUT (points) and, bound to it, the optional field parameters."""
    alg.addParameter(QgsProcessingParameterFeatureSource(
        "INPUT", tr("Collected points"), [QgsProcessing.TypeVectorPoint]))
    if fields:
        for key, canonical in POINT_FIELDS:
            alg.addParameter(QgsProcessingParameterField(
                key, tr("Field with the {}").format(canonical.replace("_", " ")),
                parentLayerParameterName="INPUT", optional=True))


def add_references(alg, kinds: tuple[str, ...], *, required: tuple[str, ...] = ()) -> None:
    for key, kind, geometry in REFERENCES:
        if kind in kinds:
            alg.addParameter(QgsProcessingParameterFeatureSource(
                key, reference_title(kind), [geometry], optional=kind not in required))
            if kind == "communes":
                alg.addParameter(QgsProcessingParameterField(
                    "COMMUNE_CODE", tr("Commune code field"),
                    parentLayerParameterName="COMMUNES", optional=True))


def add_snap_distances(alg) -> None:
    """Distances in metres whatever the layers' CRS (the library measures in metres)."""
    defaults = CheckParams()
    # the far limit came later: optional, so that models saved before it still run
    for key, title, value, optional in (
            ("SNAP_MAX_DISTANCE", tr("Maximum distance to a building"),
             defaults.snap_max_distance_m, False),
            ("SNAP_MAX_DISTANCE_FAR", tr("Suggest a farther building's entrance up to"),
             defaults.snap_max_distance_far_m, True),
            ("SNAP_MIN_MOVE", tr("Report moves longer than"), defaults.snap_min_move_m, False)):
        parameter = QgsProcessingParameterDistance(key, title, value, minValue=0,
                                                   optional=optional)
        parameter.setDefaultUnit(QgsUnitTypes.DistanceMeters)
        alg.addParameter(parameter)


def add_findings_sinks(alg, *, suggestions: bool) -> None:
    alg.addParameter(QgsProcessingParameterFeatureSink(
        "OUTPUT", tr("Findings"), QgsProcessing.TypeVectorPoint))
    if suggestions:
        alg.addParameter(QgsProcessingParameterFeatureSink(
            "SUGGESTIONS", tr("Suggested locations"), QgsProcessing.TypeVectorPoint,
            optional=True, createByDefault=False))
        alg.addParameter(QgsProcessingParameterFeatureSink(
            "MOVES", tr("Suggested moves"), QgsProcessing.TypeVectorLine, optional=True,
            createByDefault=False))


def read_points(alg, parameters, context, feedback, *, with_fids: bool = False):
    """The INPUT points (and their feature ids) as the library sees them."""
    source = alg.parameterAsSource(parameters, "INPUT", context)
    if source is None:
        raise QgsProcessingException(alg.invalidSourceError(parameters, "INPUT"))
    fields = {canonical: alg.parameterAsString(parameters, key, context)
              for key, canonical in POINT_FIELDS
              if key in parameters and alg.parameterAsString(parameters, key, context)}
    feedback.pushInfo(tr("Reading points…"))
    try:
        points, fids = point_set_from_source(source, source.sourceName() or "INPUT",
                                             fields=fields, cancelled=feedback.isCanceled,
                                             with_fids=True)
    except DiachiError as exc:
        raise QgsProcessingException(explain(exc)) from exc
    return (points, source, fids) if with_fids else points


def read_references(alg, parameters, context, feedback) -> dict:
    layers = {}
    try:
        for key, kind, _ in REFERENCES:
            if parameters.get(key) in (None, ""):
                continue
            ref = alg.parameterAsSource(parameters, key, context)
            if ref is None:
                continue
            fields = None
            if kind == "communes":
                code = alg.parameterAsString(parameters, "COMMUNE_CODE", context)
                fields = {"code": code} if code else None
            layers[kind] = reference_from_source(ref, ref.sourceName() or kind, kind=kind,
                                                 fields=fields, cancelled=feedback.isCanceled)
    except DiachiError as exc:
        raise QgsProcessingException(explain(exc)) from exc
    return layers


def snap_params(alg, parameters, context) -> CheckParams:
    params = CheckParams()
    if "SNAP_MAX_DISTANCE" in parameters:
        params = params.replace(snap_max_distance_m=alg.parameterAsDouble(
            parameters, "SNAP_MAX_DISTANCE", context))
    if parameters.get("SNAP_MAX_DISTANCE_FAR") not in (None, ""):
        params = params.replace(snap_max_distance_far_m=alg.parameterAsDouble(
            parameters, "SNAP_MAX_DISTANCE_FAR", context))
    if "SNAP_MIN_MOVE" in parameters:
        params = params.replace(snap_min_move_m=alg.parameterAsDouble(
            parameters, "SNAP_MIN_MOVE", context))
    return params


def run_validation(points, layers, checks, params, feedback, registry=None):
    """The library's validate with Processing's progress, cancel and notes."""
    def progress(fraction: float, _check: str) -> bool:
        feedback.setProgress(10 + 80 * fraction)
        return not feedback.isCanceled()

    feedback.setProgress(10)
    try:
        result = validate(points, checks=checks, params=params, progress=progress,
                          registry=registry, **layers)
    except DiachiError as exc:
        raise QgsProcessingException(explain(exc)) from exc
    lang = language()
    for note in result.notes:
        feedback.pushWarning(f"{check_title(note.check, lang)}: "
                             f"{note_text(note.code, note.params, lang)}")
    return result


def write_findings(alg, parameters, context, feedback, result, points) -> dict:
    """OUTPUT (findings) and, when asked for, SUGGESTIONS and MOVES."""
    lang = language()
    columns = findings_columns(result.findings, points, lang)
    fields = _fields(columns)
    lon, lat = points.lonlat()
    x, y = lon[result.findings.index], lat[result.findings.index]
    placed = (np.abs(x) <= 180) & (np.abs(y) <= 90)
    out = {"OUTPUT": _sink(alg, parameters, context, "OUTPUT", fields, QgsWkbTypes.Point,
                           ((row, QgsGeometry.fromPointXY(QgsPointXY(x[row], y[row]))
                             if placed[row] else None) for row in range(len(x))), columns)}
    reported = 0
    for row in np.flatnonzero(result.findings.check == "invalid_geometry")[:50]:
        reported += 1
        feedback.reportError(tr("Feature {}: {}").format(
            points.ids[result.findings.index[row]], columns["message"][row]), False)
    sx, sy = columns["suggested_x"], columns["suggested_y"]
    has = np.flatnonzero(np.isfinite(sx) & np.isfinite(sy))
    if parameters.get("SUGGESTIONS") not in (None, ""):
        out["SUGGESTIONS"] = _sink(alg, parameters, context, "SUGGESTIONS", fields,
                                   QgsWkbTypes.Point,
                                   ((r, QgsGeometry.fromPointXY(QgsPointXY(sx[r], sy[r])))
                                    for r in has), columns)
    if parameters.get("MOVES") not in (None, ""):
        out["MOVES"] = _sink(alg, parameters, context, "MOVES", fields, QgsWkbTypes.LineString,
                             ((r, QgsGeometry.fromPolylineXY([
                                 QgsPointXY(x[r], y[r]), QgsPointXY(sx[r], sy[r])])
                               if placed[r] else None) for r in has), columns)
    return out


def _fields(columns: dict) -> QgsFields:
    fields = QgsFields()
    for name in columns:
        fields.append(QgsField(name, QVariant.Double if name in _DOUBLE else QVariant.String))
    return fields


def _sink(alg, parameters, context, key, fields, wkb_type, rows, columns) -> str:
    sink, dest = alg.parameterAsSink(parameters, key, context, fields, wkb_type, WGS84)
    if sink is None:
        raise QgsProcessingException(alg.invalidSinkError(parameters, key))
    names = list(columns)
    for row, geometry in rows:
        feature = QgsFeature(fields)
        feature.setAttributes([plain(columns[name][row]) for name in names])
        if geometry is not None:
            feature.setGeometry(geometry)
        sink.addFeature(feature, QgsFeatureSink.FastInsert)
    return dest


def plain(value):
    """A value Qt can store: numpy scalars become Python ones, NaN becomes NULL."""
    value = python_value(value)
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value if isinstance(value, (float, int, str)) else json.dumps(value)
