"""Repair legacy Vietnamese text (TCVN3, VNI, mojibake) of a layer: a preview of every
change, then a Unicode copy written beside it; the layer itself is never changed."""
from __future__ import annotations

import os

from diachi_geo.errors import DiachiError
from diachi_geo.repair import repair_layer
from qgis.core import Qgis, QgsMapLayerProxyModel, QgsProject, QgsVectorLayer
from qgis.gui import QgsFileWidget
from qgis.PyQt import uic
from qgis.PyQt.QtWidgets import QTableWidgetItem

from ..i18n import explain, tr
from ..layer_sources import library_source
from ..messagebar import notify

FORM, BASE = uic.loadUiType(os.path.join(os.path.dirname(__file__), "repair_text.ui"))
PREVIEW_ROWS = 500


class RepairTextDialog(BASE, FORM):
    def __init__(self, iface, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.iface = iface
        self.layerCombo.setFilters(QgsMapLayerProxyModel.VectorLayer)
        self.output.setStorageMode(QgsFileWidget.SaveFile)
        self.output.setFilter("GeoPackage (*.gpkg)")
        self.writeButton.clicked.connect(self.write)
        self.layerCombo.layerChanged.connect(self.preview)
        self.source = None
        self.preview()

    def _source(self) -> str | None:
        layer = self.layerCombo.currentLayer()
        return None if layer is None else library_source(layer)

    def preview(self, *_args) -> None:
        self.table.setRowCount(0)
        self.source = self._source()
        if self.source is None:
            return
        try:
            result = repair_layer(self.source)
        except DiachiError as exc:
            self.summary.setText(explain(exc))
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
            notify(self.iface, explain(exc), Qgis.Critical)
            return
        layer = QgsVectorLayer(f"{out}|layername={result.layer}",
                               f"{result.layer} (Unicode)", "ogr")
        QgsProject.instance().addMapLayer(layer)
        notify(self.iface, tr("{} value(s) repaired: {}").format(len(result.changes), out),
               Qgis.Success)
        self.accept()
