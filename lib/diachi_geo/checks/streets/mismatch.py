"""The ``street_mismatch`` check: named roads run past the point, but not the street its
address names.

A point whose address says "Số 12 đường Lê Lợi" should stand by a road named Lê Lợi. When
named roads lie within ``street_search_m`` and none of them, nor any road within
``street_reach_m`` (a house set back from its street; ``street_lane_reach_m`` for a house
down a lane), carries that name, the address and the place disagree. Points with no
street in their address (a hamlet address), with only unnamed roads near or with no road
near at all get nothing.
"""
from __future__ import annotations

import numpy as np
import shapely

from ...arrays import plain
from ...findings import FindingTable
from ..context import Context
from .parse import street_addresses
from .roads import StreetRoads, match_table, street_roads

__all__ = ["check_street_mismatch"]

NEAREST_NAMES = 3
"""Road names a finding lists, nearest first."""


def check_street_mismatch(ctx: Context) -> FindingTable:
    """Located points whose address names a street that no named road near them carries."""
    parsed = street_addresses(ctx)
    roads = street_roads(ctx)
    p = ctx.params
    index = np.flatnonzero(ctx.located & (parsed.street >= 0))
    if not len(index) or not len(roads.road):
        return FindingTable.empty()
    points = ctx.metric_points_at(index)
    pos, road = roads.near(points, p.street_search_m)
    carried = match_table(parsed.streets, roads, parsed.street[index[pos]], roads.key[road])
    suspect = np.zeros(len(index), dtype=bool)
    suspect[pos] = True
    suspect[pos[carried]] = False
    # the street a little farther: a school set back from it, a house down its lane
    candidates = np.flatnonzero(suspect)
    reach = np.where(parsed.lane[index[candidates]], p.street_lane_reach_m, p.street_reach_m)
    far_pos, far_road = roads.near(points[candidates], float(reach.max(initial=0.0)))
    ok = match_table(parsed.streets, roads, parsed.street[index[candidates[far_pos]]],
                     roads.key[far_road])
    far_pos, far_road = far_pos[ok], far_road[ok]
    within = shapely.distance(points[candidates[far_pos]], roads.geometry[far_road]) <= \
        reach[far_pos]
    keep = np.ones(len(candidates), dtype=bool)
    keep[far_pos[within]] = False
    found = candidates[keep]
    if not len(found):
        return FindingTable.empty()
    street_distance = _distance_to_street(ctx, roads, index[found], points[found])
    params, related = _nearby_roads(ctx, roads, points, found, pos, road)
    for k, i in enumerate(index[found]):
        params[k]["street"] = parsed.streets[parsed.street[i]].written
        if np.isfinite(street_distance[k]):
            params[k]["street_distance_m"] = round(float(street_distance[k]))
    message = np.where(np.isfinite(street_distance), "street_mismatch", "street_not_on_map")
    return FindingTable.for_points(index[found], check="street_mismatch", severity="warning",
                                   message_code=message, params=params,
                                   related_id=related, score=0.6)


def _nearby_roads(ctx: Context, roads: StreetRoads, points: np.ndarray, found: np.ndarray,
                  pos: np.ndarray, road: np.ndarray) -> tuple[list[dict], list[object]]:
    """For each found point, the names of the nearest named roads and the distance to the
    nearest, and the id of that road."""
    ids = ctx.layers["roads"].ids
    wanted = np.isin(pos, found)
    pos, road = pos[wanted], road[wanted]
    distance = shapely.distance(points[pos], roads.geometry[road])
    order = np.lexsort((distance, pos))
    pos, road, distance = pos[order], road[order], distance[order]
    starts = np.searchsorted(pos, found)
    ends = np.searchsorted(pos, found, side="right")
    params, related = [], []
    for start, end in zip(starts.tolist(), ends.tolist()):
        near: list[str] = []
        for r in road[start:end].tolist():
            name = roads.label[r]
            if name not in near:
                near.append(name)
        params.append({"roads": ", ".join(near[:NEAREST_NAMES]),
                       "distance_m": round(float(distance[start]), 1)})
        related.append(plain(ids[roads.road[road[start]]]))
    return params, related


def _distance_to_street(ctx: Context, roads: StreetRoads, index: np.ndarray,
                        points: np.ndarray) -> np.ndarray:
    """Distance from each point to the nearest road carrying its address's street
    (infinite when no road does), one query per distinct street."""
    parsed = street_addresses(ctx)
    out = np.full(len(index), np.inf)
    street = parsed.street[index]
    for s in np.unique(street).tolist():
        lines = roads.geometry[np.isin(roads.key, roads.carrying(parsed.streets[s]))]
        if len(lines):
            at = np.flatnonzero(street == s)
            out[at] = shapely.distance(points[at], shapely.geometrycollections(lines))
    return out
