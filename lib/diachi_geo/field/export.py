"""``field_export``: the points that need a field check, as a folder QField opens as is.

The folder holds ``diachi_field.qgs`` (the project and its phone form), ``diachi_field.gpkg``
(the points to visit, their suggested entrances, and the reference buildings and roads
around them), the photos taken at collection, optionally ``imagery.mbtiles`` cut to the
area, and ``manifest.json`` (which session and package this is, file sizes and checksums).
It is built beside ``out`` and moved into place in the same transaction that records, in
the session, which points left and how they were: a failed export leaves no package and no
record. The owner's name, phone and email stay home unless ``include_owner``.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Sequence

import numpy as np
import pyogrio.raw
import shapely
from pyproj import Transformer

from ..country import in_vietnam
from ..crs import WGS84
from ..errors import InputError, OutputError
from ..fields import PERSONAL_FIELDS
from ..io.write import OutputLayer, write_vector
from ..messages import describe
from ..session import Session, WorkFilter
from ..session.build import now
from ..session.records import PointRecord
from ..source import parse_source
from ..text import is_blank
from .form import (
    BACKGROUND_KINDS,
    CAMERA_DIR,
    DATA_FILE,
    ENTRANCES_LAYER,
    IMAGERY_FILE,
    MANIFEST_FILE,
    OUTCOMES,
    PHOTOS_DIR,
    PROJECT_FILE,
    VISITS_LAYER,
    layer_title,
    outcome_label,
    visit_fields,
)
from .imagery import cut_imagery
from .qgs import ProjectLayer, project_xml
from .tables import ensure_tables, point_uuid, session_identity

__all__ = ["field_export", "AREA_MARGIN_M", "photo_file"]

AREA_MARGIN_M = 300.0
"""Background layers and imagery reach this far around the points to visit."""
_M_PER_DEG = 111_320.0


def photo_file(meta: dict, value: object) -> str | None:
    """The photo ``value`` of a point as a local file path (a relative path is read beside
    the collected points' file); None for a URL or no photo."""
    if is_blank(value) or "://" in str(value):
        return None
    path = str(value)
    if not os.path.isabs(path):
        source = parse_source(meta.get("points_source", ""))
        path = os.path.join(os.path.dirname(source.path), path)
    return os.path.abspath(path)


def field_export(session: Session, out: str, *, communes: Sequence[str] = (),
                 collectors: Sequence[str] = (), assignee: str | None = None,
                 imagery: str | None = None, include_owner: bool = False, lang: str = "vi",
                 resend: bool = False) -> dict:
    """Write a field package of the session's *needs field check* points to the folder
    ``out`` (which must not exist, or be empty) and record them as sent to ``assignee``.

    Points already out in another person's package are left out unless ``resend``.
    Returns the counts and sizes: points, photos, photos_missing, left_out, buildings,
    roads, imagery_tiles, imagery_mb, size_mb, package_id.
    """
    if os.path.exists(out) and (not os.path.isdir(out) or os.listdir(out)):
        raise OutputError.coded("package_folder_used", path=out)
    parent = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(parent):
        raise OutputError.coded("folder_missing", path=parent)
    fids, left_out = _chosen(session, communes, collectors, assignee, resend)
    if not len(fids):
        raise InputError.coded("no_field_points", path=session.path,
                               filtered=bool(communes or collectors), left_out=left_out)
    session_id = session_identity(session.stored_meta)  # wherever the session is now
    records = [session.point(int(fid)) for fid in fids]
    package_id = uuid.uuid4().hex
    temp = tempfile.mkdtemp(prefix=f".{os.path.basename(out) or 'field'}.", dir=parent)
    try:
        counts = _write_folder(session, temp, records, session_id, package_id,
                               assignee=assignee, imagery=imagery,
                               include_owner=include_owner, lang=lang)
        counts.update(left_out=left_out, package_id=package_id)
        _record(session, out, temp, records, session_id, package_id, assignee)
    finally:
        if os.path.isdir(temp):
            shutil.rmtree(temp)
    return counts


def _chosen(session: Session, communes: Sequence[str], collectors: Sequence[str],
            assignee: str | None, resend: bool) -> tuple[np.ndarray, int]:
    """The fids to send, and how many were left out because they are out already."""
    fids = session.worklist(WorkFilter(communes=tuple(communes),
                                       collectors=tuple(collectors),
                                       statuses=("needs_field_check",)))
    if resend or not len(fids):
        return fids, 0
    with session.transaction() as conn:  # a consistent read of who has what
        ensure_tables(conn)
        out = dict(conn.execute(
            "SELECT fid, coalesce(assignee, '') FROM field_points p WHERE returned_at IS NULL "
            "AND rowid = (SELECT max(rowid) FROM field_points q WHERE q.fid = p.fid)"))
    keep = np.array([int(f) not in out or out[int(f)] == (assignee or "") for f in fids],
                    dtype=bool)
    return fids[keep], int((~keep).sum())


def _findings_text(record: PointRecord, lang: str) -> str:
    lines = [describe(f["message_code"], f["params"], lang) for f in record.findings
             if not f["dismissed"]]
    reason = record.review.get("reason")
    if reason:
        lines.append(("Ghi chú của cán bộ: " if lang == "vi" else "Officer's note: ") + reason)
    return "\n".join(lines)


def _entrance(record: PointRecord, lang: str) -> tuple[str, object]:
    finding = record.suggestion()
    if finding is None:
        return "", None
    x, y = finding["suggested_x"], finding["suggested_y"]
    text = describe(finding["message_code"], finding["params"], lang)
    return f"{text}\n({y:.6f}, {x:.6f})", shapely.Point(x, y)


def _write_folder(session: Session, folder: str, records: list[PointRecord],
                  session_id: str, package_id: str, *, assignee: str | None,
                  imagery: str | None, include_owner: bool, lang: str) -> dict:
    fields = session.meta.get("fields", {})
    os.makedirs(os.path.join(folder, PHOTOS_DIR))
    os.makedirs(os.path.join(folder, CAMERA_DIR))
    columns: dict[str, list] = {f.name: [] for f in visit_fields(
        include_owner=include_owner)}
    geometries, entrances, entrance_ids = [], [], []
    photos = missing = 0
    for record in records:
        uid = point_uuid(session_id, str(record.review["publish_id"]))
        values = {name: record.attributes.get(fields.get(name, ""))
                  for name in ("name", "address", "commune_code", "category",
                               "house_number", *PERSONAL_FIELDS)}
        text, entrance = _entrance(record, lang)
        photo = photo_file(session.meta, record.attributes.get(fields.get("photo", "")))
        copied = None
        if photo and os.path.isfile(photo):
            copied = f"{PHOTOS_DIR}/{uid}{os.path.splitext(photo)[1].lower()}"
            shutil.copyfile(photo, os.path.join(folder, copied))
            photos += 1
        elif photo:
            missing += 1
        row = {"point_uuid": uid, "point_id": str(record.point_id),
               "findings": _findings_text(record, lang), "entrance": text, "photo": copied,
               "visited_by": assignee or None, **values}
        for name in columns:
            value = row.get(name)
            columns[name].append(None if is_blank(value) else str(value))
        geometries.append(shapely.Point(record.x, record.y)
                          if math.isfinite(record.x) and math.isfinite(record.y) else None)
        if entrance is not None:
            entrances.append(entrance)
            entrance_ids.append(uid)
    points = np.array(geometries, dtype=object)
    bounds = _area(points, entrances)
    layers = [OutputLayer(VISITS_LAYER, {k: np.array(v, dtype=object)
                                              for k, v in columns.items()}, points, WGS84,
                          "Point"),
              OutputLayer(ENTRANCES_LAYER,
                          {"point_uuid": np.array(entrance_ids, dtype=object)},
                          np.array(entrances, dtype=object), WGS84, "Point")]
    counts = {"points": len(records), "photos": photos, "photos_missing": missing}
    for kind in BACKGROUND_KINDS:
        layer = _background(session.meta.get("references", {}).get(kind), kind, bounds)
        counts[kind] = 0 if layer is None else len(layer.geometries)
        if layer is not None:
            layers.append(layer)
    write_vector(os.path.join(folder, DATA_FILE), layers)
    counts["imagery_tiles"], counts["imagery_mb"] = 0, 0.0
    if imagery:
        target = os.path.join(folder, IMAGERY_FILE)
        counts["imagery_tiles"] = cut_imagery(imagery, target, bounds)
        counts["imagery_mb"] = round(os.path.getsize(target) / 1e6, 1)
    project = _project(folder, [layer.name for layer in layers], bounds, columns, session,
                       include_owner, lang)
    with open(os.path.join(folder, PROJECT_FILE), "w", encoding="utf-8") as handle:
        handle.write(project)
    counts["size_mb"] = round(_size(folder) / 1e6, 1)
    _manifest(folder, session, session_id, package_id, assignee, include_owner, lang, counts)
    return counts


def _area(points: np.ndarray, entrances: list) -> tuple[float, float, float, float]:
    """lon/lat bounds of the points and entrances, widened by :data:`AREA_MARGIN_M`."""
    candidates = np.array([g for g in [*points, *entrances] if g is not None], dtype=object)
    # a point at 0,0 or with lat/lon swapped would stretch the area (and the imagery) over
    # half the globe: the visitor finds those by their address
    present = candidates[in_vietnam(shapely.get_x(candidates), shapely.get_y(candidates))] \
        if len(candidates) else candidates
    if not len(present):
        raise InputError.coded("field_points_unplaced")
    west, south, east, north = shapely.total_bounds(present)
    dy = AREA_MARGIN_M / _M_PER_DEG
    dx = dy / max(math.cos(math.radians((south + north) / 2)), 0.1)
    return west - dx, south - dy, east + dx, north + dy


def _background(source: str | None, kind: str, bounds: tuple[float, float, float, float]
                ) -> OutputLayer | None:
    """The reference layer ``kind`` within ``bounds``, in WGS 84 (None without one)."""
    if not source:
        return None
    where = parse_source(source)
    try:
        info = pyogrio.read_info(where.path, layer=where.layer)
        to_layer = Transformer.from_crs(WGS84, info["crs"] or WGS84, always_xy=True)
        box = to_layer.transform_bounds(*bounds)
        meta, _, wkb, values = pyogrio.raw.read(where.path, layer=where.layer, bbox=box)
    except Exception as exc:  # the reference file moved or cannot be read: say which
        raise InputError.coded("reference_unreadable", path=where.path, kind=kind,
                               problem=str(exc)) from None
    geometries = shapely.from_wkb(wkb)
    back = Transformer.from_crs(meta["crs"] or WGS84, WGS84, always_xy=True)
    geometries = shapely.transform(geometries, lambda xy: np.column_stack(
        back.transform(xy[:, 0], xy[:, 1])))
    keep = [i for i, name in enumerate(meta["fields"]) if name.lower() in ("name", "ten",
                                                                          "highway", "building")]
    columns = {meta["fields"][i]: np.asarray(values[i], dtype=object) for i in keep}
    geometry = "LineString" if kind == "roads" else "Polygon"
    geometries = shapely.force_2d(geometries)
    kinds = {g.geom_type for g in geometries if g is not None}
    if any(k.startswith("Multi") for k in kinds):
        geometry = "Multi" + geometry
        geometries = np.array([shapely.multipolygons([g]) if g is not None and
                               g.geom_type == "Polygon" else
                               shapely.multilinestrings([g]) if g is not None and
                               g.geom_type == "LineString" else g for g in geometries],
                              dtype=object)
    return OutputLayer(kind, columns, geometries, WGS84, geometry)


def _project(folder: str, names: list[str], bounds: tuple[float, float, float, float],
             columns: dict, session: Session, include_owner: bool, lang: str) -> str:
    categories = sorted({c for c in _distinct(session, "category") if c} |
                        {c for c in columns["category"] if c})
    value_maps = {"outcome": [(code, outcome_label(code, lang)) for code in OUTCOMES],
                  "category": [(c, c) for c in categories]}
    layers = [ProjectLayer(f"diachi_{VISITS_LAYER}", layer_title(VISITS_LAYER,
                                                                            lang),
                           f"./{DATA_FILE}|layername={VISITS_LAYER}",
                           form=visit_fields(include_owner=include_owner),
                           value_maps=value_maps, read_only=False, lang=lang),
              ProjectLayer(f"diachi_{ENTRANCES_LAYER}",
                           layer_title(ENTRANCES_LAYER, lang),
                           f"./{DATA_FILE}|layername={ENTRANCES_LAYER}",
                           color="26,150,65,255", lang=lang)]
    for kind in BACKGROUND_KINDS:
        if kind in names:
            layers.append(ProjectLayer(
                f"diachi_{kind}", layer_title(kind, lang),
                f"./{DATA_FILE}|layername={kind}",
                geometry="LineString" if kind == "roads" else "Polygon",
                color="255,255,255,255" if kind == "roads" else "255,190,60,255", lang=lang))
    if os.path.exists(os.path.join(folder, IMAGERY_FILE)):
        layers.append(ProjectLayer("diachi_imagery", layer_title("imagery", lang),
                                   f"./{IMAGERY_FILE}", kind="raster",
                                   crs="EPSG:3857", lang=lang))
    mercator = Transformer.from_crs(WGS84, "EPSG:3857", always_xy=True)
    x0, y0 = mercator.transform(bounds[0], bounds[1])
    x1, y1 = mercator.transform(bounds[2], bounds[3])
    title = layer_title(VISITS_LAYER, lang)
    return project_xml(title, layers, (x0, y0, x1, y1))


def _distinct(session: Session, canonical: str) -> list[str]:
    """The values of a canonical field over the whole session (for value maps)."""
    column = session.meta.get("fields", {}).get(canonical)
    if column not in session.columns:
        return []
    conn = sqlite3.connect(f"file:{session.path}?mode=ro", uri=True)
    try:
        rows = conn.execute(f'SELECT DISTINCT "{column}" FROM points')
        return sorted({str(v) for (v,) in rows if not is_blank(v)})
    finally:
        conn.close()


def _size(folder: str) -> int:
    return sum(os.path.getsize(os.path.join(root, name))
               for root, _, names in os.walk(folder) for name in names)


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest(folder: str, session: Session, session_id: str, package_id: str,
              assignee: str | None, include_owner: bool, lang: str, counts: dict) -> None:
    files = {}
    for root, _, names in os.walk(folder):
        for name in sorted(names):
            path = os.path.join(root, name)
            files[os.path.relpath(path, folder).replace(os.sep, "/")] = {
                "bytes": os.path.getsize(path), "sha256": _sha256(path)}
    manifest = {"format": "diachi-field-package", "version": 1, "package_id": package_id,
                "session_id": session_id, "session": os.path.basename(session.path),
                "created_at": now(), "created_by": session.user, "assignee": assignee,
                "include_owner": include_owner, "lang": lang, "counts": counts,
                "files": files}
    with open(os.path.join(folder, MANIFEST_FILE), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, ensure_ascii=False, indent=2)


def _record(session: Session, out: str, temp: str, records: list[PointRecord],
            session_id: str, package_id: str, assignee: str | None) -> None:
    """Record the points as sent and move the folder into place, together."""
    fields = session.meta.get("fields", {})
    stamp = now()
    with session.transaction() as conn:
        ensure_tables(conn)
        mark = conn.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0]
        for record in records:
            snapshot = {"x": record.x if math.isfinite(record.x) else None,
                        "y": record.y if math.isfinite(record.y) else None,
                        "status": record.review["status"],
                        **{name: record.attributes.get(fields.get(name, ""))
                           for name in ("name", "category", "house_number")}}
            conn.execute("INSERT INTO field_points (package_id, fid, point_uuid, assignee, "
                         "sent_by, sent_at, audit_mark, snapshot) VALUES (?,?,?,?,?,?,?,?)",
                         (package_id, record.fid,
                          point_uuid(session_id, str(record.review["publish_id"])),
                          assignee, session.user, stamp, mark,
                          json.dumps(snapshot, ensure_ascii=False)))
        if os.path.isdir(out):
            os.rmdir(out)  # empty (checked first): the package takes its place
        os.rename(temp, out)
