"""Several provinces at once: the single-process run against ``--engine dask --workers 2`` on
the same generated data (BENCH_PROVINCES=4 make bench; BENCH_N points per province), the
points read by the parts themselves (``--points-read parts``, the default for a
GeoPackage), then where the run starts and sent to the parts (``here``).

Prints, for each: wall time, peak memory (the single process; each Dask worker), whether the
findings are identical key by key (tools/compare_findings.py), and the time projected for
30 million points from the measured cost per point of the parts. Results also go to
bench-output/provinces-K-N.json.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))
sys.path.insert(0, str(ROOT / "tools"))

from compare_findings import differences, read_rows  # noqa: E402

KINDS = ("communes", "buildings", "entrances", "roads", "water")
NATIONAL = 30_000_000
COMMUNE_M = 4000.0
POINTS_PER_COMMUNE = 9000
"""About what a 4 km commune of the generator holds (64 of them made 600,000 points)."""
PROVINCES = ("Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Ninh Bình", "Hưng Yên", "Phú Thọ",
             "Lào Cai", "Tuyên Quang", "Thái Nguyên")


def generate(provinces: int, n: int, path: pathlib.Path, seed: int) -> None:
    """``provinces`` generated campaigns of ``n`` points, side by side in one GeoPackage:
    ids and commune codes made distinct per province (the truth layer is left out)."""
    from diachi_geo.io.write import OutputLayer, write_vector
    from diachi_geo.testing import PROVINCE_ORIGIN
    from diachi_geo.testing import generate as campaign

    side = int(np.ceil(np.sqrt(provinces)))
    grid = max(8, int(np.ceil(np.sqrt(n / POINTS_PER_COMMUNE))))  # communes a side
    step = grid * COMMUNE_M + 8000.0  # provinces side by side, 2 by 2 and so on
    layers: dict[str, list[OutputLayer]] = {}
    for p in range(provinces):
        origin = (PROVINCE_ORIGIN[0] + step * (p % side),
                  PROVINCE_ORIGIN[1] + step * (p // side))
        c = campaign(n, communes=(grid, grid), commune_size_m=(COMMUNE_M, COMMUNE_M),
                     seed=seed + p,
                     origin=origin)
        for layer in c.layers:
            if layer.name == "truth":
                continue
            columns = dict(layer.columns)
            if "province" in columns:
                columns["province"] = np.full(len(layer.geometries), PROVINCES[p],
                                              dtype=object)
            if "id" in columns:
                columns["id"] = np.asarray(columns["id"], dtype=np.int64) + p * 10**8
            for name in ("code", "commune_code"):
                if name in columns and (layer.name == "communes") == (name == "code"):
                    columns[name] = np.array([None if v is None else
                                              f"{int(v) + 10_000 * p:05d}"
                                              for v in columns[name]], dtype=object)
            layers.setdefault(layer.name, []).append(
                OutputLayer(layer.name, columns, layer.geometries, layer.crs,
                            layer.geometry_type))
    merged = []
    for name, parts in layers.items():
        columns = {c: np.concatenate([np.asarray(p.columns[c], dtype=object) for p in parts])
                   for c in parts[0].columns}
        merged.append(OutputLayer(name, columns,
                                  np.concatenate([p.geometries for p in parts]),
                                  parts[0].crs, parts[0].geometry_type))
    write_vector(path, merged)


def run(argv: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak MiB of the process, what it printed)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lib")}
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, text=True, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        printed = out.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv[:4])} ... failed:\n{printed[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, printed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, choices=range(1, len(PROVINCES) + 1),
                        default=int(os.environ.get("BENCH_PROVINCES", 4)))
    parser.add_argument("--n", type=int, default=int(os.environ.get("BENCH_N", 100_000)),
                        help="points per province")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default="bench-output")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    data = out / f"provinces-{args.provinces}x{args.n}-v3.gpkg"
    if not data.exists():
        print(f"generating {args.provinces} provinces of {args.n:,} points ...", flush=True)
        generate(args.provinces, args.n, data, args.seed)
    command = [sys.executable, "-m", "diachi_geo", "validate", f"{data}|layername=points"]
    for kind in KINDS:
        command += [f"--{kind}", f"{data}|layername={kind}"]
    single_out = out / "provinces-single.gpkg"
    single_out.unlink(missing_ok=True)
    print("single process ...", flush=True)
    single_s, single_mib, _ = run([*command, "--out", str(single_out), "--quiet"])
    import pyogrio

    # the generator places fewer points than asked where a province's houses run out: count
    total = int(pyogrio.read_info(str(data), layer="points")["features"])
    print(f"\n{args.provinces} provinces of {args.n:,} points asked: {total:,} points")
    print(f"  single process         {single_s:8.1f} s   peak {single_mib:8,.0f} MiB")
    report = {
        "provinces": args.provinces, "points_per_province": args.n, "points": total,
        "workers": args.workers,
        "single_seconds": round(single_s, 2), "single_peak_mib": round(single_mib)}
    differ = []
    # the points read by the parts themselves (the default for a GeoPackage), then here and
    # sent to the parts
    for read, key in (("parts", "dask"), ("here", "dask_points_read_here")):
        dask_out = out / f"provinces-dask-{read}.gpkg"
        dask_out.unlink(missing_ok=True)
        dask_s, driver_mib, printed = run([
            *command, "--out", str(dask_out), "--engine", "dask", "--workers",
            str(args.workers), "--points-read", read, "--lang", "en"])
        workers = {m[0]: float(m[1].replace(",", "")) for m in
                   re.findall(r"worker (\S+): peak ([\d,.]+) MiB", printed)}
        parts = [float(s) for s in
                 re.findall(r": done, [\d,]+ points, [\d,]+ findings, ([\d.]+) s", printed)]
        # every stage's parts (tiles, commune groups, far points) count towards a point's
        # cost
        per_point = sum(parts) / max(total, 1)
        found = differences(read_rows(str(single_out)), read_rows(str(dask_out)))
        differ += found
        report.update({
            f"{key}_seconds": round(dask_s, 2), f"{key}_driver_peak_mib": round(driver_mib),
            f"{key}_worker_peak_mib": workers, f"{key}_identical": not found,
            f"{key}_differences": len(found),
            f"{key}_part_seconds_per_million": round(per_point * 1e6, 2),
            f"{key}_vs_single_per_point": round(dask_s / single_s, 3),
            f"{key}_projected_30m_seconds_parts": round(per_point * NATIONAL / args.workers),
            f"{key}_projected_30m_seconds_wall": round(dask_s * NATIONAL / total)})
        print(f"  dask, {args.workers} workers, points read {read:5s} {dask_s:8.1f} s   "
              f"({dask_s / single_s:.2f} x single)   driver peak {driver_mib:,.0f} MiB")
        for address, mib in sorted(workers.items()):
            print(f"    worker {address:24s} peak {mib:8,.0f} MiB")
        print(f"    findings identical   {'yes' if not found else f'NO ({len(found)} differ)'}")
        print(f"    parts: {per_point * 1e6:.1f} s per million points on one worker; 30M "
              f"points projected: {per_point * NATIONAL / args.workers / 3600:.1f} h on "
              f"{args.workers} workers (wall-time scaling: "
              f"{dask_s * NATIONAL / total / 3600:.1f} h)")
    (out / f"provinces-{args.provinces}-{args.n}.json").write_text(json.dumps(report, indent=1))
    if differ:
        for line in differ[:10]:
            print("   ", line)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
