"""Validation in parts (``diachi_geo.engine``, ``--engine dask``) finds what one run finds,
finding by finding, also where tiles cut through duplicate groups, stacks and buildings."""
from __future__ import annotations

import json
import pathlib
import re
import shutil
import sqlite3
import sys
import zipfile

import numpy as np
import pyogrio.raw
import pytest
import shapely
from diachi_geo.cli import main
from diachi_geo.cli.partitioned import parts_read_points
from diachi_geo.config import DuplicateParams
from diachi_geo.engine import (
    Tile,
    balanced_tiles,
    provinces_of,
    run_here,
    validate_partitioned,
)
from diachi_geo.engine import plan as plan_module
from diachi_geo.engine import reading as reading_module
from diachi_geo.engine import run as run_module
from diachi_geo.engine import tiles as tiles_module
from diachi_geo.engine.plan import plan_fields
from diachi_geo.engine.task import Wider
from diachi_geo.errors import ConfigError, InputError, PartitionError
from diachi_geo.io.point_rows import read_thin_points
from diachi_geo.io.points import read_points
from diachi_geo.io.references import read_inputs, read_references
from diachi_geo.output import write_findings
from diachi_geo.validate import select_checks, validate

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tools"))
from compare_findings import differences, read_rows

KINDS = ("communes", "buildings", "entrances", "roads", "water")
INF = float("inf")


def single_run(path: pathlib.Path, folder: pathlib.Path):
    """The points, references, single-process result and findings file of ``path``."""
    refs = {k: f"{path}|layername={k}" for k in KINDS}
    points, layers = read_inputs(f"{path}|layername=points", refs,
                                 personal=("owner_phone",), metric_crs="utm")
    single = validate(points, **layers)
    out = folder / "single.gpkg"
    write_findings(single.findings, points, str(out))
    return points, refs, single, out


@pytest.fixture(scope="module")
def run(sample, tmp_path_factory):
    """The bundled sample, run in one process."""
    return single_run(sample, tmp_path_factory.mktemp("single"))


STACK = ((-0.2, 0.05), (0.15, -0.1), (0.3, 0.1))
"""Metres from a collected point: three more places collected on its spot."""


@pytest.fixture(scope="module")
def straddle(sample, run, tmp_path_factory):
    """The sample and three points stacked on one of its points (the sample's own stacks
    are exactly on one spot, so no tile border can run through them), run in one process.
    """
    folder = tmp_path_factory.mktemp("straddle")
    path = folder / "straddle.gpkg"
    shutil.copy(sample, path)
    _, _, single, _ = run
    ctx = single.context
    at = int(single.findings.index[single.findings.check == "snap"][0])
    x, y = ctx.metric_xy
    lon, lat = ctx.to_wgs84(x[at] + np.array([dx for dx, _ in STACK]),
                            y[at] + np.array([dy for _, dy in STACK]))
    meta, _, _, columns = pyogrio.raw.read(str(path), layer="points", max_features=1)
    values = {name: np.full(3, None, dtype=object) for name in meta["fields"]}
    values["id"] = np.array([90001, 90002, 90003])
    values["name"] = np.array(["Quán nước chè Hương", "Sửa xe Tuấn", "Tiệm may Lan"],
                              dtype=object)
    values["commune_code"] = np.array([columns[list(meta["fields"]).index("commune_code")][0]]
                                      * 3, dtype=object)
    pyogrio.raw.write(str(path), geometry=shapely.to_wkb(shapely.points(lon, lat)),
                      field_data=list(values.values()), fields=list(values), layer="points",
                      crs="EPSG:4326", geometry_type="Point", append=True)
    return (*single_run(path, folder), at)


