"""Snapping to entrances: generated geometry cases and the bundled sample's ground truth."""
import json

import numpy as np
import pytest
import shapely
from diachi_geo import parallel
from diachi_geo.config import CheckParams
from diachi_geo.io import read_communes, read_points, read_reference
from diachi_geo.model import PointSet, ReferenceLayer
from diachi_geo.snap import prepare_buildings, snap_to_entrances
from diachi_geo.validate import validate

X0, Y0 = 576000.0, 2190000.0      # UTM 48N, inside the sample area in Thanh Hóa
ROAD = shapely.LineString([(X0 - 100, Y0), (X0 + 100, Y0)])   # an east-west street


def house(x0, width=6.0, depth=12.0, front=5.0):
    """A footprint north of the street, its facade ``front`` m from the road centre."""
    return shapely.box(X0 + x0, Y0 + front, X0 + x0 + width, Y0 + front + depth)


def layer(geoms, crs=32648, **attributes):
    geoms = np.array(geoms, dtype=object)
    return ReferenceLayer("test", geoms, np.arange(1, len(geoms) + 1), crs,
                          {k: np.asarray(v, dtype=object) for k, v in attributes.items()})


def points(xy, crs=32648, **attributes):
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    n = len(xy)
    attributes.setdefault("name", [f"Nhà {i}" for i in range(n)])
    attributes.setdefault("category", ["Nhà ở"] * n)
    attributes.setdefault("address", ["thôn Đông"] * n)
    return PointSet("test", np.arange(1, n + 1), xy[:, 0], xy[:, 1], crs,
                    {k: np.asarray(v, dtype=object) for k, v in attributes.items()})


def snap_findings(pts, **layers):
    params = layers.pop("params", None)
    result = validate(pts, checks=["snap", "far_from_building", "in_water"], params=params,
                      **layers)
    return result, result.context.snap


def test_yard_point_goes_to_the_middle_of_the_street_facade():
    result, snap = snap_findings(points([(X0 + 3, Y0 + 21)]), buildings=layer([house(0)]),
                                 roads=layer([ROAD]))
    assert snap.entrance_rule[0] == "road_facing"
    assert (snap.x[0], snap.y[0]) == pytest.approx((X0 + 3, Y0 + 5))
    params = result.findings.params[0]
    assert params["building_rule"] == "nearest" and params["moved_m"] == pytest.approx(16)


def test_roof_point_of_a_row_house_gets_the_street_side_not_a_shared_wall():
    row = [house(0), house(6), house(12)]              # three houses sharing walls
    pts = points([(X0 + 6.4, Y0 + 9)])                 # on the middle roof, by the west wall
    _, with_roads = snap_findings(pts, buildings=layer(row), roads=layer([ROAD]))
    assert with_roads.building[0] == 1 and with_roads.y[0] == pytest.approx(Y0 + 5)
    _, no_roads = snap_findings(pts, buildings=layer(row))
    assert no_roads.entrance_rule[0] == "outline"
    # the shared west wall is 0.4 m away, the front wall 4 m: the front wall it is
    assert no_roads.y[0] == pytest.approx(Y0 + 5, abs=0.01)
    assert abs(no_roads.x[0] - (X0 + 6)) > 0.3


def test_corner_house_faces_the_street_its_address_names():
    side = shapely.LineString([(X0 - 4, Y0 - 50), (X0 - 4, Y0 + 100)])   # a lane to the west
    roads = layer([ROAD, side], name=["Lê Lợi", "Trần Phú"])
    pts = points([(X0 + 3, Y0 + 13), (X0 + 3, Y0 + 13)],
                 address=["Số 5 đường Lê Lợi, xã Thiệu Đô", "Số 2 Trần Phú, xã Thiệu Đô"])
    _, snap = snap_findings(pts, buildings=layer([house(0), house(30)]), roads=roads)
    # two points on one building are spread apart; each keeps its own street
    assert snap.y[0] == pytest.approx(Y0 + 5, abs=1.1)
    assert snap.x[1] == pytest.approx(X0, abs=1.1)


@pytest.mark.parametrize("front", [5.0, 35.0])   # the house's centre 11 m or 41 m off
def test_a_farm_house_set_back_from_its_road_still_faces_it(front):
    # 41 m is beyond the first range query for roads (30 m): the nearest search finds it
    lane = shapely.LineString([(X0 - 70, Y0 - 100), (X0 - 70, Y0 + 200)])   # farther west
    _, snap = snap_findings(points([(X0 + 3, Y0 + front + 16)]),
                            buildings=layer([house(0, front=front)]),
                            roads=layer([ROAD, lane], name=["Lê Lợi", "Trần Phú"]))
    assert snap.entrance_rule[0] == "road_facing"
    assert snap.y[0] == pytest.approx(Y0 + front)


