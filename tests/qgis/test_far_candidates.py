"""Far points' candidates through Processing: ``SNAP_MAX_DISTANCE_FAR`` reaches the library,
and the suggestions layer carries them (never applied to the corrected copy)."""
from __future__ import annotations

from conftest import layer_uri
from qgis.core import QgsVectorLayer


def far_suggestions(extra: dict) -> tuple[int, int, int, int]:
    """(far findings, their suggestions, far points moved in the corrected copy, points
    moved in it)."""
    import processing

    result = processing.run("diachi:snaptoentrances", {
        "INPUT": layer_uri("points"), "BUILDINGS": layer_uri("buildings"),
        "ROADS": layer_uri("roads"), "ENTRANCES": layer_uri("entrances"),
        "MIN_CONFIDENCE": 0.0, "OUTPUT": "memory:", "SUGGESTIONS": "memory:",
        "CORRECTED": "memory:", **extra})

    def layer(key):
        value = result[key]
        return value if isinstance(value, QgsVectorLayer) else QgsVectorLayer(value, key, "ogr")

    far = {f["point_id"] for f in layer("OUTPUT").getFeatures()
           if f["check"] == "far_from_building"}
    suggested = [f for f in layer("SUGGESTIONS").getFeatures()
                 if f["check"] == "far_from_building"]
    moved = [str(f["id"]) for f in layer("CORRECTED").getFeatures() if f["diachi_moved"] == 1]
    return len(far), len(suggested), len(set(moved) & {str(p) for p in far}), len(moved)


def test_the_far_limit_is_a_processing_parameter(plugin):
    far, suggested, moved, _ = far_suggestions({})
    # the sample's unmapped houses stand 110-450 m from a mapped one: beyond 100 m
    assert far >= 6 and suggested == 0 and moved == 0
    far_500, suggested_500, moved_500, snapped = far_suggestions({"SNAP_MAX_DISTANCE_FAR": 500})
    assert far_500 == far and suggested_500 == far
    # snaps are applied to the copy; a low-confidence far candidate is for a person to accept
    assert snapped > 500 and moved_500 == 0


def test_the_review_dock_shows_a_far_candidate_and_s_accepts_it(plugin, qgis_iface,
                                                                qgis_canvas, sample, tmp_path):
    from diachi_geo.config import CheckParams
    from diachi_geo.session import create_session
    from qgis.core import QgsCoordinateReferenceSystem
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest
    from qgis.PyQt.QtWidgets import QApplication

    path = tmp_path / "session.gpkg"
    # the sample's unmapped houses are 110-450 m from a mapped one: reach them all
    create_session(f"{sample}|layername=points", str(path), user="an",
                   params=CheckParams(snap_max_distance_far_m=500.0),
                   references={k: f"{sample}|layername={k}" for k in ("buildings", "roads")})
    qgis_iface.mainWindow().show()
    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    dock = plugin.show_review_dock()
    dock.smooth_pan = False
    dock.open_session(str(path), "an")
    try:
        dock.checkCombo.setCurrentIndex(dock.checkCombo.findData("far_from_building"))
        record = dock.controller.current
        suggestion = record.suggestion()
        assert suggestion["check"] == "far_from_building"
        assert dock.map.band.numberOfVertices() == 2           # the line to the candidate
        text = " ".join(dock.point_panel.findingsList.item(i).text()
                        for i in range(dock.point_panel.findingsList.count()))
        # how far and how sure: a weak suggestion, and it says so
        assert f"{suggestion['params']['moved_m']:g} m" in text
        assert f"{round(100 * suggestion['score'])} %" in text and suggestion["score"] < 0.5
        QApplication.setActiveWindow(dock.window())
        dock.setFocus()
        QTest.keyClick(dock, Qt.Key_S)
        moved = dock.session.point(record.fid)
        assert (moved.x, moved.y) == (suggestion["suggested_x"], suggestion["suggested_y"])
        assert moved.review["status"] == "corrected"
    finally:
        dock.close_session()
