"""QGIS tier: headless QGIS 3.22 (pytest-qgis), the plugin installed from the built zip."""
from __future__ import annotations

import pathlib
import sys
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample" / "sample.gpkg"
ZIP = ROOT / "dist" / "diachi.zip"


@pytest.fixture(scope="session")
def plugin_dir(tmp_path_factory) -> pathlib.Path:
    """The built plugin unzipped into a plugins folder, as QGIS's plugin manager does."""
    if not ZIP.exists():
        pytest.fail("dist/diachi.zip is missing: run `make package` (make test does)")
    folder = tmp_path_factory.mktemp("plugins")
    with zipfile.ZipFile(ZIP) as zf:
        zf.extractall(folder)
    sys.path.insert(0, str(folder))
    return folder / "diachi"


@pytest.fixture(scope="module")
def plugin(plugin_dir, qgis_iface, qgis_processing):
    """The plugin loaded for one test module and unloaded after it."""
    import diachi

    instance = diachi.classFactory(qgis_iface)
    instance.initGui()
    yield instance
    instance.unload()


@pytest.fixture(scope="session")
def sample() -> pathlib.Path:
    return SAMPLE


def layer_uri(name: str) -> str:
    return f"{SAMPLE}|layername={name}"
