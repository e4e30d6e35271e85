"""Processing algorithm diachi:publish: the confirmed points of a session to a map service,
a dry run unless told otherwise."""
from __future__ import annotations

from diachi_geo.errors import DiachiError
from diachi_geo.fields import PERSONAL_FIELDS
from diachi_geo.publish import client_for, execute, leaving_fields, load_profile, plan
from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterAuthConfig,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ..i18n import explain, problem_text, tr, translatable
from ..publish_auth import with_qgis_auth
from . import common

COUNTS = ("NEW", "CHANGED", "UNCHANGED", "DELETE", "SENT", "VERIFIED", "FAILED")


class PublishAlgorithm(common.DiachiAlgorithm):
    NAME = "publish"
    TITLE = translatable("Publish confirmed points")
    GROUP = "review"
    HELP = translatable("Sends the confirmed points of a review session to a map service "
                        "(WFS-T or OGC API - Features) described by a profile; a dry run "
                        "(the default) only counts what would be new, changed, unchanged or "
                        "deleted. The owner's personal data is sent only when named. The "
                        "secret comes from the QGIS authentication database.\n\n"
                        "Gửi các điểm đã xác nhận lên dịch vụ bản đồ; mặc định chỉ chạy thử.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API names
        common.add_session_input(self)
        self.addParameter(QgsProcessingParameterFile(
            "PROFILES", tr("Publish profiles (TOML)"), extension="toml"))
        self.addParameter(QgsProcessingParameterString("PROFILE", tr("Profile name")))
        self.addParameter(QgsProcessingParameterAuthConfig(
            "AUTHCFG", tr("Authentication"), optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            "DRY_RUN", tr("Dry run: count only, send nothing"), True))
        self.addParameter(QgsProcessingParameterBoolean(
            "INCLUDE_UNCONFIRMED", tr("Include points not yet confirmed"), False))
        self.addParameter(QgsProcessingParameterBoolean(
            "DELETE_WITHDRAWN", tr("Delete what is no longer confirmed"), False))
        self.addParameter(QgsProcessingParameterEnum(
            "INCLUDE_PERSONAL", tr("Personal fields to send (none by default)"),
            options=list(PERSONAL_FIELDS), allowMultiple=True, optional=True))
        for name in COUNTS:
            self.addOutput(QgsProcessingOutputNumber(name, name.lower()))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        session = self.parameterAsFile(parameters, "SESSION", context)
        personal = ()
        if parameters.get("INCLUDE_PERSONAL") not in (None, "", []):
            personal = tuple(PERSONAL_FIELDS[i] for i in self.parameterAsEnums(
                parameters, "INCLUDE_PERSONAL", context))
        try:
            profile = with_qgis_auth(
                load_profile(self.parameterAsFile(parameters, "PROFILES", context),
                             self.parameterAsString(parameters, "PROFILE", context)),
                self.parameterAsString(parameters, "AUTHCFG", context) or None)
            feedback.pushInfo(tr("Fields that leave this machine: {}").format(
                ", ".join(leaving_fields(profile, personal))))
            client = client_for(profile)
            the_plan = plan(session, profile, client, include_personal=personal,
                            include_unconfirmed=self.parameterAsBool(
                                parameters, "INCLUDE_UNCONFIRMED", context),
                            delete_withdrawn=self.parameterAsBool(
                                parameters, "DELETE_WITHDRAWN", context))
            counts = the_plan.counts()
            out = {"NEW": counts.get("new", 0), "CHANGED": counts.get("changed", 0),
                   "UNCHANGED": counts.get("unchanged", 0), "DELETE": counts.get("delete", 0),
                   "SENT": 0, "VERIFIED": 0, "FAILED": 0}
            feedback.pushInfo(str({k.lower(): v for k, v in out.items() if v}))
            if self.parameterAsBool(parameters, "DRY_RUN", context):
                return out
            report = execute(the_plan, client, session,
                             progress=lambda done, total: feedback.setProgress(
                                 100.0 * done / max(total, 1)),
                             cancelled=feedback.isCanceled)
        except DiachiError as exc:
            raise QgsProcessingException(explain(exc)) from exc
        for problem in report["problems"][:50]:
            if problem["code"]:
                feedback.reportError(problem_text(problem), False)
        out.update(SENT=report["sent"], VERIFIED=report["verified"],
                   FAILED=len(report["failed"]))
        return out
