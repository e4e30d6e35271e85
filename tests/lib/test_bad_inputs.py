"""The bad-input corpus through the command line: each file gets per-feature findings or one
clear error (exit 2, no traceback) naming what is wrong, and stays byte-identical."""
from __future__ import annotations

import json
import pathlib
import sys

import pyogrio.raw
import pytest
from diachi_geo.cli import main
from helpers import checksum

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "data" / "bad"))
from make_corpus import make  # noqa: E402

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
