"""Processing algorithm diachi:reportprogress: progress per commune against quotas."""
from __future__ import annotations

from diachi_geo.errors import DiachiError
from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
)

from ..i18n import explain, language, tr, translatable
from . import common


class ReportProgressAlgorithm(common.DiachiAlgorithm):
    NAME = "reportprogress"
    TITLE = translatable("Progress report")
    GROUP = "reports"
    HELP = translatable("Points collected, reviewed, confirmed and rejected per commune (or "
                        "per old district) against a quota table (CSV: commune code, quota), "
                        "and per week; as XLSX or CSV plus an HTML page with charts.\n\n"
                        "Tiến độ thu thập, rà soát, xác nhận theo xã so với chỉ tiêu và theo "
                        "tuần.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API names
        common.add_session_input(self)
        self.addParameter(QgsProcessingParameterFile(
            "QUOTAS", tr("Quotas (CSV: commune code, quota)"), extension="csv",
            optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            "BY", tr("One row per"), options=[tr("Commune"), tr("Old district")],
            defaultValue=0))
        common.add_report_outputs(self, tr("Progress table"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        data = common.read_session_param(self, parameters, context)
        # diachi_geo.report needs reportlab and segno, optional in QGIS: imported once
        # read_session_param has said which are missing
        from diachi_geo.report import write_progress
        from diachi_geo.report.progress import read_quotas

        quotas_path = self.parameterAsFile(parameters, "QUOTAS", context)
        out, html = common.report_outputs(self, parameters, context)
        by = ("commune_code", "district_code")[self.parameterAsEnum(parameters, "BY", context)]
        try:
            write_progress(data, out, quotas=read_quotas(quotas_path) if quotas_path else None,
                           by=by, html=html, lang=language())
        except DiachiError as exc:
            raise QgsProcessingException(explain(exc)) from exc
        return {"OUTPUT": out, "HTML": html}
