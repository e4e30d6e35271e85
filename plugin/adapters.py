"""The one place where QGIS objects become library data and back.

QgsFeatureSource -> diachi_geo PointSet / ReferenceLayer (through WKB, so files and QGIS
layers go through exactly the same library code), QgsCoordinateReferenceSystem <-> pyproj.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from diachi_geo.fields import (
    COMMUNE_FIELDS,
    PERSONAL_FIELDS,
    REQUIRED_COMMUNE_FIELDS,
    resolve_fields,
)
from diachi_geo.io import Source, build_point_set, build_reference, points_from_wkb
from diachi_geo.model import PointSet, ReferenceLayer
from pyproj import CRS
from qgis.core import NULL, QgsCoordinateReferenceSystem, QgsFeatureRequest, QgsFeatureSource
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime

__all__ = ["crs_to_pyproj", "crs_from_pyproj", "point_set_from_source",
           "reference_from_source"]


def crs_to_pyproj(crs: QgsCoordinateReferenceSystem):
    """A pyproj CRS for a QGIS CRS (None when the layer has none)."""
    if not crs.isValid():
        return None
    authid = crs.authid()
    if authid.upper().startswith("EPSG:"):
        return CRS.from_user_input(authid)
    return CRS.from_wkt(crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED))


def crs_from_pyproj(crs) -> QgsCoordinateReferenceSystem:
    epsg = crs.to_epsg()
    if epsg:
        return QgsCoordinateReferenceSystem(f"EPSG:{epsg}")
    return QgsCoordinateReferenceSystem.fromWkt(crs.to_wkt())


def _plain(value: object) -> object:
    if value is None or value == NULL:
        return None
    if isinstance(value, QDateTime):
        return value.toString(Qt.ISODate)
    if isinstance(value, (QDate, QTime)):
        return value.toString(Qt.ISODate)
    return value


def _read(source: QgsFeatureSource, cancelled: Callable[[], bool] | None
          ) -> tuple[list, dict[str, list], list]:
    names = source.fields().names()
    wkb, fids = [], []
    columns: dict[str, list] = {name: [] for name in names}
    for feature in source.getFeatures(QgsFeatureRequest()):
        if cancelled is not None and len(fids) % 10000 == 0 and cancelled():
            break
        geometry = feature.geometry()
        wkb.append(None if geometry.isNull() else bytes(geometry.asWkb()))
        fids.append(feature.id())
        for name, value in zip(names, feature.attributes()):
            columns[name].append(_plain(value))
    return wkb, columns, fids


def point_set_from_source(source: QgsFeatureSource, name: str, *,
                          fields: Mapping[str, str] | None = None,
                          cancelled: Callable[[], bool] | None = None,
                          with_fids: bool = False) -> PointSet | tuple[PointSet, np.ndarray]:
    """Read a QGIS point source into a PointSet (same rules as files: ids, fields, CRS);
    with ``with_fids`` also the feature id of each point, in the same order."""
    wkb, columns, fids = _read(source, cancelled)
    geometry = points_from_wkb(np.array(wkb, dtype=object))
    arrays = {k: _objects(v) for k, v in columns.items()}
    # the owner's name and email are never needed; the phone helps find duplicates
    mapping = resolve_fields(list(arrays), overrides=fields, path=name)
    for canonical in PERSONAL_FIELDS:
        if canonical != "owner_phone" and canonical in mapping:
            arrays.pop(mapping[canonical])
    points = build_point_set(Source(name), arrays, np.array(fids), geometry,
                             declared_crs=crs_to_pyproj(source.sourceCrs()), fields=fields)
    return (points, np.array(fids)) if with_fids else points


def reference_from_source(source: QgsFeatureSource, name: str, *, kind: str,
                          fields: Mapping[str, str] | None = None,
                          cancelled: Callable[[], bool] | None = None) -> ReferenceLayer:
    """Read a QGIS source into a ReferenceLayer, with the same rules as files.

    For ``kind="communes"`` the ``code`` field is found as for files unless ``fields``
    names it.
    """
    wkb, columns, fids = _read(source, cancelled)
    arrays = {k: _objects(v) for k, v in columns.items()}
    if kind == "communes":
        fields = resolve_fields(list(arrays), overrides=fields, known=COMMUNE_FIELDS,
                                required=REQUIRED_COMMUNE_FIELDS, path=name)
    return build_reference(Source(name), np.array(wkb, dtype=object), np.array(fids), arrays,
                           crs_to_pyproj(source.sourceCrs()), kind=kind, fields=fields)


def _objects(values: list) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out
