"""The named roads of a run in metres: their street keys, short segments for range
queries, and the roads of one name merged into lines to measure along."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from weakref import WeakKeyDictionary

import numpy as np
import shapely

from ...distinct import distinct_codes
from ..context import Context
from .names import StreetName, carries, road_name

__all__ = ["StreetRoads", "street_roads", "match_table"]

SEGMENT_M = 200.0
LONG_M = 500.0
"""Roads whose box is wider and taller than this (long diagonal roads) are cut into pieces
of ``SEGMENT_M`` for range queries: their box would hold far too many points. Other roads
(most map ways, and every road running north-south or east-west) stay whole."""


@dataclass
class StreetRoads:
    """Named roads in metres (position in the roads layer, street key id, geometry)."""

    road: np.ndarray
    """Position of each named road in the roads layer (twice for a road with a name and
    a number)."""
    key: np.ndarray
    """Each named road's position in :attr:`keys`."""
    keys: list[StreetName]
    geometry: np.ndarray
    label: np.ndarray
    """Each named road's name (or number) as the layer writes it."""

    @cached_property
    def segments(self) -> tuple[shapely.STRtree, np.ndarray]:
        """A tree of the roads, the long diagonal ones in pieces, and the named road
        (position here) of each."""
        geometry = shapely.force_2d(self.geometry)
        box = shapely.bounds(geometry)
        long = np.flatnonzero((box[:, 2] - box[:, 0] > LONG_M) & (box[:, 3] - box[:, 1] > LONG_M))
        coords, owner = shapely.get_coordinates(shapely.segmentize(geometry[long], SEGMENT_M),
                                                return_index=True)
        same = owner[:-1] == owner[1:]
        pieces = shapely.linestrings(np.stack([coords[:-1][same], coords[1:][same]], 1)) \
            if same.any() else np.empty(0, dtype=object)
        whole = np.setdiff1d(np.arange(len(geometry)), long)
        return (shapely.STRtree(np.concatenate([geometry[whole], pieces])),
                np.concatenate([whole, long[owner[:-1][same]]]))

    def near(self, points: np.ndarray, distance: float) -> tuple[np.ndarray, np.ndarray]:
        """(position in ``points``, named road) pairs within ``distance``, each pair once."""
        tree, owner = self.segments
        if not len(points) or not len(owner):
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        pos, piece = tree.query(points, predicate="dwithin", distance=distance)
        pair = np.unique(pos.astype(np.int64) * len(self.road) + owner[piece])
        return pair // len(self.road), pair % len(self.road)

    @cached_property
    def lines(self) -> tuple[np.ndarray, np.ndarray]:
        """The roads of each folded name merged into lines where they join end to end (one
        line per stretch of a street), and the folded name (position in :attr:`folded`) of
        each line."""
        folded_of_key = np.array([self.folded_ids[k.folded] for k in self.keys],
                                 dtype=np.int64)
        parts, part_of = shapely.get_parts(shapely.force_2d(self.geometry), return_index=True)
        names, dense = np.unique(folded_of_key[self.key[part_of]], return_inverse=True)
        order = np.argsort(dense, kind="stable")
        merged = shapely.line_merge(shapely.multilinestrings(parts[order],
                                                             indices=dense[order]))
        lines, owner = shapely.get_parts(merged, return_index=True)
        return lines, names[owner]

    @cached_property
    def by_folded(self) -> dict[str, list[int]]:
        """The keys of each folded name; a lane's also under its street's ("ngo 34 le loi"
        under "le loi")."""
        found: dict[str, list[int]] = {}
        for k, key in enumerate(self.keys):
            found.setdefault(key.folded, []).append(k)
            words = key.folded.split(" ", 2)
            if words[0] == "ngo" and len(words) == 3:
                found.setdefault(words[2], []).append(k)
        return found

    def carrying(self, street: StreetName) -> np.ndarray:
        """The keys (positions in :attr:`keys`) of the roads that carry ``street``."""
        return np.array([k for k in self.by_folded.get(street.folded, [])
                         if carries(self.keys[k], street)], dtype=np.int64)

    @cached_property
    def folded_ids(self) -> dict[str, int]:
        """Position of each folded street name among the roads' names."""
        return {f: i for i, f in enumerate(dict.fromkeys(k.folded for k in self.keys))}


def match_table(streets: list[StreetName], roads: StreetRoads, street: np.ndarray,
                key: np.ndarray) -> np.ndarray:
    """Whether each road key ``key`` carries the street ``street`` (positions in ``streets``
    and ``roads.keys``), worked out once per distinct pair."""
    if not len(street):
        return np.zeros(0, dtype=bool)
    pair = street.astype(np.int64) * max(len(roads.keys), 1) + key
    distinct, inverse = np.unique(pair, return_inverse=True)
    answers = np.array([carries(roads.keys[p % len(roads.keys)],
                                streets[p // len(roads.keys)]) for p in distinct.tolist()],
                       dtype=bool)
    return answers[inverse.ravel()]


_CACHE: WeakKeyDictionary[Context, StreetRoads] = WeakKeyDictionary()


def street_roads(ctx: Context) -> StreetRoads:
    """The named roads of ``ctx`` (computed once per run). A road with a number as well as
    a name ("Giải Phóng", ``ref`` "QL1A") is there under both; "QL1A;AH1" is two."""
    if ctx not in _CACHE:
        layer = ctx.layers["roads"]
        geometry = layer.to_crs(ctx.metric_crs)
        lines = np.isin(shapely.get_type_id(geometry), (1, 5))
        keys: dict[StreetName, int] = {}
        road, key, label = [], [], []
        for column in ("name", "ref"):
            values = layer.attributes.get(column)
            if values is None:
                continue
            distinct, code = distinct_codes(values)
            for value, at in zip(distinct, _positions(code, len(distinct))):
                at = at[lines[at]]
                parts = str(value).split(";") if column == "ref" and value else [value]
                for part in parts:
                    name = road_name(part)
                    if name is not None and len(at):
                        road.append(at)
                        key.append(np.full(len(at), keys.setdefault(name, len(keys))))
                        label.append(np.full(len(at), str(part).strip(), dtype=object))
        road_arr = np.concatenate(road) if road else np.empty(0, dtype=np.int64)
        _CACHE[ctx] = StreetRoads(
            road_arr, np.concatenate(key) if key else np.empty(0, dtype=np.int64),
            list(keys), geometry[road_arr],
            np.concatenate(label) if label else np.empty(0, dtype=object))
    return _CACHE[ctx]


def _positions(code: np.ndarray, count: int) -> list[np.ndarray]:
    """The positions holding each value ``0..count-1`` of ``code``."""
    order = np.argsort(code, kind="stable")
    return np.split(order, np.searchsorted(code[order], np.arange(1, count)))
