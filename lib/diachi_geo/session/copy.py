"""The session's copy of the points and their audited state, written beside the validation.

Writing a million points through GDAL and hashing them is about a quarter of a session's
creation and needs nothing from the validation. GDAL holds the GIL while it writes, so a
thread would not overlap it; where the platform can fork and the caller allows it (the
command line; never inside QGIS), a child process writes the copy while the parent
validates. The child writes the same file the parent writes next, in the parent's
temporary path; if it fails for any reason the parent writes the copy itself.
"""
from __future__ import annotations

import gc
import glob
import logging
import os
import pathlib
import signal
import sqlite3
import sys
from collections.abc import Callable

import numpy as np
import shapely

from ..crs import as_crs
from ..io.write import CREATION_OPTIONS, OutputLayer, writable, write_vector
from .audited import copy_digests, seed_audited
from .gpkgsql import one_transaction
from .status import STATUS_COLUMN

__all__ = ["PointCopy"]

log = logging.getLogger(__name__)


class PointCopy:
    """Write ``layer`` (the points in WGS 84, the review status last) to a new GeoPackage
    at ``path`` with the audited digest of each point, and ``then(conn, fids)`` in the
    same transaction: in a forked child when ``background`` (:meth:`start`), else in
    :meth:`finish`.

    Use as ``copy.start()``, then the validation, then ``copy.finish()`` (which waits for
    the child); ``copy.cancel()`` when the validation fails.
    """

    def __init__(self, path: str, layer: OutputLayer, lon: np.ndarray, lat: np.ndarray, *,
                 background: bool = False,
                 then: Callable[[sqlite3.Connection, list[int]], None] | None = None) -> None:
        self.path = path
        self.then = then
        self.layer = layer
        self.lon, self.lat = lon, lat
        self.background = background and hasattr(os, "fork")
        self._pid: int | None = None

    def start(self) -> None:
        """Fork the child that writes the copy (when in the background)."""
        if not self.background:
            return
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: write, then leave without the parent's exit handlers
            status = 1
            try:
                gc.disable()  # collections would copy the parent's pages for nothing
                self._write()
                status = 0
            except BaseException:  # the parent writes the copy itself and reports
                log.debug("the copy of the points in the background failed", exc_info=True)
            finally:
                os._exit(status)
        self._pid = pid

    def finish(self) -> None:
        """Wait for the child; write the copy here when there was none or it failed."""
        if self._pid is not None:
            try:
                _, status = os.waitpid(self._pid, 0)
            except BaseException:  # interrupted: the child must not write on
                self.cancel()
                raise
            pid, self._pid = self._pid, None
            if os.waitstatus_to_exitcode(status) == 0:
                return
            log.debug("the background copy exited with %s; writing it again", status)
            self._remove_child_files(pid)
            for leftover in (self.path, self.path + "-journal", self.path + "-wal",
                             self.path + "-shm"):
                if os.path.exists(leftover):
                    os.unlink(leftover)
        self._write()

    def _remove_child_files(self, pid: int) -> None:
        """What a killed child left: its own temporary file (named with its pid)."""
        path = pathlib.Path(self.path)
        for leftover in path.parent.glob(f".{glob.escape(path.stem)}.{pid}.*"):
            leftover.unlink(missing_ok=True)

    def cancel(self) -> None:
        """Stop the child (the validation failed: its file is removed with the temp)."""
        if self._pid is not None:
            pid, self._pid = self._pid, None
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
            self._remove_child_files(pid)

    def _write(self) -> None:
        if not write_arrow(self.path, self.layer):
            write_vector(self.path, [self.layer])
        # hashed from the arrays written: reading a million rows back took longer
        digests = copy_digests(self.lon, self.lat, {
            name: values for name, values in self.layer.columns.items()
            if name != STATUS_COLUMN})
        with one_transaction(self.path) as conn:
            fids = [row[0] for row in conn.execute("SELECT fid FROM points ORDER BY fid")]
            seed_audited(conn, fids, digests)
            if self.then is not None:
                self.then(conn, fids)


def write_arrow(path: str, layer: OutputLayer) -> bool:
    """Write ``layer`` as a new GeoPackage through Arrow (half the CPU of the feature by
    feature write, the same table); False when pyarrow, GDAL 3.8 or the column kinds
    (text, 32 and 64-bit integers, doubles; no field named fid or geom) do not allow it."""
    import pyogrio

    try:
        import pyarrow as pa  # optional: a faster way to the same table
    except ImportError:
        return False
    if pyogrio.__gdal_version__ < (3, 8, 0) or {"fid", "geom"} & {
            name.lower() for name in layer.columns} or not all(
            v.dtype == object or v.dtype in (np.int32, np.int64, np.float64)
            for v in layer.columns.values()):  # the kinds tested against GDAL's own write
        return False
    table = pa.table({**{name: pa.array(writable(values), type=pa.string())
                         if values.dtype == object else pa.array(values)
                         for name, values in layer.columns.items()},
                      "geom": pa.array(shapely.to_wkb(layer.geometries, flavor="iso"),
                                       type=pa.binary())})
    pyogrio.write_arrow(table, path, layer=layer.name, driver="GPKG", geometry_name="geom",
                        geometry_type=layer.geometry_type, crs=as_crs(layer.crs).to_wkt(),
                        encoding="UTF-8", **CREATION_OPTIONS["GPKG"])
    return True
