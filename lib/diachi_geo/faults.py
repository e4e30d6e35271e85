"""Fault injection for tests: a named point in the code where a test can make the process
die hard, as a kill or a power cut would (no cleanup, no ``finally``, no flush)."""
from __future__ import annotations

import os

__all__ = ["checkpoint"]


def checkpoint(name: str) -> None:
    """Exit at once, without cleanup, when the environment says ``DIACHI_FAULT=name``."""
    if os.environ.get("DIACHI_FAULT") == name:
        os._exit(70)
