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


def _add_inset(layout: QgsLayout, layers: list, overview: QgsLayoutItemMap) -> None:
    """A close-up of the busiest street: buildings, points, suggestions and move lines."""
    from qgis.core import QgsCoordinateTransform, QgsFeatureRequest, QgsPointXY

    moves = layers[2]
    features = moves.getFeatures(QgsFeatureRequest().setLimit(2000))
    centres = [f.geometry().centroid().asPoint() for f in features if f.hasGeometry()]
    if not centres:
        return
    # the move with the most other moves within 60 m
    best = max(centres, key=lambda c: sum(c.sqrDist(o) < 0.0006 ** 2 for o in centres))
    transform = QgsCoordinateTransform(moves.crs(), overview.crs(), QgsProject.instance())
    centre = transform.transform(QgsPointXY(best))
    inset = QgsLayoutItemMap(layout)
    inset.attemptMove(QgsLayoutPoint(192, 122, QgsUnitTypes.LayoutMillimeters))
    inset.attemptResize(QgsLayoutSize(98, 86, QgsUnitTypes.LayoutMillimeters))
    inset.setCrs(overview.crs())
    inset.setLayers(layers)
    inset.setBackgroundColor(QColor("#eef2e6"))
    inset.setFrameEnabled(True)
    layout.addLayoutItem(inset)
    inset.setExtent(QgsRectangle(centre.x() - 45, centre.y() - 39.5, centre.x() + 45,
                                 centre.y() + 39.5))


def render(sample: str, findings: str, out: str, lang: str) -> None:
    project = QgsProject.instance()
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:32648"))
    names = {"vi": ("Kết quả kiểm tra", "Vị trí đề xuất", "Đường dời điểm", "Điểm thu thập",
                    "Lối vào", "Đường", "Công trình", "Sông, hồ", "Ranh giới xã"),
             "en": ("Findings", "Suggested locations", "Moves", "Collected points", "Entrances",
                    "Roads", "Buildings", "Water", "Communes")}[lang]
    layers = [load(project, f"{findings}|layername={name}", title, name) for name, title in
              zip(("findings", "suggestions", "moves"), names)]
    for (layer, style), name in zip((("points", "points"), ("entrances", "entrances"),
                                     ("roads", "roads"), ("buildings", "buildings"),
                                     ("water", "water"), ("communes", "communes")), names[3:]):
        layers.append(load(project, f"{sample}|layername={layer}", name, style))
    root = project.layerTreeRoot()
    for layer in layers:
        root.addLayer(layer)

    layout = QgsLayout(project)
    layout.initializeDefaults()
    page = layout.pageCollection().page(0)
    page.setPageSize(QgsLayoutSize(297, 215, QgsUnitTypes.LayoutMillimeters))
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
    legend.setAutoUpdateModel(False)
    tree = legend.model().rootGroup()
    for layer in layers[4:]:          # the base layers explain themselves on the map
        tree.removeLayer(layer)
    for style in (QgsLegendStyle.SymbolLabel, QgsLegendStyle.Subgroup):
        legend.setStyleFont(style, QFont("DejaVu Sans", 8))
    legend.attemptMove(QgsLayoutPoint(192, 17, QgsUnitTypes.LayoutMillimeters))
    layout.addLayoutItem(legend)
    _add_inset(layout, layers, item)
    scale = QgsLayoutItemScaleBar(layout)
    scale.setStyle("Single Box")
    scale.setLinkedMap(item)
    scale.applyDefaultSize()
    scale.attemptMove(QgsLayoutPoint(12, 190, QgsUnitTypes.LayoutMillimeters))
    layout.addLayoutItem(scale)
    # render the page to an image and save it ourselves: exportToImage would also try to
    # georeference the PNG through GDAL, which cannot update a PNG in place
    image = QgsLayoutExporter(layout).renderPageToImage(0, dpi=110)
    temp = out + ".part.png"
    if image.isNull() or not image.save(temp, "PNG"):
        raise SystemExit(f"map export to {out} failed")
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
