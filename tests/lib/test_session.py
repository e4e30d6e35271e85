"""Review sessions on the bundled sample: copy-in, actions, maker-checker, undo, locks,
re-validation and crash safety, on real GeoPackage files."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys

import pyogrio
import pyogrio.raw
import pytest
from diachi_geo.errors import InputError, OutputError
from diachi_geo.session import Session, SessionError, WorkFilter, create_session, revalidate
from helpers import checksum

KINDS = ("communes", "buildings", "roads", "water", "entrances")


@pytest.fixture(scope="module")
def built(sample, tmp_path_factory):
    out = tmp_path_factory.mktemp("session") / "built.gpkg"
    before = checksum(sample)
    counts = create_session(f"{sample}|layername=points", str(out), user="an",
                            references={k: f"{sample}|layername={k}" for k in KINDS})
    assert checksum(sample) == before, "the input must stay byte-identical"
    return out, counts


@pytest.fixture
def session_path(built, tmp_path):
    path = tmp_path / "session.gpkg"
    shutil.copy(built[0], path)
    return str(path)


def flagged(path, check):
    with Session(path, "reader", read_only=True) as s:
        return [int(f) for f in s.worklist(WorkFilter(checks=(check,)))]


def test_copy_holds_every_point_and_field(built, sample):
    path, counts = built
    meta, _, _, source = pyogrio.raw.read(sample, layer="points", read_geometry=False)
    meta2, _, _, copy = pyogrio.raw.read(path, layer="points", read_geometry=False)
    assert counts["points"] == len(source[0]) == len(copy[0])
    assert list(meta2["fields"]) == [*meta["fields"], "review_status"]
    for name, a, b in zip(meta["fields"], source, copy):
        assert list(a) == list(b), name
    assert set(copy[-1]) == {"new"}
    info = {layer for layer, _ in pyogrio.list_layers(path)}
    assert {"points", "findings", "suggestions", "moves", "review", "audit"} <= info
    with Session(str(path), "reader", read_only=True) as s:
        assert len(s.worklist(WorkFilter(flagged_only=True))) == counts["flagged"] > 0
        findings = pyogrio.read_info(path, layer="findings")["features"]
        assert findings == counts["findings"]


def test_worklist_filters_and_counts(session_path, truth):
    with Session(session_path, "an") as s:
        everything = s.worklist()
        snaps = s.worklist(WorkFilter(checks=("snap",)))
        errors = s.worklist(WorkFilter(severity="error"))
        assert len(everything) == len(truth["point_id"])
        assert 0 < len(snaps) < len(everything) and 0 < len(errors) < len(everything)
        for fid in snaps[:20]:
            assert "snap" in {f["check"] for f in s.point(int(fid)).findings}
        commune = s.distinct("commune_code")[0]
        in_commune = s.worklist(WorkFilter(communes=(commune,)))
        assert {s.point(int(f)).attributes["commune_code"] for f in in_commune[:50]} == {commune}
        # review order walks one commune before the next
        communes = [s.point(int(f)).attributes["commune_code"] for f in everything]
        changes = sum(1 for a, b in zip(communes, communes[1:]) if a != b)
        assert changes < len(set(communes)) + 1
        assert s.counts() == {"new": len(everything)}


def test_approve_then_a_second_person_confirms(session_path):
    fid = flagged(session_path, "snap")[0]
    with Session(session_path, "an") as s:
        s.approve(fid)
        with pytest.raises(SessionError, match="another person"):
            s.confirm(fid)
    with Session(session_path, "binh") as checker:
        result = checker.confirm(fid)
        assert result.statuses == [(fid, "approved", "confirmed")]
        review = checker.point(fid).review
        assert (review["reviewed_by"], review["checked_by"]) == ("an", "binh")
    with Session(session_path, "an") as s, pytest.raises(SessionError, match="confirmed"):
        s.approve(fid)


def test_move_updates_geometry_spatial_index_status_and_audit(session_path):
    fid = flagged(session_path, "snap")[0]
    with Session(session_path, "an") as s:
        before = s.point(fid)
        s.accept_suggestion(fid)
        after = s.point(fid)
        suggestion = before.suggestion()
        assert (after.x, after.y) == (suggestion["suggested_x"], suggestion["suggested_y"])
        assert after.review["status"] == "corrected"
        (row,) = s.history(fid)
        assert (row["old_x"], row["new_x"], row["action"]) == (before.x, after.x,
                                                               "accept_suggestion")
    # the GeoPackage stays valid for GDAL/QGIS: its spatial index finds the new location
    box = (after.x - 1e-7, after.y - 1e-7, after.x + 1e-7, after.y + 1e-7)
    meta, fids, _, values = pyogrio.raw.read(session_path, layer="points", bbox=box,
                                             return_fids=True)
    status = dict(zip(meta["fields"], values))["review_status"]
    assert fid in fids.tolist() and status[fids.tolist().index(fid)] == "corrected"
    conn = sqlite3.connect(session_path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_reject_needs_a_reason(session_path):
    fid = flagged(session_path, "snap")[0]
    with Session(session_path, "an") as s:
        with pytest.raises(SessionError, match="reason"):
            s.reject(fid, "  ")
        s.reject(fid, "not a real place")
        assert s.point(fid).review["reason"] == "not a real place"


def test_undo_survives_reopening_and_refuses_over_someone_elses_change(session_path):
    first, second = flagged(session_path, "snap")[:2]
    with Session(session_path, "an") as s:
        before = s.point(first)
        s.accept_suggestion(first)
        s.needs_field_check(second)
    with Session(session_path, "an") as s:
        assert s.undo().statuses == [(second, "needs_field_check", "new")]
        assert s.undo().statuses == [(first, "corrected", "new")]
        restored = s.point(first)
        assert (restored.x, restored.y) == (before.x, before.y)
        assert s.undo() is None
        s.approve(first)
    with Session(session_path, "binh") as checker:
        checker.return_for_review(first, "check the gate")
    with Session(session_path, "an") as s, pytest.raises(SessionError, match="changed"):
        s.undo()


def test_merge_rejects_the_others_and_copies_missing_fields(session_path):
    with Session(session_path, "an") as s:
        group_id = next(g for (g,) in s._conn.execute(
            "SELECT group_id FROM review WHERE group_id IS NOT NULL"))
        members = s.group(group_id)
        assert len(members) >= 2
        keeper, *others = members
        s._conn.execute('UPDATE points SET digital_code = NULL WHERE fid = ?', (keeper,))
        s._conn.execute('UPDATE points SET digital_code = ? WHERE fid = ?', ("TH-1", others[0]))
        keeper_id = s.point(keeper).point_id
        result = s.merge(keeper, others, copy_fields=["digital_code"])
        assert {st for _, _, st in result.statuses} == {"corrected", "rejected"}
        assert s.point(keeper).attributes["digital_code"] == "TH-1"
        for fid in others:
            review = s.point(fid).review
            assert (review["status"], review["duplicate_of"]) == ("rejected", keeper_id)
        s.undo()
        assert s.point(keeper).attributes["digital_code"] is None
        assert {s.point(f).review["status"] for f in members} == {"new"}


def test_dismissal_survives_revalidation_unless_the_point_changes(session_path):
    kept, moved = flagged(session_path, "snap")[:2]
    with Session(session_path, "an") as s:
        for fid in (kept, moved):
            key = next(f["key"] for f in s.point(fid).findings if f["check"] == "snap")
            s.dismiss(fid, key, "the gate is on the side street")
            assert "snap" not in s.point(fid).review["open_checks"]
        s.move(moved, s.point(moved).x + 0.0003, s.point(moved).y)
        counts = revalidate(s)
        assert counts["dismissed_kept"] == 1
        assert [f["dismissed"] for f in s.point(kept).findings if f["check"] == "snap"] == [True]
        assert "snap" not in s.point(kept).review["open_checks"]
        assert all(not f["dismissed"] for f in s.point(moved).findings)


def test_second_process_opens_read_only_and_is_told_who_has_it(session_path):
    code = ("import sys; from diachi_geo.session import Session; "
            "s = Session(sys.argv[1], 'binh'); "
            "print(s.read_only, s.lock_holder.user if s.lock_holder else '')")
    with Session(session_path, "an") as s:
        out = subprocess.run([sys.executable, "-c", code, session_path], check=True,
                             capture_output=True, text=True).stdout.split()
        assert out == ["True", "an"]
        fid = flagged(session_path, "snap")[0]
        s.approve(fid)
    out = subprocess.run([sys.executable, "-c", code, session_path], check=True,
                         capture_output=True, text=True).stdout.split()
    assert out == ["False"]


def test_read_only_session_refuses_changes_with_the_holder_named(session_path):
    with Session(session_path, "an"):
        other = Session(session_path, "binh")
        try:
            assert other.read_only and other.lock_holder.user == "an"
            with pytest.raises(SessionError, match="opened by an"):
                other.approve(1)
        finally:
            other.close()


KILLED_WORKER = """
import sys
from diachi_geo.session import Session
s = Session(sys.argv[1], "an")
for fid in [int(f) for f in s.worklist()]:
    point = s.point(fid)
    if point.x == point.x:
        s.move(fid, point.x + 1e-6, point.y)
