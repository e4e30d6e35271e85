"""A session finds its points file and reference layers wherever the program starts, and
after it moves with its data (issue 23: opened from another folder, no buildings or roads
appeared and nothing said why)."""
from __future__ import annotations

import shutil

import pytest
from diachi_geo.session import Session, create_session, revalidate
from diachi_geo.source import parse_source, session_sources

KINDS = ("communes", "buildings", "roads", "water", "entrances")


@pytest.fixture
def office(tmp_path, sample, monkeypatch):
    """A session made in ``office/`` with its inputs typed relative to that folder."""
    folder = tmp_path / "office"
    (folder / "data").mkdir(parents=True)
    shutil.copy(sample, folder / "data" / "sample.gpkg")
    monkeypatch.chdir(folder)
    create_session("data/sample.gpkg|layername=points", "session.gpkg",
                   references={k: f"data/sample.gpkg|layername={k}" for k in KINDS},
                   user="an")
    monkeypatch.chdir(tmp_path)  # the program later starts somewhere else
    return folder


def test_sources_are_found_from_another_folder(office):
    with Session(str(office / "session.gpkg"), "an") as s:
        points, references = session_sources(s.meta, s.path)
        assert s.meta["references_relative"]["roads"] == "data/sample.gpkg|layername=roads"
    assert parse_source(points) == parse_source(f"{office}/data/sample.gpkg|layername=points")
    assert sorted(references) == sorted(KINDS)
    for kind, source in references.items():
        assert parse_source(source).path == str(office / "data" / "sample.gpkg")
        assert parse_source(source).layer == kind


def test_sources_are_found_beside_a_session_moved_with_its_data(office, tmp_path):
    with Session(str(office / "session.gpkg"), "an") as s:
        before = revalidate(s)
    moved = shutil.move(str(office), str(tmp_path / "elsewhere" / "office2"))
    with Session(f"{moved}/session.gpkg", "an") as s:
        _, references = session_sources(s.meta, s.path)
        assert {parse_source(r).path for r in references.values()} == \
            {f"{moved}/data/sample.gpkg"}
        again = revalidate(s)  # the checks against buildings and roads run again
    assert again["findings"] == before["findings"] > 0


def test_a_session_that_kept_paths_as_typed_finds_them_beside_itself(tmp_path, sample):
    (tmp_path / "s").mkdir()
    shutil.copy(sample, tmp_path / "s" / "sample.gpkg")
    meta = {"points_source": "sample.gpkg|layername=points",
            "references": {"roads": "sample.gpkg|layername=roads",
                           "water": "gone.gpkg|layername=water"}}
    points, references = session_sources(meta, str(tmp_path / "s" / "session.gpkg"))
    assert points == f"{tmp_path}/s/sample.gpkg|layername=points"
    assert references == {"roads": f"{tmp_path}/s/sample.gpkg|layername=roads",
                          "water": "gone.gpkg|layername=water"}  # found nowhere: as stored
