"""The dock opens a session made in another folder with its reference layers, and says
which are missing when their files have gone (issue 23: no buildings or roads appeared
and nothing said why)."""
from __future__ import annotations

import shutil

import pytest
from qgis.core import Qgis

KINDS = ("communes", "buildings", "roads", "water", "entrances")


@pytest.fixture
def office(plugin, tmp_path, sample, monkeypatch):
    """A session made in ``office/`` from inputs typed relative to it; then QGIS works
    in another folder."""
    from diachi_geo.session import create_session

    folder = tmp_path / "office"
    folder.mkdir()
    shutil.copy(sample, folder / "sample.gpkg")
    monkeypatch.chdir(folder)
    create_session("sample.gpkg|layername=points", "session.gpkg",
                   references={k: f"sample.gpkg|layername={k}" for k in KINDS}, user="an")
    monkeypatch.chdir(tmp_path)
    return folder


@pytest.fixture
def dock(plugin, qgis_iface):
    dock = plugin.show_review_dock()
    dock.smooth_pan = False
    qgis_iface.messageBar().clear_messages()
    yield dock
    dock.close_session()


def test_reference_layers_load_from_another_folder(dock, office, qgis_iface):
    dock.open_session(str(office / "session.gpkg"), "an")
    assert {"buildings", "roads", "water", "communes"} <= set(dock.layers)
    assert all(dock.layers[k].featureCount() > 0 for k in ("buildings", "roads"))
    assert not qgis_iface.messageBar().get_messages(Qgis.Warning)


def test_missing_reference_files_are_named_in_a_warning(dock, office, tmp_path, qgis_iface):
    (office / "session.gpkg").rename(tmp_path / "session.gpkg")  # the data stay behind
    (office / "sample.gpkg").rename(tmp_path / "moved.gpkg")
    dock.open_session(str(tmp_path / "session.gpkg"), "an")
    assert "buildings" not in dock.layers and "points" in dock.layers
    warnings = " ".join(qgis_iface.messageBar().get_messages(Qgis.Warning))
    assert "Building footprints" in warnings and "Roads" in warnings
    assert str(office / "sample.gpkg") in warnings
