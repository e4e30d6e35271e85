"""A QGIS Server project with an empty WFS-T point layer ``addresses`` (and ``health``, a
sector layer), standing in for the national map service. Run: python3 make_wfst_project.py DIR"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
)

FIELDS = ("diachi_id", "name", "category", "address", "commune_code", "digital_code",
          "owner_phone")
out = os.path.abspath(sys.argv[1])
app = QgsApplication([], False)
app.initQgis()
project = QgsProject.instance()
project.setCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
gpkg = os.path.join(out, "service.gpkg")
ids = []
for index, name in enumerate(("addresses", "health")):
    fields = "&".join(f"field={f}:string(254)" for f in FIELDS)
    memory = QgsVectorLayer(f"Point?crs=EPSG:4326&{fields}", name, "memory")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName, options.layerName = "GPKG", name
    if index:
        options.actionOnExistingFile = QgsVectorFileWriter.CreateOrOverwriteLayer
    error = QgsVectorFileWriter.writeAsVectorFormatV2(memory, gpkg,
                                                     QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.NoError, error
    layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
    assert layer.isValid()
    project.addMapLayer(layer)
    ids.append(layer.id())
project.writeEntry("WMSServiceCapabilities", "/", True)
project.writeEntry("WMSExtent", "/", ["102", "8", "110", "24"])
project.writeEntry("WMSCrsList", "/", ["EPSG:4326"])
project.writeEntry("WFSLayers", "/", ids)
for operation in ("Insert", "Update", "Delete"):
    project.writeEntry("WFSTLayers", operation, ids)
for layer_id in ids:
    project.writeEntry("WFSLayersPrecision", "/" + layer_id, 8)
assert project.write(os.path.join(out, "service.qgs"))
