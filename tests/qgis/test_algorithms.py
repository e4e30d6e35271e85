"""Every algorithm of the provider through processing.run on the bundled sample: the
outputs' content equals what the library finds on the same input."""
from __future__ import annotations

import pytest
from conftest import layer_uri
from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsVectorLayer,
)


def run(name, params, feedback=None):
    import processing

    return processing.run(f"diachi:{name}", params, feedback=feedback)


def library(checks, *, with_refs=("communes", "buildings", "roads", "water", "entrances")):
    from diachi_geo.io import read_points, read_references
    from diachi_geo.validate import validate

    points = read_points(layer_uri("points"), personal=("owner_phone",))
    layers = read_references({k: layer_uri(k) for k in with_refs})
    result = validate(points, checks=checks, **layers)
    return result, points


def layer(result, key):
    value = result[key]
    return value if isinstance(value, QgsVectorLayer) else QgsVectorLayer(value, key, "ogr")


def keys(vector: QgsVectorLayer) -> set:
    return {f["key"] for f in vector.getFeatures()}


def test_snap_to_entrances_writes_findings_suggestions_moves_and_a_corrected_copy(plugin):
    expected, points = library(["snap", "far_from_building", "in_water"],
                               with_refs=("buildings", "roads", "water", "entrances"))
    result = run("snaptoentrances", {
        "INPUT": layer_uri("points"), "BUILDINGS": layer_uri("buildings"),
        "ROADS": layer_uri("roads"), "WATER": layer_uri("water"),
        "ENTRANCES": layer_uri("entrances"), "MIN_CONFIDENCE": 0.8,
        "OUTPUT": "memory:", "SUGGESTIONS": "memory:", "MOVES": "memory:",
        "CORRECTED": "memory:"})
    assert keys(layer(result, "OUTPUT")) == set(expected.findings.columns(points.ids)["key"])
    suggested = sum(1 for x in expected.findings.suggested_x if x == x)
    assert layer(result, "SUGGESTIONS").featureCount() == suggested
    assert layer(result, "MOVES").featureCount() == suggested
    corrected = layer(result, "CORRECTED")
    source = QgsVectorLayer(layer_uri("points"), "points", "ogr")
    assert corrected.featureCount() == source.featureCount()
    confident = {str(points.ids[i]): (x, y) for i, c, s, x, y in zip(
        expected.findings.index, expected.findings.check, expected.findings.score,
        expected.findings.suggested_x, expected.findings.suggested_y)
        if c == "snap" and s >= 0.8}
    moved = {str(f["id"]): f for f in corrected.getFeatures() if f["diachi_moved"] == 1}
    assert confident and set(moved) == set(confident)
    for point_id, feature in list(moved.items())[:100]:
        spot = feature.geometry().asPoint()
        assert (spot.x(), spot.y()) == pytest.approx(confident[point_id], abs=1e-7)
        assert feature["diachi_rule"] in ("explicit_entrance", "road_facing", "outline")
    kept = next(f for f in corrected.getFeatures() if f["diachi_moved"] == 0)
    original = next(source.getFeatures(QgsFeatureRequest().setFilterExpression(
        f"\"id\" = {kept['id']}")))
    assert kept.geometry().equals(original.geometry()) and kept["name"] == original["name"]


def test_find_duplicates_gives_groups_with_one_keeper_each(plugin):
    expected, points = library(["duplicate"], with_refs=())
    result = run("findduplicates", {"INPUT": layer_uri("points"), "OUTPUT": "memory:",
                                    "GROUPS": "memory:"})
    assert keys(layer(result, "OUTPUT")) == set(expected.findings.columns(points.ids)["key"])
    groups: dict[str, list] = {}
    for feature in layer(result, "GROUPS").getFeatures():
        groups.setdefault(feature["group_id"], []).append(feature)
    assert len(groups) == len(set(expected.findings.group_id)) > 1
    for members in groups.values():
        assert sum(m["is_keeper"] for m in members) == 1
        assert {m["members"] for m in members} == {len(members)}


def test_find_duplicates_against_a_published_layer(plugin):
    """Schools already published under other ids: each new copy is a duplicate of its
    published record."""
    source = QgsVectorLayer(layer_uri("points"), "points", "ogr")
    published = source.materialize(QgsFeatureRequest().setFilterExpression(
        "\"category\" = 'Trường học'").setLimit(5))
    assert published.featureCount() == 5
    published.startEditing()
    field = published.fields().indexOf("id")
    for feature in published.getFeatures():
        published.changeAttributeValue(feature.id(), field, 900000 + feature["id"])
    published.commitChanges()
    result = run("findduplicates", {"INPUT": layer_uri("points"), "REGISTRY": published,
                                    "OUTPUT": "memory:"})
    matched = {(f["point_id"], f["related_id"]) for f in layer(result, "OUTPUT").getFeatures()
               if f["related_id"] and f["related_id"].startswith("900")}
    assert {(str(f["id"] - 900000), str(f["id"])) for f in published.getFeatures()} <= matched


def test_check_misplaced_matches_the_library(plugin):
    checks = ["invalid_geometry", "null_island", "swapped_latlon", "outside_country",
              "outside_commune", "commune_mismatch", "stacked"]
    expected, points = library(checks, with_refs=("communes",))
    result = run("checkmisplaced", {"INPUT": layer_uri("points"),
                                    "COMMUNES": layer_uri("communes"), "OUTPUT": "memory:"})
    found = keys(layer(result, "OUTPUT"))
    assert found == set(expected.findings.columns(points.ids)["key"])
    assert {k.split(":")[0] for k in found} >= {"null_island", "swapped_latlon",
                                                 "outside_country", "outside_commune",
                                                 "commune_mismatch", "stacked"}


def test_a_missing_required_layer_is_a_processing_error(plugin):
    with pytest.raises(QgsProcessingException):
        run("snaptoentrances", {"INPUT": layer_uri("points"), "OUTPUT": "memory:"})
    with pytest.raises(QgsProcessingException, match="does not exist|not found|Could not"):
        run("checkmisplaced", {"INPUT": "/nowhere/points.gpkg", "OUTPUT": "memory:"})


class Collecting(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.errors = []

    def reportError(self, error, fatalError=False):  # noqa: N802, N803 - QGIS API
        self.errors.append(error)


def test_invalid_features_are_reported_and_do_not_stop_the_run(plugin):
    source = QgsVectorLayer(layer_uri("points"), "points", "ogr")
    broken = source.materialize(QgsFeatureRequest().setLimit(20))
    broken.startEditing()
    feature = QgsFeature(broken.fields())
    feature.setAttributes([None, 99001, "Quán nước", "shop", "Số 1", "15000"] +
                          [None] * (broken.fields().count() - 6))
    feature.setGeometry(QgsGeometry())
    broken.addFeature(feature)
    broken.commitChanges()
    feedback = Collecting()
    result = run("checkmisplaced", {"INPUT": broken, "OUTPUT": "memory:"}, feedback)
    found = [f for f in layer(result, "OUTPUT").getFeatures()
             if f["check"] == "invalid_geometry"]
    assert [f["point_id"] for f in found] == ["99001"]
    assert any("99001" in e for e in feedback.errors)