def cutting_tiles(single, stacked_at: int, duplicates=None) -> list[Tile]:
    """Tiles whose borders cut through a duplicate group (of ``duplicates``, default the
    single run), the stack at point ``stacked_at`` and a building that several points are
    snapped to (found by the single run)."""
    ctx, f = single.context, single.findings
    x, y = ctx.metric_xy

    def members(check: str, size: int) -> np.ndarray:
        d = (duplicates or single).findings
        groups = d.group_id[d.check == check]
        index = d.index[d.check == check]
        _, first, counts = np.unique(groups, return_index=True, return_counts=True)
        group = groups[first[np.flatnonzero(counts >= size)[0]]]
        return index[groups == group]

    dup = members("duplicate", 2)
    dup = dup[np.argsort(x[dup])]
    x_dup = float((x[dup[0]] + x[dup[1]]) / 2)
    stack = f.index[(f.check == "stacked") & (f.group_id == f.group_id[
        (f.check == "stacked") & (f.index == stacked_at)][0])]
    snap = f.index[f.check == "snap"]
    building = f.related_id[f.check == "snap"]
    values, counts = np.unique(building.astype(str), return_counts=True)
    crowded = snap[building.astype(str) == values[np.argmax(counts)]]
    crowded = crowded[np.argsort(x[crowded])]
    x_building = float((x[crowded[0]] + x[crowded[-1]]) / 2)
    cuts = sorted({x_dup, x_building, float(x[stacked_at])})
    columns = list(zip([-INF, *cuts], [*cuts, INF]))
    y_cut = float(np.median(y[ctx.located]))
    tiles = [Tile(f"tile-{c}-{r}", left, low, right, high)
             for c, (left, right) in enumerate(columns)
             for r, (low, high) in enumerate([(-INF, y_cut), (y_cut, INF)])]
    # the cuts do split them
    for group in (dup, stack, crowded):
        owners = {next(t.name for t in tiles if t.owns(x[[p]], y[[p]])[0]) for p in group}
        assert len(owners) > 1, group
    return tiles


def same_findings(points, result, reference: pathlib.Path, tmp_path: pathlib.Path) -> None:
    out = tmp_path / "parts.gpkg"
    write_findings(result.findings, points, str(out))
    found = differences(read_rows(str(reference)), read_rows(str(out)))
    assert found == [], found[:10]


def thinly(points, checks=None):
    """``points`` read again as a run in parts reads them where it starts: only what it
    plans with (the parts read their own points whole)."""
    thin, file = read_thin_points(points.source, keep=plan_fields(select_checks(checks)),
                                  fields=None, personal=("owner_phone",))
    assert thin.attribute("address") is None and "address" in thin.field_names
    assert (thin.ids == points.ids).all()
    return {"points": thin, "file": file}


@pytest.mark.parametrize("thin", [False, True], ids=["sent", "read-by-parts"])
def test_tiles_cutting_groups_and_buildings_find_the_same(straddle, tmp_path, monkeypatch,
                                                          thin):
    points, refs, single, out, at = straddle
    tiles = cutting_tiles(single, at)
    # first windows of the search radius only, no allowance for the footprints
    monkeypatch.setattr(plan_module, "DEFAULT_BUILDING_M", -2 * 30.0)
    ended = []
    given = thinly(points) if thin else {"points": points}
    result = validate_partitioned(**given, references=refs, folder=str(tmp_path / "parts"),
                                  tiles=tiles,
                                  progress=lambda name, s: ended.append((name, s["status"])))
    assert ("unlocated", "done") in ended and len(ended) >= 5
    # all the candidate pairs are in the learning sample: scored where the run starts
    assert (tmp_path / "parts" / "duplicates.done.json").exists()
    assert {status for _, status in ended} == {"done"}
    assert len(single.findings) > 600
    same_findings(points, result, out, tmp_path)
    assert result.notes == single.notes


@pytest.mark.parametrize("thin", [False, True], ids=["sent", "read-by-parts"])
def test_duplicates_learned_on_a_sample_score_the_same_in_parts(straddle, tmp_path, thin):
    """More candidate pairs than the learning sample: the weights are learned once on the
    sample a single run draws (read thinly: only the sample's points read whole), and
    every part scores its pairs with them."""
    points, refs, single, _, at = straddle
    params = DuplicateParams(em_sample=400, em_address_sample=150)
    alone = validate(points, checks=["duplicate", "stacked"], duplicate_params=params)
    out = tmp_path / "single.gpkg"
    write_findings(alone.findings, points, str(out))
    assert (alone.findings.check == "duplicate").sum() > 50
    folder = tmp_path / "parts"
    given = thinly(points, ["duplicate", "stacked"]) if thin else {"points": points}
    result = validate_partitioned(**given, references={}, checks=["duplicate", "stacked"],
                                  duplicate_params=params, folder=str(folder),
                                  tiles=cutting_tiles(single, at, alone))
    assert not (folder / "duplicates.done.json").exists()   # scored in the parts
    same_findings(points, result, out, tmp_path)


