"""The review dock: worklist, current point, findings in plain words, photo, history,
duplicate groups, and one key per action (each also a button with its key in the tooltip).
"""
from __future__ import annotations

import html
import os

from diachi_geo.messages import check_title, describe
from diachi_geo.session import Session, WorkFilter, default_user
from diachi_geo.session.status import STATUSES
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsWkbTypes,
)
from qgis.gui import QgsRubberBand, QgsVertexMarker
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QEvent, Qt, QUrl, QVariantAnimation
from qgis.PyQt.QtGui import QColor, QDesktopServices, QKeySequence, QPixmap
from qgis.PyQt.QtWidgets import QInputDialog, QListWidgetItem, QShortcut, QTableWidgetItem

from .. import settings
from ..i18n import language, tr
from ..maptools import MovePointTool
from ..review_controller import ReviewController
from ..session_layers import load_session_layers

FORM, BASE = uic.loadUiType(os.path.join(os.path.dirname(__file__), "review_dock.ui"))
WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
SEVERITY_NAMES = ("error", "warning", "info")
UNDO_KEY = "Ctrl+Z"
COPY_ON_MERGE = ("digital_code", "address", "photo", "house_number")


def status_word(status: str | None) -> str:
    words = {"new": tr("New"), "approved": tr("Approved"), "corrected": tr("Corrected"),
             "rejected": tr("Rejected"), "needs_field_check": tr("Needs field check"),
             "confirmed": tr("Confirmed"), "returned": tr("Returned")}
    return words.get(status or "", status or "")


