"""The reference layers of a run (communes, buildings, roads, water, entrances), and all the
inputs of a run read together with the points.

Each becomes a :class:`~diachi_geo.model.ReferenceLayer`; features without geometry are
dropped with a log line, and communes must be polygons with a code and a name.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

import numpy as np
import shapely
from pyproj import CRS

from ..crs import as_crs
from ..errors import InputError
from ..fields import COMMUNE_FIELDS, REQUIRED_COMMUNE_FIELDS, resolve_fields
from ..freemem import release_free_memory
from ..model import PointSet, ReferenceLayer, normalise_code, reprojected_part
from ..parallel import in_threads
from ..source import Source, parse_source
from .points import as_object, read_points, repeated_values
from .vector import read_vector

__all__ = ["REFERENCE_KINDS", "MEASURED_KINDS", "REFERENCE_FIELDS", "read_reference",
           "build_reference", "read_communes", "read_inputs", "read_references"]

log = logging.getLogger(__name__)

REFERENCE_KINDS = ("communes", "buildings", "roads", "water", "entrances")
MEASURED_KINDS = ("buildings", "roads", "water", "entrances")
"""The reference kinds the checks only use in metres."""

REFERENCE_FIELDS = {  # attributes kept from each kind of reference layer, when present
    "buildings": ("building", "amenity", "name"),
    "entrances": ("entrance",),
    "roads": ("name", "highway", "ref"),
    "water": ("name",),
}


def read_reference(source: str | Source, *, kind: str,
                   fields: Mapping[str, str] | None = None,
                   bbox: tuple[float, float, float, float] | None = None,
                   id_field: bool | None = None, to_crs: CRS | None = None,
                   mask: object = None, fids: np.ndarray | None = None) -> ReferenceLayer:
    """Read a reference layer (buildings, roads, water, entrances, communes).

    Unreadable geometries are dropped with a log line. ``fields`` maps attributes to keep
    (canonical name -> field); by default the OSM-style ones of :data:`REFERENCE_FIELDS`.
    Ids come from an ``id`` field when it is unique, else from the feature ids. ``bbox``
    (in the layer's CRS) reads only the features that meet it, as does ``mask`` (a shapely
    geometry in the layer's CRS), as do ``fids`` (feature ids); ``id_field`` then says
    whether the whole layer's ``id`` field is unique (else the window's decides).
    ``to_crs`` projects the geometries as they are decoded (the layer is then in it): the
    layer is never held in two CRS at once.
    """
    source = source if isinstance(source, Source) else parse_source(source)
    keep = {n.lower() for n in (fields or {}).values()} | \
        set(REFERENCE_FIELDS.get(kind, ())) | {"id"}
    meta, fids, wkb, columns = read_vector(
        source, lambda names: [n for n in names if n.lower() in keep], bbox=bbox, mask=mask,
        fids=fids)
    source = Source(source.path, meta["layer"])
    if wkb is None:
        raise InputError.coded("reference_no_geometry", path=source.path, layer=source.layer,
                               kind=kind)
    return build_reference(source, wkb, fids, columns, meta.get("crs"), kind=kind,
                           fields=fields, id_field=id_field, to_crs=to_crs)


def build_reference(source: Source, wkb: np.ndarray, fids: np.ndarray,
                    columns: dict[str, np.ndarray], crs: object, *, kind: str,
                    fields: Mapping[str, str] | None = None,
                    id_field: bool | None = None, to_crs: CRS | None = None
                    ) -> ReferenceLayer:
    """Assemble a :class:`ReferenceLayer` from raw columns; shared by files and QGIS.
    ``to_crs``: the CRS to project the geometries to as they are decoded."""
    if not crs:
        raise InputError.coded("reference_no_crs", path=source.path, layer=source.layer)
    if fields is None:
        lower = {name.lower(): name for name in columns}
        fields = {n: lower[n] for n in REFERENCE_FIELDS.get(kind, ()) if n in lower}
    geoms, crs = _decoded(np.asarray(wkb, dtype=object), as_crs(crs),
                          None if to_crs is None else as_crs(to_crs))
    keep = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    if not keep.all():
        log.warning("%s: %d %s feature(s) without geometry are ignored", source,
                    int((~keep).sum()), kind)
    attributes = {canonical: as_object(np.asarray(columns[name]))[keep]
                  for canonical, name in fields.items() if name in columns}
    ids = np.asarray(fids)[keep]
    by_lower = {name.lower(): name for name in columns}
    if "id" in by_lower:
        values = np.asarray(columns[by_lower["id"]])[keep]
        if id_field if id_field is not None else not len(repeated_values(values)):
            ids = values
    if "code" in attributes:
        attributes["code"] = normalise_code(attributes["code"])
    return ReferenceLayer(source=str(source), geometries=geoms[keep], ids=ids, crs=crs,
                          attributes=attributes)


def _decoded(wkb: np.ndarray, crs: CRS, target: CRS | None) -> tuple[np.ndarray, CRS]:
    """The geometries of ``wkb`` (None where unreadable) and their CRS: ``target`` when
    given, each chunk projected as soon as it is decoded, so that two million footprints
    never exist in both CRS."""
    if target is None or target == crs:
        return shapely.from_wkb(wkb, on_invalid="ignore"), crs
    return in_threads(lambda part: reprojected_part(
        shapely.from_wkb(part, on_invalid="ignore"), crs, target), wkb), target


def read_communes(source: str | Source, *, fields: Mapping[str, str] | None = None
                  ) -> ReferenceLayer:
    """Read commune polygons with ``code`` (normalised) and ``name`` attributes."""
    source = source if isinstance(source, Source) else parse_source(source)
    meta, fids, wkb, columns = read_vector(source)
    if wkb is None:
        raise InputError.coded("communes_no_geometry", path=source.path, layer=meta["layer"])
    mapping = resolve_fields(list(columns), overrides=fields, known=COMMUNE_FIELDS,
                             required=REQUIRED_COMMUNE_FIELDS, path=source.path,
                             layer=meta["layer"])
    layer = build_reference(Source(source.path, meta["layer"]), wkb, fids, columns,
                            meta.get("crs"), kind="communes", fields=mapping)
    polygonal = np.isin(shapely.get_type_id(layer.geometries), (3, 6))
    if not polygonal.all():
        raise InputError.coded("communes_not_polygons", path=source.path, layer=meta["layer"])
    return layer


def read_inputs(points: str | Source, references: Mapping[str, str | Source | None], *,
                fields: Mapping[str, str] | None = None,
                commune_fields: Mapping[str, str] | None = None, crs: object = None,
                personal: bool | Iterable[str] = False,
                commune_mapping: Mapping[str, str] | None = None,
                metric_crs: CRS | str | None = None
                ) -> tuple[PointSet, dict[str, ReferenceLayer | None]]:
    """Read the points and the reference layers of a run.

    ``references`` maps a kind of :data:`REFERENCE_KINDS` to its source (or None). With
    ``metric_crs`` (a CRS, or "utm" for the points' zone) the footprints, roads, water and
    entrances are projected to it as they are decoded, after the points, so the run never
    holds them twice: the checks measure in that CRS (the communes stay as read: points
    are placed in them in degrees too).
    Reading one after the other is faster than in threads here: pyogrio holds the GIL
    while it turns strings into Python objects (measured at 1M points: 8 s against 11 s).
    """
    unknown = set(references) - set(REFERENCE_KINDS)
    if unknown:
        raise ValueError(f"unknown reference kinds {sorted(unknown)}")
    layers = read_references({"communes": references.get("communes")},
                             commune_fields=commune_fields)
    point_set = read_points(points, fields=fields, crs=crs, personal=personal,
                            communes=layers["communes"],  # they can tell an unknown CRS
                            commune_mapping=commune_mapping)
    release_free_memory()
    target = None if metric_crs is None else \
        point_set.metric_crs() if metric_crs == "utm" else as_crs(metric_crs)
    for kind in MEASURED_KINDS:
        source = references.get(kind)
        layers[kind] = read_reference(source, kind=kind, to_crs=target) if source else None
    release_free_memory()   # the layers' WKB and Arrow buffers
    return point_set, layers


def read_references(references: Mapping[str, str | Source | None], *,
                    commune_fields: Mapping[str, str] | None = None
                    ) -> dict[str, ReferenceLayer | None]:
    """Read the reference layers named in ``references`` (kind -> source; None for none)."""
    layers: dict[str, ReferenceLayer | None] = {}
    for kind in REFERENCE_KINDS:
        source = references.get(kind)
        if not source:
            layers[kind] = None
        elif kind == "communes":
            layers[kind] = read_communes(source, fields=commune_fields)
        else:
            layers[kind] = read_reference(source, kind=kind)
    return layers
