"""qgis_process runs the algorithm from the plugin installed as users install it."""
import os
import pathlib
import shutil
import site
import subprocess
import sys
import zipfile

import pyogrio.raw
import pytest
from conftest import ZIP, layer_uri

QGIS_PROCESS = shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin"


pytestmark = pytest.mark.skipif(not os.path.exists(QGIS_PROCESS),
                                reason="qgis (qgis_process) not installed")


@pytest.fixture
def env(tmp_path):
    """qgis_process with the plugin installed from the zip in a fresh profile."""
    plugins = tmp_path / "plugins"
    profile = tmp_path / "profile" / "profiles" / "default" / "QGIS"
    profile.mkdir(parents=True)
    with zipfile.ZipFile(ZIP) as zf:
        zf.extractall(plugins)
    (profile / "QGIS3.ini").write_text("[PythonPlugins]\ndiachi=true\n")
    # the Python packages of the QGIS venv (shapely built on Debian's GEOS, rapidfuzz...)
    return dict(os.environ, QGIS_PLUGINPATH=str(plugins),
                QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"),
                PYTHONPATH=os.pathsep.join(site.getsitepackages()))


def test_qgis_process_gives_the_cli_findings(tmp_path, env):
    out = tmp_path / "qp.gpkg"
    run = subprocess.run([QGIS_PROCESS, "run", "diachi:validatepoints", "--",
                          f"INPUT={layer_uri('points')}", f"COMMUNES={layer_uri('communes')}",
                          f"OUTPUT={out}"], env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    cli = tmp_path / "cli.gpkg"
    subprocess.run([sys.executable, "-m", "diachi_geo", "validate", layer_uri("points"),
                    "--communes", layer_uri("communes"), "--out", str(cli), "--quiet"],
                   check=True)

    def keys(path: pathlib.Path) -> set:
        meta, _, _, values = pyogrio.raw.read(path, read_geometry=False,
                                              layer=pyogrio.list_layers(path)[0][0])
        columns = dict(zip(meta["fields"], values))
        return set(zip(columns["key"], columns["score"].astype(float).round(3)))

    assert keys(out) == keys(cli)
    assert len(keys(cli)) > 100


def test_qgis_process_runs_the_commune_handover_model(tmp_path, env):
    points, findings, summary = (tmp_path / f"{n}.gpkg" for n in ("points", "findings",
                                                                  "summary"))
    run = subprocess.run([QGIS_PROCESS, "run", "diachi:Commune hand-over", "--",
                          f"points={layer_uri('points')}", "commune_field=commune_code",
                          "commune_code=15007", f"communes={layer_uri('communes')}",
                          f"buildings={layer_uri('buildings')}",
                          f"extract:commune_points={points}", f"validate:findings={findings}",
                          f"summary:summary={summary}"], env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    meta, _, _, values = pyogrio.raw.read(points, read_geometry=False)
    assert set(dict(zip(meta["fields"], values))["commune_code"]) == {"15007"}
    assert pyogrio.read_info(findings)["features"] > 0
    meta, _, _, values = pyogrio.raw.read(summary, read_geometry=False)
    assert sum(dict(zip(meta["fields"], values))["count"]) == \
        pyogrio.read_info(findings)["features"]
