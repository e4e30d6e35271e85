"""A few thousand random malformed features through validate: findings, never a crash."""
from __future__ import annotations

import numpy as np
import pytest
import shapely
from diachi_geo.io import Source, build_point_set, points_from_wkb, read_references
from diachi_geo.validate import validate

ODD_TEXT = ["", " ", None, "\x00\x07\x1b", "a\u0301\u0301\u0301", "🏠 Nhà", "\u202eRTL",
            "Tr\xadêng häc", "x" * 5000, "Số 1/2/3 ngõ 4 ngách 5", "NaN", "0", "\ufeffBOM",
            "ƯỚC", "đường\tLê\nLợi", "UBND xã Thiệu Đô", "Quán nước"]


def random_geometry(rng: np.random.Generator):
    kind = rng.integers(0, 9)
    # mostly degrees in Vietnam (a file of mostly metres is refused as a whole, rightly)
    x = rng.choice([105.73, 0.0, 19.77, 1e300, -1e300, np.nan, np.inf, 180.0, 500000.0],
                   p=[0.72, 0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 0.02, 0.02])
    y = rng.choice([19.77, 0.0, 105.73, -90.0, np.nan, -np.inf, 2186000.0, 1e-300],
                   p=[0.72, 0.04, 0.04, 0.04, 0.04, 0.04, 0.04, 0.04])
    x, y = x + rng.normal(0, 0.001), y + rng.normal(0, 0.001)
    if kind == 0:
        return None
    if kind == 1:
        return shapely.Point()
    if kind == 2:
        return shapely.linestrings([[x, y], [x + 1, y]])
    if kind == 3:
        return shapely.multipoints([[x, y], [y, x]])
    if kind == 4:
        return shapely.box(105.7, 19.7, 105.71, 19.71)
    return shapely.Point(x, y)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_malformed_features_never_crash_validate(seed, sample):
    rng = np.random.default_rng(seed)
    n = 1500
    geometries = [random_geometry(rng) for _ in range(n)]
    wkb = np.array([None if g is None else shapely.to_wkb(g, flavor="iso")
                    for g in geometries], dtype=object)
    columns = {"id": np.arange(n)}
    for name in ("name", "category", "address", "commune_code", "owner_phone",
                 "collector", "collected_at", "digital_code"):
        columns[name] = np.array([ODD_TEXT[i] for i in rng.integers(0, len(ODD_TEXT), n)],
                                 dtype=object)
    points = build_point_set(Source("fuzz"), columns, np.arange(n), points_from_wkb(wkb),
                             declared_crs="EPSG:4326")
    layers = read_references({k: f"{sample}|layername={k}" for k in
                              ("communes", "buildings", "roads", "water", "entrances")})
    result = validate(points, **layers)
    flagged = set(result.findings.index.tolist())
    broken = {i for i, g in enumerate(geometries)
              if g is None or shapely.is_empty(g) or g.geom_type != "Point" or
              not (np.isfinite(g.x) and np.isfinite(g.y))}
    assert broken <= flagged  # every unusable geometry has a finding
    invalid = result.findings.index[result.findings.check == "invalid_geometry"].tolist()
    assert sorted(invalid) == sorted(broken)  # one each, and none for a usable point
