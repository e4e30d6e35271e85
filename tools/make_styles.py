"""Write the .qml layer styles in styles/ with the QGIS API (run: make styles).

Styles are files applied by path (layer.loadNamedStyle); this script is how they are made,
so a change of colour is a reviewed diff of this file, not hand-edited XML.
"""
from __future__ import annotations

import pathlib
import sys

from qgis.core import (
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProperty,
    QgsRendererCategory,
    QgsSymbolLayer,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont

STYLES = pathlib.Path(__file__).resolve().parents[1] / "styles"
sys.path.insert(0, str(STYLES.parent / "lib"))
from diachi_geo.checks import CHECK_CODES  # noqa: E402
from diachi_geo.messages import check_title  # noqa: E402

GROUP_COLOUR = ("color_hsv((coalesce(to_int(regexp_replace(\"group_id\", '[^0-9]', '')), 0)"
                " * 137) % 360, 80, 85)")
"""Duplicate groups: a hue spread around the colour wheel by the group's keeper id."""

CHECK_STYLE = {  # colour, marker shape
    "invalid_geometry": ("#6a1b9a", "cross2"),
    "null_island": ("#000000", "cross2"),
    "swapped_latlon": ("#ad1457", "diamond"),
    "outside_country": ("#4e342e", "cross2"),
    "outside_commune": ("#e53935", "triangle"),
    "commune_mismatch": ("#f06292", "triangle"),
    "stacked": ("#fb8c00", "square"),
    "duplicate": ("#1e88e5", "circle"),
    "snap": ("#43a047", "circle"),
    "far_from_building": ("#fdd835", "pentagon"),
    "in_water": ("#00acc1", "star"),
    "missing_value": ("#8d6e63", "circle"),
    # the address against the map
    "street_mismatch": ("#5e35b1", "hexagon"),
    "hamlet_outlier": ("#00897b", "pentagon"),
    "house_number_out_of_sequence": ("#f4511e", "square"),
}


def findings_style(path: pathlib.Path) -> None:
    layer = QgsVectorLayer("Point?crs=EPSG:4326&field=check:string", "findings", "memory")
    categories = []
    for code in CHECK_CODES:
        colour, shape = CHECK_STYLE[code]
        # snap proposals are many and mild: small, so the real errors stand out
        symbol = QgsMarkerSymbol.createSimple({
            "name": shape, "color": colour, "size": "1.6" if code == "snap" else "3.2",
            # open shapes (crosses) are drawn by their outline only
            "outline_color": colour if shape.startswith("cross") else "#ffffff",
            "outline_width": "0.6" if shape.startswith("cross") else "0.4"})
        if code == "duplicate":
            # one colour per group: the hue follows the keeper's id in the group id
            symbol.symbolLayer(0).setDataDefinedProperty(
                QgsSymbolLayer.PropertyFillColor, QgsProperty.fromExpression(GROUP_COLOUR))
        categories.append(QgsRendererCategory(code, symbol, f"{check_title(code, 'vi')} / "
                                                            f"{check_title(code, 'en')}"))
    layer.setRenderer(QgsCategorizedSymbolRenderer("check", categories))
    _save(layer, path)


STATUS_STYLE = {  # review status: colour, label vi / en
    "new": ("#90a4ae", "Mới / New"),
    "approved": ("#43a047", "Đã duyệt / Approved"),
    "corrected": ("#1e88e5", "Đã sửa / Corrected"),
    "rejected": ("#e53935", "Loại bỏ / Rejected"),
    "needs_field_check": ("#fb8c00", "Cần kiểm tra thực địa / Needs field check"),
    "confirmed": ("#1b5e20", "Đã xác nhận / Confirmed"),
    "returned": ("#8e24aa", "Trả lại / Returned"),
}


def review_points_style(path: pathlib.Path) -> None:
    """Session points by review status: grey until reviewed, dark green once confirmed."""
    layer = QgsVectorLayer("Point?crs=EPSG:4326&field=review_status:string", "points",
                           "memory")
    categories = [QgsRendererCategory(status, QgsMarkerSymbol.createSimple({
        "name": "circle", "color": colour, "size": "2.2" if status == "new" else "2.6",
        "outline_color": "#ffffff", "outline_width": "0.3"}), label)
        for status, (colour, label) in STATUS_STYLE.items()]
    layer.setRenderer(QgsCategorizedSymbolRenderer("review_status", categories))
    block_labels(layer)
    _save(layer, path)


def block_labels(layer: QgsVectorLayer) -> None:
    """No labels of its own, but other layers' labels keep off its symbols ("Blocking"):
    the review dock centres the map on the point under review, so a label placed at the
    middle of the view would hide it."""
    settings = QgsPalLayerSettings()
    settings.drawLabels = False
    obstacle = settings.obstacleSettings()
    obstacle.setIsObstacle(True)
    obstacle.setFactor(2.0)  # the highest weight: labels go where there is no symbol
    settings.setObstacleSettings(obstacle)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def simple(path: pathlib.Path, geometry: str, props: dict, label: str | None = None,
           *, blocking: bool = False) -> None:
    kind = {"Point": QgsMarkerSymbol, "LineString": QgsLineSymbol, "Polygon": QgsFillSymbol}
    layer = QgsVectorLayer(f"{geometry}?crs=EPSG:4326&field=name:string", path.stem, "memory")
    layer.renderer().setSymbol(kind[geometry].createSimple(props))
    if label:
        settings = QgsPalLayerSettings()
        settings.fieldName = label
        if geometry == "Polygon":
            # anywhere inside the polygon, not only around the centre of its visible part
            # (the middle of the map, where the review dock puts the point under review);
            # with blocking point layers the label moves off the points
            settings.placement = QgsPalLayerSettings.Horizontal
        text = QgsTextFormat()
        text.setFont(QFont("DejaVu Sans"))
        text.setSize(11)
        text.setColor(QColor("#37474f"))
        settings.setFormat(text)
        layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
        layer.setLabelsEnabled(True)
    elif blocking:
        block_labels(layer)
    _save(layer, path)


def _save(layer: QgsVectorLayer, path: pathlib.Path) -> None:
    message, ok = layer.saveNamedStyle(str(path))
    if not ok:
        raise SystemExit(f"could not write {path}: {message}")
    print(path)


def main() -> None:
    app = QgsApplication([], False)
    app.initQgis()
    STYLES.mkdir(exist_ok=True)
    findings_style(STYLES / "findings.qml")
    review_points_style(STYLES / "review_points.qml")
    simple(STYLES / "points.qml", "Point", {"name": "circle", "color": "#263238", "size": "1.4",
                                             "outline_color": "#ffffff", "outline_width": "0.2"})
    simple(STYLES / "buildings.qml", "Polygon", {"color": "#d7ccc8", "outline_color": "#8d6e63",
                                                 "outline_width": "0.15"})
    simple(STYLES / "roads.qml", "LineString", {"line_color": "#a1887f", "line_width": "0.9"})
    simple(STYLES / "water.qml", "Polygon", {"color": "#81d4fa", "outline_color": "#0288d1",
                                             "outline_width": "0.2"})
    simple(STYLES / "communes.qml", "Polygon", {"color": "0,0,0,0", "outline_color": "#5d4037",
                                                "outline_width": "0.6",
                                                "outline_style": "dash"}, label="name")
    simple(STYLES / "suggestions.qml", "Point", {"name": "circle", "color": "#43a047",
                                                  "size": "2.0", "outline_color": "#1b5e20",
                                                  "outline_width": "0.3"}, blocking=True)
    simple(STYLES / "moves.qml", "LineString", {"line_color": "#2e7d32", "line_width": "0.35",
                                                "line_style": "dash"})
    simple(STYLES / "entrances.qml", "Point", {"name": "triangle", "color": "#2e7d32",
                                                "size": "2.2"})


if __name__ == "__main__":
    main()
