"""The steps `make bench` measures, each as the program its own process runs.

Every function returns a :class:`Step`: the command, the threads it may use and how its
time is taken (the whole process, or a part it times itself and prints as ``seconds``).
tools/bench.py runs each step several times in fresh processes and takes the median.
"""
from __future__ import annotations

import os
import pathlib
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

ROOT = pathlib.Path(__file__).resolve().parents[1]
PY = sys.executable
CORES = os.cpu_count() or 1
LAYERS = ("communes", "buildings", "roads", "water", "entrances")


@dataclass
class Step:
    """One measured step: ``argv`` (or Python ``code``) run in a process of its own."""

    name: str
    argv: list[str]
    threads: int
    timed: str
    """What the seconds cover: "whole process" or what the step times itself."""
    peak: str = "the whole process"
    """What the peak memory (the process's maximum resident set) covers."""
    before: Callable[[], None] | None = None
    """Run (untimed) before each repeat: removes the previous run's output."""
    extra: dict = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "DIACHI_THREADS": str(self.threads)}


def python(code: str) -> list[str]:
    return [PY, "-c", textwrap.dedent(code)]


def sources(data: pathlib.Path) -> str:
    """Python source of (points, references) read from the campaign ``data``."""
    return (f"read_inputs({str(data)!r} + '|layername=points', "
            f"{{k: {str(data)!r} + '|layername=' + k for k in REFERENCE_KINDS}})")


def generate(n: int, path: pathlib.Path, seed: int) -> Step:
    return Step("generate", python(f"""
        import json
        from diachi_geo.testing import PROVINCE_ORIGIN, generate, write_campaign
        c = generate({n}, communes=(20, 25), commune_size_m=(5000.0, 6000.0), seed={seed},
                     origin=PROVINCE_ORIGIN)
        write_campaign(c, {str(path)!r})
        print(json.dumps({{"buildings": len(c.layer("buildings").geometries)}}))
    """), CORES, "whole process")


def remove(*paths: pathlib.Path) -> Callable[[], None]:
    def run() -> None:
        for path in paths:
            path.unlink(missing_ok=True)
    return run


def cli(data: pathlib.Path, *args: str) -> list[str]:
    argv = [PY, "-m", "diachi_geo", *args]
    for layer in LAYERS:
        argv += [f"--{layer}", f"{data}|layername={layer}"]
    return argv


def validate_all(data: pathlib.Path, out: pathlib.Path) -> Step:
    """`diachi-geo validate`: read, every check, write; the whole process."""
    return Step("ours: diachi-geo validate (read, all checks, write)",
                cli(data, "validate", f"{data}|layername=points", "--out", str(out),
                    "--quiet", "--lang", "en"), CORES, "whole process",
                before=remove(out))


def ours_part(name: str, data: pathlib.Path, timed: str, threads: int = CORES) -> Step:
    """One part of a validation, timed inside a process that reads the inputs first.

    ``timed`` is Python run after the inputs are read; it sets ``seconds``.
    """
    return Step(name, python(f"""
        import json, time
        from diachi_geo.checks import CHECKS, SNAP_CHECKS
        from diachi_geo.io import REFERENCE_KINDS, read_inputs
        from diachi_geo.validate import validate
        from diachi_geo.output import write_findings
        OTHER = [c for c in CHECKS if c not in SNAP_CHECKS and c != "duplicate"]
        t = time.perf_counter()
        points, layers = {sources(data)}
        read = time.perf_counter() - t
        {textwrap.indent(textwrap.dedent(timed), " " * 8).strip()}
        print(json.dumps({{"seconds": seconds, "n": len(points)}}))
    """), threads, "the step only (inputs read before the timer)",
        peak="the process, reading the inputs included")


def read_step(data: pathlib.Path) -> Step:
    step = ours_part("ours: read (points and references)", data, "seconds = read")
    step.timed, step.peak = "reading only", "the process (reading only)"
    return step


def checks_step(name: str, data: pathlib.Path, checks: str, threads: int) -> Step:
    """Checks run as `validate` runs them (projection to metres included)."""
    return ours_part(name, data, f"""
        t = time.perf_counter()
        validate(points, checks={checks}, **layers)
        seconds = time.perf_counter() - t
    """, threads)


