"""Library tier: plain Python, current PyPI wheels, QGIS must not be importable."""
from __future__ import annotations

import pathlib
import sys

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
    import pyogrio.raw

    meta, _, _, values = pyogrio.raw.read(SAMPLE, layer="truth", read_geometry=False)
    return dict(zip(meta["fields"], values))
