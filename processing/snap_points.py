"""Processing algorithm diachi:snaptoentrances: propose each point's main entrance, and
write a corrected copy of the points with the confident proposals applied."""
from __future__ import annotations

import numpy as np
from diachi_geo.checks import SNAP_CHECKS
from qgis.core import (
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
)
from qgis.PyQt.QtCore import QVariant

from ..i18n import tr, translatable
from . import common


class SnapPointsAlgorithm(common.DiachiAlgorithm):
    MIN_CONFIDENCE, CORRECTED = "MIN_CONFIDENCE", "CORRECTED"

    NAME = "snaptoentrances"
    TITLE = translatable("Snap points to building entrances")
    GROUP = "validation"
    HELP = translatable("Proposes for every point the main entrance of its building (a mapped "
                        "entrance, else the wall facing the road, else the nearest wall), flags "
                        "points far from any building or in water, and writes a corrected copy of "
                        "the points where the proposal is at least as confident as asked.\n\n"
                        "Đề xuất vị trí cổng/cửa chính của công trình cho từng điểm, đánh dấu điểm "
                        "xa công trình hoặc nằm trên mặt nước, và ghi bản sao đã hiệu chỉnh.")

    def initAlgorithm(self, config=None):  # noqa: N802
        common.add_point_inputs(self)
        common.add_references(self, ("buildings", "roads", "water", "entrances"),
                              required=("buildings",))
        common.add_snap_distances(self)
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_CONFIDENCE, tr("Apply proposals with a confidence of at least (0-1)"),
            QgsProcessingParameterNumber.Double, 0.8, minValue=0, maxValue=1))
        common.add_findings_sinks(self, suggestions=True)
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.CORRECTED, tr("Corrected points"), QgsProcessing.TypeVectorPoint,
            optional=True))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        points, source, fids = common.read_points(self, parameters, context, feedback,
                                                  with_fids=True)
        layers = common.read_references(self, parameters, context, feedback)
        result = common.run_validation(points, layers, list(SNAP_CHECKS),
                                       common.snap_params(self, parameters, context), feedback)
        out = common.write_findings(self, parameters, context, feedback, result, points)
        if parameters.get(self.CORRECTED) not in (None, ""):
            threshold = self.parameterAsDouble(parameters, self.MIN_CONFIDENCE, context)
            out[self.CORRECTED] = self._corrected(parameters, context, feedback, source, fids,
                                                  result.findings, threshold)
        return out

    def _corrected(self, parameters, context, feedback, source, fids, findings,
                   threshold: float) -> str:
        """The input features, moved to their entrance where the snap is confident."""
        chosen = (findings.check == "snap") & (findings.score >= threshold)
        moves = {int(fids[i]): (x, y, s, p) for i, x, y, s, p in zip(
            findings.index[chosen], findings.suggested_x[chosen],
            findings.suggested_y[chosen], findings.score[chosen],
            np.array(findings.params, dtype=object)[chosen])}
        fields = QgsFields(source.fields())
        for name, kind in (("diachi_moved", QVariant.Int), ("diachi_score", QVariant.Double),
                           ("diachi_rule", QVariant.String),
                           ("diachi_moved_m", QVariant.Double)):
            fields.append(QgsField(name, kind))
        sink, dest = self.parameterAsSink(parameters, self.CORRECTED, context, fields,
                                          source.wkbType(), source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.CORRECTED))
        to_source = QgsCoordinateTransform(common.WGS84, source.sourceCrs(),
                                           context.transformContext())
        for feature in source.getFeatures(QgsFeatureRequest()):
            if feedback.isCanceled():
                break
            out = QgsFeature(fields)
            out.setGeometry(feature.geometry())
            extra = [0, None, None, None]
            move = moves.get(feature.id())
            if move is not None:
                x, y, score, params = move
                out.setGeometry(QgsGeometry.fromPointXY(
                    to_source.transform(QgsPointXY(float(x), float(y)))))
                extra = [1, float(score), params.get("entrance_rule"), params.get("moved_m")]
            out.setAttributes(list(feature.attributes()) + extra)
            sink.addFeature(out, QgsFeatureSink.FastInsert)
        feedback.pushInfo(tr("{} points moved to their entrance.").format(len(moves)))
        return dest
