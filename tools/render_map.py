"""Render the demo map headless with QGIS: sample layers with findings symbolised by check.

Run with the QGIS venv's python (make demo does):
    python tools/render_map.py --sample sample/sample.gpkg --findings demo-output/findings.gpkg
        --out demo-output/map.png
"""
from __future__ import annotations

import argparse
import os
import pathlib
import sys

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsLayout,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendStyle,
    QgsProject,
    QgsRectangle,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QColor, QFont

ROOT = pathlib.Path(__file__).resolve().parents[1]
STYLES = ROOT / "styles"
TITLE = {"vi": "diachi-geo: kết quả kiểm tra dữ liệu mẫu",
         "en": "diachi-geo: findings on the bundled sample"}


def load(project: QgsProject, uri: str, name: str, style: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(uri, name, "ogr")
    if not layer.isValid():
        raise SystemExit(f"cannot open {uri}")
    message, ok = layer.loadNamedStyle(str(STYLES / f"{style}.qml"))
    if not ok:
        raise SystemExit(f"style {style}.qml: {message}")
    project.addMapLayer(layer, False)
    return layer


def render(sample: str, findings: str, out: str, lang: str) -> None:
    project = QgsProject.instance()
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:32648"))
    names = {"vi": ("Kết quả kiểm tra", "Điểm thu thập", "Lối vào", "Đường", "Công trình",
                    "Sông, hồ", "Ranh giới xã"),
             "en": ("Findings", "Collected points", "Entrances", "Roads", "Buildings", "Water",
                    "Communes")}[lang]
    layers = [load(project, f"{findings}|layername=findings", names[0], "findings")]
    for (layer, style), name in zip((("points", "points"), ("entrances", "entrances"),
                                     ("roads", "roads"), ("buildings", "buildings"),
                                     ("water", "water"), ("communes", "communes")), names[1:]):
        layers.append(load(project, f"{sample}|layername={layer}", name, style))
    root = project.layerTreeRoot()
    for layer in layers:
        root.addLayer(layer)

    layout = QgsLayout(project)
    layout.initializeDefaults()
    page = layout.pageCollection().page(0)
    page.setPageSize(QgsLayoutSize(297, 210, QgsUnitTypes.LayoutMillimeters))
    title = QgsLayoutItemLabel(layout)
    title.setText(TITLE[lang])
    title.setFont(QFont("DejaVu Sans", 16))
    title.attemptMove(QgsLayoutPoint(8, 5, QgsUnitTypes.LayoutMillimeters))
    title.attemptResize(QgsLayoutSize(200, 10, QgsUnitTypes.LayoutMillimeters))
    layout.addLayoutItem(title)
    item = QgsLayoutItemMap(layout)
    item.attemptMove(QgsLayoutPoint(8, 17, QgsUnitTypes.LayoutMillimeters))
    item.attemptResize(QgsLayoutSize(180, 186, QgsUnitTypes.LayoutMillimeters))
    item.setCrs(QgsCoordinateReferenceSystem("EPSG:32648"))
    item.setLayers(layers)
    item.setBackgroundColor(QColor("#eef2e6"))
    extent = QgsRectangle(layers[-1].extent())   # the communes, in their own CRS
    from qgis.core import QgsCoordinateTransform
    transform = QgsCoordinateTransform(layers[-1].crs(), item.crs(), project)
    extent = transform.transformBoundingBox(extent)
    extent.scale(1.05)
    layout.addLayoutItem(item)
    item.setExtent(extent)
    legend = QgsLayoutItemLegend(layout)
    legend.setLinkedMap(item)
    legend.setTitle("")
    for style in (QgsLegendStyle.SymbolLabel, QgsLegendStyle.Subgroup):
        legend.setStyleFont(style, QFont("DejaVu Sans", 8))
    legend.attemptMove(QgsLayoutPoint(192, 17, QgsUnitTypes.LayoutMillimeters))
    layout.addLayoutItem(legend)
    scale = QgsLayoutItemScaleBar(layout)
    scale.setStyle("Single Box")
    scale.setLinkedMap(item)
    scale.applyDefaultSize()
    scale.attemptMove(QgsLayoutPoint(12, 190, QgsUnitTypes.LayoutMillimeters))
    layout.addLayoutItem(scale)
    exporter = QgsLayoutExporter(layout)
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = 110
    settings.appendGeoreference = False   # GDAL cannot update a PNG in place
    settings.exportMetadata = False
    temp = out + ".part.png"
    result = exporter.exportToImage(temp, settings)
    if result != QgsLayoutExporter.Success:
        raise SystemExit(f"map export failed ({result})")
    os.replace(temp, out)
    print(f"map: {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", required=True)
    parser.add_argument("--findings", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--lang", choices=("vi", "en"))
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "lib"))
    from diachi_geo.messages import default_language

    app = QgsApplication([], False)
    app.initQgis()
    render(args.sample, args.findings, args.out, args.lang or default_language())


if __name__ == "__main__":
    main()
