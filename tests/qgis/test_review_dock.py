"""The review dock driven through its widgets and keys on the bundled sample: review and
confirm, move with the map tool, merge a duplicate group, undo, reopen, maker-checker."""
from __future__ import annotations

import shutil

import pytest
from qgis.core import Qgis, QgsCoordinateReferenceSystem, QgsGeometry, QgsPointXY
from qgis.PyQt.QtCore import QPoint, Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication

KINDS = ("communes", "buildings", "roads", "water", "entrances")


@pytest.fixture(scope="module")
def built_session(tmp_path_factory, sample):
    from diachi_geo.session import create_session

    path = tmp_path_factory.mktemp("review") / "built.gpkg"
    create_session(f"{sample}|layername=points", str(path),
                   references={k: f"{sample}|layername={k}" for k in KINDS}, user="an")
    return path


@pytest.fixture
def session_path(built_session, tmp_path):
    path = tmp_path / "session.gpkg"
    shutil.copy(built_session, path)
    return str(path)


@pytest.fixture
def dock(plugin, qgis_iface, qgis_canvas):
    qgis_iface.mainWindow().show()  # shortcuts work in a shown, active window
    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    qgis_canvas.zoomScale(2000)
    dock = plugin.show_review_dock()
    dock.smooth_pan = False
    dock.ask_reason = lambda title: "not at this place"
    dock.ask_confirm = lambda title, text: True  # merging asks (test_review_layout.py)
    qgis_iface.messageBar().clear_messages()
    yield dock
    dock.close_session()


def key(dock, sequence: str) -> None:
    """Press a key as an officer does, with the QGIS window active."""
    QApplication.setActiveWindow(dock.window())
    dock.setFocus()
    modifier = Qt.ControlModifier if sequence.startswith("Ctrl+") else Qt.NoModifier
    QTest.keyClick(dock, getattr(Qt, f"Key_{sequence[-1]}"), modifier)


def status(dock, fid):
    return dock.session.point(fid).review["status"]


def warnings(iface):
    return " ".join(iface.messageBar().get_messages(Qgis.Warning))


def test_keys_review_a_run_of_points(dock, session_path):
    dock.open_session(session_path, "an")
    assert dock.layers["points"].readOnly()  # no edits around the audit trail
    c = dock.controller
    start = c.index  # the first point inside the communes (see test_review_layout.py)
    assert dock.positionLabel.text() == f"Point {start + 1} of {len(c.fids)}"
    first = c.current.fid
    key(dock, "A")
    assert status(dock, first) == "approved" and c.index == start + 1
    key(dock, "P")
    assert c.current.fid == first
    key(dock, "N")
    second = c.current.fid
    key(dock, "F")
    key(dock, "R")
    third = int(c.fids[start + 2])
    assert (status(dock, second), status(dock, third)) == ("needs_field_check", "rejected")
    assert dock.session.point(third).review["reason"] == "not at this place"
    assert dock.progressBar.value() == 3 and "Rejected: 1" in dock.countsLabel.text()
    # a snap point: S puts it where the suggestion is, drawn on the map before
    dock.checkCombo.setCurrentIndex(dock.checkCombo.findData("snap"))
    record = c.current
    suggestion = record.suggestion()
    assert dock.map.band.numberOfVertices() == 2
    key(dock, "S")
    moved = dock.session.point(record.fid)
    assert (moved.x, moved.y) == (suggestion["suggested_x"], suggestion["suggested_y"])
    assert moved.review["status"] == "corrected"
    assert dock.session.history(record.fid)[-1]["action"] == "accept_suggestion"
    assert c.current.fid != record.fid  # S moves on to the next point


def test_move_with_the_map_tool_snaps_to_the_building_outline(dock, session_path, qgis_canvas):
    dock.open_session(session_path, "an")
    buildings = dock.layers["buildings"]
    qgis_canvas.setLayers([dock.layers["points"], buildings])
    record = dock.controller.current
    key(dock, "Z")
    # a wall corner of the building nearest to the point, clicked 3 pixels off
    here = QgsGeometry.fromPointXY(QgsPointXY(record.x, record.y))
    building = min(buildings.getFeatures(), key=lambda f: f.geometry().distance(here))
    corner = building.geometry().vertexAt(0)
    transform = dock.map.to_canvas()
    target = transform.transform(QgsPointXY(corner.x(), corner.y()))
    qgis_canvas.setCenter(target)
    qgis_canvas.refresh()
    pixel = qgis_canvas.getCoordinateTransform().transform(target)
    key(dock, "M")
    assert qgis_canvas.mapTool() is dock.map.move_tool
    QTest.mouseClick(qgis_canvas.viewport(), Qt.LeftButton, Qt.NoModifier,
                     QPoint(int(pixel.x()) + 3, int(pixel.y()) - 2))
    moved = dock.session.point(record.fid)
    assert moved.review["status"] == "corrected"
    assert (moved.x, moved.y) == pytest.approx((corner.x(), corner.y()), abs=1e-9)
    assert dock.map.move_tool is None  # one click, one move
    history = dock.session.history(record.fid)
    assert history[-1]["action"] == "move" and history[-1]["old_x"] == record.x


