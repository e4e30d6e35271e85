"""Processing algorithm diachi:buildsession: copy points into a new review session
GeoPackage, validate them against the reference layers and set up the review tables."""
from __future__ import annotations

from diachi_geo.errors import DiachiError
from diachi_geo.session import create_session
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
)

from ..i18n import explain, language, reference_title, tr, translatable
from . import common

_FORMATS = ["gpkg", "shp", "geojson"]


class BuildSessionAlgorithm(common.DiachiAlgorithm):
    INPUT, OUTPUT = "INPUT", "OUTPUT"

    NAME = "buildsession"
    TITLE = translatable("Build review session")
    GROUP = "review"
    HELP = translatable("Copies the collected points into a new review session (a GeoPackage), "
                        "runs every check against the reference layers and prepares the review "
                        "and audit tables. Open the session in the Review dock. The input layer "
                        "is never changed.\n\n"
                        "Sao chép điểm thu thập vào một phiên rà soát mới (GeoPackage), chạy mọi "
                        "kiểm tra và chuẩn bị bảng rà soát, nhật ký. Mở phiên trong bảng Rà soát.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, tr("Collected points"), [QgsProcessing.TypeVectorPoint]))
        for key, kind, geometry in common.REFERENCES:
            self.addParameter(QgsProcessingParameterFeatureSource(
                key, reference_title(kind), [geometry], optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("Review session"), tr("Review session (*.gpkg)")))
        for name, title in (("POINTS", tr("Points")), ("FLAGGED", tr("Points with findings")),
                            ("FINDING_COUNT", tr("Number of findings"))):
            self.addOutput(QgsProcessingOutputNumber(name, title))
        # the session's findings layer, for the next steps of a model
        self.addOutput(QgsProcessingOutputVectorLayer("FINDINGS", tr("Findings")))

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
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        points = self._path(parameters, self.INPUT, context, feedback)
        references = {kind: self._path(parameters, key, context, feedback)
                      for key, kind, _ in common.REFERENCES}

        def progress(fraction: float, _check: str) -> bool:
            feedback.setProgress(5 + 90 * fraction)
            return not feedback.isCanceled()

        try:
            counts = create_session(points, out, references=references, lang=language(),
                                    progress=progress)
        except DiachiError as exc:
            raise QgsProcessingException(explain(exc)) from exc
        feedback.pushInfo(tr("Session ready: {points} points, {flagged} with findings.")
                          .format(**counts))
        return {self.OUTPUT: out, "POINTS": counts["points"], "FLAGGED": counts["flagged"],
                "FINDING_COUNT": counts["findings"], "FINDINGS": f"{out}|layername=findings"}
