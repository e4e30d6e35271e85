"""What the review dock draws on the map canvas: the point under review, where the reviewer
moved it from, the suggested location; centring on the point; the move tool.

Canvas items only (markers and rubber bands), so nothing here changes a layer or the
project.
"""
from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsWkbTypes,
)
from qgis.gui import QgsMapCanvas, QgsRubberBand, QgsVertexMarker
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QObject, Qt, QVariantAnimation, pyqtSignal
from qgis.PyQt.QtGui import QColor

from .maptools import MovePointTool

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
CURRENT_COLOUR, BEFORE_COLOUR, SUGGESTED_COLOUR = "#d32f2f", "#ef6c00", "#2e7d32"
MARKER_SIZE, MARKER_PEN = 14, 3
"""Pixels: the markers' icon size and line width."""
REVIEW_SCALES, DEFAULT_SCALE = (100.0, 50000.0), 1500.0
"""The scales (denominators) a review happens at (a map left at 1:27 million is not one),
and the one of a first review."""


class ReviewMap(QObject):
    """Markers and lines of one point on ``canvas``; ``moved`` gives the longitude and
    latitude the officer clicked with the move tool."""

    moved = pyqtSignal(float, float)

    def __init__(self, canvas: QgsMapCanvas, parent: QObject | None = None):
        super().__init__(parent)
        self.canvas = canvas
        self.animation: QVariantAnimation | None = None
        self.move_tool: MovePointTool | None = None
        self.previous_tool = None
        self.band = QgsRubberBand(canvas, QgsWkbTypes.LineGeometry)
        self.band.setColor(QColor(46, 125, 50, 220))
        self.band.setWidth(2)
        self.moved_band = QgsRubberBand(canvas, QgsWkbTypes.LineGeometry)
        self.moved_band.setColor(QColor(239, 108, 0, 220))
        self.moved_band.setWidth(2)
        self.moved_band.setLineStyle(Qt.DashLine)
        self.markers: list[QgsVertexMarker] = []
        self.pending_scale: float | None = None  # the next pan also zooms to it (opening)

    def to_canvas(self) -> QgsCoordinateTransform:
        """Longitude/latitude to the canvas CRS."""
        return QgsCoordinateTransform(WGS84, self.canvas.mapSettings().destinationCrs(),
                                      QgsProject.instance())

    def clear(self) -> None:
        """Take the markers and lines off the canvas; nothing to do when QGIS has deleted the
        canvas and its items already (quitting)."""
        markers, self.markers = self.markers, []
        if sip.isdeleted(self.band) or sip.isdeleted(self.moved_band):
            return
        self.band.reset(QgsWkbTypes.LineGeometry)
        self.moved_band.reset(QgsWkbTypes.LineGeometry)
        for marker in markers:
            if not sip.isdeleted(marker):
                self.canvas.scene().removeItem(marker)

    def draw(self, record, original: tuple[float, float] | None, *, glide: bool) -> None:
        """The point, the reviewer's move from ``original`` (longitude, latitude) and the
        open suggestion; then centre the map on the point."""
        if record.x != record.x:  # no location (NaN): nothing to draw or pan to
            return
        transform = self.to_canvas()
        here = transform.transform(QgsPointXY(record.x, record.y))
        self.markers.append(self.marker(here, QgsVertexMarker.ICON_CIRCLE, CURRENT_COLOUR))
        if original is not None:  # the checker sees the reviewer's move: from here to there
            before = transform.transform(QgsPointXY(*original))
            self.moved_band.setToGeometry(QgsGeometry.fromPolylineXY([before, here]), None)
            self.markers.append(self.marker(before, QgsVertexMarker.ICON_X, BEFORE_COLOUR))
        suggestion = record.suggestion()
        if suggestion is not None and record.review["decision"] != "corrected":
            there = transform.transform(QgsPointXY(suggestion["suggested_x"],
                                                   suggestion["suggested_y"]))
            self.band.setToGeometry(QgsGeometry.fromPolylineXY([here, there]), None)
            self.markers.append(self.marker(there, QgsVertexMarker.ICON_BOX, SUGGESTED_COLOUR))
        self.pan_to(here, glide=glide)

    def marker(self, point: QgsPointXY, icon: int, colour: str) -> QgsVertexMarker:
        marker = QgsVertexMarker(self.canvas)
        marker.setCenter(point)
        marker.setIconType(icon)
        marker.setColor(QColor(colour))
        marker.setIconSize(MARKER_SIZE)
        marker.setPenWidth(MARKER_PEN)
        return marker

    def pan_to(self, point: QgsPointXY, *, glide: bool) -> None:
        """Centre the map on ``point`` at the officer's zoom level; glide when it is near."""
        if self.animation is not None:
            self.animation.stop()
        canvas = self.canvas
        extent = canvas.extent()
        if extent.isEmpty() or self.pending_scale:  # a new project's canvas has no extent
            scale, self.pending_scale = self.pending_scale or DEFAULT_SCALE, None
            canvas.setExtent(QgsRectangle(point.x() - 1, point.y() - 1, point.x() + 1,
                                          point.y() + 1))
            canvas.zoomScale(scale)
            canvas.refresh()
            return
        start = canvas.center()
        near = abs(point.x() - start.x()) < 3 * extent.width() and \
            abs(point.y() - start.y()) < 3 * extent.height()
        if not (glide and near):
            canvas.setCenter(point)
            canvas.refresh()
            return
        self.animation = QVariantAnimation(self)
        self.animation.setDuration(180)
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        self.animation.valueChanged.connect(lambda t: canvas.setCenter(QgsPointXY(
            start.x() + (point.x() - start.x()) * t, start.y() + (point.y() - start.y()) * t)))
        self.animation.finished.connect(canvas.refresh)
        self.animation.start()

    def review_scale(self, scale: float | None = None) -> float | None:
        """``scale`` (by default the map's) when a review happens at it, else None."""
        if scale is None and sip.isdeleted(self.canvas):
            return None
        scale = self.canvas.scale() if scale is None else float(scale)
        return scale if REVIEW_SCALES[0] <= scale <= REVIEW_SCALES[1] else None

    def zoom_to(self, record) -> None:
        """Close in on the point (1:500)."""
        if record is None or record.x != record.x:
            return
        self.canvas.setCenter(self.to_canvas().transform(QgsPointXY(record.x, record.y)))
        self.canvas.zoomScale(500)
        self.canvas.refresh()

    def set_move_tool(self, on: bool, buildings=None) -> None:
        """Switch the move tool on (snapping to ``buildings``' walls) or back off."""
        if on and self.move_tool is None:
            self.move_tool = MovePointTool(self.canvas, buildings)
            self.move_tool.chosen.connect(self._chosen)
            self.previous_tool = self.canvas.mapTool()
            self.canvas.setMapTool(self.move_tool)
        elif not on and self.move_tool is not None:
            self.canvas.unsetMapTool(self.move_tool)
            if self.previous_tool is not None:
                self.canvas.setMapTool(self.previous_tool)
            self.move_tool = None

    def _chosen(self, point: QgsPointXY) -> None:
        lonlat = self.to_canvas().transform(point, QgsCoordinateTransform.ReverseTransform)
        self.set_move_tool(False)
        self.moved.emit(lonlat.x(), lonlat.y())
