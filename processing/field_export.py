"""Processing algorithm diachi:fieldexport: the points of a review session that need a field
check, as a folder QField opens as is."""
from __future__ import annotations

from diachi_geo.errors import DiachiError
from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterString,
)

from .. import settings
from ..dependencies import FIELD
from ..i18n import explain, tr, translatable
from . import common


class FieldExportAlgorithm(common.DiachiAlgorithm):
    NAME = "fieldexport"
    TITLE = translatable("Send points to the field (QField package)")
    GROUP = "review"
    HELP = translatable("Writes the points marked 'needs a field check' (of one commune, if "
                        "given) into a folder QField opens as is: the project with a phone "
                        "form (found / not found / moved / closed, corrected name, house "
                        "number, category, note, new photo), the reference buildings and "
                        "roads, and the imagery cut to the area. The owner's name, phone and "
                        "email are left out unless asked for. Bring the visits back with "
                        "'Receive visits from the field'.\n\n"
                        "Xuất các điểm cần kiểm tra thực địa thành thư mục mở được bằng QField.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API names
        common.add_session_input(self)
        self.addParameter(QgsProcessingParameterString(
            "COMMUNE", tr("Commune code (empty: all)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            "ASSIGNEE", tr("Who goes to the field"), optional=True))
        self.addParameter(QgsProcessingParameterFile(
            "IMAGERY", tr("Imagery to cut to the area (MBTiles, GeoTIFF...)"),
            optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            "INCLUDE_OWNER", tr("Include the owner's name, phone and email"),
            defaultValue=False))
        self.addParameter(QgsProcessingParameterFolderDestination(
            "OUTPUT", tr("Package folder (new)")))
        for name, title in (("POINTS", tr("Points sent")), ("SIZE_MB", tr("Size (MB)")),
                            ("IMAGERY_MB", tr("Imagery (MB)"))):
            self.addOutput(QgsProcessingOutputNumber(name, title))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        common.require_packages(FIELD, tr("Field packages"))
        # lazy: pyogrio may be missing in this QGIS (checked just above)
        from diachi_geo.field import field_export
        from diachi_geo.session import Session

        path = self.parameterAsFile(parameters, "SESSION", context)
        commune = self.parameterAsString(parameters, "COMMUNE", context).strip()
        out = self.parameterAsString(parameters, "OUTPUT", context)
        try:
            with Session(path, settings.user_name()) as session:
                counts = field_export(
                    session, out, communes=[commune] if commune else [],
                    assignee=self.parameterAsString(parameters, "ASSIGNEE", context) or None,
                    imagery=self.parameterAsFile(parameters, "IMAGERY", context) or None,
                    include_owner=self.parameterAsBool(parameters, "INCLUDE_OWNER", context))
        except DiachiError as exc:
            raise QgsProcessingException(explain(exc)) from exc
        feedback.pushInfo(tr("{points} points, {photos} photos, imagery {imagery_mb} MB, "
                             "{size_mb} MB in all.").format(**counts))
        return {"OUTPUT": out, "POINTS": counts["points"], "SIZE_MB": counts["size_mb"],
                "IMAGERY_MB": counts["imagery_mb"]}
