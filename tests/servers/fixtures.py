"""Local servers for the publish tests, started on 127.0.0.1 and torn down: QGIS Server
(WFS-T) behind a test gate, and pygeoapi (OGC API - Features Part 4). Imported by both test
tiers' modules that publish."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

SERVERS = Path(__file__).resolve().parent
ROOT = SERVERS.parents[1]
PYGEOAPI = ROOT / ".venv-pygeoapi" / "bin"
TOKEN = "s3cret-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, process: subprocess.Popen, log: Path) -> None:
    started = time.monotonic()
    while True:
        if process.poll() is not None:
            raise RuntimeError(log.read_text(errors="replace")[-2000:])
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            pass
        if time.monotonic() - started > 30:
            raise TimeoutError(url)
        time.sleep(0.1)


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def wfst_project(tmp_path_factory):
    if shutil.which("qgis_mapserver") is None:
        pytest.skip("qgis_mapserver is not installed (make system installs qgis-server-bin)")
    folder = tmp_path_factory.mktemp("service")
    subprocess.run(["/usr/bin/python3", str(SERVERS / "make_wfst_project.py"), str(folder)],
                   check=True, capture_output=True,
                   env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return folder


def start_wfst(project: Path, folder: Path, **env) -> tuple[str, subprocess.Popen]:
    """A QGIS Server (WFS-T behind the test gate) over a fresh copy of ``project`` in
    ``folder``, on a free port; ``env`` sets the gate. Returns its URL and process."""
    shutil.copytree(project, folder)
    port = free_port()
    log = folder / "server.log"
    process = subprocess.Popen(
        ["qgis_mapserver", "-p", str(folder / "service.qgs"), f"127.0.0.1:{port}"],
        stdout=open(log, "wb"), stderr=subprocess.STDOUT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": "/tmp",
             "QGIS_PLUGINPATH": str(SERVERS / "serverplugins"),
             "TEST_BEARER_TOKEN": TOKEN, **env})
    url = f"http://127.0.0.1:{port}/ows/"
    try:
        wait_http(url + "?SERVICE=WFS&REQUEST=GetCapabilities", process, log)
    except BaseException:
        stop([process])
        raise
    return url, process


@pytest.fixture
def wfst(wfst_project, tmp_path):
    """Start a QGIS Server over a fresh copy of the service; call with the gate's settings."""
    started = []

    def start(**env) -> str:
        url, process = start_wfst(wfst_project, tmp_path / f"service{len(started)}", **env)
        started.append(process)
        return url

    yield start
    stop(started)


@pytest.fixture
def ogcapi(tmp_path):
    if not (PYGEOAPI / "python").exists():
        pytest.skip("pygeoapi is not installed (make test installs .venv-pygeoapi)")
    started = []

    def start(**env) -> str:
        port = free_port()
        db = tmp_path / f"addresses{len(started)}.tinydb.json"
        db.write_text("{}")
        config = (SERVERS / "pygeoapi.template.yml").read_text().replace(
            "port: 5055", f"port: {port}").replace("http://127.0.0.1:5055",
                                                   f"http://127.0.0.1:{port}").replace(
            "REPLACED_BY_FIXTURE", str(db))
        (tmp_path / "config.yml").write_text(config)
        envs = {**os.environ, "PYGEOAPI_CONFIG": str(tmp_path / "config.yml"),
                "PYGEOAPI_OPENAPI": str(tmp_path / "openapi.yml"), "TEST_BEARER_TOKEN": TOKEN,
                **env}
        subprocess.run([str(PYGEOAPI / "pygeoapi"), "openapi", "generate",
                        envs["PYGEOAPI_CONFIG"], "--output-file", envs["PYGEOAPI_OPENAPI"]],
                       env=envs, check=True, capture_output=True)
        log = tmp_path / "pygeoapi.log"
        process = subprocess.Popen([str(PYGEOAPI / "python"), str(SERVERS / "serve_pygeoapi.py"),
                                    str(port)], env=envs, stdout=open(log, "wb"),
                                   stderr=subprocess.STDOUT)
        started.append(process)
        base = f"http://127.0.0.1:{port}"
        wait_http(base + "/collections?f=json", process, log)
        return base

    yield start
    stop(started)


class DroppingProxy:
    """A TCP proxy to a server that, for the connections numbered in ``drop``, passes the
    request on and then hangs up without the answer: the server did the work, the client
    never hears of it (a connection lost at the worst moment)."""

    def __init__(self, upstream_port: int, drop: set[int], host: str = "127.0.0.1"):
        import threading

        self.upstream_port, self.drop, self.count = upstream_port, drop, 0
        self.listener = socket.socket()
        self.listener.bind((host, 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.count += 1
            self._relay(client, drop=self.count in self.drop)

    def _relay(self, client: socket.socket, *, drop: bool) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            request += client.recv(65536)
        head, _, body = request.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            body += client.recv(65536)
        with socket.create_connection(("127.0.0.1", self.upstream_port)) as upstream:
            upstream.sendall(head + b"\r\n\r\n" + body)
            answer = b""
            while chunk := upstream.recv(65536):
                answer += chunk
        if not drop:
            client.sendall(answer)
        client.close()

    def close(self) -> None:
        self.listener.close()
