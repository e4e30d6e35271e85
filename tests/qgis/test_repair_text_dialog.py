"""The plugin's legacy-text repair: a preview of the conversions of a TCVN3 Shapefile, then a
Unicode copy added to the project; the Shapefile itself is untouched."""
from __future__ import annotations

import hashlib

import numpy as np
import pyogrio.raw
import shapely
from qgis.core import QgsProject, QgsVectorLayer


def test_preview_then_write_a_unicode_copy(plugin, qgis_iface, tmp_path):
    from diachi.dialogs.repair_text import RepairTextDialog

    shp = tmp_path / "old.shp"
    pyogrio.raw.write(str(shp), geometry=shapely.to_wkb(shapely.points([105.7] * 3,
                                                                       [19.7] * 3)),
                      field_data=[np.arange(3), np.array(["Tr\xadêng häc", "Chî Th¸i",
                                                          "Shop 24h"], dtype=object)],
                      fields=["id", "ten"], crs="EPSG:4326", geometry_type="Point",
                      driver="ESRI Shapefile", encoding="cp1252")
    digest = hashlib.sha256(shp.with_suffix(".dbf").read_bytes()).hexdigest()
    layer = QgsVectorLayer(str(shp), "old", "ogr")
    QgsProject.instance().addMapLayer(layer)
    dialog = RepairTextDialog(qgis_iface)
    dialog.layerCombo.setLayer(layer)
    dialog.preview()
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 3).text() == "Trường học"
    dialog.output.setFilePath(str(tmp_path / "new.gpkg"))
    dialog.writeButton.click()
    added = QgsProject.instance().mapLayersByName("old (Unicode)")[0]
    assert [f["ten"] for f in added.getFeatures()] == ["Trường học", "Chợ Thái", "Shop 24h"]
    assert hashlib.sha256(shp.with_suffix(".dbf").read_bytes()).hexdigest() == digest
    QgsProject.instance().removeAllMapLayers()