@pytest.mark.parametrize("front", [5.0, 24.0])
def test_a_corner_far_from_both_roads_still_asks_the_address(front):
    # centre 11 m or 30 m from the street; the lane 5 m farther: about as near, a corner
    lane = shapely.LineString([(X0 - 8 - front, Y0 - 100), (X0 - 8 - front, Y0 + 200)])
    roads = layer([ROAD, lane], name=["Lê Lợi", "Trần Phú"])
    pts = points([(X0 + 3, Y0 + front + 16)], address=["Số 2 Trần Phú"])
    _, snap = snap_findings(pts, buildings=layer([house(0, front=front)]), roads=roads)
    assert snap.entrance_rule[0] == "road_facing"
    assert snap.x[0] == pytest.approx(X0)            # the west wall, on Trần Phú


def test_explicit_main_entrance_wins():
    gates = shapely.points([(X0 + 6, Y0 + 8), (X0 + 1, Y0 + 5)])   # side service door, main gate
    entrances = layer(gates, entrance=["service", "main"])
    _, snap = snap_findings(points([(X0 + 5, Y0 + 2)]), buildings=layer([house(0)]),
                            roads=layer([ROAD]), entrances=entrances)
    assert snap.entrance_rule[0] == "explicit_entrance"
    assert (snap.x[0], snap.y[0]) == pytest.approx((X0 + 1, Y0 + 5))


def test_entrance_of_the_neighbour_is_not_taken():
    entrances = layer([shapely.Point(X0 + 7, Y0 + 5)], entrance=["main"])  # on house 2
    _, snap = snap_findings(points([(X0 + 3, Y0 + 2)]), buildings=layer([house(0), house(6)]),
                            roads=layer([ROAD]), entrances=entrances)
    assert snap.building[0] == 0 and snap.entrance_rule[0] == "road_facing"


def test_school_point_prefers_the_school_over_a_closer_house():
    school = shapely.box(X0 + 10, Y0 + 5, X0 + 40, Y0 + 25)
    buildings = layer([house(0), school], building=["house", "school"], name=[None, None])
    pts = points([(X0 + 7.5, Y0 + 2)], category=["Trường học"], name=["Trường THCS Thiệu Đô"])
    _, snap = snap_findings(pts, buildings=buildings, roads=layer([ROAD]))
    assert snap.building[0] == 1 and snap.building_rule[0] == "category"
    pts = points([(X0 + 7.5, Y0 + 2)])                  # a household takes the nearest
    _, snap = snap_findings(pts, buildings=buildings, roads=layer([ROAD]))
    assert snap.building[0] == 0


def test_far_from_building_is_a_warning_with_the_radius():
    result, _ = snap_findings(points([(X0 + 3, Y0 + 60), (X0 + 3, Y0 + 30)]),
                              buildings=layer([house(0)]))
    rows = result.findings.check == "far_from_building"
    assert result.findings.index[rows].tolist() == [0]
    assert set(result.findings.severity[rows]) == {"warning"}
    params = CheckParams(snap_max_distance_m=70.0)
    result, _ = snap_findings(points([(X0 + 3, Y0 + 60)]), buildings=layer([house(0)]),
                              params=params)
    assert "far_from_building" not in set(result.findings.check)


def test_in_water_suggests_land():
    river = shapely.box(X0 - 100, Y0 + 40, X0 + 200, Y0 + 120)
    pts = points([(X0 + 3, Y0 + 45), (X0 + 150, Y0 + 42), (X0 + 150, Y0 + 80), (X0 + 3, Y0 + 30)])
    result, _ = snap_findings(pts, buildings=layer([house(0)]), roads=layer([ROAD]),
                              water=layer([river]))
    f = result.findings
    rows = np.flatnonzero(f.check == "in_water")
    assert f.index[rows].tolist() == [0, 1, 2]
    suggestion = [f.params[r]["suggestion"] for r in rows]
    assert suggestion == ["building", "bank", "none"]
    # the bank suggestion is on land, a metre beyond the water's edge
    from diachi_geo.crs import transform_xy
    bx, by = transform_xy(f.suggested_x[rows[1:2]], f.suggested_y[rows[1:2]], 4326, 32648)
    assert by[0] == pytest.approx(Y0 + 39, abs=0.05) and not river.contains(shapely.Point(
        bx[0], by[0]))
    assert np.isnan(f.suggested_x[rows[2]])
    assert set(f.index[f.check == "snap"]) == {3}        # points in water are not also snapped


