"""Repair a layer's legacy Vietnamese text (TCVN3, VNI, mojibake) into a Unicode copy."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import shapely

from .io.vector import read_vector
from .io.write import OutputLayer, check_not_input, write_vector
from .legacy import repair
from .source import parse_source

__all__ = ["Repair", "repair_layer"]


@dataclass
class Repair:
    """The text repairs made in one layer, and how many of each kind."""

    layer: str
    changes: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    """(feature number from 1, field, value before, value after, kind)"""
    kinds: Counter = field(default_factory=Counter)


def repair_layer(source: str, out: str | None = None) -> Repair:
    """Find the values to repair in ``source``; with ``out``, write the repaired copy there
    (the input is never changed)."""
    parsed = parse_source(source)
    meta, _, wkb, columns = read_vector(parsed)
    result = Repair(meta["layer"])
    repaired = {}
    for name, values in columns.items():
        values = np.asarray(values)
        if values.dtype != object:
            repaired[name] = values
            continue
        fixed_values = values.copy()
        for index, value in enumerate(values):
            fixed, kind = repair(value)
            if kind:
                fixed_values[index] = fixed
                result.kinds[kind] += 1
                result.changes.append((index + 1, name, value, fixed, kind))
        repaired[name] = fixed_values
    if out:
        check_not_input(out, [source])
        count = len(next(iter(columns.values()))) if columns else 0
        geometries = shapely.from_wkb(wkb) if wkb is not None else \
            np.full(count, None, dtype=object)
        write_vector(out, [OutputLayer(meta["layer"], repaired, geometries,
                                       meta.get("crs") or "EPSG:4326")])
    return result
