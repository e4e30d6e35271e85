"""The far candidates read only the addresses that may share a street with a far point
(:mod:`diachi_geo.checks.streets.subset`); what they find must be what reading every
address finds."""
from __future__ import annotations

import unicodedata

import numpy as np
import pytest
import shapely
from diachi_geo.checks.streets import subset
from diachi_geo.checks.streets.expected import far_suggestions
from diachi_geo.checks.streets.parse import street_addresses
from diachi_geo.crs import transform_xy
from diachi_geo.io import read_points, read_reference
from diachi_geo.model import PointSet
from diachi_geo.text import fold
from diachi_geo.validate import validate
from test_far_house_number import CHECKS, street_scene

FIELDS = ("part", "building", "building_rule", "entrance_rule", "x", "y",
          "building_distance", "score", "moved")


def both_ways(points, **layers):
    """far_suggestions with a subset read, and with every address read first."""
    quick = far_suggestions(validate(points, checks=CHECKS, **layers).context)
    ctx = validate(points, checks=["in_water"], **layers).context
    street_addresses(ctx)                       # as when the street checks ran first
    return quick, far_suggestions(ctx)


def assert_same(quick, full):
    for name in FIELDS:
        np.testing.assert_array_equal(getattr(quick.snap, name), getattr(full.snap, name))
    # the neighbours' house numbers (as written) that bracket a point's
    np.testing.assert_array_equal(quick.low, full.low)
    np.testing.assert_array_equal(quick.high, full.high)
    used = np.flatnonzero(quick.chosen_by == "house_number")
    np.testing.assert_array_equal(quick.numbers[used], full.numbers[used])
    assert (quick.low[used] != "").all() and (quick.high[used] != "").all()


@pytest.mark.parametrize("written", [
    "Số {n} đường Nguyễn Trãi, phường Hạc Thành, tỉnh Thanh Hóa",
    "SỐ {n} ĐƯỜNG NGUYỄN TRÃI, P. HẠC THÀNH",
    "{n} Nguyen Trai, P.Hạc–Thành",
    "sn {n} Đ.Nguyễn-Trãi; Phường Hạc Thành",
])
def test_neighbours_written_every_way_are_found(written):
    pts, buildings, roads, _ = street_scene()
    addresses = pts.attributes["address"].copy()
    for i in range(len(addresses) - 1):
        n = addresses[i].split()[1]
        text = written.format(n=n)
        # every other neighbour with its marks decomposed (as some phones type them)
        addresses[i] = unicodedata.normalize("NFD", text) if i % 2 else text
    pts = PointSet("t", pts.ids, pts.x, pts.y, pts.crs, {**pts.attributes,
                                                         "address": addresses})
    quick, full = both_ways(pts, buildings=buildings, roads=roads)
    assert quick.chosen_by[-1] == "house_number"
    assert_same(quick, full)


def test_jittered_sample_points_get_the_same_candidates(sample, truth):
    """A third of the sample's building points moved 30-80 m (as in
    test_far_house_number.py): the same candidates, numbers and neighbours both ways."""
    refs = {n: read_reference(f"{sample}|layername={n}", kind=n)
            for n in ("buildings", "roads", "entrances")}
    position = {b: i for i, b in enumerate(refs["buildings"].ids.tolist())}
    pts = read_points(f"{sample}|layername=points")
    keep = np.flatnonzero(np.isin(truth["kind"], ("clean", "jitter")) &
                          np.array([b in position for b in truth["building_id"]]))
    rng = np.random.default_rng(20)
    keep = keep[rng.uniform(size=len(keep)) < 0.33]
    own = np.array([position[b] for b in truth["building_id"][keep]])
    ring = shapely.get_exterior_ring(shapely.buffer(refs["buildings"].to_crs(32648)[own],
                                                    rng.uniform(30, 80, len(keep))))
    spot = shapely.line_interpolate_point(ring, rng.uniform(0, 1, len(keep)), normalized=True)
    lon, lat = transform_xy(shapely.get_x(spot), shapely.get_y(spot), 32648, 4326)
    x, y = pts.x.copy(), pts.y.copy()
    x[keep], y[keep] = transform_xy(lon, lat, 4326, pts.crs)
    moved = PointSet("j", pts.ids, x, y, pts.crs, pts.attributes)
    quick, full = both_ways(moved, metric_crs=32648, **refs)
    assert (quick.chosen_by == "house_number").sum() >= 20
    assert_same(quick, full)


def test_few_addresses_are_read_for_few_far_points(sample):
    pts = read_points(f"{sample}|layername=points")
    refs = {n: read_reference(f"{sample}|layername={n}", kind=n)
            for n in ("buildings", "roads")}
    ctx = validate(pts, checks=CHECKS, **refs).context
    read, parsed = subset.addresses_for(ctx, ctx.far_points)
    assert ctx.far_points[read].sum() == ctx.far_points.sum()
    assert len(read) < len(pts) / 4 and len(parsed.house) == len(read)


def test_folded_bytes_keep_every_folded_ascii_word(sample):
    texts = [a if isinstance(a, str) else "" for a in
             read_points(f"{sample}|layername=points").attribute("address").tolist()]
    texts += ["Ngõ 5 QL1A", "Ｋ Kelvin \u212a", "tab\tsep\x1eend", "e\u0302\u0301 combining"]
    lines = subset.folded_bytes(texts).split(b"\n")
    assert len(lines) == len(texts)
    for text, line in zip(texts, lines):
        for word in fold(text).split():
            if word.isascii():
                assert word.encode() in line, (text, word)


def test_no_character_past_the_table_folds_to_an_ascii_letter_or_digit():
    odd = [c for c in range(subset._TABLE_END, 0x110000) if not 0xD800 <= c < 0xE000 and
           any(ch.isascii() and ch.isalnum() for ch in fold(chr(c)))]
    assert odd == []


def test_a_street_word_from_an_abbreviation_is_not_searched():
    assert subset.written_words("ql 1a") == [b"1a"]
    assert subset.written_words("nguyen van cu") == [b"nguyen", b"van", b"cu"]
    assert subset.written_words("東 street") is None
