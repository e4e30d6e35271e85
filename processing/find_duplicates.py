"""Processing algorithm diachi:findduplicates: places collected twice, as groups with a
suggested record to keep; optionally against an already published layer."""
from __future__ import annotations

from diachi_geo.errors import DiachiError
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..adapters import point_set_from_source
from ..i18n import explain, tr, translatable
from . import common


class FindDuplicatesAlgorithm(common.DiachiAlgorithm):
    REGISTRY, GROUPS = "REGISTRY", "GROUPS"

    NAME = "findduplicates"
    TITLE = translatable("Find duplicate places")
    GROUP = "validation"
    HELP = translatable("Finds places collected twice under different spellings (names with "
                        "abbreviations or without diacritics, the same address, code or phone), "
                        "groups them and suggests the record to keep. With a published layer, new "
                        "points already in it are found too.\n\n"
                        "Tìm các địa điểm bị thu thập hai lần với cách viết khác nhau, gộp thành "
                        "nhóm và đề xuất bản ghi cần giữ.")

    def initAlgorithm(self, config=None):  # noqa: N802
        common.add_point_inputs(self)
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.REGISTRY, tr("Already published places (optional)"),
            [QgsProcessing.TypeVectorPoint], optional=True))
        common.add_findings_sinks(self, suggestions=False)
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.GROUPS, tr("Duplicate groups"), QgsProcessing.TypeVectorPoint, optional=True))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        points = common.read_points(self, parameters, context, feedback)
        registry = None
        if parameters.get(self.REGISTRY) not in (None, ""):
            source = self.parameterAsSource(parameters, self.REGISTRY, context)
            try:
                registry = point_set_from_source(source, source.sourceName() or "REGISTRY",
                                                 cancelled=feedback.isCanceled)
            except DiachiError as exc:
                raise QgsProcessingException(explain(exc)) from exc
        result = common.run_validation(points, {}, ["duplicate"], None, feedback,
                                       registry=registry)
        out = common.write_findings(self, parameters, context, feedback, result, points)
        if parameters.get(self.GROUPS) not in (None, ""):
            out[self.GROUPS] = self._groups(parameters, context, result.findings, points)
        return out

    def _groups(self, parameters, context, findings, points) -> str:
        """One point per group member: its group, whether it is the keeper, and why."""
        fields = QgsFields()
        for name, kind in (("group_id", QVariant.String), ("point_id", QVariant.String),
                           ("keeper_id", QVariant.String), ("is_keeper", QVariant.Int),
                           ("reason", QVariant.String), ("score", QVariant.Double),
                           ("name", QVariant.String), ("members", QVariant.Int)):
            fields.append(QgsField(name, kind))
        sink, dest = self.parameterAsSink(parameters, self.GROUPS, context, fields,
                                          QgsWkbTypes.Point, common.WGS84)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.GROUPS))
        lon, lat = points.lonlat()
        names = points.attribute("name")
        rows = [r for r, group in enumerate(findings.group_id) if group]
        sizes: dict[str, int] = {}
        for row in rows:
            sizes[str(findings.group_id[row])] = sizes.get(str(findings.group_id[row]), 0) + 1
        for row in rows:  # the keeper has a finding of its own, related to itself
            index = int(findings.index[row])
            point_id = str(common.plain(points.ids[index]))
            keeper = str(findings.related_id[row])
            group = str(findings.group_id[row])
            feature = QgsFeature(fields)
            feature.setAttributes([
                group, point_id, keeper, int(point_id == keeper),
                findings.params[row].get("reason"), common.plain(findings.score[row]),
                None if names is None else common.plain(names[index]), sizes[group]])
            if abs(lon[index]) <= 180 and abs(lat[index]) <= 90:
                feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(lon[index], lat[index])))
            sink.addFeature(feature, QgsFeatureSink.FastInsert)
        return dest
