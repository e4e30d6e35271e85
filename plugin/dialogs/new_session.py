"""Choose the points and the reference layers of a new review session."""
from __future__ import annotations

import os

from diachi_geo.session.status import STATUS_COLUMN
from qgis.core import Qgis, QgsMapLayerProxyModel, QgsProject, QgsVectorLayer, QgsWkbTypes
from qgis.gui import QgsFileWidget
from qgis.PyQt import uic
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QDialogButtonBox

from ..i18n import language, reference_title, tr
from ..layer_sources import library_source
from ..messagebar import notify
from ..session_tasks import BuildSessionTask, run_task
from ..settings import user_name

FORM, BASE = uic.loadUiType(os.path.join(os.path.dirname(__file__), "new_session.ui"))
KINDS = (("buildings", QgsMapLayerProxyModel.PolygonLayer),
         ("roads", QgsMapLayerProxyModel.LineLayer),
         ("water", QgsMapLayerProxyModel.PolygonLayer),
         ("communes", QgsMapLayerProxyModel.PolygonLayer),
         ("entrances", QgsMapLayerProxyModel.PointLayer))

OUTPUT_FIELDS = ({"check", "severity", "message_code"}, {STATUS_COLUMN})
"""Fields that mark a layer diachi wrote (findings, a session's points): not collected."""


def is_diachi_output(layer: QgsVectorLayer) -> bool:
    names = set(layer.fields().names())
    return any(fields <= names for fields in OUTPUT_FIELDS)


def collected_points(project: QgsProject) -> QgsVectorLayer | None:
    """The first point layer of the layer tree that diachi did not write (not a session's
    Findings or points): the likely collected points; None when there is none."""
    for layer in project.layerTreeRoot().layerOrder():
        if isinstance(layer, QgsVectorLayer) and layer.isValid() and \
                layer.geometryType() == QgsWkbTypes.PointGeometry and \
                not is_diachi_output(layer):
            return layer
    return None


class NewSessionDialog(BASE, FORM):
    created = pyqtSignal(str)  # the new session's path

    def __init__(self, iface, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.iface = iface
        self.pointsCombo.setFilters(QgsMapLayerProxyModel.PointLayer)
        points = collected_points(QgsProject.instance())
        if points is not None:  # else QGIS's first: only diachi's own layers are there
            self.pointsCombo.setLayer(points)
        self.references = {}
        for kind, filters in KINDS:
            getattr(self, f"{kind}Label").setText(reference_title(kind))
            combo = getattr(self, f"{kind}Combo")
            combo.setFilters(filters)
            combo.setAllowEmptyLayer(True)
            combo.setLayer(None)
            self.references[kind] = combo
        self.output.setStorageMode(QgsFileWidget.SaveFile)
        self.output.setFilter(tr("Review session (*.gpkg)"))
        # QDialogButtonBox's own words come only with QGIS's Qt translator: say them here
        self.buttons.button(QDialogButtonBox.Ok).setText(tr("OK"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(tr("Cancel"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        self.task = None

    def start(self) -> None:
        out = self.output.filePath()
        if not out:
            notify(self.iface, tr("Choose where to save the session."), Qgis.Warning)
            return
        if not out.lower().endswith(".gpkg"):
            out += ".gpkg"
        try:
            points = library_source(self.pointsCombo.currentLayer())
            references = {kind: library_source(combo.currentLayer())
                          for kind, combo in self.references.items()
                          if combo.currentLayer() is not None}
        except (ValueError, AttributeError) as exc:
            notify(self.iface, str(exc), Qgis.Critical)
            return
        self.task = BuildSessionTask(points, out, references, user_name(), language())
        self.task.done.connect(lambda ok, message: self._built(ok, message, out))
        run_task(self.task)
        self.accept()

    def _built(self, ok: bool, message: str, out: str) -> None:
        notify(self.iface, message, Qgis.Success if ok else Qgis.Critical)
        if ok:
            self.created.emit(out)
