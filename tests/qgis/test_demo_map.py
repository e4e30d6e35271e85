"""The demo map renders headless with the findings symbolised by check."""
import subprocess
import sys

from conftest import ROOT, layer_uri
from qgis.PyQt.QtGui import QColor, QImage


def test_render_map_shows_findings_by_check(sample, tmp_path):
    findings = tmp_path / "findings.gpkg"
    layers = [a for name in ("communes", "buildings", "roads", "water", "entrances")
              for a in (f"--{name}", layer_uri(name))]
    subprocess.run([sys.executable, "-m", "diachi_geo", "validate", layer_uri("points"),
                    *layers, "--out", str(findings), "--quiet"], check=True)
    out = tmp_path / "map.png"
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "render_map.py"), "--sample",
                          str(sample), "--findings", str(findings), "--out", str(out),
                          "--lang", "vi"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    image = QImage(str(out))
    assert image.width() > 1000
    colours = {QColor(image.pixel(x, y)).name() for x in range(0, image.width(), 2)
               for y in range(0, image.height(), 2)}
    assert "#e53935" in colours      # outside_commune triangles
    assert "#fb8c00" in colours      # stacked squares
    assert "#81d4fa" in colours      # the river
    assert "#43a047" in colours      # suggested entrances


def test_render_map_without_suggestions(sample, tmp_path):
    findings = tmp_path / "findings.gpkg"
    subprocess.run([sys.executable, "-m", "diachi_geo", "validate", layer_uri("points"),
                    "--checks", "null_island", "--out", str(findings), "--quiet"], check=True)
    out = tmp_path / "map.png"
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "render_map.py"), "--sample",
                          str(sample), "--findings", str(findings), "--out", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert QImage(str(out)).width() > 1000