def test_merge_a_duplicate_group_then_undo_with_ctrl_z(dock, session_path):
    dock.open_session(session_path, "an")
    dock.checkCombo.setCurrentIndex(dock.checkCombo.findData("duplicate"))
    record = dock.controller.current
    members = dock.session.group(record.review["group_id"])
    assert dock.tabs.isTabEnabled(1) and dock.group_panel.groupTable.rowCount() == len(members) >= 2
    keeper_row = dock.group_panel.groupTable.selectionModel().selectedRows()[0].row()
    keeper = dock.group_panel.groupTable.item(keeper_row, 0).data(Qt.UserRole)
    dock.group_panel.mergeButton.click()
    others = [f for f in members if f != keeper]
    assert status(dock, keeper) in ("approved", "corrected")
    keeper_id = dock.session.point(keeper).point_id
    for fid in others:
        review = dock.session.point(fid).review
        assert (review["status"], review["duplicate_of"]) == ("rejected", keeper_id)
    key(dock, "Ctrl+Z")
    assert {status(dock, f) for f in members} == {"new"}


def test_a_duplicate_says_in_words_what_agreed(dock, session_path):
    from diachi_geo.messages import evidence_text

    dock.open_session(session_path, "an")
    dock.checkCombo.setCurrentIndex(dock.checkCombo.findData("duplicate"))
    for _ in range(len(dock.controller.fids)):
        record = dock.controller.current
        member = next((f for f in record.findings if f["message_code"] == "duplicate"), None)
        if member is not None:
            break
        key(dock, "N")
    assert member is not None and member["params"]["levels"]["name"]
    words = evidence_text(member["params"]["levels"], dock.lang)
    findings = dock.point_panel.findingsList
    texts = [findings.item(i).text() for i in range(findings.count())]
    assert words and any(words in text for text in texts), (words, texts)


def test_reopening_finds_everything_as_left(dock, session_path):
    dock.open_session(session_path, "an")
    start = dock.controller.index
    key(dock, "A")
    key(dock, "A")
    where = dock.controller.current.fid
    approved = [int(f) for f in dock.controller.fids[start:start + 2]]
    dock.close_session()
    dock.open_session(session_path, "an")
    assert dock.controller.current.fid == where
    assert [status(dock, f) for f in approved] == ["approved", "approved"]
    assert dock.progressBar.value() == 2


def test_a_second_person_confirms_and_the_reviewer_cannot(dock, session_path, qgis_iface):
    dock.open_session(session_path, "an")
    fid = dock.controller.current.fid
    key(dock, "A")
    key(dock, "P")
    key(dock, "C")
    assert status(dock, fid) == "approved"
    assert "another person" in warnings(qgis_iface)
    dock.close_session()
    dock.open_session(session_path, "binh")
    dock.statusCombo.setCurrentIndex(dock.statusCombo.findData("approved"))
    assert dock.controller.current.fid == fid
    key(dock, "C")
    review = dock.session.point(fid).review
    assert (review["status"], review["reviewed_by"], review["checked_by"]) == \
        ("confirmed", "an", "binh")


def test_someone_else_holding_the_session_makes_it_read_only(dock, session_path, qgis_iface):
    from diachi_geo.session import Session

    holder = Session(session_path, "chi")
    try:
        dock.open_session(session_path, "an")
        assert dock.session.read_only
        assert "chi has this session open" in warnings(qgis_iface)
        fid = dock.controller.current.fid
        key(dock, "A")
        assert status(dock, fid) == "new" and "read-only" in warnings(qgis_iface)
    finally:
        holder.close()


