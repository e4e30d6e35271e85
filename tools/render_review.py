"""Satellite-like imagery of the sample, for the review dock's tests and screenshot.

Run with the QGIS venv's python:
    render_review.py tiles --sample sample/sample.gpkg --out TILE_FOLDER
        renders XYZ tiles of the sample (vegetation, roofs, roads, water), so that the tests
        and the README's screenshot (tests/qgis/test_desktop_walk.py, `make screenshot`)
        never need the internet.

``DockIface`` stands in for QGIS's interface when the dock runs in a window of our own
(the benchmark's review steps).
"""
from __future__ import annotations

import argparse
import math
import pathlib
import random

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProperty,
    QgsRectangle,
    QgsSymbolLayer,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor, QImage, QPainter

ZOOMS = (16, 17)
MARGIN = 1
"""Tiles around the sample's extent: a map centred on a point at its edge is covered too."""
EARTH = 20037508.342789244


def tile_bounds(z: int, x: int, y: int) -> QgsRectangle:
    size = 2 * EARTH / 2 ** z
    return QgsRectangle(-EARTH + x * size, EARTH - (y + 1) * size, -EARTH + (x + 1) * size,
                        EARTH - y * size)


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def satellite_layers(sample: str) -> list[QgsVectorLayer]:
    """Sample layers drawn like imagery: grey-brown roofs of varied tone, roads, water."""
    roofs = QgsVectorLayer(f"{sample}|layername=buildings", "roofs", "ogr")
    symbol = QgsFillSymbol.createSimple({"color": "#9e8f80", "outline_color": "#5d5348",
                                         "outline_width": "0.3"})
    symbol.symbolLayer(0).setDataDefinedProperty(QgsSymbolLayer.PropertyFillColor,
        QgsProperty.fromExpression("color_hsv((@id * 47) % 40 + 10, (@id * 13) % 30 + 10, "
                                   "(@id * 29) % 35 + 50)"))
    roofs.renderer().setSymbol(symbol)
    roads = QgsVectorLayer(f"{sample}|layername=roads", "roads", "ogr")
    roads.renderer().setSymbol(QgsLineSymbol.createSimple({"line_color": "#b8b2a6",
                                                           "line_width": "2.4"}))
    water = QgsVectorLayer(f"{sample}|layername=water", "water", "ogr")
    water.renderer().setSymbol(QgsFillSymbol.createSimple({"color": "#2f4f4f",
                                                           "outline_style": "no"}))
    return [roofs, roads, water]


def make_tiles(sample: str, out: pathlib.Path) -> int:
    layers = satellite_layers(sample)
    extent = layers[0].extent()
    rng = random.Random(7)
    count = 0
    for z in ZOOMS:
        x0, y0 = tile_of(extent.xMinimum(), extent.yMaximum(), z)
        x1, y1 = tile_of(extent.xMaximum(), extent.yMinimum(), z)
        for x in range(x0 - MARGIN, x1 + 1 + MARGIN):
            for y in range(y0 - MARGIN, y1 + 1 + MARGIN):
                image = QImage(256, 256, QImage.Format_RGB32)
                image.fill(QColor("#56663a"))
                painter = QPainter(image)
                for _ in range(90):  # fields and trees: patches of greens and browns
                    painter.fillRect(rng.randrange(256), rng.randrange(256), rng.randrange(8, 60),
                                     rng.randrange(8, 60), QColor.fromHsv(
                                         rng.randrange(50, 95), rng.randrange(60, 140),
                                         rng.randrange(70, 130)))
                settings = QgsMapSettings()
                settings.setLayers(layers)
                settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
                settings.setOutputSize(QSize(256, 256))
                settings.setExtent(tile_bounds(z, x, y))
                settings.setBackgroundColor(QColor(0, 0, 0, 0))
                job = QgsMapRendererParallelJob(settings)
                job.start()
                job.waitForFinished()
                painter.drawImage(0, 0, job.renderedImage())
                painter.end()
                folder = out / str(z) / str(x)
                folder.mkdir(parents=True, exist_ok=True)
                image.save(str(folder / f"{y}.png"))
                count += 1
    return count


class DockIface:
    """The few QgisInterface calls the dock makes, for a window of our own."""

    def __init__(self, window, canvas):
        from qgis.gui import QgsMessageBar

        self.window, self.canvas, self.bar = window, canvas, QgsMessageBar()

    def mainWindow(self):  # noqa: N802 - QGIS API names
        return self.window

    def mapCanvas(self):  # noqa: N802
        return self.canvas

    def messageBar(self):  # noqa: N802
        return self.bar


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    t = sub.add_parser("tiles")
    t.add_argument("--sample", required=True)
    t.add_argument("--out", required=True)
    args = parser.parse_args()
    app = QgsApplication([], True)
    app.initQgis()
    print(f"{make_tiles(args.sample, pathlib.Path(args.out))} tiles in {args.out}")
    app.exitQgis()


if __name__ == "__main__":
    main()
