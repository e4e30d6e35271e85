"""Compare two findings GeoPackages key by key: the proof that a refactor changed nothing.

    python tools/compare_findings.py before.gpkg after.gpkg

Rows are matched on ``key`` (one finding of one point); every column and the geometry must be
equal (floats to 1e-9). Prints the first differences and exits 1 if there are any.
"""
from __future__ import annotations

import argparse
import json
import math
import sys

import pyogrio.raw
import shapely


def read_rows(path: str, layer: str = "findings") -> dict[str, dict]:
    """The rows of ``layer`` by their ``key``, with the geometry as WKT."""
    meta, _, wkb, columns = pyogrio.raw.read(path, layer=layer)
    names = list(meta["fields"])
    geometries = shapely.to_wkt(shapely.from_wkb(wkb), rounding_precision=9)
    keys = columns[names.index("key")]
    rows = {}
    for i, key in enumerate(keys):
        row = {name: columns[j][i] for j, name in enumerate(names)}
        row["geometry"] = geometries[i]
        if isinstance(row.get("params"), str) and row["params"]:
            row["params"] = json.loads(row["params"])
        rows[str(key)] = row
    return rows


def equal(a: object, b: object) -> bool:
    """Equal values; floats to 1e-9, NaN equal to NaN."""
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-9,
                                                                 abs_tol=1e-9)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))
    if hasattr(a, "item") and hasattr(b, "item"):
        return equal(a.item(), b.item())
    return a == b


def differences(before: dict[str, dict], after: dict[str, dict]) -> list[str]:
    """Every key missing on one side and every column that differs, in words."""
    found = [f"only before: {k}" for k in sorted(before.keys() - after.keys())]
    found += [f"only after: {k}" for k in sorted(after.keys() - before.keys())]
    for key in sorted(before.keys() & after.keys()):
        for column, value in before[key].items():
            if not equal(value, after[key].get(column)):
                found.append(f"{key} {column}: {value!r} != {after[key].get(column)!r}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    args = parser.parse_args()
    before, after = read_rows(args.before), read_rows(args.after)
    found = differences(before, after)
    for line in found[:40]:
        print(line)
    print(f"{len(before):,} findings before, {len(after):,} after, {len(found):,} differences")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
