"""The session's copy of the points written in a forked child while validating, and its
audit digests hashed from the arrays written: the same session as written in one process
and digests that equal those of the rows read back."""
from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys

import numpy as np
import pytest
import shapely
from diachi_geo.crs import WGS84
from diachi_geo.io.write import OutputLayer, write_vector
from diachi_geo.session import copy as session_copy
from diachi_geo.session import create_session
from diachi_geo.session.audited import _select, copy_digests, digest, unaudited

KINDS = ("communes", "buildings", "roads", "water", "entrances")
RANDOM = {"last_change"}  # a time in every session


def make(sample, out, **kwargs) -> dict:
    return create_session(f"{sample}|layername=points", str(out), user="an", lang="en",
                          references={k: f"{sample}|layername={k}" for k in KINDS}, **kwargs)


def contents(path) -> dict:
    """Every table's rows (not the R-tree's, not the random ids and times), and the names
    of the indexes and triggers."""
    conn = sqlite3.connect(path)
    out = {}
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                 "name NOT LIKE 'rtree%' AND name NOT LIKE 'sqlite%'"):
        names = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')
                 if r[1] not in RANDOM]
        rows = conn.execute(f'SELECT {", ".join(chr(34) + n + chr(34) for n in names)} '
                            f'FROM "{table}" ORDER BY 1').fetchall()
        if table == "session_meta":
            rows = [r for r in rows if r[0] != "created_at"]
        if table == "review":  # the digital codes, else new random UUIDs
            at = names.index("publish_id")
            rows = [(*r[:at], "uuid" if len(r[at]) == 36 else r[at], *r[at + 1:])
                    for r in rows]
            assert sum(len(r[at]) != 36 for r in rows) > 100
        out[table] = rows
    out["schema"] = sorted(conn.execute("SELECT type, name, tbl_name FROM sqlite_master "
                                        "WHERE type IN ('index', 'trigger')"))
    conn.close()
    return out


@pytest.fixture(scope="module")
def in_one(sample, tmp_path_factory):
    out = tmp_path_factory.mktemp("one") / "s.gpkg"
    make(sample, out)
    return contents(out)


CREATE = """
import ctypes, ctypes.util, json, logging, sys, threading, time
from diachi_geo.session import create_session
logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s %(message)s")
sample, out, deadline, thread, kinds = (sys.argv[1], sys.argv[2], float(sys.argv[3]),
                                        sys.argv[4], sys.argv[5:])
if thread == "python":
    threading.Thread(target=threading.Event().wait, name="waiting", daemon=True).start()
elif thread == "native":  # libc's sleep, started where Python does not see it
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    assert libc.pthread_create(ctypes.byref(ctypes.c_ulong()), None,
                               ctypes.cast(libc.sleep, ctypes.c_void_p),
                               ctypes.c_void_p(600)) == 0
start = time.monotonic()
create_session(f"{sample}|layername=points", out, user="an", lang="en",
               references={k: f"{sample}|layername={k}" for k in kinds},
               background=True, copy_deadline=deadline)
print(json.dumps({"seconds": time.monotonic() - start}))
"""


def create_in_process(sample, out, *, fault: str = "", deadline: float = 3600,
                      thread: str = "") -> tuple[float, str]:
    """``create_session`` in a new process (no threads left by other tests) with
    ``DIACHI_FAULT=fault`` and a ``thread`` of that kind running: its seconds and log."""
    run = subprocess.run([sys.executable, "-c", CREATE, str(sample), str(out), str(deadline),
                          thread or "-", *KINDS], env={**os.environ, "DIACHI_FAULT": fault},
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)["seconds"], run.stderr


FORKED = re.compile(r"DEBUG diachi_geo.session.copy the copy of the points is written by "
                    r"process (\d+)")