class ReviewDock(BASE, FORM):
    """Drives a :class:`ReviewController` from widgets, keys and the map."""

    def __init__(self, iface, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName("DiachiReviewDock")
        self.iface, self.canvas = iface, iface.mapCanvas()
        self.lang = language()
        self.session: Session | None = None
        self.controller: ReviewController | None = None
        self.layers: dict = {}
        self.group = None
        self.move_tool: MovePointTool | None = None
        self.previous_tool = None
        self.animation: QVariantAnimation | None = None
        self.smooth_pan = bool(settings.SMOOTH_PAN.value())
        self.ask_reason = self._ask_reason  # tests replace it
        self.band = QgsRubberBand(self.canvas, QgsWkbTypes.LineGeometry)
        self.band.setColor(QColor(46, 125, 50, 220))
        self.band.setWidth(2)
        self.moved_band = QgsRubberBand(self.canvas, QgsWkbTypes.LineGeometry)
        self.moved_band.setColor(QColor(239, 108, 0, 220))
        self.moved_band.setWidth(2)
        self.moved_band.setLineStyle(Qt.DashLine)
        self.markers: list[QgsVertexMarker] = []
        self._wire()
        self._set_enabled(False)

    # -- set-up -------------------------------------------------------------------------

    def _wire(self) -> None:
        actions = [
            (self.previousButton, "P", tr("Previous point"), self.previous),
            (self.nextButton, "N", tr("Next point"), self.next),
            (self.zoomButton, "Z", tr("Zoom to the point"), self.zoom_to_point),
            (self.approveButton, "A", tr("Approve: the point is right as it is"),
             self.approve),
            (self.acceptButton, "S", tr("Accept the suggested location (the entrance)"),
             self.accept_suggestion),
            (self.moveButton, "M", tr("Move: click the right place on the map"),
             self.toggle_move_tool),
            (self.rejectButton, "R", tr("Reject, with a reason"), self.reject),
            (self.fieldCheckButton, "F", tr("Needs a field check"), self.needs_field_check),
            (self.dismissButton, "D", tr("Dismiss the selected finding as a false positive"),
             self.dismiss),
            (self.undoButton, UNDO_KEY, tr("Undo your last change"), self.undo),
            (self.confirmButton, "C", tr("Confirm (checker): agree with the review"),
             self.confirm),
            (self.returnButton, "T", tr("Return (checker): send back for another review"),
             self.return_for_review),
        ]
        self.shortcuts: dict[str, QShortcut] = {}
        self.action_buttons = [button for button, *_ in actions]
        for button, key, tip, handler in actions:
            button.setToolTip(f"{tip} ({key})")
            if button is self.moveButton:
                button.clicked.connect(lambda _checked=False: self.toggle_move_tool())
            else:
                button.clicked.connect(lambda _checked=False, h=handler: h())
            if key == UNDO_KEY:
                continue  # QGIS's own Ctrl+Z stays for layer edits; see event()
            # the whole QGIS window: the officer's pointer is usually on the map
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.WindowShortcut)
            shortcut.activated.connect(button.click)
            self.shortcuts[key] = shortcut
        self.visibilityChanged.connect(lambda _visible: self._enable_shortcuts())
        self.openSessionButton.clicked.connect(self._choose_session)
        self.newSessionButton.clicked.connect(self._new_session)
        self.revalidateButton.clicked.connect(self.revalidate)
        self.mergeButton.clicked.connect(self.merge_selected)
        self.photoButton.clicked.connect(self.open_photo)
        for combo in (self.communeCombo, self.checkCombo, self.severityCombo,
                      self.collectorCombo, self.statusCombo):
            combo.currentIndexChanged.connect(self._filter_changed)
        self.flaggedCheck.toggled.connect(self._filter_changed)
        self._init_basemap_menu()

    def _init_basemap_menu(self) -> None:
        from qgis.PyQt.QtWidgets import QMenu

        from ..basemap import PRESETS

        menu = QMenu(self.basemapButton)
        for preset in PRESETS:
            menu.addAction(preset.name, lambda p=preset: self.add_basemap(p))
        menu.addAction(tr("Custom tile URL (settings)…"), self.add_custom_basemap)
        menu.addAction(tr("Offline imagery file…"), self.add_offline_basemap)
        self.basemapButton.setMenu(menu)
        self.basemapButton.setPopupMode(self.basemapButton.InstantPopup)
        self.basemapButton.setToolTip(tr("Add satellite imagery under the points"))

    def add_basemap(self, basemap) -> None:
        """Add an imagery layer under everything, and show its attribution."""
        from ..basemap import add_basemap

        try:
            layer = add_basemap(QgsProject.instance(), basemap)
        except ValueError as exc:
            self.show_refusal(str(exc))
            return
        self.attributionLabel.setText(tr("Imagery: {}").format(basemap.attribution))
        return layer

    def add_custom_basemap(self) -> None:
        """The office's own tile service, e.g. the national imagery, from the settings."""
        from ..basemap import Basemap

        url = str(settings.BASEMAP_CUSTOM_URL.value() or "")
        if not url:
            url, ok = QInputDialog.getText(self, tr("Custom imagery"),
                                           tr("Tile URL with {z}, {x} and {y}:"))
            if not ok or not url.strip():
                return
            attribution, _ = QInputDialog.getText(self, tr("Custom imagery"),
                                                  tr("Attribution (who owns the imagery):"))
            settings.BASEMAP_CUSTOM_URL.set(url.strip())
            settings.BASEMAP_CUSTOM_ATTRIBUTION.set(attribution.strip())
        self.add_basemap(Basemap("custom", tr("Satellite imagery"), url.strip(),
                                 str(settings.BASEMAP_CUSTOM_ATTRIBUTION.value() or "")))

    def add_offline_basemap(self, path: str | None = None) -> None:
        """A local GeoTIFF, MBTiles or GeoPackage raster, for offices with weak links."""
        from qgis.PyQt.QtWidgets import QFileDialog

        from ..basemap import add_offline_basemap

        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, tr("Offline imagery file"), str(settings.BASEMAP_OFFLINE_PATH.value()),
                tr("Imagery (*.tif *.tiff *.mbtiles *.gpkg)"))
        if not path:
            return
        try:
            add_offline_basemap(QgsProject.instance(), path)
        except ValueError as exc:
            self.show_refusal(str(exc))
            return
        settings.BASEMAP_OFFLINE_PATH.set(path)
        self.attributionLabel.setText(tr("Imagery: {}").format(os.path.basename(path)))

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.filterGroup, self.tabs, self.revalidateButton,
                       *self.action_buttons):
            widget.setEnabled(enabled)
        self._enable_shortcuts()

    def _enable_shortcuts(self) -> None:
        active = self.undoButton.isEnabled() and self.isVisible()
        for shortcut in getattr(self, "shortcuts", {}).values():
            shortcut.setEnabled(active)

    def event(self, event) -> bool:
        """Ctrl+Z inside the dock undoes the last review change, not a QGIS layer edit."""
        if event.type() in (QEvent.ShortcutOverride, QEvent.KeyPress) and \
                event.matches(QKeySequence.Undo) and self.undoButton.isEnabled():
            event.accept()
            if event.type() == QEvent.KeyPress:
                self.undo()
            return True
        return super().event(event)

    # -- sessions -----------------------------------------------------------------------

    @staticmethod
    def user_name() -> str:
        return str(settings.REVIEW_USER.value() or "") or default_user()

    def open_session(self, path: str, user: str | None = None) -> Session:
        """Open (or resume) the session at ``path`` and show its worklist."""
        self.close_session()
        self.session = Session(path, user or self.user_name())
        if self.session.read_only:
            holder = self.session.lock_holder
            text = tr("Opened read-only: {} has this session open since {}.").format(
                holder.user, holder.since) if holder else tr("Opened read-only.")
            self.iface.messageBar().pushMessage("Địa chỉ / Diachi", text, level=Qgis.Warning,
                                                duration=0)
        self.group, self.layers = load_session_layers(QgsProject.instance(), path,
                                                      self.session.meta.get("references", {}))
        self.controller = ReviewController(self.session, self)
        self.controller.currentChanged.connect(self.show_point)
        self.controller.countsChanged.connect(self.show_counts)
        self.controller.failed.connect(self.show_refusal)
        self.controller.changed.connect(self._redraw_layers)
        self.sessionLabel.setText(f"{os.path.basename(path)} · {self.session.user}")
        self.sessionLabel.setToolTip(path)
        self._fill_filters()
        self._set_enabled(True)
        self.controller.set_filter(self.current_filter())
        return self.session

    def close_session(self) -> None:
        if self.controller is not None:
            self.controller.remember()
        self.set_move_tool(False)
        self._clear_map()
        if self.group is not None:
            project = QgsProject.instance()
            for layer in self.layers.values():
                project.removeMapLayer(layer.id())
            project.layerTreeRoot().removeChildNode(self.group)
            self.group, self.layers = None, {}
        if self.session is not None:
            self.session.close()
        self.session = self.controller = None
        self._set_enabled(False)

    def _choose_session(self) -> None:
        from qgis.PyQt.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, tr("Open a review session"), "",
                                              tr("Review session (*.gpkg)"))
        if path:
            self._open_reporting_errors(path)

    def _open_reporting_errors(self, path: str) -> None:
        from diachi_geo.errors import DiachiError

        try:
            self.open_session(path)
        except DiachiError as exc:
            self.show_refusal(str(exc))

    def _new_session(self) -> None:
        from .new_session import NewSessionDialog

        dialog = NewSessionDialog(self.iface, self)
        dialog.created.connect(self._open_reporting_errors)
        dialog.show()

    def revalidate(self) -> None:
        """Run the checks again on the corrected points, in the background."""
        from ..session_tasks import RevalidateTask, run_task

        if self.session is None:
            return
        keep = self.controller.current.fid if self.controller.current else None
        task = RevalidateTask(self.session)
        task.done.connect(lambda ok, message: self._revalidated(ok, message, keep))
        self._set_enabled(False)  # the task writes the session: no edits meanwhile
        run_task(task)
        self._task = task

    def _revalidated(self, ok: bool, message: str, keep: int | None) -> None:
        self._set_enabled(True)
        if not ok:
            self.show_refusal(message)
            return
        self._redraw_layers()
        self.controller.set_filter(self.current_filter(), keep=keep)
        self.iface.messageBar().pushMessage("Địa chỉ / Diachi", message, level=Qgis.Success,
                                            duration=5)

    # -- filters ------------------------------------------------------------------------

    def _fill_filters(self) -> None:
        from diachi_geo.checks import CHECK_CODES

        combos = (self.communeCombo, self.checkCombo, self.severityCombo,
                  self.collectorCombo, self.statusCombo)
        for combo in combos:
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr("All"), None)
        for code in self.session.distinct("commune_code"):
            self.communeCombo.addItem(code, code)
        for code in CHECK_CODES:
            self.checkCombo.addItem(check_title(code, self.lang), code)
        for name, text in zip(SEVERITY_NAMES, (tr("Errors"), tr("Errors and warnings"),
                                               tr("Any finding"))):
            self.severityCombo.addItem(text, name)
        for collector in self.session.distinct("collector"):
            self.collectorCombo.addItem(collector, collector)
        for status in STATUSES:
            self.statusCombo.addItem(status_word(status), status)
        for combo in combos:
            combo.blockSignals(False)

    def current_filter(self) -> WorkFilter:
        def chosen(combo) -> tuple:
            value = combo.currentData()
            return () if value is None else (value,)

        return WorkFilter(communes=chosen(self.communeCombo), checks=chosen(self.checkCombo),
                          severity=self.severityCombo.currentData(),
                          collectors=chosen(self.collectorCombo),
                          statuses=chosen(self.statusCombo),
                          flagged_only=self.flaggedCheck.isChecked())

    def _filter_changed(self, *_args) -> None:
        if self.controller is None:
            return
        keep = self.controller.current.fid if self.controller.current else None
        self.controller.set_filter(self.current_filter(), keep=keep)

    # -- showing ------------------------------------------------------------------------

    def show_counts(self, counts: dict) -> None:
        total = sum(counts.values())
        done = total - counts.get("new", 0) - counts.get("returned", 0)
        self.progressBar.setMaximum(max(total, 1))
        self.progressBar.setValue(done)
        self.progressBar.setFormat(tr("{} of {} reviewed").format(done, total))
        self.countsLabel.setText(" · ".join(f"{status_word(s)}: {counts[s]}"
                                            for s in STATUSES if counts.get(s)))

    def show_point(self, record) -> None:
        controller = self.controller
        self.positionLabel.setText(
            tr("Point {} of {}").format(controller.index + 1, len(controller.fids))
            if record is not None else tr("No point matches the filter."))
        self.findingsList.clear()
        self.groupTable.setRowCount(0)
        self._clear_map()
        if record is None:
            self.pointBrowser.setHtml("")
            self.historyBrowser.setHtml("")
            self._show_photo(None)
            return
        self.pointBrowser.setHtml(self._point_html(record))
        for finding in record.findings:
            text = f"{check_title(finding['check'], self.lang)}: " \
                   f"{describe(finding['message_code'], finding['params'], self.lang)}"
            item = QListWidgetItem(text + (f"  [{tr('dismissed')}]"
                                           if finding["dismissed"] else ""))
            item.setData(Qt.UserRole, finding["key"])
            if finding["dismissed"]:
                item.setForeground(QColor("#9e9e9e"))
            self.findingsList.addItem(item)
        open_rows = [i for i, f in enumerate(record.findings) if not f["dismissed"]]
        if open_rows:
            self.findingsList.setCurrentRow(open_rows[0])
        self.historyBrowser.setHtml(self._history_html(record.fid))
        self._show_group(record)
        self._show_photo(record)
        self._draw(record)

    def _point_html(self, record) -> str:
        fields = self.session.meta.get("fields", {})
        rows = [(tr("Point"), record.point_id)]
        for canonical, title in (("name", tr("Name")), ("category", tr("Category")),
                                 ("address", tr("Address")), ("commune_code", tr("Commune")),
                                 ("digital_code", tr("Digital address code")),
                                 ("collector", tr("Collector")),
                                 ("collected_at", tr("Collected at"))):
            name = fields.get(canonical)
            if name:
                rows.append((title, record.attributes.get(name)))
        review = record.review
        rows.append((tr("Status"), status_word(review["status"])))
        if review["reviewed_by"]:
            rows.append((tr("Reviewed by"), f"{review['reviewed_by']} ({review['reviewed_at']})"))
        if review["checked_by"]:
            rows.append((tr("Checked by"), f"{review['checked_by']} ({review['checked_at']})"))
        if review["reason"]:
            rows.append((tr("Reason"), review["reason"]))
        body = "".join(f"<tr><th align='left'>{html.escape(str(k))}</th>"
                       f"<td>{html.escape('' if v is None else str(v))}</td></tr>"
                       for k, v in rows)
        return f"<table cellspacing='2'>{body}</table>"

    def _history_html(self, fid: int) -> str:
        rows = []
        for row in self.session.history(fid):
            moved = ""
            if row["new_x"] is not None and row["old_x"] is not None:
                moved = f" ({row['old_x']:.6f}, {row['old_y']:.6f}) → " \
                        f"({row['new_x']:.6f}, {row['new_y']:.6f})"
            undone = f" <i>[{tr('undone')}]</i>" if row["undone"] else ""
            rows.append(f"<li>{html.escape(row['at'])} <b>{html.escape(row['user'])}</b> "
                        f"{html.escape(row['action'])}: {status_word(row['old_status'])} → "
                        f"{status_word(row['new_status'])}{moved}"
                        f"{' — ' + html.escape(row['reason']) if row['reason'] else ''}"
                        f"{undone}</li>")
        return "<ul>" + "".join(rows) + "</ul>" if rows else tr("No changes yet.")

    def _show_group(self, record) -> None:
        group_id = record.review.get("group_id")
        self.tabs.setTabEnabled(1, bool(group_id))
        if not group_id:
            return
        fields = self.session.meta.get("fields", {})
        shown = [c for c in ("name", "address", "digital_code", "collector") if c in fields]
        members = self.session.group(group_id)
        self.groupTable.setColumnCount(2 + len(shown))
        self.groupTable.setHorizontalHeaderLabels([tr("Point"), tr("Status")] +
                                                  [fields[c] for c in shown])
        self.groupTable.setRowCount(len(members))
        keeper = next((f["related_id"] for f in record.findings
                       if f["check"] == "duplicate"), None)
        for row, fid in enumerate(members):
            member = self.session.point(fid)
            values = [member.point_id, status_word(member.review["status"])] + \
                [member.attributes.get(fields[c]) for c in shown]
            for column, value in enumerate(values):
                item = QTableWidgetItem("" if value is None else str(value))
                item.setData(Qt.UserRole, fid)
                self.groupTable.setItem(row, column, item)
            if str(member.point_id) == str(keeper):
                self.groupTable.selectRow(row)
        self.groupTable.resizeColumnsToContents()

    def _photo_path(self, record) -> str | None:
        name = self.session.meta.get("fields", {}).get("photo")
        value = record.attributes.get(name) if name else None
        if not value:
            return None
        value = str(value)
        if "://" in value or os.path.isabs(value):
            return value
        from diachi_geo.io import parse_source

        source = parse_source(self.session.meta.get("points_source", ""))
        return os.path.join(os.path.dirname(source.path), value)

    def _show_photo(self, record) -> None:
        path = self._photo_path(record) if record is not None else None
        self.photoButton.setEnabled(bool(path))
        self.photo_fetcher = None
        if path and "://" in path:  # fetched in the background: a slow link never blocks
            from qgis.core import QgsNetworkContentFetcher

            self.photoLabel.setPixmap(QPixmap())
            self.photoLabel.setText(tr("Loading photo…"))
            fetcher = QgsNetworkContentFetcher()
            fetcher.finished.connect(lambda f=fetcher, fid=record.fid: self._photo_arrived(f, fid))
            fetcher.fetchContent(QUrl(path))
            self.photo_fetcher = fetcher
            return
        pixmap = QPixmap(path) if path and os.path.isfile(path) else QPixmap()
        self._set_photo(pixmap, path)

    def _photo_arrived(self, fetcher, fid: int) -> None:
        current = self.controller.current if self.controller else None
        if current is None or current.fid != fid:
            return  # the officer has moved on
        pixmap = QPixmap()
        reply = fetcher.reply()
        if reply is not None and reply.error() == 0:
            pixmap.loadFromData(reply.readAll())
        self._set_photo(pixmap, self._photo_path(current))

    def _set_photo(self, pixmap: QPixmap, path: str | None) -> None:
        if pixmap.isNull():
            self.photoLabel.setPixmap(QPixmap())
            self.photoLabel.setText(tr("Photo: {}").format(path) if path else tr("No photo"))
        else:
            self.photoLabel.setPixmap(pixmap.scaled(max(self.photoLabel.width(), 160), 160,
                                                    Qt.KeepAspectRatio,
                                                    Qt.SmoothTransformation))

    def open_photo(self) -> None:
        record = self.controller.current if self.controller else None
        path = self._photo_path(record) if record else None
        if path:
            QDesktopServices.openUrl(QUrl(path) if "://" in path else QUrl.fromLocalFile(path))

    # -- map ----------------------------------------------------------------------------

    def _to_canvas(self) -> QgsCoordinateTransform:
        return QgsCoordinateTransform(WGS84, self.canvas.mapSettings().destinationCrs(),
                                      QgsProject.instance())

    def _clear_map(self) -> None:
        self.band.reset(QgsWkbTypes.LineGeometry)
        self.moved_band.reset(QgsWkbTypes.LineGeometry)
        for marker in self.markers:
            self.canvas.scene().removeItem(marker)
        self.markers = []

    def _draw(self, record) -> None:
        if record.x != record.x:  # no location (NaN): nothing to draw or pan to
            return
        transform = self._to_canvas()
        here = transform.transform(QgsPointXY(record.x, record.y))
        self.markers.append(self._marker(here, QgsVertexMarker.ICON_CIRCLE, "#d32f2f"))
        original = self.session.original_location(record.fid)
        if original is not None:  # the checker sees the reviewer's move: from here to there
            before = transform.transform(QgsPointXY(*original))
            self.moved_band.setToGeometry(QgsGeometry.fromPolylineXY([before, here]), None)
            self.markers.append(self._marker(before, QgsVertexMarker.ICON_X, "#ef6c00"))
        suggestion = record.suggestion()
        if suggestion is not None and record.review["decision"] != "corrected":
            there = transform.transform(QgsPointXY(suggestion["suggested_x"],
                                                   suggestion["suggested_y"]))
            self.band.setToGeometry(QgsGeometry.fromPolylineXY([here, there]), None)
            self.markers.append(self._marker(there, QgsVertexMarker.ICON_BOX, "#2e7d32"))
        self.pan_to(here)

    def _marker(self, point: QgsPointXY, icon: int, colour: str) -> QgsVertexMarker:
        marker = QgsVertexMarker(self.canvas)
        marker.setCenter(point)
        marker.setIconType(icon)
        marker.setColor(QColor(colour))
        marker.setIconSize(14)
        marker.setPenWidth(3)
        return marker

    def pan_to(self, point: QgsPointXY) -> None:
        """Centre the map on ``point`` at the officer's zoom level; glide when it is near."""
        if self.animation is not None:
            self.animation.stop()
        extent = self.canvas.extent()
        if extent.isEmpty():  # a new project's canvas has no extent yet: show 150 m around
            self.canvas.setExtent(QgsRectangle(point.x() - 1, point.y() - 1, point.x() + 1,
                                               point.y() + 1))
            self.canvas.zoomScale(1500)
            self.canvas.refresh()
            return
        start = self.canvas.center()
        near = abs(point.x() - start.x()) < 3 * extent.width() and \
            abs(point.y() - start.y()) < 3 * extent.height()
        if not (self.smooth_pan and near and self.isVisible()):
            self.canvas.setCenter(point)
            self.canvas.refresh()
            return
        self.animation = QVariantAnimation(self)
        self.animation.setDuration(180)
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        self.animation.valueChanged.connect(lambda t: self.canvas.setCenter(QgsPointXY(
            start.x() + (point.x() - start.x()) * t, start.y() + (point.y() - start.y()) * t)))
        self.animation.finished.connect(self.canvas.refresh)
        self.animation.start()

    def zoom_to_point(self) -> None:
        record = self.controller.current if self.controller else None
        if record is None or record.x != record.x:
            return
        here = self._to_canvas().transform(QgsPointXY(record.x, record.y))
        self.canvas.setCenter(here)
        self.canvas.zoomScale(500)
        self.canvas.refresh()

    def _redraw_layers(self, *_args) -> None:
        for layer in self.layers.values():
            layer.dataProvider().reloadData()
            layer.triggerRepaint()

    def set_move_tool(self, on: bool) -> None:
        if on and self.move_tool is None:
            self.move_tool = MovePointTool(self.canvas, self.layers.get("buildings"))
            self.move_tool.chosen.connect(self._moved_on_map)
            self.previous_tool = self.canvas.mapTool()
            self.canvas.setMapTool(self.move_tool)
        elif not on and self.move_tool is not None:
            self.canvas.unsetMapTool(self.move_tool)
            if self.previous_tool is not None:
                self.canvas.setMapTool(self.previous_tool)
            self.move_tool = None
        self.moveButton.setChecked(on)

    def toggle_move_tool(self) -> None:
        self.set_move_tool(self.move_tool is None)

    def _moved_on_map(self, point: QgsPointXY) -> None:
        lonlat = self._to_canvas().transform(point, QgsCoordinateTransform.ReverseTransform)
        self.set_move_tool(False)
        self.controller.move_to(lonlat.x(), lonlat.y())

    # -- actions ------------------------------------------------------------------------

    def show_refusal(self, message: str) -> None:
        self.iface.messageBar().pushMessage("Địa chỉ / Diachi", message, level=Qgis.Warning,
                                            duration=6)

    def _ask_reason(self, title: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, tr("Reason:"))
        return text if ok else None

    def next(self) -> None:
        self.controller.next()

    def previous(self) -> None:
        self.controller.previous()

    def approve(self) -> None:
        self.controller.approve()

    def accept_suggestion(self) -> None:
        self.controller.accept_suggestion()

    def reject(self) -> None:
        reason = self.ask_reason(tr("Reject the point"))
        if reason is not None:
            self.controller.reject(reason)

    def needs_field_check(self) -> None:
        self.controller.needs_field_check()

    def dismiss(self) -> None:
        item = self.findingsList.currentItem()
        if item is None:
            self.show_refusal(tr("Select the finding to dismiss."))
            return
        self.controller.dismiss(item.data(Qt.UserRole))

    def undo(self) -> None:
        self.controller.undo()

    def confirm(self) -> None:
        self.controller.confirm()

    def return_for_review(self) -> None:
        reason = self.ask_reason(tr("Return the point for another review"))
        if reason is not None:
            self.controller.return_for_review(reason)

    def merge_selected(self) -> None:
        """Keep the selected row of the group table; merge the other members into it."""
        record = self.controller.current if self.controller else None
        rows = self.groupTable.selectionModel().selectedRows() if record else []
        if not rows:
            self.show_refusal(tr("Select the record to keep."))
            return
        keeper = self.groupTable.item(rows[0].row(), 0).data(Qt.UserRole)
        others = [self.groupTable.item(r, 0).data(Qt.UserRole)
                  for r in range(self.groupTable.rowCount())]
        fields = self.session.meta.get("fields", {})
        copy = [fields[c] for c in COPY_ON_MERGE if c in fields] \
            if self.copyFieldsCheck.isChecked() else []
        self.controller.merge(keeper, [f for f in others if f != keeper], copy)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API name
        self.close_session()
        super().closeEvent(event)
