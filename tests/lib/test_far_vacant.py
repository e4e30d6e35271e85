"""A far point's candidate is the nearest building no other point stands on: in a campaign
each house is collected once, so a point left 30-100 m from its house leaves that house
free, while the neighbour it landed by has its own point at its door
(:mod:`diachi_geo.snap.vacant`)."""
from __future__ import annotations

import numpy as np
import pytest
from diachi_geo.config import CheckParams
from diachi_geo.crs import transform_xy
from diachi_geo.messages import describe
from diachi_geo.model import PointSet
from diachi_geo.validate import validate
from far_eval import measure, unmoved_changes
from test_far_house_number import CHECKS, NEAREST, far_finding, street_scene
from test_snap import X0, Y0, points


def bare_scene(**moves):
    """Nguyễn Trãi's houses 51-61 and 54-60 with their points at their doors, except 57's,
    collected 60 m behind house 61 (61.8 m from 57); no addresses. ``moves`` puts a
    house's point elsewhere (``n61=(x, y)``)."""
    pts, buildings, roads, building_of = street_scene()
    x, y = pts.x.copy(), pts.y.copy()
    numbers = [int(a.split()[1]) for a in pts.attributes["address"][:-1]]
    for key, (mx, my) in moves.items():
        at = numbers.index(int(key[1:]))
        x[at], y[at] = mx, my
    bare = PointSet("test", pts.ids, x, y, pts.crs,
                    {k: v for k, v in pts.attributes.items() if k != "address"})
    return bare, buildings, roads, building_of


def test_the_far_point_gets_the_one_house_nobody_stands_on():
    pts, buildings, roads, building_of = bare_scene()
    f, row = far_finding(validate(pts, checks=CHECKS, buildings=buildings, roads=roads))
    params = f.params[row]
    assert params["chosen_by"] == "vacant" and params["suggestion"] == "vacant_entrance"
    assert params["building_rule"] == "vacant" and params["entrance_rule"] == "road_facing"
    assert f.related_id[row] == building_of[57]
    assert params["building_distance_m"] == pytest.approx(np.hypot(15, 60), abs=0.1)
    sx, sy = transform_xy(f.suggested_x[[row]], f.suggested_y[[row]], 4326, 32648)
    # 57's street wall, at its end nearer the point (X0 + 45), as a snap from there would
    assert (sx[0], sy[0]) == pytest.approx((X0 + 29.1, Y0 + 5), abs=0.01)
    # as low as a nearest building's candidate at that distance
    g, other = far_finding(validate(pts, checks=CHECKS, buildings=buildings, roads=roads,
                                    params=NEAREST))
    assert g.related_id[other] == building_of[61] and g.params[other]["chosen_by"] == "nearest"
    assert 0 < f.score[row] == params["score"] < g.score[other] < 0.85 / 2
    assert "chưa có điểm nào" in describe("far_from_building", params, "vi")
    assert "no other point stands on" in describe("far_from_building", params, "en")


def test_a_point_8_m_off_a_house_does_not_take_it():
    # house 61's point collected 8 m behind its back wall: 61 stays free, and nearest
    pts, buildings, roads, building_of = bare_scene(n61=(X0 + 43, Y0 + 25))
    f, row = far_finding(validate(pts, checks=CHECKS, buildings=buildings, roads=roads))
    assert f.related_id[row] == building_of[61] and f.params[row]["chosen_by"] == "nearest"
    # a wider reach for standing on a house takes it
    f, row = far_finding(validate(pts, checks=CHECKS, buildings=buildings, roads=roads,
                                  params=CheckParams(snap_far_occupied_m=10.0)))
    assert f.related_id[row] == building_of[57] and f.params[row]["chosen_by"] == "vacant"


def test_with_every_house_taken_the_nearest_stays():
    # a point at 57's door too: no free house within 100 m
    pts, buildings, roads, building_of = bare_scene()
    taken = points(np.column_stack([np.r_[pts.x, X0 + 27], np.r_[pts.y, Y0 + 6]]))
    result = validate(taken, checks=CHECKS, buildings=buildings, roads=roads)
    f = result.findings
    rows = np.flatnonzero(f.check == "far_from_building")
    assert len(rows) == 1 and f.related_id[rows[0]] == building_of[61]
    assert f.params[rows[0]]["chosen_by"] == "nearest"


def test_a_point_with_a_house_number_keeps_its_number_s_house():
    # the house number places it first: here the same house, 57
    pts, buildings, roads, building_of = street_scene()
    f, row = far_finding(validate(pts, checks=CHECKS, buildings=buildings, roads=roads))
    assert f.params[row]["chosen_by"] == "house_number"
    assert f.related_id[row] == building_of[57]


# -- on the sample: a minority of the clean points moved 30-80 m (tests/lib/far_eval.py) --
# seeds 100-109 (held out; the rule's 5 m was set from how far the sample's correct and
# slightly jittered points stand from their house: 0 and at most 6 m)
SEEDS = range(100, 110)


@pytest.mark.parametrize("complete, floor", [(False, 0.15), (True, 0.6)])
def test_far_points_find_their_own_house_more_often(complete, floor):
    """5 % of the clean points moved: the far ones (about a third) get their own house
    0.18 against 0.11 by the nearest building on the sample, whose campaign has a point on
    about half its houses; 0.71 against 0.20 when every house has its point (``complete``:
    only the buildings some point belongs to)."""
    on = measure(0.05, SEEDS, CheckParams(), complete)
    off = measure(0.05, SEEDS, NEAREST, complete)
    assert on["moved"] == off["moved"] == 710 and on["far"] > 200
    assert on["far_hit"] >= floor and on["far_hit"] >= 1.5 * off["far_hit"]
    assert on["new_wrong"] == off["new_wrong"] == 0


def test_points_not_moved_keep_their_suggestions():
    assert unmoved_changes(0.20, SEEDS[:3])["changed"] == 0
