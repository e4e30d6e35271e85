"""A library's own words inside a Vietnamese message: GDAL's or the TOML reader's English
detail is kept (it is what a search or a support person needs) and the Vietnamese sentence
says whose original message it is, so an officer knows why English appears."""
from __future__ import annotations

import re

import pytest
from diachi_geo.config import load_config
from diachi_geo.errors import ConfigError, InputError
from diachi_geo.io.points import read_points
from diachi_geo.message_codes import ERRORS, explain

ORIGINAL = "thông báo gốc bằng tiếng Anh"
NOT_A_LIBRARY = {"tls_unverified", "service_failed", "dry_run_failed"}
"""Codes whose {problem} is an exception's name or an HTTP status, not a sentence."""


def test_a_broken_toml_config_names_the_toml_readers_words(tmp_path):
    path = tmp_path / "diachi.toml"
    path.write_text("[params]\nsnap_m = \n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(str(path))
    detail = refused.value.params["problem"]
    assert "line 2" in detail                       # tomllib's own words, kept whole
    assert explain(refused.value, "vi") == (
        f"Tệp cấu hình {path} không phải TOML hợp lệ ({ORIGINAL} của trình đọc TOML: "
        f"{detail}).")
    assert str(refused.value) == f"config file {path} is not valid TOML: {detail}"


def test_a_file_gdal_cannot_open_names_gdals_words(tmp_path):
    path = tmp_path / "diem.gpkg"
    path.write_bytes(b"not a GeoPackage at all\n" * 10)
    with pytest.raises(InputError) as refused:
        read_points(str(path))
    assert refused.value.code == "not_a_vector_file"
    detail = refused.value.params["problem"]
    assert detail and not re.search("[ăâđêôơư]", detail)
    vi = explain(refused.value, "vi")
    assert f"({ORIGINAL} của GDAL: {detail})" in vi
    assert ORIGINAL not in str(refused.value) and detail in str(refused.value)


def test_every_message_with_a_libraries_detail_says_whose_it_is():
    unsaid = sorted(code for code, (vi, _) in ERRORS.items()
                    if "{problem}" in vi and code not in NOT_A_LIBRARY and
                    not re.search(ORIGINAL + r"[^{]*: \{problem\}", vi))
    assert unsaid == []
    assert all("{problem}" in ERRORS[code][0] for code in NOT_A_LIBRARY)
