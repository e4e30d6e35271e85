"""`make bench` on 10,000 points: every row is a median of fresh runs with its spread,
thread count and what it timed; the report names the commit and says which targets held."""
import json
import os
import subprocess
import sys

from conftest import ROOT


def test_every_row_of_a_small_bench_carries_its_spread_threads_and_commit(tmp_path):
    env = {**os.environ, "BENCH_REPEATS": "2", "BENCH_PUBLISH_N": "100"}
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "bench.py"), "--n", "10000",
                          "--out", str(tmp_path)], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=1800)
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads((tmp_path / "results-10000.json").read_text())
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                          capture_output=True, text=True).stdout.strip()
    assert report["commit"].startswith(head)
    assert report["repeats"] == 2
    steps = [row["step"] for row in report["rows"]]
    for row in report["rows"]:
        assert row["runs"] == 2, row["step"]
        assert row["min"] <= row["median"] <= row["max"], row["step"]
        assert row["seconds"] == row["median"]
        assert row["threads"] >= 1 and row["timed"] and row["peak_mb"] > 0, row["step"]
    # the floor and our steps are measured at the same thread counts
    for threads in sorted({1, os.cpu_count() or 1}):
        label = f"{threads} thread{'s' * (threads > 1)}"
        assert f"ours: snap to entrances ({label})" in steps
        assert f"ours: duplicates ({label})" in steps
        assert sum(label in s for s in steps if s.startswith("shapely floor")) == 2
    assert all(isinstance(held, bool) for held in report["targets"].values())
    assert len(report["targets"]) >= 10
    assert "median of 2 fresh processes" in run.stdout