def test_e_edits_the_name_audited_and_back_to_the_checker(dock, session_path, qgis_iface):
    import json

    dock.open_session(session_path, "an")
    column = dock.session.meta["fields"]["name"]
    while not (old_name := dock.controller.current.attributes[column]) or \
            old_name != old_name.strip():  # a point with a name, as stored
        key(dock, "N")
    fid = dock.controller.current.fid
    dock.tabs.setCurrentIndex(2)  # E comes back to the Point tab, where the form is
    key(dock, "E")
    panel = dock.edit_panel
    assert panel.is_open() and dock.tabs.currentIndex() == 0
    assert panel.nameEdit.text() == old_name and panel.houseNumberEdit.isHidden()  # unmapped
    combo = panel.categoryCombo
    choices = [combo.itemData(i) for i in range(combo.count())]
    assert choices == ["", *dock.session.field_values("category")]  # a value map
    key(dock, "A")  # while the form is open, a letter is no review key
    assert status(dock, fid) == "new"
    panel.nameEdit.setText("Nhà văn hóa thôn Đông")
    panel.saveButton.click()  # no reason: refused in words, nothing written
    assert "give a reason" in warnings(qgis_iface) and panel.is_open()
    assert dock.session.history(fid) == []
    QTest.keyClicks(panel.reasonEdit, "sign at the gate reads so")
    panel.saveButton.click()
    record = dock.session.point(fid)
    assert record.attributes[column] == "Nhà văn hóa thôn Đông"
    assert record.review["status"] == "corrected"
    edit = dock.session.history(fid)[-1]
    assert (edit["action"], edit["user"], edit["reason"], edit["new_status"]) == \
        ("edit_attributes", "an", "sign at the gate reads so", "corrected")
    old, new = json.loads(edit["old_values"]), json.loads(edit["new_values"])
    assert (old[f"attr:{column}"], new[f"attr:{column}"]) == (old_name, "Nhà văn hóa thôn Đông")
    assert [k for k in new if k.startswith("attr:")] == [f"attr:{column}"]  # only what changed
    assert not panel.is_open() and dock.controller.current.fid == fid  # stays on the point
    assert "Nhà văn hóa thôn Đông" in dock.point_panel.attributesLabel.text()
    history = dock.history_panel.historyBrowser.toPlainText()
    assert "attributes corrected" in history and "sign at the gate reads so" in history
    assert f"{column}: “{old_name}” → “Nhà văn hóa thôn Đông”" in history
    assert dock.shortcuts["A"].isEnabled()  # the keys work again


def test_a_read_only_session_refuses_an_edit_in_words(dock, session_path, qgis_iface):
    from diachi_geo.session import Session

    holder = Session(session_path, "chi")
    try:
        dock.open_session(session_path, "an")
        qgis_iface.messageBar().clear_messages()  # the warning on opening is not the refusal
        fid = dock.controller.current.fid
        key(dock, "E")
        panel = dock.edit_panel
        assert panel.readOnlyLabel.isVisibleTo(panel)  # said before anything is typed
        panel.nameEdit.setText("Tên mới")
        panel.reasonEdit.setText("sign at the gate")
        panel.saveButton.click()
        assert "open read-only" in warnings(qgis_iface)
        assert panel.is_open() and panel.nameEdit.text() == "Tên mới"  # nothing typed is lost
        assert dock.session.history(fid) == [] and status(dock, fid) == "new"
    finally:
        holder.close()


def test_dismiss_with_d_keeps_the_point_and_hides_the_finding(dock, session_path):
    dock.open_session(session_path, "an")
    record = dock.controller.current
    key(dock, "D")
    after = dock.session.point(record.fid)
    assert after.review["status"] == "new"
    assert [f["dismissed"] for f in after.findings][:1] == [True]


