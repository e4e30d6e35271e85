"""Attribute corrections are review actions: audited with old and new values and a reason,
back to the checker, and the value the server gets; a value changed outside the review is
refused at publishing, naming the point."""
from __future__ import annotations

import json
import sqlite3

import pytest
from diachi_geo.cli import main
from diachi_geo.errors import InputError
from diachi_geo.publish import client_for, plan
from diachi_geo.session import Session, SessionError, WorkFilter
from diachi_geo.session.gpkgsql import connect
from diachi_geo.text import is_blank
from publishing import TOKEN, profile, publish, server_features


@pytest.fixture(autouse=True)
def token(monkeypatch):
    monkeypatch.setenv("DIACHI_TEST_TOKEN", TOKEN)


def test_a_correction_is_audited_checked_and_published(wfst, session, reviewed):
    fid = reviewed[1][0]
    with Session(session, "an") as s:
        point_id = s.point(fid).point_id
        old_name = s.point(fid).attributes["name"]
        s.edit_attributes(fid, {"name": "  Nhà văn hóa thôn Đông "},
                          "sign at the gate reads so")
        point = s.point(fid)
        history = s.history(fid)
    assert point.attributes["name"] == "Nhà văn hóa thôn Đông"
    assert point.review["status"] == "corrected"  # was confirmed: back to the checker
    edit = history[-1]
    assert (edit["action"], edit["reason"], edit["old_status"]) == \
        ("edit_attributes", "sign at the gate reads so", "confirmed")
    assert json.loads(edit["old_values"])["attr:name"] == old_name
    assert json.loads(edit["new_values"])["attr:name"] == "Nhà văn hóa thôn Đông"
    url = wfst()
    dry = plan(session, profile(url), client_for(profile(url)))
    assert dry.counts()["new"] == 59  # not confirmed again: not sent
    with Session(session, "an") as s, pytest.raises(SessionError, match="maker-checker"):
        s.confirm(fid)
    with Session(session, "binh") as s:
        s.confirm(fid)
    _, report = publish(session, profile(url))
    assert report["failed"] == [] and report["verified"] == 60
    names = {f["properties"]["diachi_id"]: f["properties"]["name"]
             for f in server_features(url)}
    conn = sqlite3.connect(session)
    publish_id = conn.execute("SELECT publish_id FROM review WHERE point_id = ?",
                              (str(point_id),)).fetchone()[0]
    assert names[publish_id] == "Nhà văn hóa thôn Đông"


def test_an_unaudited_change_is_refused_with_the_points_id(wfst, session, reviewed):
    fid = reviewed[1][3]
    conn = connect(session)  # a GeoPackage writer, as QGIS or ogr2ogr would be
    point_id = conn.execute("SELECT point_id FROM review WHERE fid = ?", (fid,)).fetchone()[0]
    conn.execute("UPDATE points SET name = 'Tên sửa tay' WHERE fid = ?", (fid,))
    conn.commit()
    conn.close()
    url = wfst()
    with pytest.raises(InputError, match=f"outside the review.*{point_id}"):
        publish(session, profile(url))
    assert server_features(url) == []  # nothing was sent
    with Session(session, "an") as s:  # an audited correction makes it publishable again
        s.edit_attributes(fid, {"name": "Tên đúng"}, "checked on site")
    with Session(session, "binh") as s:
        s.confirm(fid)
    _, report = publish(session, profile(url))
    assert report["verified"] == 60


@pytest.mark.parametrize("values, reason, message", [
    ({"owner_phone": "0912"}, "x", "cannot be corrected"),
    ({"name": "x"}, " ", "give a reason"),
    ({"name": 3.5}, "x", "give text"),
    ({"house_number": "12"}, "x", "no house_number field"),  # the sample has none
])
def test_bad_corrections_say_what_is_wrong(session, reviewed, values, reason, message):
    with Session(session, "an") as s, pytest.raises(SessionError, match=message):
        s.edit_attributes(reviewed[1][0], values, reason)


def test_a_correction_that_changes_nothing_is_refused(session, reviewed):
    with Session(session, "an") as s:
        name = s.point(reviewed[1][0]).attributes["name"]
        with pytest.raises(SessionError, match="nothing to correct"):
            s.edit_attributes(reviewed[1][0], {"name": name}, "same")
        with pytest.raises(SessionError, match="no point with fid 999999"):
            s.edit_attributes(999999, {"name": "x"}, "why")


def test_the_cli_corrects_a_point(session, reviewed, capsys):
    conn = sqlite3.connect(session)
    point_id = conn.execute("SELECT point_id FROM review WHERE fid = ?",
                            (reviewed[1][0],)).fetchone()[0]
    conn.close()
    assert main(["session", "edit", session, "--point", str(point_id), "--set",
                 "address=Số 5, thôn Đông", "--reason", "house number missing",
                 "--user", "an"]) == 0
    out = capsys.readouterr().out
    assert "Số 5, thôn Đông" in out and "confirmed -> corrected" in out
    assert main(["session", "edit", session, "--point", "nope", "--set", "name=x",
                 "--reason", "r"]) == 2


def test_the_sessions_categories_are_the_choices_of_the_correction_form(session):
    with Session(session, "an") as s:
        column = s.meta["fields"]["category"]
        categories = s.field_values("category")
        stored = {s.point(int(f)).attributes[column] for f in s.worklist(WorkFilter())}
        assert categories == sorted({str(c) for c in stored if not is_blank(c)})
        assert len(categories) > 1 and s.field_values("house_number") == []  # none mapped


def test_the_audit_digest_is_the_one_earlier_sessions_stored():
    """Sessions keep digests made as sha1(json.dumps([x, y, [str(v)...]])); the faster
    digest must give the same text, or every point of an older session looks edited."""
    import hashlib
    import math
    import struct

    from diachi_geo.session.audited import digest

    def stored(blob, values):
        x, y = struct.unpack_from("<dd", blob, 13) if blob else (math.nan, math.nan)
        text = json.dumps([round(x, 7) if math.isfinite(x) else None,
                           round(y, 7) if math.isfinite(y) else None,
                           [str(v) for v in values]], ensure_ascii=False)
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    blob = b"GP\x00\x01\xe6\x10\x00\x00\x01\x01\x00\x00\x00" + struct.pack(
        "<dd", 105.77712345678, 19.8000000049)
    odd = [None, 7, 2.5, math.nan, 'say "hi"\\\n\x01\t', "Đặng Thị Thúy", "Thủy", b"\x00x",
           True, 10**20, -0.0, 1e-9, ""]
    for values in ([], odd, odd[::-1], ["Số 12/3 ngõ 5"]):
        for b in (blob, None, b""):
            assert digest(b, values) == stored(b, values)
            assert digest(b, tuple(values)) == digest(b, values)
