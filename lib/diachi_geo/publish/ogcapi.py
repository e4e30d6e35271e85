"""OGC API - Features Part 4 client: read a collection, create, replace, delete items."""
from __future__ import annotations

from .http import Http, PublishError
from .records import Record
from .wfst import ServerFeature

__all__ = ["OgcApiClient"]

PAGE = 1000


class OgcApiClient:
    """Reads and writes one OGC API - Features (Part 4) server's collections."""

    def __init__(self, http: Http, url: str):
        self.http, self.url = http, url.rstrip("/")

    def _items(self, collection: str) -> str:
        return f"{self.url}/collections/{collection}/items"

    def read(self, collection: str, id_field: str) -> list[ServerFeature]:
        """Every feature of ``collection``, page by page."""
        return self._pages(collection, id_field, {})

    def _pages(self, collection: str, id_field: str, query: dict) -> list[ServerFeature]:
        out, offset = [], 0
        while True:
            response = self.http.request("GET", self._items(collection), params={
                "f": "json", "limit": PAGE, "offset": offset, **query})
            if response.status_code != 200:
                raise PublishError.coded("read_failed", target=collection,
                                         status=response.status_code)
            features = response.json().get("features", [])
            out += [ServerFeature.from_geojson(f, id_field) for f in features]
            if len(features) < PAGE:
                return out
            offset += PAGE

    def read_ids(self, collection: str, id_field: str, server_ids: list, *,
                 bbox: tuple[float, float, float, float] | None = None
                 ) -> list[ServerFeature]:
        """The features with these server ids. With ``bbox`` (where they are) one paged
        query reads them all, as a batch's read-back; else one request per id."""
        if bbox is not None:
            wanted = {str(i) for i in server_ids}
            return [f for f in self._pages(collection, id_field, {"bbox": ",".join(
                repr(float(v)) for v in bbox)}) if str(f.server_id) in wanted]
        out = []
        for server_id in server_ids:
            response = self.http.request("GET", f"{self._items(collection)}/{server_id}",
                                         params={"f": "json"})
            if response.status_code == 404:
                continue
            if response.status_code != 200:
                raise PublishError.coded("read_back_failed", target=collection,
                                         server_id=server_id, status=response.status_code)
            out.append(ServerFeature.from_geojson(response.json(), id_field, server_id))
        return out

    def transaction(self, collection: str, inserts: list[Record],
                    updates: list[tuple[str, Record]], deletes: list[str]) -> dict:
        """Part 4 has no multi-item transaction: one request per item, in order."""
        headers = {"Content-Type": "application/geo+json"}
        inserted = []
        for record in inserts:
            response = self.http.request("POST", self._items(collection), retry=False,
                                         json=_feature(record), headers=headers)
            _expect(response, (200, 201), "create", collection)
            inserted.append(response.headers.get("Location", "").rstrip("/").rsplit("/", 1)[-1])
        for server_id, record in updates:
            response = self.http.request("PUT", f"{self._items(collection)}/{server_id}",
                                         json=_feature(record), headers=headers)
            _expect(response, (200, 204), "replace", collection)
        for server_id in deletes:
            response = self.http.request("DELETE", f"{self._items(collection)}/{server_id}")
            _expect(response, (200, 204), "delete", collection)
        return {"totalInserted": len(inserts), "totalUpdated": len(updates),
                "totalDeleted": len(deletes), "inserted_ids": inserted}


def _feature(record: Record) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point",
                                            "coordinates": [record.lon, record.lat]},
            "properties": {k: v for k, v in record.properties.items() if v is not None}}


def _expect(response, codes: tuple, what: str, collection: str) -> None:
    if response.status_code not in codes:
        raise PublishError.coded("item_refused", what=what, target=collection,
                                 status=response.status_code, body=repr(response.text[:200]))
