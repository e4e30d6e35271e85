"""Reports from a reviewed session of the bundled sample: progress against quotas, quality
per collector, and hand-over PDFs whose QR codes are decoded back with zbar."""
from __future__ import annotations

import hashlib
import shutil
import subprocess

import numpy as np
import pyogrio
import pyogrio.raw
import pytest
from diachi_geo.cli import main
from diachi_geo.report import progress_tables, quality_table, write_handover
from diachi_geo.report.data import read_session
from diachi_geo.session import Session, WorkFilter, create_session

KINDS = ("communes", "buildings", "roads", "water", "entrances")
COMMUNE = "15007"
CODED = 39  # points of COMMUNE confirmed with a digital code (one more is confirmed without)


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (make system installs it)")
    return path


@pytest.fixture(scope="module")
def reviewed(sample, tmp_path_factory):
    """The sample as a session where one commune has been reviewed and checked: CODED + 1
    points confirmed (one of them without a digital code), 5 rejected."""
    path = str(tmp_path_factory.mktemp("reports") / "session.gpkg")
    create_session(f"{sample}|layername=points", path, user="an",
                   references={k: f"{sample}|layername={k}" for k in KINDS})
    with Session(path, "an") as s:
        fids = [int(f) for f in s.worklist(WorkFilter(communes=(COMMUNE,)))]
        coded = [f for f in fids if s.point(f).attributes["digital_code"]]
        uncoded = next(f for f in fids if not s.point(f).attributes["digital_code"])
        confirmed, rejected = coded[:CODED] + [uncoded], coded[CODED:CODED + 5]
        for fid in confirmed:
            s.approve(fid)
        for fid in rejected:
            s.reject(fid, "không tồn tại")
    with Session(path, "binh") as s:
        for fid in confirmed:
            s.confirm(fid)
    return path, confirmed, rejected


def test_progress_counts_per_commune_against_quotas(reviewed, sample_points, tmp_path):
    path, confirmed, rejected = reviewed
    quotas = tmp_path / "quotas.csv"
    quotas.write_text("ma_xa;chi_tieu\n15007;1000\n15000;500\n15099;200\n", encoding="utf-8")
    out = tmp_path / "progress.xlsx"
    assert main(["report", "progress", path, "--quotas", str(quotas), "--out", str(out),
                 "--html", str(tmp_path / "p.html"), "--lang", "vi"]) == 0
    assert {name for name, _ in pyogrio.list_layers(out)} == {"units", "weeks"}
    meta, _, _, values = pyogrio.raw.read(out, layer="units", read_geometry=False)
    rows = {r["unit"]: r for r in (dict(zip(meta["fields"], v)) for v in zip(*values))}
    row = rows[COMMUNE]
    collected = int((sample_points["commune_code"] == COMMUNE).sum())
    assert (row["collected"], row["confirmed"], row["rejected"], row["reviewed"]) == \
        (collected, len(confirmed), len(rejected), len(confirmed) + len(rejected))
    assert row["quota"] == 1000 and row["pct_collected"] == pytest.approx(collected / 10)
    assert rows["15099"]["collected"] == 0  # a commune with a quota and nothing yet
    tables = progress_tables(read_session(path))
    weeks = sum(w["collected"] for w in tables["weeks"])
    assert weeks == len(sample_points["collected_at"])  # every point has its week


def test_quality_puts_the_collector_with_rejections_first_among_equals(reviewed,
                                                                      sample_points):
    path, _, rejected = reviewed
    data = read_session(path)
    rows = quality_table(data)
    assert [r["needs_help"] for r in rows] == sorted((r["needs_help"] for r in rows),
                                                      reverse=True)
    assert sum(r["points"] for r in rows) == len(sample_points["collector"])
    collectors = data.column("collector")
    fids = list(data.column("fid"))
    hit = {collectors[fids.index(f)] for f in rejected}
    for row in rows:
        if row["collector"] in hit:
            assert row["rejection_rate"] > 0
    duplicates = sum(r["duplicates_created"] for r in rows)
    assert duplicates == sum(1 for c, p, r in zip(data.findings["check"],
                                                  data.findings["point_id"],
                                                  data.findings["related_id"])
                             if c == "duplicate" and str(p) != str(r))


