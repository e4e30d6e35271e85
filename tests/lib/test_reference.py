"""The reference builder on small real-format sources made from the sample: an .osm.pbf
(osmium), a gzip Open Buildings CSV and Microsoft GeoJSON lines; and old commune codes."""
from __future__ import annotations

import csv
import shutil

import numpy as np
import pyogrio
import pyogrio.raw
import pytest
import shapely
from diachi_geo.cli import main
from diachi_geo.reference import build_reference_file, write_sources
from helpers import checksum, located_ids


@pytest.fixture(scope="module")
def sources(sample, tmp_path_factory):
    if shutil.which("osmium") is None:
        pytest.skip("osmium-tool is not installed (make system installs it)")
    return write_sources(str(sample), str(tmp_path_factory.mktemp("sources")))


def layer(path, name):
    meta, _, wkb, values = pyogrio.raw.read(path, layer=name)
    return shapely.from_wkb(wkb), dict(zip(meta["fields"], values))


def test_every_layer_is_built_and_duplicates_between_sources_are_merged(
        sources, sample, tmp_path):
    before = {k: checksum(v) for k, v in sources.items()}
    out = tmp_path / "reference.gpkg"
    counts = build_reference_file(str(out), area=f"{sample}|layername=communes",
                                  osm=sources["osm"], buildings_csv=sources["buildings_csv"],
                                  buildings_geojsonl=sources["buildings_geojsonl"])
    truth, _ = layer(sample, "buildings")
    built, attrs = layer(out, "buildings")
    assert counts["buildings"] == len(truth) == len(built)  # one footprint per building
    assert set(attrs["source"]) == {"osm", "gob"}  # every Microsoft copy was an OSM one
    tree = shapely.STRtree(built)
    a, b = tree.query(built, predicate="intersects")
    overlaps = shapely.area(shapely.intersection(built[a[a != b]], built[b[a != b]]))
    assert (overlaps < 0.3 * shapely.area(built[a[a != b]])).all()
    assert not any(str(i).startswith("gob_7PGHOST") for i in attrs["id"])  # 0.62 < 0.7
    assert len(np.unique(attrs["id"])) == len(built)
    for name, expected in (("entrances", layer(sample, "entrances")[0]),
                           ("communes", layer(sample, "communes")[0])):
        assert counts[name] == len(expected) > 0
    roads, road_attrs = layer(out, "roads")
    assert counts["roads"] > 0 and {"highway", "name"} <= set(road_attrs)
    assert counts["water"] == 1
    assert {"buildings", "roads", "water", "entrances", "communes"} <= \
        {n for n, _ in pyogrio.list_layers(out)}
    assert {k: checksum(v) for k, v in sources.items()} == before


def test_low_confidence_and_preference_are_configurable(sources, sample, tmp_path):
    out = tmp_path / "r.gpkg"
    counts = build_reference_file(str(out), area=f"{sample}|layername=communes",
                                  buildings_csv=sources["buildings_csv"], min_confidence=0.6)
    _, attrs = layer(out, "buildings")
    # the 20 ghosts at 0.62 are in (one may fall on a real roof and be merged into it)
    assert sum(str(i).startswith("gob_7PGHOST") for i in attrs["id"]) >= 18
    out2 = tmp_path / "r2.gpkg"
    by_confidence = build_reference_file(
        str(out2), area=f"{sample}|layername=communes", osm=sources["osm"],
        buildings_geojsonl=sources["buildings_geojsonl"], prefer="confidence")
    _, attrs2 = layer(out2, "buildings")
    assert by_confidence["buildings"] < counts["buildings"] + 400
    assert "msb" not in set(attrs2["source"])  # OSM footprints count as fully confident


def test_bbox_area_and_the_cli(sources, tmp_path, capsys):
    out = tmp_path / "bbox.gpkg"
    assert main(["reference", "build", "--area", "105.72,19.76,105.73,19.77", "--osm",
                 sources["osm"], "--out", str(out)]) == 0
    assert "buildings" in capsys.readouterr().out
    built, _ = layer(out, "buildings")
    centres = shapely.centroid(built)
    assert (shapely.get_x(centres) < 105.735).all() and len(built) > 10


