#!/usr/bin/env python3
"""Validate points.csv / pairs.csv of the duplicate-detection evaluation set and print counts.

Plain Python 3 standard library.  Run from this folder:  python3 check_dedupe_eval.py
Exit status 0 when every check passes, 1 otherwise.
"""
import csv
import math
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
POINT_COLS = ["id", "lon", "lat", "name", "category", "address", "digital_code", "collector", "collected_at",
              "owner_phone", "entity", "area", "half"]
PAIR_COLS = ["id_a", "id_b", "label", "class", "half"]
DUP = ["spelling", "no_marks", "abbreviation", "all_caps", "missing_house_number", "owner_only_name",
       "category_noise", "resubmission", "far_copy"]
DISTINCT = ["tone_only", "same_trade_same_building", "numbered_sibling", "same_chain_far",
            "neighbours_same_name_part", "different_level_school", "name_folds_to_generic"]
EXTRA = {"other_duplicate": 1, "other_distinct": 0}
LABEL = {**{c: 1 for c in DUP}, **{c: 0 for c in DISTINCT}, **EXTRA}
# distance range in metres for the pairs of each class
RANGE = {c: (0.0, 40.0) for c in DUP}
RANGE.update({"resubmission": (0.0, 15.0), "far_copy": (40.0, 80.0), "other_duplicate": (0.0, 40.0),
              "tone_only": (0.0, 60.0), "same_trade_same_building": (0.0, 8.0), "numbered_sibling": (0.0, 100.0),
              "same_chain_far": (100.0, 2000.0), "neighbours_same_name_part": (0.0, 60.0),
              "different_level_school": (15.0, 100.0), "name_folds_to_generic": (0.0, 60.0),
              "other_distinct": (0.0, 100.0)})
AREAS = {"urban_hanoi": (20.9, 21.2, 105.7, 106.1), "mekong_rural": (9.8, 10.3, 105.3, 105.9)}
MIN_PER_CLASS_HALF = 12      # hard minimum
GOAL_PER_CLASS_HALF = 20     # reported when not reached
HALF_GAP_M = 200.0

errors = []


def err(msg):
    errors.append(msg)


