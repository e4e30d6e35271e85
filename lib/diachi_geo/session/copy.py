"""The session's copy of the points and their audited state, written beside the validation.

Writing a million points through GDAL and hashing them is about a quarter of a session's
creation and needs nothing from the validation. GDAL holds the GIL while it writes, so a
thread would not overlap it; where the platform can fork, no other thread is running
(:func:`~diachi_geo.forked.fork_hazard`) and the caller allows it (the command line;
never inside QGIS), a child process writes the copy while the parent validates.

The child writes a file of its own beside the parent's temporary path and moves it there
when it is complete, so the parent finds either the whole copy or none. The parent waits
for it until a deadline counted from the points (:data:`CHILD_GRACE_S`,
:data:`CHILD_S_PER_POINT`: ten times what the copy takes); a child that failed, crashed or
is late (hung) is killed, its files removed, a warning says why and the parent writes the
copy itself: the same file.
"""
from __future__ import annotations

import glob
import logging
import os
import pathlib
import sqlite3
from collections.abc import Callable

import numpy as np
import shapely

from ..crs import as_crs
from ..faults import checkpoint
from ..forked import Child, fork_hazard
from ..io.write import CREATION_OPTIONS, OutputLayer, writable, write_vector
from .audited import copy_digests, seed_audited
from .gpkgsql import one_transaction
from .status import STATUS_COLUMN

__all__ = ["PointCopy", "CHILD_GRACE_S", "CHILD_S_PER_POINT"]

log = logging.getLogger(__name__)

CHILD_GRACE_S = 60.0
CHILD_S_PER_POINT = 250e-6
"""The child's deadline is ``CHILD_GRACE_S + CHILD_S_PER_POINT * points`` after the fork
(the copy took 24 µs a point at 100,000 points on 2 busy cores: 1M points may take 310 s)."""


class PointCopy:
    """Write ``layer`` (the points in WGS 84, the review status last) to a new GeoPackage
    at ``path`` with the audited digest of each point, and ``then(conn, fids)`` in the
    same transaction: in a forked child when ``background`` (:meth:`start`), else in
    :meth:`finish`.

    Use as ``copy.start()``, then the validation, then ``copy.finish()`` (which waits for
    the child at most ``deadline`` seconds after the fork; None: from the number of
    points); ``copy.cancel()`` when the validation fails.
    """

    def __init__(self, path: str, layer: OutputLayer, lon: np.ndarray, lat: np.ndarray, *,
                 background: bool = False,
                 then: Callable[[sqlite3.Connection, list[int]], None] | None = None,
                 deadline: float | None = None) -> None:
        self.path = path
        self.then = then
        self.layer = layer
        self.lon, self.lat = lon, lat
        self.background = background
        self.deadline = CHILD_GRACE_S + CHILD_S_PER_POINT * len(lon) if deadline is None \
            else deadline
        self._child: Child | None = None

    def start(self) -> None:
        """Fork the child that writes the copy (when in the background and safe)."""
        if not self.background:
            return
        hazard = fork_hazard()
        if hazard is not None:
            log.info("the copy of the points is written after the validation, not in a "
                     "background process: %s", hazard)
            return
        child = Child(self._write_in_child)
        try:
            child.start()
        except OSError as error:
            log.info("the copy of the points is written after the validation: cannot fork "
                     "(%s)", error)
            return
        self._child = child
        log.debug("the copy of the points is written by process %s", child.pid)

    def finish(self) -> None:
        """Wait for the child; write the copy here when there was none or it did not."""
        child, self._child = self._child, None
        if child is not None:
            pid = child.pid
            try:
                why = child.wait(self.deadline)
            except BaseException:  # interrupted: the child is stopped, its files go
                self._remove_child_files(pid)
                raise
            if why is None and os.path.exists(self.path):
                return
            log.warning("the copy of the points in a background process (pid %s) %s; "
                        "writing it in this process", pid, why or "left no file")
            self._remove_child_files(pid)
            for leftover in (self.path, self.path + "-journal", self.path + "-wal",
                             self.path + "-shm"):
                if os.path.exists(leftover):
                    os.unlink(leftover)
        self._write(self.path)

    def cancel(self) -> None:
        """Stop the child (the validation failed: its file is removed with the temp)."""
        child, self._child = self._child, None
        if child is not None:
            pid = child.pid
            child.kill()
            self._remove_child_files(pid)

    def _child_path(self, pid: int) -> str:
        path = pathlib.Path(self.path)
        return str(path.with_name(f".{path.stem}.{pid}.copy{path.suffix}"))

    def _remove_child_files(self, pid: int | None) -> None:
        """What a killed child left: its own files (named with its pid), and the
        temporary files of :func:`~diachi_geo.io.write.atomic_output` beside them."""
        if pid is None:
            return
        path = pathlib.Path(self.path)
        for leftover in path.parent.glob(f"*{glob.escape(path.stem)}.{pid}.*"):
            leftover.unlink(missing_ok=True)

    def _write_in_child(self, step: Callable[[str], None]) -> None:
        def done(name: str) -> None:
            step(name)
            checkpoint("session.copy_child")

        own = self._child_path(os.getpid())
        self._write(own, done)
        os.replace(own, self.path)  # complete: the parent finds all of it or nothing
        step("moved")

    def _write(self, path: str, step: Callable[[str], None] | None = None) -> None:
        step = step or (lambda name: None)
        if not write_arrow(path, self.layer):
            write_vector(path, [self.layer])
        step("written")
        # hashed from the arrays written: reading a million rows back took longer
        digests = copy_digests(self.lon, self.lat, {
            name: values for name, values in self.layer.columns.items()
            if name != STATUS_COLUMN})
        with one_transaction(path) as conn:
            fids = [row[0] for row in conn.execute("SELECT fid FROM points ORDER BY fid")]
            seed_audited(conn, fids, digests)
            step("hashed")
            if self.then is not None:
                self.then(conn, fids)
            step("review rows")


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
