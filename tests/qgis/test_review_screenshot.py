"""The dock beside the map over satellite tiles from the local tile server, rendered under
Xvfb in a real main window; the screenshot goes in the README (DIACHI_UPDATE_DOCS=1)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import ROOT, SAMPLE
from qgis.PyQt.QtGui import QColor, QImage

KINDS = ("communes", "buildings", "roads", "water", "entrances")


def test_screenshot_shows_dock_and_imagery(tmp_path, tile_server, plugin_dir):
    from diachi_geo.session import create_session

    session = tmp_path / "session.gpkg"
    create_session(f"{SAMPLE}|layername=points", str(session),
                   references={k: f"{SAMPLE}|layername={k}" for k in KINDS}, user="an")
    url, log = tile_server
    out = tmp_path / "review-dock.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", sys.executable,
                    str(ROOT / "tools" / "render_review.py"), "screenshot", "--session",
                    str(session), "--tiles", url, "--plugin", str(plugin_dir.parent),
                    "--out", str(out)], check=True, env=env, capture_output=True, timeout=120)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1500, 900)
    # the map (left) is mostly imagery: vegetation greens and roofs, not a blank canvas
    hues = [QColor(image.pixel(x, y)) for x in range(20, 1000, 40) for y in range(20, 880, 40)]
    green = sum(1 for c in hues if 50 <= c.hue() <= 100 and c.saturation() > 40)
    assert green > 0.3 * len(hues)
    served = [line for line in log.read_text().splitlines() if ".png HTTP" in line]
    assert served, "no tile was requested from the local server"
    # the dock (right) is drawn: light background with dark text
    dock = [QColor(image.pixel(x, y)).lightness() for x in range(1050, 1490, 7)
            for y in range(300, 520, 7)]
    assert max(dock) > 200 and min(dock) < 80
    if os.environ.get("DIACHI_UPDATE_DOCS"):
        shutil.copy(out, ROOT / "docs" / "review-dock.png")
