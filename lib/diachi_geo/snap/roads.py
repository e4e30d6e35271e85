"""The road index that the snapping threads share, and the road each building faces.

Roads are cut into short segments; for each building part the index finds, once and on
demand, its nearest road, the wall facing that road and the other roads about as near (a
corner house). A point's address picks between two such roads.
"""
from __future__ import annotations

import re

import numpy as np
import shapely

from ..text import fold
from .geometry import Edges, first_min, morton_order, project, unique_ints

__all__ = ["RoadIndex", "road_of_points"]


class RoadIndex:
    """Roads cut into short segments (tight boxes make range queries fast), and for each
    building part, computed once on demand: its nearest road and segment, the wall facing
    it, and the other roads about as near (corners).

    Parts are given by their position in ``polygons``, the building parts of a
    :class:`~diachi_geo.snap.buildings.BuildingIndex`. The threads of
    :func:`~diachi_geo.snap.snap_to_entrances` share one index. A part near the cut between
    two runs may be computed by both (the same values); each cache has a "done" marker
    written after its values, so a thread never reads a part half written.
    """

    AMBIGUOUS_M = 10.0
    """Two roads within this much of each other's distance: ask the address."""
    FIRST_SEARCH_M = 30.0
    """Roads this near a part's centre come from one range query and plain arrays; only
    parts farther from every road pay for a nearest search."""

    def __init__(self, roads: np.ndarray, n_parts: int, search: float):
        pieces = shapely.segmentize(shapely.force_2d(roads), 200.0)
        coords, owner = shapely.get_coordinates(pieces, return_index=True)
        same = owner[:-1] == owner[1:]
        self.segments = shapely.linestrings(np.stack([coords[:-1][same], coords[1:][same]], 1))
        self.segment_road = owner[:-1][same]
        self.tree = shapely.STRtree(self.segments)
        self.roads, self.search = roads, search
        self.segment_xy = np.c_[coords[:-1][same], coords[1:][same]]   # ax, ay, bx, by
        self._road_of_part = np.full(n_parts, -2)
        self._segment_of_part = np.full(n_parts, -1)
        self._distance_of_part = np.full(n_parts, np.inf)
        self._centre = np.full((n_parts, 2), np.nan)
        self._facing = np.full((n_parts, 4), np.nan)
        self._facing_done = np.zeros(n_parts, dtype=bool)
        self._others_known = np.zeros(n_parts, dtype=bool)
        self._others: dict[int, list[int]] = {}

    def facing(self, parts: np.ndarray, road: np.ndarray, polygons: np.ndarray
               ) -> tuple[np.ndarray, ...]:
        """(ax, ay, bx, by) of each part's wall facing ``road``; the wall facing a part's
        nearest road, the usual case, is computed once per part."""
        usual = road == self.road_of_parts(parts, polygons)
        out = np.empty((len(parts), 4))
        missing = usual & ~self._facing_done[parts]
        if missing.any():
            wanted = unique_ints(parts[missing], len(self._facing))[0]
            self._facing[wanted] = _wall_facing_segment(
                polygons[wanted], self.segment_xy[self._segment_of_part[wanted]])
            self._facing_done[wanted] = True     # after the walls, for the other thread
        out[usual] = self._facing[parts[usual]]
        if not usual.all():
            out[~usual] = np.column_stack(
                _facing_edges(polygons, parts[~usual], road[~usual], self.roads))
        return tuple(out.T)

    def distance(self, px: np.ndarray, py: np.ndarray, parts: np.ndarray, road: np.ndarray,
                 polygons: np.ndarray) -> np.ndarray:
        """Distance from points near ``parts`` to ``road``; for a part's nearest road, to the
        segment of it nearest to the part, with plain arrays."""
        usual = road == self.road_of_parts(parts, polygons)
        out = np.empty(len(px))
        out[usual] = self._segment_distance(px[usual], py[usual],
                                            self._segment_of_part[parts[usual]])
        if not usual.all():
            out[~usual] = shapely.distance(shapely.points(px[~usual], py[~usual]),
                                           self.roads[road[~usual]])
        return out

    def _segment_distance(self, px: np.ndarray, py: np.ndarray, segment: np.ndarray
                          ) -> np.ndarray:
        """Distance from each point to its road ``segment`` (an index)."""
        ax, ay, bx, by = self.segment_xy[segment].T
        qx, qy = project(px, py, ax, ay, bx, by)
        return np.hypot(qx - px, qy - py)

    def road_of_parts(self, parts: np.ndarray, polygons: np.ndarray) -> np.ndarray:
        """The nearest road (index) of each part's centre within ``search``, -1 when none.

        The centre (of the footprint's bounding box) stands for the footprint: a point
        query is many times faster than a polygon query, and for a house the nearest road
        is the same.
        """
        todo = self._road_of_part[parts] == -2
        if todo.any():
            self._find_roads(unique_ints(parts[todo], len(self._road_of_part))[0], polygons)
        return self._road_of_part[parts]

    def _find_roads(self, wanted: np.ndarray, polygons: np.ndarray) -> None:
        """Fill the caches of the ``wanted`` parts: nearest road, segment, distance and the
        corner roads that the same range query found."""
        box = shapely.bounds(polygons[wanted])
        cx, cy = (box[:, 0] + box[:, 2]) / 2, (box[:, 1] + box[:, 3]) / 2
        self._centre[wanted] = np.c_[cx, cy]
        order = morton_order(cx, cy)
        wanted, cx, cy = wanted[order], cx[order], cy[order]
        centres = shapely.points(cx, cy)
        radius = min(self.FIRST_SEARCH_M, self.search)
        pos, segment = self.tree.query(centres, predicate="dwithin", distance=radius)
        dist = self._segment_distance(cx[pos], cy[pos], segment)
        best = first_min(dist, pos)
        nearest, nearest_distance = np.full(len(wanted), -1), np.full(len(wanted), np.inf)
        nearest[pos[best]], nearest_distance[pos[best]] = segment[best], dist[best]
        rest = np.flatnonzero(nearest < 0)
        if len(rest) and radius < self.search:
            (far, far_segment), far_distance = self.tree.query_nearest(
                centres[rest], max_distance=self.search, return_distance=True,
                all_matches=False)
            nearest[rest[far]], nearest_distance[rest[far]] = far_segment, far_distance
        road = np.where(nearest >= 0, self.segment_road[np.maximum(nearest, 0)], -1)
        self._segment_of_part[wanted] = nearest
        self._distance_of_part[wanted] = nearest_distance
        # corners come from the same pairs wherever the range covered nearest + AMBIGUOUS_M
        pair_road = self.segment_road[segment]
        other = (pair_road != road[pos]) & (dist <= nearest_distance[pos] + self.AMBIGUOUS_M)
        self._remember_others(wanted[pos[other]], pair_road[other])
        self._others_known[wanted[nearest_distance + self.AMBIGUOUS_M <= radius]] = True
        # written last: another thread reading a part's road finds everything else ready
        self._road_of_part[wanted] = road

    def _remember_others(self, parts: np.ndarray, road: np.ndarray) -> None:
        """Record each distinct (part, corner road) pair once."""
        keys = np.unique(parts.astype(np.int64) * (len(self.roads) + 1) + road)
        for p, r in zip((keys // (len(self.roads) + 1)).tolist(),
                        (keys % (len(self.roads) + 1)).tolist()):
            self._others.setdefault(p, []).append(r)

    def other_roads(self, parts: np.ndarray, polygons: np.ndarray) -> dict[int, list[int]]:
        """{position in ``parts``: roads} for parts near a corner: roads other than the
        nearest at most ``AMBIGUOUS_M`` farther from the part's centre than the nearest."""
        nearest = self.road_of_parts(parts, polygons)
        limit = self._distance_of_part[parts] + self.AMBIGUOUS_M
        unknown = np.flatnonzero(~self._others_known[parts] & np.isfinite(limit))
        if len(unknown):
            pos, segment = self.tree.query(shapely.points(self._centre[parts[unknown]]),
                                           predicate="dwithin", distance=limit[unknown])
            pos, road = unknown[pos], self.segment_road[segment]
            other = road != nearest[pos]
            self._remember_others(parts[pos[other]], road[other])
            self._others_known[parts[unknown]] = True
        return {k: self._others[p] for k, p in enumerate(parts.tolist()) if p in self._others}


def road_of_points(idx: np.ndarray, part: np.ndarray, polygons: np.ndarray, roads: RoadIndex,
                   addresses: np.ndarray | None, road_names: np.ndarray | None) -> np.ndarray:
    """The road each point's building faces: the one its address names when two roads are
    about as near (a corner house on Lê Lợi faces Lê Lợi), else the nearest; -1 if none.

    ``idx`` are the points asked about, ``part`` the building part of every point and
    ``polygons`` the building parts.
    """
    road = roads.road_of_parts(part[idx], polygons)
    if addresses is None or road_names is None:
        return road

    def words(text: object) -> str:
        return " " + " ".join(re.findall(r"\w+", fold(str(text)))) + " "

    unique, inverse = unique_ints(part[idx], len(polygons))
    others = roads.other_roads(unique, polygons)
    if not others:
        return road
    names: dict[int, str | None] = {}

    def named(r: int, address: str) -> bool:
        if r not in names:
            names[r] = words(road_names[r]) if road_names[r] else None
        return names[r] is not None and names[r] in address

    for k in np.flatnonzero(np.isin(inverse, list(others))).tolist():
        address = words(addresses[idx[k]])
        if not named(int(road[k]), address):
            road[k] = next((r for r in others[int(inverse[k])] if named(r, address)), road[k])
    return road


def _wall_facing_segment(polygons: np.ndarray, segment: np.ndarray) -> np.ndarray:
    """(ax, ay, bx, by) of each polygon's outline edge whose middle is nearest to its road
    ``segment`` (rows of ax, ay, bx, by), computed with plain arrays."""
    edges = Edges.of(polygons)
    seg = segment[edges.owner]
    mx = (edges.start[:, 0] + edges.end[:, 0]) / 2
    my = (edges.start[:, 1] + edges.end[:, 1]) / 2
    qx, qy = project(mx, my, seg[:, 0], seg[:, 1], seg[:, 2], seg[:, 3])
    facing = first_min(np.hypot(qx - mx, qy - my), edges.owner)
    out = np.full((len(polygons), 4), np.nan)
    out[edges.owner[facing]] = np.c_[edges.start[facing], edges.end[facing]]
    return out


def _facing_edges(polygons: np.ndarray, parts: np.ndarray, road: np.ndarray,
                  roads: np.ndarray) -> tuple[np.ndarray, ...]:
    """Start and end (ax, ay, bx, by) of the outline edge of each part facing its road.

    The facing edge is the one whose middle is nearest to the road (the side walls touch
    the front corners, so their nearest points tie with the front wall's).
    """
    # one key per (part, road) pair: np.unique on integers, not on rows
    keys, inverse = np.unique(parts.astype(np.int64) * (len(roads) + 1) + road,
                              return_inverse=True)
    pair_part, pair_road = keys // (len(roads) + 1), keys % (len(roads) + 1)
    edges = Edges.of(polygons[pair_part])
    middles = shapely.points((edges.start + edges.end) / 2)
    dist = shapely.distance(middles, roads[pair_road][edges.owner])
    facing = first_min(dist, edges.owner)
    facing_of = np.empty(len(keys), dtype=np.int64)
    facing_of[edges.owner[facing]] = facing
    edge = facing_of[inverse]
    return (*edges.start[edge].T, *edges.end[edge].T)
