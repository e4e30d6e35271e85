"""The review dock: worklist, current point, findings in plain words, photo, history,
duplicate groups, and one key per action (each also a button with its key in the tooltip).

The dock wires the panels (``review_*.py``, ``basemap_menu.py``), the map drawing
(:mod:`..review_map`) and the :class:`ReviewController` together; it holds no workflow of
its own.
"""
from __future__ import annotations

import contextlib
import os

from diachi_geo.errors import DiachiError
from diachi_geo.session import Session, SessionError, WorkFilter
from diachi_geo.session.status import STATUSES
from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QEvent, pyqtSlot
from qgis.PyQt.QtWidgets import QFileDialog, QShortcut

from .. import settings
from ..i18n import explain, language, status_word, tr
from ..messagebar import notify
from ..prompts import ask_text, ask_yes_no
from ..review_controller import ReviewController
from ..review_field import ask_field_export, ask_field_package, receive_from_field, send_to_field
from ..review_filters import current_filter, fill_filters
from ..review_map import DEFAULT_SCALE, ReviewMap
from ..review_shortcuts import add_shortcut, key_text, remove_shortcuts
from ..session_layers import live_layers, load_session_layers, remove_session_layers
from ..session_tasks import FieldImportTask, RevalidateTask, run_task
from .basemap_menu import BasemapMenu, offer_offline
from .new_session import NewSessionDialog
from .review_edit import EditPanel
from .review_group import GroupPanel
from .review_history import HistoryPanel
from .review_photo import PhotoPanel
from .review_point import PointPanel
from .review_references import ReferencesPanel

