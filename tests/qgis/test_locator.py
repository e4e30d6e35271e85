"""The search bar's ``dc`` filter on real loaded layers: the sample's points and a review
session; results fetched on a worker thread through QGIS's own QgsLocator, then triggered
to move the map and select the point."""
from __future__ import annotations

import time

import pytest
from conftest import layer_uri
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeedback,
    QgsGeometry,
    QgsLocator,
    QgsLocatorContext,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication, QEventLoop, QTimer


@pytest.fixture
def points(plugin, qgis_canvas):
    """The sample's collected points, loaded as a user would, the map in Web Mercator."""
    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    layer = QgsVectorLayer(layer_uri("points"), "Điểm thu thập", "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    yield layer
    QgsProject.instance().removeMapLayer(layer.id())


def wait_indexed(indexes, timeout_s: float = 60) -> None:
    """Let the background indexing finish (the main thread's events keep running)."""
    deadline = time.monotonic() + timeout_s
    while indexes.pending():
        assert time.monotonic() < deadline, f"still indexing {indexes.pending()}"
        QCoreApplication.processEvents()
        time.sleep(0.01)


def fetch(filter_, text: str) -> list:
    """Run the filter as QGIS does before showing results: prepare (which starts indexing
    what changed), then, once the indexes are built, fetch."""
    context, feedback, found = QgsLocatorContext(), QgsFeedback(), []
    filter_.resultFetched.connect(found.append)
    try:
        filter_.prepare(text, context)
        wait_indexed(filter_.indexes)
        filter_.fetchResults(text, context, feedback)
    finally:
        filter_.resultFetched.disconnect(found.append)
    return found


def data(result) -> dict:
    return result.getUserData() if hasattr(result, "getUserData") else result.userData


def feature_with(layer, field: str, value) -> QgsFeature:
    return next(f for f in layer.getFeatures() if f[field] == value)


def test_unload_deregisters_the_filter_and_stops_listening(plugin_dir, qgis_iface,
                                                           qgis_processing):
    import diachi

    instance = diachi.classFactory(qgis_iface)
    instance.initGui()
    locator = instance.locator
    instance.unload()
    assert instance.locator is None
    deregistered = [c.args[0] for c in qgis_iface.deregisterLocatorFilter.call_args_list]
    assert locator.filter in deregistered
    # a points layer added afterwards is not read
    layer = QgsVectorLayer(layer_uri("points"), "sau", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        locator.indexes.refresh()
        assert locator.indexes.snapshot() == []
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_the_filter_is_registered_with_the_dc_prefix(plugin, qgis_iface):
    filter_ = plugin.locator.filter
    registered = [c.args[0] for c in qgis_iface.registerLocatorFilter.call_args_list]
    assert filter_ in registered
    # QGIS honours a plugin's prefix under three letters only as the user's choice
    locator = QgsLocator()
    clone = filter_.clone()
    locator.registerFilter(clone)
    assert clone.activePrefix() == "dc"


def test_a_digital_code_jumps_to_its_point(plugin, points, qgis_canvas):
    target = feature_with(points, "digital_code", "TH000RYPFD6")
    results = fetch(plugin.locator.filter, "TH000RYPFD6")
    assert results and data(results[0]) == {"layer": points.id(), "fid": target.id()}
    assert "TH000RYPFD6" in results[0].displayString
    assert results[0].group == "Điểm thu thập"
    qgis_canvas.zoomScale(500_000)
    plugin.locator.filter.triggerResult(results[0])
    to_map = QgsCoordinateTransform(points.crs(), qgis_canvas.mapSettings().destinationCrs(),
                                    QgsProject.instance())
    where = to_map.transform(target.geometry().asPoint())
    centre = qgis_canvas.center()
    assert abs(centre.x() - where.x()) < 1 and abs(centre.y() - where.y()) < 1
    assert qgis_canvas.scale() == pytest.approx(1000, rel=0.05)
    assert points.selectedFeatureIds() == [target.id()]


def test_a_name_typed_without_marks_finds_the_marked_one(plugin, points):
    target = feature_with(points, "name", "Bưu điện văn hóa xã Thiệu Đô")
    results = fetch(plugin.locator.filter, "buu dien van hoa thieu do")
    assert data(results[0])["fid"] == target.id()
    # typed with other marks, it is another name
    assert all(data(r)["fid"] != target.id()
               for r in fetch(plugin.locator.filter, "Bưu điện văn hóa Thiểu"))


def test_an_address_finds_the_house(plugin, points):
    target = feature_with(points, "address", "Số 12 đường Lê Lợi, xã Thiệu Đô, tỉnh Thanh Hóa")
    results = fetch(plugin.locator.filter, "Số 12 đường Lê Lợi")
    assert target.id() in [data(r)["fid"] for r in results[:3]]


def test_personal_data_is_neither_searched_nor_shown(plugin, points):
    owner = next(f for f in points.getFeatures() if f["owner_phone"] and f["owner_email"])
    assert fetch(plugin.locator.filter, str(owner["owner_phone"])) == []
    assert fetch(plugin.locator.filter, str(owner["owner_email"]).split("@")[0]) == []
    shown = " ".join(r.displayString for r in fetch(plugin.locator.filter, "nha"))
    assert str(owner["owner_phone"]) not in shown and "@" not in shown


def test_results_come_from_a_worker_thread_as_in_the_search_bar(plugin, points):
    """QGIS's own QgsLocator clones the filter, prepares it on the main thread and fetches
    on a worker thread: the results arrive as signals while the user types."""
    locator = QgsLocator()
    filter_ = plugin.locator.filter.clone()
    locator.registerFilter(filter_)
    found = []
    # the result lives only as long as the slot: read it there (the points may still be
    # being indexed: then a line without a point says so first)
    locator.foundResult.connect(lambda result: found.append(data(result).get("fid")))
    loop = QEventLoop()
    locator.finished.connect(loop.quit)
    QTimer.singleShot(20_000, loop.quit)
    locator.fetchResults("dc quan pho nga", QgsLocatorContext())
    loop.exec_()
    assert not locator.isRunning()
    QCoreApplication.processEvents()      # results queued from the worker thread
    target = feature_with(points, "name", "Quán phở Nga")
    assert target.id() in found


def test_the_index_follows_edits_and_removed_layers(plugin):
    layer = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string&field=address:string",
                           "mới", "memory")
    feature = QgsFeature(layer.fields())
    feature.setAttributes(["Nhà văn hóa thôn Đông", "xã Thiệu Đô"])
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(105.68, 19.77)))
    layer.dataProvider().addFeatures([feature])
    QgsProject.instance().addMapLayer(layer)
    try:
        assert [r.group for r in fetch(plugin.locator.filter, "nha van hoa thon dong")] == ["mới"]
        layer.startEditing()
        fid = next(layer.getFeatures()).id()
        layer.changeAttributeValue(fid, 0, "Nhà văn hóa thôn Tây")
        assert layer.commitChanges()
        groups = [r.group for r in fetch(plugin.locator.filter, "nha van hoa thon tay")]
        assert groups == ["mới"]
        assert fetch(plugin.locator.filter, "nha van hoa thon dong") == []
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    assert fetch(plugin.locator.filter, "nha van hoa thon tay") == []


