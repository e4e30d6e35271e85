"""Processing algorithm diachi:reporthandover: the hand-over PDF of each commune, with an
overview map page rendered by QGIS."""
from __future__ import annotations

import os
import tempfile

import numpy as np
from diachi_geo.errors import DiachiError
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterString,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

from ..i18n import explain, tr, translatable
from ..session_layers import reference_layer, style_layer
from . import common


class ReportHandoverAlgorithm(common.DiachiAlgorithm):
    NAME = "reporthandover"
    TITLE = translatable("Commune hand-over PDFs")
    GROUP = "reports"
    HELP = translatable("One PDF per commune: a cover page, an overview map, then every "
                        "digital address code with its QR code, name, category and detailed "
                        "address, sorted by hamlet or street and house number; addresses "
                        "without a code are listed apart. Only confirmed points unless asked; "
                        "the owner's data only when asked. Writes manifest.csv and "
                        "SHA256SUMS beside the PDFs.\n\nMỗi xã một tệp PDF bàn giao gồm mã "
                        "địa chỉ số, mã QR và địa chỉ chi tiết.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API names
        common.add_session_input(self)
        self.addParameter(QgsProcessingParameterString(
            "COMMUNES", tr("Commune codes, comma-separated (empty: every commune)"),
            optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            "INCLUDE_UNCONFIRMED", tr("Include points not yet confirmed"), False))
        self.addParameter(QgsProcessingParameterBoolean(
            "INCLUDE_OWNER", tr("Print the owner's name and phone (personal data)"), False))
        self.addParameter(QgsProcessingParameterBoolean(
            "MAP", tr("Add an overview map page"), True))
        self.addParameter(QgsProcessingParameterFolderDestination(
            "OUTPUT", tr("Folder for the PDFs")))
        self.addOutput(QgsProcessingOutputNumber("PDFS", tr("PDF files written")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        owner = self.parameterAsBool(parameters, "INCLUDE_OWNER", context)
        data = common.read_session_param(self, parameters, context, personal=owner)
        # diachi_geo.report needs reportlab and segno, optional in QGIS: imported once
        # read_session_param has said which are missing
        from diachi_geo.report import write_handover, write_handovers

        text = self.parameterAsString(parameters, "COMMUNES", context)
        communes = [c.strip() for c in text.split(",") if c.strip()] or None
        folder = self.parameterAsString(parameters, "OUTPUT", context)
        with_map = self.parameterAsBool(parameters, "MAP", context)
        maps = tempfile.mkdtemp(prefix="diachi-maps-")

        def writer(data_, code, out, **kwargs):
            if feedback.isCanceled():
                raise QgsProcessingException(tr("Cancelled."))
            feedback.pushInfo(tr("Commune {}").format(code))
            image = _overview_map(data_, code, os.path.join(maps, f"{code}.png")) \
                if with_map else None
            return write_handover(data_, code, out, map_image=image, **kwargs)

        try:
            entries = write_handovers(
                data, folder, communes=communes,
                include_unconfirmed=self.parameterAsBool(parameters, "INCLUDE_UNCONFIRMED",
                                                         context),
                include_owner=owner, writer=writer)
        except DiachiError as exc:
            raise QgsProcessingException(explain(exc)) from exc
        return {"OUTPUT": folder, "PDFS": len(entries)}


def _overview_map(data, commune: str, out: str) -> str | None:
    """The commune's points by review status over its roads and buildings, rendered by
    QGIS; the extent leaves out the few points collected far away (0,0, swapped...)."""
    mine = np.asarray(data.column("commune_code") == commune)
    lon, lat = data.column("lon")[mine], data.column("lat")[mine]
    ok = np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    if not ok.any():
        return None
    (x0, x1), (y0, y1) = np.percentile(lon[ok], [2, 98]), np.percentile(lat[ok], [2, 98])
    extent = QgsRectangle(x0, y0, max(x1, x0 + 0.001), max(y1, y0 + 0.001))
    extent.scale(1.15)
    points = QgsVectorLayer(f"{data.path}|layername=points", "points", "ogr")
    # the review table holds the normalised commune code of each point
    points.setSubsetString(f"fid IN (SELECT fid FROM review WHERE commune_code = "
                           f"'{commune.replace(chr(39), '')}')")
    style_layer(points, "review_points")
    layers = [points]
    for kind in ("roads", "buildings", "water", "communes"):
        layer = reference_layer(kind, data.references.get(kind))
        if layer is not None:
            layers.append(layer)
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    settings.setOutputSize(QSize(1400, 1400))
    settings.setExtent(extent)
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    job.renderedImage().save(out)
    return out
