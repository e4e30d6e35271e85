"""Processing algorithm diachi:buildsession: copy points into a new review session
GeoPackage, validate them against the reference layers and set up the review tables."""
from __future__ import annotations

from diachi_geo.errors import DiachiError
from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
)

from ..i18n import language, tr

_FORMATS = ["gpkg", "shp", "geojson"]


class BuildSessionAlgorithm(QgsProcessingAlgorithm):
    INPUT, OUTPUT = "INPUT", "OUTPUT"
    REFERENCES = (("COMMUNES", "communes", QgsProcessing.TypeVectorPolygon),
                  ("BUILDINGS", "buildings", QgsProcessing.TypeVectorPolygon),
                  ("ROADS", "roads", QgsProcessing.TypeVectorLine),
                  ("WATER", "water", QgsProcessing.TypeVectorPolygon),
                  ("ENTRANCES", "entrances", QgsProcessing.TypeVectorPoint))

    def createInstance(self):  # noqa: N802 - QGIS API names below
        return BuildSessionAlgorithm()

    def name(self) -> str:
        return "buildsession"

    def displayName(self) -> str:
        return tr("Build review session")

    def group(self) -> str:
        return tr("Review")

    def groupId(self) -> str:
        return "review"

    def shortHelpString(self) -> str:
        return tr("Copies the collected points into a new review session (a GeoPackage), "
                  "runs every check against the reference layers and prepares the review "
                  "and audit tables. Open the session in the Review dock. The input layer "
                  "is never changed.\n\n"
                  "Sao chép điểm thu thập vào một phiên rà soát mới (GeoPackage), chạy mọi "
                  "kiểm tra và chuẩn bị bảng rà soát, nhật ký. Mở phiên trong bảng Rà soát.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, tr("Collected points"), [QgsProcessing.TypeVectorPoint]))
        titles = {"communes": tr("Commune boundaries"), "buildings": tr("Building footprints"),
                  "roads": tr("Roads"), "water": tr("Water (rivers, lakes, ponds)"),
                  "entrances": tr("Mapped entrances (entrance=main...)")}
        for key, kind, geometry in self.REFERENCES:
            self.addParameter(QgsProcessingParameterFeatureSource(
                key, titles[kind], [geometry], optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("Review session"), tr("Review session (*.gpkg)")))
        for name, title in (("POINTS", tr("Points")), ("FLAGGED", tr("Points with findings")),
                            ("FINDINGS", tr("Findings"))):
            self.addOutput(QgsProcessingOutputNumber(name, title))

    def _path(self, parameters, key, context, feedback) -> str | None:
        """The layer as a file the library can read (QGIS exports it when it is not one)."""
        if parameters.get(key) in (None, ""):
            return None
        path, layer = self.parameterAsCompatibleSourceLayerPathAndLayerName(
            parameters, key, context, _FORMATS, "gpkg", feedback)
        if not path:
            raise QgsProcessingException(self.invalidSourceError(parameters, key))
        return f"{path}|layername={layer}" if layer else path

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from diachi_geo.session import create_session

        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        points = self._path(parameters, self.INPUT, context, feedback)
        references = {kind: self._path(parameters, key, context, feedback)
                      for key, kind, _ in self.REFERENCES}

        def progress(fraction: float, _check: str) -> bool:
            feedback.setProgress(5 + 90 * fraction)
            return not feedback.isCanceled()

        try:
            counts = create_session(points, out, references=references, lang=language(),
                                    progress=progress)
        except DiachiError as exc:
            raise QgsProcessingException(str(exc)) from exc
        feedback.pushInfo(tr("Session ready: {points} points, {flagged} with findings.")
                          .format(**counts))
        return {self.OUTPUT: out, "POINTS": counts["points"], "FLAGGED": counts["flagged"],
                "FINDINGS": counts["findings"]}