def write_step(data: pathlib.Path, out: pathlib.Path) -> Step:
    step = ours_part("ours: write findings (GeoPackage, 3 layers)", data, f"""
        result = validate(points, **layers)
        t = time.perf_counter()
        write_findings(result.findings, points, {str(out)!r})
        seconds = time.perf_counter() - t
    """)
    step.before = remove(out)
    step.peak = "the process, reading and every check included"
    return step


def shapely_floor(data: pathlib.Path, *, sort: bool, threads: int) -> Step:
    """The bare shapely work of snapping: project points and footprints to metres, index
    the footprints, find each point's nearest within 30 m and the line to it. The same
    threads as ours (chunks of points over a pool), the garbage collector paused as ours
    is, projection inside the timer as in ours; reading outside, as in ours."""
    label = f"{'Morton-sorted' if sort else 'unsorted'}, {threads} thread{'s' * (threads > 1)}"
    return Step(f"shapely floor: project, nearest, shortest_line ({label})", python(f"""
        import gc, json, time
        from concurrent.futures import ThreadPoolExecutor
        import numpy as np, pyogrio.raw, shapely
        from pyproj import Transformer
        src, threads = {str(data)!r}, {threads}
        _, _, wkb, _ = pyogrio.raw.read(src, layer="points", columns=[])
        pts = shapely.from_wkb(wkb)
        pts = pts[~shapely.is_missing(pts) & ~shapely.is_empty(pts)]
        _, _, wkb, _ = pyogrio.raw.read(src, layer="buildings", columns=[])
        footprints = shapely.from_wkb(wkb)
        del wkb
        gc.disable()
        pool = ThreadPoolExecutor(threads)

        def chunked(function, n):
            parts = np.array_split(np.arange(n), threads * 4) if threads > 1 else [np.arange(n)]
            return list(pool.map(function, parts))

        started = time.perf_counter()
        t = Transformer.from_crs(4326, 32648, always_xy=True)
        lon, lat = shapely.get_x(pts), shapely.get_y(pts)
        xy = chunked(lambda i: t.transform(lon[i], lat[i]), len(pts))
        x = np.concatenate([p[0] for p in xy]); y = np.concatenate([p[1] for p in xy])
        ok = np.isfinite(x) & np.isfinite(y)
        x, y = x[ok], y[ok]
        buildings = np.concatenate(chunked(lambda i: shapely.transform(
            footprints[i], lambda c: np.c_[t.transform(c[:, 0], c[:, 1])]), len(footprints)))
        if {sort}:
            from diachi_geo.snap import morton_order
            o = morton_order(x, y); x, y = x[o], y[o]
        points = shapely.points(x, y)
        tree = shapely.STRtree(buildings)

        def nearest(i):
            p, b = tree.query_nearest(points[i], max_distance=30.0, all_matches=False)
            return shapely.shortest_line(points[i][p], buildings[b])

        lines = chunked(nearest, len(points))
        print(json.dumps({{"seconds": time.perf_counter() - started, "n": len(x)}}))
    """), threads, "projection, index, nearest, lines (reading before the timer)",
        peak="the process, reading included")


