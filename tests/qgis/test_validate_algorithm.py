"""diachi:validatepoints through processing.run gives what the library gives."""
import pytest
from conftest import layer_uri
from qgis.core import QgsProcessingException, QgsVectorLayer


@pytest.fixture(scope="module")
def library_keys(plugin, sample):
    from diachi_geo.io import read_communes, read_points
    from diachi_geo.validate import validate

    points = read_points(layer_uri("points"))
    result = validate(points, communes=read_communes(layer_uri("communes")))
    return set(result.findings.columns(points.ids)["key"])


def run(params):
    import processing

    return processing.run("diachi:validatepoints", {"OUTPUT": "memory:", **params})


def test_same_findings_as_the_library(plugin, library_keys):
    points = QgsVectorLayer(layer_uri("points"), "points", "ogr")
    communes = QgsVectorLayer(layer_uri("communes"), "communes", "ogr")
    assert points.isValid() and communes.isValid()
    out = run({"INPUT": points, "COMMUNES": communes})["OUTPUT"]
    keys = {f["key"] for f in out.getFeatures()}
    assert keys == library_keys
    checks = {f["check"] for f in out.getFeatures()}
    assert {"swapped_latlon", "outside_commune", "stacked", "missing_value"} <= checks
    assert out.crs().authid() == "EPSG:4326"


def test_choice_of_checks(plugin):
    from diachi_geo.checks import CHECK_CODES

    out = run({"INPUT": layer_uri("points"),
               "CHECKS": [CHECK_CODES.index("null_island")]})["OUTPUT"]
    assert {f["check"] for f in out.getFeatures()} == {"null_island"}


def test_wrong_field_is_a_clear_processing_error(plugin):
    with pytest.raises(QgsProcessingException, match="field"):
        run({"INPUT": layer_uri("points"), "NAME_FIELD": "owner_email", "ID_FIELD": "name"})


def test_invalid_features_are_reported_and_do_not_stop_the_run(plugin):
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    class Feedback(QgsProcessingFeedback):
        errors: list = []

        def reportError(self, error, fatalError=False):  # noqa: N802, N803
            self.errors.append((error, fatalError))

    import processing

    feedback = Feedback()
    out = processing.run("diachi:validatepoints", {"INPUT": layer_uri("points"),
                                                   "OUTPUT": "memory:"},
                         feedback=feedback, context=QgsProcessingContext())["OUTPUT"]
    assert out.featureCount() > 0
    assert len(feedback.errors) == 4 and not any(fatal for _, fatal in feedback.errors)
