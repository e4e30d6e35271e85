"""The first pass of a partitioned run, on the machine that starts it: where the points
are, what duplicate scoring learns from all of them, and the :class:`~.task.PartSpec` of
every part: one per tile (and one for the points without a location), one per commune
group (:mod:`.groups`), one per tile for the duplicates, one per tile holding far points.

What depends on the whole data is worked out here once: the metric CRS (the UTM zone of
most points), the located points, and the duplicates' model (the names' word counts and
the weights EM learns from the candidate pairs, see
:func:`~diachi_geo.checks.duplicates.learn_duplicate_model`), learned while the tiles run
(:meth:`Plan.learn`). Every duplicates' part scores its tile's pairs with that model,
so a pair scores the same in a part as in one run over everything; the same holds for
the pairs of points and records of a published registry (:mod:`.registry`).
"""
from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Mapping
from functools import partial

import numpy as np
import pyproj

from ..checks.context import Context
from ..checks.duplicates import (
    DuplicateModel,
    duplicate_candidates,
    learn_duplicate_model,
    link_pairs,
)
from ..checks.duplicates.records import RECORD_FIELDS
from ..config import CheckParams, DuplicateParams
from ..gcpause import paused_gc
from ..io.point_rows import PointFile, filled
from ..io.references import read_communes
from ..model import PointSet
from .groups import commune_groups, old_era_of
from .parts import PartPairs
from .registry import RegistryPlan
from .task import FAR_CHECK, PART_CHECKS, SNAP_VALUES, PartSpec, duplicate_pairs, take_points
from .tiles import (
    DEFAULT_BUILDING_M,
    ROUNDING_M,
    Box,
    Tile,
    balanced_tiles,
    grow,
    owner_of,
    province_partitions,
    search_margin,
)

__all__ = ["Plan", "take_points", "id_field_unique", "plan_fields"]

NOWHERE: Box = (0.0, 0.0, 0.0, 0.0)
OCCUPIED_REACH_M = 2000.0
"""How far from a far part's reach a point may stand on a building the part reads (at its
entrance; the building reaching into the part)."""


def plan_fields(checks: list[str]) -> tuple[str, ...]:
    """The fields of the points a run in parts plans with where it starts, besides their
    ids and locations (see :class:`Plan`'s ``file``): the communes' and provinces' codes,
    and the names and categories the duplicates' candidates and word counts come from."""
    return ("commune_code", "province_code") + \
        (("name", "category") if "duplicate" in checks else ())


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
    if importlib.util.find_spec("pyarrow") is None:
        _, _, _, columns = pyogrio.raw.read(parsed.path, layer=layer, columns=[name],
                                            read_geometry=False)
        values = np.asarray(columns[0])
    else:   # the same column, read in a fraction of the time
        _, table = pyogrio.raw.read_arrow(parsed.path, layer=layer, columns=[name],
                                          read_geometry=False)
        values = table.column(0).to_numpy(zero_copy_only=False)
    return not len(repeated_values(values))


