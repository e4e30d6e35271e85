"""The map tool that moves the point under review: click where the gate is.

Snaps to building outlines (vertices and edges) within a few pixels when a buildings
layer is given, so the new location lands exactly on the footprint's wall.
"""
from __future__ import annotations

from qgis.core import QgsPointXY, QgsSnappingConfig, QgsTolerance, QgsVectorLayer
from qgis.gui import QgsMapCanvas, QgsMapCanvasSnappingUtils, QgsMapToolEmitPoint
from qgis.PyQt.QtCore import pyqtSignal

SNAP_PIXELS = 12


class MovePointTool(QgsMapToolEmitPoint):
    """Emits ``chosen(point)`` in the canvas CRS, snapped when a wall is near."""

    chosen = pyqtSignal(QgsPointXY)

    def __init__(self, canvas: QgsMapCanvas, buildings: QgsVectorLayer | None = None):
        super().__init__(canvas)
        self.snapping = None
        if buildings is not None and buildings.isValid():
            self.snapping = QgsMapCanvasSnappingUtils(canvas, self)
            config = QgsSnappingConfig()
            config.setEnabled(True)
            config.setMode(QgsSnappingConfig.AdvancedConfiguration)
            config.setIndividualLayerSettings(buildings, QgsSnappingConfig.IndividualLayerSettings(
                True, QgsSnappingConfig.VertexFlag | QgsSnappingConfig.SegmentFlag,
                SNAP_PIXELS, QgsTolerance.Pixels, 0.0, 0.0))
            self.snapping.setConfig(config)

    def snapped(self, pixel) -> QgsPointXY:
        """The map point for a pixel, on a building outline when one is within reach."""
        if self.snapping is not None:
            match = self.snapping.snapToMap(pixel)
            if match.isValid():
                return QgsPointXY(match.point())
        return self.toMapCoordinates(pixel)

    def canvasReleaseEvent(self, event) -> None:  # noqa: N802 - Qt API name
        self.chosen.emit(self.snapped(event.pos()))