def test_a_point_of_the_open_review_session_is_found_and_shown(plugin, qgis_iface, qgis_canvas,
                                                                 sample, tmp_path):
    from diachi_geo.session import create_session

    path = tmp_path / "session.gpkg"
    create_session(f"{sample}|layername=points", str(path), user="an",
                   references={"buildings": f"{sample}|layername=buildings"})
    dock = plugin.show_review_dock()
    dock.open_session(str(path), "an")
    try:
        session_points = dock.layers["points"]
        layer_id = session_points.id()
        results = [r for r in fetch(plugin.locator.filter, "Quán phở Nga")
                   if data(r)["layer"] == layer_id]
        assert results and results[0].group == session_points.name()
        plugin.locator.filter.triggerResult(results[0])
        fid = data(results[0])["fid"]
        assert session_points.selectedFeatureIds() == [fid]
        assert dock.session.point(fid).attributes["name"] == "Quán phở Nga"
    finally:
        dock.close_session()
    # the session's layers are gone from the map, and from the search
    assert all(data(r)["layer"] != layer_id
               for r in fetch(plugin.locator.filter, "Quán phở Nga"))



def test_a_point_that_cannot_be_drawn_here_is_said_not_raised(plugin, points, qgis_iface,
                                                              python_errors):
    from qgis.core import Qgis

    # the sample has points with latitude and longitude swapped: "latitude" 105 has no
    # place in Web Mercator
    swapped = next(f for f in points.getFeatures() if f.geometry().asPoint().y() > 90
                   and f["name"])
    results = [r for r in fetch(plugin.locator.filter, swapped["name"])
               if data(r)["fid"] == swapped.id()]
    qgis_iface.messageBar().clear_messages()
    plugin.locator.filter.triggerResult(results[0])
    assert python_errors == []
    assert "cannot be shown" in " ".join(qgis_iface.messageBar().get_messages(Qgis.Warning))