def test_parts_whose_footprints_reach_out_widen_their_window(straddle, tmp_path,
                                                           monkeypatch):
    """Snapping spreads the points of one building together: a part with no margin at all
    asks for the points around every footprint near its tile, and snaps as one run."""
    points, refs, single, _, at = straddle
    checks = ["snap", "far_from_building", "in_water"]
    alone = validate(points, checks=checks, **read_inputs(
        f"{refs['communes'].split('|')[0]}|layername=points", refs,
        metric_crs="utm")[1])
    out = tmp_path / "single.gpkg"
    write_findings(alone.findings, points, str(out))
    monkeypatch.setattr(plan_module, "DEFAULT_BUILDING_M", -2 * 30.0)
    widened = []

    def recording(specs):
        for spec, result in run_here(specs):
            if isinstance(result, Wider):
                widened.append(spec.name)
            yield spec, result

    result = validate_partitioned(points, refs, checks=checks, folder=str(tmp_path / "p"),
                                  tiles=cutting_tiles(single, at), executor=recording)
    assert len(widened) >= 4
    same_findings(points, result, out, tmp_path)


def test_parts_by_province_large_ones_in_tiles(run, tmp_path, monkeypatch):
    points, refs, single, out = run
    provinces = provinces_of(points, read_references(
        {"communes": refs["communes"]})["communes"])
    assert set(provinces.tolist()) == {"Thanh Hóa", None}   # None: unknown commune codes
    monkeypatch.setattr(tiles_module, "MAX_PART_POINTS", 600)
    ended = []
    result = validate_partitioned(points, refs, folder=str(tmp_path / "parts"),
                                  provinces=provinces,
                                  progress=lambda name, s: ended.append(name))
    # the two points of unknown communes lie among Thanh Hóa's: they join its parts
    tiles = ["province-1-thanh-hoa-1", "province-1-thanh-hoa-2", "province-1-thanh-hoa-3",
             "province-1-thanh-hoa-4"]
    assert [n for n in ended if n.startswith("province-")] == tiles
    # the street and commune checks: Thanh Hóa's communes in groups of whole communes,
    # the unknown codes in one more (in no province)
    groups = [n for n in ended if n.startswith("communes-")]
    assert groups[-1] == "communes-unknown" and len(groups) >= 4 and \
        all(n.startswith("communes-thanh-hoa-") for n in groups[:-1])
    # far_from_building last, in the tiles holding far points
    far = [n for n in ended if n.startswith("far-")]
    assert far and set(far) <= {f"far-{t}" for t in tiles}
    assert len(ended) == 5 + len(groups) + len(far)
    same_findings(points, result, out, tmp_path)


def test_failed_part_is_named_and_the_rerun_runs_only_it(run, tmp_path):
    points, refs, single, out = run
    folder = str(tmp_path / "parts")
    tiles = balanced_tiles(*(v[single.context.located] for v in single.context.metric_xy), 4)

    def failing(specs):
        for spec in specs:
            if spec.name == tiles[2].name:
                yield spec, OSError("disk full")
            else:
                yield from run_here([spec])

    with pytest.raises(PartitionError, match=f"{tiles[2].name} \\(OSError: disk full\\)"):
        validate_partitioned(points, refs, folder=folder, tiles=tiles, executor=failing)
    ended = {}
    result = validate_partitioned(points, refs, folder=folder, tiles=tiles,
                                  progress=lambda name, s: ended.update({name: s["status"]}))
    assert ended.pop(tiles[2].name) == "done"
    # the tiles already done are kept; the later stages (commune groups, far points)
    # waited for all the tiles
    assert {ended[t.name] for t in tiles if t is not tiles[2]} | {ended["unlocated"]} == \
        {"skipped"}
    assert {s for n, s in ended.items() if n.startswith(("communes-", "far-"))} == {"done"}
    same_findings(points, result, out, tmp_path)


def test_parts_write_their_own_files_unless_their_worker_cannot_see_the_folder(
        run, tmp_path, monkeypatch):
    """A part writes its part file itself; a worker elsewhere, without the run's folder,
    sends its findings back and the machine that started the run writes them."""
    points, refs, single, out = run
    written_here = []
    real_write = run_module.write_part
    monkeypatch.setattr(run_module, "write_part", lambda folder, name, *a, **k: (
        written_here.append(name), real_write(folder, name, *a, **k)))
    tiles = balanced_tiles(*(v[single.context.located] for v in single.context.metric_xy), 2)
    folder = tmp_path / "parts"
    result = validate_partitioned(points, refs, folder=str(folder), tiles=tiles)
    # only what is learned where the run starts (all the duplicate pairs) is written there
    assert written_here == ["duplicates"]
    assert (folder / f"{tiles[0].name}.done.json").exists()
    same_findings(points, result, out, tmp_path)

    def elsewhere(specs):       # workers that do not see the folder
        for spec in specs:
            spec.folder = str(tmp_path / "not-on-this-worker")
            yield from run_here([spec])

    written_here.clear()
    folder = tmp_path / "parts-elsewhere"
    result = validate_partitioned(points, refs, folder=str(folder), tiles=tiles,
                                  executor=elsewhere)
    assert tiles[0].name in written_here and "unlocated" in written_here
    assert not (tmp_path / "not-on-this-worker").exists()
    assert (folder / f"{tiles[1].name}.done.json").exists()
    same_findings(points, result, out, tmp_path)