def test_points_with_old_commune_codes_validate_against_the_new_communes(
        sources, sample, truth, tmp_path):
    mapping = {new: old for old, new in csv.reader(open(sources["commune_mapping"]))}
    meta, fids, wkb, values = pyogrio.raw.read(sample, layer="points", return_fids=True)
    columns = dict(zip(meta["fields"], values))
    columns["commune_code"] = np.array([mapping.get(c, c) for c in columns["commune_code"]],
                                       dtype=object)
    old = tmp_path / "old_codes.gpkg"
    pyogrio.raw.write(str(old), geometry=wkb, field_data=list(columns.values()),
                      fields=list(columns), crs="EPSG:4326", geometry_type="Point")
    outside = {}
    for label, extra in (("without", []), ("with", ["--commune-mapping",
                                                    sources["commune_mapping"]])):
        out = tmp_path / f"{label}.csv"
        assert main(["validate", str(old), "--communes", f"{sample}|layername=communes",
                     "--checks", "outside_commune", "--out", str(out), "--quiet", *extra]) == 0
        outside[label] = sum(1 for line in open(out, encoding="utf-8-sig")) - 1
    base = tmp_path / "base.csv"
    main(["validate", f"{sample}|layername=points", "--communes",
          f"{sample}|layername=communes", "--checks", "outside_commune", "--out", str(base),
          "--quiet"])
    assert outside["with"] == sum(1 for _ in open(base, encoding="utf-8-sig")) - 1
    assert outside["without"] == len(located_ids(truth))  # each one "outside" its old code


def test_road_numbers_are_kept_and_the_street_check_knows_roads_by_them(sample, tmp_path):
    """OSM roads in Vietnam carry their number in ``ref`` ("QL1A", "ĐT.741"), often with no
    name: the built roads layer keeps it and an address on "Quốc lộ 1A" matches the road."""
    if shutil.which("osmium") is None:
        pytest.skip("osmium-tool is not installed (make system installs it)")
    from diachi_geo.crs import transform_xy
    from diachi_geo.io import read_reference
    from diachi_geo.validate import validate
    from helpers import point_set

    campaign = tmp_path / "campaign.gpkg"
    for name in ("buildings", "roads", "water", "entrances", "communes"):
        meta, _, wkb, values = pyogrio.raw.read(sample, layer=name)
        columns = dict(zip(meta["fields"], values))
        if name == "roads":   # Lê Lợi is also QL1A and AH1; Trần Phú only ĐT.741
            columns["ref"] = np.full(len(wkb), None, dtype=object)
            first = {n: int(np.flatnonzero(columns["name"] == n)[0])
                     for n in ("Lê Lợi", "Trần Phú")}
            columns["ref"][first["Lê Lợi"]] = "QL1A;AH1"
            columns["ref"][first["Trần Phú"]] = "ĐT.741"
            columns["name"][first["Trần Phú"]] = None
        pyogrio.raw.write(str(campaign), geometry=wkb, field_data=list(columns.values()),
                          fields=list(columns), crs=meta["crs"], layer=name,
                          geometry_type=meta["geometry_type"], append=name != "buildings")
    sources = write_sources(str(campaign), str(tmp_path / "sources"))
    assert sources["osm"].endswith(".osm.pbf")
    out = tmp_path / "reference.gpkg"
    build_reference_file(str(out), area=f"{sample}|layername=communes", osm=sources["osm"])
    roads, attrs = layer(out, "roads")
    by_ref = {r: n for r, n in zip(attrs["ref"], attrs["name"]) if r}
    assert by_ref == {"QL1A;AH1": "Lê Lợi", "ĐT.741": None}

    utm = "EPSG:32648"
    built = read_reference(f"{out}|layername=roads", kind="roads")
    without = read_reference(f"{sample}|layername=roads", kind="roads")
    metric = shapely.transform(roads, lambda xy: np.column_stack(
        transform_xy(xy[:, 0], xy[:, 1], 4326, utm)))
    places = []
    for ref, address in (("QL1A;AH1", "Số 5 Quốc lộ 1A"), ("ĐT.741", "Số 3 Đường tỉnh 741"),
                         ("QL1A;AH1", "Số 11 Quốc lộ 5")):
        road = metric[list(attrs["ref"]).index(ref)]
        others = shapely.union_all(metric[metric != road])
        along = shapely.line_interpolate_point(road, np.linspace(0.1, 0.9, 41), normalized=True)
        spot = along[np.argmax(shapely.distance(along, others))]  # away from crossings
        places.append((address, shapely.get_x(spot), shapely.get_y(spot) + 12))

    def mismatched(roads_layer) -> list[int]:
        points = point_set([(x, y) for _, x, y in places], crs=utm,
                           address=[a for a, _, _ in places], commune_code=["00091"] * 3)
        f = validate(points, roads=roads_layer, checks=["street_mismatch"]).findings
        return sorted(f.index[f.check == "street_mismatch"].tolist())

    assert mismatched(built) == [2]            # Quốc lộ 5 is not this road
    assert mismatched(without) == [0, 2]       # without the number, QL1A is "Lê Lợi" only
