"""Processing algorithm diachi:validatepoints: every check (or a choice), findings as a
point layer, and optionally the suggested locations and move lines."""
from __future__ import annotations

from diachi_geo.checks import CHECK_CODES
from diachi_geo.io import REFERENCE_KINDS
from diachi_geo.messages import check_title
from qgis.core import QgsProcessingParameterEnum

from ..i18n import language, tr, translatable
from . import common, dask_option


class ValidatePointsAlgorithm(common.DiachiAlgorithm):
    CHECKS = "CHECKS"
    NAME = "validatepoints"
    TITLE = translatable("Validate points")
    GROUP = "validation"
    HELP = translatable("Checks collected address points: 0,0 and swapped coordinates, points "
                        "outside Vietnam or outside their declared commune, points stacked on one "
                        "spot, empty name/category/address and broken geometries. Writes one "
                        "finding per problem with a stable check code.\n\n"
                        "Kiểm tra điểm địa chỉ thu thập: tọa độ 0,0 hoặc đảo ngược, "
                        "ngoài lãnh thổ, sai xã, chồng điểm, thiếu thông tin, hình học lỗi.")

    def initAlgorithm(self, config=None):  # noqa: N802
        common.add_point_inputs(self)
        common.add_references(self, REFERENCE_KINDS)
        common.add_snap_distances(self)
        self.addParameter(QgsProcessingParameterEnum(
            self.CHECKS, tr("Checks to run (none selected: all)"),
            options=[check_title(c, language()) for c in CHECK_CODES], allowMultiple=True,
            optional=True))
        dask_option.add_engine_parameters(self)
        common.add_findings_sinks(self, suggestions=True)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        selected = None  # an unset optional enum still reads as [0]: look at the raw value
        if parameters.get(self.CHECKS) not in (None, "", []):
            selected = [CHECK_CODES[i] for i in self.parameterAsEnums(parameters, self.CHECKS,
                                                                      context)]
        scheduler = dask_option.dask_scheduler(self, parameters, context)
        points = common.read_points(self, parameters, context, feedback)
        params = common.snap_params(self, parameters, context)
        if scheduler:
            code = self.parameterAsString(parameters, "COMMUNE_CODE", context)
            result = dask_option.validate_on_dask(
                points, dask_option.reference_sources(self, parameters, context,
                                                      common.REFERENCES),
                selected, params, scheduler, {"code": code} if code else {}, feedback)
            return common.write_findings(self, parameters, context, feedback, result, points)
        layers = common.read_references(self, parameters, context, feedback)
        result = common.run_validation(points, layers, selected, params, feedback)
        return common.write_findings(self, parameters, context, feedback, result, points)
