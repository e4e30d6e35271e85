"""Assemble the installable QGIS plugin: dist/diachi/ and dist/diachi.zip.

plugin/ becomes the package ``diachi``; the library goes in ``diachi/libs``; processing/
becomes ``diachi.processing_provider`` (never a top-level ``processing``, which is QGIS's
own framework); styles, metadata.txt and the compiled translations (.qm) go beside them.
The library's test-data generator (``diachi_geo.testing``) stays out of the plugin.
"""
from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
NAME = "diachi"
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.ts")
NOT_SHIPPED = ("testing",)
"""Packages of diachi_geo left out of the plugin: they make test, demo and benchmark data."""


def ignore_in_library(directory: str, names: list[str]) -> set[str]:
    """What ``copytree`` leaves out of the library: ``IGNORE`` everywhere, and the packages
    in ``NOT_SHIPPED`` at the top of ``diachi_geo``."""
    ignored = set(IGNORE(directory, names))
    if pathlib.Path(directory) == ROOT / "lib" / "diachi_geo":
        ignored |= set(NOT_SHIPPED) & set(names)
    return ignored


def lrelease() -> str:
    for candidate in ("lrelease", "/usr/lib/qt5/bin/lrelease", "lrelease-qt5"):
        if shutil.which(candidate):
            return shutil.which(candidate)
    sys.exit("lrelease not found: install qttools5-dev-tools (make system does)")


def build() -> pathlib.Path:
    target = DIST / NAME
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "plugin", target, ignore=IGNORE)
    shutil.copytree(ROOT / "lib" / "diachi_geo", target / "libs" / "diachi_geo",
                    ignore=ignore_in_library)
    shutil.copytree(ROOT / "processing", target / "processing_provider", ignore=IGNORE)
    (target / "processing_provider" / "__init__.py").write_text(
        '"""Processing provider of the diachi plugin."""\n', encoding="utf-8")
    shutil.copytree(ROOT / "styles", target / "styles", ignore=IGNORE)
    shutil.copy2(ROOT / "metadata.txt", target / "metadata.txt")
    (target / "i18n").mkdir(exist_ok=True)
    for ts in sorted((ROOT / "plugin" / "i18n").glob("*.ts")):
        qm = target / "i18n" / (ts.stem + ".qm")
        subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(qm)], check=True)
    archive = DIST / f"{NAME}.zip"
    temp = archive.with_suffix(".zip.part")
    with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(target.rglob("*")):
            zf.write(path, path.relative_to(DIST))
    temp.replace(archive)
    print(f"{archive} ({archive.stat().st_size // 1024} KiB)")
    return archive


if __name__ == "__main__":
    build()
