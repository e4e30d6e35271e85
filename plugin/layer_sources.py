"""A QGIS layer as a source the library reads: its own file when it is a plain file,
else a GeoPackage copy (memory, filtered or database layers)."""
from __future__ import annotations

import os
import tempfile

from qgis.core import QgsProject, QgsProviderRegistry, QgsVectorFileWriter, QgsVectorLayer

__all__ = ["file_source", "export_layer", "library_source"]


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


def library_source(layer: QgsVectorLayer) -> str:
    """The layer's own file, else a copy in a new temporary folder; ValueError when the
    copy cannot be written."""
    return file_source(layer) or export_layer(layer, tempfile.mkdtemp())