class Plan:
    """The parts of a run: :meth:`specs` gives one per part holding points; :meth:`widen`
    gives a part again with a wider window.

    The located points are parted by ``tiles``, else by ``provinces`` (each point's
    province; large ones cut in tiles, see :func:`~.tiles.province_partitions`), else into
    ``partitions`` balanced tiles. With a ``registry`` (a published layer, see
    :mod:`.registry`), the duplicates' parts also match their tile's points against it.

    With a ``file``, ``points`` hold only the fields :func:`plan_fields` names, and each
    part reads its own points whole from it; without, each part is sent its points.
    """

    def __init__(self, points: PointSet, references: Mapping[str, str | None], *,
                 checks: list[str], params: CheckParams, duplicate_params: DuplicateParams,
                 metric_crs: pyproj.CRS | None, commune_fields: Mapping[str, str],
                 tiles: list[Tile] | None = None, partitions: int = 4,
                 provinces: np.ndarray | None = None, registry: PointSet | None = None,
                 file: PointFile | None = None):
        self.points, self.checks, self.file = points, checks, file
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
        # a tile's halo: the stacked tolerance (duplicates have parts of their own) and the
        # snap reach around the footprints reaching into the tile
        self.margin = params.stacked_tolerance_m + ROUNDING_M + \
            (2 * self.snap_margin + DEFAULT_BUILDING_M if self.snap_margin else 0.0)
        self.id_fields = {k: id_field_unique(v) for k, v in self.references.items()
                          if k != "communes"}
        self.registry_points = registry
        self.model: DuplicateModel | None = None
        self.duplicates: PartPairs | None = None
        self.registry: RegistryPlan | None = None
        """:attr:`model`, :attr:`duplicates` and :attr:`registry` are set by :meth:`learn`,
        which runs in a thread while the tiles run: read none of them, nor :attr:`ctx`'s
        duplicates' values, before it returns."""
        self.group_checks = [c for c in checks if c not in PART_CHECKS and c != FAR_CHECK]
        """The checks the commune groups run (see :mod:`.groups`)."""
        self.far = FAR_CHECK in checks and bool(self.references.get("buildings"))
        """Whether far parts run (after the tiles and the commune groups)."""
        self._far_points: np.ndarray | None = None
        self._expected: dict[str, np.ndarray] = {}
        self._occupied: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        communes = read_communes(self.references["communes"], fields=self.commune_fields) \
            if self.references.get("communes") else None
        self.group, self.group_names = commune_groups(
            points.attribute("commune_code"), len(points), communes)
        self.old_era = old_era_of(points, communes)

    def learn(self) -> None:
        """Learn what duplicate scoring learns from all the points: :attr:`model` (or
        :attr:`duplicates`, every pair scored here) and :attr:`registry`. It runs while
        the tiles run (they need none of it); the parts of stage ``duplicates``
        (:meth:`duplicate_specs`) score with it."""
        with paused_gc():        # as in one run (see validate)
            self.model = self._model()
            self.registry = RegistryPlan(self.ctx, self.registry_points, self.checks,
                                         self.duplicate_params)

    def _model(self) -> DuplicateModel | None:
        """The duplicates' model the parts score with; None when there is nothing to
        learn, or when all the candidate pairs are in the learning sample: then they are
        scored here, as in one run, and :attr:`duplicates` holds them."""
        if "duplicate" not in self.checks or not self.has_field("name") or \
                importlib.util.find_spec("rapidfuzz") is None:
            return None
        p = self.duplicate_params
        found = duplicate_candidates(self.ctx, p)
        if found is None or len(found[1]) <= p.em_sample:
            linked = None if found is None else link_pairs(self._whole_at(found[0]), p)
            self.duplicates = PartPairs.empty() if linked is None else duplicate_pairs(
                linked, np.arange(len(self.points)), np.ones(len(self.points), bool))
            return None
        return learn_duplicate_model(self.ctx, p, fill=None if self.file is None else
                                     partial(self.fill, fields=RECORD_FIELDS))

    def has_field(self, name: str) -> bool:
        """Whether the points have the field ``name`` (read here or not)."""
        return self.points.attribute(name) is not None or name in self.points.field_names

    def fill(self, positions: np.ndarray, fields: Iterable[str] | None = None) -> PointSet:
        """The points, with all their fields (or the canonical ``fields``) at
        ``positions`` (ascending; elsewhere only those read here)."""
        if self.file is None or not len(positions):
            return self.points
        return filled(self.points, positions, self.file.read(positions, fields))

    def _whole_at(self, positions: np.ndarray) -> Context:
        """:attr:`ctx` with its points' fields all read at ``positions``."""
        if self.file is None:
            return self.ctx
        ctx = Context(self.fill(positions, RECORD_FIELDS), params=self.params,
                      metric_crs=self.metric_crs, duplicate_params=self.duplicate_params)
        for known in ("located", "metric_xy", "point_classes"):    # the same points
            if known in self.ctx.__dict__:
                ctx.__dict__[known] = self.ctx.__dict__[known]
        return ctx

    def specs(self) -> list[PartSpec]:
        """The first stage: one part per partition that owns points and ``unlocated`` for
        the points without a location (their own checks only)."""
        specs = [self.spec(k) for k in range(len(self.names)) if (self.owner == k).any()]
        unlocated = np.flatnonzero(~self.located)
        if len(unlocated):
            specs.append(self._spec("unlocated", unlocated, np.ones(len(unlocated), bool),
                                    NOWHERE, NOWHERE, spatial=False))
        return specs

    def group_specs(self, snapped: dict[str, np.ndarray]) -> list[PartSpec]:
        """The second stage: one part per commune group, holding all its points, with the
        tiles' :data:`~.task.SNAP_VALUES` of every point (``snapped``) when far parts
        follow."""
        expect = self.far and self.has_field("address")
        if not self.group_checks and not expect:
            return []
        self._far_points = snapped.get("far")
        specs = []
        for g, name in enumerate(self.group_names):
            positions = np.flatnonzero(self.group == g)
            if not len(positions):
                continue
            spec = self._spec(name, positions, np.ones(len(positions), bool), NOWHERE,
                              NOWHERE, spatial=True)
            spec.stage, spec.checks, spec.old_era = "communes", self.group_checks, self.old_era
            if expect:
                spec.given = {k: snapped[k][positions] for k in SNAP_VALUES}
                spec.send_values = True
            specs.append(spec)
        return specs

    def far_specs(self, snapped: dict[str, np.ndarray], expected: dict[str, np.ndarray]
                  ) -> list[PartSpec]:
        """The last stage: the far points of each tile and those around it, with where
        the commune groups' street neighbours place every far point (``expected``)."""
        if not self.far:
            return []
        self._far_points, self._expected = snapped["far"], expected
        taken = snapped["occupied"] != ""
        self._occupied = (snapped["occupied"][taken], snapped["snap_x"][taken],
                          snapped["snap_y"][taken])
        return [self.far_spec(k) for k in range(len(self.names))
                if (self._far_points & (self.owner == k)).any()]

    def far_spec(self, k: int, window: Box | None = None) -> PartSpec:
        """The far points of tile ``k`` and those within reach of their window."""
        far = self._far_points
        assert far is not None
        own = far & (self.owner == k)
        # a far point's candidate is within the far reach of where its neighbours place
        # it, itself within the far reach: twice the reach around the buildings near it
        margin = 2 * max(self.params.snap_max_distance_m, self.params.snap_max_distance_far_m)
        core = _extent(self.x[own], self.y[own])
        if window is None:
            window = grow(core, 2 * margin + DEFAULT_BUILDING_M)
        positions = np.flatnonzero(own | (far & _inside(self.x, self.y, window)))
        spec = self._spec(f"far-{self.names[k]}", positions, own[positions], core, window,
                          spatial=True)
        spec.stage, spec.checks, spec.snap_margin = "far", [FAR_CHECK], margin
        spec.given = {"far": np.ones(len(positions), bool),
                      **{key: v[positions] for key, v in self._expected.items()}}
        # the buildings points stand on, by where they stand, around what the part reads
        if self._occupied is not None:
            ids, ox, oy = self._occupied
            spec.occupied = ids[_inside(ox, oy, grow(window, margin + OCCUPIED_REACH_M))]
        return spec

    def spec(self, k: int, window: Box | None = None) -> PartSpec:
        """The part ``k``, with ``window`` (default: its points' extent and the margin)."""
        own = self.owner == k
        core = _extent(self.x[own], self.y[own])
        if window is None:
            window = grow(core, self.margin)
        inside = self.located & _inside(self.x, self.y, window)
        positions = np.flatnonzero(inside | own)
        spec = self._spec(self.names[k], positions, own[positions], core, window,
                          spatial=True)
        spec.send_values = self.far
        return spec

    def duplicate_specs(self) -> list[PartSpec]:
        """The duplicates' parts, after :meth:`learn`: one per tile, scoring the pairs
        whose first point the tile owns with :attr:`model` (none when :meth:`learn` scored
        them all), and matching its points against the registry's records within reach."""
        assert self.registry is not None, "learn() first"
        scoring = self.model is not None
        matching = self.registry.model is not None
        if not scoring and not matching:
            return []
        specs = []
        for k, name in enumerate(self.names):
            own = self.owner == k
            if not own.any():
                continue
            # a pair is within the duplicates' radius of its first point
            core = _extent(self.x[own], self.y[own])
            window = grow(core, search_margin(self.params, self.duplicate_params) +
                           ROUNDING_M)
            positions = np.flatnonzero((self.located & _inside(self.x, self.y, window)) | own)
            spec = self._spec(f"duplicates-{name}", positions, own[positions], core, window,
                              spatial=True)
            spec.stage, spec.checks = "duplicates", ["duplicate"] if scoring else []
            spec.model, spec.fields = self.model, RECORD_FIELDS
            if matching:     # the records within reach, taken when sent
                spec.registry_model, spec.registry_of = self.registry.model, \
                    self.registry.registry
                spec.registry_at = self.registry.within(core)
            specs.append(spec)
        return specs

    def widen(self, name: str, window: Box) -> PartSpec:
        """The part ``name`` (a tile or a far part) again, with its points' window
        ``window``."""
        if name.startswith("far-"):
            return self.far_spec(self.names.index(name[len("far-"):]), window)
        return self.spec(self.names.index(name), window)

    def _spec(self, name: str, positions: np.ndarray, owned: np.ndarray, core: Box,
              window: Box, *, spatial: bool) -> PartSpec:
        file = self.file
        return PartSpec(
            rows=None if file is None else file.rows,
            fids=None if file is None else file.fids[positions],
            name=name, points=None, of=self.points, positions=positions,
            owned=owned, core=core, window=window, references=self.references,
            id_fields=self.id_fields, commune_fields=self.commune_fields,
            checks=[c for c in self.checks if c in PART_CHECKS and c != "duplicate"],
            params=self.params, duplicate_params=self.duplicate_params,
            metric_crs=self.metric_crs, model=None,
            spatial=spatial, snap_margin=self.snap_margin,
            road_margin=self.params.road_search_m)


def _extent(x: np.ndarray, y: np.ndarray) -> Box:
    return (float(x.min()), float(y.min()), float(x.max()), float(y.max()))


def _inside(x: np.ndarray, y: np.ndarray, box: Box) -> np.ndarray:
    """Which points lie in ``box`` (NaN: none)."""
    return (x >= box[0]) & (x <= box[2]) & (y >= box[1]) & (y <= box[3])
