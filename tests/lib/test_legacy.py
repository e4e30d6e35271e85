"""Legacy Vietnamese encodings found and converted; Unicode and foreign text left alone."""
from __future__ import annotations

import unicodedata

import numpy as np
import pyogrio.raw
import pytest
import shapely
from diachi_geo.cli import main
from diachi_geo.legacy import _TCVN3_LOWER, detect, repair
from helpers import checksum

TO_TCVN3 = {v: k for k, v in _TCVN3_LOWER.items() if v.islower()}


def tcvn3(text: str) -> str:
    """Unicode -> TCVN3 bytes read as Latin-1, as old Shapefiles show them (small letters)."""
    return "".join(TO_TCVN3.get(c, c) for c in unicodedata.normalize("NFC", text.lower()))


@pytest.mark.parametrize(("legacy", "expected", "kind"), [
    ("Tr\xadêng THCS NguyÔn Du", "Trường THCS Nguyễn Du", "tcvn3"),
    ("UBND x· ThiÖu §«", None, None),  # "·" is not TCVN3 here: left for a person to see
    ("Tröôøng hoïc Vieät Nam", "Trường học Việt Nam", "vni"),
    ("UÛy ban nhaân daân xaõ Thieäu Ñoâ", "Ủy ban nhân dân xã Thiệu Đô", "vni"),
    ("Nhà văn hóa thôn Đông".encode().decode("cp1252", errors="ignore"), None, None),
    ("Chợ Bến Thành".encode().decode("latin-1"), "Chợ Bến Thành", "mojibake"),
    ("Trường học", None, None), ("Café de Paris", None, None), ("AB-12/3", None, None),
    ("José Martí", None, None), ("", None, None),
])
def test_detect_and_convert(legacy, expected, kind):
    fixed, found = repair(legacy)
    assert found == kind
    assert fixed == (expected if expected is not None else legacy)


def test_every_sample_name_survives_a_tcvn3_round_trip(sample):
    meta, _, _, values = pyogrio.raw.read(sample, layer="points", read_geometry=False)
    names = [n for n in dict(zip(meta["fields"], values))["name"]
             if n and not str(n).isascii()]
    assert len(names) > 500
    misses = [n for n in names if repair(tcvn3(n))[0].lower() != unicodedata.normalize(
        "NFC", n.lower())]
    assert len(misses) <= 0.01 * len(names), misses[:10]
    assert all(detect(n) is None for n in names)  # Unicode names are never touched


def test_repair_text_on_a_tcvn3_shapefile_writes_a_unicode_copy(tmp_path, capsys):
    shp = tmp_path / "points.shp"
    names = ["Tr\xadêng häc", "Chî Th¸i", "Café Sài Gòn", "Shop 24h"]
    pyogrio.raw.write(str(shp), geometry=shapely.to_wkb(shapely.points(
        [105.7] * 4, [19.7] * 4)), field_data=[np.arange(4), np.array(names, dtype=object)],
        fields=["id", "ten"], crs="EPSG:4326", geometry_type="Point", driver="ESRI Shapefile",
        encoding="cp1252")
    before = {p.name: checksum(p) for p in tmp_path.iterdir()}
    assert main(["repair-text", str(shp)]) == 0
    out = capsys.readouterr().out
    assert "2 value(s) to repair (tcvn3 2)" in out and "Trường học" in out
    fixed = tmp_path / "fixed.gpkg"
    assert main(["repair-text", str(shp), "--out", str(fixed)]) == 0
    _, _, _, values = pyogrio.raw.read(fixed, read_geometry=False)
    assert list(values[1]) == ["Trường học", "Chợ Thái", "Café Sài Gòn", "Shop 24h"]
    assert {p.name: checksum(p) for p in tmp_path.iterdir() if p.name in before} == before