def qgis_chain(data: pathlib.Path, folder: pathlib.Path) -> Step:
    """What an officer would run in QGIS for the same questions, from the same GeoPackage:
    project to metres, keep the points inside the communes' extent (the points at 0,0
    made native:joinbynearest run out of 24 GB), nearest footprint within 30 m, commune by
    location, DBSCAN clusters within 30 m; the results written to a GeoPackage. The whole
    process, as ours; each algorithm's own seconds are printed beside it."""
    out = folder / "qgis-chain.gpkg"
    return Step("QGIS native chain (project, extract, nearest, by location, DBSCAN)",
                python(f"""
        import json, sys, time
        sys.path.append("/usr/share/qgis/python/plugins")
        from qgis.core import QgsApplication, QgsVectorLayer
        app = QgsApplication([], False); app.initQgis()
        from processing.core.Processing import Processing; Processing.initialize()
        import processing
        src, out = {str(data)!r}, {str(out)!r}
        times = {{}}

        def run(algorithm, **params):
            t = time.perf_counter()
            result = processing.run(algorithm, params)["OUTPUT"]
            times[algorithm] = times.get(algorithm, 0) + time.perf_counter() - t
            return result

        def project(layer):
            return run("native:reprojectlayer", INPUT=src + "|layername=" + layer,
                       TARGET_CRS="EPSG:32648", OUTPUT="TEMPORARY_OUTPUT")

        communes, buildings = project("communes"), project("buildings")
        e = communes.extent()
        points = run("native:extractbyextent", INPUT=project("points"), CLIP=False,
                     EXTENT=f"{{e.xMinimum()}},{{e.xMaximum()}},{{e.yMinimum()}},"
                            f"{{e.yMaximum()}} [EPSG:32648]", OUTPUT="TEMPORARY_OUTPUT")
        run("native:joinbynearest", INPUT=points, INPUT_2=buildings, NEIGHBORS=1,
            MAX_DISTANCE=30, OUTPUT=f"ogr:dbname='{{out}}' table=\\"nearest\\" (geom)")
        run("native:joinattributesbylocation", INPUT=points, JOIN=communes, PREDICATE=[5],
            METHOD=1, OUTPUT=f"ogr:dbname='{{out}}' table=\\"commune\\" (geom)")
        run("native:dbscanclustering", INPUT=points, MIN_SIZE=2, EPS=30,
            OUTPUT=f"ogr:dbname='{{out}}' table=\\"clusters\\" (geom)")
        print(json.dumps({{"algorithms": times}}))
    """), 1, "whole process", before=remove(out))


def session_create(data: pathlib.Path, out: pathlib.Path) -> Step:
    return Step("ours: diachi-geo session create (copy, validate, review tables)",
                cli(data, "session", "create", f"{data}|layername=points", "--out", str(out),
                    "--lang", "en"), CORES, "whole process", before=remove(out))


def report(kind: str, session: pathlib.Path, out: pathlib.Path) -> Step:
    return Step(f"ours: diachi-geo report {kind} (Excel and HTML)",
                [PY, "-m", "diachi_geo", "report", kind, str(session), "--out", str(out),
                 "--html", str(out.with_suffix(".html")), "--lang", "en"], CORES,
                "whole process", before=remove(out, out.with_suffix(".html")))


def review_stepping(session: pathlib.Path) -> Step:
    """What the dock does on N and P: the controller moving to the next/previous point,
    the panels and the map; 1,000 steps over the whole worklist."""
    return Step("review: next/previous in the dock (1,000 steps)", python(f"""
        import json, sys, time
        import numpy as np
        sys.path[:0] = [{str(ROOT / "dist")!r}, {str(ROOT / "tools")!r}]
        from qgis.core import QgsApplication, QgsCoordinateReferenceSystem
        app = QgsApplication([], True)
        app.initQgis()
        from qgis.gui import QgsMapCanvas
        from qgis.PyQt.QtWidgets import QMainWindow
        from diachi.dialogs.review_dock import ReviewDock
        from diachi_geo.session import WorkFilter
        from render_review import DockIface
        window = QMainWindow()
        canvas = QgsMapCanvas(window)
        canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
        dock = ReviewDock(DockIface(window, canvas), window)
        dock.smooth_pan = False
        dock.open_session({str(session)!r}, "bench")
        dock.flaggedCheck.setChecked(False)
        t = time.perf_counter()
        dock.controller.set_filter(WorkFilter())
        worklist = time.perf_counter() - t
        times = []
        for step in range(1000):
            t = time.perf_counter()
            (dock.nextButton if step < 500 else dock.previousButton).click()
            app.processEvents()
            times.append(time.perf_counter() - t)
        ms = np.array(times) * 1000
        n = len(dock.controller.fids)
        dock.close_session()
        print(json.dumps({{"n": n, "worklist_s": worklist,
                          "p50_ms": float(np.median(ms)), "p95_ms": float(np.percentile(ms, 95)),
                          "max_ms": float(ms.max()), "seconds": float(ms.sum() / 1000)}}))
    """), CORES, "the 1,000 steps (opening the session before the timer)")


