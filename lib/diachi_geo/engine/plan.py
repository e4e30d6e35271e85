"""The first pass of a partitioned run, on the machine that starts it: where the points
are, what duplicate scoring learns from all of them, and one :class:`~.task.PartSpec` per
tile (and one for the points without a location).

What depends on the whole data is worked out here once: the metric CRS (the UTM zone of
most points), the located points, and the duplicates' model (the names' word counts and
the weights EM learns from the candidate pairs, see
:func:`~diachi_geo.checks.duplicates.learn_duplicate_model`). Every part scores its pairs
with that model, so a pair scores the same in a part as in one run over everything.
"""
from __future__ import annotations

import importlib.util
from collections.abc import Mapping

import numpy as np
import pyproj

from ..checks.context import Context
from ..checks.duplicates import (
    DuplicateModel,
    duplicate_candidates,
    learn_duplicate_model,
    link_pairs,
)
from ..config import CheckParams, DuplicateParams
from ..model import PointSet
from .parts import PartPairs
from .task import PART_CHECKS, WHOLE, PartSpec, duplicate_pairs
from .tiles import (
    DEFAULT_BUILDING_M,
    Box,
    Tile,
    balanced_tiles,
    owner_of,
    province_partitions,
    search_margin,
)

__all__ = ["Plan", "take_points", "id_field_unique"]


def take_points(points: PointSet, positions: np.ndarray) -> PointSet:
    """The points at ``positions`` (ascending), as a point set of their own."""
    renumber = {int(p): k for k, p in enumerate(positions.tolist())}
    return PointSet(source=points.source, ids=points.ids[positions], x=points.x[positions],
                    y=points.y[positions], crs=points.crs,
                    attributes={n: v[positions] for n, v in points.attributes.items()},
                    problems=points.problems[positions],
                    problem_params={renumber[p]: v for p, v in points.problem_params.items()
                                    if p in renumber},
                    field_names=dict(points.field_names))


def id_field_unique(source: str) -> bool | None:
    """Whether the layer's ``id`` field holds no value twice (None when it has none): its
    ids then name the features in every part, as in one run."""
    import pyogrio.raw

    from ..io.points import repeated_values
    from ..io.vector import list_layers
    from ..source import parse_source

    parsed = parse_source(source)
    layer = parsed.layer or next((n for n in list_layers(parsed.path) if n != "layer_styles"),
                                 None)
    fields = [str(f) for f in pyogrio.read_info(parsed.path, layer=layer)["fields"]]
    name = next((f for f in fields if f.lower() == "id"), None)
    if name is None:
        return None
    _, _, _, columns = pyogrio.raw.read(parsed.path, layer=layer, columns=[name],
                                        read_geometry=False)
    return not len(repeated_values(np.asarray(columns[0])))


