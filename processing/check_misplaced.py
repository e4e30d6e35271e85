"""Processing algorithm diachi:checkmisplaced: points at 0,0, with latitude and longitude
swapped, outside Vietnam, outside their declared commune (by code, old code or name), with
a code and a commune name that disagree, or stacked on one spot."""
from __future__ import annotations

from ..i18n import translatable
from . import common

MISPLACED_CHECKS = ["invalid_geometry", "null_island", "swapped_latlon", "outside_country",
                    "outside_commune", "commune_mismatch", "stacked"]


class CheckMisplacedAlgorithm(common.DiachiAlgorithm):
    NAME = "checkmisplaced"
    TITLE = translatable("Check misplaced points")
    GROUP = "validation"
    HELP = translatable("Finds points at 0,0, with latitude and longitude swapped, "
                        "outside Vietnam, outside the commune their code (or, without one, "
                        "their commune name or address) declares, with a code and a commune "
                        "name that disagree, or stacked on one spot, and "
                        "broken geometries. Needs no building data.\n\n"
                        "Tìm điểm ở tọa độ 0,0, đảo ngược kinh/vĩ độ, ngoài lãnh thổ, ngoài xã đã "
                        "khai, mã xã và tên xã không khớp, chồng lên nhau, hoặc hình học lỗi.")

    def initAlgorithm(self, config=None):  # noqa: N802
        common.add_point_inputs(self)
        common.add_references(self, ("communes",))
        common.add_findings_sinks(self, suggestions=False)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        points = common.read_points(self, parameters, context, feedback)
        layers = common.read_references(self, parameters, context, feedback)
        result = common.run_validation(points, layers, MISPLACED_CHECKS, None, feedback)
        return common.write_findings(self, parameters, context, feedback, result, points)
