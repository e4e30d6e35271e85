"""Find an address point from QGIS's search bar (prefix ``dc``, or none): by its digital
address code, its name or its detailed address, typed with or without tone marks.

QGIS runs a locator filter's ``fetchResults`` on a worker thread, so the search never
touches a layer: :class:`LayerIndexes` reads the loaded points layers on the main thread
(when a layer is added or its data change, and before each search through ``prepare``) into
the library's :class:`~diachi_geo.locate.SearchIndex`, and the filter only searches those.
Only the name, address and digital code are read: never the owner's name, phone or email.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from diachi_geo.fields import resolve_fields
from diachi_geo.locate import SEARCH_FIELDS, SearchIndex
from qgis.core import (
    NULL,
    Qgis,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeatureRequest,
    QgsLocatorFilter,
    QgsLocatorResult,
    QgsMapLayer,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QObject, QTimer

from .i18n import tr
from .messagebar import notify
from .settings import offer_locator_prefix

NAME = "diachi_points"
NATIVE_PREFIX = "diachi"
"""The filter's own prefix; ``dc`` (:data:`~.settings.LOCATOR_PREFIX`) is set as the user's
choice, since QGIS ignores a plugin's own prefix under three letters."""
RESULTS_PER_LAYER = 20
ZOOM_SCALE = 1000
"""The scale a found point is shown at, when the map is farther out than that."""


@dataclass(frozen=True)
class LayerIndex:
    """One points layer as the search sees it: built on the main thread, then only read."""

    layer_id: str
    title: str
    index: SearchIndex
    fids: np.ndarray
    columns: dict[str, list]

    def label(self, row: int) -> str:
        """What a result shows: the name, the address and the code that are known."""
        values = [self.columns[f][row] for f in ("name", "address", "digital_code")
                  if f in self.columns and self.columns[f][row] not in (None, "")]
        return " · ".join(str(v) for v in values)


def searchable_fields(layer: QgsMapLayer) -> dict[str, str]:
    """Canonical search field -> the layer's field, for a points layer that has any."""
    if not isinstance(layer, QgsVectorLayer) or not layer.isValid() or \
            layer.geometryType() != QgsWkbTypes.PointGeometry:
        return {}
    mapping = resolve_fields(layer.fields().names(), required=())
    return {c: mapping[c] for c in SEARCH_FIELDS if c in mapping}


def build_layer_index(layer: QgsVectorLayer) -> LayerIndex | None:
    """Read the searchable fields of ``layer`` (main thread only); None when it has none."""
    fields = searchable_fields(layer)
    if not fields:
        return None
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    request.setSubsetOfAttributes(list(fields.values()), layer.fields())
    positions = [layer.fields().indexOf(name) for name in fields.values()]
    fids: list[int] = []
    columns: dict[str, list] = {c: [] for c in fields}
    for feature in layer.getFeatures(request):
        fids.append(feature.id())
        attributes = feature.attributes()
        for canonical, position in zip(fields, positions):
            value = attributes[position]
            columns[canonical].append(None if value is None or value == NULL else value)
    return LayerIndex(layer.id(), layer.name(), SearchIndex(columns),
                      np.array(fids, dtype=np.int64), columns)


class LayerIndexes(QObject):
    """The search indexes of the project's points layers, kept up to date on the main
    thread; :meth:`snapshot` is what a search on another thread reads."""

    REBUILD_DELAY_MS = 500
    CHANGES = ("dataChanged", "layerModified", "afterCommitChanges", "afterRollBack",
               "updatedFields")
    """A layer's signals after which its index is rebuilt (edits, commits, reloads)."""

    def __init__(self, project: QgsProject, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self._indexes: dict[str, LayerIndex] = {}
        self._dirty: set[str] = set()
        self._watched: dict[str, QgsVectorLayer] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.REBUILD_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        project.layersAdded.connect(self._added)
        project.layersWillBeRemoved.connect(self._removed)
        self._added(list(project.mapLayers().values()))

    def snapshot(self) -> list[LayerIndex]:
        """The indexes as they are now (a copy: rebuilding replaces, never changes, one)."""
        return list(self._indexes.values())

    def refresh(self) -> None:
        """Rebuild the indexes of layers added or changed since the last time (main
        thread)."""
        self._timer.stop()
        dirty, self._dirty = self._dirty, set()
        for layer_id in dirty:
            layer = self._watched.get(layer_id)
            built = build_layer_index(layer) if layer is not None and \
                not sip.isdeleted(layer) else None
            if built is None:
                self._indexes.pop(layer_id, None)
            else:
                self._indexes[layer_id] = built

    def close(self) -> None:
        """Stop listening to the project and its layers."""
        self._timer.stop()
        self.project.layersAdded.disconnect(self._added)
        self.project.layersWillBeRemoved.disconnect(self._removed)
        for layer in self._watched.values():
            self._listen(layer, False)
        self._watched.clear()
        self._indexes.clear()

    def _added(self, layers: list) -> None:
        for layer in layers:
            if searchable_fields(layer) and layer.id() not in self._watched:
                self._watched[layer.id()] = layer
                self._listen(layer, True)
                self._mark(layer.id())

    def _removed(self, layer_ids: list) -> None:
        for layer_id in layer_ids:
            layer = self._watched.pop(layer_id, None)
            if layer is not None:
                self._listen(layer, False)
            self._indexes.pop(layer_id, None)
            self._dirty.discard(layer_id)

    def _listen(self, layer: QgsVectorLayer, on: bool) -> None:
        if sip.isdeleted(layer):
            return
        for name in self.CHANGES:
            signal = getattr(layer, name)
            signal.connect(self._changed) if on else signal.disconnect(self._changed)

    def _changed(self, *_args) -> None:
        layer = self.sender()
        if layer is not None:
            self._mark(layer.id())

    def _mark(self, layer_id: str) -> None:
        self._dirty.add(layer_id)
        self._timer.start()


class AddressLocatorFilter(QgsLocatorFilter):
    """``dc`` in QGIS's search bar: the address points of every loaded points layer (the
    review session's included) whose code, name or address match what is typed."""

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
        """Main thread, before each search: bring changed layers' indexes up to date."""
        self.indexes.refresh()
        return []

    def fetchResults(self, string: str, context, feedback) -> None:  # noqa: N802
        """Worker thread: search the prebuilt indexes only (no layer is touched)."""
        if not string.strip():
            return
        for entry in self.indexes.snapshot():
            if feedback.isCanceled():
                return
            for hit in entry.index.search(string, limit=RESULTS_PER_LAYER):
                result = QgsLocatorResult(self, entry.label(hit.row),
                                          {"layer": entry.layer_id,
                                           "fid": int(entry.fids[hit.row])})
                result.group = entry.title
                result.score = min(hit.score / 5.0, 1.0)
                self.resultFetched.emit(result)

    def triggerResult(self, result) -> None:  # noqa: N802 - QGIS API name
        data = result.getUserData() if hasattr(result, "getUserData") else result.userData
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
