"""Run the checks again over a session's current points (after corrections)."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable

import numpy as np

from ..arrays import plain
from ..config import CheckParams
from ..crs import WGS84
from ..fields import PERSONAL_FIELDS
from ..io.commune_mapping import read_commune_mapping
from ..io.points import read_points
from ..io.references import read_references
from ..io.write import write_vector
from ..output import findings_layers
from ..source import Source
from ..validate import validate
from .build import point_summaries
from .store import Session

__all__ = ["revalidate"]

_LAYERS = ("findings", "suggestions", "moves")


def revalidate(session: Session, *,
               progress: Callable[[float, str], bool | None] | None = None) -> dict:
    """Replace the session's findings with a fresh run over its points as they are now.

    Dismissals stay when the point has not changed since; the review statuses and the
    audit are untouched. Returns the counts (points, flagged, findings, dismissed_kept).
    """
    meta = session.meta
    compared = ("owner_phone",)  # duplicate detection compares phone numbers, in memory
    fields = {canonical: name for canonical, name in meta["fields"].items()
              if canonical not in PERSONAL_FIELDS or canonical in compared}
    mapping = None
    if meta.get("commune_mapping"):
        mapping = read_commune_mapping(meta["commune_mapping"])
    points = read_points(Source(session.path, "points"), fields=fields, crs=WGS84,
                         personal=compared, commune_mapping=mapping)
    layers = read_references(meta["references"], commune_fields=meta.get("commune_fields"))
    params = CheckParams(**meta["params"]) if meta.get("params") else None
    result = validate(points, checks=meta.get("checks"), params=params, progress=progress,
                      **layers)
    fresh = findings_layers(result.findings, points, meta.get("lang", "en"))
    folder = os.path.dirname(os.path.abspath(session.path))
    handle, temp = tempfile.mkstemp(prefix=".revalidate.", suffix=".gpkg", dir=folder)
    os.close(handle)
    os.unlink(temp)
    try:
        write_vector(temp, fresh)
        return _swap_findings(session, temp, points, result.findings)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _swap_findings(session: Session, temp: str, points, findings) -> dict:
    conn = session._conn
    conn.execute("ATTACH DATABASE ? AS fresh", (temp,))
    try:
        with session.transaction():
            stale = [fid for key, fid, digest in
                     conn.execute("SELECT key, fid, point_hash FROM dismissed").fetchall()
                     if session.point_hash(fid) != digest]
            conn.executemany("DELETE FROM dismissed WHERE fid = ?", [(f,) for f in stale])
            for layer in _LAYERS:
                names = [r[1] for r in conn.execute(f"PRAGMA fresh.table_info({layer})")
                         if r[1] != "fid"]
                cols = ", ".join(f'"{n}"' for n in names)
                conn.execute(f"DELETE FROM main.{layer}")
                conn.execute(f"INSERT INTO main.{layer} ({cols}) SELECT {cols} FROM "
                             f"fresh.{layer}")
            dismissed = {r[0] for r in conn.execute("SELECT key FROM dismissed")}
            keys = findings.columns(points.ids)["key"]
            open_mask = np.array([k not in dismissed for k in keys], dtype=bool)
            checks, worst, groups = point_summaries(findings.select(open_mask), len(points))
            fids = dict(conn.execute("SELECT point_id, fid FROM review"))
            conn.executemany(
                "UPDATE review SET open_checks = ?, worst_severity = ?, group_id = ? "
                "WHERE fid = ?",
                ((c, int(w), g, fids[str(plain(i))]) for c, w, g, i in
                 zip(checks, worst, groups, points.ids)))
    finally:
        conn.execute("DETACH DATABASE fresh")
    return {"points": len(points), "flagged": int(sum(1 for c in checks if c)),
            "findings": len(findings), "dismissed_kept": len(dismissed)}
