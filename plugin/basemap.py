"""Satellite imagery under the points: a few well-known XYZ services, the office's own
tile URL, or an offline GeoTIFF / MBTiles / GeoPackage raster for weak connections."""
from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass

from qgis.core import QgsProject, QgsRasterLayer

from .i18n import tr

__all__ = ["Basemap", "PRESETS", "xyz_uri", "tile_url", "add_basemap", "add_offline_basemap"]


@dataclass(frozen=True)
class Basemap:
    key: str
    name: str
    url: str
    attribution: str
    zmax: int = 19


PRESETS = (
    Basemap("esri", "Esri World Imagery",
            "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/"
            "tile/{z}/{y}/{x}", "Esri, Maxar, Earthstar Geographics"),
    Basemap("google", "Google Satellite", "https://mt1.google.com/vt/lyrs=s&x={x}&y={y}&z={z}",
            "Imagery © Google", 20),
    Basemap("bing", "Bing Aerial", "https://ecn.t3.tiles.virtualearth.net/tiles/a{q}.jpeg?g=1",
            "© Microsoft", 19),
)
"""Check each service's terms of use; an office can set its own (e.g. national) URL."""


def xyz_uri(url: str, zmin: int = 0, zmax: int = 19) -> str:
    """The XYZ provider URI; the tile URL is one parameter, so it is percent-encoded
    whole (else a ``&token=`` in it would be read as a separate parameter and lost)."""
    return f"type=xyz&url={urllib.parse.quote(url, safe='')}&zmax={zmax}&zmin={zmin}"


def tile_url(url: str, z: int, x: int, y: int) -> str:
    """The URL of one tile of the XYZ template ``url`` ({z} {x} {y} {-y} {q})."""
    quadkey = "".join(str((x >> i & 1) + 2 * (y >> i & 1)) for i in range(z - 1, -1, -1))
    for key, value in (("{z}", z), ("{x}", x), ("{y}", y), ("{-y}", 2 ** z - 1 - y),
                       ("{q}", quadkey)):
        url = url.replace(key, str(value))
    return url


def add_basemap(project: QgsProject, basemap: Basemap) -> QgsRasterLayer:
    """Add an XYZ imagery layer at the bottom of the layer tree, attribution set."""
    layer = QgsRasterLayer(xyz_uri(basemap.url, zmax=basemap.zmax), basemap.name, "wms")
    return _add_under(project, layer, basemap.attribution)


def add_offline_basemap(project: QgsProject, path: str) -> QgsRasterLayer:
    """Add a local imagery file (GeoTIFF, MBTiles, GeoPackage raster)."""
    if not os.path.isfile(path):
        raise ValueError(tr("The imagery file {} does not exist.").format(path))
    name = os.path.splitext(os.path.basename(path))[0]
    if path.lower().endswith(".mbtiles"):  # the tile pyramid directly: fast for big files
        layer = QgsRasterLayer(f"type=mbtiles&url=file://{urllib.parse.quote(path)}", name,
                               "wms")
    else:
        layer = QgsRasterLayer(path, name, "gdal")
    return _add_under(project, layer, "")


def _add_under(project: QgsProject, layer: QgsRasterLayer, attribution: str) -> QgsRasterLayer:
    if not layer.isValid():
        raise ValueError(tr("The imagery layer {} could not be opened: {}").format(
            layer.name(), layer.error().summary() or layer.source()))
    if attribution:
        layer.setAttribution(attribution)
    project.addMapLayer(layer, False)
    root = project.layerTreeRoot()
    root.insertLayer(len(root.children()), layer)
    return layer
