"""Far points get a candidate: the entrance of the nearest building within
``snap_max_distance_far_m``, as a low-confidence suggestion the Review dock's S accepts."""
from __future__ import annotations

import numpy as np
import pyogrio.raw
import pytest
import shapely
from diachi_geo.checks.streets.expected import far_suggestions
from diachi_geo.cli import main
from diachi_geo.config import CheckParams
from diachi_geo.crs import transform_xy
from diachi_geo.io import read_points, read_reference
from diachi_geo.messages import describe
from diachi_geo.model import PointSet
from diachi_geo.session import Session, WorkFilter, create_session
from diachi_geo.validate import validate
from far_eval import measure
from test_snap import ROAD, X0, Y0, house, layer, points

CHECKS = ["snap", "far_from_building", "in_water"]


def far_rows(result):
    f = result.findings
    return np.flatnonzero(f.check == "far_from_building")


def metric(f, rows):
    return transform_xy(f.suggested_x[rows], f.suggested_y[rows], 4326, 32648)


def test_a_point_60_m_behind_its_house_gets_its_street_door_as_a_weak_suggestion():
    # the house's back wall is at Y0 + 17: the point is 60 m behind it, in the fields
    result = validate(points([(X0 + 3, Y0 + 77)]), checks=CHECKS, buildings=layer([house(0)]),
                      roads=layer([ROAD], name=["Lê Lợi"]))
    f = result.findings
    rows = far_rows(result)
    assert f.index[rows].tolist() == [0] and f.severity[rows[0]] == "warning"
    params = f.params[rows[0]]
    assert params["suggestion"] == "nearest_entrance"
    assert params["entrance_rule"] == "road_facing" and params["building_rule"] == "nearest"
    assert params["building_distance_m"] == pytest.approx(60.0)
    assert params["moved_m"] == pytest.approx(72.0)
    assert f.related_id[rows[0]] == 1
    sx, sy = metric(f, rows)
    assert (sx[0], sy[0]) == pytest.approx((X0 + 3, Y0 + 5), abs=0.01)   # the street door
    # low confidence: under half the road-facing rule's 0.85, the same in params
    assert 0 < f.score[rows[0]] == params["score"] < 0.85 / 2
    assert "snap" not in set(f.check)
    text = describe("far_from_building", params, "vi")
    assert "độ tin cậy thấp" in text and "{" not in text


def test_the_score_falls_with_the_distance_and_ends_at_the_far_limit():
    # 35, 55, 75, 95 and 105 m behind the back wall
    depths = [35, 55, 75, 95, 105]
    result = validate(points([(X0 + 3, Y0 + 17 + d) for d in depths]), checks=CHECKS,
                      buildings=layer([house(0)]), roads=layer([ROAD]))
    f = result.findings
    rows = far_rows(result)
    assert f.index[rows].tolist() == [0, 1, 2, 3, 4]
    scores = f.score[rows[:4]]
    assert np.all(np.diff(scores) < 0) and scores[0] <= 0.5
    # beyond 100 m: the finding stays, with no suggestion and the old confidence
    last = rows[4]
    assert np.isnan(f.suggested_x[last]) and f.related_id[last] is None
    assert "suggestion" not in f.params[last] and f.score[last] == 0.7
    text = describe("far_from_building", f.params[last], "en")
    assert text.startswith("No building within 30 m. Rural")


def test_the_far_limit_is_a_parameter():
    pts = points([(X0 + 3, Y0 + 77)])
    params = CheckParams(snap_max_distance_far_m=50.0)
    result = validate(pts, checks=CHECKS, buildings=layer([house(0)]), params=params)
    assert np.isnan(result.findings.suggested_x[far_rows(result)]).all()
    # at or under the snapping reach: no far candidates at all
    params = CheckParams(snap_max_distance_far_m=20.0)
    result = validate(pts, checks=CHECKS, buildings=layer([house(0)]), params=params)
    assert np.isnan(result.findings.suggested_x[far_rows(result)]).all()


