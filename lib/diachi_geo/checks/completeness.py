"""The ``missing_value`` check: required fields left empty."""
from __future__ import annotations

import numpy as np

from ..findings import FindingTable
from ..text import blank_mask
from .context import Context

__all__ = ["check_missing_value"]


def check_missing_value(ctx: Context) -> FindingTable:
    """One finding per point and empty required field (``params.field``)."""
    tables = []
    for name in ctx.params.required_fields:
        values = ctx.points.attribute(name)
        if values is None:
            continue
        index = np.flatnonzero(blank_mask(values))
        tables.append(FindingTable.for_points(
            index, check="missing_value", severity="warning", message_code="missing_value",
            params=[{"field": name, "source_field": ctx.points.field_names.get(name, name)}
                    for _ in index]))
    return FindingTable.concat(tables)
