"""A published registry (``--against``) in a run in parts: new points already in it are
found as in one run over everything.

One run scores the pairs of new points and registry records with weights and word
counts it learns from those pairs (see
:func:`~diachi_geo.checks.duplicates.match_registry`). The machine that starts the run
reads the registry once, finds all those pairs and learns from them as one run does; when
they all fit in the learning sample they are compared for learning anyway, so it scores
them there (:attr:`RegistryPlan.findings`). Else every duplicates' part (one per tile)
gets the model and only the registry records within the duplicates' radius of the points
it owns, and matches those points (:func:`tile_registry_findings`): a point's best
record is within its radius, so it is in its tile's slice, and each point is matched in
the one part owning it.
"""
from __future__ import annotations

import numpy as np

from ..checks import CHECKS, missing_needs
from ..checks.context import Context
from ..checks.duplicates import (
    DuplicateModel,
    best_matches,
    learn_registry_model,
    match_registry,
    registry_findings,
    registry_pairs,
    score_candidates,
)
from ..config import DuplicateParams
from ..crs import transform_xy
from ..findings import FindingTable
from ..model import PointSet
from .tiles import ROUNDING_M, Box, grow

__all__ = ["RegistryPlan", "registry_reach", "tile_registry_findings", "REGISTRY_PART"]

REGISTRY_PART = "registry"
"""The part of the registry's findings when they are all scored where the run starts."""


def registry_reach(params: DuplicateParams) -> float:
    """How far around the points a tile owns its registry records are taken: the
    duplicates' larger radius, and a metre for rounding.

    Examples
    --------
    >>> registry_reach(DuplicateParams())
    81.0
    """
    return float(max(params.radius_m, params.public_radius_m)) + ROUNDING_M


class RegistryPlan:
    """What a run in parts works out where it starts of a ``registry`` over all the
    points of ``ctx`` (nothing when ``registry`` is None or the duplicates check does not
    run): the :attr:`findings` when it scores every pair itself, else the :attr:`model`
    the duplicates' parts score with and the records' metric coordinates, to give each tile its
    slice (:meth:`within`, taken when the tile is sent)."""

    def __init__(self, ctx: Context, registry: PointSet | None, checks: list[str],
                 params: DuplicateParams):
        self.registry, self.params = registry, params
        self.model: DuplicateModel | None = None
        self.findings: FindingTable | None = None
        self.x = self.y = np.empty(0)
        if registry is None or "duplicate" not in checks or \
                missing_needs(CHECKS["duplicate"], ctx) is not None:
            return
        found = registry_pairs(ctx, registry, params)
        if found is None:
            self.findings = FindingTable.empty()
        elif len(found.a) <= params.em_sample:      # all of them learned on: scored here
            score = score_candidates(found.records, found.a, found.b, found.distance,
                                     params).score
            self.findings = registry_findings(registry, *best_matches(
                found.point, found.record, score, params.threshold))
        else:
            self.model = learn_registry_model(found, params)
            self.x, self.y = transform_xy(registry.x, registry.y, registry.crs,
                                          ctx.metric_crs)

    def within(self, core: Box) -> np.ndarray:
        """The positions of the registry records within :func:`registry_reach` of the
        box ``core`` (metric) holding a tile's points."""
        x0, y0, x1, y1 = grow(core, registry_reach(self.params))
        return np.flatnonzero((self.x >= x0) & (self.x <= x1) &
                              (self.y >= y0) & (self.y <= y1))


def tile_registry_findings(ctx: Context, registry: PointSet, model: DuplicateModel,
                           params: DuplicateParams, owned: np.ndarray,
                           positions: np.ndarray) -> FindingTable:
    """The ``duplicate_of_registry`` findings of the points a tile owns (``owned``, of
    the points of ``ctx``, at ``positions`` in the whole run), matched against the
    ``registry`` records within reach with ``model``; numbered as in the whole run."""
    found = registry_findings(registry, *match_registry(ctx, registry, params, model=model,
                                                        only=owned))
    found.index = positions[found.index]
    return found
