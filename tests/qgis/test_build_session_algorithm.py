"""diachi:buildsession through processing.run: the session holds what the library finds,
from a file layer and from a memory layer QGIS has to export first."""
import sqlite3

import pytest
from conftest import SAMPLE, layer_uri
from qgis.core import QgsFeatureRequest, QgsProcessingException, QgsVectorLayer

KINDS = ("communes", "buildings", "roads", "water", "entrances")


def run(params):
    import processing

    return processing.run("diachi:buildsession", params)


def finding_keys(path):
    return {k for (k,) in sqlite3.connect(path).execute("SELECT key FROM findings")}


def test_session_from_the_sample_matches_the_library(plugin, tmp_path):
    from diachi_geo.session import create_session

    expected = tmp_path / "library.gpkg"
    create_session(layer_uri("points"), str(expected),
                   references={k: layer_uri(k) for k in KINDS})
    params = {"INPUT": layer_uri("points"), "OUTPUT": str(tmp_path / "alg.gpkg")}
    params.update({k.upper(): layer_uri(k) for k in KINDS})
    result = run(params)
    points = QgsVectorLayer(layer_uri("points"), "points", "ogr").featureCount()
    assert result["POINTS"] == points and 0 < result["FLAGGED"] < points
    assert finding_keys(result["OUTPUT"]) == finding_keys(expected)
    rows = sqlite3.connect(result["OUTPUT"]).execute(
        "SELECT count(*), min(status), max(status) FROM review").fetchone()
    assert rows == (points, "new", "new")


def test_memory_layer_is_exported_and_copied_in(plugin, tmp_path):
    source = QgsVectorLayer(layer_uri("points"), "points", "ogr")
    memory = source.materialize(QgsFeatureRequest().setLimit(50))
    result = run({"INPUT": memory, "OUTPUT": str(tmp_path / "mem.gpkg")})
    assert result["POINTS"] == 50


def test_existing_session_is_refused_with_a_clear_message(plugin, tmp_path):
    out = tmp_path / "s.gpkg"
    run({"INPUT": layer_uri("points"), "OUTPUT": str(out)})
    before = out.read_bytes()
    with pytest.raises(QgsProcessingException, match="already exists"):
        run({"INPUT": layer_uri("points"), "OUTPUT": str(out)})
    assert out.read_bytes() == before
    assert SAMPLE.exists()