"""


def test_killed_mid_save_leaves_whole_actions_only(session_path):
    """DIACHI_FAULT (diachi_geo.faults) kills the worker inside its sixth move's
    transaction: the changes and audit rows written, the commit not yet."""
    saved = 5
    worker = subprocess.run([sys.executable, "-c", KILLED_WORKER, session_path],
                            env={**os.environ, "DIACHI_FAULT": f"session.commit@{saved + 1}"})
    assert worker.returncode == -signal.SIGKILL
    # the kill landed mid-transaction: SQLite's rollback journal was left behind (hot)
    assert os.path.getsize(session_path + "-journal") > 0
    conn = sqlite3.connect(session_path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # the five saved moves are whole, the sixth is gone without a trace
    assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] == saved
    # every saved action has its audit row and every audit row its change: status, the
    # status mirror used for styling and the location agree for each point
    rows = conn.execute("SELECT r.fid, r.status, p.review_status, "
                        "(SELECT count(*) FROM audit a WHERE a.fid = r.fid) "
                        "FROM review r JOIN points p ON p.fid = r.fid").fetchall()
    assert sum(status == "corrected" for _, status, _, _ in rows) == saved
    for fid, status, mirror, audits in rows:
        assert status == mirror
        assert (status == "corrected") == (audits > 0), fid
    with Session(session_path, "binh") as s:  # the killed holder's lock is taken over
        assert not s.read_only
        for fid, new_x in conn.execute("SELECT fid, new_x FROM audit").fetchall():
            assert s.point(fid).x == new_x


def test_existing_session_is_never_overwritten(built, sample, tmp_path):
    path = tmp_path / "s.gpkg"
    shutil.copy(built[0], path)
    before = checksum(path)
    with pytest.raises(OutputError, match="resume"):
        create_session(f"{sample}|layername=points", str(path))
    with pytest.raises(OutputError, match="also an input"):
        create_session(f"{sample}|layername=points", str(sample))
    assert checksum(path) == before


def test_opening_something_else_says_so(sample):
    with pytest.raises(InputError, match="not a diachi review session"):
        Session(str(sample), "an", read_only=True)


def test_session_remembers_where_each_user_was(session_path):
    with Session(session_path, "an") as s:
        s.remember_point(42)
    with Session(session_path, "an") as s:
        assert s.resume_point() == 42
    with Session(session_path, "binh") as s:
        assert s.resume_point() is None
    conn = sqlite3.connect(session_path)
    meta = dict(conn.execute("SELECT key, value FROM session_meta"))
    assert json.loads(meta["fields"])["name"] == "name"


def test_cli_creates_a_session_and_prints_progress(sample, truth, tmp_path, capsys):
    from diachi_geo.cli import main

    out = tmp_path / "s.gpkg"
    assert main(["session", "create", f"{sample}|layername=points", "--out", str(out),
                 "--communes", f"{sample}|layername=communes", "--user", "an"]) == 0
    n = len(truth["point_id"])
    assert f"{n} points" in capsys.readouterr().out
    with Session(str(out), "an") as s:
        s.approve(int(s.worklist()[0]))
    assert main(["session", "status", str(out), "--by", "commune_code"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].split("\t")[:3] == ["commune_code", "new", "approved"]
    rows = [line.split("\t") for line in lines[1:]]
    assert sum(int(r[2]) for r in rows) == 1 and sum(int(r[-1]) for r in rows) == n
    assert main(["session", "create", f"{sample}|layername=points", "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_original_location_is_known_after_a_move_and_forgotten_after_undo(session_path):
    fid = flagged(session_path, "snap")[0]
    with Session(session_path, "an") as s:
        before = s.point(fid)
        assert s.original_location(fid) is None
        s.accept_suggestion(fid)
        s.move(fid, before.x + 1e-5, before.y)
        assert s.original_location(fid) == (before.x, before.y)
        s.undo()
        s.undo()
        assert s.original_location(fid) is None


def test_new_publish_ids_are_distinct_version_4_uuids():
    import uuid

    from diachi_geo.session.build import new_uuids

    ids = new_uuids(20_000)
    assert len(set(ids)) == 20_000
    for text in ids[:500]:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant, str(parsed)) == (4, uuid.RFC_4122, text)
    assert new_uuids(0) == []


def test_point_and_publish_ids_stay_unique_in_the_review_table(session_path):
    """The unique indexes are built after the rows (faster); they must still refuse a
    second row with a point's id or publish id, as the table's own constraints did."""
    import sqlite3

    conn = sqlite3.connect(session_path)
    point_id, publish_id = conn.execute("SELECT point_id, publish_id FROM review "
                                        "LIMIT 1").fetchone()
    row = "INSERT INTO review (fid, point_id, position, publish_id, worst_severity) " \
          "VALUES (?, ?, 0, ?, 3)"
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(row, (10**9, point_id, "another"))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(row, (10**9, "another", publish_id))
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                        "tbl_name = 'review'").fetchone()[0] == 5
    conn.close()
