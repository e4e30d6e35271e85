"""A session's points as the reports see them: canonical columns, review status, findings.

Read once, as arrays; the owner's personal data only when a report is told to include it.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

import numpy as np
import shapely

from ..errors import InputError
from ..fields import PERSONAL_FIELDS
from ..io.references import read_communes
from ..io.vector import read_vector
from ..model import normalise_code
from ..session.paths import resolve_meta
from ..source import parse_source

__all__ = ["SessionData", "read_session"]


@dataclass
class SessionData:
    """Columns of equal length, one row per point, plus the findings as rows."""

    path: str
    columns: dict[str, np.ndarray]
    findings: dict[str, list] = field(default_factory=dict)
    commune_names: dict[str, str] = field(default_factory=dict)
    province_names: dict[str, str] = field(default_factory=dict)
    references: dict[str, str] = field(default_factory=dict)
    """The reference layers the session was validated against (kind -> source)."""

    def __len__(self) -> int:
        return len(self.columns["point_id"])

    def column(self, name: str) -> np.ndarray:
        """A canonical column, or an all-None one when the data has no such field."""
        values = self.columns.get(name)
        return values if values is not None else np.full(len(self), None, dtype=object)


def read_session(path: str, *, personal: bool = False) -> SessionData:
    """Read a review session for reporting (the owner's name, phone and email only when
    ``personal``)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        meta = resolve_meta({k: json.loads(v) for k, v in conn.execute(
            "SELECT key, value FROM session_meta")}, path)
    except sqlite3.Error:
        raise InputError.coded("report_not_a_session", path=path) from None
    mapping = {canonical: name for canonical, name in meta["fields"].items()
               if personal or canonical not in PERSONAL_FIELDS}
    wanted = list(mapping.values())
    _, fids, wkb, raw = read_vector(parse_source(f"{path}|layername=points"),
                                    lambda names: [n for n in names if n in wanted])
    columns = {canonical: np.asarray(raw[name], dtype=object)
               for canonical, name in mapping.items() if name in raw}
    if "commune_code" in columns:  # as collected, before any old-to-new conversion
        columns["commune_code_collected"] = normalise_code(columns["commune_code"])
    geoms = shapely.from_wkb(wkb)
    ok = ~shapely.is_missing(geoms)
    lon = np.full(len(fids), np.nan)
    lat = np.full(len(fids), np.nan)
    lon[ok], lat[ok] = shapely.get_x(geoms[ok]), shapely.get_y(geoms[ok])
    names = ("point_id", "status", "decision", "reviewed_by", "commune_code", "publish_id")
    review_fids, review = _review_columns(conn, path, names)
    at = np.searchsorted(review_fids, fids)
    if len(review_fids) != len(fids) or not np.array_equal(review_fids[at], fids):
        raise InputError.coded("review_rows_mismatch", path=path)
    for name in names:
        columns[name] = review[name][at]
    columns["fid"], columns["lon"], columns["lat"] = np.asarray(fids), lon, lat
    # only the snap's distance is read from the params: a million findings' JSON is seconds
    rows = conn.execute(
        'SELECT CAST(point_id AS TEXT), "check", CASE WHEN "check" = \'snap\' THEN '
        "json_extract(params, '$.moved_m') END, related_id FROM findings").fetchall()
    findings = dict(zip(("point_id", "check", "moved_m", "related_id"),
                        (list(column) for column in zip(*rows)) if rows else ([], [], [], [])))
    conn.close()
    data = SessionData(path, columns, findings, references=meta.get("references", {}))
    _commune_names(data, data.references.get("communes"), meta.get("commune_fields"))
    return data


def _review_columns(conn: sqlite3.Connection, path: str, names: tuple[str, ...]
                    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The review table's fids (sorted) and ``names`` columns: through GDAL's Arrow stream
    (a million rows in a fraction of the seconds sqlite3's rows take), else by SQL for a
    session whose review table is not registered as a GeoPackage table."""
    try:
        _, fids, _, raw = read_vector(parse_source(f"{path}|layername=review"),
                                      lambda fields: [f for f in fields if f in names])
        if set(names) <= set(raw):
            order = np.argsort(fids, kind="stable")
            return np.asarray(fids, dtype=np.int64)[order], {
                name: np.asarray(raw[name], dtype=object)[order] for name in names}
    except InputError:
        pass
    rows = conn.execute(f"SELECT fid, {', '.join(names)} FROM review ORDER BY fid").fetchall()
    columns = list(zip(*rows)) if rows else [()] * (len(names) + 1)
    return np.array(columns[0], dtype=np.int64), {
        name: np.array(columns[index], dtype=object) for index, name in
        enumerate(names, start=1)}


def _commune_names(data: SessionData, source: str | None, fields: dict | None) -> None:
    """Commune and province names from the session's commune layer, when it is there."""
    if not source:
        return
    try:
        communes = read_communes(parse_source(source), fields=fields or None)
    except InputError:
        return  # the layer moved since: reports fall back to codes
    names = communes.attributes.get("name")
    provinces = communes.attributes.get("province")
    for index, code in enumerate(communes.attributes["code"]):
        if names is not None and names[index]:
            data.commune_names[str(code)] = str(names[index])
        if provinces is not None and provinces[index]:
            data.province_names[str(code)] = str(provinces[index])