def test_the_dock_speaks_vietnamese_with_the_vietnamese_translation(plugin_dir, qgis_iface):
    from diachi.dialogs.review_dock import ReviewDock
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    translator = QTranslator()
    assert translator.load(str(plugin_dir / "i18n" / "diachi_vi.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        dock = ReviewDock(qgis_iface)
        assert dock.approveButton.text() == "Duyệt"
        assert dock.approveButton.toolTip() == "Duyệt: điểm đúng như hiện tại (A)"
        assert dock.tabs.tabText(1) == "Nhóm trùng lặp"
        assert dock.edit_panel.editButton.text() == "Sửa thuộc tính…"
        assert dock.edit_panel.editButton.toolTip().endswith("loại hoặc mã (E)")
        dock.deleteLater()
    finally:
        QCoreApplication.removeTranslator(translator)


def test_the_checker_sees_the_reviewers_move_on_the_map(dock, session_path):
    dock.open_session(session_path, "an")
    dock.checkCombo.setCurrentIndex(dock.checkCombo.findData("snap"))
    fid = dock.controller.current.fid
    key(dock, "S")
    dock.close_session()
    dock.open_session(session_path, "binh")
    dock.statusCombo.setCurrentIndex(dock.statusCombo.findData("corrected"))
    assert dock.controller.current.fid == fid
    assert dock.map.moved_band.numberOfVertices() == 2  # collected location -> corrected one
    assert dock.map.band.numberOfVertices() == 0        # the suggestion was taken: not drawn again
    assert "moved to the suggestion" in dock.history_panel.historyBrowser.toPlainText()


def test_photo_is_shown_scaled(dock, session_path, tmp_path):
    from diachi_geo.session.gpkgsql import connect
    from qgis.PyQt.QtGui import QColor, QImage

    photo = tmp_path / "gate.png"
    image = QImage(800, 600, QImage.Format_RGB32)
    image.fill(QColor("#336699"))
    image.save(str(photo))
    conn = connect(session_path)  # with the functions GDAL's triggers need
    conn.execute("UPDATE points SET photo = ?", (str(photo),))
    conn.close()
    dock.open_session(session_path, "an")
    pixmap = dock.photo_panel.photoLabel.pixmap()
    assert pixmap is not None and not pixmap.isNull()
    assert pixmap.height() <= 160 and pixmap.width() / pixmap.height() == pytest.approx(4 / 3,
                                                                                      rel=0.02)
    assert dock.photo_panel.photoButton.isEnabled()


def test_offline_imagery_goes_under_everything(dock, session_path, tmp_path):
    from osgeo import gdal
    from qgis.core import QgsProject

    path = str(tmp_path / "imagery.tif")
    raster = gdal.GetDriverByName("GTiff").Create(path, 64, 64, 3, gdal.GDT_Byte)
    raster.SetGeoTransform((105.70, 0.001, 0, 19.79, 0, -0.001))
    raster.SetProjection("EPSG:4326")
    raster = None
    dock.open_session(session_path, "an")
    dock.basemap.add_offline_basemap(path)
    root = QgsProject.instance().layerTreeRoot()
    bottom = root.children()[-1]
    assert bottom.layer().source() == path and bottom.layer().isValid()
    assert "imagery.tif" in dock.basemap.attributionLabel.text()
    QgsProject.instance().removeMapLayer(bottom.layer().id())


def test_revalidate_runs_as_a_task_and_keeps_dismissals(dock, session_path):
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    dock.open_session(session_path, "an")
    dock.checkCombo.setCurrentIndex(dock.checkCombo.findData("snap"))
    kept = dock.controller.current.fid
    key(dock, "D")
    loop = QEventLoop()
    dock.revalidate()
    assert not dock.approveButton.isEnabled()  # no edits while the task writes
    dock._task.done.connect(lambda *_: QTimer.singleShot(0, loop.quit))
    QTimer.singleShot(60000, loop.quit)
    loop.exec_()
    assert dock.approveButton.isEnabled()
    findings = dock.session.point(kept).findings
    assert [f["dismissed"] for f in findings if f["check"] == "snap"] == [True]


def test_photo_from_a_url_arrives_without_blocking(dock, session_path, tile_server):
    import glob

    from diachi_geo.session.gpkgsql import connect
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    url, log = tile_server  # one of the server's tiles stands in for a photo
    tile = sorted(glob.glob(str(log.parent / "tiles*" / "17" / "*" / "*.png")))[0]
    z, x, y = tile.rsplit("/", 3)[-3:]
    photo = url.replace("{z}", z).replace("{x}", x).replace("{y}", y.split(".")[0])
    conn = connect(session_path)
    conn.execute("UPDATE points SET photo = ?", (photo,))
    conn.close()
    dock.open_session(session_path, "an")
    assert dock.photo_panel.photoLabel.text() == "Loading photo…"
    loop = QEventLoop()
    dock.photo_panel.photo_fetcher.finished.connect(lambda: QTimer.singleShot(0, loop.quit))
    QTimer.singleShot(10000, loop.quit)
    loop.exec_()
    pixmap = dock.photo_panel.photoLabel.pixmap()
    assert pixmap is not None and pixmap.width() == pixmap.height() == 160


def labels_near(canvas, point, half_pixels: float):
    """Render the canvas as it stands; (every label placed, the labels whose box overlaps
    the square of ``half_pixels`` around ``point``), ``point`` in the canvas CRS."""
    from qgis.core import QgsMapRendererSequentialJob, QgsRectangle

    settings = canvas.mapSettings()
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    results = job.takeLabelingResults()
    half = half_pixels * settings.mapUnitsPerPixel()
    box = QgsRectangle(point.x() - half, point.y() - half, point.x() + half, point.y() + half)
    return results.allLabels(), results.labelsWithinRect(box)


def shared_boundary_point(communes):
    """Longitude, latitude of the middle of a boundary two communes share."""
    from qgis.core import QgsCoordinateTransform, QgsProject, QgsWkbTypes

    shapes = [f.geometry() for f in communes.getFeatures()]
    sliver = next(sliver for i, a in enumerate(shapes) for b in shapes[i + 1:]
                  if not (sliver := a.intersection(b.buffer(0.5, 4))).isEmpty())
    outline = sliver.convertToType(QgsWkbTypes.LineGeometry)  # within 0.5 m of the boundary
    middle = outline.interpolate(outline.length() / 2)
    middle.transform(QgsCoordinateTransform(communes.crs(), QgsCoordinateReferenceSystem(
        "EPSG:4326"), QgsProject.instance()))
    return middle.asPoint()


def test_no_label_covers_the_point_under_review(dock, session_path, qgis_canvas):
    """The dock centres the map on the point; the commune names must go elsewhere, also
    when the point lies on a commune boundary, and still be shown."""
    from diachi.review_map import MARKER_PEN, MARKER_SIZE
    from qgis.core import QgsProject

    dock.open_session(session_path, "an")
    dock.checkCombo.setCurrentIndex(dock.checkCombo.findData("snap"))  # points among houses
    order = QgsProject.instance().layerTreeRoot().layerOrder()
    qgis_canvas.setLayers([layer for layer in order if layer in dock.layers.values()])
    communes = dock.layers["communes"]
    half = (MARKER_SIZE + MARKER_PEN) / 2
    for step in range(6):
        if step == 5:  # the reviewer moves the point onto the line between two communes
            dock.controller.move_to(*shared_boundary_point(communes))
        marker = dock.map.markers[0]  # the point under review, in the middle of the view
        assert marker.center() == pytest.approx(qgis_canvas.center())
        labels, covering = labels_near(qgis_canvas, marker.center(), half)
        assert any(label.layerID == communes.id() for label in labels)  # names are shown
        assert [label.labelText for label in covering] == [], step
        key(dock, "N")


def test_findings_wrap_in_full_and_say_the_suggestion_in_words(dock, session_path):
    dock.open_session(session_path, "an")
    dock.checkCombo.setCurrentIndex(dock.checkCombo.findData("snap"))
    dock.resize(420, 900)
    panel = dock.point_panel
    findings = panel.findingsList
    record = dock.controller.current
    snap = record.suggestion()
    text = findings.item(0).text()
    assert f"{snap['params']['moved_m']:g} m" in text  # how far, in the suggestion line too
    assert "nearest building" in text or "building containing the point" in text  # the rule
    assert "S accepts it" in text
    # every finding is wrapped to the list's width and the list is as tall as they are:
    # nothing hides behind a scroll bar
    assert findings.horizontalScrollBar().maximum() == 0
    assert findings.verticalScrollBar().maximum() == 0
    rows = [findings.visualItemRect(findings.item(i)) for i in range(findings.count())]
    assert all(r.width() <= findings.viewport().width() for r in rows)
    assert sum(r.height() for r in rows) <= findings.viewport().height()
    assert rows[0].height() > 2 * findings.fontMetrics().height()  # wrapped, not cut
    # the attributes are all there, in a label sized to them (no scroll box of its own)
    fields = dock.session.meta["fields"]
    shown = panel.attributesLabel.text()
    assert all(str(record.attributes[fields[c]]) in shown
               for c in ("name", "address", "collector", "collected_at"))
    assert panel.attributesLabel.height() >= panel.attributesLabel.heightForWidth(
        panel.attributesLabel.width())


def test_the_photo_panel_says_why_there_is_no_picture(dock, session_path, tmp_path):
    from diachi_geo.session.gpkgsql import connect

    missing = tmp_path / "photos" / "gate.jpg"
    not_a_picture = tmp_path / "notes.jpg"
    not_a_picture.write_text("not a picture")
    conn = connect(session_path)
    conn.execute("UPDATE points SET photo = NULL")
    conn.execute("UPDATE points SET photo = ? WHERE fid % 3 = 1", (str(missing),))
    conn.execute("UPDATE points SET photo = ? WHERE fid % 3 = 2", (str(not_a_picture),))
    conn.close()
    dock.open_session(session_path, "an")
    dock.flaggedCheck.setChecked(False)
    label = dock.photo_panel.photoLabel
    seen = {}
    while len(seen) < 3 and dock.controller.index + 1 < len(dock.controller.fids):
        seen[dock.controller.current.fid % 3] = label.text().replace("\u200b", "")
        assert not dock.photo_panel.photoButton.isEnabled()  # no file: nothing to open
        if dock.controller.current.fid % 3 == 1:
            assert label.toolTip() == str(missing)  # the path, not in the panel
        key(dock, "N")
    assert seen == {0: "No photo", 1: "No photo: the file is not there (see the tooltip)",
                    2: f"The photo file cannot be read as a picture: {not_a_picture}"}


def on_map(canvas, sequence: str) -> None:
    """Press a key with the focus on the map canvas, where the officer's pointer is."""
    QApplication.setActiveWindow(canvas.window())
    canvas.setFocus()
    assert QApplication.focusWidget() is canvas
    modifier = Qt.ControlModifier if sequence.startswith("Ctrl+") else Qt.NoModifier
    QTest.keyClick(canvas, getattr(Qt, f"Key_{sequence[-1]}"), modifier)


def test_keys_act_with_the_focus_on_the_map_also_ctrl_z(dock, session_path, qgis_canvas,
                                                         qgis_iface):
    """Issue 23, 4: Ctrl+Z with the focus on the map did nothing and said nothing."""
    dock.open_session(session_path, "an")
    first, start = dock.controller.current.fid, dock.controller.index
    on_map(qgis_canvas, "A")
    assert status(dock, first) == "approved" and dock.controller.index == start + 1
    on_map(qgis_canvas, "Ctrl+Z")
    assert status(dock, first) == "new" and dock.controller.current.fid == first
    # docked as in QGIS (the test interface does not dock it), then floated beside the main
    # window: the keys still act on the map
    qgis_iface.mainWindow().addDockWidget(Qt.RightDockWidgetArea, dock)
    dock.setFloating(True)
    try:
        assert dock.isWindow() and dock.isVisible()
        on_map(qgis_canvas, "A")
        assert status(dock, first) == "approved"
        on_map(qgis_canvas, "Ctrl+Z")
        assert status(dock, first) == "new"
    finally:
        dock.setFloating(False)


def test_the_officers_own_key_from_the_shortcut_settings_acts(dock, session_path,
                                                               qgis_canvas):
    """Settings → Keyboard Shortcuts changes a key through the QGIS shortcut manager."""
    from qgis.core import QgsSettings
    from qgis.gui import QgsGui

    manager = QgsGui.shortcutsManager()
    approve = dock.shortcuts["A"]
    assert approve in manager.listShortcuts() and manager.defaultKeySequence(approve) == "A"
    assert approve.whatsThis() == "Review points: Approve: the point is right as it is"
    dock.open_session(session_path, "an")
    first = dock.controller.current.fid
    manager.setKeySequence(approve, "Ctrl+Y")
    try:
        on_map(qgis_canvas, "A")
        assert status(dock, first) == "new"
        on_map(qgis_canvas, "Ctrl+Y")
        assert status(dock, first) == "approved"
    finally:
        manager.setKeySequence(approve, "A")
        QgsSettings().remove(f"{manager.settingsPath()}{approve.objectName()}")


def test_project_new_closes_the_session_and_keys_raise_nothing(dock, session_path,
                                                                qgis_canvas, python_errors):
    """Issue 23, 2: Project → New (which clears the project), then A: the approval was
    written and the layer redraw raised "wrapped C/C++ object ... has been deleted"."""
    from conftest import lock_holders
    from diachi_geo.session import Session
    from qgis.core import QgsProject
    from qgis.PyQt.QtCore import QCoreApplication, QEvent

    dock.open_session(session_path, "an")
    first = dock.controller.current.fid
    QgsProject.instance().clear()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    assert dock.session is None and lock_holders(session_path) == []
    assert not dock.approveButton.isEnabled()
    on_map(qgis_canvas, "A")
    key(dock, "A")
    dock.approveButton.click()
    assert python_errors == []
    with Session(session_path, "an") as session:
        assert session.point(first).review["status"] == "new"
