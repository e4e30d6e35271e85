"""``--against REGISTRY`` in parts (``diachi_geo.engine``, ``--engine dask``): the points
already published are found as one run finds them, finding by finding, also where a
point and its published record lie in two tiles."""
from __future__ import annotations

import pathlib
import pickle
import sys
from types import SimpleNamespace

import numpy as np
import pytest
import shapely
from diachi_geo.cli import main
from diachi_geo.config import DuplicateParams
from diachi_geo.engine import Tile, validate_partitioned
from diachi_geo.engine import registry as registry_module
from diachi_geo.engine.task import run_part
from diachi_geo.engine.tiles import owner_of
from diachi_geo.io.points import read_points
from diachi_geo.output import write_findings
from diachi_geo.text import fold
from diachi_geo.validate import validate
from helpers import write_points

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tools"))
from compare_findings import differences, read_rows

INF = float("inf")
CHECKS = ["duplicate", "stacked"]
SAMPLED = DuplicateParams(em_sample=400, em_address_sample=150)
"""Fewer learning pairs than the points and the records make: the weights are learned
where the run starts and the tiles score their pairs with them."""
TWICE = 40
"""Every 40th record is published twice (the same place, name and spot: equal scores)."""


@pytest.fixture(scope="module")
def published(sample, tmp_path_factory):
    """The sample's points and a registry that published every other located one again,
    2-25 m away (GPS of another day), a third of the names typed without tone marks, a
    few records twice: the points, the registry's path and records, their metric ``x``,
    ``y``, the ids of the records published twice (``first``) and of their copies."""
    folder = tmp_path_factory.mktemp("published")
    points = read_points(f"{sample}|layername=points", personal=("owner_phone",))
    ctx = validate(points, checks=["null_island"]).context
    x, y = ctx.metric_xy
    rng = np.random.default_rng(7)
    taken = np.flatnonzero(ctx.located)[::2]
    angle, distance = rng.uniform(0, 2 * np.pi, len(taken)), rng.uniform(2, 25, len(taken))
    rx, ry = x[taken] + distance * np.cos(angle), y[taken] + distance * np.sin(angle)
    names = points.attribute("name")[taken].copy()
    unmarked = rng.random(len(taken)) < 0.3
    names[unmarked] = [fold(n) if isinstance(n, str) else n for n in names[unmarked]]
    category = points.attribute("category")[taken]
    twice = np.arange(0, len(taken), TWICE)
    rx, ry = np.r_[rx, rx[twice]], np.r_[ry, ry[twice]]
    names, category = np.r_[names, names[twice]], np.r_[category, category[twice]]
    lon, lat = ctx.to_wgs84(rx, ry)
    ids = np.array([f"R-{k}" for k in range(len(rx))], dtype=object)
    path = write_points(folder / "registry.gpkg", list(shapely.points(lon, lat)), id=ids,
                        name=names.astype(object), category=category.astype(object))
    return SimpleNamespace(points=points, path=path,
                           registry=read_points(str(path), required=("id", "name")),
                           x=rx, y=ry, first=set(ids[twice]), copies=set(ids[len(taken):]))


def alone(points, registry, params: DuplicateParams, folder: pathlib.Path):
    """The single run's result and its findings file."""
    result = validate(points, checks=CHECKS, registry=registry, duplicate_params=params)
    out = folder / "single.gpkg"
    write_findings(result.findings, points, str(out))
    return result, out


def straddling_tiles(result, rx: np.ndarray, ry: np.ndarray) -> list[Tile]:
    """Tiles cut midway between the three points farthest (in x) from their published
    record, and at the median y: matches straddle the borders."""
    x, y = result.context.metric_xy
    f = result.findings
    matched = f.message_code == "duplicate_of_registry"
    point = f.index[matched]
    record = np.array([int(r[2:]) for r in f.related_id[matched]])
    farthest = np.argsort(-np.abs(x[point] - rx[record]))[:3]
    cuts = sorted(((x[point] + rx[record]) / 2)[farthest].tolist())
    y_cut = float(np.median(y[result.context.located]))
    tiles = [Tile(f"tile-{c}-{r}", left, low, right, high)
             for c, (left, right) in enumerate(zip([-INF, *cuts], [*cuts, INF]))
             for r, (low, high) in enumerate([(-INF, y_cut), (y_cut, INF)])]
    across = owner_of(tiles, x[point], y[point]) != owner_of(tiles, rx[record], ry[record])
    assert across.sum() >= 5, across.sum()
    return tiles


