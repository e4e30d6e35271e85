"""The generated land: communes tiling a grid, roads, buildings facing them and a river.

Everything is built in metres (WGS 84 / UTM 48N); :func:`to_wgs84` (or
:func:`diachi_geo.model.reproject` from ``METRIC_EPSG``) takes geometries from there to the
CRS a layer is written in.
"""
from __future__ import annotations

import numpy as np
import shapely

from ..crs import WGS84
from ..model import reproject
from .names import PREFIXES, STREETS, SUFFIXES

__all__ = ["Geography", "METRIC_EPSG", "ORIGIN", "PROVINCE_ORIGIN", "ROAD_HALF_WIDTH",
           "SETBACK", "to_wgs84"]

METRIC_EPSG = 32648                 # WGS 84 / UTM 48N, where Thanh Hóa lies
ORIGIN = (575_000.0, 2_185_000.0)   # south-west corner, near 105.72°E 19.76°N (Thanh Hóa)
PROVINCE_ORIGIN = (480_000.0, 2_312_000.0)
"""South-west corner for a province-sized area (100 x 150 km from 104.8°E 20.9°N, all land:
Phú Thọ, Tuyên Quang, Thái Nguyên)."""
ROAD_HALF_WIDTH = 3.0
SETBACK = 2.0


class Geography:
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
                names.append(f"{PREFIXES[k % len(PREFIXES)]} "
                             f"{SUFFIXES[(k // len(PREFIXES) + 3 * k) % len(SUFFIXES)]}")
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
            names.append(STREETS[k % len(STREETS)])
            classes.append("secondary")
            commune.append(k)
            n_branch = max(2, int(self.cw / 260))
            xs = np.linspace(xmin + 0.12 * self.cw, xmax - 0.12 * self.cw, n_branch)
            for b, x in enumerate(xs + self.rng.uniform(-20, 20, n_branch)):
                lines.append(((x, cy - 0.38 * self.ch), (x, cy + 0.38 * self.ch)))
                names.append(f"{STREETS[(k + b + 3) % len(STREETS)]}")
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


def to_wgs84(geometries: np.ndarray) -> np.ndarray:
    """``geometries`` from the metric CRS to WGS 84."""
    return reproject(geometries, METRIC_EPSG, WGS84)

