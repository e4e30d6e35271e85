"""``tomllib`` under one name: the standard library's from Python 3.11, its backport
``tomli`` on 3.10 (the version ``requires-python`` allows)."""
from __future__ import annotations

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

__all__ = ["tomllib"]
