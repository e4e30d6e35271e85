"""A deterministic synthetic campaign: communes, roads, buildings, a river and collected points.

The same generator makes the bundled commune-sized sample (``sample/sample.gpkg``), the
larger sets tests need and the province-scale benchmark. Every injected error is written
to a ``truth`` layer so tests can measure what the checks find. Everything is vectorised:
a million points and buildings take seconds.

Layers: ``points`` (EPSG:4326, as phones record them), ``buildings``, ``entrances``,
``roads``, ``water`` (EPSG:4326, as OpenStreetMap and open footprints come) and
``communes`` (VN-2000 / TM-3 105°, as provinces keep boundaries), plus ``truth``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from .crs import WGS84, transform_xy, vn2000_tm3
from .io.write import OutputLayer, write_vector

__all__ = ["SyntheticCampaign", "generate", "write_campaign", "TRUTH_KINDS"]

METRIC_EPSG = 32648                 # WGS 84 / UTM 48N, where Thanh Hóa lies
VERSION = 3
"""Bumped whenever the generated data changes, so cached benchmark data is made anew."""
ORIGIN = (575_000.0, 2_185_000.0)   # south-west corner, near 105.72°E 19.76°N (Thanh Hóa)
PROVINCE_ORIGIN = (480_000.0, 2_312_000.0)
"""South-west corner for a province-sized area (100 x 150 km from 104.8°E 20.9°N, all land:
Phú Thọ, Tuyên Quang, Thái Nguyên)."""
ROAD_HALF_WIDTH = 3.0
SETBACK = 2.0

TRUTH_KINDS = ("clean", "jitter", "duplicate", "exact_duplicate", "null_island",
               "swapped_latlon", "outside_country", "outside_commune", "unknown_commune",
               "stacked", "invalid_geometry", "missing_value", "in_water", "far_from_building")

_PREFIXES = ["Thiệu", "Hoằng", "Quảng", "Đông", "Yên", "Thọ", "Nga", "Hà", "Vĩnh", "Triệu",
             "Nông", "Thạch", "Cẩm", "Ngọc", "Như", "Tĩnh", "Hậu", "Định", "Xuân", "Thiết"]
_SUFFIXES = ["Đô", "Trung", "Vận", "Giang", "Hưng", "Phú", "Lộc", "Thành", "An", "Hòa", "Tân",
             "Long", "Minh", "Sơn", "Thịnh", "Khánh", "Lợi", "Phúc", "Quang", "Tiến", "Đức",
             "Thủy", "Hải", "Nguyên", "Châu"]
_STREETS = ["Lê Lợi", "Trần Phú", "Nguyễn Trãi", "Quang Trung", "Hàm Nghi", "Bà Triệu",
            "Lý Thường Kiệt", "Hai Bà Trưng", "Phan Chu Trinh", "Nguyễn Du", "Lê Hoàn",
            "Đào Duy Từ", "Tống Duy Tân", "Hạc Thành", "Lam Sơn", "Triệu Quốc Đạt"]
_HAMLETS = ["Đông", "Nam", "Bắc", "Trung", "Phú Lộc", "Yên Lạc", "Đồng Tâm", "Kim Sơn",
            "Tân Phong", "Hòa Bình", "Quyết Thắng", "Thành Công"]
_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
           "Dương", "Lý"]
_MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu"]
_GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Linh",
          "Long", "Mai", "Nam", "Nga", "Phương", "Quân", "Sơn", "Thảo", "Trang", "Tuấn",
          "Yến", "Hạnh", "Thủy"]
_SHOP_KINDS = ["Tạp hóa", "Cửa hàng điện thoại", "Quán cà phê", "Tiệm may", "Cửa hàng vật liệu",
               "Quán phở", "Hiệu thuốc", "Sửa xe máy"]
# (category as collectors write it, building type, names for the public ones)
PUBLIC = [
    ("Cơ quan hành chính", "office", "UBND xã {commune}"),
    ("Trường học", "school", "Trường THCS {commune}"),
    ("Trường học", "school", "Trường Tiểu học {commune}"),
    ("Trường học", "school", "Trường Mầm non {commune}"),
    ("Y tế", "clinic", "Trạm y tế xã {commune}"),
    ("Tôn giáo", "pagoda", "Chùa {hamlet}"),
    ("Chợ", "market", "Chợ {commune}"),
    ("Bưu điện", "post_office", "Bưu điện văn hóa xã {commune}"),
]


@dataclass
class SyntheticCampaign:
    """All generated layers, in WGS 84 except ``communes`` (VN-2000 TM-3)."""

    layers: list[OutputLayer]
    truth: dict[str, np.ndarray]

    def layer(self, name: str) -> OutputLayer:
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
        South-west corner in UTM 48N metres; :data:`PROVINCE_ORIGIN` fits a province.
    """
    rng = np.random.default_rng(seed)
    g = _Geography(rng, communes, commune_size_m, origin)
    g.build_roads()
    g.build_buildings(int(n_points * 1.15) + 40)
    g.build_river()
    return _Collection(rng, g, n_points, error_scale).campaign()


