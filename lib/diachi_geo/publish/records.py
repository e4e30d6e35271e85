"""What leaves the machine: the confirmed points of a session as outgoing records, with the
owner's personal data stripped unless named, and a checksum to compare with the server."""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass

import numpy as np

from ..arrays import plain
from ..categories import place_classes
from ..errors import InputError
from ..fields import PERSONAL_FIELDS
from ..report.data import SessionData
from ..session.audited import ensure_audited, unaudited
from ..session.gpkgsql import connect
from ..session.status import publishable
from ..text import nfc
from .profile import SECTORS, Profile

__all__ = ["Record", "outgoing_records", "checksum", "leaving_fields", "refuse_unaudited"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Record:
    """One confirmed point as it is sent: stable id, target, location and properties."""

    stable_id: str
    target: str
    lon: float
    lat: float
    properties: dict
    commune: str
    category: str
    decimals: int = 7
    """Decimals of a degree the location is sent with and compared at."""

    @property
    def checksum(self) -> str:
        """The digest of the location and properties, compared with the server's copy."""
        return checksum(self.lon, self.lat, self.properties, self.decimals)


COORDINATE_DECIMALS = 7
"""Degrees to 1e-7 (about 1 cm) unless the profile says otherwise: locations are sent
rounded to it and compared at it (rounding twice could differ)."""
VIETNAM_BOX = (102.0, 6.0, 117.5, 24.0)  # with Hoàng Sa and Trường Sa


def checksum(lon: float, lat: float, properties: dict,
             decimals: int = COORDINATE_DECIMALS) -> str:
    """SHA-256 of the location (to ``decimals`` of a degree) and the properties as text: the
    same on both sides of the wire whatever types the server gives back."""
    text = json.dumps([round(float(lon), decimals), round(float(lat), decimals),
                       sorted((k, "" if v is None else str(v)) for k, v in properties.items())],
                      ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def leaving_fields(profile: Profile, include: tuple[str, ...] = ()) -> dict[str, str]:
    """Target field -> session column of what is sent; personal fields only when named."""
    out = {}
    for target, column in profile.fields.items():
        if column in PERSONAL_FIELDS and column not in include:
            continue
        out[target] = column
    return out


def outgoing_records(data: SessionData, profile: Profile, *, include_personal: tuple = (),
                     include_unconfirmed: bool = False) -> list[Record]:
    """The records to publish: confirmed approvals and corrections (or, when asked, every
    reviewed point that was not rejected)."""
    status, decision = data.column("status"), data.column("decision")
    if include_unconfirmed:
        log.warning("publishing points that no checker has confirmed")
        keep = np.array([d in ("approved", "corrected") or (s == "new" and d is None)
                         for s, d in zip(status, decision)])
    else:
        keep = np.array([publishable(s, d) for s, d in zip(status, decision)])
    fields = leaving_fields(profile, include_personal)
    kinds = place_classes(data.column("category"), data.column("name"), leading=True) \
        if len(data) else np.array([], dtype=object)
    lon, lat = data.column("lon"), data.column("lat")
    records = []
    west, south, east, north = VIETNAM_BOX
    placed = np.isfinite(lon) & np.isfinite(lat) & (lon >= west) & (lon <= east) & \
        (lat >= south) & (lat <= north)
    stray = int((keep & ~placed).sum())
    if stray:
        log.warning("%d confirmed point(s) are not in Vietnam (0,0, swapped or missing "
                    "coordinates) and are not sent; correct them in the review", stray)
    decimals = profile.coordinate_decimals
    for i in np.flatnonzero(keep & placed):
        props = {target: _plain(data.column(column)[i]) for target, column in fields.items()}
        sector = SECTORS.get(kinds[i]) if len(kinds) else None
        records.append(Record(str(data.column("publish_id")[i]),
                              profile.sectors.get(sector, profile.type_name),
                              round(float(lon[i]), decimals), round(float(lat[i]), decimals),
                              props, str(data.column("commune_code")[i] or ""),
                              str(data.column("category")[i] or ""), decimals))
    return records


def _plain(value: object) -> object:
    """A value as published: text in NFC without surrounding blanks (servers trim them),
    blank text and NaN as nothing."""
    value = plain(value)
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, str):
        value = nfc(value).strip()
        return value or None
    return value


def refuse_unaudited(session: str, records: list[Record]) -> None:
    """Raise :class:`InputError` naming the points to publish whose location or values
    differ from their last audited state (changed outside the review)."""
    conn = connect(session, timeout=30)
    try:
        conn.execute("BEGIN IMMEDIATE")
        ensure_audited(conn)  # a session made before audited digests were kept
        conn.execute("COMMIT")
        changed = set(unaudited(conn))
        leaving = {r.stable_id for r in records}
        names = [point_id for fid, point_id, publish_id in conn.execute(
            "SELECT fid, point_id, publish_id FROM review ORDER BY position")
            if publish_id in leaving and fid in changed]
    finally:
        conn.close()
    if names:
        raise InputError.coded("unaudited_changes", path=session, count=len(names),
                               names=", ".join(map(str, names[:20])) +
                               (" ..." if len(names) > 20 else ""))
