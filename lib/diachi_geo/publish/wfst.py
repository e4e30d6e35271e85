"""WFS-T 1.1 client: read a feature type as GeoJSON, insert, update and delete by id."""
from __future__ import annotations

import re
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from .http import Http, PublishError
from .records import Record

__all__ = ["WfsTClient", "ServerFeature", "gml_features"]

NS = {"wfs": "http://www.opengis.net/wfs", "ogc": "http://www.opengis.net/ogc",
      "gml": "http://www.opengis.net/gml"}
FEATURE_NS = "http://www.qgis.org/gml"
READ_BACK_IDS = 50
"""Ids per read-back request: QGIS Server answers an empty collection to long id lists."""


class ServerFeature(tuple):
    """(server id, stable id, lon, lat, properties)."""

    @property
    def server_id(self):
        """The server's own id of the feature."""
        return self[0]

    @classmethod
    def from_geojson(cls, feature: dict, id_field: str, server_id=None) -> ServerFeature:
        """A GeoJSON feature as read back from either protocol (QGIS Server adds ``fid``)."""
        props = dict(feature.get("properties") or {})
        props.pop("fid", None)
        coords = (feature.get("geometry") or {}).get("coordinates") or [None, None]
        return cls((feature.get("id", server_id), props.get(id_field), coords[0], coords[1],
                    props))


class WfsTClient:
    """Reads and writes feature types on a WFS-T 1.1 server."""

    def __init__(self, http: Http, url: str):
        self.http, self.url = http, url
        # QGIS Server's HTTP/1.0 answers leave a kept-alive connection hanging on the next
        # request; one connection per request is safe with every WFS server
        http.session.headers["Connection"] = "close"

    def read(self, type_name: str, id_field: str) -> list[ServerFeature]:
        """Every feature of ``type_name``."""
        return self._get(type_name, id_field, {})

    def read_ids(self, type_name: str, id_field: str, server_ids: list, *,
                 bbox: tuple[float, float, float, float] | None = None
                 ) -> list[ServerFeature]:
        """The features with these server ids (read back after a batch), by FEATUREID,
        :data:`READ_BACK_IDS` per request; ``bbox`` is not needed here."""
        out = []
        for start in range(0, len(server_ids), READ_BACK_IDS):
            chunk = server_ids[start:start + READ_BACK_IDS]
            out += self._get(type_name, id_field,
                             {"FEATUREID": ",".join(str(i) for i in chunk)})
        return out

    def _get(self, type_name: str, id_field: str, query: dict) -> list[ServerFeature]:
        """GetFeature as GML 2, whose coordinates keep the layer's full precision (QGIS
        Server rounds GeoJSON to 6 decimals, about 11 cm)."""
        response = self.http.request("GET", self.url, params={
            "SERVICE": "WFS", "VERSION": "1.1.0", "REQUEST": "GetFeature",
            "TYPENAME": type_name, "OUTPUTFORMAT": "GML2", "SRSNAME": "EPSG:4326", **query})
        if response.status_code != 200:
            raise PublishError.coded("read_failed", target=type_name,
                                     status=response.status_code)
        return gml_features(response.content, type_name, id_field)

    def transaction(self, type_name: str, inserts: list[Record],
                    updates: list[tuple[str, Record]], deletes: list[str]) -> dict:
        """One atomic transaction; returns the server's totals."""
        parts = []
        for record in inserts:
            parts.append(f"<wfs:Insert><qgs:{type_name}>{_geometry(record)}"
                         f"{_properties(record.properties)}</qgs:{type_name}></wfs:Insert>")
        for server_id, record in updates:
            props = "".join(f"<wfs:Property><wfs:Name>{escape(k)}</wfs:Name>"
                            f"<wfs:Value>{escape('' if v is None else str(v))}</wfs:Value>"
                            "</wfs:Property>" for k, v in record.properties.items())
            parts.append(f'<wfs:Update typeName="qgs:{type_name}">{props}'
                         f"<wfs:Property><wfs:Name>geometry</wfs:Name><wfs:Value>"
                         f"{_point(record)}</wfs:Value></wfs:Property>"
                         f"<ogc:Filter><ogc:FeatureId fid={quoteattr(str(server_id))}/>"
                         "</ogc:Filter></wfs:Update>")
        for server_id in deletes:
            parts.append(f'<wfs:Delete typeName="qgs:{type_name}"><ogc:Filter>'
                         f"<ogc:FeatureId fid={quoteattr(str(server_id))}/></ogc:Filter>"
                         "</wfs:Delete>")
        body = ('<wfs:Transaction service="WFS" version="1.1.0" '
                f'xmlns:wfs="{NS["wfs"]}" xmlns:ogc="{NS["ogc"]}" xmlns:gml="{NS["gml"]}" '
                f'xmlns:qgs="{FEATURE_NS}">{"".join(parts)}</wfs:Transaction>')
        response = self.http.request(
            "POST", self.url, retry=False, params={"SERVICE": "WFS", "VERSION": "1.1.0",
                                                   "REQUEST": "Transaction"},
            # Vietnamese letters as character references: the body is plain ASCII, which
            # every server reads right (qgis_mapserver hangs on multi-byte UTF-8 bodies)
            data=body.encode("ascii", "xmlcharrefreplace"),
            headers={"Content-Type": "text/xml; charset=utf-8"})
        return _totals(response.text, type_name)