class _Geography:
    """Communes, roads, buildings and a river in metres (UTM 48N)."""

    def __init__(self, rng: np.random.Generator, grid: tuple[int, int],
                 size: tuple[float, float], origin: tuple[float, float]):
        self.rng, (self.nx, self.ny), (self.cw, self.ch) = rng, grid, size
        self.origin = origin
        jitter = rng.uniform(-0.12, 0.12, (grid[1] + 1, grid[0] + 1, 2)) * np.array(size)
        jitter[[0, -1], :, 1] = 0   # keep the outer border straight
        jitter[:, [0, -1], 0] = 0
        gx = origin[0] + np.arange(grid[0] + 1)[None, :] * size[0] + jitter[..., 0]
        gy = origin[1] + np.arange(grid[1] + 1)[:, None] * size[1] + jitter[..., 1]
        polygons, names, codes = [], [], []
        for j in range(grid[1]):
            for i in range(grid[0]):
                ring = [(gx[j, i], gy[j, i]), (gx[j, i + 1], gy[j, i + 1]),
                        (gx[j + 1, i + 1], gy[j + 1, i + 1]), (gx[j + 1, i], gy[j + 1, i])]
                polygons.append(shapely.Polygon(ring))
                k = j * grid[0] + i
                names.append(f"{_PREFIXES[k % len(_PREFIXES)]} "
                             f"{_SUFFIXES[(k // len(_PREFIXES) + 3 * k) % len(_SUFFIXES)]}")
                codes.append(f"{15000 + 7 * k:05d}")
        self.communes = np.array(polygons, dtype=object)
        self.commune_names = np.array(names, dtype=object)
        self.commune_codes = np.array(codes, dtype=object)

    def build_roads(self) -> None:
        """A main road across each commune and perpendicular branch roads."""
        lines, names, classes, commune = [], [], [], []
        for k, polygon in enumerate(self.communes):
            xmin, ymin, xmax, ymax = polygon.bounds
            cy = polygon.centroid.y
            y = cy + self.rng.uniform(-0.1, 0.1) * self.ch
            lines.append(((xmin - 50, y), (xmax + 50, y)))
            names.append(_STREETS[k % len(_STREETS)])
            classes.append("secondary")
            commune.append(k)
            n_branch = max(2, int(self.cw / 260))
            xs = np.linspace(xmin + 0.12 * self.cw, xmax - 0.12 * self.cw, n_branch)
            for b, x in enumerate(xs + self.rng.uniform(-20, 20, n_branch)):
                lines.append(((x, cy - 0.38 * self.ch), (x, cy + 0.38 * self.ch)))
                names.append(f"{_STREETS[(k + b + 3) % len(_STREETS)]}")
                classes.append("residential")
                commune.append(k)
        self.roads = shapely.linestrings(np.array(lines))
        self.road_names = np.array(names, dtype=object)
        self.road_class = np.array(classes, dtype=object)
        self.road_commune = np.array(commune)

    def build_buildings(self, wanted: int) -> None:
        """Rectangular footprints facing the roads: row houses in the middle, detached out."""
        coords = shapely.get_coordinates(self.roads).reshape(-1, 2, 2)
        lengths = np.hypot(*(coords[:, 1] - coords[:, 0]).T)
        per_metre = wanted / (2 * lengths.sum() * 0.75)
        facade, depth, gap = [], [], []
        rows = []
        for r, length in enumerate(lengths):
            for side in (-1.0, 1.0):
                n = max(4, int(length * per_metre * 1.3))
                widths = self.rng.uniform(4.5, 8.0, n)
                gaps = np.where(self.rng.random(n) < 0.5, 0.0, self.rng.uniform(3, 14, n))
                start = np.cumsum(np.r_[0.0, (widths + gaps)[:-1]]) + 30
                keep = start + widths < length - 30
                rows.append((r, side, start[keep], widths[keep]))
                facade.append(widths[keep])
                depth.append(self.rng.uniform(9, 16, keep.sum()))
                gap.append(gaps[keep])
        polys, entrance, road, frames = [], [], [], []
        d_iter = iter(depth)
        for r, side, start, widths in rows:
            (x0, y0), (x1, y1) = coords[r]
            ux, uy = (x1 - x0), (y1 - y0)
            norm = np.hypot(ux, uy)
            ux, uy = ux / norm, uy / norm
            nx_, ny_ = -uy * side, ux * side           # normal pointing away from the road
            d = next(d_iter)
            off = ROAD_HALF_WIDTH + SETBACK
            ax = x0 + ux * start + nx_ * off
            ay = y0 + uy * start + ny_ * off
            bx, by = ax + ux * widths, ay + uy * widths
            cx, cy = bx + nx_ * d, by + ny_ * d
            dx, dy = ax + nx_ * d, ay + ny_ * d
            ring = np.stack([np.c_[ax, ay], np.c_[bx, by], np.c_[cx, cy], np.c_[dx, dy],
                             np.c_[ax, ay]], axis=1)
            polys.append(shapely.polygons(ring))
            entrance.append(np.c_[(ax + bx) / 2, (ay + by) / 2])
            road.append(np.full(len(start), r))
            # along the facade, away from the road, facade width, depth
            frames.append(np.c_[np.full(len(start), ux), np.full(len(start), uy),
                                np.full(len(start), nx_), np.full(len(start), ny_), widths, d])
        polygons = np.concatenate(polys)
        entrances = np.concatenate(entrance)
        road_of = np.concatenate(road)
        frame = np.concatenate(frames)
        keep, commune_of = self._free_of_conflicts(polygons)
        self.frame = frame[keep]
        self.buildings = polygons[keep]
        self.entrance_xy = entrances[keep]
        self.building_road = road_of[keep]
        self.building_commune = commune_of[keep]
        # sort along each road so house numbers run along the street
        order = np.lexsort((self.entrance_xy[:, 0] + self.entrance_xy[:, 1], self.building_road))
        self.buildings, self.entrance_xy = self.buildings[order], self.entrance_xy[order]
        self.frame = self.frame[order]
        self.building_road, self.building_commune = (self.building_road[order],
                                                     self.building_commune[order])

    def _free_of_conflicts(self, polygons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which footprints clear roads and each other, and the commune each lies in."""
        shrunk = shapely.buffer(polygons, -0.2, join_style="mitre")
        keep = np.ones(len(polygons), dtype=bool)
        road_zone = shapely.buffer(self.roads, ROAD_HALF_WIDTH + 0.5, cap_style="flat")
        hit, _ = shapely.STRtree(road_zone).query(shrunk, predicate="intersects")
        keep[hit] = False
        left, right = shapely.STRtree(shrunk).query(shrunk, predicate="intersects")
        keep[np.maximum(left, right)[left != right]] = False
        inner = shapely.buffer(self.communes, -15.0)
        commune_of = np.full(len(polygons), -1)
        a, b = shapely.STRtree(inner).query(polygons, predicate="within")
        commune_of[a] = b
        return keep & (commune_of >= 0), commune_of

    def build_river(self) -> None:
        """A river winding across the area; buildings in or near it are removed."""
        xmin, ymin = self.origin
        width = self.nx * self.cw
        xs = np.linspace(xmin - 100, xmin + width + 100, 60)
        base = ymin + self.ch * (0.72 if self.ny == 1 else 0.95)
        ys = base + 0.05 * self.ch * np.sin(np.linspace(0, 5 * np.pi, len(xs)))
        centre = shapely.linestrings(np.c_[xs, ys])
        self.river = shapely.buffer(centre, 25.0)
        near = shapely.dwithin(self.buildings, self.river, 8.0)
        keep = ~near
        self.buildings, self.entrance_xy = self.buildings[keep], self.entrance_xy[keep]
        self.frame = self.frame[keep]
        self.building_road = self.building_road[keep]
        self.building_commune = self.building_commune[keep]


class _Collection:
    """Collected points with injected errors and the truth about them."""

    def __init__(self, rng: np.random.Generator, geo: _Geography, n: int, error_scale: float):
        self.rng, self.geo, self.scale = rng, geo, error_scale
        n_buildings = len(geo.buildings)
        n = min(n, n_buildings)
        self.n_base = n
        pick = np.sort(rng.choice(n_buildings, n, replace=False))
        self.building = pick
        self.x, self.y = geo.entrance_xy[pick, 0].copy(), geo.entrance_xy[pick, 1].copy()
        self.kind = np.full(n, "clean", dtype=object)
        self.commune = geo.building_commune[pick]
        self.category, self.btype, self.name = self._names(pick)
        # public buildings have a mapped main gate a quarter along the facade, not mid-way
        public = ~np.isin(self.btype, ("house", "retail"))
        ux, uy, _, _, width, _ = geo.frame[pick[public]].T
        geo.entrance_xy[pick[public]] -= np.c_[ux, uy] * (width / 4)[:, None]
        self.x[public], self.y[public] = geo.entrance_xy[pick[public]].T
        self.duplicate_of = np.full(n, -1)
        self.group = np.full(n, "", dtype=object)
        self.detail = np.full(n, "", dtype=object)

    def _count(self, rate: float, minimum: int) -> int:
        if self.scale <= 0:
            return 0
        return max(minimum, int(round(rate * self.scale * self.n_base)))

    def _names(self, pick: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        geo, rng, n = self.geo, self.rng, len(pick)
        commune_names = geo.commune_names[geo.building_commune[pick]]
        people = [f"{_FAMILY[a]} {_MIDDLE[b]} {_GIVEN[c]}" for a, b, c in zip(
            rng.integers(0, len(_FAMILY), n), rng.integers(0, len(_MIDDLE), n),
            rng.integers(0, len(_GIVEN), n))]
        honorific = np.where(rng.random(n) < 0.5, "ông", "bà")
        shop = rng.random(n) < 0.22
        category = np.where(shop, "Cửa hàng", "Nhà ở").astype(object)
        btype = np.where(shop, "retail", "house").astype(object)
        kinds = rng.integers(0, len(_SHOP_KINDS), n)
        name = np.array([f"{_SHOP_KINDS[k]} {p.split()[-1]}" if s else f"Nhà {h} {p}"
                         for s, k, p, h in zip(shop, kinds, people, honorific)], dtype=object)
        self.owner = np.array(people, dtype=object)
        # the public places: one of each per commune, on detached buildings
        _, first = np.unique(geo.building_commune[pick], return_index=True)
        for c_pos in first:
            commune_index = geo.building_commune[pick[c_pos]]
            candidates = np.flatnonzero(geo.building_commune[pick] == commune_index)
            chosen = rng.choice(candidates, min(len(PUBLIC), len(candidates)), replace=False)
            for (cat, bt, template), p in zip(PUBLIC, chosen):
                category[p], btype[p] = cat, bt
                name[p] = template.format(commune=commune_names[p],
                                          hamlet=_HAMLETS[p % len(_HAMLETS)])
        return category, btype, name

    # error injection -------------------------------------------------------------------
    def _take(self, count: int, *, of_kind: str = "clean", category: str | None = None
              ) -> np.ndarray:
        pool = np.flatnonzero((self.kind == of_kind) &
                              ((self.category == category) if category else True))
        count = min(count, len(pool))
        return np.sort(self.rng.choice(pool, count, replace=False))

    def inject(self) -> None:
        rng = self.rng
        geo = self.geo
        # jitter as phones make it: in the street in front, in the yard behind, on the roof
        idx = self._take(self._count(0.25, 0))
        ux, uy, nx, ny, width, depth = geo.frame[self.building[idx]].T
        where = rng.choice(np.array(["street", "yard", "roof"], dtype=object), len(idx),
                           p=[0.4, 0.3, 0.3])
        along = rng.uniform(-0.45, 0.45, len(idx)) * width
        out = np.select([where == "street", where == "yard"],
                        [-rng.uniform(1.5, 4.5, len(idx)),            # into the road
                         depth + rng.uniform(1.0, 6.0, len(idx))],    # in the back yard
                        rng.uniform(0.3, 0.9, len(idx)) * depth)      # under the roof
        self.x[idx] += along * ux + out * nx
        self.y[idx] += along * uy + out * ny
        self.kind[idx] = "jitter"
        self.detail[idx] = where
        self._keep_inside_commune(idx)
        for kind, rate, minimum in (("null_island", 0.003, 5), ("swapped_latlon", 0.003, 5),
                                    ("outside_country", 0.002, 4),
                                    ("outside_commune", 0.005, 8),
                                    ("unknown_commune", 0.001, 2),
                                    ("invalid_geometry", 0.002, 4),
                                    ("missing_value", 0.01, 15), ("in_water", 0.002, 4),
                                    ("far_from_building", 0.003, 4)):
            self.kind[self._take(self._count(rate, minimum))] = kind
        self._stacked(self._count(0.002, 4))

    def _keep_inside_commune(self, idx: np.ndarray) -> None:
        inner = shapely.buffer(self.geo.communes, -8.0)
        inside = shapely.contains_xy(inner[self.commune[idx]], self.x[idx], self.y[idx])
        back = idx[~inside]
        self.x[back], self.y[back] = self.geo.entrance_xy[self.building[back]].T

    def _stacked(self, groups: int) -> None:
        for g in range(groups):
            members = self._take(int(self.rng.integers(2, 4)))
            if len(members) < 2:
                return
            self.x[members[1:]], self.y[members[1:]] = self.x[members[0]], self.y[members[0]]
            self.commune[members[1:]] = self.commune[members[0]]
            self.kind[members] = "stacked"
            self.group[members] = f"s{g}"

    def duplicates(self) -> dict[str, np.ndarray]:
        """Extra records: the same place collected again under another spelling."""
        rng = self.rng
        idx = self._take(self._count(0.02, 12))
        exact = self._take(self._count(0.004, 3))
        angle = rng.uniform(0, 2 * np.pi, len(idx))
        dist = rng.uniform(3, 30, len(idx))
        inner = shapely.buffer(self.geo.communes, -8.0)
        inside = shapely.contains_xy(inner[self.commune[idx]], self.x[idx] + dist * np.cos(angle),
                                     self.y[idx] + dist * np.sin(angle))
        dist[~inside] = 3.0   # sources are 15 m or more inside their commune
        return {"source": np.r_[idx, exact],
                "x": np.r_[self.x[idx] + dist * np.cos(angle), self.x[exact]],
                "y": np.r_[self.y[idx] + dist * np.sin(angle), self.y[exact]],
                "name": np.r_[[_variant(n, rng) for n in self.name[idx]], self.name[exact]],
                "kind": np.r_[np.full(len(idx), "duplicate"), np.full(len(exact),
                                                                      "exact_duplicate")]}

    def campaign(self) -> SyntheticCampaign:
        rng, geo = self.rng, self.geo
        self.inject()
        dup = self.duplicates()
        src = dup["source"]
        n0 = self.n_base
        x, y = np.r_[self.x, dup["x"]], np.r_[self.y, dup["y"]]
        kind = np.r_[self.kind, dup["kind"]].astype(object)
        building = np.r_[self.building, self.building[src]]
        commune = np.r_[self.commune, self.commune[src]]
        name = np.r_[self.name, dup["name"]].astype(object)
        category = np.r_[self.category, self.category[src]].astype(object)
        duplicate_of = np.r_[np.full(n0, -1), src]
        group = np.r_[self.group, np.full(len(src), "", dtype=object)]
        detail = np.r_[self.detail, np.full(len(src), "", dtype=object)]
        n = len(x)
        ids = np.arange(1, n + 1)
        true_x, true_y = geo.entrance_xy[building].T
        # places that move in metres: into the river, onto open land
        where = np.flatnonzero(kind == "in_water")
        river_xy = self._points_in_river(len(where))
        x[where], y[where] = river_xy[:, 0], river_xy[:, 1]
        commune[where] = _containing(geo.communes, x[where], y[where], commune[where])
        where = np.flatnonzero(kind == "far_from_building")
        x[where], y[where] = self._far_points(where, x, y, commune)
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
        address = self._addresses(building, commune)
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
        digital = np.array([_digital_code(rng, c) if r < 0.6 else None for c, r in
                            zip(geo.commune_codes[commune], rng.random(n))], dtype=object)
        owner = np.r_[self.owner, self.owner[src]]
        phone = np.array([f"09{v:08d}" for v in rng.integers(0, 10**8, n)], dtype=object)
        # a place collected again keeps its code half the time (else none) and its owner's
        # phone most of the time
        copies = np.arange(n0, n)
        keep_code = rng.random(len(copies)) < 0.5
        digital[copies] = np.where(keep_code, digital[src], None)
        keep_phone = rng.random(len(copies)) < 0.7
        phone[copies] = np.where(keep_phone, phone[src], phone[copies])
        email = np.array([f"{_ascii(o).replace(' ', '.').lower()}{i}@example.vn"
                          for i, o in zip(ids, owner)], dtype=object)
        btype = np.r_[self.btype, self.btype[src]]
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
        return SyntheticCampaign(self._reference_layers(kind, building) + [
            points, OutputLayer("truth", dict(truth), shapely.points(truth_lon, truth_lat))],
            truth)

    def _points_in_river(self, count: int) -> np.ndarray:
        river = self.geo.river
        inner = shapely.buffer(river, -6.0)
        xmin, ymin, xmax, ymax = inner.bounds
        out = []
        while len(out) < count:
            px, py = self.rng.uniform(xmin, xmax), self.rng.uniform(ymin, ymax)
            west = self.geo.origin[0]
            if shapely.contains_xy(inner, px, py) and west + 200 < px < \
                    west + self.geo.nx * self.geo.cw - 200:
                out.append((px, py))
        return np.array(out).reshape(-1, 2)

    def _far_points(self, where: np.ndarray, x: np.ndarray, y: np.ndarray,
                    commune: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Unmapped houses: moved to open land, 60 m or more from any building."""
        tree = shapely.STRtree(self.geo.buildings)
        fx, fy = x[where].copy(), y[where].copy()
        inner = shapely.buffer(self.geo.communes, -40.0)
        for k, i in enumerate(where):
            for _ in range(200):
                cx = self.rng.uniform(*inner[commune[i]].bounds[0::2])
                cy = self.rng.uniform(*inner[commune[i]].bounds[1::2])
                p = shapely.Point(cx, cy)
                if inner[commune[i]].contains(p) and not len(tree.query(p, predicate="dwithin",
                                                                        distance=60)) and \
                        not shapely.dwithin(self.geo.river, p, 60):
                    fx[k], fy[k] = cx, cy
                    break
        return fx, fy

    def _addresses(self, building: np.ndarray, commune: np.ndarray) -> np.ndarray:
        geo = self.geo
        road = geo.building_road[building]
        # house numbers: position along the road, odd on one side, even on the other
        first_of_road = np.searchsorted(geo.building_road, road)
        number = (building - first_of_road) + 1
        main = geo.road_class[road] == "secondary"
        hamlet = np.array([_HAMLETS[(r * 7 + c) % len(_HAMLETS)] for r, c in zip(road, commune)],
                          dtype=object)
        commune_name = geo.commune_names[commune]
        street = geo.road_names[road]
        address = np.where(
            main,
            [f"Số {n} đường {s}, xã {c}, tỉnh Thanh Hóa" for n, s, c in
             zip(number, street, commune_name)],
            [f"Số {n}, thôn {h}, xã {c}, tỉnh Thanh Hóa" for n, h, c in
             zip(number, hamlet, commune_name)]).astype(object)
        return address

    def _reference_layers(self, kind: np.ndarray, building: np.ndarray) -> list[OutputLayer]:
        geo = self.geo
        keep = np.ones(len(geo.buildings), dtype=bool)
        keep[building[kind == "far_from_building"]] = False  # unmapped houses
        b_ids = np.arange(1, len(geo.buildings) + 1)
        btype = np.full(len(geo.buildings), "house", dtype=object)
        bname = np.full(len(geo.buildings), None, dtype=object)
        base = building[: self.n_base]
        btype[base] = self.btype
        public = ~np.isin(self.btype, ("house", "retail"))
        bname[base[public]] = self.name[public]
        lonlat = _to_wgs84(geo.buildings[keep])
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
                            _to_wgs84(geo.roads))
        water = OutputLayer("water", {"id": np.array([1]),
                                      "name": np.array(["Sông Chu"], dtype=object),
                                      "natural": np.array(["water"], dtype=object)},
                            _to_wgs84(np.array([geo.river])))
        tm3 = vn2000_tm3(105.0)
        communes = OutputLayer("communes", {
            "code": geo.commune_codes,
            "name": np.array([f"Xã {n}" for n in geo.commune_names], dtype=object),
            "province": np.full(len(geo.communes), "Thanh Hóa", dtype=object),
            "district_code": np.full(len(geo.communes), "394", dtype=object)},
            _reproject(geo.communes, tm3), tm3)
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


