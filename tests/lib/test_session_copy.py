"""The session's copy of the points written in a forked child while validating, and its
audit digests hashed from the arrays written: the same session as written in one process
and digests that equal those of the rows read back."""
from __future__ import annotations

import os
import sqlite3

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


def test_the_background_copy_forks_and_gives_the_same_session(sample, tmp_path, in_one,
                                                              monkeypatch):
    forks = []
    fork = os.fork

    def counted():
        forks.append(1)
        return fork()

    monkeypatch.setattr(session_copy.os, "fork", counted)
    counts = make(sample, tmp_path / "s.gpkg", background=True)
    assert forks == [1]
    assert counts["points"] == 2048
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


def test_a_failed_child_leaves_the_parent_to_write_the_copy(sample, tmp_path, in_one,
                                                            monkeypatch):
    parent = os.getpid()
    write = session_copy.PointCopy._write

    def broken_in_child(self):
        if os.getpid() != parent:
            raise OSError("disk full")
        write(self)

    monkeypatch.setattr(session_copy.PointCopy, "_write", broken_in_child)
    make(sample, tmp_path / "s.gpkg", background=True)
    got = contents(tmp_path / "s.gpkg")
    assert got["points"] == in_one["points"]
    assert got["audited_state"] == in_one["audited_state"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.gpkg"]


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