def test_a_mapped_entrance_wins_for_a_far_point_too():
    gates = layer(shapely.points([(X0 + 6, Y0 + 12), (X0 + 1, Y0 + 5)]),
                  entrance=["service", "main"])
    result = validate(points([(X0 + 3, Y0 + 77)]), checks=CHECKS, buildings=layer([house(0)]),
                      roads=layer([ROAD]), entrances=gates)
    f = result.findings
    rows = far_rows(result)
    assert f.params[rows[0]]["entrance_rule"] == "explicit_entrance"
    sx, sy = metric(f, rows)
    assert (sx[0], sy[0]) == pytest.approx((X0 + 1, Y0 + 5), abs=0.01)


def test_a_far_point_in_water_is_left_to_in_water():
    river = shapely.box(X0 - 100, Y0 + 60, X0 + 100, Y0 + 90)
    result = validate(points([(X0 + 3, Y0 + 77)]), checks=CHECKS, buildings=layer([house(0)]),
                      water=layer([river]))
    assert result.findings.check.tolist() == ["in_water"]


# -- the option on the command line and in the config ---------------------------------
def test_cli_and_config_set_the_far_limit(sample, tmp_path):
    refs = [f"--{k}" for k in ("buildings", "roads", "entrances")]
    args = [a for k in refs for a in (k, f"{sample}|layername={k[2:]}")]
    counts = {}
    for label, extra in (("default", []), ("cli", ["--snap-max-distance-far", "500"])):
        out = tmp_path / f"{label}.gpkg"
        assert main(["snap", f"{sample}|layername=points", "--out", str(out), "--quiet",
                     *args, *extra]) == 0
        meta, _, _, values = pyogrio.raw.read(out, layer="findings", read_geometry=False)
        columns = dict(zip(meta["fields"], values))
        far = columns["check"] == "far_from_building"
        counts[label] = (int(far.sum()), int(np.isfinite(columns["suggested_x"][far]
                                                          .astype(float)).sum()))
    config = tmp_path / "far.toml"
    config.write_text("[params]\nsnap_max_distance_far_m = 500\n", encoding="utf-8")
    out = tmp_path / "config.gpkg"
    assert main(["snap", f"{sample}|layername=points", "--out", str(out), "--quiet",
                 "--config", str(config), *args]) == 0
    meta, _, _, values = pyogrio.raw.read(out, layer="findings", read_geometry=False)
    columns = dict(zip(meta["fields"], values))
    far = columns["check"] == "far_from_building"
    counts["config"] = (int(far.sum()),
                        int(np.isfinite(columns["suggested_x"][far].astype(float)).sum()))
    flagged = counts["default"][0]
    # the sample's unmapped houses stand 110-450 m from any mapped one: beyond 100 m
    assert flagged >= 6 and counts["default"] == (flagged, 0)
    assert counts["cli"] == counts["config"] == (flagged, flagged)


# -- S accepts it in a review session ---------------------------------------------------
def test_review_session_accepts_a_far_suggestion(sample, tmp_path):
    out = tmp_path / "session.gpkg"
    kinds = ("communes", "buildings", "roads", "water", "entrances")
    # the sample's unmapped houses are 110-450 m from a mapped one: reach them all
    create_session(f"{sample}|layername=points", str(out), user="an",
                   params=CheckParams(snap_max_distance_far_m=500.0),
                   references={k: f"{sample}|layername={k}" for k in kinds})
    with Session(str(out), "an") as s:
        fids = s.worklist(WorkFilter(checks=("far_from_building",)))
        assert len(fids)
        record = s.point(int(fids[0]))
        suggestion = record.suggestion()
        assert suggestion is not None and suggestion["check"] == "far_from_building"
        s.accept_suggestion(record.fid)
        moved = s.point(record.fid)
        assert (moved.x, moved.y) == pytest.approx(
            (suggestion["suggested_x"], suggestion["suggested_y"]))
        assert moved.review["decision"] == "corrected"


