"""Find an address point from QGIS's search bar (prefix ``dc``, or none): by its digital
address code, its name or its detailed address, typed with or without tone marks.

QGIS runs a locator filter's ``fetchResults`` on a worker thread, so the search never
touches a layer: it searches the indexes :class:`~.locator_index.LayerIndexes` builds in
the background (when a layer is added or its data change). While a layer is being indexed
the search says so in one line, waits for it and then shows its results too.
"""
from __future__ import annotations

import time

from qgis.core import (
    Qgis,
    QgsCoordinateTransform,
    QgsCsException,
    QgsLocatorFilter,
    QgsLocatorResult,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)

from .i18n import tr
from .locator_index import LayerIndex, LayerIndexes
from .messagebar import notify
from .settings import offer_locator_prefix

NAME = "diachi_points"
NATIVE_PREFIX = "diachi"
"""The filter's own prefix; ``dc`` (:data:`~.settings.LOCATOR_PREFIX`) is set as the user's
choice, since QGIS ignores a plugin's own prefix under three letters."""
RESULTS_PER_LAYER = 20
ZOOM_SCALE = 1000
"""The scale a found point is shown at, when the map is farther out than that."""


class AddressLocatorFilter(QgsLocatorFilter):
    """``dc`` in QGIS's search bar: the address points of every loaded points layer (the
    review session's included) whose code, name or address match what is typed."""

    WAIT_STEP_S = 0.05
    """How often a search waiting for an index looks whether it is ready."""

    def __init__(self, iface, indexes: LayerIndexes):
        super().__init__()
        self.iface = iface
        self.indexes = indexes

    def clone(self) -> AddressLocatorFilter:
        return AddressLocatorFilter(self.iface, self.indexes)

    def name(self) -> str:
        return NAME

    def displayName(self) -> str:  # noqa: N802 - QGIS API name
        return tr("Address points (digital code, name, address)")

    def prefix(self) -> str:
        return NATIVE_PREFIX

    def priority(self):
        return QgsLocatorFilter.High

    def prepare(self, string: str, context) -> list:
        """Main thread, before each search: start indexing the layers changed since."""
        self.indexes.refresh()
        return []

    def fetchResults(self, string: str, context, feedback) -> None:  # noqa: N802
        """Worker thread: search the indexes that are ready; while others are being built,
        say so, wait for them (until the search is cancelled) and search them too. No
        layer is touched here."""
        if not string.strip():
            return
        searched: set[str] = set()
        said = False
        while not feedback.isCanceled():
            waiting = self.indexes.pending()    # before the snapshot: none is missed
            for entry in self.indexes.snapshot():
                if entry.layer_id not in searched and not feedback.isCanceled():
                    searched.add(entry.layer_id)
                    self._emit_hits(entry, string)
            if not waiting or self.indexes.closed:
                return
            if not said:
                said = True
                self.resultFetched.emit(self._indexing_result())
            time.sleep(self.WAIT_STEP_S)

    def _emit_hits(self, entry: LayerIndex, string: str) -> None:
        for hit in entry.index.search(string, limit=RESULTS_PER_LAYER):
            result = QgsLocatorResult(self, entry.label(hit.row),
                                      {"layer": entry.layer_id,
                                       "fid": int(entry.fids[hit.row])})
            result.group = entry.title
            result.score = min(hit.score / 5.0, 1.0)
            self.resultFetched.emit(result)

    def _indexing_result(self) -> QgsLocatorResult:
        """The line shown while layers are being indexed (choosing it does nothing)."""
        result = QgsLocatorResult(
            self, tr("Indexing address points… results appear when it is done"),
            {"indexing": True})
        result.description = ", ".join(self.indexes.pending())
        result.score = 1.0
        return result

    def triggerResult(self, result) -> None:  # noqa: N802 - QGIS API name
        data = result.getUserData() if hasattr(result, "getUserData") else result.userData
        if data.get("indexing"):
            return
        layer = QgsProject.instance().mapLayer(data["layer"])
        feature = layer.getFeature(data["fid"]) if layer is not None else None
        if feature is None or not feature.isValid() or not feature.hasGeometry():
            notify(self.iface, tr("That point is no longer on the map."), Qgis.Warning)
            return
        try:
            show_feature(self.iface.mapCanvas(), layer, feature)
        except QgsCsException:   # e.g. latitude and longitude swapped: not on this map
            notify(self.iface, tr("That point's coordinates cannot be shown on this map."),
                   Qgis.Warning)


def show_feature(canvas, layer: QgsVectorLayer, feature) -> None:
    """Centre the map on ``feature``, zoomed in to house level, selected and flashed."""
    transform = QgsCoordinateTransform(layer.crs(), canvas.mapSettings().destinationCrs(),
                                       QgsProject.instance())
    point = transform.transform(feature.geometry().centroid().asPoint())
    if canvas.extent().isEmpty() or canvas.scale() > ZOOM_SCALE:
        canvas.setExtent(QgsRectangle(point.x() - 1, point.y() - 1, point.x() + 1,
                                      point.y() + 1))
        canvas.zoomScale(ZOOM_SCALE)
    canvas.setCenter(point)
    layer.selectByIds([feature.id()])
    canvas.refresh()
    canvas.flashFeatureIds(layer, [feature.id()])


class AddressLocator:
    """What ``initGui`` adds for the search bar and ``unload`` removes: the indexes and the
    registered filter."""

    def __init__(self, iface):
        self.iface = iface
        self.indexes = LayerIndexes(QgsProject.instance())
        self.filter = AddressLocatorFilter(iface, self.indexes)
        offer_locator_prefix(NAME)
        iface.registerLocatorFilter(self.filter)

    def remove(self) -> None:
        self.iface.deregisterLocatorFilter(self.filter)   # QGIS deletes the filter
        self.indexes.close()