def gml_features(body: bytes, type_name: str, id_field: str) -> list[ServerFeature]:
    """The features of a GML 2 FeatureCollection: each member's ``fid``, its point (x y as
    lon lat) and its other elements as text properties."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise PublishError.coded("not_gml", target=type_name, body=repr(body[:200])) from None
    if _local(root.tag) in ("ExceptionReport", "ServiceExceptionReport"):
        message = " ".join(t.strip() for t in root.itertext() if t.strip())
        raise PublishError.coded("read_refused", target=type_name, message=message[:300])
    out = []
    for member in root.iter(f"{{{NS['gml']}}}featureMember"):
        for feature in member:
            lon = lat = None
            props: dict[str, object] = {}
            for child in feature:
                if len(child):
                    lon, lat = _lonlat(child)
                elif _local(child.tag) not in ("fid", "boundedBy"):
                    props[_local(child.tag)] = child.text
            out.append(ServerFeature((feature.get("fid"), props.get(id_field), lon, lat,
                                      props)))
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _lonlat(geometry: ElementTree.Element) -> tuple[float | None, float | None]:
    """The first position of a GML 2 or 3 geometry."""
    for element in geometry.iter():
        name = _local(element.tag)
        if name in ("coordinates", "pos") and element.text:
            separator = element.get("cs", ",") if name == "coordinates" else " "
            first = element.text.strip().split(element.get("ts", " ") if name ==
                                               "coordinates" else "\n")[0]
            x, y = first.split(separator)[:2]
            return float(x), float(y)
    return None, None


def _point(record: Record) -> str:
    return (f'<gml:Point srsName="EPSG:4326"><gml:pos srsDimension="2">{record.lon!r} '
            f"{record.lat!r}</gml:pos></gml:Point>")  # x y = lon lat, as QGIS Server reads


def _geometry(record: Record) -> str:
    return f"<qgs:geometry>{_point(record)}</qgs:geometry>"


def _properties(properties: dict) -> str:
    return "".join(f"<qgs:{k}>{escape(str(v))}</qgs:{k}>" for k, v in properties.items()
                   if v is not None)


def _totals(text: str, type_name: str) -> dict:
    try:
        root = ElementTree.fromstring(text.encode("utf-8"))
    except ElementTree.ParseError:
        raise PublishError.coded("transaction_unreadable", target=type_name,
                                 body=repr(text[:200])) from None
    if root.tag.endswith("ExceptionReport") or root.tag.endswith("ServiceExceptionReport"):
        message = " ".join(t.strip() for t in root.itertext() if t.strip())
        raise PublishError.coded("transaction_refused", target=type_name,
                                 message=message[:300])
    totals: dict = {}
    for name in ("totalInserted", "totalUpdated", "totalDeleted"):
        found = re.search(rf"<[^>]*{name}>(\d+)<", text)
        totals[name] = int(found.group(1)) if found else 0
    results = root.find("wfs:InsertResults", NS)
    totals["inserted_ids"] = [] if results is None else [
        e.get("fid") for e in results.iter(f"{{{NS['ogc']}}}FeatureId")]
    return totals