def test_the_background_copy_forks_and_gives_the_same_session(sample, tmp_path, in_one):
    _, log = create_in_process(sample, tmp_path / "s.gpkg")
    assert FORKED.search(log), log
    assert "writing it in this process" not in log
    got = contents(tmp_path / "s.gpkg")
    assert got.keys() == in_one.keys()
    for table in in_one:
        assert got[table] == in_one[table], table
    assert len(got["audited_state"]) == len(got["points"]) == 2048
    conn = sqlite3.connect(tmp_path / "s.gpkg")
    assert unaudited(conn) == []  # every stored digest is that of the row read back
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.gpkg"]
    # the review rows are filled before the validation and their findings added after it
    checks = {}
    for point_id, check in conn.execute("SELECT point_id, \"check\" FROM findings"):
        checks.setdefault(str(point_id), set()).add(check)
    review = conn.execute("SELECT point_id, open_checks, worst_severity FROM review")
    for point_id, open_checks, worst in review:
        expected = checks.get(point_id, set())
        assert set(filter(None, open_checks.split(","))) == expected, point_id
        assert (worst == 3) == (not expected)
    assert len(checks) > 100


def test_a_failed_child_leaves_the_parent_to_write_the_copy(sample, tmp_path, in_one):
    """DIACHI_FAULT (diachi_geo.faults) raises OSError in the child after its table."""
    _, log = create_in_process(sample, tmp_path / "s.gpkg", fault="session.copy_child:raise")
    assert re.search(r"background process \(pid \d+\) failed: OSError: DIACHI_FAULT at "
                     r"session.copy_child; writing it in this process", log), log
    assert contents(tmp_path / "s.gpkg") == in_one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.gpkg"]


@pytest.mark.parametrize("fault", ["session.copy_child@3:hang", "session.copy_child:hang"])
def test_a_hung_child_is_stopped_at_its_deadline_and_the_parent_writes_the_copy(
        sample, tmp_path, in_one, fault):
    """The child hangs for ever: inside its open transaction (3: the review rows written,
    not committed), or after writing the table."""
    seconds, log = create_in_process(sample, tmp_path / "s.gpkg", fault=fault, deadline=3)
    found = re.search(r"WARNING diachi_geo.session.copy the copy of the points in a "
                      r"background process \(pid (\d+)\) did not finish in 3 s \(hung\? "
                      r"last step: (.+?)\); it was stopped; writing it in this process", log)
    assert found, log
    assert found[2] == ("review rows" if "@3" in fault else "written")
    assert 3 <= seconds < 60
    with pytest.raises(ProcessLookupError):  # stopped and collected: no hung orphan
        os.kill(int(found[1]), 0)
    assert contents(tmp_path / "s.gpkg") == in_one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.gpkg"]


@pytest.mark.parametrize("fault", ["session.copy_child@1", "session.copy_child@3"])
def test_a_crashed_child_leaves_the_parent_to_write_the_copy(sample, tmp_path, in_one,
                                                             fault):
    """The child killed (SIGKILL) after writing its table, or inside its transaction: the
    parent does not wait for the deadline (an hour) and writes the same session."""
    seconds, log = create_in_process(sample, tmp_path / "s.gpkg", fault=fault)
    assert re.search(r"background process \(pid \d+\) was killed by signal 9; writing it "
                     r"in this process", log), log
    assert seconds < 60
    assert contents(tmp_path / "s.gpkg") == in_one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.gpkg"]


@pytest.mark.parametrize(("thread", "running"), [
    ("python", "1 other Python thread(s) are running (waiting)"),
    ("native", "1 other native thread(s) are running (python")])
def test_no_fork_while_another_thread_runs(sample, tmp_path, in_one, thread, running):
    """A lock held by another thread at the fork would stay held in the child for ever:
    with a thread of Python's, or one it does not know of, the copy is written after the
    validation, in the one process."""
    _, log = create_in_process(sample, tmp_path / "s.gpkg", thread=thread)
    assert "the copy of the points is written after the validation, not in a background " \
           f"process: {running}" in log, log
    assert not FORKED.search(log)
    assert contents(tmp_path / "s.gpkg") == in_one


def test_the_thread_guard_lets_the_imports_own_threads_fork(sample):
    """numpy's OpenBLAS workers and GDAL's jemalloc thread (they handle a fork): the
    command line forks with them alive, once a pool's ended threads have gone."""
    code = ("import concurrent.futures, sys, pyogrio, numpy\n"
            "from diachi_geo import forked\n"
            "pyogrio.read_info(sys.argv[1], layer='points')\n"
            "with concurrent.futures.ThreadPoolExecutor(4) as pool:\n"
            "    list(pool.map(numpy.sort, [numpy.arange(10**5)] * 8))\n"
            "print(len(forked.native_threads()), forked.fork_hazard())")
    run = subprocess.run([sys.executable, "-c", code, str(sample)], capture_output=True,
                         text=True, timeout=60, check=True)
    threads, hazard = run.stdout.split()
    assert int(threads) >= 2 and hazard == "None"


