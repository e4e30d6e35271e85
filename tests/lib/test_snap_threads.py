"""The entrance choice done with arrays, once per run for the entrances' owners: the same
proposals as the rule read point by point, and the same at one thread and at two."""
from __future__ import annotations

import numpy as np
import shapely
from diachi_geo.crs import transform_xy
from diachi_geo.io import read_points, read_reference
from diachi_geo.snap import prepare_buildings, snap_to_entrances
from diachi_geo.snap.entrances import _PREFERRED_ENTRANCES, entrance_owners, explicit_entrances


def by_point(x, y, part, buildings, entrances, kinds):
    """The rule as written before: for each point, min over its building's entrances of
    (preference, squared distance), the first of equals."""
    pos, owner = entrance_owners(buildings, entrances)
    by_part: dict[int, list[int]] = {}
    for e, p in zip(pos.tolist(), owner.tolist()):
        by_part.setdefault(p, []).append(e)
    ex, ey = shapely.get_x(entrances), shapely.get_y(entrances)

    def preference(e):
        kind = str(kinds[e] or "yes").lower()
        return _PREFERRED_ENTRANCES.index(kind) if kind in _PREFERRED_ENTRANCES else 3

    sx, sy = np.full(len(x), np.nan), np.full(len(x), np.nan)
    for i in np.flatnonzero(np.isin(part, list(by_part))):
        best = min(by_part[int(part[i])], key=lambda e, px=x[i], py=y[i]: (
            preference(e), (ex[e] - px) ** 2 + (ey[e] - py) ** 2))
        sx[i], sy[i] = ex[best], ey[best]
    return sx, sy


def test_entrances_chosen_with_arrays_are_the_ones_chosen_point_by_point():
    rng = np.random.default_rng(7)
    corners = rng.integers(0, 40, (300, 2)) * 25.0
    buildings = prepare_buildings(shapely.box(corners[:, 0], corners[:, 1],
                                              corners[:, 0] + 12, corners[:, 1] + 9))
    # entrances on the walls, some at the same spot (ties), of every kind and none
    k = rng.integers(0, 300, 900)
    ex = corners[k, 0] + rng.choice([0.0, 6.0, 12.0], 900)
    ey = corners[k, 1] + rng.choice([0.0, 9.0], 900)
    entrances = shapely.points(ex, ey)
    kinds = rng.choice(np.array(["main", "MAIN", "yes", "gate", "service", None, ""],
                                dtype=object), 900)
    x = corners[rng.integers(0, 300, 4000), 0] + rng.uniform(-3, 15, 4000)
    y = corners[rng.integers(0, 300, 4000), 1] + rng.uniform(-3, 12, 4000)
    part = np.where(rng.uniform(size=4000) < 0.1, -1, rng.integers(0, 300, 4000))
    sx, sy = np.full(4000, np.nan), np.full(4000, np.nan)
    done = explicit_entrances(x, y, part, buildings, entrances, kinds, sx, sy)
    want_x, want_y = by_point(x, y, part, buildings, entrances, kinds)
    assert done.sum() > 3000
    np.testing.assert_array_equal(done, np.isfinite(want_x))
    np.testing.assert_array_equal(sx, want_x)
    np.testing.assert_array_equal(sy, want_y)


def test_the_sample_snaps_alike_at_one_and_two_threads(sample):
    refs = {n: read_reference(f"{sample}|layername={n}", kind=n)
            for n in ("buildings", "roads", "entrances")}
    pts = read_points(f"{sample}|layername=points")
    ok = np.isfinite(pts.x)
    x, y = transform_xy(pts.x[ok], pts.y[ok], pts.crs, 32648)
    # 20 copies of the sample: in_threads splits only from 20,000 points a thread
    x, y, addresses = np.tile(x, 20), np.tile(y, 20), np.tile(pts.attribute("address")[ok], 20)
    buildings = prepare_buildings(refs["buildings"].to_crs(32648))
    options = dict(entrances=refs["entrances"].to_crs(32648),
                   entrance_kinds=refs["entrances"].attributes["entrance"],
                   roads=refs["roads"].to_crs(32648), road_names=refs["roads"].attributes["name"],
                   addresses=addresses)
    one = snap_to_entrances(x, y, buildings, workers=1, **options)
    two = snap_to_entrances(x, y, buildings, workers=2, **options)
    assert (one.entrance_rule == "explicit_entrance").sum() > 20 * 20
    for name in ("part", "building", "building_rule", "entrance_rule", "x", "y",
                 "building_distance", "score", "moved"):
        np.testing.assert_array_equal(getattr(two, name), getattr(one, name))
