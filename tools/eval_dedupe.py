"""Duplicate detection measured on the independent labelled set in tests/data/dedupe_eval.

The set was written without looking at the matcher (see its README). Each half is checked
as a campaign of its own: weights are learned from that half's points only. Parameters are
chosen on the ``tune`` half; the ``report`` half is only ever reported.

    python tools/eval_dedupe.py [--half report|tune] [--json] [--set PARAM=VALUE ...]

Printed: pair precision, recall and F1 (a pair is found when both points end up in one
duplicate group; expected when they share an entity), recall per duplicate class and the
false-link rate per look-alike class, and the same for a simple baseline rule.
"""
from __future__ import annotations

import argparse
import csv
import difflib
import json
import pathlib
import sys
from collections import defaultdict

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "data" / "dedupe_eval"
sys.path.insert(0, str(ROOT / "lib"))

from diachi_geo.checks.duplicates import find_duplicates  # noqa: E402
from diachi_geo.config import DuplicateParams  # noqa: E402
from diachi_geo.model import PointSet  # noqa: E402
from diachi_geo.text import match_key  # noqa: E402
from diachi_geo.validate import validate  # noqa: E402

LOOK_ALIKES = ("tone_only", "same_trade_same_building", "numbered_sibling", "same_chain_far")
FIELDS = ("name", "category", "address", "digital_code", "collector", "collected_at",
          "owner_phone")


def read_half(half: str, folder: pathlib.Path = EVAL) -> tuple[PointSet, dict, list[dict]]:
    """The points of one half as a PointSet, their entities by id, and the labelled pairs."""
    with open(folder / "points.csv", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["half"] == half]
    with open(folder / "pairs.csv", encoding="utf-8", newline="") as f:
        pairs = [r for r in csv.DictReader(f) if r["half"] == half]
    ids = np.array([int(r["id"]) for r in rows])
    attributes = {k: np.array([r[k] or None for r in rows], dtype=object) for k in FIELDS}
    points = PointSet("dedupe_eval", ids, np.array([float(r["lon"]) for r in rows]),
                      np.array([float(r["lat"]) for r in rows]), "EPSG:4326", attributes)
    entity = {int(r["id"]): r["entity"] for r in rows}
    return points, entity, pairs


def found_pairs(points: PointSet, params: DuplicateParams) -> set[tuple[int, int]]:
    """Pairs of point ids that diachi-geo puts in one duplicate group."""
    ctx = validate(points, checks=["null_island"], duplicate_params=params).context
    found = find_duplicates(ctx, params).groups
    groups = defaultdict(list)
    for member, keeper in zip(points.ids[found.members].tolist(),
                              points.ids[found.keeper].tolist()):
        groups[keeper].append(member)
    return {(min(x, y), max(x, y)) for g in groups.values() for x in g for y in g if x != y}


def baseline_pairs(points: PointSet) -> set[tuple[int, int]]:
    """The 60-line rule the issue compared against: 40 m, accents stripped, abbreviations
    expanded, difflib ratio >= 0.85."""
    import shapely
    from diachi_geo.crs import transform_xy
    x, y = transform_xy(points.x, points.y, points.crs, 32648)
    geoms = shapely.points(x, y)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="dwithin", distance=40.0)
    keys = [match_key(n) for n in points.attribute("name")]
    out = set()
    for i, j in zip(left.tolist(), right.tolist()):
        if i < j and difflib.SequenceMatcher(None, keys[i], keys[j]).ratio() >= 0.85:
            a, b = int(points.ids[i]), int(points.ids[j])
            out.add((min(a, b), max(a, b)))
    return out


def score(found: set, entity: dict, pairs: list[dict]) -> dict:
    """Precision, recall, F1 and per-class rates of ``found`` pairs."""
    by_entity = defaultdict(list)
    for point, e in entity.items():
        by_entity[e].append(point)
    expected = {(min(x, y), max(x, y)) for g in by_entity.values() for x in g for y in g
                if x != y}
    hit = len(found & expected)
    precision = hit / len(found) if found else 1.0
    recall = hit / len(expected) if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    classes: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for p in pairs:
        key = (min(int(p["id_a"]), int(p["id_b"])), max(int(p["id_a"]), int(p["id_b"])))
        tally = classes[p["class"]]
        tally[0] += key in found
        tally[1] += 1
        tally[2] = int(p["label"])
    per_class = {c: {"label": label, "linked": k, "pairs": n, "rate": round(k / n, 3)}
                 for c, (k, n, label) in sorted(classes.items(), key=lambda x: (-x[1][2], x[0]))}
    return {"pairs_expected": len(expected), "pairs_found": len(found), "hit": hit,
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "classes": per_class}


def evaluate(half: str, params: DuplicateParams | None = None, *, baseline: bool = False
             ) -> dict:
    points, entity, pairs = read_half(half)
    result = {"half": half, "points": len(points),
              "diachi_geo": score(found_pairs(points, params or DuplicateParams()), entity,
                                  pairs)}
    if baseline:
        result["baseline_rule"] = score(baseline_pairs(points), entity, pairs)
    return result


def print_table(result: dict) -> None:
    print(f"half: {result['half']} ({result['points']} points)")
    methods = [m for m in ("diachi_geo", "baseline_rule") if m in result]
    print(f"{'':34}" + "".join(f"{m:>16}" for m in methods))
    for key in ("precision", "recall", "f1"):
        print(f"{'pair ' + key:34}" + "".join(f"{result[m][key]:>16.3f}" for m in methods))
    classes = result[methods[0]]["classes"]
    for c in classes:
        kind = "linked" if classes[c]["label"] else "false links"
        cells = "".join(f"{result[m]['classes'][c]['rate']:>11.3f} "
                        f"({result[m]['classes'][c]['pairs']:>3})" for m in methods)
        print(f"  {c + ' (' + kind + ')':32}{cells}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", default="report", choices=("report", "tune"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--set", action="append", default=[], metavar="PARAM=VALUE")
    args = parser.parse_args(argv)
    defaults = DuplicateParams()
    changes = {}
    for item in args.set:
        name, _, value = item.partition("=")
        if not hasattr(defaults, name):
            parser.error(f"--set {item}: no duplicate parameter {name!r}")
        changes[name] = type(getattr(defaults, name))(value)
    result = evaluate(args.half, defaults.replace(**changes), baseline=True)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