def test_points_on_one_small_building_stay_apart_in_order():
    pts = points([(X0 + 1, Y0 + 2), (X0 + 3, Y0 + 2), (X0 + 5, Y0 + 2), (X0 + 3, Y0 + 9)])
    _, snap = snap_findings(pts, buildings=layer([house(0, width=4)]), roads=layer([ROAD]))
    ring = house(0, width=4).exterior
    along = np.sort(shapely.line_locate_point(ring, shapely.points(snap.x, snap.y)))
    gaps = np.diff(np.r_[along, along[0] + ring.length])
    assert gaps.min() >= 2.0 - 1e-6                    # spaced along the outline
    xy = np.c_[snap.x, snap.y]
    assert np.hypot(*(xy[:, None] - xy[None]).transpose(2, 0, 1))[np.triu_indices(4, 1)].min() \
        > 1.4                                           # so each can be clicked
    front = np.isclose(snap.y, Y0 + 5)
    order = np.argsort(snap.x[front])                   # the street points keep their order
    assert np.all(np.diff(np.flatnonzero(front)[order]) > 0)


def test_small_moves_are_not_reported():
    pts = points([(X0 + 3, Y0 + 4.5), (X0 + 23, Y0 + 2)])
    result, _ = snap_findings(pts, buildings=layer([house(0), house(20)]), roads=layer([ROAD]))
    assert result.findings.index[result.findings.check == "snap"].tolist() == [1]


@pytest.mark.parametrize("geometry, usable", [
    (shapely.from_wkt(f"POLYGON (({X0} {Y0+5}, {X0+6} {Y0+17}, {X0+6} {Y0+5}, {X0} {Y0+17}, "
                      f"{X0} {Y0+5}))"), True),                           # self-intersecting
    (shapely.MultiPolygon([house(0), house(20)]), True),
    (shapely.Polygon(house(0).exterior.coords, [shapely.box(X0 + 2, Y0 + 8, X0 + 4, Y0 + 10)
                                                .exterior.coords]), True),  # with a hole
    (shapely.force_3d(house(0), 7.0), True),
    (shapely.from_wkt("POLYGON EMPTY"), False),
    (None, False),
    (shapely.LineString([(X0, Y0 + 5), (X0 + 6, Y0 + 5)]), False),
])
def test_bad_buildings_are_repaired_or_skipped(geometry, usable):
    """A repaired footprint takes the point to its street facade; a skipped one leaves it
    far from any building (the other house is 40 m away)."""
    result, snap = snap_findings(points([(X0 + 3, Y0 + 2)]),
                                 buildings=layer([geometry, house(40)]), roads=layer([ROAD]))
    if usable:
        assert snap.building[0] == 0 and snap.y[0] == pytest.approx(Y0 + 5)
        assert result.findings.check.tolist() == ["snap"]
    else:
        assert snap.building[0] == -1 and np.isnan(snap.x[0])
        assert result.findings.check.tolist() == ["far_from_building"]


def test_an_empty_buildings_layer_makes_every_point_far_with_a_warning(caplog):
    for empty in ([], [shapely.Polygon(), None]):
        result, snap = snap_findings(points([(X0 + 3, Y0 + 21), (X0 + 40, Y0 + 9)]),
                                     buildings=layer(empty))
        assert snap.building.tolist() == [-1, -1]
        assert result.findings.check.tolist() == ["far_from_building"] * 2
    assert "no usable footprint" in caplog.text


def test_prepare_buildings_counts():
    index = prepare_buildings(np.array([shapely.MultiPolygon([house(0), house(20)]), None,
                                        shapely.box(0, 0, 0.5, 0.5)]))
    assert index.building.tolist() == [0, 0] and index.skipped == 2


def test_roads_in_another_crs_are_reprojected():
    from diachi_geo.crs import transform_xy
    lon, lat = transform_xy(np.array([X0 - 100, X0 + 100]), np.array([Y0, Y0]), 32648, 4326)
    road = layer([shapely.LineString(np.c_[lon, lat])], crs=4326)
    _, snap = snap_findings(points([(X0 + 3, Y0 + 21)]), buildings=layer([house(0)]), roads=road)
    assert snap.entrance_rule[0] == "road_facing" and snap.y[0] == pytest.approx(Y0 + 5, abs=0.01)


# -- the bundled sample ------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample_run(sample):
    def ref(name):
        return read_reference(f"{sample}|layername={name}", kind=name)

    pts = read_points(f"{sample}|layername=points")
    result = validate(pts, communes=read_communes(f"{sample}|layername=communes"),
                      buildings=ref("buildings"), roads=ref("roads"), water=ref("water"),
                      entrances=ref("entrances"))
    return pts, result


