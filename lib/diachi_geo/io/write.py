"""Writing outputs: atomically (a killed run leaves the old file or nothing, never half a
file), never over an input, as GeoPackage, GeoJSON or XLSX through pyogrio."""
from __future__ import annotations

import contextlib
import glob
import os
import pathlib
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import shapely

from ..crs import WGS84, as_crs
from ..errors import OutputError
from ..faults import checkpoint
from ..source import Source, parse_source

__all__ = ["check_not_input", "atomic_output", "OutputLayer", "write_vector", "writable"]


def check_not_input(output: str | os.PathLike, inputs: Sequence[str | Source]) -> None:
    """Raise :class:`OutputError` when ``output`` is one of the input files."""
    out = os.path.realpath(str(output))
    for item in inputs:
        path = item.path if isinstance(item, Source) else parse_source(item).path
        if os.path.realpath(path) == out:
            raise OutputError.coded("output_is_input", path=str(output))


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[str]:
    """Yield a temporary path beside ``path``; move it into place only on success.

    A killed or failed run leaves the previous ``path`` (or nothing) and no half file.
    """
    target = pathlib.Path(path)
    folder = target.parent if str(target.parent) else pathlib.Path(".")
    if not folder.is_dir():
        raise OutputError.coded("output_folder_missing", folder=str(folder))
    if not os.access(folder, os.W_OK):
        raise OutputError.coded("output_folder_locked", folder=str(folder))
    _remove_abandoned(folder, target)
    handle, temp = tempfile.mkstemp(prefix=f".{target.stem}.{os.getpid()}.",
                                    suffix=target.suffix, dir=folder)
    os.close(handle)
    os.unlink(temp)  # GDAL drivers want to create the file themselves
    try:
        yield temp
        checkpoint("write.replace")
        os.replace(temp, target)
    finally:
        for leftover in (temp, temp + "-journal", temp + "-wal", temp + "-shm"):
            if os.path.exists(leftover):
                os.unlink(leftover)


ABANDONED_AFTER_S = 60
"""A temporary file of a process that is gone is removed once it is this old (on a shared
folder another machine's process may have the same number: it gets a minute's grace)."""


def _remove_abandoned(folder: pathlib.Path, target: pathlib.Path) -> None:
    """Remove what runs killed while writing ``target`` left beside it (a killed process
    cannot clean up; the next run writing the same output does)."""
    now = time.time()
    pattern = f".{glob.escape(target.stem)}.*"
    if target.suffix:  # with the -journal, -wal and -shm that SQLite leaves
        pattern += f"{glob.escape(target.suffix)}*"
    for temp in folder.glob(pattern):
        pid = temp.name[len(target.stem) + 2:].split(".", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            if now - temp.stat().st_mtime >= ABANDONED_AFTER_S:
                temp.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


_DRIVERS = {".gpkg": "GPKG", ".geojson": "GeoJSON", ".json": "GeoJSON", ".xlsx": "XLSX"}
# GeoPackage 1.2 opens without warnings in QGIS 3.22 (GDAL 3.6); GeoJSON as RFC 7946.
CREATION_OPTIONS = {"GPKG": {"dataset_options": {"VERSION": "1.2"}},
                     "GeoJSON": {"layer_options": {"RFC7946": "YES"}}, "XLSX": {}}


@dataclass
class OutputLayer:
    """One layer to write: columns of equal length, geometries, and their CRS."""

    name: str
    columns: dict[str, np.ndarray]
    geometries: np.ndarray
    crs: object = WGS84
    geometry_type: str | None = None
    """Point, LineString...; guessed from the geometries when None."""


def write_vector(path: str | os.PathLike, layers: Sequence[OutputLayer], *,
                 append: bool = False) -> None:
    """Write ``layers`` to ``path`` atomically (GeoPackage: several layers; GeoJSON: one;
    XLSX: one sheet per layer, attributes only); with ``append``, add them to the
    GeoPackage ``path`` in place (a file the caller writes atomically)."""
    # pyogrio is imported where it is used: the QGIS plugin validates its own layers through
    # this package without it (an optional dependency there: plugin/dependencies.py)
    import pyogrio.raw

    suffix = pathlib.Path(path).suffix.lower()
    driver = _DRIVERS.get(suffix)
    if driver is None:
        raise OutputError.coded("output_format" if suffix else "output_no_suffix", suffix=suffix)
    if driver == "GeoJSON" and len(layers) != 1:
        raise OutputError.coded("geojson_one_layer")
    tabular = driver == "XLSX"  # sheets: no geometry, no CRS
    with contextlib.nullcontext(str(path)) if append else atomic_output(path) as temp:
        for index, layer in enumerate(layers):
            names = list(layer.columns)
            pyogrio.raw.write(
                temp, geometry=None if tabular else shapely.to_wkb(layer.geometries,
                                                                   flavor="iso"),
                field_data=[writable(layer.columns[c]) for c in names], fields=names,
                layer=layer.name, driver=driver,
                crs=None if tabular else as_crs(layer.crs).to_wkt(),
                geometry_type=None if tabular else (layer.geometry_type or
                                                    _geometry_type(layer.geometries)),
                append=append or index > 0, encoding="UTF-8", **CREATION_OPTIONS[driver])
            checkpoint("write.layer")


def _geometry_type(geometries: np.ndarray) -> str:
    """The one geometry type of the first 1,000 geometries, else ``"Unknown"``."""
    kinds = {g.geom_type for g in geometries[:1000] if g is not None}
    return kinds.pop() if len(kinds) == 1 else "Unknown"


def writable(values: np.ndarray) -> np.ndarray:
    """A column pyogrio can write: objects as text (None stays None)."""
    values = np.asarray(values)
    if values.dtype == object:
        return np.array([None if v is None else str(v) for v in values], dtype=object)
    return values
