"""Library tier: plain Python, current PyPI wheels, QGIS must not be importable."""
from __future__ import annotations

import pathlib
import sys

import pyogrio.raw
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "servers"))
from fixtures import ogcapi, wfst, wfst_project  # noqa: E402, F401 - the publish servers
from publishing import reviewed, session  # noqa: E402, F401 - a session to publish

SAMPLE = ROOT / "sample" / "sample.gpkg"


@pytest.fixture(scope="session")
def sample() -> pathlib.Path:
    return SAMPLE


@pytest.fixture(scope="session")
def truth() -> dict:
    """The sample's ``truth`` layer (diachi_geo.testing): one row per point, by column."""
    return read_columns("truth")


@pytest.fixture(scope="session")
def sample_points() -> dict:
    """The attribute columns of the sample's points, as collected (errors included)."""
    return read_columns("points")


def read_columns(layer: str) -> dict:
    meta, _, _, values = pyogrio.raw.read(SAMPLE, layer=layer, read_geometry=False)
    return dict(zip(meta["fields"], values))