def _to_wgs84(geometries: np.ndarray) -> np.ndarray:
    return _reproject(geometries, WGS84)


def _reproject(geometries: np.ndarray, crs: object) -> np.ndarray:
    def fn(xy: np.ndarray) -> np.ndarray:
        x, y = transform_xy(xy[:, 0], xy[:, 1], METRIC_EPSG, crs)
        return np.c_[x, y]
    return shapely.transform(geometries, fn)


def _variant(name: str, rng: np.random.Generator) -> str:
    """Another collector's spelling of ``name``."""
    from .text import fold

    swaps = [("Trường Trung học cơ sở", "THCS"), ("Trường THCS", "Trường trung học cơ sở"),
             ("UBND", "Uỷ ban nhân dân"), ("Trường Tiểu học", "TH"), ("Trạm y tế", "TYT"),
             ("Nhà ông", "Nhà ô."), ("Nhà bà", "Hộ bà"), ("Tạp hóa", "Tạp hoá"),
             ("Bưu điện văn hóa xã", "BĐVH xã"), ("Trường Mầm non", "MN")]
    for old, new in swaps:
        if old in name and rng.random() < 0.8:
            name = name.replace(old, new)
            break
    choice = rng.random()
    if choice < 0.35:
        return fold(name).title()        # typed without accents
    if choice < 0.5:
        return name.upper()
    return name


def _ascii(text: str) -> str:
    from .text import fold
    return fold(text)


def _digital_code(rng: np.random.Generator, commune_code: str) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "TH" + commune_code[-3:] + "".join(rng.choice(list(letters), 6))


def write_campaign(campaign: SyntheticCampaign, path: str) -> None:
    """Write every layer of ``campaign`` to one GeoPackage (atomically)."""
    write_vector(path, campaign.layers)