def many_points(title: str, count: int, name: str) -> QgsVectorLayer:
    """A memory points layer of ``count`` houses, the last one named ``name``: enough to
    take the index builder a while."""
    layer = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string&field=address:string",
                           title, "memory")
    features = []
    for k in range(count):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([name if k == count - 1 else f"Nhà số {k}",
                               f"Số {k} đường Lê Lợi, xã Thiệu Đô"])
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(105.68, 19.77)))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def index_tasks(title: str) -> list:
    return [t for t in QgsApplication.taskManager().activeTasks() if title in t.description()]


def test_the_index_is_built_in_a_task_and_its_results_follow(plugin):
    """The search bar stays free while a big layer is indexed: the search says it is
    indexing, and the layer's results come once the task has finished."""
    layer = many_points("lớn", 60_000, "Nhà văn hóa thôn Chiềng")
    QgsProject.instance().addMapLayer(layer)
    try:
        locator = QgsLocator()
        locator.registerFilter(plugin.locator.filter.clone())
        shown = []
        locator.foundResult.connect(lambda result: shown.append(
            (result.displayString, data(result).get("fid"))))
        loop = QEventLoop()
        locator.finished.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        locator.fetchResults("dc nha van hoa thon chieng", QgsLocatorContext())
        # prepare ran on this thread and started the task; the search waits on its own
        assert plugin.locator.indexes.pending() == ["lớn"]
        assert index_tasks("lớn")
        loop.exec_()
        assert not locator.isRunning()
        QCoreApplication.processEvents()
        target = max(f.id() for f in layer.getFeatures())
        indexing = "Indexing address points… results appear when it is done"
        assert [text for text, _ in shown][:1] == [indexing]
        assert [fid for _, fid in shown[1:]] == [target]
        assert plugin.locator.indexes.pending() == []
        assert not index_tasks("lớn")
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_a_layer_removed_while_indexed_stops_its_task(plugin):
    layer = many_points("bỏ", 60_000, "Nhà văn hóa thôn Mé")
    QgsProject.instance().addMapLayer(layer)
    plugin.locator.indexes.refresh()
    [task] = index_tasks("bỏ")
    ended = []
    task.taskCompleted.connect(lambda: ended.append("completed"))
    task.taskTerminated.connect(lambda: ended.append("stopped"))
    QgsProject.instance().removeMapLayer(layer.id())
    assert plugin.locator.indexes.pending() == []
    deadline = time.monotonic() + 30
    while not ended:
        assert time.monotonic() < deadline
        QCoreApplication.processEvents()
        time.sleep(0.01)
    assert ended == ["stopped"]
    assert fetch(plugin.locator.filter, "nha van hoa thon me") == []
