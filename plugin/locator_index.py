"""The search bar's indexes of the loaded points layers, built in the background.

Reading a million points and indexing them takes tens of seconds, so it runs in a
:class:`IndexTask` (QGIS's task manager: progress, cancel) and never on the main thread.
QGIS layers must not be read from another thread: the main thread only takes a
thread-safe copy of a layer's features (``QgsVectorLayerFeatureSource``, the same copy
QGIS renders from, uncommitted edits included), and the task reads that. A finished task
hands its index to :class:`LayerIndexes` under a lock, so a search waiting on the
locator's worker thread sees it at once. Only the name, address and digital code are read:
never the owner's name, phone or email.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from diachi_geo.fields import resolve_fields
from diachi_geo.locate import SEARCH_FIELDS, SearchIndex
from qgis.core import (
    NULL,
    QgsApplication,
    QgsFeatureRequest,
    QgsMapLayer,
    QgsProject,
    QgsTask,
    QgsVectorLayer,
    QgsVectorLayerFeatureSource,
    QgsWkbTypes,
)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QObject, QTimer

from .i18n import tr

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LayerIndex:
    """One points layer as the search sees it: built once, then only read."""

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


class IndexTask(QgsTask):
    """Build one layer's :class:`LayerIndex` in the background.

    Made on the main thread (it copies what it needs of the layer there); ``run`` reads
    only that copy and calls ``deliver(task, index)`` from the task's thread when done,
    or ``deliver(task, None)`` when the layer cannot be indexed.
    """

    CHUNK = 10_000
    """Features read between two looks at cancel and progress."""

    def __init__(self, layer: QgsVectorLayer, fields: dict[str, str], generation: int,
                 deliver: Callable[[IndexTask, LayerIndex | None], None]):
        super().__init__(tr("Indexing “{}” for the search bar").format(layer.name()),
                         QgsTask.CanCancel)
        self.layer_id, self.title, self.generation = layer.id(), layer.name(), generation
        self.fields = fields
        self.positions = [layer.fields().indexOf(name) for name in fields.values()]
        self.request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        self.request.setSubsetOfAttributes(list(fields.values()), layer.fields())
        self.total = max(layer.featureCount(), 1)
        self.source = QgsVectorLayerFeatureSource(layer)
        self.deliver = deliver

    def run(self) -> bool:
        try:
            built = self._build()
        except Exception:  # a bad layer must not take QGIS down: it is just not searched
            log.exception("cannot index %s for the search bar", self.title)
            self.deliver(self, None)
            return False
        if built is None:   # cancelled: whoever cancelled has a newer task, or closed
            return False
        self.deliver(self, built)
        return True

    def _build(self) -> LayerIndex | None:
        fids: list[int] = []
        columns: dict[str, list] = {c: [] for c in self.fields}
        pairs = list(zip(columns.values(), self.positions))
        for n, feature in enumerate(self.source.getFeatures(self.request)):
            if n % self.CHUNK == 0:
                if self.isCanceled():
                    return None
                self.setProgress(min(90.0, 90.0 * n / self.total))
            fids.append(feature.id())
            attributes = feature.attributes()
            for column, position in pairs:
                value = attributes[position]
                column.append(None if value is None or value == NULL else value)
        if self.isCanceled():
            return None
        return LayerIndex(self.layer_id, self.title, SearchIndex(columns),
                          np.array(fids, dtype=np.int64), columns)


class LayerIndexes(QObject):
    """The search indexes of the project's points layers, kept up to date: a layer added
    or changed is indexed again in the background; :meth:`snapshot` and :meth:`pending`
    may be called from any thread."""

    REBUILD_DELAY_MS = 500
    CHANGES = ("dataChanged", "layerModified", "afterCommitChanges", "afterRollBack",
               "updatedFields")
    """A layer's signals after which its index is rebuilt (edits, commits, reloads)."""

    def __init__(self, project: QgsProject, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.closed = False
        self._lock = threading.Lock()
        self._indexes: dict[str, LayerIndex] = {}
        self._building: dict[str, str] = {}
        """Layer id -> title, for layers whose index is being built."""
        self._generation: dict[str, int] = {}
        self._tasks: dict[str, IndexTask] = {}
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
        """The indexes ready now (a copy: a rebuild replaces, never changes, one)."""
        with self._lock:
            return list(self._indexes.values())

    def pending(self) -> list[str]:
        """The titles of the layers being indexed now."""
        with self._lock:
            return list(self._building.values())

    def refresh(self) -> None:
        """Start indexing the layers added or changed since the last time (main thread);
        their old indexes are no longer searched."""
        self._timer.stop()
        dirty, self._dirty = self._dirty, set()
        for layer_id in dirty:
            layer = self._watched.get(layer_id)
            fields = searchable_fields(layer) if layer is not None and \
                not sip.isdeleted(layer) else {}
            self._cancel(layer_id)
            with self._lock:
                generation = self._generation[layer_id] = \
                    self._generation.get(layer_id, 0) + 1
                self._indexes.pop(layer_id, None)
                if fields:
                    self._building[layer_id] = layer.name()
            if fields:
                task = IndexTask(layer, fields, generation, self._deliver)
                task.taskCompleted.connect(lambda i=layer_id, t=task: self._forget(i, t))
                task.taskTerminated.connect(lambda i=layer_id, t=task: self._forget(i, t))
                self._tasks[layer_id] = task
                QgsApplication.taskManager().addTask(task)

    def close(self) -> None:
        """Stop listening to the project and its layers, and stop indexing."""
        self.closed = True
        self._timer.stop()
        self.project.layersAdded.disconnect(self._added)
        self.project.layersWillBeRemoved.disconnect(self._removed)
        for layer in self._watched.values():
            self._listen(layer, False)
        for layer_id in list(self._tasks):
            self._cancel(layer_id)
        self._watched.clear()
        with self._lock:
            self._generation.clear()
            self._indexes.clear()
            self._building.clear()

    def _deliver(self, task: IndexTask, built: LayerIndex | None) -> None:
        """The task's thread: keep ``built`` unless the layer changed or left since."""
        with self._lock:
            if self._generation.get(task.layer_id) != task.generation:
                return
            self._building.pop(task.layer_id, None)
            if built is not None:
                self._indexes[task.layer_id] = built

    def _forget(self, layer_id: str, task: IndexTask) -> None:
        if self._tasks.get(layer_id) is task:
            del self._tasks[layer_id]

    def _cancel(self, layer_id: str) -> None:
        task = self._tasks.pop(layer_id, None)
        if task is not None and not sip.isdeleted(task) and \
                task.status() in (QgsTask.Queued, QgsTask.OnHold, QgsTask.Running):
            task.cancel()

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
            self._cancel(layer_id)
            self._dirty.discard(layer_id)
            with self._lock:
                self._generation.pop(layer_id, None)
                self._indexes.pop(layer_id, None)
                self._building.pop(layer_id, None)

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
