"""What the publish tests share: a reviewed session (60 confirmed points), a test profile,
and reading the servers back, never trusting the client."""
from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
import requests
from diachi_geo.publish import Auth, Profile, client_for, execute, plan
from diachi_geo.session import Session, WorkFilter, create_session

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "servers"))
from fixtures import TOKEN  # noqa: E402 - the servers' fixtures come through conftest.py

COMMUNE = "15007"


@pytest.fixture(scope="module")
def reviewed(sample, tmp_path_factory):
    """The sample as a session where 60 points of one commune are confirmed and 3 were
    reviewed but not yet confirmed."""
    path = tmp_path_factory.mktemp("publish") / "session.gpkg"
    create_session(f"{sample}|layername=points", str(path), user="an",
                   references={"communes": f"{sample}|layername=communes"})
    with Session(str(path), "an") as s:
        fids = [int(f) for f in s.worklist(WorkFilter(communes=(COMMUNE,)))]
        placed = [f for f in fids if 102 < s.point(f).x < 117.5 and 6 < s.point(f).y < 24]
        for fid in placed[:63]:
            s.approve(fid)
    with Session(str(path), "binh") as s:
        for fid in placed[:60]:
            s.confirm(fid)
    return path, placed[:60], placed[60:63]


@pytest.fixture
def session(reviewed, tmp_path):
    path = tmp_path / "session.gpkg"
    shutil.copy(reviewed[0], path)
    return str(path)


def profile(url: str, protocol: str = "wfst", **changes) -> Profile:
    values = dict(name="test", url=url, protocol=protocol, type_name="addresses",
                  auth=Auth(kind="bearer", env="DIACHI_TEST_TOKEN"), batch_size=25, retries=2)
    values.update(changes)
    return Profile(**values)


def server_features(url: str, type_name: str = "addresses") -> list[dict]:
    response = requests.get(url, params={
        "SERVICE": "WFS", "VERSION": "1.1.0", "REQUEST": "GetFeature", "TYPENAME": type_name,
        "OUTPUTFORMAT": "application/vnd.geo+json"},
        headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
    response.raise_for_status()
    return response.json()["features"]


def expected_ids(session_path: str, fids: list[int]) -> set[str]:
    conn = sqlite3.connect(session_path)
    return {r[0] for r in conn.execute(
        f"SELECT publish_id FROM review WHERE fid IN ({','.join(map(str, fids))})")}


def publish(session_path, the_profile, **options):
    client = client_for(the_profile)
    the_plan = plan(session_path, the_profile, client, **options)
    return the_plan, execute(the_plan, client, session_path)
