"""What one part of a partitioned run is given (:class:`PartSpec`), as sent to a worker."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyproj

from ..checks.duplicates import DuplicateModel
from ..config import CheckParams, DuplicateParams
from ..io.point_rows import PointRows
from ..model import PointSet
from .tiles import Box

__all__ = ["PartSpec", "take_points"]


@dataclass
class PartSpec:
    """Everything one part needs (sent to a Dask worker as it is)."""

    name: str
    points: PointSet | None
    """The part's points; None: taken from :attr:`of` when the part is sent or run (the
    machine that starts the run holds no copy of them meanwhile)."""
    positions: np.ndarray
    """Position in the whole run of each of the part's points (ascending)."""
    owned: np.ndarray
    """Which of ``points`` this part reports on."""
    core: Box
    window: Box
    references: dict[str, str | None]
    id_fields: dict[str, bool | None]
    commune_fields: dict[str, str]
    checks: list[str]
    params: CheckParams
    duplicate_params: DuplicateParams
    metric_crs: pyproj.CRS
    model: DuplicateModel | None
    spatial: bool = True
    stage: str = "tiles"
    """One of :data:`~.task.STAGES`: a commune group reads the communes and the roads whole and
    no other layer; a tile or far part reads what lies within reach of its window."""
    given: dict[str, np.ndarray] = field(default_factory=dict)
    """Values of the part's points worked out by the stage before (:data:`~.task.SNAP_VALUES`,
    :data:`~.task.EXPECTED_VALUES`)."""
    old_era: bool | None = None
    """Whether all the points' commune codes are old ones (see
    :class:`~diachi_geo.checks.context.Context`)."""
    occupied: np.ndarray | None = None
    """A far part's: the ids of the buildings within its reach that a point stands on."""
    send_values: bool = False
    """Send back :data:`~.task.SNAP_VALUES` (a tile) or :data:`~.task.EXPECTED_VALUES` (a group)."""
    snap_margin: float = 0.0
    road_margin: float = 0.0
    summary: dict = field(default_factory=dict)
    of: PointSet | None = None
    """All the points of the run, when :attr:`points` is None."""
    registry_model: DuplicateModel | None = None
    """A tile's, with ``--against``: what matching the registry learned from all the
    points (see :mod:`.registry`)."""
    registry: PointSet | None = None
    """The registry records within reach of the tile's points; None: those of
    :attr:`registry_of` at :attr:`registry_at`, taken when the part is sent or run."""
    registry_of: PointSet | None = None
    registry_at: np.ndarray | None = None
    rows: PointRows | None = None
    """Where the part reads its points (their feature ids: :attr:`fids`), when it is not
    sent them (see :mod:`~diachi_geo.io.point_rows`)."""
    fids: np.ndarray | None = None
    fields: tuple[str, ...] | None = None
    """The canonical fields the part reads (None: all)."""
    folder: str | None = None
    """The run's parts folder (absolute), where the part writes its files when the worker
    sees it."""

    def part_points(self) -> PointSet:
        """The part's points."""
        if self.points is not None:
            return self.points
        if self.rows is not None:
            assert self.fids is not None
            return self.rows.read(self.fids, self.fields)
        assert self.of is not None
        return take_points(self.of, self.positions)

    def part_registry(self) -> PointSet | None:
        """The registry records within reach of the part's points (None: no registry)."""
        if self.registry is not None or self.registry_of is None:
            return self.registry
        assert self.registry_at is not None
        return take_points(self.registry_of, self.registry_at)

    def __getstate__(self) -> dict:
        # sent to a worker: with its own points (or where to read them) and registry
        # records only
        return {**self.__dict__, "of": None,
                "points": self.points if self.rows is not None else self.part_points(),
                "registry": self.part_registry(), "registry_of": None}



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
