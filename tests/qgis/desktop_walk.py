"""The officer's walk through the Review dock in the real QGIS desktop, run by ``qgis --code``.

Started by ``test_desktop_walk.py`` under Xvfb: QGIS runs this file after it has started
(plugins loaded from the profile). It drives the desktop as an officer does, through
``qgis.utils.iface``, the plugin's widgets found by their object names and keys pressed on
the map canvas, one step after another on the Qt event loop (QTimer), then quits through
*Project → Exit*. Every event goes, as one JSON line, to the report file named in
``DIACHI_WALK`` (a JSON file of settings), written as it happens: a crash or a hang still
leaves what happened before it.

Nothing here asserts: the test reads the report and decides.
"""
from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
import traceback

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.gui import QgsMessageBarItem
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QPoint, QRect, Qt, QTimer
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import (
    QAbstractButton,
    QAction,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QGroupBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QTableWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from qgis.utils import iface, plugins

CONFIG = json.loads(open(os.environ["DIACHI_WALK"], encoding="utf-8").read())
ACTION_BUTTONS = ("previousButton", "nextButton", "zoomButton", "approveButton",
                  "acceptButton", "moveButton", "rejectButton", "fieldCheckButton",
                  "dismissButton", "editButton", "undoButton", "confirmButton",
                  "returnButton", "openSessionButton", "newSessionButton")
"""The dock's action buttons, by object name (as buttons, or as actions of a toolbar)."""
TIMEOUT_S = 60
SCREENSHOT_SCALE = 4000
"""1:4000: zoom 17 of the test's tile server, its most detailed."""


def tr(text: str) -> str:
    return QCoreApplication.translate("diachi", text)


class Report:
    """One JSON line per event, flushed at once."""

    def __init__(self, path: str):
        self.handle = open(path, "a", encoding="utf-8")

    def __call__(self, kind: str, **data) -> None:
        self.handle.write(json.dumps({"kind": kind, "t": round(time.monotonic(), 3), **data},
                                     ensure_ascii=False, default=str) + "\n")
        self.handle.flush()


report = Report(CONFIG["report"])


# -- what QGIS says: the message log, Python errors, the message bar, modal dialogs --------

PYTHON_ERROR = QCoreApplication.translate("Python", "Python error")


def on_log(message: str, tag: str, level) -> None:
    level = int(level)
    if tag == PYTHON_ERROR or level == int(Qgis.Critical):
        report("log_error", tag=tag, level=level, message=message)
    else:
        report("log", tag=tag, level=level, message=message[:500])


QgsApplication.messageLog().messageReceived.connect(on_log)
_hook = sys.excepthook


def excepthook(kind, value, tb) -> None:
    report("python_error", message="".join(traceback.format_exception(kind, value, tb)))
    _hook(kind, value, tb)  # QGIS shows it as an officer would see it


sys.excepthook = excepthook


BAR: list[str] = []
"""The message bar's messages so far."""


def on_bar_item(widget) -> None:
    item = sip.cast(widget, QgsMessageBarItem)  # PyQt hands it over as a plain QWidget
    BAR.append(item.text())
    report("message_bar", title=item.title(), text=item.text(), level=int(item.level()))


iface.messageBar().widgetAdded.connect(on_bar_item)


SEEN = "diachiWalkSeen"


class Modals:
    """Answers the modal dialogs of the walk; ``expect`` holds what the current step
    expects, by class: a function that answers it. Anything else is recorded and closed."""

    def __init__(self):
        self.expect: dict[type, object] = {}
        self.timer = QTimer()
        self.timer.timeout.connect(self.check)
        self.timer.start(100)  # fires in the modal dialog's own event loop too

    def check(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or not widget.isVisible():
            return
        seen = widget.property(SEEN)  # on the dialog itself: a new one may reuse its address
        if seen is not None:  # answered, and still there: close it
            if time.monotonic() - float(seen) > 3:
                report("modal_stuck", cls=type(widget).__name__, title=widget.windowTitle())
                widget.setProperty(SEEN, time.monotonic())
                widget.reject() if isinstance(widget, QDialog) else widget.close()
            return
        widget.setProperty(SEEN, time.monotonic())
        texts = visible_texts(widget)
        answer = next((fn for kind, fn in self.expect.items() if isinstance(widget, kind)),
                      None)
        report("modal", cls=type(widget).__name__, title=widget.windowTitle(),
               texts=texts, expected=answer is not None, ours=plugin_owned(widget))
        if answer is None:
            widget.reject() if isinstance(widget, QDialog) else widget.close()
        else:
            QTimer.singleShot(50, lambda: self.answer(widget, answer))

    @staticmethod
    def answer(widget, answer) -> None:
        try:
            answer(widget)
        except Exception:
            report("walk_error", message=traceback.format_exc())
            widget.reject() if isinstance(widget, QDialog) else widget.close()


def plugin_owned(widget: QWidget) -> bool:
    """Whether the plugin opened ``widget`` (a widget of the plugin is among its parents)."""
    while widget is not None:
        if type(widget).__module__.startswith("diachi"):
            return True
        widget = widget.parentWidget()
    return False


def open_file(path: str):
    """An answer for a file dialog: choose ``path`` and press Open."""
    def answer(dialog) -> None:
        dialog.findChild(QLineEdit, "fileNameEdit").setText(path)  # typed, as a person does
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Open).click()
    return answer


def discard(box) -> None:
    """"Save the project?": discard (the walk's project is not worth keeping); "the project
    has temporary layers" (any layer under /tmp, as the test's session): yes, close it."""
    for role in (QMessageBox.Discard, QMessageBox.Yes):
        button = box.button(role) if isinstance(box, QMessageBox) else None
        if button is not None:
            button.click()
            return
    box.reject()


def yes(box) -> None:
    """A confirmation (merge the group?): yes (OK, or accept for a dialog of its own)."""
    for role in (QMessageBox.Yes, QMessageBox.Ok):
        button = box.button(role) if isinstance(box, QMessageBox) else None
        if button is not None:
            button.click()
            return
    box.accept()


# -- what the officer sees --------------------------------------------------------------

def visible_texts(root: QWidget) -> list[str]:
    """The texts a person reads in ``root``: labels, buttons, titles, tabs, table headers,
    tooltips of buttons, dialog and message texts."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QAbstractButton):
            texts += [widget.text(), widget.toolTip()]
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QTableWidget):
            texts += [widget.horizontalHeaderItem(i).text() for i in
                      range(widget.columnCount()) if widget.horizontalHeaderItem(i)]
        elif isinstance(widget, QTextEdit):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QDockWidget | QDialog):
            texts.append(widget.windowTitle())
    if isinstance(root, QMessageBox):
        texts += [root.text(), root.informativeText()]
    return [t for t in texts if t and t.strip()]


def on_screen(widget: QWidget) -> dict:
    """Where ``widget`` is on the screen, and whether all of it is there to click."""
    screen = QApplication.primaryScreen().geometry()
    corner = widget.mapToGlobal(QPoint(0, 0))
    rect = QRect(corner, widget.size())
    seen = widget.visibleRegion().boundingRect()
    return {"rect": [rect.x(), rect.y(), rect.width(), rect.height()],
            "visible": widget.isVisible(), "unclipped": seen == widget.rect(),
            "on_screen": widget.isVisible() and screen.contains(rect) and
            seen == widget.rect()}


def find_button(root: QWidget, name: str) -> QWidget | None:
    """A button by object name, or the toolbar button of an action of that name."""
    widget = root.findChild(QWidget, name)
    if widget is not None:
        return widget
    action = root.findChild(QAction, name)
    if action is not None:
        shown = [w for w in action.associatedWidgets() if w.isVisible()]
        return shown[0] if shown else (action.associatedWidgets() or [None])[0]
    return None


def scroll_to(widget: QWidget) -> bool:
    """Scroll the scroll areas holding ``widget`` to it, as the officer would; whether
    there were any."""
    areas, parent = [], widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            areas.append(parent)
        parent = parent.parentWidget()
    for area in areas:  # the innermost first
        area.ensureWidgetVisible(widget, 0, 0)
    QApplication.processEvents()
    return bool(areas)


def check_buttons(where: str, dock, names) -> None:
    """Each button of ``names`` on the screen, all of it (in a scrolling panel: once
    scrolled to)."""
    for name in names:
        button = find_button(dock, name)
        scrolled = scroll_to(button) if button is not None else False
        report("button", where=where, name=name, found=button is not None, scrolled=scrolled,
               **(on_screen(button) if button is not None else {"on_screen": False}))


def grab(name: str) -> str:
    path = os.path.join(CONFIG["out"], f"{name}.png")
    QApplication.primaryScreen().grabWindow(0).save(path)
    dock = window.findChild(QDockWidget, "DiachiReviewDock")
    report("screenshot", name=name, path=path, canvas=on_screen(canvas.viewport())["rect"],
           dock=on_screen(dock)["rect"] if dock is not None else None)
    return path


def lock_rows(path: str) -> list:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT user, host, pid FROM session_lock").fetchall()


# -- the walk ---------------------------------------------------------------------------

modals = Modals()
window = iface.mainWindow()
canvas = iface.mapCanvas()


def step(name: str, ok: bool, **detail) -> bool:
    report("step", name=name, ok=bool(ok), **detail)
    return bool(ok)


def press(key: str) -> float:
    """Press ``key`` (``N``, ``Ctrl+Z``) with the focus on the map; milliseconds taken."""
    QApplication.setActiveWindow(window)
    canvas.setFocus()
    QApplication.processEvents()
    focus = QApplication.focusWidget()
    modifier = Qt.ControlModifier if key.startswith("Ctrl+") else Qt.NoModifier
    started = time.perf_counter()
    QTest.keyClick(canvas, getattr(Qt, f"Key_{key[-1]}"), modifier)
    taken = (time.perf_counter() - started) * 1000
    report("key", key=key, ms=round(taken, 1),
           focus=type(focus).__name__ if focus is not None else None,
           on_map=focus is not None and (focus is canvas or canvas.isAncestorOf(focus)))
    return taken


def later(action) -> None:
    """Run ``action`` from the event loop: a modal dialog it opens waits there, not inside
    the walk (which could not answer it)."""
    QTimer.singleShot(0, action)


def waiting(predicate, seconds: float = TIMEOUT_S):
    """For ``yield``: wait until ``predicate()`` is true (or ``seconds`` passed)."""
    return ("until", predicate, seconds)


def walk():
    """The steps; ``yield`` milliseconds to let Qt work, or ``waiting(...)``."""
    screen = QApplication.primaryScreen().geometry()
    window.setGeometry(QApplication.primaryScreen().availableGeometry())  # maximised
    window.activateWindow()
    yield waiting(lambda: "diachi" in plugins)
    step("plugin loaded", "diachi" in plugins,
         screen=[screen.width(), screen.height()],
         locale=QgsApplication.locale(), review=tr("Review points"))
    window.findChild(QAction, "diachiReviewDock").trigger()
    yield 500
    dock = window.findChild(QDockWidget, "DiachiReviewDock")
    if not step("dock shown", dock is not None and dock.isVisible()):
        return
    dock.smooth_pan = False  # the walk checks places, not the glide

    # open the session as an officer does: the Open button, a file dialog
    session = CONFIG["session"]
    modals.expect = {QFileDialog: open_file(session)}
    later(find_button(dock, "openSessionButton").click)
    yield waiting(lambda: dock.session is not None, 20)
    modals.expect = {}
    if not step("session opened", dock.session is not None and
                not dock.session.read_only, cwd=os.getcwd(),
                path=dock.session.path if dock.session else None):
        return
    layers = {name: layer.name() for name, layer in dock.layers.items()}
    step("reference layers on the map", all(k in dock.layers for k in
         ("buildings", "roads", "water", "communes")), layers=sorted(layers),
         references=dock.session.meta.get("references"))
    # the imagery: the office's own tile URL from the settings (a local server here)
    button = dock.findChild(QAbstractButton, "basemapButton")
    menu = button.menu() if button is not None else None
    custom = next((a for a in menu.actions() if a.text() == tr("Custom tile URL (settings)…")),
                  None) if menu is not None else None
    custom.trigger() if custom is not None else dock.basemap.add_custom_basemap()
    yield 300
    check_buttons("session open", dock, ACTION_BUTTONS)
    frame = window.frameGeometry()
    report("window", rect=[frame.x(), frame.y(), frame.width(), frame.height()],
           minimum=[window.minimumSizeHint().width(), window.minimumSizeHint().height()],
           dock_minimum=[dock.minimumSizeHint().width(), dock.minimumSizeHint().height()])
    report("button", where="session open", name="QGIS status bar", found=True,
           **on_screen(window.statusBar()))
    report("texts", where="dock", texts=visible_texts(dock))
    controller = dock.controller

    def status(fid):
        return dock.session.point(fid).review["status"]

    def last_action(fid):
        history = dock.session.history(fid)
        return history[-1]["action"] if history else None

    # N, A, F, R with the focus on the map
    before = controller.index
    press("N")
    yield 100
    step("N", controller.index == before + 1, index=controller.index)
    fid = controller.current.fid
    press("A")
    yield 100
    step("A", status(fid) == "approved" and controller.current.fid != fid, fid=fid,
         status=status(fid))
    fid = controller.current.fid
    press("F")
    yield 100
    step("F", status(fid) == "needs_field_check", fid=fid, status=status(fid))
    fid = controller.current.fid
    modals.expect = {QInputDialog: lambda d: (d.setTextValue(CONFIG["reason"]), d.accept())}
    later(lambda: press("R"))
    yield waiting(lambda: status(fid) != "new", 10)
    modals.expect = {}
    step("R", status(fid) == "rejected", fid=fid, status=status(fid),
         reason=dock.session.point(fid).review["reason"])
    # P back to it, C: the maker-checker rule refuses, in words in the message bar
    bar_before = len(BAR)
    press("P")
    yield 100
    press("C")
    yield 200
    step("C refused", controller.current.fid == fid and status(fid) == "rejected" and
         len(BAR) > bar_before, fid=fid, status=status(fid), said=BAR[bar_before:])

    # a point with a suggested location: Z zooms to it, S accepts the suggestion
    dock.checkCombo.setCurrentIndex(dock.checkCombo.findData("snap"))
    yield 200
    record = controller.current
    press("Z")
    yield waiting(lambda: not canvas.isDrawing(), 20)
    yield 1500  # the imagery tiles
    yield waiting(lambda: not canvas.isDrawing(), 20)
    here = dock.map.to_canvas().transform(record.x, record.y)
    step("Z", canvas.extent().contains(here), scale=round(canvas.scale()))
    canvas.zoomScale(SCREENSHOT_SCALE)  # the neighbourhood, where the local tiles are sharp
    yield 300
    yield waiting(lambda: not canvas.isDrawing(), 20)
    yield 1000
    yield waiting(lambda: not canvas.isDrawing(), 20)
    iface.messageBar().clearWidgets()  # the refusal above was read: closed, as the officer does
    yield 100
    grab("review-dock")
    suggestion = record.suggestion()
    press("S")
    yield 100
    moved = dock.session.point(record.fid)
    step("S", suggestion is not None and (moved.x, moved.y) == (
        suggestion["suggested_x"], suggestion["suggested_y"]) and
        last_action(record.fid) == "accept_suggestion", fid=record.fid,
        status=moved.review["status"])

    # D dismisses the selected finding; Ctrl+Z undoes that
    dock.checkCombo.setCurrentIndex(0)
    yield 100
    fid = controller.current.fid
    press("D")
    yield 100
    step("D", last_action(fid) == "dismiss", fid=fid, last=last_action(fid))
    press("Ctrl+Z")
    yield 100
    step("Ctrl+Z", last_action(fid) == "undo", fid=fid, last=last_action(fid))

    # merge a duplicate group, keeping the suggested keeper (a confirmation: yes)
    dock.checkCombo.setCurrentIndex(dock.checkCombo.findData("duplicate"))
    yield 200
    record = controller.current
    members = dock.session.group(record.review["group_id"]) if record else []
    tab = dock.findChild(QWidget, "groupTab")
    dock.tabs.setCurrentIndex(dock.tabs.indexOf(tab))
    yield 200
    check_buttons("group tab", dock, ("mergeButton", "copyFieldsCheck"))
    report("texts", where="group", texts=visible_texts(dock))
    choice = dock.group_panel.merge_choice()
    modals.expect = {QDialog: yes}  # a confirmation, if the dock asks
    later(find_button(dock, "mergeButton").click)
    yield waiting(lambda: choice is not None and status(choice[1][0]) == "rejected", 10)
    modals.expect = {}
    keeper = dock.session.point(choice[0]).point_id if choice else None
    step("merge", choice is not None and len(members) >= 2 and all(
        dock.session.point(f).review["duplicate_of"] == str(keeper) for f in choice[1]),
        members=members, keeper=keeper)
    # the History tab tells what was done, in words
    dock.tabs.setCurrentIndex(dock.tabs.indexOf(dock.findChild(QWidget, "historyTab")))
    yield 200
    report("texts", where="history", texts=visible_texts(dock))
    dock.tabs.setCurrentIndex(0)

    # publish: a dry run against the local server, then Cancel
    window.findChild(QAction, "diachiPublish").trigger()
    yield 300
    dialog = next((w for w in QApplication.topLevelWidgets()
                   if w.objectName() == "PublishDialog" and w.isVisible()), None)
    if step("publish dialog", dialog is not None):
        report("texts", where="publish", texts=visible_texts(dialog))
        dialog.profilesWidget.setFilePath(CONFIG["profiles"])
        yield 200
        dialog.dryRunButton.click()
        yield 200
        yield waiting(lambda: dialog.dryRunButton.isEnabled(), 60)
        summary = dialog.summary.toPlainText()
        step("publish dry run", str(CONFIG["confirmed"]) in summary, summary=summary)
        check_buttons("publish", dialog, ("dryRunButton", "publishButton", "cancelButton"))
        report("texts", where="publish dry run", texts=visible_texts(dialog))
        yield 1000  # the task manager deletes the finished task meanwhile
        dialog.cancelButton.click()
        yield 200
        step("publish cancel", not dialog.isVisible())

    # Project → New with the session open: it closes; A on the map then does nothing wrong
    modals.expect = {QMessageBox: discard}
    later(iface.actionNewProject().trigger)
    yield waiting(lambda: dock.session is None, 10)
    yield 300
    modals.expect = {}
    locks = lock_rows(session)
    step("new project", dock.session is None and not QgsProject.instance().mapLayers() and
         not locks, locks=locks)
    press("A")
    yield 200
    # open it again and quit with it open: quitting must give the session back
    dock.open_session(session)
    yield 300
    step("reopened", dock.session is not None and not dock.session.read_only,
         locks=lock_rows(session))


class Runner:
    """Runs ``walk()`` on the event loop; quits QGIS after it, whatever happened."""

    def __init__(self):
        self.steps = walk()
        self.started = time.monotonic()

    def advance(self) -> None:
        try:
            wait = next(self.steps)
        except StopIteration:
            return self.quit()
        except Exception:
            report("walk_error", message=traceback.format_exc())
            return self.quit()
        if isinstance(wait, tuple):
            _, predicate, seconds = wait
            self.poll(predicate, time.monotonic() + seconds)
        else:
            QTimer.singleShot(int(wait), self.advance)

    def poll(self, predicate, deadline: float) -> None:
        try:
            ready = predicate()
        except Exception:
            ready = False
        if ready or time.monotonic() > deadline:
            if not ready:
                report("timeout", at=time.monotonic() - self.started)
            QTimer.singleShot(0, self.advance)
        else:
            QTimer.singleShot(100, lambda: self.poll(predicate, deadline))

    def quit(self) -> None:
        report("quitting", seconds=round(time.monotonic() - self.started, 1))
        modals.expect = {QMessageBox: discard}
        QgsApplication.instance().aboutToQuit.connect(lambda: report("about_to_quit"))
        later(iface.actionExit().trigger)


runner = Runner()
QTimer.singleShot(CONFIG.get("start_ms", 1000), runner.advance)
