"""The search index of a plain GeoPackage layer read from its file at once: the same index
entries (feature ids, values, their order and types) as QGIS's feature loop; layers whose
features only QGIS knows (uncommitted edits, memory layers) keep the loop."""
from __future__ import annotations

import shutil

import numpy as np
import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProject, QgsVectorLayer
from test_locator import data, fetch

QUERIES = ("quan pho nga", "Lê Lợi", "buu dien", "TH000", "so 8", "nha van hoa")


def index_task(layer: QgsVectorLayer):
    from diachi.locator_index import IndexTask, searchable_fields

    return IndexTask(layer, searchable_fields(layer), 1, lambda task, built: None)


def both_ways(layer: QgsVectorLayer) -> tuple:
    """The layer's index read from its file and by the feature loop (run here, in turn)."""
    task = index_task(layer)
    assert task.file is not None
    from_file = task._build()
    assert from_file is not None
    return from_file, task._loop()


def assert_same_entries(from_file, from_loop) -> None:
    assert from_file.fids.dtype == from_loop.fids.dtype == np.int64
    assert from_file.fids.tolist() == from_loop.fids.tolist()
    assert list(from_file.columns) == list(from_loop.columns)
    for field, values in from_loop.columns.items():
        got = from_file.columns[field]
        assert got == values, field
        assert [type(v) for v in got] == [type(v) for v in values], field
    for query in QUERIES:
        assert from_file.index.search(query) == from_loop.index.search(query), query
    assert [from_file.label(r) for r in range(len(from_file.fids))] == \
        [from_loop.label(r) for r in range(len(from_loop.fids))]


@pytest.fixture
def points_copy(sample, tmp_path) -> str:
    """The sample's points in a copy of its GeoPackage: QGIS writes to a GeoPackage it
    filters (SQLite's header), and the sample is never changed."""
    path = tmp_path / "copy.gpkg"
    shutil.copy(sample, path)
    return f"{path}|layername=points"


def test_a_geopackage_layer_read_from_its_file_gives_the_loops_index(plugin, points_copy):
    layer = QgsVectorLayer(points_copy, "điểm", "ogr")
    assert layer.isValid()
    from_file, from_loop = both_ways(layer)
    assert len(from_loop.fids) == layer.featureCount() == 2048
    # NULLs and empty texts are told apart alike
    assert sum(v is None for v in from_file.columns["digital_code"]) == 831
    assert sum(v == "" for v in from_file.columns["name"]) == 7
    assert_same_entries(from_file, from_loop)


def test_a_filtered_layer_read_from_its_file_gives_the_loops_index(plugin, points_copy):
    layer = QgsVectorLayer(points_copy, "điểm", "ogr")
    layer.setSubsetString("fid % 3 = 1 AND digital_code IS NOT NULL")
    from_file, from_loop = both_ways(layer)
    assert 300 < len(from_loop.fids) < 683
    assert from_file.columns == from_loop.columns
    assert_same_entries(from_file, from_loop)


@pytest.fixture
def copied(points_copy) -> QgsVectorLayer:
    """The copy's points loaded in the project."""
    layer = QgsVectorLayer(points_copy, "bản sao", "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    yield layer
    if layer.isEditable():
        layer.rollBack()
    QgsProject.instance().removeMapLayer(layer.id())


def test_a_layer_with_an_uncommitted_edit_is_read_by_the_loop(plugin, copied):
    target = next(f for f in copied.getFeatures() if f["name"] == "Quán phở Nga")
    assert index_task(copied).file is not None  # read from the file while unedited
    copied.startEditing()
    assert index_task(copied).file is not None  # editing, nothing changed yet
    copied.changeAttributeValue(target.id(), copied.fields().indexOf("name"),
                                "Quán bún chả Hương Giang")
    assert index_task(copied).file is None
    results = [r for r in fetch(plugin.locator.filter, "quan bun cha huong giang")
               if data(r)["layer"] == copied.id()]
    assert [data(r)["fid"] for r in results] == [target.id()]
    assert target.id() not in [data(r)["fid"] for r in fetch(plugin.locator.filter,
                                                              "quan pho nga")
                               if data(r)["layer"] == copied.id()]


def test_layers_only_qgis_reads_keep_the_loop(plugin, points_copy):
    memory = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string", "bộ nhớ", "memory")
    feature = QgsFeature(memory.fields())
    feature.setAttributes(["Nhà văn hóa thôn Đông"])
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(105.68, 19.77)))
    memory.dataProvider().addFeatures([feature])
    assert index_task(memory).file is None
    whole_query = QgsVectorLayer(points_copy, "điểm", "ogr")
    whole_query.setSubsetString("SELECT * FROM points WHERE fid < 10")
    assert whole_query.isValid() and whole_query.featureCount() == 9
    assert index_task(whole_query).file is None
