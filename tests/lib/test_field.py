"""Field checks on the bundled sample: a QField package out, the visits back in (audit,
photos with checksums, conflicts, idempotence), on real GeoPackage and MBTiles files."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3

import pyogrio
import pytest
from diachi_geo.errors import InputError, OutputError
from diachi_geo.field import field_counts, field_export, field_import, open_conflicts
from diachi_geo.field.form import visit_fields
from diachi_geo.session import Session, create_session
from diachi_geo.session.gpkgsql import connect, point_blob
from helpers import checksum, write_mbtiles
from PIL import Image

KINDS = ("communes", "buildings", "roads", "water", "entrances")
SAMPLE_AREA = (105.70, 19.74, 105.78, 19.81)  # wider than the sample's commune


@pytest.fixture(scope="module")
def world(sample, tmp_path_factory):
    """The sample copied beside photos of its first points, a session built from it and
    imagery of the whole district."""
    root = tmp_path_factory.mktemp("field")
    data = root / "collected.gpkg"
    shutil.copy(sample, data)
    (root / "photos").mkdir()
    for number in range(1, 41):
        Image.new("RGB", (64, 48), (number * 5, 90, 60)).save(root / "photos" / f"{number}.jpg")
    session = root / "built.gpkg"
    create_session(f"{data}|layername=points", str(session), user="an",
                   references={k: f"{data}|layername={k}" for k in KINDS})
    imagery = write_mbtiles(root / "district.mbtiles", SAMPLE_AREA, range(12, 18))
    return {"root": root, "data": data, "session": session, "imagery": imagery}


@pytest.fixture
def session_path(world, tmp_path):
    path = tmp_path / "session.gpkg"
    shutil.copy(world["session"], path)
    return str(path)


def mark(path: str, count: int, *, commune: str | None = None) -> list[int]:
    """Mark the first ``count`` points with a photo (ids 1..40) as needing a field check."""
    with Session(path, "an") as s:
        fids = [s.fid_of(i) for i in range(1, 41)]
        fids = [f for f in fids if f is not None][:count]
        for fid in fids:
            s.needs_field_check(fid, "cannot see the gate on the imagery")
    return fids


def visits(package) -> dict[str, dict]:
    meta, _, _, values = pyogrio.raw.read(package / "diachi_field.gpkg", layer="visits",
                                          read_geometry=False)
    rows = [dict(zip(meta["fields"], row)) for row in zip(*values)]
    return {row["point_id"]: row for row in rows}


def edit(package, point_id: str, **values) -> None:
    """Change one feature of the package's visits layer as the phone would."""
    conn = connect(str(package / "diachi_field.gpkg"))
    if "xy" in values:
        x, y = values.pop("xy")
        conn.execute("UPDATE visits SET geom = ? WHERE point_id = ?",
                     (point_blob(x, y), point_id))
    for name, value in values.items():
        conn.execute(f"UPDATE visits SET {name} = ? WHERE point_id = ?", (value, point_id))
    conn.close()


def test_export_writes_a_folder_qfield_opens_without_personal_data(world, session_path,
                                                                   tmp_path):
    fids = mark(session_path, 6)
    before = checksum(world["data"]), checksum(world["imagery"])
    out = tmp_path / "to-phone"
    with Session(session_path, "an") as s:
        counts = field_export(s, str(out), assignee="ctv07", imagery=str(world["imagery"]))
    assert checksum(world["data"]) == before[0] and checksum(world["imagery"]) == before[1]
    assert counts["points"] == 6 and counts["photos"] == 6 and counts["photos_missing"] == 0
    assert counts["buildings"] > 20 and counts["roads"] > 0
    assert sorted(os.listdir(out)) == ["DCIM", "diachi_field.gpkg", "diachi_field.qgs",
                                       "imagery.mbtiles", "manifest.json", "photos"]
    layers = {name for name, _ in pyogrio.list_layers(out / "diachi_field.gpkg")}
    assert layers == {"visits", "entrances", "buildings", "roads"}
    fields = list(pyogrio.read_info(out / "diachi_field.gpkg", layer="visits")["fields"])
    assert fields == [f.name for f in visit_fields()]
    assert not {"owner_name", "owner_phone", "owner_email"} & set(fields)
    text = (out / "diachi_field.gpkg").read_bytes()
    assert b"@example.vn" not in text  # no owner's email anywhere in the data
    rows = visits(out)
    assert len(rows) == 6 and len({r["point_uuid"] for r in rows.values()}) == 6
    for row in rows.values():
        assert row["findings"] and "cannot see the gate" in row["findings"]
        assert row["visited_by"] == "ctv07" and row["outcome"] is None
        assert (out / row["photo"]).is_file() and row["photo"].startswith("photos/")
    # the imagery is cut to the area: fewer tiles than the district, small for a phone
    source_tiles = sqlite3.connect(world["imagery"]).execute(
        "SELECT count(*) FROM tiles").fetchone()[0]
    assert 0 < counts["imagery_tiles"] < source_tiles and counts["imagery_mb"] > 0
    assert counts["size_mb"] < 50
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"]["diachi_field.gpkg"]["bytes"] == \
        os.path.getsize(out / "diachi_field.gpkg")
    with Session(session_path, "an", read_only=True) as s:
        assert field_counts(session_path, "assignee") == {"ctv07": {"sent": 6, "returned": 0,
                                                               "out": 6}}
        assert {s.point(f).review["status"] for f in fids} == {"needs_field_check"}
    # a second export with the same uuids: stable for the same point
    with Session(session_path, "an") as s:
        field_export(s, str(tmp_path / "again"), assignee="ctv07")
    assert {r["point_uuid"] for r in visits(tmp_path / "again").values()} == \
        {r["point_uuid"] for r in rows.values()}


