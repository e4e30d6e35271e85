"""Commune codes before and after the July 2025 merger: a table of old code -> new code
converts collected points, so data collected before validates against the new communes."""
from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..model import normalise_code
from ..tabular import read_csv_rows

__all__ = ["read_commune_mapping", "apply_commune_mapping"]


def read_commune_mapping(path: str) -> dict[str, str]:
    """``old_code,new_code`` rows (commas or semicolons; a header is skipped)."""
    rows = read_csv_rows(path)
    pairs = [(r[0].strip(), r[1].strip()) for r in rows if len(r) >= 2 and r[0].strip()]
    if pairs and not any(c.isdigit() for c in pairs[0][0]):
        pairs = pairs[1:]  # the header
    if not pairs:
        raise InputError.coded("commune_mapping_empty", path=path)
    old = normalise_code(np.array([p[0] for p in pairs], dtype=object))
    new = normalise_code(np.array([p[1] for p in pairs], dtype=object))
    return dict(zip(old.tolist(), new.tolist()))


def apply_commune_mapping(codes: np.ndarray, mapping: dict[str, str]
                          ) -> tuple[np.ndarray, int]:
    """The codes in the new units, and how many were converted."""
    out = np.array([mapping.get(c, c) for c in codes], dtype=object)
    changed = int(sum(1 for a, b in zip(codes, out) if a != b))
    return out, changed