class Plan:
    """The parts of a run: :meth:`specs` gives one per part holding points; :meth:`widen`
    gives a part again with a wider window.

    The located points are parted by ``tiles``, else by ``provinces`` (each point's
    province; large ones cut in tiles, see :func:`~.tiles.province_partitions`), else into
    ``partitions`` balanced tiles.
    """

    def __init__(self, points: PointSet, references: Mapping[str, str | None], *,
                 checks: list[str], params: CheckParams, duplicate_params: DuplicateParams,
                 metric_crs: pyproj.CRS | None, commune_fields: Mapping[str, str],
                 tiles: list[Tile] | None = None, partitions: int = 4,
                 provinces: np.ndarray | None = None):
        self.points, self.checks = points, checks
        self.params, self.duplicate_params = params, duplicate_params
        self.references = {k: v for k, v in references.items() if v}
        self.commune_fields = dict(commune_fields)
        self.ctx = Context(points, params=params, metric_crs=metric_crs,
                           duplicate_params=duplicate_params)
        self.metric_crs = self.ctx.metric_crs
        self.located = self.ctx.located
        x, y = self.ctx.metric_xy
        self.x, self.y = x, y
        located = np.flatnonzero(self.located)
        self.owner = np.full(len(points), -1, dtype=np.int64)
        if tiles is None and provinces is not None:
            self.owner[located], self.names = province_partitions(
                x[located], y[located], np.asarray(provinces, dtype=object)[located])
        else:
            tiles = tiles if tiles is not None else \
                balanced_tiles(x[located], y[located], partitions)
            self.owner[located] = owner_of(tiles, x[located], y[located])
            self.names = [t.name for t in tiles]
        # far candidates look farther than snapping, where a part finds them
        reach = max(params.snap_max_distance_m, params.snap_max_distance_far_m) \
            if "far_from_building" in PART_CHECKS else params.snap_max_distance_m
        self.snap_margin = reach if self.references.get("buildings") else 0.0
        self.margin = search_margin(params, duplicate_params) + \
            (2 * self.snap_margin + DEFAULT_BUILDING_M if self.snap_margin else 0.0)
        self.id_fields = {k: id_field_unique(v) for k, v in self.references.items()
                          if k != "communes"}
        self.model = self._model()
        self.whole_checks = [c for c in checks if c not in PART_CHECKS]

    def _model(self) -> DuplicateModel | None:
        """The duplicates' model the parts score with; None when there is nothing to
        learn, or when all the candidate pairs are in the learning sample: then they are
        scored here, as in one run, and :attr:`duplicates` holds them."""
        self.duplicates: PartPairs | None = None
        if "duplicate" not in self.checks or self.points.attribute("name") is None or \
                importlib.util.find_spec("rapidfuzz") is None:
            return None
        p = self.duplicate_params
        found = duplicate_candidates(self.ctx, p)
        if found is None or len(found[1]) <= p.em_sample:
            linked = link_pairs(self.ctx, p)
            self.duplicates = PartPairs.empty() if linked is None else duplicate_pairs(
                linked, np.arange(len(self.points)), np.ones(len(self.points), bool))
            return None
        return learn_duplicate_model(self.ctx, p)

    def specs(self) -> list[PartSpec]:
        """One part per partition that owns points, ``unlocated`` for the points without a
        location (their own checks only), and :data:`~.task.WHOLE` for the checks that
        look at the whole data."""
        specs = [self.spec(k) for k in range(len(self.names)) if (self.owner == k).any()]
        unlocated = np.flatnonzero(~self.located)
        if len(unlocated):
            specs.append(self._spec("unlocated", unlocated, np.ones(len(unlocated), bool),
                                    (0.0, 0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 0.0), spatial=False))
        if self.whole_checks:
            everything = np.arange(len(self.points))
            spec = self._spec(WHOLE, everything, np.ones(len(everything), bool),
                              (0.0, 0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 0.0), spatial=True)
            spec.checks, spec.whole = self.whole_checks, True
            specs.append(spec)
        return specs

    def spec(self, k: int, window: Box | None = None) -> PartSpec:
        """The part ``k``, with ``window`` (default: its points' extent and the margin)."""
        x, y = self.x, self.y
        own = self.owner == k
        core = (float(x[own].min()), float(y[own].min()), float(x[own].max()),
                float(y[own].max()))
        if window is None:
            window = (core[0] - self.margin, core[1] - self.margin, core[2] + self.margin,
                      core[3] + self.margin)
        inside = self.located & (x >= window[0]) & (x <= window[2]) & (y >= window[1]) & \
            (y <= window[3])
        positions = np.flatnonzero(inside | own)
        return self._spec(self.names[k], positions, own[positions], core, window,
                          spatial=True)

    def widen(self, name: str, window: Box) -> PartSpec:
        """The part ``name`` again, with its points' window ``window``."""
        return self.spec(self.names.index(name), window)

    def _spec(self, name: str, positions: np.ndarray, owned: np.ndarray, core: Box,
              window: Box, *, spatial: bool) -> PartSpec:
        return PartSpec(
            name=name, points=take_points(self.points, positions), positions=positions,
            owned=owned, core=core, window=window, references=self.references,
            id_fields=self.id_fields, commune_fields=self.commune_fields,
            checks=[c for c in self.checks if c in PART_CHECKS and
                    (c != "duplicate" or self.duplicates is None)],
            params=self.params, duplicate_params=self.duplicate_params,
            metric_crs=self.metric_crs, model=self.model,
            spatial=spatial, snap_margin=self.snap_margin,
            road_margin=self.params.road_search_m)
