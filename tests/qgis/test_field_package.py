"""The field package as QField sees it: the exported .qgs opened headless, its layers,
form widgets and value maps checked, two features edited through the QGIS editing API as
QField edits them, and the visits imported back with audit rows, a conflict and a no-op
second import; the sample's package with imagery stays under 50 MB."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys

import pytest
from conftest import ROOT, SAMPLE
from qgis.core import QgsGeometry, QgsPointXY, QgsProject, QgsRasterLayer, QgsVectorLayer
from qgis.PyQt.QtGui import QColor, QImage

KINDS = ("communes", "buildings", "roads", "water", "entrances")
AREA = (105.70, 19.74, 105.78, 19.81)


@pytest.fixture(scope="module")
def world(plugin, tmp_path_factory):
    """Imports the library only once the built plugin (and so its copy) is loaded."""
    from diachi_geo.session import Session, WorkFilter, create_session

    sys.path.append(str(ROOT / "tests" / "lib"))
    from helpers import write_mbtiles  # the library tier's imagery builder

    root = tmp_path_factory.mktemp("field")
    data = root / "collected.gpkg"
    shutil.copy(SAMPLE, data)
    (root / "photos").mkdir()
    session = root / "session.gpkg"
    create_session(f"{data}|layername=points", str(session), user="an",
                   references={k: f"{data}|layername={k}" for k in KINDS})
    with Session(str(session), "an") as s:
        # what an officer cannot decide from the imagery: far from any building, stacked
        fids = s.worklist(WorkFilter(checks=("far_from_building", "stacked")))
        for fid in fids:
            s.needs_field_check(int(fid))
        for fid in fids[:5]:  # the collectors' photos of a few of them
            number = s.point(int(fid)).point_id
            image = QImage(64, 48, QImage.Format_RGB32)
            image.fill(QColor(20, 120, 40))
            image.save(str(root / "photos" / f"{number}.jpg"))
    imagery = write_mbtiles(root / "district.mbtiles", AREA, range(12, 19))
    return {"root": root, "session": session, "imagery": imagery, "marked": len(fids)}


@pytest.fixture
def package(world, tmp_path):
    from diachi_geo.field import field_export
    from diachi_geo.session import Session

    session = tmp_path / "session.gpkg"
    shutil.copy(world["session"], session)
    out = tmp_path / "to-phone"
    with Session(str(session), "an") as s:
        counts = field_export(s, str(out), assignee="ctv07", imagery=str(world["imagery"]))
    project = QgsProject.instance()
    project.clear()
    yield {"session": str(session), "out": out, "counts": counts, "project": project}
    project.clear()


def open_project(project: QgsProject, path) -> dict:
    bad = []
    assert project.read(str(path)), project.error()
    for layer in project.mapLayers().values():
        if not layer.isValid():
            bad.append(layer.name())
    assert bad == [], f"missing layers: {bad}"
    return {layer.id(): layer for layer in project.mapLayers().values()}


def widget(layer: QgsVectorLayer, name: str):
    setup = layer.editorWidgetSetup(layer.fields().indexOf(name))
    return setup.type(), setup.config()


def test_the_sample_package_opens_with_its_form_and_stays_small(world, package):
    counts = package["counts"]
    assert counts["points"] == world["marked"] > 10 and counts["photos"] == 5
    assert counts["size_mb"] < 50 and counts["imagery_mb"] > 1
    layers = open_project(package["project"], package["out"] / "diachi_field.qgs")
    assert set(layers) == {"diachi_visits", "diachi_entrances", "diachi_buildings",
                           "diachi_roads", "diachi_imagery"}
    visits = layers["diachi_visits"]
    assert visits.featureCount() == counts["points"] and visits.crs().authid() == "EPSG:4326"
    assert not visits.readOnly() and layers["diachi_buildings"].featureCount() > 100
    imagery = layers["diachi_imagery"]
    assert isinstance(imagery, QgsRasterLayer) and imagery.width() > 256
    assert package["project"].crs().authid() == "EPSG:3857"
    # relative sources: the folder works wherever the phone puts it
    text = (package["out"] / "diachi_field.qgs").read_text(encoding="utf-8")
    assert str(package["out"]) not in text and "./diachi_field.gpkg|layername=visits" in text
    kind, config = widget(visits, "outcome")
    assert kind == "ValueMap"
    assert config["map"] == [{"Tìm thấy, đúng chỗ": "found"}, {"Tìm thấy, ở chỗ khác": "moved"},
                             {"Không tìm thấy": "not_found"},
                             {"Đã đóng cửa / ngừng hoạt động": "closed"}]
    kind, config = widget(visits, "category")
    values = {value for item in config["map"] for value in item.values()}
    assert kind == "ValueMap" and {"Nhà ở", "Cửa hàng", "Trường học"} <= values
    kind, config = widget(visits, "new_photo")
    assert kind == "ExternalResource" and config["RelativeStorage"] == 1
    assert config["DocumentViewer"] == 1
    assert widget(visits, "photo")[0] == "ExternalResource"
    assert widget(visits, "note") == ("TextEdit", {"IsMultiline": True, "UseHtml": False})
    form = visits.editFormConfig()
    index = visits.fields().indexOf
    assert form.readOnly(index("findings")) and form.readOnly(index("point_uuid"))
    assert not form.readOnly(index("outcome")) and not form.readOnly(index("corrected_name"))
    assert visits.fields().field("outcome").alias() == "Kết quả kiểm tra"
    assert "now()" in visits.defaultValueDefinition(index("visited_at")).expression()
    assert index("owner_phone") == -1  # personal data stays home
    feature = next(visits.getFeatures())
    assert feature["findings"] and feature["visited_by"] == "ctv07"


def test_two_phone_edits_come_back_audited_and_a_session_edit_is_a_conflict(package):
    from diachi_geo.field import field_import, open_conflicts
    from diachi_geo.session import Session

    layers = open_project(package["project"], package["out"] / "diachi_field.qgs")
    visits = layers["diachi_visits"]
    features = sorted(visits.getFeatures(), key=lambda f: f["point_id"])[:3]
    moved, gone, meanwhile = features
    image = QImage(40, 30, QImage.Format_RGB32)
    image.fill(QColor(200, 30, 30))
    assert image.save(str(package["out"] / "DCIM" / "IMG_0001.jpg"))
    # QField: the form writes attributes, the map drags the point, then the layer is saved
    index = visits.fields().indexOf
    start = moved.geometry().asPoint()
    assert visits.startEditing()
    for name, value in (("outcome", "moved"), ("corrected_name", "Tạp hóa Minh Châu"),
                        ("new_photo", "DCIM/IMG_0001.jpg"),
                        ("visited_at", "2026-03-02T09:15:00")):
        assert visits.changeAttributeValue(moved.id(), index(name), value)
    visits.changeGeometry(moved.id(), QgsGeometry.fromPointXY(
        QgsPointXY(start.x() + 0.0002, start.y() + 0.0001)))
    visits.changeAttributeValue(gone.id(), index("outcome"), "not_found")
    visits.changeAttributeValue(meanwhile.id(), index("outcome"), "found")
    assert visits.commitChanges(), visits.commitErrors()
    package["project"].clear()
    with Session(package["session"], "binh") as s:  # the office, before the phone is back
        s.approve(s.fid_of(int(meanwhile["point_id"])))
    with Session(package["session"], "an") as s:
        first = field_import(s, str(package["out"]))
        after = {p: s.point(s.fid_of(int(p))) for p in (moved["point_id"], gone["point_id"],
                                                        meanwhile["point_id"])}
        history = s.history(after[moved["point_id"]].fid)
    assert (first["visits"], first["conflicts"]) == (2, 1)
    corrected = after[moved["point_id"]]
    assert corrected.review["status"] == "corrected"
    assert corrected.attributes["name"] == "Tạp hóa Minh Châu"
    assert corrected.x == pytest.approx(start.x() + 0.0002, abs=1e-9)
    assert (history[-1]["action"], history[-1]["user"]) == ("field_visit", "ctv07")
    assert os.path.isfile(corrected.attributes["photo"])
    assert after[gone["point_id"]].review["reason"] == "field_check:not_found"
    assert after[meanwhile["point_id"]].review["status"] == "approved"
    conflicts = open_conflicts(package["session"])
    assert [str(c["point_id"]) for c in conflicts] == [str(meanwhile["point_id"])]
    audit = sqlite3.connect(package["session"]).execute("SELECT count(*) FROM audit"
                                                        ).fetchone()
    with Session(package["session"], "an") as s:
        second = field_import(s, str(package["out"]))
    assert (second["visits"], second["conflicts"], second["already"]) == (0, 0, 3)
    assert sqlite3.connect(package["session"]).execute("SELECT count(*) FROM audit"
                                                       ).fetchone() == audit
    manifest = json.loads((package["out"] / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["assignee"] == "ctv07"


def test_the_algorithms_send_and_receive(plugin, world, tmp_path):
    import processing

    session = tmp_path / "session.gpkg"
    shutil.copy(world["session"], session)
    out = tmp_path / "pkg"
    result = processing.run("diachi:fieldexport", {
        "SESSION": str(session), "COMMUNE": "", "ASSIGNEE": "ctv07",
        "IMAGERY": str(world["imagery"]), "INCLUDE_OWNER": False, "OUTPUT": str(out)})
    assert result["POINTS"] == world["marked"] and 0 < result["SIZE_MB"] < 50
    assert (out / "diachi_field.qgs").is_file()
    conn = sqlite3.connect(out / "diachi_field.gpkg")
    point_id = conn.execute("SELECT point_id FROM visits LIMIT 1").fetchone()[0]
    conn.close()
    layer = QgsVectorLayer(f"{out}/diachi_field.gpkg|layername=visits", "v", "ogr")
    feature = next(f for f in layer.getFeatures() if f["point_id"] == point_id)
    layer.startEditing()
    layer.changeAttributeValue(feature.id(), layer.fields().indexOf("outcome"), "closed")
    assert layer.commitChanges()
    del layer
    params = {"SESSION": str(session), "PACKAGE": str(out)}
    first = processing.run("diachi:fieldimport", params)
    assert (first["VISITS"], first["CONFLICTS"]) == (1, 0)
    assert processing.run("diachi:fieldimport", params)["ALREADY"] == 1


QGIS_PROCESS = shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin"


@pytest.mark.skipif(not os.path.exists(QGIS_PROCESS), reason="qgis_process not installed")
def test_qgis_process_loads_the_package_without_a_missing_layer(package, tmp_path):
    import subprocess

    out = tmp_path / "visits.gpkg"
    run = subprocess.run([QGIS_PROCESS, "run", "native:savefeatures",
                          f"--PROJECT_PATH={package['out'] / 'diachi_field.qgs'}", "--",
                          "INPUT=diachi_visits", f"OUTPUT={out}"],
                         capture_output=True, text=True, timeout=300,
                         env=dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(tmp_path)))
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    said = (run.stdout + run.stderr).lower()
    assert "could not" not in said and "unavailable layer" not in said
    assert "invalid" not in said
    count = sqlite3.connect(out).execute("SELECT count(*) FROM visits").fetchone()[0]
    assert count == package["counts"]["points"]


def wait_for(dock) -> None:
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    dock._task.done.connect(lambda *_: QTimer.singleShot(0, loop.quit))
    QTimer.singleShot(60000, loop.quit)
    loop.exec_()


def test_the_dock_sends_and_receives(plugin, world, tmp_path, qgis_iface):
    from diachi_geo.session.gpkgsql import connect
    from qgis.core import Qgis

    session = tmp_path / "session.gpkg"
    shutil.copy(world["session"], session)
    dock = plugin.show_review_dock()
    dock.smooth_pan = False
    qgis_iface.messageBar().clear_messages()
    try:
        dock.open_session(str(session), "an")
        out = tmp_path / "pkg"
        dock.ask_field_export = lambda: (str(out), "ctv07")
        dock.fieldExportButton.click()
        assert not dock.approveButton.isEnabled()  # no edits while the task writes
        wait_for(dock)
        assert (out / "diachi_field.qgs").is_file()
        said = " ".join(qgis_iface.messageBar().get_messages(Qgis.Success))
        assert f"{world['marked']} points" in said
        conn = connect(str(out / "diachi_field.gpkg"))  # with GDAL's trigger functions
        conn.execute("UPDATE visits SET outcome = 'not_found' WHERE fid = 1")
        point_id = conn.execute("SELECT point_id FROM visits WHERE fid = 1").fetchone()[0]
        conn.close()
        dock.ask_field_package = lambda: str(out)
        dock.fieldImportButton.click()
        wait_for(dock)
        assert dock.approveButton.isEnabled()
        said = " ".join(qgis_iface.messageBar().get_messages(Qgis.Success))
        assert "1 visits recorded" in said
        fid = dock.session.fid_of(int(point_id))
        assert dock.session.point(fid).review["status"] == "rejected"
    finally:
        dock.close_session()
