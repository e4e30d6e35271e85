"""The ``outside_commune`` check: whether each point lies in the commune its code declares."""
from __future__ import annotations

import numpy as np
import shapely

from ..findings import FindingTable
from .context import Context

__all__ = ["check_outside_commune"]


def check_outside_commune(ctx: Context) -> FindingTable:
    """Points not in (or within the border tolerance of) their declared commune's polygon.

    ``related_id`` is the code of the commune the point is in (None when it is in none);
    a code that no commune has gives message ``unknown_commune_code``.
    """
    declared = ctx.declared_commune
    containing = ctx.containing_commune
    codes = ctx.commune_codes
    located = ctx.located
    unknown = np.flatnonzero(located & (declared == -2))
    mismatch = located & (declared >= 0) & (containing != declared)
    candidates = np.flatnonzero(mismatch)
    if len(candidates):
        near = shapely.dwithin(ctx.commune_polygons[declared[candidates]],
                               ctx.metric_points[candidates],
                               ctx.params.commune_border_tolerance_m)
        candidates = candidates[~near]
    declared_codes = ctx.points.attribute("commune_code")

    def related(i: int) -> object:
        return codes[containing[i]] if containing[i] >= 0 else None

    outside = FindingTable.for_points(
        candidates, check="outside_commune", severity="error", message_code="outside_commune",
        params=[{"declared": declared_codes[i], "found": related(i)} for i in candidates],
        related_id=[related(i) for i in candidates])
    not_known = FindingTable.for_points(
        unknown, check="outside_commune", severity="warning",
        message_code="unknown_commune_code",
        params=[{"declared": declared_codes[i], "found": related(i)} for i in unknown],
        related_id=[related(i) for i in unknown])
    return FindingTable.concat([outside, not_known])