def dist_m(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


def load():
    with open(os.path.join(HERE, "points.csv"), encoding="utf-8", newline="") as f:
        r = csv.reader(f)
        head = next(r)
        if head != POINT_COLS:
            err(f"points.csv header {head} != {POINT_COLS}")
        rows = [dict(zip(head, x)) for x in r]
    with open(os.path.join(HERE, "pairs.csv"), encoding="utf-8", newline="") as f:
        r = csv.reader(f)
        head = next(r)
        if head != PAIR_COLS:
            err(f"pairs.csv header {head} != {PAIR_COLS}")
        prs = [dict(zip(head, x)) for x in r]
    return rows, prs


def check_points(rows):
    pts = {}
    for p in rows:
        try:
            i = int(p["id"])
        except ValueError:
            err(f"bad id {p['id']!r}")
            continue
        if i in pts:
            err(f"duplicate id {i}")
        for c in ("lon", "lat"):
            if not re.fullmatch(r"-?\d+\.\d{7}", p[c]):
                err(f"id {i}: {c} {p[c]!r} not 7 decimals")
        p["lon"], p["lat"] = float(p["lon"]), float(p["lat"])
        if p["area"] not in AREAS:
            err(f"id {i}: area {p['area']!r}")
            continue
        la0, la1, lo0, lo1 = AREAS[p["area"]]
        if not (la0 < p["lat"] < la1 and lo0 < p["lon"] < lo1):
            err(f"id {i}: position outside its area")
        if p["half"] not in ("tune", "report"):
            err(f"id {i}: half {p['half']!r}")
        if not p["entity"]:
            err(f"id {i}: no entity")
        if not p["name"].strip():
            err(f"id {i}: empty name")
        if not p["category"]:
            err(f"id {i}: empty category")
        if p["digital_code"] and not re.fullmatch(r"[A-Z0-9]{8,12}", p["digital_code"]):
            err(f"id {i}: digital code {p['digital_code']!r}")
        try:
            p["t"] = datetime.strptime(p["collected_at"], "%Y-%m-%dT%H:%M:%S")
        except ValueError:
            err(f"id {i}: collected_at {p['collected_at']!r}")
        if p["owner_phone"] and not re.fullmatch(r"(\+84|0)\d{3}[ .]?\d{3}[ .]?\d{3}", p["owner_phone"]):
            err(f"id {i}: phone {p['owner_phone']!r}")
        pts[i] = p
    # one entity lives in one area and one half
    ent = defaultdict(set)
    for p in pts.values():
        ent[p["entity"]].add((p["area"], p["half"]))
    for e, s in ent.items():
        if len(s) > 1:
            err(f"entity {e} spans {sorted(s)}")
    # digital codes: never shared by two entities
    code_ent = defaultdict(set)
    for p in pts.values():
        if p["digital_code"]:
            code_ent[p["digital_code"]].add(p["entity"])
    for c, s in code_ent.items():
        if len(s) > 1:
            err(f"digital code {c} shared by entities {sorted(s)}")
    return pts


def check_half_gap(pts):
    """No two points of different halves closer than HALF_GAP_M (grid of HALF_GAP_M cells)."""
    grid = defaultdict(list)
    for p in pts.values():
        lat = p["lat"]
        y = p["lat"] * 111132.0
        x = p["lon"] * 111320.0 * math.cos(math.radians(lat))
        p["_cell"] = (p["area"], int(x // HALF_GAP_M), int(y // HALF_GAP_M))
        grid[p["_cell"]].append(p)
    worst = None
    for (area, cx, cy), lst in grid.items():
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                other = grid.get((area, cx + dx, cy + dy), [])
                for p in lst:
                    for q in other:
                        if p["half"] != q["half"]:
                            d = dist_m(p, q)
                            if worst is None or d < worst:
                                worst = d
                            if d < HALF_GAP_M:
                                err(f"points {p['id']} ({p['half']}) and {q['id']} ({q['half']}) only {d:.0f} m apart")
                                return worst
    return worst


def check_pairs(pts, prs):
    seen = set()
    rows = []
    for q in prs:
        try:
            a, b, lab = int(q["id_a"]), int(q["id_b"]), int(q["label"])
        except ValueError:
            err(f"bad pair row {q}")
            continue
        if a not in pts or b not in pts:
            err(f"pair {a},{b}: unknown id")
            continue
        if a == b:
            err(f"pair {a},{b}: same point")
        key = (min(a, b), max(a, b))
        if key in seen:
            err(f"pair {a},{b} listed twice")
        seen.add(key)
        pa, pb = pts[a], pts[b]
        truth = 1 if pa["entity"] == pb["entity"] else 0
        if lab != truth:
            err(f"pair {a},{b}: label {lab} but entities {pa['entity']}/{pb['entity']}")
        cls = q["class"]
        if cls not in LABEL:
            err(f"pair {a},{b}: unknown class {cls!r}")
            continue
        if LABEL[cls] != lab:
            err(f"pair {a},{b}: class {cls} with label {lab}")
        if not (pa["half"] == pb["half"] == q["half"]):
            err(f"pair {a},{b}: halves {pa['half']}/{pb['half']}/{q['half']}")
        if pa["area"] != pb["area"]:
            err(f"pair {a},{b}: areas differ")
        d = dist_m(pa, pb)
        lo, hi = RANGE[cls]
        if not (lo <= d <= hi):
            err(f"pair {a},{b} ({cls}): {d:.1f} m outside {lo}-{hi} m")
        if cls == "resubmission":
            if pa["collector"] != pb["collector"]:
                err(f"pair {a},{b}: resubmission by two collectors")
            if abs((pa["t"] - pb["t"]).total_seconds()) > 3600:
                err(f"pair {a},{b}: resubmission more than an hour apart")
        if cls in ("tone_only", "name_folds_to_generic"):
            if pa["name"] == pb["name"]:
                err(f"pair {a},{b} ({cls}): identical names")
        if cls == "no_marks":
            plain = [unicodedata.normalize("NFD", p["name"]).replace("đ", "d").replace("Đ", "D") for p in (pa, pb)]
            plain = ["".join(c for c in s if unicodedata.category(c) != "Mn") for s in plain]
            if not any(p["name"] == s for p, s in zip((pa, pb), plain)):
                err(f"pair {a},{b}: no_marks but both names carry marks")
        rows.append((cls, q["half"], lab, d, pa["area"]))
    return rows


def main():
    rows, prs = load()
    pts = check_points(rows)
    worst = check_half_gap(pts)
    prow = check_pairs(pts, prs)
    cnt = Counter((c, h) for c, h, _, _, _ in prow)
    dist = defaultdict(list)
    for c, h, _, d, _ in prow:
        dist[c].append(d)
    total = len(prow)
    per_half = Counter(h for _, h, _, _, _ in prow)
    if total < 500:
        err(f"only {total} pairs (< 500)")
    for h in ("tune", "report"):
        if per_half[h] < 200:
            err(f"only {per_half[h]} pairs in {h} (< 200)")
    warn = []
    for c in list(LABEL):
        for h in ("tune", "report"):
            if cnt[(c, h)] < MIN_PER_CLASS_HALF:
                err(f"class {c}: only {cnt[(c, h)]} pairs in {h} (< {MIN_PER_CLASS_HALF})")
            elif cnt[(c, h)] < GOAL_PER_CLASS_HALF:
                warn.append(f"class {c}: {cnt[(c, h)]} pairs in {h} (< {GOAL_PER_CLASS_HALF})")
    # print table
    print(f"{'class':28s} {'label':>5s} {'tune':>6s} {'report':>7s} {'total':>6s}   distance m (min / median / max)")
    for c in list(LABEL):
        ds = sorted(dist[c])
        med = ds[len(ds) // 2] if ds else float("nan")
        rng = f"{ds[0]:7.1f} / {med:7.1f} / {ds[-1]:7.1f}" if ds else "-"
        print(f"{c:28s} {LABEL[c]:5d} {cnt[(c, 'tune')]:6d} {cnt[(c, 'report')]:7d} "
              f"{cnt[(c, 'tune')] + cnt[(c, 'report')]:6d}   {rng}")
    lab = Counter((l, h) for _, h, l, _, _ in prow)
    print(f"{'all pairs':28s} {'':5s} {per_half['tune']:6d} {per_half['report']:7d} {total:6d}")
    print(f"{'  duplicates (1)':28s} {'':5s} {lab[(1, 'tune')]:6d} {lab[(1, 'report')]:7d}")
    print(f"{'  distinct (0)':28s} {'':5s} {lab[(0, 'tune')]:6d} {lab[(0, 'report')]:7d}")
    ah = Counter((p["area"], p["half"]) for p in pts.values())
    print()
    for a in AREAS:
        print(f"points {a:14s} tune {ah[(a, 'tune')]:5d}  report {ah[(a, 'report')]:5d}  total "
              f"{ah[(a, 'tune')] + ah[(a, 'report')]:5d}")
    ents = Counter(p["entity"] for p in pts.values())
    print(f"points {len(pts)}, entities {len(ents)}, entities with copies {sum(1 for v in ents.values() if v > 1)}; "
          + (f"closest points of different halves {worst:.0f} m" if worst is not None
           else f"no points of different halves within {HALF_GAP_M:.0f} m"))
    for w in warn:
        print("note:", w)
    if errors:
        print(f"\n{len(errors)} error(s):")
        for e in errors[:50]:
            print("  " + e)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
