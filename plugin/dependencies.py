"""Are the Python packages the library needs present in this QGIS? Checked before any import
of the library, so a missing or old package gives a message, never a Python error dialog."""
from __future__ import annotations

import importlib.metadata
import importlib.util

# package -> lowest major version that works
REQUIRED = {"numpy": 1, "shapely": 2, "pyproj": 3}


REPORTS = {"reportlab": 4, "segno": 1}
"""Only the hand-over PDFs need these; the rest of the plugin works without them."""

FIELD = {"pyogrio": 0}
"""The field packages read and write GeoPackages through pyogrio."""


def missing_dependencies(required: dict[str, int] = REQUIRED) -> list[str]:
    """``name>=version`` of each required package that is absent or too old."""
    missing = []
    for name, major in required.items():
        try:
            found = importlib.util.find_spec(name) is not None
            version = importlib.metadata.version(name) if found else ""
        except importlib.metadata.PackageNotFoundError:
            found, version = importlib.util.find_spec(name) is not None, ""
        if not found or (version and int(version.split(".")[0]) < major):
            missing.append(f"{name}>={major}")
    return missing