def test_a_failed_validation_stops_the_child_and_leaves_nothing(sample, tmp_path):
    def fails(points):
        raise RuntimeError("validation failed")

    with pytest.raises(RuntimeError, match="validation failed"):
        make(sample, tmp_path / "s.gpkg", background=True, check=fails)
    assert list(tmp_path.iterdir()) == []


def edge_layer() -> tuple[OutputLayer, np.ndarray, np.ndarray]:
    columns = {
        "text": np.array(["a", None, 'Hà "q" \\ \n\t', "", "nan", "x"], dtype=object),
        "mixed": np.array([1, None, 2.5, b"b", -0.0, "7"], dtype=object),
        "int64": np.array([1, -2, 3, 2**40, 0, 5], dtype=np.int64),
        "int32": np.array([1, -2, 3, 4, 0, 5], dtype=np.int32),
        "float": np.array([1.0, np.nan, -0.0, 1e16, np.inf, 0.1]),
        "empty": np.full(6, None, dtype=object),
    }
    lon = np.array([105.123456789, np.nan, 1e-9, -0.0, 180.0, 105.00000005])
    lat = np.array([21.0, 1.0, np.nan, 0.0, -90.0, 20.99999995])
    ok = np.isfinite(lon) & np.isfinite(lat)
    geometries = np.full(len(lon), None, dtype=object)
    geometries[ok] = shapely.points(lon[ok], lat[ok])
    return OutputLayer("points", columns, geometries, WGS84, "Point"), lon, lat


def table(path) -> dict:
    conn = sqlite3.connect(path)
    out = {"rows": conn.execute("SELECT * FROM points ORDER BY fid").fetchall(),
           "schema": sorted(conn.execute("SELECT type, name, sql FROM sqlite_master")),
           "contents": conn.execute("SELECT table_name, data_type, min_x, min_y, max_x, "
                                    "max_y, srs_id FROM gpkg_contents").fetchall()}
    for name in ("gpkg_geometry_columns", "gpkg_extensions", "gpkg_ogr_contents",
                 "gpkg_spatial_ref_sys", "rtree_points_geom"):
        out[name] = conn.execute(f"SELECT * FROM {name} ORDER BY 1").fetchall()
    conn.close()
    return out


@pytest.mark.parametrize("arrow", [False, True])
def test_digests_from_the_arrays_equal_those_of_the_rows_read_back(tmp_path, arrow):
    layer, lon, lat = edge_layer()
    path = str(tmp_path / "p.gpkg")
    if arrow:
        pytest.importorskip("pyarrow")
        assert session_copy.write_arrow(path, layer)
    else:
        write_vector(path, [layer])
    conn = sqlite3.connect(path)
    read_back = [digest(row[1], row[2:]) for row in
                 conn.execute(_select(conn) + " ORDER BY fid")]
    conn.close()
    assert copy_digests(lon, lat, layer.columns) == read_back
    assert len(set(read_back)) == len(read_back)


def test_the_arrow_copy_is_the_table_gdal_writes_feature_by_feature(tmp_path):
    pytest.importorskip("pyarrow")
    layer, _, _ = edge_layer()
    write_vector(tmp_path / "features.gpkg", [layer])
    assert session_copy.write_arrow(str(tmp_path / "arrow.gpkg"), layer)
    assert table(tmp_path / "arrow.gpkg") == table(tmp_path / "features.gpkg")


@pytest.mark.parametrize("values", [np.array([True, False]), np.array([1.5, 2.5], "f4"),
                                    np.array(["2025-07-01", "NaT"], "datetime64[D]"),
                                    np.array(["a\x00b", "c"], dtype=object)])
def test_kinds_stored_otherwise_are_read_back_instead(values):
    assert copy_digests(np.zeros(2), np.zeros(2), {"v": values}) is None
