"""A session finds its inputs from any working folder: paths stored relative to the session
file (absolute beside them), old sessions' paths relative to the start folder still read;
the first point to show is one inside the communes; commune names for the filter."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3

import numpy as np
import pytest
from diachi_geo.session import Session, WorkFilter, create_session, revalidate
from diachi_geo.session.gpkgsql import connect
from diachi_geo.session.paths import missing_references, resolve_source, stored_source

KINDS = ("communes", "buildings", "roads", "water", "entrances")


@pytest.fixture(scope="module")
def built(sample, tmp_path_factory):
    root = tmp_path_factory.mktemp("office") / "project"
    (root / "sessions").mkdir(parents=True)
    shutil.copy(sample, root / "data.gpkg")
    started_in = os.getcwd()
    os.chdir(root)  # the officer gives paths relative to where the tool started
    try:
        create_session("data.gpkg|layername=points", "sessions/session.gpkg", user="an",
                       references={k: f"data.gpkg|layername={k}" for k in KINDS})
    finally:
        os.chdir(started_in)
    return root


@pytest.fixture
def project(built, tmp_path, monkeypatch):
    root = tmp_path / "project"
    shutil.copytree(built, root)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return root


def raw_meta(path) -> dict:
    with sqlite3.connect(str(path)) as conn:
        return {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM session_meta")}


def test_paths_are_stored_relative_to_the_session_with_the_absolute_beside(built):
    meta = raw_meta(built / "sessions" / "session.gpkg")
    assert meta["references"]["roads"] == "../data.gpkg|layername=roads"
    assert meta["points_source"] == "../data.gpkg|layername=points"
    assert meta["absolute_paths"]["references"]["roads"] == \
        f"{built / 'data.gpkg'}|layername=roads"


def test_a_session_opened_from_another_folder_finds_and_uses_its_layers(project):
    path = str(project / "sessions" / "session.gpkg")
    with Session(path, "an") as session:
        assert session.meta["references"]["buildings"] == \
            f"{project / 'data.gpkg'}|layername=buildings"
        assert missing_references(session.meta) == {}
        counts = revalidate(session)  # reads the reference layers again
    assert counts["findings"] > 0


def test_old_sessions_with_paths_relative_to_the_start_folder_still_open(project,
                                                                        monkeypatch):
    path = project / "sessions" / "session.gpkg"
    with sqlite3.connect(str(path)) as conn:
        conn.execute("DELETE FROM session_meta WHERE key = 'absolute_paths'")
        conn.execute("UPDATE session_meta SET value = ? WHERE key = 'references'", (
            json.dumps({k: f"project/data.gpkg|layername={k}" for k in KINDS}),))
    with Session(str(path), "an", read_only=True) as session:  # from elsewhere: missing
        assert set(missing_references(session.meta)) == set(KINDS)
    monkeypatch.chdir(project.parent)
    with Session(str(path), "an", read_only=True) as session:
        assert missing_references(session.meta) == {}


def test_a_located_layer_is_stored_relative_to_the_session(project):
    path = project / "sessions" / "session.gpkg"
    moved = project / "moved" / "roads.gpkg"
    moved.parent.mkdir()
    shutil.copy(project / "data.gpkg", moved)
    with Session(str(path), "an") as session:
        session.set_reference("roads", f"{moved}|layername=roads")
        assert session.meta["references"]["roads"] == f"{moved}|layername=roads"
    meta = raw_meta(path)
    assert meta["references"]["roads"] == "../moved/roads.gpkg|layername=roads"
    assert meta["references"]["water"] == "../data.gpkg|layername=water"  # others kept


def test_resolving_prefers_the_session_folder_then_absolute_then_cwd(tmp_path, monkeypatch):
    (tmp_path / "s").mkdir()
    (tmp_path / "cwd").mkdir()
    for where in ("s/a.gpkg", "abs.gpkg", "cwd/a.gpkg"):
        (tmp_path / where).write_text("")
    session = str(tmp_path / "s" / "x.gpkg")
    monkeypatch.chdir(tmp_path / "cwd")
    assert resolve_source("a.gpkg|layername=r", session, str(tmp_path / "abs.gpkg")) == \
        f"{tmp_path / 's' / 'a.gpkg'}|layername=r"
    assert resolve_source("gone.gpkg", session, str(tmp_path / "abs.gpkg")) == \
        str(tmp_path / "abs.gpkg")
    assert resolve_source("a.gpkg", str(tmp_path / "other" / "x.gpkg")) == \
        str(tmp_path / "cwd" / "a.gpkg")
    assert stored_source("https://example.org/wfs", session) == ("https://example.org/wfs",) * 2


def test_the_first_point_to_show_is_inside_the_communes(project):
    with Session(str(project / "sessions" / "session.gpkg"), "an", read_only=True) as session:
        fids = session.worklist()
        first = session.first_placed()
        assert ",null_island," in session.point(int(fids[0])).review["open_checks"]
        record = session.point(first)
        assert 102 < record.x < 110 and 8 < record.y < 24
        earlier = fids[:int(np.flatnonzero(fids == first)[0])]
        for fid in earlier:  # everything skipped is misplaced
            checks = session.point(int(fid)).review["open_checks"]
            assert any(f",{c}," in checks for c in ("null_island", "outside_country",
                                                    "swapped_latlon", "outside_commune",
                                                    "invalid_geometry")), checks
        assert session.first_placed(WorkFilter(checks=("null_island",))) is None
        snap = session.first_placed(WorkFilter(checks=("snap",)))
        assert snap == int(session.worklist(WorkFilter(checks=("snap",)))[0])
        assert session.commune_names()["15007"] == "Xã Hoằng Giang"


def test_a_moved_session_keeps_its_identity_for_field_packages(project, tmp_path):
    from diachi_geo.field.tables import session_identity

    moved = tmp_path / "usb" / "project"
    shutil.copytree(project, moved)
    identities = set()
    for root in (project, moved):
        with Session(str(root / "sessions" / "session.gpkg"), "an", read_only=True) as s:
            identities.add(session_identity(s.stored_meta))
    assert len(identities) == 1  # a package sent before the move is read back after it


def test_a_point_in_no_commune_is_not_where_a_session_starts(project):
    path = str(project / "sessions" / "session.gpkg")
    only = WorkFilter(checks=("outside_commune",))
    with Session(path, "an", read_only=True) as session:
        assert session.first_placed(only) is not None  # in another commune: on the map
    conn = connect(path)  # as if each were in no commune at all
    conn.execute("UPDATE findings SET related_id = NULL WHERE \"check\" = 'outside_commune'")
    conn.commit()
    conn.close()
    with Session(path, "an", read_only=True) as session:
        assert session.first_placed(only) is None
