"""The library stays pure: no QGIS, Qt or processing imports, and QGIS is absent here."""
import ast
import importlib.util
import pathlib

import diachi_geo

LIB = pathlib.Path(diachi_geo.__file__).parent
FORBIDDEN = ("qgis", "PyQt5", "PyQt6", "PySide2", "PySide6", "processing")


def test_qgis_is_not_importable_in_this_tier():
    assert importlib.util.find_spec("qgis") is None


def test_library_imports_no_qgis_or_qt():
    offenders = []
    for path in LIB.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []
