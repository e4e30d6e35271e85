"""The registry of checks: one table of stable codes, severities, functions and needs.

Codes are a public contract (plugin, reports and saved review sessions store them); they
never change. Each check is a plain function ``Context -> FindingTable``.
"""
from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass

from ..findings import FindingTable
from ..text import blank_mask
from .commune import check_commune_mismatch, check_outside_commune
from .completeness import check_missing_value
from .context import Context
from .duplicates import check_duplicate
from .location import (
    check_invalid_geometry,
    check_null_island,
    check_outside_country,
    check_swapped_latlon,
)
from .placement import check_far_from_building, check_snap
from .stacked import check_stacked
from .streets import check_hamlet_outlier, check_house_number_sequence, check_street_mismatch
from .water import check_in_water

__all__ = ["CheckSpec", "CHECKS", "CHECK_CODES", "SNAP_CHECKS", "register", "missing_needs"]


@dataclass(frozen=True)
class CheckSpec:
    """One check: its stable code, default severity, function and what it needs."""

    code: str
    severity: str
    function: Callable[[Context], FindingTable] | None
    layers: tuple[str, ...] = ()
    """Reference layers it needs (skipped with a note when one is not given)."""
    fields: tuple[str, ...] = ()
    """Point fields it needs (skipped with a note when the data has none)."""
    modules: tuple[str, ...] = ()
    """Python packages it needs (skipped with a note when one is not installed, as in a
    QGIS without rapidfuzz)."""
    layer_fields: tuple[tuple[str, str], ...] = ()
    """(layer, field) it needs filled in a reference layer, e.g. the roads' names (skipped
    with a note when the field is missing or empty)."""


CHECKS: dict[str, CheckSpec] = {}


def register(spec: CheckSpec) -> None:
    """Add a check to the registry (topic modules register theirs on import)."""
    CHECKS[spec.code] = spec


for _spec in (
    CheckSpec("invalid_geometry", "error", check_invalid_geometry),
    CheckSpec("null_island", "error", check_null_island),
    CheckSpec("swapped_latlon", "error", check_swapped_latlon),
    CheckSpec("outside_country", "error", check_outside_country),
    CheckSpec("outside_commune", "error", check_outside_commune, ("communes",),
              ("commune_code",)),
    CheckSpec("commune_mismatch", "warning", check_commune_mismatch, ("communes",),
              ("commune_code",)),
    CheckSpec("stacked", "warning", check_stacked),
    CheckSpec("missing_value", "warning", check_missing_value),
    CheckSpec("duplicate", "warning", check_duplicate, (), ("name",), ("rapidfuzz",)),
    CheckSpec("snap", "warning", check_snap, ("buildings",)),
    CheckSpec("far_from_building", "warning", check_far_from_building, ("buildings",)),
    CheckSpec("in_water", "error", check_in_water, ("water",)),
    # the address against the map (checks/streets)
    CheckSpec("street_mismatch", "warning", check_street_mismatch, ("roads",), ("address",),
              layer_fields=(("roads", "name"),)),
    CheckSpec("hamlet_outlier", "warning", check_hamlet_outlier, (), ("address",)),
    CheckSpec("house_number_out_of_sequence", "warning", check_house_number_sequence, (),
              ("address",)),
):
    register(_spec)

CHECK_CODES = tuple(CHECKS)
SNAP_CHECKS = ("snap", "far_from_building", "in_water")
"""The checks of snapping to entrances (``diachi-geo snap``, ``diachi:snaptoentrances``)."""


def missing_needs(spec: CheckSpec, ctx: Context) -> dict | None:
    """Why ``spec`` cannot run on ``ctx`` (a note's params), or None when it can."""
    if spec.function is None:
        return {"reason": "not_available"}
    for layer in spec.layers:
        if not ctx.has(layer):
            return {"reason": "missing_layer", "layer": layer}
    for name in spec.fields:
        if ctx.points.attribute(name) is None:
            return {"reason": "missing_field", "field": name}
    for layer, name in spec.layer_fields:
        values = ctx.layers[layer].attributes.get(name)
        if values is None or blank_mask(values).all():
            return {"reason": "missing_layer_field", "layer": layer, "field": name}
    for module in spec.modules:
        if importlib.util.find_spec(module) is None:
            return {"reason": "missing_module", "module": module}
    return None
