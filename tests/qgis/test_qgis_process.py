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


@pytest.mark.skipif(not os.path.exists(QGIS_PROCESS), reason="qgis (qgis_process) not installed")
def test_qgis_process_gives_the_cli_findings(tmp_path):
    plugins = tmp_path / "plugins"
    profile = tmp_path / "profile" / "profiles" / "default" / "QGIS"
    profile.mkdir(parents=True)
    with zipfile.ZipFile(ZIP) as zf:
        zf.extractall(plugins)
    (profile / "QGIS3.ini").write_text("[PythonPlugins]\ndiachi=true\n")
    # the Python packages of the QGIS venv (shapely built on Debian's GEOS, rapidfuzz...)
    env = dict(os.environ, QGIS_PLUGINPATH=str(plugins),
               QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"),
               PYTHONPATH=os.pathsep.join(site.getsitepackages()))
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
