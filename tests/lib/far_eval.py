"""Points jittered 30-80 m from their own building: is the suggestion (the snap, else the far
candidate) on it?

Two protocols on the bundled sample (``python tests/lib/far_eval.py`` prints both):

- harsh: every clean or jittered sample point with a building is moved at once, so its
  neighbours are moved too (``test_far_candidates.py``'s fixture);
- campaign: a random minority (5 %, 20 %) of the clean points is moved, the other points
  stay as collected, as in a campaign where most points are right.

A point is moved to a random spot on the ring of its footprint's buffer at a uniform
30-80 m (exactly that far from the footprint, any direction). The generator is not touched.
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
    main(range(int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else range(10))
