"""Processing algorithm diachi:validatepoints: every check, findings as a point layer."""
from __future__ import annotations

import json

from diachi_geo.checks import CHECK_CODES
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
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..adapters import point_set_from_source, reference_from_source
from ..i18n import language, tr

_DOUBLE = ("score", "suggested_x", "suggested_y")
_POINT_FIELDS = (("ID_FIELD", "id"), ("NAME_FIELD", "name"), ("CATEGORY_FIELD", "category"),
                 ("ADDRESS_FIELD", "address"), ("COMMUNE_CODE_FIELD", "commune_code"))


class ValidatePointsAlgorithm(QgsProcessingAlgorithm):
    INPUT, COMMUNES, CHECKS, OUTPUT = "INPUT", "COMMUNES", "CHECKS", "OUTPUT"
    COMMUNE_CODE = "COMMUNE_CODE"
    REFERENCES = (("BUILDINGS", "buildings", QgsProcessing.TypeVectorPolygon),
                  ("ROADS", "roads", QgsProcessing.TypeVectorLine),
                  ("WATER", "water", QgsProcessing.TypeVectorPolygon),
                  ("ENTRANCES", "entrances", QgsProcessing.TypeVectorPoint))
    SNAP_MAX_DISTANCE, SNAP_MIN_MOVE = "SNAP_MAX_DISTANCE", "SNAP_MIN_MOVE"

    def createInstance(self):  # noqa: N802 - QGIS API names below
        return ValidatePointsAlgorithm()

    def name(self) -> str:
        return "validatepoints"

    def displayName(self) -> str:
        return tr("Validate points")

    def group(self) -> str:
        return tr("Validation")

    def groupId(self) -> str:
        return "validation"

    def shortHelpString(self) -> str:
        return tr("Checks collected address points: 0,0 and swapped coordinates, points "
                  "outside Vietnam or outside their declared commune, points stacked on one "
                  "spot, empty name/category/address and broken geometries. Writes one "
                  "finding per problem with a stable check code.\n\n"
                  "Kiểm tra điểm địa chỉ thu thập: tọa độ 0,0 hoặc đảo ngược, ngoài lãnh thổ, "
                  "sai xã, chồng điểm, thiếu thông tin, hình học lỗi.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, tr("Collected points"), [QgsProcessing.TypeVectorPoint]))
        for key, canonical in _POINT_FIELDS:
            self.addParameter(QgsProcessingParameterField(
                key, tr("Field with the {}").format(canonical.replace("_", " ")),
                parentLayerParameterName=self.INPUT, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.COMMUNES, tr("Commune boundaries"), [QgsProcessing.TypeVectorPolygon],
            optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.COMMUNE_CODE, tr("Commune code field"), parentLayerParameterName=self.COMMUNES,
            optional=True))
        titles = {"buildings": tr("Building footprints"), "roads": tr("Roads"),
                  "water": tr("Water (rivers, lakes, ponds)"),
                  "entrances": tr("Mapped entrances (entrance=main...)")}
        for key, kind, geometry in self.REFERENCES:
            self.addParameter(QgsProcessingParameterFeatureSource(
                key, titles[kind], [geometry], optional=True))
        defaults = CheckParams()
        self.addParameter(QgsProcessingParameterNumber(
            self.SNAP_MAX_DISTANCE, tr("Maximum distance to a building (metres)"),
            QgsProcessingParameterNumber.Double, defaults.snap_max_distance_m, minValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.SNAP_MIN_MOVE, tr("Report moves longer than (metres)"),
            QgsProcessingParameterNumber.Double, defaults.snap_min_move_m, minValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.CHECKS, tr("Checks to run (none selected: all)"),
            options=[check_title(c, language()) for c in CHECK_CODES], allowMultiple=True,
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Findings"), QgsProcessing.TypeVectorPoint))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        fields = {canonical: self.parameterAsString(parameters, key, context)
                  for key, canonical in _POINT_FIELDS
                  if self.parameterAsString(parameters, key, context)}
        selected = None  # an unset optional enum still reads as [0]: look at the raw value
        if parameters.get(self.CHECKS) not in (None, "", []):
            selected = [CHECK_CODES[i] for i in self.parameterAsEnums(parameters, self.CHECKS,
                                                                      context)]
        try:
            feedback.pushInfo(tr("Reading points…"))
            points = point_set_from_source(source, source.sourceName() or "INPUT",
                                           fields=fields, cancelled=feedback.isCanceled)
            layers = {}
            commune_source = self.parameterAsSource(parameters, self.COMMUNES, context)
            if commune_source is not None:
                code = self.parameterAsString(parameters, self.COMMUNE_CODE, context)
                layers["communes"] = reference_from_source(
                    commune_source, commune_source.sourceName() or "communes", kind="communes",
                    fields={"code": code} if code else None, cancelled=feedback.isCanceled)
            for key, kind, _ in self.REFERENCES:
                ref = self.parameterAsSource(parameters, key, context)
                if ref is not None:
                    layers[kind] = reference_from_source(ref, ref.sourceName() or kind,
                                                         kind=kind,
                                                         cancelled=feedback.isCanceled)
            params = CheckParams().replace(
                snap_max_distance_m=self.parameterAsDouble(parameters, self.SNAP_MAX_DISTANCE,
                                                           context),
                snap_min_move_m=self.parameterAsDouble(parameters, self.SNAP_MIN_MOVE, context))
            feedback.setProgress(10)

            def progress(fraction: float, check: str) -> bool:
                feedback.setProgress(10 + 80 * fraction)
                return not feedback.isCanceled()

            result = validate(points, checks=selected, params=params, progress=progress, **layers)
        except DiachiError as exc:
            raise QgsProcessingException(str(exc)) from exc
        lang = language()
        for note in result.notes:
            feedback.pushWarning(f"{check_title(note.check, lang)}: "
                                 f"{note_text(note.code, note.params, lang)}")
        return {self.OUTPUT: self._write(result, points, lang, parameters, context, feedback)}

    def _write(self, result, points, lang, parameters, context, feedback) -> str:
        columns = findings_columns(result.findings, points, lang)
        fields = QgsFields()
        for name in columns:
            fields.append(QgsField(name, QVariant.Double if name in _DOUBLE else QVariant.String))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields,
                                          QgsWkbTypes.Point,
                                          QgsCoordinateReferenceSystem("EPSG:4326"))
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        lon, lat = points.lonlat()
        findings = result.findings
        reported = 0
        for row in range(len(findings)):
            feature = QgsFeature(fields)
            values = [columns[name][row] for name in columns]
            feature.setAttributes([_plain(v) for v in values])
            x, y = lon[findings.index[row]], lat[findings.index[row]]
            if abs(x) <= 180 and abs(y) <= 90:
                feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
            sink.addFeature(feature, QgsFeatureSink.FastInsert)
            if findings.check[row] == "invalid_geometry" and reported < 50:
                reported += 1
                feedback.reportError(tr("Feature {}: {}").format(
                    points.ids[findings.index[row]], columns["message"][row]), False)
        return dest


def _plain(value):
    """A value Qt can store: numpy scalars become Python ones, NaN becomes NULL."""
    if hasattr(value, "item"):
        value = value.item()
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value if isinstance(value, (float, int, str)) else json.dumps(value)
