"""Put a review session on the map: its points by status, findings, suggestions and move
lines, and the reference layers it was validated against, in one layer group."""
from __future__ import annotations

import os

from diachi_geo.io import parse_source
from qgis.core import QgsLayerTreeGroup, QgsProject, QgsVectorLayer
from qgis.PyQt import sip

from .i18n import tr

STYLES = os.path.join(os.path.dirname(__file__), "styles")
SESSION_LAYERS = (("points", "review_points"), ("findings", "findings"),
                  ("suggestions", "suggestions"), ("moves", "moves"))
REFERENCE_LAYERS = ("buildings", "roads", "water", "communes")
GROUP_PROPERTY = "diachi/session"
"""The layer tree group's custom property naming the session it shows (its path)."""


def style_layer(layer: QgsVectorLayer, style: str) -> None:
    path = os.path.join(STYLES, f"{style}.qml")
    if os.path.exists(path):
        layer.loadNamedStyle(path)


def load_session_layers(project: QgsProject, path: str, references: dict
                        ) -> tuple[QgsLayerTreeGroup, dict[str, QgsVectorLayer]]:
    """Add the session's layers (top) and its reference layers (below) to ``project``."""
    root = project.layerTreeRoot()
    group = root.insertGroup(0, tr("Review: {}").format(os.path.basename(path)))
    group.setCustomProperty(GROUP_PROPERTY, path)  # found again by this, not by the object
    layers: dict[str, QgsVectorLayer] = {}
    titles = {"points": tr("Points (review status)"), "findings": tr("Findings"),
              "suggestions": tr("Suggested locations"), "moves": tr("Suggested moves")}
    for name, style in SESSION_LAYERS:
        layer = QgsVectorLayer(f"{path}|layername={name}", titles[name], "ogr")
        if layer.isValid():
            layer.setReadOnly(True)  # edits go through the dock, with their audit rows
            style_layer(layer, style)
            project.addMapLayer(layer, False)
            group.addLayer(layer)
            layers[name] = layer
    for kind in REFERENCE_LAYERS:
        layer = reference_layer(kind, references.get(kind))
        if layer is not None:
            project.addMapLayer(layer, False)
            group.addLayer(layer)
            layers[kind] = layer
    return group, layers


def live_layers(layers: dict[str, QgsVectorLayer]) -> dict[str, QgsVectorLayer]:
    """The layers of ``layers`` QGIS has not deleted: clearing the project (Project → New,
    quitting) deletes them under the dock."""
    return {name: layer for name, layer in layers.items() if not sip.isdeleted(layer)}


def remove_session_layers(project: QgsProject, path: str,
                          layers: dict[str, QgsVectorLayer]) -> None:
    """Take the session's ``layers`` and its group off ``project``; what QGIS or the officer
    removed already is left alone."""
    for layer in live_layers(layers).values():
        if project.mapLayer(layer.id()) is not None:
            project.removeMapLayer(layer.id())
    # looked up again: a group QGIS deleted (a cleared project) cannot be asked anything
    groups = [group for group in project.layerTreeRoot().findGroups(True)
              if group.customProperty(GROUP_PROPERTY) == path]
    for group in groups:
        group.parent().removeChildNode(group)


def reference_layer(kind: str, source: str | None) -> QgsVectorLayer | None:
    """A session's reference layer, styled; None when it is not given or has moved."""
    if not source:
        return None
    parsed = parse_source(source)
    if not os.path.exists(parsed.path):
        return None
    uri = parsed.path + (f"|layername={parsed.layer}" if parsed.layer else "")
    layer = QgsVectorLayer(uri, kind, "ogr")
    if not layer.isValid():
        return None
    style_layer(layer, kind)
    return layer