def test_owner_data_only_when_asked(session_path, tmp_path):
    mark(session_path, 2)
    with Session(session_path, "an") as s:
        field_export(s, str(tmp_path / "p"), include_owner=True, lang="en")
    row = next(iter(visits(tmp_path / "p").values()))
    assert row["owner_phone"] and row["owner_email"].endswith("@example.vn")


def test_export_refuses_a_used_folder_and_an_empty_worklist(session_path, tmp_path):
    with Session(session_path, "an") as s:
        with pytest.raises(InputError, match="no points needing a field check"):
            field_export(s, str(tmp_path / "p"))
    mark(session_path, 1)
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "field work.txt").write_text("do not lose me")
    with Session(session_path, "an") as s:
        with pytest.raises(OutputError, match="not an empty folder"):
            field_export(s, str(tmp_path / "used"))
        assert s.worklist().size  # nothing recorded
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".")]  # no leftovers


def test_points_out_with_someone_else_are_left_out(session_path, tmp_path):
    mark(session_path, 3)
    with Session(session_path, "an") as s:
        field_export(s, str(tmp_path / "a"), assignee="ctv01")
        with pytest.raises(InputError, match="3 are out with someone else"):
            field_export(s, str(tmp_path / "b"), assignee="ctv02")
        assert field_export(s, str(tmp_path / "c"), assignee="ctv02", resend=True)[
            "points"] == 3


