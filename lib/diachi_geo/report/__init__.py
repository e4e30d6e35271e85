"""Reports for campaign managers and reviewers: progress per commune against quotas,
quality per collector, and the per-commune hand-over PDF with QR codes.

The names below are loaded when first used, so reading a session for publishing
(:mod:`.data`) does not need the PDF (reportlab, segno) and Excel writers.
"""
from __future__ import annotations

import importlib

__all__ = ["progress_tables", "write_progress", "quality_table", "write_quality",
           "write_handover", "write_handovers"]

_MODULES = {"progress_tables": "progress", "write_progress": "progress",
            "quality_table": "quality", "write_quality": "quality",
            "write_handover": "handover", "write_handovers": "handover"}


def __getattr__(name: str) -> object:
    if name in _MODULES:
        return getattr(importlib.import_module(f".{_MODULES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
