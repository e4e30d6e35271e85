"""diachi:validatepoints through processing.run gives what the library gives."""
import pytest
from conftest import layer_uri
from qgis.core import QgsProcessingException, QgsVectorLayer


@pytest.fixture(scope="module")
def library_keys(plugin, sample):
    from diachi_geo.io import read_communes, read_points, read_reference
    from diachi_geo.validate import validate

    points = read_points(layer_uri("points"), personal=("owner_phone",))  # as the CLI does
    refs = {name: read_reference(layer_uri(name), kind=name)
            for name in ("buildings", "roads", "water", "entrances")}
    result = validate(points, communes=read_communes(layer_uri("communes")), **refs)
    columns = result.findings.columns(points.ids)
    return {(k, s, _r(x), _r(y)) for k, s, x, y in
            zip(columns["key"], columns["score"], columns["suggested_x"],
                columns["suggested_y"])}


def _r(value):
    from qgis.core import NULL

    if value is None or value == NULL or value != value:
        return None
    return round(float(value), 7)


def run(params):
    import processing

    return processing.run("diachi:validatepoints", {"OUTPUT": "memory:", **params})


def test_same_findings_as_the_library(plugin, library_keys):
    layers = {name.upper(): QgsVectorLayer(layer_uri(name), name, "ogr") for name in
              ("points", "communes", "buildings", "roads", "water", "entrances")}
    assert all(layer.isValid() for layer in layers.values())
    layers["INPUT"] = layers.pop("POINTS")
    out = run(layers)["OUTPUT"]
    keys = {(f["key"], f["score"], _r(f["suggested_x"]), _r(f["suggested_y"]))
            for f in out.getFeatures()}
    assert keys == library_keys
    checks = {f["check"] for f in out.getFeatures()}
    assert {"swapped_latlon", "outside_commune", "stacked", "missing_value", "snap",
            "in_water", "far_from_building"} <= checks
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
