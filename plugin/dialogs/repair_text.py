"""Repair legacy Vietnamese text (TCVN3, VNI, mojibake) of a layer: a preview of every
change, then a Unicode copy written beside it; the layer itself is never changed."""
from __future__ import annotations

import tempfile

from diachi_geo.errors import DiachiError
from diachi_geo.repair import repair_layer
from qgis.core import Qgis, QgsMapLayerProxyModel, QgsProject, QgsVectorLayer
from qgis.gui import QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from ..i18n import tr
from .new_session import export_layer, file_source

PREVIEW_ROWS = 500


class RepairTextDialog(QDialog):
    def __init__(self, iface, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.setWindowTitle(tr("Repair legacy Vietnamese text"))
        form = QFormLayout(self)
        self.layerCombo = QgsMapLayerComboBox(self)
        self.layerCombo.setFilters(QgsMapLayerProxyModel.VectorLayer)
        form.addRow(tr("Layer"), self.layerCombo)
        self.summary = QLabel(self)
        form.addRow(self.summary)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([tr("Feature"), tr("Field"), tr("Before"),
                                              tr("After"), tr("Encoding")])
        form.addRow(self.table)
        self.output = QgsFileWidget(self)
        self.output.setStorageMode(QgsFileWidget.SaveFile)
        self.output.setFilter("GeoPackage (*.gpkg)")
        form.addRow(tr("Repaired copy"), self.output)
        self.writeButton = QPushButton(tr("Write the repaired copy and add it"), self)
        form.addRow(self.writeButton)
        self.writeButton.clicked.connect(self.write)
        self.layerCombo.layerChanged.connect(self.preview)
        self.source = None
        self.preview()

    def _source(self) -> str | None:
        layer = self.layerCombo.currentLayer()
        if layer is None:
            return None
        return file_source(layer) or export_layer(layer, tempfile.mkdtemp())

    def preview(self, *_args) -> None:
        self.table.setRowCount(0)
        self.source = self._source()
        if self.source is None:
            return
        try:
            result = repair_layer(self.source)
        except DiachiError as exc:
            self.summary.setText(str(exc))
            return
        kinds = ", ".join(f"{k}: {n}" for k, n in result.kinds.items())
        self.summary.setText(tr("{} value(s) to repair ({})").format(
            len(result.changes), kinds) if result.changes else tr("Nothing to repair."))
        self.table.setRowCount(min(len(result.changes), PREVIEW_ROWS))
        for row, change in enumerate(result.changes[:PREVIEW_ROWS]):
            for column, value in enumerate(change):
                self.table.setItem(row, column, QTableWidgetItem(str(value)))
        self.table.resizeColumnsToContents()
        self.writeButton.setEnabled(bool(result.changes))

    def write(self) -> None:
        out = self.output.filePath()
        if not out:
            self.summary.setText(tr("Choose where to write the repaired copy."))
            return
        if not out.lower().endswith(".gpkg"):
            out += ".gpkg"
        try:
            result = repair_layer(self.source, out)
        except DiachiError as exc:
            self.iface.messageBar().pushMessage("Địa chỉ / Diachi", str(exc),
                                                level=Qgis.Critical, duration=0)
            return
        layer = QgsVectorLayer(f"{out}|layername={result.layer}",
                               f"{result.layer} (Unicode)", "ogr")
        QgsProject.instance().addMapLayer(layer)
        self.iface.messageBar().pushMessage(
            "Địa chỉ / Diachi", tr("{} value(s) repaired: {}").format(len(result.changes), out),
            level=Qgis.Success, duration=8)
        self.accept()