def test_parts_of_another_run_are_not_mixed_in(run, tmp_path):
    points, refs, single, _ = run
    folder = str(tmp_path / "parts")
    validate_partitioned(points, refs, folder=folder, checks=["stacked"], partitions=2)
    with pytest.raises(Exception, match="parts of another run"):
        validate_partitioned(points, refs, folder=folder, checks=["duplicate"], partitions=2)


@pytest.mark.parametrize("otherwise", [{"fields": {"address": "name"}},
                                       {"personal": ("owner_phone",)},
                                       {"commune_mapping": {"15014": "15007"}},
                                       {"crs": "EPSG:4756"}])
def test_parts_of_the_points_read_otherwise_are_not_mixed_in(sample, tmp_path, otherwise):
    """Parts kept from a run whose points were read with other fields, the owner's data,
    another commune table or another CRS are not taken for this run's."""
    source = f"{sample}|layername=points"
    refs = {"communes": f"{sample}|layername=communes"}
    folder = str(tmp_path / "parts")
    validate_partitioned(read_points(source), refs, folder=folder, checks=["stacked"],
                         partitions=2)
    validate_partitioned(read_points(source), refs, folder=folder, checks=["stacked"],
                         partitions=2)             # the same run again: resumed
    with pytest.raises(ConfigError, match="parts of another run"):
        validate_partitioned(read_points(source, **otherwise), refs, folder=folder,
                             checks=["stacked"], partitions=2)


@pytest.mark.parametrize("read", ["here", "parts"])
def test_dask_engine_on_the_sample_in_four_tiles(run, sample, tmp_path, capsys, read):
    pytest.importorskip("distributed")
    _, _, _, out = run
    args = [f"{sample}|layername=points", "--out", str(tmp_path / "dask.gpkg"),
            "--engine", "dask", "--workers", "2", "--partitions", "4",
            "--points-read", read]
    for kind in KINDS:
        args += [f"--{kind}", f"{sample}|layername={kind}"]
    assert main(["validate", *args]) == 0
    printed = capsys.readouterr().out
    assert "dashboard: http" in printed
    # 4 tiles and unlocated, then the commune groups (Thanh Hóa's, the unknown codes'),
    # then the tiles' far points
    done = re.findall(r"\] (\S+): done,", printed)
    assert sorted(done[:5]) == ["tile-0-0", "tile-0-1", "tile-1-0", "tile-1-1", "unlocated"]
    assert sorted(done[5:7]) == ["communes-thanh-hoa", "communes-unknown"]
    assert done[7:] and all(n.startswith("far-tile-") for n in done[7:])
    assert printed.count("peak") >= 5 and "limit" in printed
    assert differences(read_rows(str(out)), read_rows(str(tmp_path / "dask.gpkg"))) == []
    assert not (tmp_path / "dask.gpkg.parts").exists()


def test_where_the_points_are_read_whole(sample, tmp_path):
    points = f"{sample}|layername=points"
    assert not parts_read_points("here", points)
    assert parts_read_points("parts", points)
    assert parts_read_points("auto", points)      # a GeoPackage: by the parts
    csv = tmp_path / "points.csv"
    csv.write_text("id,lon,lat\n1,105.8,21.0\n", encoding="utf-8")
    assert not parts_read_points("auto", str(csv))
    with pytest.raises(ConfigError, match="from a GeoPackage only"):
        parts_read_points("parts", str(csv))
    # a view without an integer key has no feature ids to read by: read here
    path = tmp_path / "view.gpkg"
    shutil.copy(sample, path)
    with sqlite3.connect(path) as db:
        names = [row[1] for row in db.execute("PRAGMA table_info(points)") if row[1] != "fid"]
        column, kind, srs = db.execute(
            "SELECT column_name, geometry_type_name, srs_id FROM gpkg_geometry_columns "
            "WHERE table_name = 'points'").fetchone()
        db.execute(f"CREATE VIEW keyless AS SELECT {', '.join(names)} FROM points")
        db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
                   "VALUES ('keyless', 'features', 'keyless', ?)", (srs,))
        db.execute("INSERT INTO gpkg_geometry_columns VALUES ('keyless', ?, ?, ?, 0, 0)",
                   (column, kind, srs))
    keyless = f"{path}|layername=keyless"
    assert not parts_read_points("auto", keyless)
    with pytest.raises(ConfigError, match="no feature id column"):
        parts_read_points("parts", keyless)
    # a missing file, or several layers and none named: said as a reading says it
    with pytest.raises(InputError, match="file not found"):
        parts_read_points("auto", str(tmp_path / "nope.gpkg"))
    with pytest.raises(InputError, match="none was named"):
        parts_read_points("auto", str(sample))