def audit_rows(path: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT * FROM audit ORDER BY id").fetchall()
    finally:
        conn.close()


def test_visits_come_back_audited_conflicts_kept_and_a_second_import_is_a_no_op(
        session_path, tmp_path):
    fids = mark(session_path, 3)
    package = tmp_path / "phone"
    with Session(session_path, "an") as s:
        field_export(s, str(package), assignee="ctv07")
        moved, gone, changed = (s.point(f) for f in fids)
    # on the phone: one place moved with a new photo, one not found, one found as it is
    Image.new("RGB", (32, 32), (10, 200, 10)).save(package / "DCIM" / "visit.jpg")
    edit(package, str(moved.point_id), outcome="moved", corrected_name="Tạp hóa Minh Châu",
         new_photo="DCIM/visit.jpg", visited_at="2026-03-02T09:15:00",
         xy=(moved.x + 0.0002, moved.y + 0.0001))
    edit(package, str(gone.point_id), outcome="not_found", note="Không có nhà này")
    edit(package, str(changed.point_id), outcome="found", visited_by="ctv09")
    package_before = checksum(package / "diachi_field.gpkg")
    # meanwhile in the office, someone decides the third point from new imagery
    with Session(session_path, "binh") as s:
        s.approve(changed.fid)
    with Session(session_path, "an") as s:
        counts = field_import(s, str(package))
        assert (counts["visits"], counts["conflicts"], counts["already"]) == (2, 1, 0)
        assert counts["moved"] == counts["not_found"] == counts["photos"] == 1
        after_moved, after_gone, after_changed = (s.point(f) for f in fids)
        assert after_moved.review["status"] == "corrected"
        assert after_moved.review["reviewed_by"] == "ctv07"
        assert after_moved.attributes["name"] == "Tạp hóa Minh Châu"
        assert after_moved.x == pytest.approx(moved.x + 0.0002)
        history = s.history(moved.fid)[-1]
        assert (history["action"], history["user"]) == ("field_visit", "ctv07")
        assert json.loads(history["old_values"])["attr:name"] == moved.attributes["name"]
        assert (history["old_x"], history["new_x"]) == (moved.x, after_moved.x)
        photo = after_moved.attributes["photo"]
        assert os.path.dirname(photo) == os.path.join(os.path.dirname(session_path),
                                                      "session-photos")
        row = sqlite3.connect(session_path).execute(
            "SELECT photo, photo_sha256, visited_at FROM field_visits WHERE fid = ?",
            (moved.fid,)).fetchone()
        assert row[0] == photo and row[1] == checksum(photo) and row[2].startswith("2026-03")
        assert (after_gone.review["status"], after_gone.review["reason"]) == \
            ("rejected", "field_check:not_found")
        # the office's decision stands; both versions wait for an officer
        assert after_changed.review["status"] == "approved"
        conflicts = open_conflicts(session_path)
        assert [c["fid"] for c in conflicts] == [changed.fid]
        assert conflicts[0]["session_version"]["status"] == "approved"
        assert conflicts[0]["session_version"]["last_change"]["user"] == "binh"
        assert conflicts[0]["field_version"]["outcome"] == "found"
        assert field_counts(session_path, "assignee")["ctv07"] == {"sent": 3, "returned": 3,
                                                              "out": 0}
    assert checksum(package / "diachi_field.gpkg") == package_before  # only read
    audit, photos = audit_rows(session_path), sorted(os.listdir(os.path.dirname(photo)))
    with Session(session_path, "an") as s:
        again = field_import(s, str(package))
    assert (again["visits"], again["conflicts"], again["already"]) == (0, 0, 3)
    assert audit_rows(session_path) == audit
    assert sorted(os.listdir(os.path.dirname(photo))) == photos
    with Session(session_path, "an", read_only=True) as s:
        assert len(open_conflicts(session_path)) == 1


def test_a_package_goes_back_only_into_its_own_session(world, session_path, tmp_path):
    mark(session_path, 1)
    with Session(session_path, "an") as s:
        field_export(s, str(tmp_path / "p"))
    other = tmp_path / "other.gpkg"
    create_session(f"{world['data']}|layername=points", str(other), user="binh")
    with Session(str(other), "binh") as s:
        with pytest.raises(InputError, match="another session"):
            field_import(s, str(tmp_path / "p"))
    with Session(session_path, "an") as s:
        with pytest.raises(InputError, match="not a diachi field package"):
            field_import(s, str(tmp_path))


def test_cli_round_trip_in_words(world, session_path, tmp_path, capsys, monkeypatch):
    from diachi_geo.cli import main

    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    fids = mark(session_path, 2)
    out = tmp_path / "pkg"
    commune = "15000"
    assert main(["session", "field-export", session_path, "--out", str(out), "--commune",
                 commune, "--assignee", "ctv07", "--imagery", str(world["imagery"]),
                 "--user", "an"]) == 0
    printed = capsys.readouterr().out
    assert "2 points to check in the field" in printed and "MB in all" in printed
    with Session(session_path, "an", read_only=True) as s:
        first = s.point(fids[0])
    edit(out, str(first.point_id), outcome="not_found")
    assert main(["session", "field-import", session_path, str(out), "--user", "an"]) == 0
    printed = capsys.readouterr().out
    assert f"{first.point_id}\tNot found" in printed and "1 visits recorded" in printed
    assert main(["session", "field-import", session_path, str(out)]) == 0
    assert "0 visits recorded, 0 new conflicts, 1 already imported" in capsys.readouterr().out
    assert main(["session", "field-export", session_path, "--out", str(out)]) == 2
    assert "not an empty folder" in capsys.readouterr().err


def test_progress_report_counts_points_sent_returned_and_out(session_path, tmp_path):
    from diachi_geo.report import write_progress
    from diachi_geo.report.data import read_session

    fids = mark(session_path, 4)
    with Session(session_path, "an") as s:
        field_export(s, str(tmp_path / "a"), assignee="ctv07")
        gone = s.point(fids[0])
    edit(tmp_path / "a", str(gone.point_id), outcome="closed")
    with Session(session_path, "an") as s:
        field_import(s, str(tmp_path / "a"))
    out = tmp_path / "progress.xlsx"
    tables = write_progress(read_session(session_path), str(out), html=str(tmp_path / "p.html"))
    commune = next(r for r in tables["units"] if r["unit"] == gone.attributes["commune_code"])
    assert (commune["field_sent"], commune["field_returned"], commune["field_out"]) == (4, 1, 3)
    assert sum(r["field_sent"] for r in tables["units"]) == 4
    assert tables["field"] == [{"assignee": "ctv07", "field_sent": 4, "field_returned": 1,
                                "field_out": 3}]
    assert "field" in {name for name, _ in pyogrio.list_layers(out)}
    assert "Still out" in (tmp_path / "p.html").read_text(encoding="utf-8")