# -- jittered 30-80 m from their own building ---------------------------------------------
@pytest.fixture(scope="module")
def jittered(sample, truth):
    """Every sample point that has a building, moved to a random spot 30-80 m from that
    building's footprint (on the ring of the footprint's buffer: exactly that far, any
    direction), then snapped with the sample's roads and entrances."""
    refs = {name: read_reference(f"{sample}|layername={name}", kind=name)
            for name in ("buildings", "roads", "entrances")}
    buildings = refs["buildings"]
    position = {b: i for i, b in enumerate(buildings.ids.tolist())}
    pts = read_points(f"{sample}|layername=points")
    assert pts.ids.tolist() == truth["point_id"].tolist()
    keep = np.flatnonzero(np.isin(truth["kind"], ("clean", "jitter")) &
                          np.array([b in position for b in truth["building_id"]]))
    own = np.array([position[b] for b in truth["building_id"][keep]])
    rng = np.random.default_rng(18)
    gap = rng.uniform(30, 80, len(keep))
    footprints = buildings.to_crs(32648)[own]
    ring = shapely.get_exterior_ring(shapely.buffer(footprints, gap, quad_segs=16))
    spot = shapely.line_interpolate_point(ring, rng.uniform(0, 1, len(keep)), normalized=True)
    lon, lat = transform_xy(shapely.get_x(spot), shapely.get_y(spot), 32648, 4326)
    x, y = transform_xy(lon, lat, 4326, pts.crs)
    moved = PointSet("jittered", pts.ids[keep], x, y, pts.crs,
                     {k: v[keep] for k, v in pts.attributes.items()})
    result = validate(moved, checks=CHECKS, metric_crs=32648, **refs)
    return result, own, gap


def test_every_point_jittered_30_80_m_gets_a_suggestion(jittered):
    result, own, gap = jittered
    f = result.findings
    suggested = np.zeros(len(own), dtype=bool)
    suggested[f.index[np.isfinite(f.suggested_x)]] = True
    assert len(own) > 1000
    assert suggested.mean() >= 0.95
    far = np.zeros(len(own), dtype=bool)
    far[f.index[f.check == "far_from_building"]] = True
    assert far.sum() > 100 and suggested[far].all()


@pytest.mark.xfail(strict=True, reason="measured 2.9 % on the sample (3.6 % by nearest "
                   "building or house number, before the preference for a free house): two "
                   "in three of these points are within 30 m of a neighbour's house and snap "
                   "to it; of the far ones 85 % have no street and number; with every point "
                   "moved, a house looks taken when a moved point lands by it, and the "
                   "neighbours that place the rest by number are moved too (issue 18's "
                   "report)")
def test_points_jittered_30_80_m_get_a_suggestion_on_their_own_building(jittered):
    result, own, _ = jittered
    ctx = result.context
    far = far_suggestions(ctx).snap
    chosen = np.where(ctx.snap.part >= 0, ctx.snap.building, far.building)
    assert np.mean(chosen == own) >= 0.95


@pytest.mark.xfail(strict=True, reason="measured 6.3 % on the sample (seeds 100-109, 710 "
                   "points; 4.0 % without the preference for a free house): 64 % of the "
                   "moved points land within 30 m of a neighbour's house and snap to it, and "
                   "of the far ones 18 % get their own house (0.71 if every house had its "
                   "point: the sample's campaign has a point on about half its houses); see "
                   "test_far_vacant.py and tests/lib/far_eval.py")
def test_a_minority_jittered_30_80_m_get_a_suggestion_on_their_own_building():
    """A campaign: 5 % of the clean points moved 30-80 m, the others as collected."""
    assert measure(0.05, range(100, 110))["hit"] >= 0.95


def test_snapping_and_far_candidates_index_the_roads_once(monkeypatch):
    """The snap, the far candidates and their house-number choice share one road index
    (what it learns per building holds for all three): building it per call took 0.5 s
    per 100,000 points."""
    import diachi_geo.snap.propose as propose

    built = []
    real = propose.RoadIndex

    def counted(*args, **kwargs):
        built.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(propose, "RoadIndex", counted)
    result = validate(points([(X0 + 3, Y0 + 77), (X0 + 3, Y0 + 5)]), checks=CHECKS,
                      buildings=layer([house(0)]), roads=layer([ROAD], name=["Lê Lợi"]))
    assert len(far_rows(result)) == 1 and len(built) == 1