def test_dask_engine_with_tiles_cutting_groups(straddle, tmp_path):
    pytest.importorskip("distributed")
    from diachi_geo.engine.cluster import connect, dask_executor

    points, refs, single, out, at = straddle
    client = connect(workers=2)
    try:
        result = validate_partitioned(points, refs, folder=str(tmp_path / "parts"),
                                      tiles=cutting_tiles(single, at),
                                      executor=dask_executor(client))
    finally:
        cluster = client.cluster
        client.close()
        cluster.close()
    same_findings(points, result, out, tmp_path)
    levels = [p for p, c in zip(result.findings.params, result.findings.check)
              if c == "duplicate" and "levels" in p]
    assert levels and json.dumps(levels[0])


def test_without_dask_the_error_says_what_to_install(monkeypatch, sample, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)
    code = main(["validate", f"{sample}|layername=points", "--out", str(tmp_path / "x.gpkg"),
                 "--engine", "dask"])
    assert code == 2
    assert "pip install 'diachi-geo[dask]'" in capsys.readouterr().err


@pytest.mark.parametrize("em_sample", [None, 300])
def test_without_buildings_the_halo_is_the_search_radius(straddle, tmp_path, em_sample):
    """With no footprints a tile reads only the stacked tolerance around it, and a
    duplicates' part the duplicates' radius (all pairs scored where the run starts, or in
    those parts): the pairs across the borders are still found, once."""
    points, refs, single, _, at = straddle
    checks = ["stacked", "duplicate"]
    params = DuplicateParams() if em_sample is None else \
        DuplicateParams(em_sample=em_sample, em_address_sample=150)
    alone = validate(points, checks=checks, duplicate_params=params)
    out = tmp_path / "single.gpkg"
    write_findings(alone.findings, points, str(out))
    assert len(alone.findings) > 50
    parts = []

    def recording(specs):
        parts.extend(spec.stage for spec in specs)
        yield from run_here(specs)

    result = validate_partitioned(points, {"communes": refs["communes"]}, checks=checks,
                                  folder=str(tmp_path / "parts"), duplicate_params=params,
                                  tiles=cutting_tiles(single, at), executor=recording)
    assert ("duplicates" in parts) == (em_sample is not None)
    same_findings(points, result, out, tmp_path)


def test_dask_engine_on_an_existing_scheduler(sample, tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    args = [f"{sample}|layername=points", "--checks", "stacked,duplicate,snap", "--lang", "vi"]
    for kind in KINDS:
        args += [f"--{kind}", f"{sample}|layername={kind}"]
    assert main(["validate", *args, "--out", str(tmp_path / "alone.gpkg"), "--quiet"]) == 0
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                       dashboard_address=":0")
    try:
        assert main(["validate", *args, "--out", str(tmp_path / "dask.gpkg"), "--engine",
                     "dask", "--scheduler", cluster.scheduler_address,
                     "--partitions", "3"]) == 0
        # the run's lines in the language of the others
        printed = capsys.readouterr().out
        assert "Dask: 1 tiến trình, chia phần 3 ô" in printed
        assert re.search(r"\[1/\d+\] tile-\S+: xong, [\d,]+ điểm", printed)
        assert "bộ nhớ đỉnh" in printed and "giới hạn" in printed
        # the run leaves the cluster it was given running
        with distributed.Client(cluster.scheduler_address) as client:
            assert len(client.scheduler_info()["workers"]) == 1
    finally:
        cluster.close()
    assert differences(read_rows(str(tmp_path / "alone.gpkg")),
                       read_rows(str(tmp_path / "dask.gpkg"))) == []


def test_session_create_on_dask_holds_the_same_findings(sample, tmp_path, capsys):
    pytest.importorskip("distributed")
    args = [f"{sample}|layername=points"]
    for kind in KINDS:
        args += [f"--{kind}", f"{sample}|layername={kind}"]
    assert main(["session", "create", *args, "--out", str(tmp_path / "one.gpkg")]) == 0
    assert main(["session", "create", *args, "--out", str(tmp_path / "dask.gpkg"),
                 "--engine", "dask", "--workers", "2", "--partitions", "4"]) == 0
    assert "dashboard" in capsys.readouterr().out
    assert differences(read_rows(str(tmp_path / "one.gpkg")),
                       read_rows(str(tmp_path / "dask.gpkg"))) == []