def pdf_text(pdf) -> str:
    return subprocess.run([need("pdftotext"), "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def decoded_codes(pdf, folder) -> list[str]:
    subprocess.run([need("pdftoppm"), "-r", "150", "-png", str(pdf), str(folder / "page")],
                   check=True)
    codes = []
    for page in sorted(folder.glob("page-*.png")):
        run = subprocess.run([need("zbarimg"), "-q", "--raw", "-S*.disable",
                              "-Sqrcode.enable", str(page)], capture_output=True, text=True)
        lines = run.stdout.splitlines()
        codes += [line for line in lines if line and not line.startswith("geo:")]
    return codes


def test_handover_pdf_qr_codes_decode_to_the_confirmed_codes(reviewed, tmp_path):
    path, confirmed, _ = reviewed
    data = read_session(path)
    out = tmp_path / "handover.pdf"
    counts = write_handover(data, COMMUNE, str(out), lang="vi")
    codes = data.column("digital_code")
    fids = list(data.column("fid"))
    expected = {str(codes[fids.index(f)]) for f in confirmed if codes[fids.index(f)]}
    assert counts["coded"] == len(expected) == CODED and counts["awaiting"] == 1
    assert sorted(decoded_codes(out, tmp_path)) == sorted(expected)
    fonts = subprocess.run([need("pdffonts"), str(out)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    dejavu = [f for f in fonts if "DejaVuSans" in f]
    assert dejavu and all(" yes yes " in f for f in dejavu)  # embedded, as a subset
    # (reportlab lists Helvetica in every PDF's resources; no text is set in it)
    text = pdf_text(out)
    assert "Danh sách địa chỉ số bàn giao" in text and "Xã Hoằng Giang" in text
    assert "Địa chỉ chờ cấp mã" in text and "Trang 1/" in text
    assert "Mã địa chỉ số" in text.split("Trang 2/")[1]  # the header repeats on page 3
    names = data.column("name")
    uncoded = next(f for f in confirmed if not codes[fids.index(f)])
    assert str(names[fids.index(uncoded)]).split()[-1] in text.split("Địa chỉ chờ cấp mã")[-1]


def test_owner_data_is_printed_only_when_asked(reviewed, tmp_path):
    path, confirmed, _ = reviewed
    plain, with_owner = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write_handover(read_session(path), COMMUNE, str(plain))
    data = read_session(path, personal=True)
    write_handover(data, COMMUNE, str(with_owner), include_owner=True)
    fids = list(data.column("fid"))
    phones = [str(data.column("owner_phone")[fids.index(f)]) for f in confirmed]
    phone = next(p for p in phones if p not in ("None", ""))
    assert phone not in pdf_text(plain).replace(" ", "")
    assert phone in pdf_text(with_owner).replace(" ", "")


def test_all_communes_to_a_folder_with_manifest_and_checksums(reviewed, sample_points,
                                                              tmp_path):
    path, _, _ = reviewed
    folder = tmp_path / "usb"
    assert main(["report", "handover", path, "--all", "--out", str(folder),
                 "--include-unconfirmed"]) == 0
    pdfs = sorted(p.name for p in folder.glob("*.pdf"))
    assert len(pdfs) == len(set(sample_points["commune_code"]))  # one per commune code
    assert "15007-xa-hoang-giang.pdf" in pdfs
    sums = (folder / "SHA256SUMS").read_text().splitlines()
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    manifest = (folder / "manifest.csv").read_text(encoding="utf-8-sig").splitlines()
    assert manifest[0] == "file,commune,name,coded,awaiting,sha256"
    assert len(manifest) == 1 + len(pdfs)
    assert main(["report", "handover", path, "--commune", "7", "--out", str(folder)]) == 2


@pytest.mark.parametrize("kind", ["progress", "quality"])
def test_html_report_renders_its_charts_in_headless_chromium(reviewed, tmp_path, kind):
    path, _, _ = reviewed
    html, shot = tmp_path / f"{kind}.html", tmp_path / f"{kind}.png"
    assert main(["report", kind, path, "--out", str(tmp_path / "t.csv"),
                 "--html", str(html)]) == 0
    subprocess.run([need("chromium"), "--headless", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", "--window-size=1000,1200", f"--screenshot={shot}",
                    html.as_uri()], check=True, capture_output=True, timeout=120)
    from PIL import Image

    pixels = np.asarray(Image.open(shot).convert("RGB")).reshape(-1, 3)
    blue = np.all(np.abs(pixels - (0x1E, 0x88, 0xE5)) <= 12, axis=1).sum()
    assert blue > 5000  # the bars of the charts, drawn


def test_bursts_and_hourly_rate_read_times_with_and_without_a_zone():
    """Three points filled in from one spot within minutes (two bursts), one written with
    a UTC zone; the old reader sorted naive and zoned times together and crashed."""
    from diachi_geo.report.data import SessionData

    times = ["2026-09-14T08:00:00", "2026-09-14T01:02:00Z", "2026-09-14 08:04:30",
             "2026-09-14T08:30:00", None, "2026-09-14T09:10:00+07:00"]
    lon = np.array([105.8, 105.80001, 105.8, 105.81, 105.8, 105.82])
    lat = np.array([21.0, 21.0, 21.00002, 21.0, 21.0, 21.0])
    n = len(times)
    data = SessionData("x.gpkg", {
        "point_id": np.arange(n).astype(object), "collector": np.array(["ctv1"] * n, object),
        "collected_at": np.array(times, dtype=object), "lon": lon, "lat": lat,
        "status": np.array(["new"] * n, object), "decision": np.array([None] * n, object)},
        {"point_id": [], "check": [], "moved_m": [], "related_id": []})
    (row,) = quality_table(data)
    assert row["bursts"] == 2  # 08:00 -> 08:02 (1 m) -> 08:04:30 (2 m); 08:30 is 1 km off
    assert row["points_per_hour"] == 2.5  # 08h: 4 points, 09h: 1 -> median 2.5


def test_sessions_without_a_registered_review_table_read_the_same(reviewed, tmp_path):
    """The review table is read through GDAL where the GeoPackage lists it, else by SQL;
    both give the same columns."""
    import sqlite3

    path, _, _ = reviewed
    copy = tmp_path / "unregistered.gpkg"
    shutil.copy(path, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("DELETE FROM gpkg_contents WHERE table_name = 'review'")
    listed, unlisted = read_session(path), read_session(str(copy))
    assert set(listed.columns) == set(unlisted.columns)
    for name, values in listed.columns.items():
        assert [str(v) for v in values] == [str(v) for v in unlisted.columns[name]], name
    assert listed.findings == unlisted.findings
    assert "confirmed" in set(listed.column("status")) and len(listed.findings["check"])
