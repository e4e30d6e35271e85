"""The default findings style: colour by check, one colour per duplicate group."""
import subprocess
import sys

from conftest import ROOT, layer_uri
from qgis.core import (
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsSymbolLayer,
    QgsVectorLayer,
)


def test_duplicate_groups_get_one_colour_each(sample, tmp_path):
    findings = tmp_path / "dup.gpkg"
    subprocess.run([sys.executable, "-m", "diachi_geo", "dedupe", layer_uri("points"),
                    "--out", str(findings), "--quiet"], check=True)
    layer = QgsVectorLayer(f"{findings}|layername=findings", "findings", "ogr")
    message, ok = layer.loadNamedStyle(str(ROOT / "styles" / "findings.qml"))
    assert ok, message
    renderer = layer.renderer()
    category = next(c for c in renderer.categories() if c.value() == "duplicate")
    prop = category.symbol().symbolLayer(0).dataDefinedProperties().property(
        QgsSymbolLayer.PropertyFillColor)
    assert prop.isActive()
    colour_of = {}
    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    for feature in layer.getFeatures():
        context.setFeature(feature)
        colour, _ = prop.valueAsColor(context)
        colour_of.setdefault(feature["group_id"], set()).add(colour.name())
    assert len(colour_of) >= 40
    assert all(len(c) == 1 for c in colour_of.values())          # a group is one colour
    distinct = {next(iter(c)) for c in colour_of.values()}
    assert len(distinct) >= 0.8 * len(colour_of)                   # groups look different