def test_parts_read_references_through_gdal_virtual_paths(run, sample, tmp_path):
    """Workers may read the footprints from object storage (``/vsis3/``...): a part reads
    GDAL's virtual paths, here a GeoPackage inside a zip."""
    points, refs, _, out = run
    archive = tmp_path / "references.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(sample, "sample.gpkg")
    virtual = {kind: f"/vsizip/{archive}/sample.gpkg|layername={kind}" for kind in KINDS}
    result = validate_partitioned(points, virtual, folder=str(tmp_path / "parts"),
                                  partitions=3)
    same_findings(points, result, out, tmp_path)


def test_a_far_candidate_across_a_border_is_found(sample, run, tmp_path, monkeypatch):
    """A point 30-100 m from every building gets the entrance of a building as a
    low-confidence suggestion, chosen by its street neighbours' house numbers when they
    bracket its own: found as in one run (here a point put in an open spot of the sample,
    its building across a tile border, the tiles with no margin at all)."""
    _, _, single, _ = run
    ctx = single.context
    parts = ctx.building_index.parts
    tree = shapely.STRtree(parts)
    x0, y0, x1, y1 = shapely.total_bounds(parts)
    gx, gy = np.meshgrid(np.arange(x0, x1, 25.0), np.arange(y0, y1, 25.0))
    spots = shapely.points(gx.ravel(), gy.ravel())
    (spot, nearest), distance = tree.query_nearest(spots, return_distance=True, all_matches=False)
    dry = ~shapely.intersects(shapely.union_all(ctx.water_polygons), spots[spot])
    pick = np.flatnonzero((distance > 50) & (distance < 90) & dry)[0]
    px, py = gx.ravel()[spot[pick]], gy.ravel()[spot[pick]]
    bx, by = shapely.get_coordinates(shapely.centroid(parts[nearest[pick]]))[0]
    path = tmp_path / "far.gpkg"
    shutil.copy(sample, path)
    lon, lat = ctx.to_wgs84(np.array([px]), np.array([py]))
    meta, _, _, _ = pyogrio.raw.read(str(path), layer="points", max_features=1)
    values = {name: np.full(1, None, dtype=object) for name in meta["fields"]}
    values["id"], values["name"] = np.array([90100]), np.array(["Quán nước Hà"], dtype=object)
    pyogrio.raw.write(str(path), geometry=shapely.to_wkb(shapely.points(lon, lat)),
                      field_data=list(values.values()), fields=list(values), layer="points",
                      crs="EPSG:4326", geometry_type="Point", append=True)
    checks = ["snap", "far_from_building", "in_water"]
    refs = {k: f"{path}|layername={k}" for k in KINDS}
    points, layers = read_inputs(f"{path}|layername=points", refs, metric_crs="utm")
    alone = validate(points, checks=checks, **layers)
    f = alone.findings
    assert np.isfinite(f.suggested_x[(f.check == "far_from_building") &
                                     (points.ids[f.index] == 90100)]).all()
    write_findings(alone.findings, points, str(tmp_path / "single.gpkg"))
    cut = float((px + bx) / 2)
    tiles = [Tile("west", -INF, -INF, cut, INF), Tile("east", cut, -INF, INF, INF)]
    monkeypatch.setattr(plan_module, "DEFAULT_BUILDING_M", -2 * 30.0)
    looked_up = []    # the far parts read their footprints through the R-tree
    fids_near = reading_module._fids_near
    monkeypatch.setattr(reading_module, "_fids_near",
                        lambda *a: looked_up.append(fids_near(*a)) or looked_up[-1])
    result = validate_partitioned(points, refs, checks=checks, folder=str(tmp_path / "p"),
                                  tiles=tiles)
    assert looked_up and all(f is not None for f in looked_up) and max(map(len, looked_up))
    same_findings(points, result, tmp_path / "single.gpkg", tmp_path)


