"""The report algorithms through processing.run: tables, charts page, and hand-over PDFs
with an overview map page rendered by QGIS."""
from __future__ import annotations

import shutil
import subprocess

import pyogrio
import pytest
from conftest import SAMPLE

KINDS = ("communes", "buildings", "roads")


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    from diachi_geo.session import create_session

    path = tmp_path_factory.mktemp("reports") / "s.gpkg"
    create_session(f"{SAMPLE}|layername=points", str(path),
                   references={k: f"{SAMPLE}|layername={k}" for k in KINDS})
    return str(path)


def test_progress_and_quality_reports(plugin, session, tmp_path):
    import processing

    progress = processing.run("diachi:reportprogress", {
        "SESSION": session, "OUTPUT": str(tmp_path / "p.xlsx"),
        "HTML": str(tmp_path / "p.html")})
    assert {n for n, _ in pyogrio.list_layers(progress["OUTPUT"])} == {"units", "weeks"}
    assert "<svg" in (tmp_path / "p.html").read_text(encoding="utf-8")
    quality = processing.run("diachi:reportquality", {
        "SESSION": session, "OUTPUT": str(tmp_path / "q.csv")})
    lines = (tmp_path / "q.csv").read_text(encoding="utf-8-sig").splitlines()
    assert quality["OUTPUT"].endswith("q.csv") and len(lines) == 13  # 12 collectors


def test_handover_pdfs_have_a_map_page(plugin, session, tmp_path):
    import processing

    result = processing.run("diachi:reporthandover", {
        "SESSION": session, "COMMUNES": "15007, 15014", "INCLUDE_UNCONFIRMED": True,
        "MAP": True, "OUTPUT": str(tmp_path / "out")})
    assert result["PDFS"] == 2
    pdf = tmp_path / "out" / "15007-xa-hoang-giang.pdf"
    if shutil.which("pdfimages") is None:
        pytest.skip("poppler-utils missing")
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert len(images) >= 1  # the overview map (QR codes are vectors, not images)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Bản đồ tổng quan" in text