FORM, BASE = uic.loadUiType(os.path.join(os.path.dirname(__file__), "review_dock.ui"))
UNDO_KEY = "Ctrl+Z"
GROUP_TAB = 1


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
        self.smooth_pan = bool(settings.SMOOTH_PAN.value())
        self.ask_reason = self._ask_reason  # tests replace these five
        self.ask_field_export = lambda: ask_field_export(self)
        self.ask_field_package = lambda: ask_field_package(self)
        self.ask_confirm, self.ask_name = self._ask_confirm, self._ask_name
        self.map = ReviewMap(self.canvas, self)
        self.point_panel, self.photo_panel = PointPanel(self), PhotoPanel(self)
        self.group_panel, self.history_panel = GroupPanel(self), HistoryPanel(self)
        self.basemap, self.edit_panel = BasemapMenu(self), EditPanel(self)
        self.point_panel.pointLayout.insertWidget(1, self.edit_panel)  # under the attributes
        self.actionGrid.addWidget(self.edit_panel.editButton, 3, 0, 1, 2)  # the form's key E
        self.pointTabLayout.insertWidget(0, self.point_panel)  # above the form's end spacer
        self.pointTabLayout.insertWidget(1, self.photo_panel)
        self.groupTabLayout.addWidget(self.group_panel)
        self.historyTabLayout.addWidget(self.history_panel)
        self.basemapRow.addWidget(self.basemap)
        self.references_panel = ReferencesPanel(self)
        self.referencesRow.addWidget(self.references_panel)
        for button, icon in ((self.newSessionButton, "mActionNewGeoPackageLayer.svg"),
                             (self.openSessionButton, "mActionFileOpen.svg"),
                             (self.revalidateButton, "mActionRefresh.svg"),
                             (self.fieldExportButton, "mActionSharingExport.svg"),
                             (self.fieldImportButton, "mActionSharingImport.svg"),
                             (self.reviewerButton, "user.svg")):
            button.setIcon(QgsApplication.getThemeIcon(f"/{icon}"))
        self.reviewerButton.setText(settings.user_name())
        self.scrolled = {self.bodyContents: self.bodyScroll, self.pointContents: self.pointScroll}
        for contents in self.scrolled:
            contents.installEventFilter(self)
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
            (self.edit_panel.editButton, "E", tr("Edit attributes: correct the name, house "
                                                 "number, address, category or code"),
             self.edit_attributes),
            (self.undoButton, UNDO_KEY, tr("Undo your last change"), self.undo),
            (self.confirmButton, "C", tr("Confirm (checker): agree with the review"),
             self.confirm),
            (self.returnButton, "T", tr("Return (checker): send back for another review"),
             self.return_for_review),
        ]
        self.shortcuts: dict[str, QShortcut] = {}
        self.action_buttons = [button for button, *_ in actions]
        for button, key, tip, handler in actions:
            button.clicked.connect(lambda _checked=False, h=handler: h())
            # on the QGIS main window: the officer's focus is usually on the map
            shortcut = add_shortcut(self.iface.mainWindow(), key, tip, button, self,
                                    self.show_refusal)
            button.setToolTip(f"{tip} ({key_text(shortcut)})")
            self.shortcuts[key] = shortcut
        self.visibilityChanged.connect(lambda _visible: self._enable_shortcuts())
        QgsProject.instance().cleared.connect(self.close_session)  # Project → New, quitting
        self.openSessionButton.clicked.connect(self._choose_session)
        self.newSessionButton.clicked.connect(self._new_session)
        self.revalidateButton.clicked.connect(self.revalidate)
        self.fieldExportButton.clicked.connect(lambda: send_to_field(self))
        self.fieldImportButton.clicked.connect(lambda: receive_from_field(self))
        self.reviewerButton.clicked.connect(self.change_reviewer)
        self.references_panel.located.connect(self.locate_reference)
        self.group_panel.mergeButton.clicked.connect(self.merge_selected)
        self.edit_panel.saved.connect(lambda values, why: self.controller.edit_attributes(
            values, why))
        self.edit_panel.toggled.connect(lambda _open: self._enable_shortcuts())
        self.basemap.refused.connect(self.show_refusal)
        self.basemap.unreachable.connect(lambda text: offer_offline(self.iface, text,
                                                                    self.basemap))
        self.map.moved.connect(self._moved_on_map)
        for combo in (self.communeCombo, self.checkCombo, self.severityCombo,
                      self.collectorCombo, self.statusCombo):
            combo.currentIndexChanged.connect(self._filter_changed)
        self.flaggedCheck.toggled.connect(self._filter_changed)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.filterGroup, self.tabs, self.revalidateButton,
                       self.fieldExportButton, self.fieldImportButton, *self.action_buttons):
            widget.setEnabled(enabled)
        self._enable_shortcuts()

    def _enable_shortcuts(self) -> None:
        active = self.undoButton.isEnabled() and self.isVisible() and \
            not self.edit_panel.is_open()  # typing in the form presses no review key
        for shortcut in getattr(self, "shortcuts", {}).values():
            shortcut.setEnabled(active)

    # -- sessions -----------------------------------------------------------------------

    def open_session(self, path: str, user: str | None = None) -> Session:
        """Open (or resume) the session at ``path`` and show its worklist."""
        self.close_session()
        self.session = Session(path, user or settings.user_name())
        if self.session.read_only:
            holder = self.session.lock_holder
            text = tr("Opened read-only: {} has this session open since {}.").format(
                holder.user, holder.since) if holder else tr("Opened read-only.")
            notify(self.iface, text, Qgis.Warning, duration=0)
        self.group, self.layers = load_session_layers(QgsProject.instance(), path,
                                                      self.session.meta.get("references", {}))
        self.references_panel.show_missing(self.session.meta)
        self.map.pending_scale = self.map.review_scale(settings.REVIEW_SCALE.value()) or \
            DEFAULT_SCALE  # the officer's last scale, not the whole country
        self.controller = ReviewController(self.session, self)
        self.controller.currentChanged.connect(self.show_point)
        self.controller.countsChanged.connect(self.show_counts)
        self.controller.failed.connect(self.show_refusal)
        self.controller.changed.connect(self._redraw_layers)
        self.sessionLabel.setText(os.path.basename(path))
        self.reviewerButton.setText(self.session.user)  # who the audit records
        self.sessionLabel.setToolTip(path)
        self._fill_filters()
        self._set_enabled(True)
        self.controller.set_filter(self.current_filter())
        return self.session

    @pyqtSlot()  # a Qt connection: gone with the dock, also when it was never detached
    def close_session(self) -> None:
        """Remember the place, take the layers off the map and release the session's lock,
        also after QGIS deleted the layers (a cleared project, quitting)."""
        try:
            if self.controller is not None:
                self.controller.remember()
                settings.REVIEW_SCALE.set(self.map.review_scale() or
                                          settings.REVIEW_SCALE.value())
            self.set_move_tool(False)
            self.map.clear()
            if self.session is not None:
                remove_session_layers(QgsProject.instance(), self.session.path, self.layers)
        finally:
            if self.session is not None:
                self.session.close()
            self.session = self.controller = self.group = None
            self.layers = {}
        self.references_panel.show_missing(None)
        self._set_enabled(False)

    def detach(self) -> None:
        """Close the session and give back the keys and the project's signal (unload)."""
        with contextlib.suppress(TypeError):  # already disconnected
            QgsProject.instance().cleared.disconnect(self.close_session)
        self.close_session()
        remove_shortcuts(self.shortcuts)

    def _choose_session(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Open a review session"), "",
                                              tr("Review session (*.gpkg)"))
        if path:
            self._open_reporting_errors(path)

    def _open_reporting_errors(self, path: str) -> None:
        try:
            self.open_session(path)
        except DiachiError as exc:
            self.show_refusal(explain(exc))

    def _new_session(self) -> None:
        dialog = NewSessionDialog(self.iface, self)
        dialog.created.connect(self._open_reporting_errors)
        dialog.show()

    def revalidate(self) -> None:
        """Run the checks again on the corrected points, in the background."""
        if self.session is None:
            return
        self.run_session_task(RevalidateTask(self.session))

    def run_session_task(self, task) -> None:
        """Run a task that writes the session (re-validation, the field round trip); the
        dock waits for it, then shows the same point in the refreshed worklist."""
        keep = self.controller.current.fid if self.controller.current else None
        task.done.connect(lambda ok, message: self._session_task_done(ok, message, keep))
        self._set_enabled(False)  # the task writes the session: no edits meanwhile
        run_task(task)
        self._task = task

    def _session_task_done(self, ok: bool, message: str, keep: int | None) -> None:
        self._set_enabled(True)
        if not ok:
            self.show_refusal(message)
            return
        self._redraw_layers()
        self.controller.set_filter(self.current_filter(), keep=keep)
        notify(self.iface, message, Qgis.Success)
        conflicts = (self._task.result or {}).get("conflicts", 0) if isinstance(
            self._task, FieldImportTask) else 0
        if conflicts:
            notify(self.iface, tr("{} points were changed here since they were sent: their "
                                  "visits are kept as conflicts (table field_conflicts) for "
                                  "you to decide.").format(conflicts), Qgis.Warning,
                   duration=0)

    # -- filters ------------------------------------------------------------------------

    def _fill_filters(self) -> None:
        fill_filters(self, self.session, self.lang)

    def current_filter(self) -> WorkFilter:
        return current_filter(self)

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
        self.map.clear()
        self.edit_panel.clear()  # a form left open is dropped, also after its Save
        if record is None:
            for panel in (self.point_panel, self.photo_panel, self.group_panel,
                          self.history_panel):
                panel.clear()
            return
        self.point_panel.show_point(record, self.session.meta.get("fields", {}), self.lang)
        self.history_panel.show_history(self.session, record.fid)
        self.tabs.setTabEnabled(GROUP_TAB, self.group_panel.show_group(self.session, record))
        self.photo_panel.show_photo(self.session, record)
        self.map.draw(record, self.session.original_location(record.fid),
                      glide=self.smooth_pan and self.isVisible())

    # -- map ----------------------------------------------------------------------------

    def zoom_to_point(self) -> None:
        self.map.zoom_to(self.controller.current if self.controller else None)

    def _redraw_layers(self, *_args) -> None:
        for layer in live_layers(self.layers).values():
            layer.dataProvider().reloadData()
            layer.triggerRepaint()

    def set_move_tool(self, on: bool) -> None:
        self.map.set_move_tool(on, live_layers(self.layers).get("buildings"))
        self.moveButton.setChecked(on)

    def toggle_move_tool(self) -> None:
        self.set_move_tool(self.map.move_tool is None)

    def _moved_on_map(self, lon: float, lat: float) -> None:
        self.set_move_tool(False)
        self.controller.move_to(lon, lat)

    # -- actions ------------------------------------------------------------------------

    def show_refusal(self, message: str) -> None:
        notify(self.iface, message, Qgis.Warning)

    def _ask_reason(self, title: str) -> str | None:
        return ask_text(self, title, tr("Reason:"))

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
        key = self.point_panel.selected_finding()
        if key is None:
            self.show_refusal(tr("Select the finding to dismiss."))
            return
        self.controller.dismiss(key)

    def edit_attributes(self) -> None:
        if self.controller is None or self.controller.current is None:
            return self.show_refusal(tr("No point selected."))
        self.tabs.setCurrentIndex(0)  # the form is on the Point tab, under the attributes
        self.edit_panel.start(self.session, self.controller.current)

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
        choice = self.group_panel.merge_choice() if self.controller and \
            self.controller.current else None
        if choice is None:
            self.show_refusal(tr("Select the record to keep."))
            return
        keeper, others, _copy = choice
        if self.ask_confirm(tr("Merge the duplicates"), tr(
                "Keep point {} and reject the {} other points of the group as its "
                "duplicates? (Ctrl+Z undoes it.)").format(
                    self.session.point(keeper).point_id, len(others))):
            self.controller.merge(*choice)

    def _ask_confirm(self, title: str, text: str) -> bool:
        return ask_yes_no(self, title, text)

    # -- the reviewer and the reference layers ------------------------------------------

    def _ask_name(self) -> str | None:
        name = ask_text(self, tr("Your name"), tr(
            "The name recorded in the review history (empty: the computer login):"),
            str(settings.REVIEW_USER.value() or ""))
        return None if name is None else name.strip()

    def change_reviewer(self) -> None:
        """Set the name the audit records; an open session is opened again under it."""
        name = self.ask_name()
        if name is None:
            return
        settings.REVIEW_USER.set(name)
        self.reviewerButton.setText(settings.user_name())
        if self.session is not None and self.session.user != settings.user_name() and \
                self.tabs.isEnabled():  # not while a task writes it: then from the next open
            self._open_reporting_errors(self.session.path)

    def locate_reference(self, kind: str, source: str) -> None:
        """The officer found a moved reference layer: remember it, show it."""
        try:
            self.session.set_reference(kind, source)
        except SessionError as exc:  # read-only: shown for now, not remembered
            self.show_refusal(str(exc))
            self.session.meta["references"][kind] = source
        remove_session_layers(QgsProject.instance(), self.session.path, self.layers)
        self.group, self.layers = load_session_layers(QgsProject.instance(), self.session.path,
                                                      self.session.meta["references"])
        self.references_panel.show_missing(self.session.meta)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API name
        scroll = self.scrolled.get(watched)
        if scroll is not None and event.type() == QEvent.LayoutRequest:
            # these scroll up and down only: never narrower than their widest row
            scroll.setMinimumWidth(watched.minimumSizeHint().width() +
                                   scroll.verticalScrollBar().sizeHint().width())
        return super().eventFilter(watched, event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API name
        self.close_session()
        super().closeEvent(event)