def test_communes_declared_by_old_code_or_name_in_parts(tmp_path):
    """Real 2025 communes: points that declare theirs by an old code or by name are placed
    as in one run (each part has every commune), and the old codes converted are counted
    once over all the points, not once per part and halo."""
    from commune_eval import DATA, UTM, communes
    from diachi_geo.crs import WGS84, transform_xy
    from diachi_geo.model import PointSet

    layer = communes()
    metric = shapely.make_valid(layer.to_crs(UTM))
    inner = dict(zip(layer.attributes["code"].tolist(),
                     shapely.point_on_surface(shapely.buffer(metric, -50))))
    rows = [("00070", "00043", "", ""), ("00004", "00043", "", ""),
            ("00070", "00070", "", ""), ("00004", "00070", "", ""),
            ("00004", "", "Phường Hoàn Kiếm", ""), ("00070", "", "", "Số 3, P. Hoàn Kiếm"),
            ("00004", "99999", "", "")]
    xy = np.array([[inner[r[0]].x, inner[r[0]].y] for r in rows])
    lon, lat = transform_xy(xy[:, 0], xy[:, 1], UTM, WGS84)

    def column(k):
        return np.array([r[k] for r in rows], dtype=object)

    points = PointSet("t", np.arange(1, len(rows) + 1), lon, lat, WGS84,
                      {"commune_code": column(1), "commune_name": column(2),
                       "address": column(3)})
    checks = ["outside_commune", "missing_value"]
    alone = validate(points, communes=layer, checks=checks)
    assert alone.notes and (alone.findings.check == "outside_commune").sum() >= 2
    out = tmp_path / "single.gpkg"
    write_findings(alone.findings, points, str(out))
    cut = float(np.median(xy[:, 0]))
    result = validate_partitioned(points, {"communes": str(DATA)}, checks=checks,
                                  folder=str(tmp_path / "parts"),
                                  tiles=[Tile("west", -INF, -INF, cut, INF),
                                         Tile("east", cut, -INF, INF, INF)])
    same_findings(points, result, out, tmp_path)
    assert result.notes == alone.notes


