"""Collected points: one per picked building, with errors injected and the truth kept.

:class:`Collection` picks buildings, names their places, moves points as phones do (jitter)
and marks the points that get each kind of error; :mod:`.campaign` then applies the errors
that live in coordinates and attributes.
"""
from __future__ import annotations

import numpy as np
import shapely

from .layout import Geography
from .names import FAMILY, GIVEN, HAMLETS, MIDDLE, PUBLIC, SHOP_KINDS, variant

__all__ = ["Collection"]


class Collection:
    """Collected points with injected errors and the truth about them."""

    def __init__(self, rng: np.random.Generator, geo: Geography, n: int, error_scale: float):
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
        """How many points get an error of this ``rate`` (at least ``minimum``)."""
        if self.scale <= 0:
            return 0
        return max(minimum, int(round(rate * self.scale * self.n_base)))

    def _names(self, pick: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Category, building type and name of each picked place (households, shops and
        one of each public place per commune); the owners are kept in ``owner``."""
        geo, rng, n = self.geo, self.rng, len(pick)
        commune_names = geo.commune_names[geo.building_commune[pick]]
        people = [f"{FAMILY[a]} {MIDDLE[b]} {GIVEN[c]}" for a, b, c in zip(
            rng.integers(0, len(FAMILY), n), rng.integers(0, len(MIDDLE), n),
            rng.integers(0, len(GIVEN), n))]
        honorific = np.where(rng.random(n) < 0.5, "ông", "bà")
        shop = rng.random(n) < 0.22
        category = np.where(shop, "Cửa hàng", "Nhà ở").astype(object)
        btype = np.where(shop, "retail", "house").astype(object)
        kinds = rng.integers(0, len(SHOP_KINDS), n)
        name = np.array([f"{SHOP_KINDS[k]} {p.split()[-1]}" if s else f"Nhà {h} {p}"
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
                                          hamlet=HAMLETS[p % len(HAMLETS)])
        return category, btype, name

    # error injection -------------------------------------------------------------------
    def _take(self, count: int, *, of_kind: str = "clean", category: str | None = None
              ) -> np.ndarray:
        """``count`` random points still of ``of_kind`` (and ``category``), in order."""
        pool = np.flatnonzero((self.kind == of_kind) &
                              ((self.category == category) if category else True))
        count = min(count, len(pool))
        return np.sort(self.rng.choice(pool, count, replace=False))

    def inject(self) -> None:
        """Jitter some points (a quarter at ``error_scale`` 1) and mark the ones that get
        each other kind of error; stacked groups last."""
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
        """Points jittered out of their commune go back to their entrance."""
        inner = shapely.buffer(self.geo.communes, -8.0)
        inside = shapely.contains_xy(inner[self.commune[idx]], self.x[idx], self.y[idx])
        back = idx[~inside]
        self.x[back], self.y[back] = self.geo.entrance_xy[self.building[back]].T

    def _stacked(self, groups: int) -> None:
        """``groups`` groups of 2 or 3 points put on the same spot."""
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
                "name": np.r_[[variant(n, rng) for n in self.name[idx]], self.name[exact]],
                "kind": np.r_[np.full(len(idx), "duplicate"), np.full(len(exact),
                                                                      "exact_duplicate")]}

    def points_in_river(self, count: int) -> np.ndarray:
        """``count`` random spots in the river, away from the area's east and west ends."""
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

    def far_points(self, where: np.ndarray, x: np.ndarray, y: np.ndarray,
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

    def addresses(self, building: np.ndarray, commune: np.ndarray) -> np.ndarray:
        """The address of each building: its number along the road, then the street (on a
        main road) or the hamlet, the commune and the province."""
        geo = self.geo
        road = geo.building_road[building]
        # house numbers: position along the road, odd on one side, even on the other
        first_of_road = np.searchsorted(geo.building_road, road)
        number = (building - first_of_road) + 1
        main = geo.road_class[road] == "secondary"
        hamlet = np.array([HAMLETS[(r * 7 + c) % len(HAMLETS)] for r, c in zip(road, commune)],
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

