"""Publishing to real servers started on 127.0.0.1: QGIS Server (WFS-T) behind a token
gate, and pygeoapi (OGC API - Features Part 4). Server contents are checked by reading them
back, never by trusting the client."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

import pytest
import requests
from diachi_geo.errors import ConfigError
from diachi_geo.publish import Auth, AuthError, PublishError, client_for, execute, plan
from diachi_geo.session import Session
from publishing import TOKEN, expected_ids, profile, publish, server_features


@pytest.fixture(autouse=True)
def token(monkeypatch):
    monkeypatch.setenv("DIACHI_TEST_TOKEN", TOKEN)

def test_publish_then_republish_after_edits_gives_exactly_the_expected_contents(
        wfst, session, reviewed):
    _, confirmed, unconfirmed = reviewed
    url = wfst()
    prof = profile(url, sectors={"health": "health"})
    dry = plan(session, prof, client_for(prof))
    assert dry.counts() == {"new": 60, "changed": 0, "unchanged": 0, "delete": 0}
    assert server_features(url) == []  # a dry run sends nothing
    _, report = publish(session, prof)
    assert (report["sent"], report["verified"], report["failed"]) == (60, 60, [])
    held = server_features(url) + server_features(url, "health")
    assert sorted(f["properties"]["diachi_id"] for f in held) == \
        sorted(expected_ids(session, confirmed))
    assert not any(f["properties"].get("owner_phone") for f in held)  # personal data stays
    assert {f["properties"]["name"] for f in server_features(url, "health")} <= \
        {f["properties"]["name"] for f in held}
    # edits: one point moved (returned, corrected, confirmed again), one withdrawn
    moved, withdrawn = confirmed[0], confirmed[1]
    with Session(session, "binh") as s:
        s.return_for_review(moved, "gate is across the road")
        s.return_for_review(withdrawn, "closed")
    with Session(session, "an") as s:
        point = s.point(moved)
        s.move(moved, point.x + 0.0001, point.y)
        s.reject(withdrawn, "closed down")
    with Session(session, "binh") as s:
        s.confirm(moved)
        s.confirm(withdrawn)
    again, report = publish(session, prof, delete_withdrawn=True)
    assert again.counts() == {"new": 0, "changed": 1, "unchanged": 58, "delete": 1}
    assert report["failed"] == [] and report["deleted"] == 1
    held = server_features(url) + server_features(url, "health")
    assert sorted(f["properties"]["diachi_id"] for f in held) == \
        sorted(expected_ids(session, [f for f in confirmed if f != withdrawn]))
    new_place = next(f for f in held
                     if f["properties"]["diachi_id"] == expected_ids(session, [moved]).pop())
    assert new_place["geometry"]["coordinates"][0] == pytest.approx(point.x + 0.0001, abs=1e-6)
    third, _ = publish(session, prof, delete_withdrawn=True)
    assert third.counts() == {"new": 0, "changed": 0, "unchanged": 59, "delete": 0}


def test_personal_fields_leave_only_when_named(wfst, session):
    url = wfst()
    prof = profile(url, fields={"diachi_id": "publish_id", "name": "name",
                                "owner_phone": "owner_phone"})
    publish(session, prof)
    assert not any(f["properties"].get("owner_phone") for f in server_features(url))
    url2 = wfst()
    publish(session, profile(url2, fields=prof.fields), include_personal=("owner_phone",))
    assert sum(1 for f in server_features(url2) if f["properties"].get("owner_phone")) > 30


def test_wrong_and_expired_tokens_are_refused_without_sending(wfst, session, monkeypatch):
    url = wfst(TEST_EXPIRED_TOKEN="old-token")
    monkeypatch.setenv("DIACHI_TEST_TOKEN", "wrong")
    with pytest.raises(AuthError, match="refused the credentials") as refused:
        publish(session, profile(url))
    assert "wrong" not in str(refused.value)  # the secret is never in a message
    monkeypatch.setenv("DIACHI_TEST_TOKEN", "old-token")
    with pytest.raises(AuthError, match="expired"):
        publish(session, profile(url))
    monkeypatch.setenv("DIACHI_TEST_TOKEN", TOKEN)
    assert server_features(url) == []


def test_a_500_in_the_middle_is_retried(wfst, session):
    url = wfst(TEST_FAIL_TRANSACTION="2")
    slept = []
    prof = profile(url)
    from diachi_geo.publish.http import Http

    client = client_for(prof, Http(prof, sleep=slept.append))
    report = execute(plan(session, prof, client), client, session)
    assert report["verified"] == 60 and slept == [1.0]
    assert len(server_features(url)) == 60


def test_a_failed_batch_stops_the_run_and_the_next_run_resumes(wfst, session):
    url = wfst(TEST_FAIL_TRANSACTION="2")
    prof = profile(url, retries=0)
    with pytest.raises(PublishError, match="HTTP 500"):
        publish(session, prof)
    assert len(server_features(url)) == 25  # the first batch, verified
    conn = sqlite3.connect(session)
    assert conn.execute("SELECT state FROM publish_runs").fetchall() == [("failed",)]
    again, report = publish(session, prof)
    assert again.counts()["unchanged"] == 25 and report["verified"] == 35
    assert len(server_features(url)) == 60  # nothing lost, nothing doubled


def test_a_killed_publisher_resumes_without_doubles(wfst, session, reviewed, tmp_path):
    """DIACHI_FAULT (diachi_geo.faults) kills the publisher after the server took its third
    batch, while the journal's record of it is written but not committed."""
    _, confirmed, _ = reviewed
    url = wfst()
    profiles = tmp_path / "publish.toml"
    profiles.write_text(f'[profiles.test]\nurl = "{url}"\nprotocol = "wfst"\n'
                        'type_name = "addresses"\nbatch_size = 5\n'
                        '[profiles.test.auth]\nkind = "bearer"\nenv = "DIACHI_TEST_TOKEN"\n')
    command = [sys.executable, "-m", "diachi_geo", "publish", session, "--profiles",
               str(profiles), "--profile", "test", "--yes"]
    killed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "DIACHI_FAULT": "publish.record@3"})
    assert killed.returncode == -signal.SIGKILL
    # the kill landed mid-write: three batches on the server, the journal's transaction
    # open (its rollback journal left behind) and only two batches recorded as verified
    assert len(server_features(url)) == 3 * 5
    assert os.path.getsize(session + "-journal") > 0
    conn = sqlite3.connect(session)
    assert conn.execute("SELECT batch, state FROM publish_batches ORDER BY batch").fetchall() \
        == [(0, "verified"), (1, "verified"), (2, "sending")]
    assert conn.execute("SELECT count(*) FROM publish_state").fetchone()[0] == 2 * 5
    conn.close()
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "resumes" in run.stdout
    ids = [f["properties"]["diachi_id"] for f in server_features(url)]
    assert len(ids) == len(set(ids)) == len(confirmed)


