"""The bad-input corpus through Processing: a QgsProcessingException naming the problem,
or findings per feature; the review-session builder refuses the same files the same way."""
from __future__ import annotations

import pathlib
import sys

import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "data" / "bad"))
from make_corpus import make

REFUSED = {"zero_features": "has no features",
           "metres_declared_degrees": "coordinates are metres",
           "null_ids": "have no id", "duplicate_ids": "more than one feature"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("case", sorted(REFUSED))
@pytest.mark.parametrize("algorithm", ["validatepoints", "buildsession"])
def test_refused_with_a_processing_error(plugin, corpus, case, algorithm, tmp_path):
    import processing

    out = "memory:" if algorithm == "validatepoints" else str(tmp_path / "s.gpkg")
    with pytest.raises(QgsProcessingException, match=REFUSED[case]):
        processing.run(f"diachi:{algorithm}", {"INPUT": str(corpus[case]), "OUTPUT": out})


def test_non_finite_coordinates_give_findings_not_an_error(plugin, corpus):
    import processing

    result = processing.run("diachi:validatepoints", {"INPUT": str(corpus["nan_and_inf"]),
                                                      "OUTPUT": "memory:"})
    layer = result["OUTPUT"] if isinstance(result["OUTPUT"], QgsVectorLayer) else \
        QgsVectorLayer(result["OUTPUT"], "f", "ogr")
    broken = {f["point_id"] for f in layer.getFeatures() if f["check"] == "invalid_geometry"}
    assert broken == {"1", "2", "3"}  # NaN and infinite coordinates; the 4th point is fine


@pytest.mark.parametrize("case", ["zero_features", "truncated_geopackage", "null_ids"])
def test_the_plugin_session_builder_tells_the_officer_in_the_message_bar(
        plugin, corpus, case, qgis_iface, tmp_path):
    from diachi.dialogs.new_session import NewSessionDialog
    from diachi.session_tasks import BuildSessionTask, run_task
    from qgis.core import Qgis
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    qgis_iface.messageBar().clear_messages()
    dialog = NewSessionDialog(qgis_iface)
    out = str(tmp_path / "s.gpkg")
    task = BuildSessionTask(str(corpus[case]), out, {}, "an", "en")
    task.done.connect(lambda ok, message: dialog._built(ok, message, out))
    loop = QEventLoop()
    task.done.connect(lambda *_: QTimer.singleShot(0, loop.quit))
    QTimer.singleShot(30000, loop.quit)
    run_task(task)
    loop.exec_()
    critical = " ".join(qgis_iface.messageBar().get_messages(Qgis.Critical))
    assert str(corpus[case]) in critical and "Fix:" in critical
    assert not (tmp_path / "s.gpkg").exists()
