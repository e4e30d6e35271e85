"""The bundled models run through processing.run (and qgis_process) on the sample, with
their outputs checked against the library."""
from __future__ import annotations

import sqlite3

import pytest
from conftest import layer_uri
from qgis.core import QgsApplication, QgsVectorLayer


def model_id(display_name: str) -> str:
    provider = QgsApplication.processingRegistry().providerById("diachi")
    return next(a.id() for a in provider.algorithms() if a.displayName() == display_name)


def vector(value) -> QgsVectorLayer:
    return value if isinstance(value, QgsVectorLayer) else QgsVectorLayer(value, "v", "ogr")


def summary_counts(table: QgsVectorLayer) -> dict:
    return {(f["check"], f["severity"]): f["count"] for f in table.getFeatures()}


def test_province_qa_writes_a_session_and_its_summary(plugin, tmp_path):
    from diachi_geo.session import Session, WorkFilter

    import processing

    session = tmp_path / "province.gpkg"
    result = processing.run(model_id("Province QA"), {
        "points": layer_uri("points"), "communes": layer_uri("communes"),
        "buildings": layer_uri("buildings"), "roads": layer_uri("roads"),
        "water": layer_uri("water"), "session": str(session),
        "summary:summary": "memory:"})
    points = QgsVectorLayer(layer_uri("points"), "points", "ogr").featureCount()
    with Session(str(session), "reader", read_only=True) as s:
        assert len(s.worklist()) == points and len(s.worklist(WorkFilter(flagged_only=True)))
    findings = sqlite3.connect(session).execute(
        'SELECT "check", severity, count(*) FROM findings GROUP BY 1, 2').fetchall()
    summary = summary_counts(vector(result["summary:summary"]))
    assert summary == {(c, s): n for c, s, n in findings}
    assert ("snap", "warning") in summary and ("outside_commune", "error") in summary


def test_commune_handover_takes_one_commune(plugin):
    import processing

    result = processing.run(model_id("Commune hand-over"), {
        "points": layer_uri("points"), "commune_field": "commune_code",
        "commune_code": "15007", "communes": layer_uri("communes"),
        "buildings": layer_uri("buildings"), "roads": layer_uri("roads"),
        "water": layer_uri("water"), "extract:commune_points": "memory:",
        "validate:findings": "memory:", "summary:summary": "memory:"})
    points = vector(result["extract:commune_points"])
    source = QgsVectorLayer(layer_uri("points"), "points", "ogr")
    assert points.featureCount() == sum(f["commune_code"] == "15007"
                                        for f in source.getFeatures())
    assert {f["commune_code"] for f in points.getFeatures()} == {"15007"}
    ids = {str(f["id"]) for f in points.getFeatures()}
    findings = vector(result["validate:findings"])
    assert findings.featureCount() > 0
    assert {f["point_id"] for f in findings.getFeatures()} <= ids
    summary = summary_counts(vector(result["summary:summary"]))
    assert sum(summary.values()) == findings.featureCount()


@pytest.mark.parametrize("name, explained", [("Province QA", "Kiểm tra điểm thu thập"),
                                             ("Commune hand-over", "Lọc điểm của một xã")])
def test_models_are_valid_and_explained(plugin, name, explained):
    algorithm = QgsApplication.processingRegistry().algorithmById(model_id(name))
    ok, errors = algorithm.validate()
    assert ok, errors
    assert explained in algorithm.shortHelpString()  # in Vietnamese too
