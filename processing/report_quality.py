"""Processing algorithm diachi:reportquality: quality per collector."""
from __future__ import annotations

from diachi_geo.errors import DiachiError
from qgis.core import QgsProcessingException

from ..i18n import explain, language, tr, translatable
from . import common


class ReportQualityAlgorithm(common.DiachiAlgorithm):
    NAME = "reportquality"
    TITLE = translatable("Quality per collector")
    GROUP = "reports"
    HELP = translatable("Per collector: points, the share with each kind of finding, the "
                        "median snap distance, duplicates created, the rejection rate and the "
                        "time pattern (points per hour, bursts at one spot), the ones who most "
                        "need help first; as XLSX or CSV plus an HTML page with a chart per "
                        "measure.\n\nChất lượng theo người thu thập, người cần hỗ trợ xếp "
                        "trước.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API names
        common.add_session_input(self)
        common.add_report_outputs(self, tr("Quality table"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        data = common.read_session_param(self, parameters, context)
        # diachi_geo.report needs reportlab and segno, optional in QGIS: imported once
        # read_session_param has said which are missing
        from diachi_geo.report import write_quality

        out, html = common.report_outputs(self, parameters, context)
        try:
            write_quality(data, out, html=html, lang=language())
        except DiachiError as exc:
            raise QgsProcessingException(explain(exc)) from exc
        return {"OUTPUT": out, "HTML": html}