@pytest.mark.parametrize("detail", ["street", "yard", "roof"])
def test_jittered_points_return_to_their_building(sample_run, truth, detail):
    pts, result = sample_run
    snap = result.context.snap
    ids = result.context.layers["buildings"].ids
    chosen = np.where(snap.building >= 0, ids[np.maximum(snap.building, 0)], -1)
    mask = (truth["kind"] == "jitter") & (truth["detail"] == detail)
    assert mask.sum() > 50
    right = chosen[mask] == truth["building_id"][mask]
    assert right.mean() >= 0.95
    # and the proposal is at the door: within 3 m of the true entrance for 95 % of them
    from diachi_geo.crs import transform_xy
    tx, ty = transform_xy(truth["true_lon"][mask], truth["true_lat"][mask], 4326,
                          result.metric_crs)
    error = np.hypot(snap.x[mask] - tx, snap.y[mask] - ty)
    assert np.mean(error[right] <= 3.0) >= 0.95


def test_sample_far_and_water_points_are_flagged(sample_run, truth):
    pts, result = sample_run
    f = result.findings
    for check, kind in (("far_from_building", "far_from_building"), ("in_water", "in_water")):
        found = set(pts.ids[f.index[f.check == check]].tolist())
        assert found == set(truth["point_id"][truth["kind"] == kind].tolist())


def test_sample_public_places_snap_to_their_mapped_gates(sample_run, truth):
    pts, result = sample_run
    snap = result.context.snap
    public = ~np.isin(truth["building_type"], ("house", "retail")) & \
        np.isin(truth["kind"], ("clean", "jitter"))
    assert public.sum() >= 20
    assert (snap.entrance_rule[public] == "explicit_entrance").mean() >= 0.95


def test_snap_findings_carry_the_contract(sample_run, truth):
    pts, result = sample_run
    f = result.findings
    rows = np.flatnonzero(f.check == "snap")
    jittered = truth["point_id"][truth["kind"] == "jitter"]
    assert set(jittered.tolist()) <= set(pts.ids[f.index[rows]].tolist())
    first = f.params[rows[0]]
    assert {"building_rule", "entrance_rule", "moved_m", "building_distance_m"} <= set(first)
    assert all(f.related_id[r] is not None for r in rows)
    assert np.all((f.score[rows] > 0) & (f.score[rows] <= 1))
    assert np.all((f.suggested_x[rows] > 105) & (f.suggested_x[rows] < 106))
    json.dumps(first)


def test_threads_give_the_same_proposals(sample, monkeypatch):
    pts = read_points(f"{sample}|layername=points")
    refs = {name: read_reference(f"{sample}|layername={name}", kind=name)
            for name in ("buildings", "roads", "entrances")}
    result = validate(pts, checks=["null_island"], **refs)   # a context, not snapped yet
    ctx = result.context
    x, y = ctx.metric_xy
    roads = refs["roads"].to_crs(ctx.metric_crs)
    entrances = refs["entrances"].to_crs(ctx.metric_crs)

    def run(workers):
        return snap_to_entrances(
            x, y, ctx.building_index, point_classes=ctx.point_classes, roads=roads,
            road_names=refs["roads"].attributes["name"], addresses=pts.attribute("address"),
            entrances=entrances, entrance_kinds=refs["entrances"].attributes["entrance"],
            workers=workers)

    single = run(1)
    monkeypatch.setattr(parallel, "MIN_CHUNK", 100)
    threaded = run(2)
    assert np.array_equal(single.part, threaded.part)
    assert np.allclose(single.x, threaded.x, equal_nan=True)
    assert np.array_equal(single.entrance_rule, threaded.entrance_rule)


def test_a_footprint_that_does_not_project_is_skipped_not_a_crash():
    """A footprint far outside the metric CRS's area projects to infinite coordinates; GEOS
    would refuse to repair it (a bow-tie) and the run would stop. It is skipped instead."""
    from diachi_geo.crs import transform_xy
    from diachi_geo.model import reproject
    from diachi_geo.snap import prepare_buildings

    bowtie = shapely.from_wkt("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))")
    here = shapely.box(105.8, 19.8, 105.8001, 19.8001)
    metric = reproject(np.array([bowtie, here]), "EPSG:4326", "EPSG:32648")
    assert not np.isfinite(shapely.get_coordinates(metric[0])).all()
    assert np.isfinite(transform_xy(np.array([105.8]), np.array([19.8]), "EPSG:4326",
                                    "EPSG:32648")[0]).all()
    index = prepare_buildings(metric)
    assert index.building.tolist() == [1] and index.skipped == 1 and index.repaired == 0
