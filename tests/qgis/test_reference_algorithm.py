"""diachi:buildreference through processing.run on sources made from the sample."""
from __future__ import annotations

import shutil

import pyogrio
import pytest
from conftest import SAMPLE


def test_build_reference_in_processing(plugin, tmp_path):
    from diachi_geo.reference import write_sources

    import processing

    if shutil.which("osmium") is None:
        pytest.skip("osmium-tool is not installed (make system installs it)")
    sources = write_sources(str(SAMPLE), str(tmp_path / "src"))
    out = tmp_path / "ref.gpkg"
    processing.run("diachi:buildreference", {
        "AREA": f"{SAMPLE}|layername=communes", "OSM": sources["osm"],
        "BUILDINGS_CSV": sources["buildings_csv"], "OUTPUT": str(out)})
    layers = {name: pyogrio.read_info(out, layer=name)["features"]
              for name, _ in pyogrio.list_layers(out)}
    assert layers["buildings"] == pyogrio.read_info(SAMPLE, layer="buildings")["features"]
    assert layers["communes"] == 4 and layers["roads"] > 0
