"""Issue 23, usability: the review dock fits a 1366×768 laptop, a session finds its files
from any working folder (and says when one is missing), opens on a point inside the
communes at the officer's scale; the new-session dialog, imagery without internet, the
toolbar icons, commune names in the filter, merge confirmation, local times in the
history and the reviewer's name set from the dock."""
from __future__ import annotations

import json
import shutil
import sqlite3
import time

import pyogrio
import pyogrio.raw
import pytest
from conftest import lock_holders
from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QEventLoop, QPoint, QRect, Qt, QTimer
from qgis.PyQt.QtWidgets import QApplication, QPushButton

KINDS = ("communes", "buildings", "roads", "water", "entrances")


@pytest.fixture(scope="module")
def built_project(tmp_path_factory, sample):
    """A project folder as an office keeps it: the data, and the session in a subfolder,
    created with paths relative to the folder QGIS was started in (the project's)."""
    import os

    from diachi_geo.session import create_session

    root = tmp_path_factory.mktemp("office") / "project"
    (root / "sessions").mkdir(parents=True)
    shutil.copy(sample, root / "data.gpkg")
    started_in = os.getcwd()
    os.chdir(root)
    try:
        create_session("data.gpkg|layername=points", "sessions/session.gpkg",
                       references={k: f"data.gpkg|layername={k}" for k in KINDS}, user="an")
    finally:
        os.chdir(started_in)
    return root


@pytest.fixture
def project(built_project, tmp_path):
    """A fresh copy of the project folder."""
    root = tmp_path / "project"
    shutil.copytree(built_project, root)
    return root


@pytest.fixture
def session_path(project):
    return str(project / "sessions" / "session.gpkg")


@pytest.fixture
def dock(plugin, qgis_iface, qgis_canvas, monkeypatch, tmp_path):
    qgis_iface.mainWindow().show()
    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    qgis_canvas.zoomScale(2000)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # QGIS started in another folder than the project's
    dock = plugin.show_review_dock()
    dock.smooth_pan = False
    dock.ask_reason = lambda title: "not at this place"
    qgis_iface.messageBar().clear_messages()
    yield dock
    dock.close_session()


