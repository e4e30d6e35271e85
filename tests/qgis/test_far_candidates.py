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
