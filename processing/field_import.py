"""Processing algorithm diachi:fieldimport: the visits of a field package that came back,
recorded in the review session's audit trail."""
from __future__ import annotations

from diachi_geo.errors import DiachiError
from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFile,
)

from .. import settings
from ..dependencies import FIELD
from ..i18n import explain, tr, translatable
from . import common


class FieldImportAlgorithm(common.DiachiAlgorithm):
    NAME = "fieldimport"
    TITLE = translatable("Receive visits from the field")
    GROUP = "review"
    HELP = translatable("Reads a field package that came back from QField and records each "
                        "visit in the session it was sent from, as one audited action: found "
                        "points go to the checker as corrected or approved, points not found "
                        "are rejected. A point changed in the session since it was sent is "
                        "kept as a conflict for an officer. Importing the same package again "
                        "changes nothing.\n\n"
                        "Nhập kết quả kiểm tra thực địa từ QField vào phiên rà soát.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API names
        common.add_session_input(self)
        self.addParameter(QgsProcessingParameterFile(
            "PACKAGE", tr("Package folder back from the field"),
            behavior=QgsProcessingParameterFile.Folder))
        for name, title in (("VISITS", tr("Visits recorded")),
                            ("CONFLICTS", tr("New conflicts")),
                            ("ALREADY", tr("Already imported"))):
            self.addOutput(QgsProcessingOutputNumber(name, title))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        common.require_packages(FIELD, tr("Field packages"))
        # lazy: pyogrio may be missing in this QGIS (checked just above)
        from diachi_geo.field import field_import
        from diachi_geo.session import Session

        path = self.parameterAsFile(parameters, "SESSION", context)
        folder = self.parameterAsFile(parameters, "PACKAGE", context)
        try:
            with Session(path, settings.user_name()) as session:
                counts = field_import(session, folder)
        except DiachiError as exc:
            raise QgsProcessingException(explain(exc)) from exc
        feedback.pushInfo(tr("{visits} visits recorded, {conflicts} new conflicts, {already} "
                             "already imported.").format(**counts))
        return {"VISITS": counts["visits"], "CONFLICTS": counts["conflicts"],
                "ALREADY": counts["already"]}
