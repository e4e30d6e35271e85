import csv
import json
import os
import subprocess
import sys

import numpy as np
import pyogrio.raw
import pytest
from diachi_geo.cli import main
from helpers import checksum


def layer(sample, name):
    return f"{sample}|layername={name}"


def test_validate_writes_findings_and_summary(sample, tmp_path, capsys):
    out = tmp_path / "findings.gpkg"
    before = checksum(sample)
    code = main(["validate", layer(sample, "points"), "--communes", layer(sample, "communes"),
                 "--out", str(out), "--lang", "vi"])
    assert code == 0
    text = capsys.readouterr().out
    assert "Đảo ngược kinh độ/vĩ độ" in text and "Không nằm trong xã/phường đã khai" in text
    meta, _, geoms, values = pyogrio.raw.read(out, layer="findings")
    columns = dict(zip(meta["fields"], values))
    for name in ("key", "point_id", "check", "severity", "message_code", "params", "score",
                 "group_id", "related_id", "suggested_x", "suggested_y", "message"):
        assert name in columns
    assert meta["crs"] == "EPSG:4326"
    assert "outside_commune" in set(columns["check"])
    json.loads(columns["params"][0])
    assert checksum(sample) == before   # the input is untouched


def test_english_summary_and_skipped_note(sample, tmp_path, capsys):
    assert main(["validate", layer(sample, "points"), "--out", str(tmp_path / "f.geojson"),
                 "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "Latitude/longitude swapped" in text
    assert "Outside its commune: skipped: no communes layer given" in text


def test_csv_output_has_wgs84_suggestions(sample, tmp_path):
    out = tmp_path / "f.csv"
    assert main(["validate", layer(sample, "points"), "--out", str(out), "--checks",
                 "swapped_latlon", "--quiet"]) == 0
    rows = list(csv.DictReader(open(out, encoding="utf-8-sig")))
    assert rows and all(r["check"] == "swapped_latlon" for r in rows)
    assert all(105 < float(r["suggested_x"]) < 106 and 19 < float(r["suggested_y"]) < 21
               for r in rows)


@pytest.mark.parametrize("args, message", [
    (["validate", "nothere.gpkg", "--out", "x.gpkg"], "nothere.gpkg: file not found"),
    (["validate", "SAMPLE", "--out", "x.gpkg"], "layername="),
    (["validate", "SAMPLE|layername=points", "--out", "SAMPLE"], "never overwrites"),
    (["validate", "SAMPLE|layername=points", "--out", "x.txt"], "use one of"),
    (["validate", "SAMPLE|layername=points", "--out", "x.gpkg", "--checks", "nope"],
     "unknown check"),
    (["validate", "SAMPLE|layername=points", "--out", "x.gpkg", "--field", "name"],
     "CANONICAL=YOUR_FIELD"),
    (["validate", "SAMPLE|layername=points"], "required: --out"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_exits_2_with_one_paragraph(sample, tmp_path, capsys, args, message):
    os.chdir(tmp_path)
    args = [a.replace("SAMPLE", str(sample)) for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "x.gpkg").exists()


def test_config_file(sample, tmp_path, capsys):
    config = tmp_path / "c.toml"
    config.write_text('checks = ["null_island"]\n[params]\nnull_island_tolerance_deg = 0.5\n')
    out = tmp_path / "f.csv"
    assert main(["validate", layer(sample, "points"), "--out", str(out), "--config",
                 str(config), "--quiet"]) == 0
    assert {r["check"] for r in csv.DictReader(open(out, encoding="utf-8-sig"))} == \
        {"null_island"}
    config.write_text("[params]\nnope = 1\n")
    assert main(["validate", layer(sample, "points"), "--out", str(out), "--config",
                 str(config)]) == 2
    assert "unknown parameter" in capsys.readouterr().err


def test_python_m_and_console_script(sample, tmp_path):
    out = tmp_path / "f.geojson"
    run = subprocess.run([sys.executable, "-m", "diachi_geo", "validate", layer(sample, "points"),
                          "--out", str(out), "--lang", "en"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "Points read" in run.stdout and out.exists()
    script = os.path.join(os.path.dirname(sys.executable), "diachi-geo")
    run = subprocess.run([script, "--version"], capture_output=True, text=True)
    assert run.returncode == 0 and "diachi-geo" in run.stdout


def test_language_follows_the_locale(sample, tmp_path):
    env = dict(os.environ, LANG="vi_VN.UTF-8", LC_ALL="")
    run = subprocess.run([sys.executable, "-m", "diachi_geo", "validate", layer(sample, "points"),
                          "--out", str(tmp_path / "f.gpkg")], capture_output=True, text=True,
                         env=env)
    assert run.returncode == 0 and "Số điểm đã đọc" in run.stdout


def test_sample_command(tmp_path):
    out = tmp_path / "s.gpkg"
    assert main(["sample", "--out", str(out), "--points", "300", "--communes", "1x1"]) == 0
    layers = {name for name, _ in pyogrio.list_layers(out)}
    assert {"points", "communes", "buildings", "roads", "water", "entrances", "truth"} <= layers


def test_snap_command_writes_suggestions_and_moves(sample, truth, tmp_path, capsys):
    out = tmp_path / "snap.gpkg"
    args = ["snap", layer(sample, "points"), "--out", str(out), "--lang", "en"]
    for name in ("buildings", "roads", "water", "entrances"):
        args += [f"--{name}", layer(sample, name)]
    assert main(args) == 0
    assert "Move to main entrance" in capsys.readouterr().out
    layers = {name for name, _ in pyogrio.list_layers(out)}
    assert {"findings", "suggestions", "moves"} <= layers
    meta, _, _, values = pyogrio.raw.read(out, layer="findings", read_geometry=False)
    findings = dict(zip(meta["fields"], values))
    assert set(findings["check"]) == {"snap", "far_from_building", "in_water"}
    suggested = np.isfinite(findings["suggested_x"].astype(float))
    # every jittered point of the sample is offered a move, drawn as one line per suggestion
    jittered = truth["point_id"][truth["kind"] == "jitter"]
    assert set(jittered.tolist()) <= set(findings["point_id"][suggested].astype(int).tolist())
    meta, _, lines, _ = pyogrio.raw.read(out, layer="moves")
    assert meta["geometry_type"] == "LineString" and len(lines) == suggested.sum()


def test_snap_command_needs_buildings(sample, tmp_path, capsys):
    assert main(["snap", layer(sample, "points"), "--out", str(tmp_path / "s.gpkg")]) == 2
    assert "--buildings" in capsys.readouterr().err
