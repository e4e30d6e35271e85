"""The bad-input corpus through the command line: each file gets per-feature findings or one
clear error (exit 2, no traceback) naming what is wrong, and stays byte-identical."""
from __future__ import annotations

import json
import os
import pathlib
import signal
import subprocess
import sys
import time

import pyogrio
import pyogrio.raw
import pytest
from diachi_geo.cli import main
from helpers import checksum

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "data" / "bad"))
from make_corpus import make

ERRORS = {
    "empty_file": "cannot be opened",
    "zero_features": "has no features",
    "metres_declared_degrees": "coordinates are metres",
    "tm3_without_crs": "several CRS fit",
    "null_ids": "have no id",
    "duplicate_ids": "more than one feature",
    "truncated_geopackage": "cannot be opened",
}
FINDINGS = {
    "mixed_geometries": {"not_a_point", "multipart_point", "null_geometry", "empty_geometry"},
    "nan_and_inf": {"non_finite_coordinates"},
    "z_and_m": set(), "shapefile_without_prj": set(), "ten_megabyte_string": set(),
    "semicolons_decimal_commas": {"non_finite_coordinates"}, "control_characters": set(),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make(tmp_path_factory.mktemp("bad"))


def files_of(path: pathlib.Path) -> list[pathlib.Path]:
    return sorted(p for p in path.parent.iterdir() if p.stem == path.stem)


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_bad_files_get_one_clear_error(corpus, case, tmp_path, capsys):
    path = corpus[case]
    before = {p: checksum(p) for p in files_of(path)}
    code = main(["validate", str(path), "--out", str(tmp_path / "f.gpkg")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert ERRORS[case] in err and str(path) in err and "Traceback" not in err
    assert "Fix:" in err
    assert len(err) < 2000
    assert {p: checksum(p) for p in files_of(path)} == before
    assert not (tmp_path / "f.gpkg").exists()


@pytest.mark.parametrize("case", sorted(FINDINGS))
def test_messy_files_get_findings_per_feature(corpus, case, tmp_path, capsys):
    path = corpus[case]
    before = {p: checksum(p) for p in files_of(path)}
    out = tmp_path / "f.gpkg"
    code = main(["validate", str(path), "--out", str(out), "--quiet"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert len(captured.err) < 5000
    meta, _, _, values = pyogrio.raw.read(out, layer="findings", read_geometry=False)
    columns = dict(zip(meta["fields"], values))
    codes = {json.loads(p).get("problem") or m for p, m, c in
             zip(columns["params"], columns["message_code"], columns["check"])
             if c == "invalid_geometry"}
    assert FINDINGS[case] <= codes, codes
    assert {p: checksum(p) for p in files_of(path)} == before


def test_read_only_input_is_read_and_an_impossible_output_is_refused(corpus, tmp_path,
                                                                       capsys):
    import shutil

    path = tmp_path / "ro.csv"
    shutil.copy(corpus["semicolons_decimal_commas"], path)
    path.chmod(0o444)
    before = checksum(path)
    assert main(["validate", str(path), "--out", str(tmp_path / "f.csv"), "--quiet"]) == 0
    assert checksum(path) == before
    assert main(["validate", str(path), "--out", str(tmp_path / "nowhere" / "f.csv")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err


LAYERS = ["findings", "suggestions", "moves"]


@pytest.mark.parametrize("step, layers_written", [("write.layer", ["findings"]),
                                                  ("write.replace", LAYERS)])
def test_a_run_killed_while_writing_leaves_the_previous_output(tmp_path, sample, step,
                                                                layers_written):
    """DIACHI_FAULT (diachi_geo.faults) kills the second run mid-write: after its first
    layer, or with the temporary file complete but not yet moved into place."""
    out = tmp_path / "findings.gpkg"
    command = [sys.executable, "-m", "diachi_geo", "validate", f"{sample}|layername=points",
               "--buildings", f"{sample}|layername=buildings", "--out", str(out), "--quiet"]
    subprocess.run(command, check=True)
    before, findings = checksum(out), read_findings(out)
    assert [name for name, _ in pyogrio.list_layers(out)] == LAYERS
    killed = subprocess.run(command, env={**os.environ, "DIACHI_FAULT": step})
    assert killed.returncode == -signal.SIGKILL
    # the kill landed mid-write: the temporary file beside the output holds what was written
    (temp,) = [p for p in tmp_path.iterdir() if p != out]
    assert temp.name.startswith(".findings.") and temp.suffix == ".gpkg"
    assert [name for name, _ in pyogrio.list_layers(temp)] == layers_written
    # and the previous output is whole and untouched
    assert checksum(out) == before and read_findings(out) == findings
    # the next run replaces it with the same findings, and removes what the killed run left
    # (once it is a minute old: on a shared folder it could be another machine's)
    os.utime(temp, (time.time() - 120, time.time() - 120))
    subprocess.run(command, check=True)
    assert read_findings(out) == findings
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def read_findings(path) -> list[tuple]:
    """The findings layer's rows in key order (NaN as None, so that equal rows compare so)."""
    meta, _, _, values = pyogrio.raw.read(path, layer="findings", read_geometry=False)
    key = list(meta["fields"]).index("key")
    rows = zip(*([None if v != v else v for v in column.tolist()] for column in values))
    return sorted(rows, key=lambda row: row[key])


def test_merged_cells_leave_a_missing_value_finding(corpus, tmp_path):
    out = tmp_path / "f.csv"
    assert main(["validate", str(corpus["merged_cells_xlsx"]), "--out", str(out),
                 "--quiet"]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "missing_value:2:missing_value:commune_code" in text  # the merged-away cell


def test_a_reference_file_gone_since_the_session_was_made_is_named(sample, tmp_path):
    import shutil

    from diachi_geo.errors import InputError
    from diachi_geo.session import Session, create_session, revalidate

    buildings = tmp_path / "buildings.gpkg"
    shutil.copy(sample, buildings)
    path = tmp_path / "s.gpkg"
    create_session(f"{sample}|layername=points", str(path),
                   references={"buildings": f"{buildings}|layername=buildings"})
    buildings.unlink()
    with Session(str(path), "an") as s, pytest.raises(InputError, match="not found") \
            as gone:
        revalidate(s)
    assert str(buildings) in str(gone.value)