def test_streets_hamlets_and_far_points_across_provinces_and_tiles(tmp_path, monkeypatch):
    """Two generated provinces side by side (each cut in tiles, its communes in several
    groups), and points of one province's hamlets and streets collected in the other (a
    hamlet outlier, a far point whose street neighbours are a province away): the street,
    hamlet, commune and far checks find what one run finds."""
    from bench_provinces import generate
    from diachi_geo.checks.streets.parse import parse_addresses

    path = tmp_path / "two.gpkg"
    generate(2, 1000, path, 5)
    meta, _, wkb, columns = pyogrio.raw.read(str(path), layer="points")
    fields = list(meta["fields"])
    codes, addresses = (columns[fields.index(n)] for n in ("commune_code", "address"))
    parsed = parse_addresses(addresses, codes)
    geometry = shapely.from_wkb(wkb, on_invalid="ignore")
    usable = ~shapely.is_missing(geometry) & ~shapely.is_empty(geometry)
    first = columns[fields.index("id")].astype(np.int64) < 10**8    # the first province's
    with_hamlet = np.flatnonzero(usable & first & (parsed.hamlet >= 0))
    on_street = np.flatnonzero(usable & first & (parsed.street >= 0))
    assert len(with_hamlet) > 50 and len(on_street) > 50
    moved = np.r_[with_hamlet[:: len(with_hamlet) // 6][:6],
                  on_street[:: len(on_street) // 3][:3]]
    there = np.flatnonzero(usable & ~first)[:: 97][:len(moved)]
    # about 40 m off a house over there
    geometry[moved] = shapely.transform(geometry[there], lambda c: c + [0.0004, 0.0003])
    points_path = tmp_path / "points.gpkg"
    pyogrio.raw.write(str(points_path), geometry=shapely.to_wkb(geometry),
                      field_data=columns, fields=fields, layer="points", crs="EPSG:4326",
                      geometry_type="Point")
    refs = {k: f"{path}|layername={k}" for k in KINDS}
    points, layers = read_inputs(f"{points_path}|layername=points", refs, metric_crs="utm")
    checks = ["outside_commune", "commune_mismatch", "snap", "far_from_building",
              "street_mismatch", "hamlet_outlier", "house_number_out_of_sequence"]
    alone = validate(points, checks=checks, **layers)
    f = alone.findings
    counts = {c: int((f.check == c).sum()) for c in checks}
    assert counts["hamlet_outlier"] and counts["far_from_building"] and \
        counts["outside_commune"], counts
    assert np.isin(moved, f.index[f.check == "hamlet_outlier"]).any()
    out = tmp_path / "single.gpkg"
    write_findings(alone.findings, points, str(out))
    provinces = provinces_of(points, layers["communes"])
    assert len(set(provinces.tolist()) - {None}) == 2
    monkeypatch.setattr(tiles_module, "MAX_PART_POINTS", 700)
    ended = []
    result = validate_partitioned(points, refs, checks=checks, provinces=provinces,
                                  folder=str(tmp_path / "parts"),
                                  progress=lambda name, s: ended.append(name))
    assert sum(n.startswith("province-") for n in ended) >= 4
    assert sum(n.startswith("communes-") for n in ended) >= 4
    assert any(n.startswith("far-") for n in ended)
    same_findings(points, result, out, tmp_path)
    assert result.notes == alone.notes


def test_a_worker_reports_its_own_peak_not_the_one_it_inherited():
    """ru_maxrss survives exec: Dask workers started by a process that had read the points
    reported that process's peak (2,370 MiB for every worker of the 4 x 1M bench)."""
    import os
    import subprocess

    lib = pathlib.Path(__file__).resolve().parents[2] / "lib"
    code = ("import numpy as np\n"
            "from diachi_geo.engine.memory import own_peak_mib, start_measuring\n"
            "a = np.ones(400 * 2**20 // 8); before = own_peak_mib(); del a\n"
            "start_measuring(); print(before, own_peak_mib())\n")
    before, after = map(float, subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONPATH": str(lib)}).stdout.split())
    assert before > 400 and after < before - 300


@pytest.mark.parametrize(("ids", "unique"), [
    (["a", "b", "c"], True), (["a", "b", "a"], False), ([None, "b", None], False),
    ([3, 1, 2], True), ([3, 1, 3], False), ([3, None, None], False), ([3, 1, None], True),
    (None, None)])
def test_whether_a_layer_id_field_names_its_features(tmp_path, ids, unique):
    from diachi_geo.engine.plan import id_field_unique
    from diachi_geo.io.write import OutputLayer, write_vector

    columns = {"name": np.array(["x", "y", "z"], dtype=object)}
    if ids is not None:
        columns["id"] = np.array(ids, dtype=object if isinstance(ids[0], str) or
                                 None in ids else np.int64)
    path = tmp_path / "b.gpkg"
    write_vector(str(path), [OutputLayer("buildings", columns, shapely.points(
        [(105.0, 20.0), (105.1, 20.0), (105.2, 20.0)]))])
    assert id_field_unique(f"{path}|layername=buildings") is unique


def test_a_numeric_id_field_with_two_blanks_does_not_name_features(tmp_path):
    """Blank numbers come through Arrow as NaN, each a float of its own: two are still the
    same blank, as one run compares them."""
    from diachi_geo.engine.plan import id_field_unique
    from diachi_geo.io.write import OutputLayer, write_vector

    for ids, unique in (([3.0, 1.0, np.nan], True), ([3.0, np.nan, np.nan], False)):
        path = tmp_path / f"b{unique}.gpkg"
        write_vector(str(path), [OutputLayer("buildings", {"id": np.array(ids)},
                                             shapely.points([(105.0, 20.0), (105.1, 20.0),
                                                             (105.2, 20.0)]))])
        assert id_field_unique(f"{path}|layername=buildings") is unique


def test_learning_that_fails_keeps_the_tiles_and_the_rerun_resumes(straddle, tmp_path,
                                                                   monkeypatch):
    """The duplicates' model is learned in a thread while the tiles run: its error comes
    out of the run as it was, the tiles are kept, and the run started again resumes."""
    points, refs, single, _, at = straddle
    params = DuplicateParams(em_sample=400, em_address_sample=150)
    alone = validate(points, checks=["duplicate", "stacked"], duplicate_params=params)
    out = tmp_path / "single.gpkg"
    write_findings(alone.findings, points, str(out))
    learn = plan_module.learn_duplicate_model

    def failing(*args, **kwargs):
        raise MemoryError("learning ran out of memory")

    monkeypatch.setattr(plan_module, "learn_duplicate_model", failing)
    folder = tmp_path / "parts"
    tiles = cutting_tiles(single, at, alone)
    with pytest.raises(MemoryError, match="learning ran out"):
        validate_partitioned(points, {}, checks=["duplicate", "stacked"],
                             duplicate_params=params, folder=str(folder), tiles=tiles)
    monkeypatch.setattr(plan_module, "learn_duplicate_model", learn)
    ended = {}
    result = validate_partitioned(points, {}, checks=["duplicate", "stacked"],
                                  duplicate_params=params, folder=str(folder), tiles=tiles,
                                  progress=lambda name, s: ended.update({name: s["status"]}))
    assert {ended[t.name] for t in tiles if t.name in ended} == {"skipped"}
    assert {s for n, s in ended.items() if n.startswith("duplicates-")} == {"done"}
    same_findings(points, result, out, tmp_path)