def registry_rows(findings) -> list[tuple]:
    rows = findings.message_code == "duplicate_of_registry"
    return list(zip(findings.index[rows].tolist(), findings.related_id[rows].tolist(),
                    findings.score[rows].tolist()))


@pytest.mark.parametrize("params, first_pass", [(DuplicateParams(), True),
                                                (SAMPLED, False)],
                         ids=["scored-first", "scored-in-tiles"])
def test_points_in_a_registry_are_found_as_in_one_run(published, tmp_path, params,
                                                      first_pass):
    p = published
    points, registry = p.points, p.registry
    single, out = alone(points, registry, params, tmp_path)
    found = registry_rows(single.findings)
    assert len(found) > 200
    # a place published twice: its point is matched with the first record
    matched = {r for _, r, _ in found}
    assert p.first & matched and not p.copies & matched
    folder = tmp_path / "parts"
    result = validate_partitioned(points, {}, checks=CHECKS, duplicate_params=params,
                                  folder=str(folder), registry=registry,
                                  tiles=straddling_tiles(single, p.x, p.y))
    # all the pairs fit in the learning sample: scored once where the run starts
    assert (folder / "registry.done.json").exists() == first_pass
    parts = tmp_path / "parts.gpkg"
    write_findings(result.findings, points, str(parts))
    assert differences(read_rows(str(out)), read_rows(str(parts))) == []
    # in the same order too, each point once
    assert registry_rows(result.findings) == found


def test_without_the_registry_halo_the_tiles_miss_matches(published, tmp_path, monkeypatch):
    """The comparison above can fail: tiles given only the records among their own
    points miss the points whose record is across a border."""
    p = published
    points, registry = p.points, p.registry
    single, _ = alone(points, registry, SAMPLED, tmp_path)
    monkeypatch.setattr(registry_module, "registry_reach", lambda params: 0.0)
    result = validate_partitioned(points, {}, checks=CHECKS, duplicate_params=SAMPLED,
                                  folder=str(tmp_path / "parts"), registry=registry,
                                  tiles=straddling_tiles(single, p.x, p.y))
    missed = set(registry_rows(single.findings)) - set(registry_rows(result.findings))
    assert len(missed) >= 5


def test_a_tile_is_sent_its_own_records_only(published, tmp_path):
    """A tile crosses to a worker with the records within reach of its points, not the
    registry; what it finds there is what it finds here."""
    p = published
    points, registry = p.points, p.registry
    single, out = alone(points, registry, SAMPLED, tmp_path)
    sent = []

    def pickling(specs):
        for spec in specs:
            there = pickle.loads(pickle.dumps(spec))
            if spec.registry_model is not None:
                assert there.registry_of is None and there.points is not None
                sent.append((len(there.registry), len(spec.registry_at)))
            yield spec, run_part(there)

    result = validate_partitioned(points, {}, checks=CHECKS, duplicate_params=SAMPLED,
                                  folder=str(tmp_path / "parts"), registry=registry,
                                  tiles=straddling_tiles(single, p.x, p.y),
                                  executor=pickling)
    assert len(sent) == 8 and all(0 < n == at < len(registry) for n, at in sent)
    assert sum(n for n, _ in sent) < 2 * len(registry)
    parts = tmp_path / "parts.gpkg"
    write_findings(result.findings, points, str(parts))
    assert differences(read_rows(str(out)), read_rows(str(parts))) == []


def test_dedupe_against_on_dask_finds_what_one_process_finds(published, sample, tmp_path):
    pytest.importorskip("distributed")
    registry = published.path
    config = tmp_path / "sampled.toml"
    config.write_text("[duplicates]\nem_sample = 400\nem_address_sample = 150\n",
                      encoding="utf-8")
    args = [f"{sample}|layername=points", "--against", str(registry), "--config",
            str(config), "--quiet"]
    assert main(["dedupe", *args, "--out", str(tmp_path / "alone.gpkg")]) == 0
    assert main(["dedupe", *args, "--out", str(tmp_path / "dask.gpkg"), "--engine", "dask",
                 "--workers", "1", "--partitions", "3"]) == 0
    rows = read_rows(str(tmp_path / "alone.gpkg"))
    assert sum(r["message_code"] == "duplicate_of_registry" for r in rows.values()) > 100
    assert differences(rows, read_rows(str(tmp_path / "dask.gpkg"))) == []