def meta(path) -> dict:
    with sqlite3.connect(str(path)) as conn:
        return {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM session_meta")}


def fits_a_laptop(dock, window, session_path) -> None:
    """The dock's minimum size fits 1366×768 with every action inside it."""
    window.resize(1366, 768)
    window.addDockWidget(Qt.RightDockWidgetArea, dock)
    dock.open_session(session_path, "an")
    dock.checkCombo.setCurrentIndex(dock.checkCombo.findData("duplicate"))  # all tabs on
    QApplication.processEvents()  # the widest rows set the scrolled parts' widths
    hint = dock.minimumSizeHint()
    assert hint.height() <= 600 and hint.width() <= 520, hint
    dock.setFloating(True)
    try:
        dock.resize(hint)
        QApplication.processEvents()
        inside = dock.rect()
        buttons = [*dock.action_buttons, dock.openSessionButton, dock.newSessionButton,
                   dock.revalidateButton, dock.fieldExportButton, dock.fieldImportButton,
                   dock.reviewerButton, dock.progressBar]
        for button in buttons:
            box = QRect(button.mapTo(dock, QPoint(0, 0)), button.size())
            assert button.isVisible() and inside.contains(box), button.objectName()
        # the rest scrolls up and down only: nothing cut off at the right
        for contents, scroll in ((dock.bodyContents, dock.bodyScroll),
                                 (dock.pointContents, dock.pointScroll)):
            assert contents.width() <= scroll.viewport().width(), contents.objectName()
        # the actions are the compact bar at the top, above the worklist and the tabs
        top = max(b.mapTo(dock, QPoint(0, 0)).y() for b in dock.action_buttons)
        assert top < dock.filterGroup.mapTo(dock, QPoint(0, 0)).y()
    finally:
        dock.setFloating(False)


def test_the_dock_fits_a_laptop_screen_with_every_action_visible(dock, session_path,
                                                                  qgis_iface):
    """It needed 870 px on the desktop: on 1366×768 the actions were off-screen."""
    fits_a_laptop(dock, qgis_iface.mainWindow(), session_path)


def test_in_vietnamese_too(plugin_dir, qgis_iface, session_path):
    from diachi.dialogs.review_dock import ReviewDock
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    translator = QTranslator()
    assert translator.load(str(plugin_dir / "i18n" / "diachi_vi.qm"))
    QCoreApplication.installTranslator(translator)
    dock = None
    try:
        dock = ReviewDock(qgis_iface, qgis_iface.mainWindow())
        assert dock.acceptButton.text() == "Nhận đề xuất"
        fits_a_laptop(dock, qgis_iface.mainWindow(), session_path)
    finally:
        if dock is not None:
            dock.detach()
            qgis_iface.mainWindow().removeDockWidget(dock)
            dock.deleteLater()
        QCoreApplication.removeTranslator(translator)


def test_a_session_finds_its_layers_from_another_working_folder(dock, session_path,
                                                                project):
    stored = meta(session_path)["references"]
    assert stored["buildings"] == "../data.gpkg|layername=buildings"  # the session's folder
    dock.open_session(session_path, "an")
    for kind in ("buildings", "roads", "communes", "water"):
        assert dock.layers[kind].isValid() and dock.layers[kind].featureCount() > 0, kind
    assert dock.references_panel.isHidden()


def test_an_old_session_with_paths_relative_to_the_start_folder_still_opens(
        dock, session_path, project, monkeypatch):
    with sqlite3.connect(session_path) as conn:  # as sessions stored them before
        conn.execute("DELETE FROM session_meta WHERE key = 'absolute_paths'")
        conn.execute("UPDATE session_meta SET value = ? WHERE key = 'references'", (
            json.dumps({k: f"project/data.gpkg|layername={k}" for k in KINDS}),))
    monkeypatch.chdir(project.parent)  # started where those paths were written
    dock.open_session(session_path, "an")
    assert dock.layers["buildings"].featureCount() > 0 and dock.references_panel.isHidden()


def test_a_missing_reference_layer_is_said_and_located(dock, session_path, project):
    moved = project / "moved" / "reference.gpkg"
    moved.parent.mkdir()
    (project / "data.gpkg").rename(moved)
    with sqlite3.connect(session_path) as conn:  # on another computer: no old path either
        conn.execute("DELETE FROM session_meta WHERE key = 'absolute_paths'")
    dock.open_session(session_path, "an")
    panel = dock.references_panel
    assert not panel.isHidden() and "buildings" not in dock.layers
    assert "Building footprints not found" in panel.missingLabel.text()
    roads = project / "moved" / "roads.geojson"  # one layer to a file: no layer name
    info, _fids, wkb, values = pyogrio.raw.read(str(moved), layer="roads")
    pyogrio.raw.write(str(roads), wkb, values, info["fields"], driver="GeoJSON",
                      crs=info["crs"], geometry_type=info["geometry_type"])
    panel.ask_file = lambda kind, source: str(roads if kind == "roads" else moved)
    for _ in KINDS:  # one Locate… per layer
        if not panel.isHidden():
            panel.locateButton.click()
    assert panel.isHidden() and dock.layers["buildings"].featureCount() > 0
    assert dock.layers["roads"].featureCount() > 0
    stored = meta(session_path)["references"]
    assert stored["water"] == "../moved/reference.gpkg|layername=water"
    assert stored["roads"] == "../moved/roads.geojson"
    dock.close_session()
    dock.open_session(session_path, "an")  # remembered
    assert dock.references_panel.isHidden() and "roads" in dock.layers


def test_opening_starts_inside_the_communes_at_the_officers_scale(dock, session_path,
                                                                   qgis_canvas):
    from diachi import settings

    settings.REVIEW_SCALE.set(2500.0)
    qgis_canvas.zoomScale(27_000_000)  # where the map was: the whole country
    dock.open_session(session_path, "an")
    record = dock.controller.current
    first = dock.session.point(int(dock.controller.fids[0]))
    assert ",null_island," in first.review["open_checks"]  # the sample starts at 0,0
    for check in ("null_island", "outside_country", "swapped_latlon"):
        assert f",{check}," not in record.review["open_checks"]
    assert 102 < record.x < 110 and 8 < record.y < 24  # in Vietnam
    assert qgis_canvas.scale() == pytest.approx(2500, rel=0.02)
    qgis_canvas.zoomScale(800)
    dock.close_session()
    assert settings.REVIEW_SCALE.value() == pytest.approx(800, rel=0.02)
    qgis_canvas.zoomScale(27_000_000)
    dock.close_session()  # nothing open: nothing remembered
    assert settings.REVIEW_SCALE.value() == pytest.approx(800, rel=0.02)


def test_new_session_prefers_the_collected_points_to_diachis_own_layers(
        dock, session_path, qgis_iface, sample):
    from diachi.dialogs.new_session import NewSessionDialog

    dock.open_session(session_path, "an")  # its Findings and points are point layers
    collected = QgsVectorLayer(f"{sample}|layername=points", "points", "ogr")
    QgsProject.instance().addMapLayer(collected)
    try:
        dialog = NewSessionDialog(qgis_iface)
        assert dialog.pointsCombo.currentLayer() is collected
        dialog.show()
        assert dialog.output.width() >= 400  # a whole path shows
        dialog.close()
    finally:
        QgsProject.instance().removeMapLayer(collected.id())


def closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when it returns: nothing listens


def wait_for(fetcher) -> None:
    loop = QEventLoop()
    fetcher.finished.connect(lambda: QTimer.singleShot(0, loop.quit))
    QTimer.singleShot(15000, loop.quit)
    loop.exec_()


def test_satellite_without_internet_says_so_and_offers_the_offline_file(
        dock, qgis_iface, tile_server):
    from diachi.basemap import Basemap

    bar = qgis_iface.messageBar()
    url = f"http://127.0.0.1:{closed_port()}/{{z}}/{{x}}/{{y}}.png"
    layer = dock.basemap.add_basemap(Basemap("office", "Office imagery", url, "Office"))
    try:
        wait_for(dock.basemap.probe_fetcher)
        item = bar.currentItem()
        assert item is not None and "cannot be reached" in item.text()
        assert "Office imagery" in item.text()
        offline = item.findChild(QPushButton, "offlineImageryButton")
        assert offline is not None and offline.text() == "Offline imagery file…"
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
        bar.clearWidgets()
    # a server that is there (the local tile server; no tile at the probed zoom) says
    # nothing
    reachable = dock.basemap.add_basemap(Basemap("local", "Local", tile_server[0], "x"))
    try:
        wait_for(dock.basemap.probe_fetcher)
        assert bar.currentItem() is None
    finally:
        QgsProject.instance().removeMapLayer(reachable.id())


def test_validate_and_review_have_their_own_icons(plugin):
    icons = {a.objectName(): a.icon().pixmap(32, 32).toImage() for a in plugin.actions}
    validate, review = icons["diachiValidatePoints"], icons["diachiReviewDock"]
    assert not validate.isNull() and not review.isNull() and validate != review


def test_the_commune_filter_shows_code_and_name(dock, session_path):
    dock.open_session(session_path, "an")
    index = dock.communeCombo.findData("15007")
    assert dock.communeCombo.itemText(index) == "15007 Xã Hoằng Giang"


def test_merging_a_duplicate_group_asks_first(dock, session_path):
    dock.open_session(session_path, "an")
    dock.checkCombo.setCurrentIndex(dock.checkCombo.findData("duplicate"))
    members = dock.session.group(dock.controller.current.review["group_id"])
    asked = []
    dock.ask_confirm = lambda title, text: asked.append(text) or False
    dock.group_panel.mergeButton.click()
    assert len(asked) == 1 and f"reject the {len(members) - 1} other points" in asked[0]
    assert {dock.session.point(f).review["status"] for f in members} == {"new"}
    dock.ask_confirm = lambda title, text: True
    dock.group_panel.mergeButton.click()
    assert "rejected" in {dock.session.point(f).review["status"] for f in members}


@pytest.fixture
def hanoi_time(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_history_times_are_local(dock, session_path, hanoi_time):
    import datetime

    dock.open_session(session_path, "an")
    fid = dock.controller.current.fid
    dock.approveButton.click()
    dock.controller.go_to_fid(fid)
    at = dock.session.history(fid)[-1]["at"]  # stored in UTC
    local = datetime.datetime.fromisoformat(at) + datetime.timedelta(hours=7)
    text = dock.history_panel.historyBrowser.toPlainText()
    assert local.strftime("%Y-%m-%d %H:%M") in text and "+00:00" not in text


def test_the_reviewer_sets_their_name_in_the_dock(dock, session_path):
    from diachi import settings

    try:
        dock.open_session(session_path, "an")
        assert dock.reviewerButton.text() == "an"
        dock.ask_name = lambda: "Lê Thị Lan"
        dock.reviewerButton.click()
        assert settings.REVIEW_USER.value() == "Lê Thị Lan"
        assert dock.reviewerButton.text() == "Lê Thị Lan"
        assert dock.session.user == "Lê Thị Lan"  # reopened under the name
        assert lock_holders(session_path) == ["Lê Thị Lan"]
        fid = dock.controller.current.fid
        dock.approveButton.click()
        assert dock.session.history(fid)[-1]["user"] == "Lê Thị Lan"
        dock.ask_name = lambda: ""  # empty: back to the login name
        dock.reviewerButton.click()
        assert dock.reviewerButton.text() == settings.default_user()
    finally:
        settings.REVIEW_USER.set("")
