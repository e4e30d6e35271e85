"""The memory savings of a run change nothing it finds: text read once per distinct value,
footprints decoded straight into metres, house numbers read in slices, and derived values
let go after their last check."""
from __future__ import annotations

import numpy as np
import pytest
import shapely
from diachi_geo.checks import CHECKS
from diachi_geo.checks.context import SHARED_BY, unused_after
from diachi_geo.checks.streets import parse
from diachi_geo.crs import as_crs
from diachi_geo.io.points import read_points
from diachi_geo.io.references import read_inputs, read_reference
from diachi_geo.io.vector import _to_numpy
from diachi_geo.validate import validate

pa = pytest.importorskip("pyarrow")  # the Arrow reader is used only where it is installed

KINDS = ("communes", "buildings", "roads", "water", "entrances")


def test_text_columns_share_one_string_per_value_and_keep_their_values():
    column = pa.chunked_array([pa.array(["Chợ", None, "Chùa", "Chợ"]),
                               pa.array(["Chùa", "", None, "Chợ", "Chùa"])])
    values = _to_numpy(column)
    assert values.dtype == object
    assert values.tolist() == column.to_numpy(zero_copy_only=False).tolist()
    assert values[2] is values[4] and values[0] is values[7]
    distinct = pa.chunked_array([pa.array(["a", "b", None]), pa.array(["c", "d"])])
    assert _to_numpy(distinct).tolist() == ["a", "b", None, "c", "d"]
    assert _to_numpy(pa.chunked_array([], pa.string())).tolist() == []
    assert _to_numpy(pa.chunked_array([pa.array([None, None], pa.string())])).tolist() == \
        [None, None]


def test_sample_points_read_as_before(sample):
    points = read_points(f"{sample}|layername=points")
    codes = points.attribute("commune_code")
    same = [c for c in codes if c == codes[0]]
    assert len(same) > 1 and all(c is same[0] for c in same)
    assert all(isinstance(c, str) for c in codes)
    for name in ("name", "category", "address"):
        assert points.attribute(name).dtype == object


def test_footprints_decoded_into_metres_equal_projected_after(sample):
    utm = as_crs("EPSG:32648")
    source = f"{sample}|layername=buildings"
    direct = read_reference(source, kind="buildings", to_crs=utm)
    after = read_reference(source, kind="buildings").in_crs(utm)
    assert direct.crs == utm
    assert np.array_equal(direct.ids, after.ids)
    assert shapely.equals_exact(direct.geometries, after.geometries, tolerance=0).all()


@pytest.mark.parametrize("slice_chars", [1, 7, 40])
def test_house_numbers_read_in_slices_as_in_one_pass(monkeypatch, slice_chars):
    addresses = np.array(["Số 12A Đ. Lê Lợi, P. Điện Biên", "", "5, thôn Đông", None,
                          "12/3 Le Loi\nxã Đông", "sn 7 Trần Phú", ""], dtype=object)
    whole = parse._split_numbers(addresses)
    monkeypatch.setattr(parse, "_SLICE_CHARS", slice_chars)
    assert parse._split_numbers(addresses) == whole
    assert len(whole[0]) == len(addresses)


def test_derived_values_go_after_their_last_check():
    assert set(unused_after(CHECKS)) == set()
    assert set(unused_after([])) == {n for names in SHARED_BY for n in names}
    assert "building_index" not in unused_after(["in_water"])
    assert "building_index" in unused_after(["street_mismatch", "hamlet_outlier"])
    for users in SHARED_BY.values():
        assert set(users) <= set(CHECKS)


def test_a_run_that_keeps_no_context_finds_the_same(sample):
    points, layers = read_inputs(f"{sample}|layername=points",
                                 {k: f"{sample}|layername={k}" for k in KINDS},
                                 personal=("owner_phone",), metric_crs="utm")
    kept = validate(points, **layers)
    freed = validate(points, keep_context=False, **layers)
    assert kept.context is not None and freed.context is None
    a, b = kept.findings, freed.findings
    assert len(a) == len(b) > 0
    assert np.array_equal(a.index, b.index) and a.check.tolist() == b.check.tolist()
    assert a.params == b.params
    assert np.allclose(a.suggested_x, b.suggested_x, equal_nan=True)
    assert np.allclose(a.score, b.score)
