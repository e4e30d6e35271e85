"""On the bundled sample, every injected error is found and clean points raise no alarm."""
import numpy as np
import pytest
from diachi_geo.io import read_communes, read_points
from diachi_geo.validate import validate

EXPECTED = {  # check -> the truth kinds it must find, and only those
    "invalid_geometry": {"invalid_geometry"},
    "null_island": {"null_island"},
    "swapped_latlon": {"swapped_latlon"},
    "outside_country": {"outside_country"},
    "outside_commune": {"outside_commune", "unknown_commune"},
    "stacked": {"stacked"},
    "missing_value": {"missing_value"},
}


@pytest.fixture(scope="module")
def result(sample):
    points = read_points(f"{sample}|layername=points")
    communes = read_communes(f"{sample}|layername=communes")
    return points, validate(points, communes=communes)


@pytest.mark.parametrize("check", sorted(EXPECTED))
def test_finds_exactly_the_injected_errors(result, truth, check):
    points, res = result
    kind = dict(zip(truth["point_id"].tolist(), truth["kind"]))
    found = set(points.ids[res.findings.index[res.findings.check == check]].tolist())
    injected = {pid for pid, k in kind.items() if k in EXPECTED[check]}
    assert injected, "the sample must contain this kind of error"
    assert found == injected


def test_sample_has_every_kind_of_error(truth):
    kinds = set(truth["kind"])
    for needed in set().union(*EXPECTED.values()) | {"clean", "jitter", "duplicate"}:
        assert needed in kinds


def test_generator_is_deterministic():
    from diachi_geo.testing import generate

    a, b = generate(300, seed=3), generate(300, seed=3)
    pa, pb = a.layer("points"), b.layer("points")
    assert np.array_equal(pa.columns["name"], pb.columns["name"])
    assert all(x.equals(y) if x is not None else y is None
               for x, y in zip(pa.geometries, pb.geometries))
    c = generate(300, seed=4)
    assert not np.array_equal(pa.columns["name"], c.layer("points").columns["name"])


def test_scale_200k_points_vectorised(tmp_path):
    """200k generated points through every check; timing belongs to `make bench`."""
    from diachi_geo.crs import WGS84
    from diachi_geo.model import PointSet, ReferenceLayer
    from diachi_geo.testing import generate

    campaign = generate(200_000, communes=(12, 12))
    layer = campaign.layer("points")
    geoms = layer.geometries
    ok = np.array([g is not None and not g.is_empty for g in geoms])
    import shapely
    x = np.full(len(geoms), np.nan)
    y = np.full(len(geoms), np.nan)
    x[ok], y[ok] = shapely.get_x(geoms[ok]), shapely.get_y(geoms[ok])
    cols = layer.columns
    points = PointSet("gen", cols["id"], x, y, WGS84,
                      {k: cols[k] for k in ("name", "category", "address", "commune_code")})
    c = campaign.layer("communes")
    communes = ReferenceLayer("communes", c.geometries, np.arange(len(c.geometries)), c.crs,
                              {"code": c.columns["code"]})
    findings = validate(points, communes=communes).findings
    kinds = campaign.truth["kind"]
    counts = findings.counts()
    assert counts["null_island"] == (kinds == "null_island").sum()
    assert counts["swapped_latlon"] == (kinds == "swapped_latlon").sum()
    assert counts["outside_commune"] == np.isin(kinds, ("outside_commune",
                                                        "unknown_commune")).sum()
    assert counts["stacked"] == (kinds == "stacked").sum()
