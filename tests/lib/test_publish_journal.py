"""The publish journal knows every feature this session has on the server, even after a
publisher killed between the server's commit and the journal's (a fault injected with
``DIACHI_FAULT``), so a later withdrawal deletes it."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

import pytest
from diachi_geo.session import Session
from publishing import TOKEN, server_features


@pytest.fixture(autouse=True)
def token(monkeypatch):
    monkeypatch.setenv("DIACHI_TEST_TOKEN", TOKEN)


def cli(session: str, profiles, *options: str, fault: str | None = None):
    env = {**os.environ, "DIACHI_FAULT": fault or ""}
    return subprocess.run([sys.executable, "-m", "diachi_geo", "publish", session,
                           "--profiles", str(profiles), "--profile", "test", *options],
                          capture_output=True, text=True, timeout=180, env=env)


def journal_ids(session: str) -> set[str]:
    conn = sqlite3.connect(session)
    try:
        return {r[0] for r in conn.execute("SELECT stable_id FROM publish_state")}
    finally:
        conn.close()


def withdraw(session: str, publish_id: str) -> None:
    """The reviewer rejects a confirmed point and a checker confirms the rejection."""
    conn = sqlite3.connect(session)
    fid = conn.execute("SELECT fid FROM review WHERE publish_id = ?", (publish_id,)
                       ).fetchone()[0]
    conn.close()
    with Session(session, "binh") as s:
        s.return_for_review(fid, "closed down")
    with Session(session, "an") as s:
        s.reject(fid, "closed down")
    with Session(session, "binh") as s:
        s.confirm(fid)


def test_a_kill_between_the_servers_commit_and_the_journals_loses_no_feature(
        wfst, session, tmp_path):
    url = wfst()
    profiles = tmp_path / "publish.toml"
    profiles.write_text(f'[profiles.test]\nurl = "{url}"\nprotocol = "wfst"\n'
                        'type_name = "addresses"\nbatch_size = 5\n'
                        '[profiles.test.auth]\nkind = "bearer"\nenv = "DIACHI_TEST_TOKEN"\n')
    killed = cli(session, profiles, "--yes", fault="publish_after_send")
    assert killed.returncode == -signal.SIGKILL, killed.stderr  # died right after the first batch
    sent = {f["properties"]["diachi_id"] for f in server_features(url)}
    assert len(sent) == 5 and journal_ids(session) == set()
    dry = cli(session, profiles, "--dry-run")
    assert "on the service but not in the journal: 5" in dry.stdout, dry.stdout
    resumed = cli(session, profiles, "--yes")
    assert resumed.returncode == 0, resumed.stderr
    on_server = [f["properties"]["diachi_id"] for f in server_features(url)]
    assert len(on_server) == len(set(on_server)) == 60
    assert journal_ids(session) == set(on_server)  # every published feature is known
    gone = sorted(sent)[0]
    withdraw(session, gone)
    deleted = cli(session, profiles, "--yes", "--delete-withdrawn")
    assert deleted.returncode == 0, deleted.stderr
    assert "to delete 1" in deleted.stdout, deleted.stdout
    left = {f["properties"]["diachi_id"] for f in server_features(url)}
    assert gone not in left and len(left) == 59
    assert gone not in journal_ids(session)


def test_a_withdrawal_before_the_resume_is_deleted_too(wfst, session, tmp_path):
    """The dry run counts, among what to delete, features the journal never recorded."""
    url = wfst()
    profiles = tmp_path / "publish.toml"
    profiles.write_text(f'[profiles.test]\nurl = "{url}"\nprotocol = "wfst"\n'
                        'type_name = "addresses"\nbatch_size = 5\n'
                        '[profiles.test.auth]\nkind = "bearer"\nenv = "DIACHI_TEST_TOKEN"\n')
    assert cli(session, profiles, "--yes", fault="publish_after_send").returncode == -signal.SIGKILL
    gone = sorted(f["properties"]["diachi_id"] for f in server_features(url))[0]
    withdraw(session, gone)
    dry = cli(session, profiles, "--dry-run", "--delete-withdrawn")
    assert "to delete 1" in dry.stdout, dry.stdout
    assert cli(session, profiles, "--yes", "--delete-withdrawn").returncode == 0
    left = {f["properties"]["diachi_id"] for f in server_features(url)}
    assert gone not in left and len(left) == 59
    assert journal_ids(session) == left
