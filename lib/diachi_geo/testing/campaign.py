"""A whole campaign assembled: the points layer with every error applied, the reference
layers, the ``truth`` layer, and writing them to one GeoPackage.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from ..crs import WGS84, transform_xy, vn2000_tm3
from ..io.write import OutputLayer, write_vector
from ..model import reproject
from ..text import fold
from .collection import Collection
from .layout import METRIC_EPSG, ORIGIN, Geography, to_wgs84
from .names import digital_code

__all__ = ["SyntheticCampaign", "generate", "write_campaign", "TRUTH_KINDS", "VERSION"]

VERSION = 3
"""Bumped whenever the generated data changes, so cached benchmark data is made anew."""

TRUTH_KINDS = ("clean", "jitter", "duplicate", "exact_duplicate", "null_island",
               "swapped_latlon", "outside_country", "outside_commune", "unknown_commune",
               "stacked", "invalid_geometry", "missing_value", "in_water", "far_from_building")


@dataclass
class SyntheticCampaign:
    """All generated layers, in WGS 84 except ``communes`` (VN-2000 TM-3)."""

    layers: list[OutputLayer]
    truth: dict[str, np.ndarray]

    def layer(self, name: str) -> OutputLayer:
        """The layer called ``name``."""
        return next(layer for layer in self.layers if layer.name == name)


def generate(n_points: int = 2000, *, communes: tuple[int, int] = (2, 2),
             commune_size_m: tuple[float, float] = (1600.0, 1600.0), seed: int = 7,
             error_scale: float = 1.0, origin: tuple[float, float] = ORIGIN
             ) -> SyntheticCampaign:
    """Generate a campaign of about ``n_points`` collected points.

    Parameters
    ----------
    communes : (columns, rows)
        The grid of communes; ``commune_size_m`` is the size of one cell.
    error_scale : float
        Multiplies every injected error rate (0 gives clean data).
    origin : (x, y)
        South-west corner in UTM 48N metres; :data:`~.layout.PROVINCE_ORIGIN` fits a province.
    """
    rng = np.random.default_rng(seed)
    g = Geography(rng, communes, commune_size_m, origin)
    g.build_roads()
    g.build_buildings(int(n_points * 1.15) + 40)
    g.build_river()
    return _assemble(Collection(rng, g, n_points, error_scale))


def _assemble(col: Collection) -> SyntheticCampaign:
    """Inject the errors of ``col``, add its duplicates and build every layer."""
    rng, geo = col.rng, col.geo
    col.inject()
    dup = col.duplicates()
    src = dup["source"]
    n0 = col.n_base
    x, y = np.r_[col.x, dup["x"]], np.r_[col.y, dup["y"]]
    kind = np.r_[col.kind, dup["kind"]].astype(object)
    building = np.r_[col.building, col.building[src]]
    commune = np.r_[col.commune, col.commune[src]]
    name = np.r_[col.name, dup["name"]].astype(object)
    category = np.r_[col.category, col.category[src]].astype(object)
    duplicate_of = np.r_[np.full(n0, -1), src]
    group = np.r_[col.group, np.full(len(src), "", dtype=object)]
    detail = np.r_[col.detail, np.full(len(src), "", dtype=object)]
    n = len(x)
    ids = np.arange(1, n + 1)
    true_x, true_y = geo.entrance_xy[building].T
    # places that move in metres: into the river, onto open land
    where = np.flatnonzero(kind == "in_water")
    river_xy = col.points_in_river(len(where))
    x[where], y[where] = river_xy[:, 0], river_xy[:, 1]
    commune[where] = _containing(geo.communes, x[where], y[where], commune[where])
    where = np.flatnonzero(kind == "far_from_building")
    x[where], y[where] = col.far_points(where, x, y, commune)
    _separate(x, y, kind, group)
    lon, lat = transform_xy(x, y, METRIC_EPSG, WGS84)
    # errors that live in coordinates and codes
    codes = geo.commune_codes[commune].copy()
    where = kind == "outside_commune"
    neighbour = (commune[where] + 1) % len(geo.communes)
    codes[where] = geo.commune_codes[neighbour]
    codes[kind == "unknown_commune"] = "99999"
    where = np.flatnonzero(kind == "null_island")
    lon[where] = rng.uniform(-0.0005, 0.0005, len(where))
    lat[where] = rng.uniform(-0.0005, 0.0005, len(where))
    lon[where[::2]], lat[where[::2]] = 0.0, 0.0
    where = kind == "swapped_latlon"
    lon[where], lat[where] = lat[where].copy(), lon[where].copy()
    where = np.flatnonzero(kind == "outside_country")
    abroad = np.array([(102.45, 19.55), (100.52, 13.75), (116.5, 19.5), (106.2, 23.9),
                       (104.9, 11.55), (121.0, 14.6)])
    lon[where], lat[where] = abroad[np.arange(len(where)) % len(abroad)].T
    geometry = shapely.points(lon, lat)
    invalid = np.flatnonzero(kind == "invalid_geometry")
    geometry[invalid[::2]] = None
    geometry[invalid[1::2]] = shapely.from_wkt("POINT EMPTY")
    address = col.addresses(building, commune)
    category = category.copy()
    missing = np.flatnonzero(kind == "missing_value")
    for k, i in enumerate(missing):
        [name, category, address][k % 3][i] = ["", None, "  "][k % 3]
    collectors = np.array([f"ctv{c:02d}" for c in range(1, 13)], dtype=object)
    collector = collectors[(commune * 3 + rng.integers(0, 3, n)) % len(collectors)]
    collector[n0:] = np.where(kind[n0:] == "exact_duplicate", collector[src],
                              collectors[(commune[n0:] * 3 + 5) % len(collectors)])
    t0 = np.datetime64("2026-09-07T07:30:00")
    minutes = np.sort(rng.integers(0, 40 * 24 * 60, n))
    collected_at = (t0 + minutes.astype("timedelta64[m]")).astype(str).astype(object)
    digital = np.array([digital_code(rng, c) if r < 0.6 else None for c, r in
                        zip(geo.commune_codes[commune], rng.random(n))], dtype=object)
    owner = np.r_[col.owner, col.owner[src]]
    phone = np.array([f"09{v:08d}" for v in rng.integers(0, 10**8, n)], dtype=object)
    # a place collected again keeps its code half the time (else none) and its owner's
    # phone most of the time
    copies = np.arange(n0, n)
    keep_code = rng.random(len(copies)) < 0.5
    digital[copies] = np.where(keep_code, digital[src], None)
    keep_phone = rng.random(len(copies)) < 0.7
    phone[copies] = np.where(keep_phone, phone[src], phone[copies])
    email = np.array([f"{fold(o).replace(' ', '.').lower()}{i}@example.vn"
                      for i, o in zip(ids, owner)], dtype=object)
    btype = np.r_[col.btype, col.btype[src]]
    points = OutputLayer("points", {
        "id": ids, "name": name, "category": category, "address": address,
        "commune_code": codes, "digital_code": digital, "collector": collector,
        "collected_at": collected_at, "photo": np.array([f"photos/{i}.jpg" for i in ids],
                                                        dtype=object),
        "owner_name": owner, "owner_phone": phone, "owner_email": email}, geometry)
    truth_lon, truth_lat = transform_xy(true_x, true_y, METRIC_EPSG, WGS84)
    truth = {"point_id": ids, "kind": kind, "building_id": building + 1,
             "duplicate_of": np.where(duplicate_of >= 0, duplicate_of + 1, 0),
             "group": group, "detail": detail, "true_commune": geo.commune_codes[commune],
             "true_lon": truth_lon, "true_lat": truth_lat, "building_type": btype}
    return SyntheticCampaign(_reference_layers(col, kind, building) + [
        points, OutputLayer("truth", dict(truth), shapely.points(truth_lon, truth_lat))],
        truth)


def _reference_layers(col: Collection, kind: np.ndarray, building: np.ndarray
                      ) -> list[OutputLayer]:
    """Communes, buildings (less the unmapped houses), entrances, roads and water."""
    geo = col.geo
    keep = np.ones(len(geo.buildings), dtype=bool)
    keep[building[kind == "far_from_building"]] = False  # unmapped houses
    b_ids = np.arange(1, len(geo.buildings) + 1)
    btype = np.full(len(geo.buildings), "house", dtype=object)
    bname = np.full(len(geo.buildings), None, dtype=object)
    base = building[: col.n_base]
    btype[base] = col.btype
    public = ~np.isin(col.btype, ("house", "retail"))
    bname[base[public]] = col.name[public]
    lonlat = to_wgs84(geo.buildings[keep])
    buildings = OutputLayer("buildings", {"id": b_ids[keep], "building": btype[keep],
                                          "name": bname[keep]}, lonlat)
    public_buildings = base[public]
    ex, ey = transform_xy(*geo.entrance_xy[public_buildings].T, METRIC_EPSG, WGS84)
    entrances = OutputLayer("entrances", {
        "id": np.arange(1, len(public_buildings) + 1),
        "entrance": np.full(len(public_buildings), "main", dtype=object),
        "building_id": public_buildings + 1}, shapely.points(ex, ey))
    roads = OutputLayer("roads", {"id": np.arange(1, len(geo.roads) + 1),
                                  "name": geo.road_names, "highway": geo.road_class},
                        to_wgs84(geo.roads))
    water = OutputLayer("water", {"id": np.array([1]),
                                  "name": np.array(["Sông Chu"], dtype=object),
                                  "natural": np.array(["water"], dtype=object)},
                        to_wgs84(np.array([geo.river])))
    tm3 = vn2000_tm3(105.0)
    communes = OutputLayer("communes", {
        "code": geo.commune_codes,
        "name": np.array([f"Xã {n}" for n in geo.commune_names], dtype=object),
        "province": np.full(len(geo.communes), "Thanh Hóa", dtype=object),
        "district_code": np.full(len(geo.communes), "394", dtype=object)},
        reproject(geo.communes, METRIC_EPSG, tm3), tm3)
    return [communes, buildings, entrances, roads, water]


def _containing(polygons: np.ndarray, x: np.ndarray, y: np.ndarray, default: np.ndarray
                ) -> np.ndarray:
    """Index of the polygon containing each point (``default`` where none does)."""
    out = default.copy()
    point_pos, polygon = shapely.STRtree(polygons).query(shapely.points(x, y),
                                                         predicate="within")
    out[point_pos] = polygon
    return out


def _separate(x: np.ndarray, y: np.ndarray, kind: np.ndarray, group: np.ndarray) -> None:
    """Move apart points that landed within 1 m of each other by chance.

    Random jitter sometimes drops a point on another one; that is a real ``stacked`` case
    but not an injected one, so the truth would be wrong. Stacked groups and exact
    re-submissions stay where they are.
    """
    for _ in range(5):
        tree = shapely.STRtree(shapely.points(x, y))
        a, b = tree.query(shapely.points(x, y), predicate="dwithin", distance=1.0)
        pair = (a < b) & ~((group[a] != "") & (group[a] == group[b]))
        fixed = np.isin(kind, ("stacked", "exact_duplicate", "clean"))
        pair &= ~(fixed[a] & fixed[b])
        movable = np.where(fixed[b], a, b)[pair]
        if not len(movable):
            return
        x[movable] += 2.5
        y[movable] += 1.5


def write_campaign(campaign: SyntheticCampaign, path: str) -> None:
    """Write every layer of ``campaign`` to one GeoPackage (atomically)."""
    write_vector(path, campaign.layers)