def handover_pdf(folder: pathlib.Path) -> Step:
    """The hand-over PDF of one 3,000-point commune (every point with its QR code)."""
    return Step("report: hand-over PDF of a 3,000-point commune", python(f"""
        import json, os, time
        from diachi_geo.testing import generate, write_campaign
        from diachi_geo.session import create_session
        from diachi_geo.report import write_handover
        from diachi_geo.report.data import read_session
        folder = {str(folder)!r}
        campaign, session = folder + "/commune-3000.gpkg", folder + "/commune-3000-session.gpkg"
        for path in (campaign, session, folder + "/commune-3000.pdf"):
            if os.path.exists(path):
                os.unlink(path)
        write_campaign(generate(3000, communes=(1, 1), commune_size_m=(2500.0, 2500.0),
                                seed=5), campaign)
        create_session(campaign + "|layername=points", session, checks=["missing_value"],
                       references={{"communes": campaign + "|layername=communes"}})
        data = read_session(session)
        code = sorted({{c for c in data.column("commune_code") if c}},
                      key=list(data.column("commune_code")).count)[-1]
        t = time.perf_counter()
        counts = write_handover(data, code, folder + "/commune-3000.pdf",
                                include_unconfirmed=True)
        print(json.dumps({{"seconds": time.perf_counter() - t,
                          "n": counts["coded"] + counts["awaiting"]}}))
    """), CORES, "writing the PDF (the session made before the timer)")


def publish(folder: pathlib.Path, n: int) -> Step:
    """Publish ``n`` confirmed points to a local QGIS Server (WFS-T): plan, send in batches,
    read each batch back and compare, journal. The floor sends the same records in the
    same batches to a layer of the same schema (empty) on the same server and reads each
    batch back and compares it the same way, with no plan and no journal."""
    return Step(f"publish: {n:,} points to a local WFS-T server", python(f"""
        import json, os, shutil, socket, subprocess, time
        import requests
        from diachi_geo.testing import PROVINCE_ORIGIN, generate, write_campaign
        from diachi_geo.session import create_session
        from diachi_geo.session.gpkgsql import connect
        from diachi_geo.publish import Profile, client_for, execute, plan
        from diachi_geo.publish.run import ID_FIELD, server_checksum
        folder = {str(folder)!r} + "/publish"
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        campaign, session = folder + "/campaign.gpkg", folder + "/session.gpkg"
        write_campaign(generate({n}, communes=(4, 5), commune_size_m=(5000.0, 6000.0),
                                seed=3, origin=PROVINCE_ORIGIN), campaign)
        create_session(campaign + "|layername=points", session, checks=["missing_value"])
        conn = connect(session)
        conn.execute("UPDATE review SET status = 'confirmed', decision = 'approved', "
                     "reviewed_by = 'a', checked_by = 'b'")
        conn.close()
        env = {{**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": "/tmp"}}
        subprocess.run(["/usr/bin/python3", {str(ROOT / "tests/servers/make_wfst_project.py")!r},
                        folder], check=True, capture_output=True, env=env)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(["qgis_mapserver", "-p", folder + "/service.qgs",
                                   f"127.0.0.1:{{port}}"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{{port}}/ows/"
        for _ in range(300):
            try:
                requests.get(url, timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        try:
            profile = Profile(name="bench", url=url, protocol="wfst", type_name="addresses",
                              batch_size=500)
            client = client_for(profile)
            t = time.perf_counter()
            the_plan = plan(session, profile, client)
            report = execute(the_plan, client, session)
            seconds = time.perf_counter() - t
            records = the_plan.targets["addresses"].new
            t = time.perf_counter()
            floor_verified = 0
            for start in range(0, len(records), 500):
                batch = records[start:start + 500]
                totals = client.transaction("health", batch, [], [])
                back = {{str(f[1]): f for f in client.read_ids(
                    "health", ID_FIELD, list(totals.get("inserted_ids") or []))}}
                floor_verified += sum(
                    1 for r in batch if r.stable_id in back and
                    server_checksum(back[r.stable_id], r.properties, r.decimals) == r.checksum)
            floor = time.perf_counter() - t
        finally:
            server.terminate()
            server.wait(10)
        print(json.dumps({{"seconds": seconds, "n": report["verified"],
                          "failed": len(report["failed"]), "floor_seconds": floor,
                          "floor_verified": floor_verified}}))
    """), CORES, "plan, send, read back, journal (making the session before the timer)")