def test_publish_to_ogc_api_features_and_republish(ogcapi, session, reviewed):
    _, confirmed, _ = reviewed
    base = ogcapi()
    prof = profile(base, protocol="ogcapi")
    _, report = publish(session, prof)
    assert report["verified"] == 60 and report["failed"] == []
    items = requests.get(f"{base}/collections/addresses/items",
                         params={"f": "json", "limit": 1000}, timeout=30).json()["features"]
    assert sorted(i["properties"]["diachi_id"] for i in items) == \
        sorted(expected_ids(session, confirmed))
    with Session(session, "binh") as s:
        s.return_for_review(confirmed[0], "name misspelt")
    with Session(session, "an") as s:
        point = s.point(confirmed[0])
        s.move(confirmed[0], point.x, point.y + 0.0001)
    with Session(session, "binh") as s:
        s.confirm(confirmed[0])
    again, report = publish(session, prof)
    assert again.counts()["changed"] == 1 and report["verified"] == 1
    items = requests.get(f"{base}/collections/addresses/items",
                         params={"f": "json", "limit": 1000}, timeout=30).json()["features"]
    assert len(items) == 60


def test_token_file_must_be_private(tmp_path, monkeypatch):
    monkeypatch.delenv("DIACHI_TEST_TOKEN")
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN)
    token_file.chmod(0o644)
    auth = Auth(kind="bearer", env="DIACHI_TEST_TOKEN", file=str(token_file))
    with pytest.raises(ConfigError, match="chmod 600"):
        auth.headers()
    token_file.chmod(0o600)
    assert auth.headers() == {"Authorization": f"Bearer {TOKEN}"}


def test_secrets_are_refused_in_profile_files(tmp_path):
    from diachi_geo.publish import load_profile

    path = tmp_path / "p.toml"
    path.write_text('[profiles.x]\nurl = "https://x"\nprotocol = "wfst"\n'
                    'type_name = "a"\n[profiles.x.auth]\nkind = "bearer"\ntoken = "abc"\n')
    with pytest.raises(ConfigError, match="must not be written"):
        load_profile(str(path), "x")


def test_a_connection_lost_after_the_server_applied_a_batch_doubles_nothing(wfst, session):
    from fixtures import DroppingProxy

    url = wfst()
    port = int(url.split(":")[2].split("/")[0])
    # connections: 1 plan read, 2 first batch, 3 its read-back, 4 second batch (dropped)
    proxy = DroppingProxy(port, drop={4})
    try:
        slept = []
        prof = profile(f"http://127.0.0.1:{proxy.port}/ows/")
        from diachi_geo.publish.http import Http

        client = client_for(prof, Http(prof, sleep=slept.append))
        report = execute(plan(session, prof, client), client, session)
    finally:
        proxy.close()
    assert proxy.count >= 5 and slept == [1.0]
    ids = [f["properties"]["diachi_id"] for f in server_features(url)]
    assert len(ids) == len(set(ids)) == 60  # the lost batch was not sent again
    assert report["failed"] == []
