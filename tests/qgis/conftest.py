"""QGIS tier: headless QGIS 3.22 (pytest-qgis), the plugin installed from the built zip."""
from __future__ import annotations

import pathlib
import sys
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "servers"))
from fixtures import ogcapi, wfst, wfst_project  # noqa: E402, F401 - the publish servers

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


def lock_holders(path) -> list[str]:
    """Who holds the review session at ``path`` (its lock rows), read without taking it."""
    import contextlib
    import sqlite3

    with contextlib.closing(sqlite3.connect(str(path))) as conn:
        return [user for (user,) in conn.execute("SELECT user FROM session_lock")]


@pytest.fixture
def python_errors(monkeypatch) -> list[BaseException]:
    """The Python errors raised in Qt slots during a test (the desktop shows each in a
    message box; PyQt hands them to ``sys.excepthook``)."""
    errors: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, tb: errors.append(value))
    return errors


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def tile_server(tmp_path_factory):
    """A local XYZ server with imagery-like tiles rendered from the sample (no internet).

    Yields the tile URL template; ``tile_server.log`` (a path) lists the tiles served."""
    import os
    import subprocess
    import time
    import urllib.request

    root = tmp_path_factory.mktemp("tiles")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, str(ROOT / "tools" / "render_review.py"), "tiles",
                    "--sample", str(SAMPLE), "--out", str(root)], check=True, env=env,
                   capture_output=True)
    port = _free_port()
    log = root.parent / "tile-server.log"
    with open(log, "w") as handle:
        server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                                   "127.0.0.1", "--directory", str(root)],
                                  stdout=subprocess.DEVNULL, stderr=handle)
    first = next(root.glob("*/*/*.png")).relative_to(root)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/{first}", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png", log
    server.terminate()
    server.wait(5)
