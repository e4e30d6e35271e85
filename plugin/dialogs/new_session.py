"""Choose the points and the reference layers of a new review session."""
from __future__ import annotations

import os
import tempfile

from qgis.core import (
    Qgis,
    QgsMapLayerProxyModel,
    QgsProject,
    QgsProviderRegistry,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.gui import QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QFormLayout

from ..i18n import language, reference_title, tr
from ..session_tasks import BuildSessionTask, run_task

KINDS = (("buildings", QgsMapLayerProxyModel.PolygonLayer),
         ("roads", QgsMapLayerProxyModel.LineLayer),
         ("water", QgsMapLayerProxyModel.PolygonLayer),
         ("communes", QgsMapLayerProxyModel.PolygonLayer),
         ("entrances", QgsMapLayerProxyModel.PointLayer))


def file_source(layer: QgsVectorLayer | None) -> str | None:
    """``PATH|layername=NAME`` of a layer read straight from a file, else None."""
    if layer is None or layer.providerType() != "ogr" or layer.subsetString():
        return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path = parts.get("path")
    if not path or not os.path.isfile(path):
        return None
    name = parts.get("layerName")
    return f"{path}|layername={name}" if name else path


def export_layer(layer: QgsVectorLayer, folder: str) -> str:
    """A GeoPackage copy of a layer that is not a plain file (memory, filtered, database)."""
    path = os.path.join(folder, "points.gpkg")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName, options.layerName = "GPKG", "points"
    error, message, *_ = QgsVectorFileWriter.writeAsVectorFormatV3(
        layer, path, QgsProject.instance().transformContext(), options)
    if error != QgsVectorFileWriter.NoError:
        raise ValueError(message)
    return f"{path}|layername=points"


class NewSessionDialog(QDialog):
    created = pyqtSignal(str)  # the new session's path

    def __init__(self, iface, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.setWindowTitle(tr("New review session"))
        form = QFormLayout(self)
        self.points = QgsMapLayerComboBox(self)
        self.points.setFilters(QgsMapLayerProxyModel.PointLayer)
        form.addRow(tr("Collected points"), self.points)
        self.references = {}
        for kind, filters in KINDS:
            combo = QgsMapLayerComboBox(self)
            combo.setFilters(filters)
            combo.setAllowEmptyLayer(True)
            combo.setLayer(None)
            form.addRow(reference_title(kind), combo)
            self.references[kind] = combo
        self.output = QgsFileWidget(self)
        self.output.setStorageMode(QgsFileWidget.SaveFile)
        self.output.setFilter(tr("Review session (*.gpkg)"))
        form.addRow(tr("Session file"), self.output)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.task = None

    def start(self) -> None:
        from ..dialogs.review_dock import ReviewDock

        out = self.output.filePath()
        if not out:
            self.iface.messageBar().pushMessage("Địa chỉ / Diachi",
                                                tr("Choose where to save the session."),
                                                level=Qgis.Warning, duration=5)
            return
        if not out.lower().endswith(".gpkg"):
            out += ".gpkg"
        layer = self.points.currentLayer()
        try:
            points = file_source(layer) or export_layer(layer, tempfile.mkdtemp())
            references = {}
            for kind, combo in self.references.items():
                ref = combo.currentLayer()
                if ref is not None:
                    references[kind] = file_source(ref) or export_layer(ref, tempfile.mkdtemp())
        except (ValueError, AttributeError) as exc:
            self.iface.messageBar().pushMessage("Địa chỉ / Diachi", str(exc),
                                                level=Qgis.Critical, duration=0)
            return
        self.task = BuildSessionTask(points, out, references, ReviewDock.user_name(),
                                     language())
        self.task.done.connect(lambda ok, message: self._built(ok, message, out))
        run_task(self.task)
        self.accept()

    def _built(self, ok: bool, message: str, out: str) -> None:
        level = Qgis.Success if ok else Qgis.Critical
        self.iface.messageBar().pushMessage("Địa chỉ / Diachi", message, level=level,
                                            duration=8 if ok else 0)
        if ok:
            self.created.emit(out)
