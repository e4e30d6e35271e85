"""Honest transport and precision: plain http only to this machine unless the profile
allows it (and then the dry run warns), coordinates sent and read back to 1e-7 degree,
and OGC API Features read back one query per batch, not one request per point."""
from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys

import pytest
import requests
from diachi_geo.errors import ConfigError
from diachi_geo.publish import client_for, execute, load_profile, plan
from diachi_geo.publish.http import Http
from diachi_geo.session import Session, SessionError
from diachi_geo.session.gpkgsql import blob_xy
from publishing import TOKEN, profile, publish


@pytest.fixture(autouse=True)
def token(monkeypatch):
    monkeypatch.setenv("DIACHI_TEST_TOKEN", TOKEN)


@pytest.mark.parametrize("url", ["http://bando.example.gov.vn/ows/", "http://10.0.0.7/ows",
                                 "ftp://bando.example.gov.vn/", "https:///ows"])
def test_plain_http_to_another_machine_is_refused(url):
    with pytest.raises(ConfigError, match="profile test: the url"):
        profile(url)


@pytest.mark.parametrize("url", ["https://bando.example.gov.vn/ows/", "http://localhost:8080/",
                                 "http://127.0.0.1:5000/ows/", "http://[::1]:5000/"])
def test_https_and_this_machine_are_accepted(url):
    assert not profile(url).insecure


def test_allow_insecure_http_is_explicit_in_the_profile_file(tmp_path):
    path = tmp_path / "p.toml"
    body = '[profiles.x]\nurl = "http://bando.example.gov.vn/ows/"\nprotocol = "wfst"\n' \
        'type_name = "a"\n'
    path.write_text(body)
    with pytest.raises(ConfigError, match="allow_insecure_http = true"):
        load_profile(str(path), "x")
    path.write_text(body + 'allow_insecure_http = "yes"\n')
    with pytest.raises(ConfigError, match="plain http"):
        load_profile(str(path), "x")
    path.write_text(body + "allow_insecure_http = true\n")
    assert load_profile(str(path), "x").insecure


@pytest.mark.parametrize("decimals", [4, 10, 6.5, True, "7"])
def test_coordinate_decimals_must_be_a_sensible_whole_number(decimals):
    with pytest.raises(ConfigError, match="coordinate_decimals"):
        profile("https://x.example/", coordinate_decimals=decimals)


def outside_address() -> str:
    """An address of this machine that is not loopback (skip when it has none)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: only the route is chosen
        except OSError:
            pytest.skip("this machine has no network address besides loopback")
        address = probe.getsockname()[0]
    if address.startswith("127."):
        pytest.skip("this machine has no network address besides loopback")
    return address


def test_the_dry_run_warns_about_allowed_plain_http(wfst, session, tmp_path):
    from fixtures import DroppingProxy

    url = wfst()
    proxy = DroppingProxy(int(url.split(":")[2].split("/")[0]), drop=set(),
                          host=outside_address())
    try:
        profiles = tmp_path / "publish.toml"
        base = (f'[profiles.test]\nurl = "http://{proxy.listener.getsockname()[0]}:'
                f'{proxy.port}/ows/"\nprotocol = "wfst"\ntype_name = "addresses"\n')
        auth = '[profiles.test.auth]\nkind = "bearer"\nenv = "DIACHI_TEST_TOKEN"\n'
        command = [sys.executable, "-m", "diachi_geo", "publish", session, "--profiles",
                   str(profiles), "--profile", "test", "--dry-run"]
        profiles.write_text(base + auth)
        refused = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert refused.returncode == 2 and "allow_insecure_http" in refused.stderr
        profiles.write_text(base + "allow_insecure_http = true\n" + auth)
        dry = subprocess.run(command, capture_output=True, text=True, timeout=60,
                             env={**os.environ})
        assert dry.returncode == 0, dry.stderr
        assert "warning:" in dry.stdout and "clear text" in dry.stdout
        assert "new 60" in dry.stdout
    finally:
        proxy.close()


def session_locations(path: str) -> dict[str, tuple[float, float]]:
    with Session(path, read_only=True) as s:
        conn = sqlite3.connect(path)
        ids = dict(conn.execute("SELECT fid, publish_id FROM review"))
        rows = conn.execute(f'SELECT fid, "{s.geometry_column}" FROM points').fetchall()
        conn.close()
    return {ids[fid]: blob_xy(blob) for fid, blob in rows}


def gml_locations(url: str) -> dict[str, tuple[float, float]]:
    """diachi_id -> (lon, lat) as QGIS Server holds them, read as GML 2 (its GeoJSON
    rounds to 6 decimals)."""
    text = requests.get(url, params={
        "SERVICE": "WFS", "VERSION": "1.1.0", "REQUEST": "GetFeature", "TYPENAME": "addresses",
        "OUTPUTFORMAT": "GML2", "SRSNAME": "EPSG:4326"},
        headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30).text
    found = {}
    for member in text.split("featureMember>")[1::2]:
        x, y = re.search(r"<coordinates[^>]*>([^<]+)<", member).group(1).split(",")
        found[re.search(r"<qgs:diachi_id>([^<]+)<", member).group(1)] = (float(x), float(y))
    return found


def test_coordinates_read_back_equal_the_sessions_to_1e_7(wfst, ogcapi, session):
    where = session_locations(session)
    url = wfst()
    _, report = publish(session, profile(url))
    assert report["verified"] == 60 and report["failed"] == []
    base = ogcapi()
    _, report = publish(session, profile(base, protocol="ogcapi"))
    assert report["verified"] == 60 and report["failed"] == []
    items = requests.get(f"{base}/collections/addresses/items",
                         params={"f": "json", "limit": 1000}, timeout=30).json()["features"]
    ogc = {i["properties"]["diachi_id"]: i["geometry"]["coordinates"][:2] for i in items}
    for held in (gml_locations(url), ogc):
        assert len(held) == 60
        for diachi_id, (lon, lat) in held.items():
            x, y = where[diachi_id]
            assert lon == pytest.approx(x, abs=1e-7) and lat == pytest.approx(y, abs=1e-7)


class CountingHttp(Http):
    """The real HTTP client, counting the requests it makes by method."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.made: dict[str, int] = {}

    def request(self, method, url, **kwargs):
        self.made[method] = self.made.get(method, 0) + 1
        return super().request(method, url, **kwargs)


def test_ogc_api_features_reads_a_batch_back_in_one_query(ogcapi, session):
    prof = profile(ogcapi(), protocol="ogcapi")  # 60 points in batches of 25
    http = CountingHttp(prof)
    client = client_for(prof, http)
    report = execute(plan(session, prof, client), client, session)
    assert report["verified"] == 60 and report["failed"] == []
    assert http.made["POST"] == 60
    assert http.made["GET"] <= 1 + 3  # the plan's read, then one query per batch


def test_returning_an_unknown_point_names_it(session):
    with Session(session, "binh") as s:
        with pytest.raises(SessionError, match="no point with fid 999999"):
            s.return_for_review(999999, "wrong")
        with pytest.raises(SessionError, match="no point with fid 999999"):
            s.confirm(999999)
