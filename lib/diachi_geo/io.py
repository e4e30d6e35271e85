"""Reading collected points and reference layers; writing outputs atomically.

Sources are named the GDAL/QGIS way: ``PATH`` or ``PATH|layername=NAME``. GeoPackage,
GeoJSON, Shapefile and anything else GDAL reads go through pyogrio (vectorised: a million
features in seconds); CSV and XLSX with longitude/latitude columns go through
:mod:`diachi_geo.tabular`. Inputs are opened read-only and never written.
"""
from __future__ import annotations

import contextlib
import logging
import os
import pathlib
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import shapely

from .crs import WGS84, as_crs
from .errors import DiachiError, InputError, OutputError
from .fields import (
    COMMUNE_FIELDS,
    PERSONAL_FIELDS,
    REQUIRED_COMMUNE_FIELDS,
    REQUIRED_POINT_FIELDS,
    resolve_fields,
)
from .model import PointSet, ReferenceLayer, normalise_code
from .source import Source, must_exist, parse_source
from .tabular import TABULAR_SUFFIXES, points_from_table, read_table

__all__ = ["Source", "parse_source", "read_points", "read_points_with_columns",
           "build_point_set", "points_from_wkb",
           "read_reference", "build_reference", "read_communes", "read_inputs",
           "read_references",
           "REFERENCE_KINDS", "atomic_output",
           "check_not_input", "OutputLayer", "write_vector", "list_layers", "read_vector"]

log = logging.getLogger(__name__)


def list_layers(path: str) -> list[str]:
    """The names of the vector layers in a file."""
    import pyogrio

    must_exist(path)
    try:
        return [str(name) for name, geometry_type in pyogrio.list_layers(path)]
    except Exception as exc:
        raise InputError(f"cannot be opened as a vector file ({_short(exc)})", path=path,
                         fix="check that it is a GeoPackage, GeoJSON, Shapefile or CSV and "
                             "that it is not damaged") from exc


def read_vector(source: Source, wanted: Callable[[list[str]], list[str]] | None = None
                 ) -> tuple[dict, np.ndarray, np.ndarray | None, dict]:
    """(meta, fids, wkb or None, columns) of one vector layer.

    ``wanted(field_names)`` chooses the fields to read; the others are never loaded.
    """
    import pyogrio
    import pyogrio.raw

    must_exist(source.path)
    layer = source.layer
    layers = list_layers(source.path)
    if layer is None and layers:
        data_layers = [name for name in layers if name not in ("layer_styles",)] or layers
        if len(data_layers) > 1:
            raise InputError(
                f"has {len(data_layers)} layers ({', '.join(data_layers)}) and none was named",
                path=source.path,
                fix=f"name one, e.g. \"{source.path}|layername={data_layers[0]}\"")
        layer = data_layers[0]
    if layer is not None and layer not in layers:
        raise InputError(f"has no layer named {layer!r}", path=source.path,
                         fix=f"choose one of: {', '.join(layers) or '(none)'}")
    try:
        subset = None
        if wanted is not None:
            names = [str(n) for n in pyogrio.read_info(source.path, layer=layer)["fields"]]
            subset = wanted(names)
        meta, fids, wkb, values = pyogrio.raw.read(source.path, layer=layer, return_fids=True,
                                                   columns=subset)
    except InputError as exc:   # from ``wanted``: say which layer it was
        raise InputError(exc.problem, fix=exc.fix, path=exc.path, layer=exc.layer or layer,
                         feature=exc.feature, field=exc.field) from None
    except DiachiError:
        raise
    except Exception as exc:
        raise InputError(f"cannot be read ({_short(exc)})", path=source.path, layer=layer,
                         fix="open it in QGIS to check it, or export it again") from exc
    columns = {str(name): data for name, data in zip(meta["fields"], values)}
    meta["layer"] = layer
    return meta, np.asarray(fids), wkb, columns


def _short(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__


def read_points(source: str | Source, *, fields: Mapping[str, str] | None = None,
                crs: object = None, personal: bool | Iterable[str] = False,
                required: Iterable[str] = REQUIRED_POINT_FIELDS,
                communes: ReferenceLayer | None = None,
                commune_mapping: Mapping[str, str] | None = None) -> PointSet:
    """Read collected points with their canonical attributes.

    Parameters
    ----------
    source : str or Source
        ``PATH`` or ``PATH|layername=NAME``; CSV/XLSX need longitude/latitude columns.
    fields : mapping, optional
        Canonical name -> field name overrides (see :mod:`diachi_geo.fields`).
    crs : optional
        The CRS to assume when the file declares none.
    required : iterable of str
        Canonical fields that must exist (a published registry may only have id and name).
    personal : bool or iterable of str
        Also read the owner's name, phone and email (True), or the ones named (duplicate
        detection compares phone numbers). They stay in memory: findings never carry them.

    Raises
    ------
    InputError
        Unreadable file, missing field, null or duplicate ids, unknown CRS.
    """
    source = source if isinstance(source, Source) else parse_source(source)
    allowed = set(PERSONAL_FIELDS) if personal is True else set(personal or ())

    def wanted(names: list[str]) -> list[str]:
        mapping = resolve_fields(names, overrides=fields, required=required,
                                 path=source.path, layer=source.layer)
        return [name for canonical, name in mapping.items()
                if canonical not in PERSONAL_FIELDS or canonical in allowed]

    source, columns, fids, geometry, declared = _read_point_columns(source, wanted)
    return build_point_set(source, columns, fids, geometry, declared_crs=declared,
                           fields=fields, crs=crs, required=required, communes=communes,
                           commune_mapping=commune_mapping)


def read_points_with_columns(source: str | Source, *, fields: Mapping[str, str] | None = None,
                             crs: object = None, communes: ReferenceLayer | None = None,
                             commune_mapping: Mapping[str, str] | None = None
                             ) -> tuple[PointSet, dict[str, np.ndarray]]:
    """The points and every column of the layer as it is (the owner's data included), for
    copying the points into a review session on this machine."""
    source = source if isinstance(source, Source) else parse_source(source)
    source, columns, fids, geometry, declared = _read_point_columns(source, None)
    points = build_point_set(source, columns, fids, geometry, declared_crs=declared,
                             fields=fields, crs=crs, communes=communes,
                             commune_mapping=commune_mapping)
    return points, columns


def _read_point_columns(source: Source, wanted: Callable[[list[str]], list[str]] | None
                        ) -> tuple[Source, dict[str, np.ndarray], np.ndarray, tuple, object]:
    """(source with its layer, columns, fids, (x, y, problems, params), declared CRS)."""
    if pathlib.Path(source.path).suffix.lower() in TABULAR_SUFFIXES:
        columns, fids = read_table(source)
        return source, columns, fids, points_from_table(columns, source), None
    meta, fids, wkb, columns = read_vector(source, wanted)
    if wkb is None:
        raise InputError("has no geometry column", path=source.path, layer=meta["layer"],
                         fix="export the layer with its point geometry, or use a CSV "
                             "with longitude/latitude columns")
    return (Source(source.path, meta["layer"]), columns, fids, points_from_wkb(wkb),
            meta.get("crs"))


def build_point_set(source: Source, columns: dict[str, np.ndarray], fids: np.ndarray,
                    geometry: tuple[np.ndarray, np.ndarray, np.ndarray, dict], *,
                    declared_crs: object = None, fields: Mapping[str, str] | None = None,
                    crs: object = None, required: Iterable[str] = REQUIRED_POINT_FIELDS,
                    communes: ReferenceLayer | None = None,
                    commune_mapping: Mapping[str, str] | None = None) -> PointSet:
    """Assemble a :class:`PointSet` from raw columns; shared by files and QGIS layers.

    ``geometry`` is ``(x, y, problems, problem_params)`` from :func:`points_from_wkb`.
    """
    x, y, problems, problem_params = geometry
    if len(fids) == 0:
        raise InputError("has no features: there is nothing to check", path=source.path,
                         layer=source.layer, fix="check the layer name, any filter, or the "
                         "export from the collection app")
    mapping = resolve_fields(list(columns), overrides=fields, required=required,
                             path=source.path, layer=source.layer)
    attributes = {canonical: _as_object(np.asarray(columns[name]))
                  for canonical, name in mapping.items() if canonical != "id"}
    ids = _checked_ids(np.asarray(columns[mapping["id"]]), np.asarray(fids), source,
                       mapping["id"])
    if "commune_code" in attributes:
        attributes["commune_code"] = normalise_code(attributes["commune_code"])
        if commune_mapping:
            from .reference.mapping import apply_commune_mapping

            attributes["commune_code"], changed = apply_commune_mapping(
                attributes["commune_code"], commune_mapping)
            log.warning("%s: %d commune code(s) converted from the old units to the new",
                        source, changed)
    point_crs = _resolve_crs(declared_crs, crs, x, y, source, communes=communes,
                             commune_codes=attributes.get("commune_code"))
    _warn_legacy_text(attributes, source)
    return PointSet(source=str(source), ids=ids, x=x, y=y, crs=point_crs,
                    attributes=attributes, problems=problems, problem_params=problem_params,
                    field_names=mapping)


def _as_object(values: np.ndarray) -> np.ndarray:
    if values.dtype == object:
        return values
    if np.issubdtype(values.dtype, np.datetime64):
        return np.array([None if np.isnat(v) else str(v) for v in values], dtype=object)
    return values.astype(object)


_PLAIN_POINT = np.dtype([("order", "u1"), ("type", "<u4"), ("x", "<f8"), ("y", "<f8")])


def points_from_wkb(wkb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """x, y, invalid-geometry codes and their params from WKB (None for null geometry).

    Plain 2D points (21 bytes, little-endian: nearly every row) are decoded with numpy;
    the others go through GEOS.

    Examples
    --------
    >>> wkb = shapely.to_wkb(np.array([shapely.Point(105, 21), None, shapely.Point(),
    ...                                shapely.MultiPoint([(1, 2), (3, 4)])]))
    >>> x, y, problems, params = points_from_wkb(wkb)
    >>> x.tolist()[:1], problems.tolist(), params
    ([105.0], ['', 'null_geometry', 'empty_geometry', 'multipart_point'], {3: {'parts': 2}})
    """
    wkb = np.asarray(wkb, dtype=object)
    plain = np.fromiter(map(_is_plain_point, wkb.tolist()), bool, len(wkb))
    if plain.any():
        decoded = np.frombuffer(b"".join(wkb[plain].tolist()), dtype=_PLAIN_POINT)
        header_ok = (decoded["order"] == 1) & (decoded["type"] == 1)
        plain[np.flatnonzero(plain)[~header_ok]] = False
        decoded = decoded[header_ok]
    if len(wkb) and plain.all():
        x, y = decoded["x"].copy(), decoded["y"].copy()
        problems = np.full(len(wkb), "", dtype=object)
        params: dict[int, dict] = {}
    else:
        x, y, problems, params = _points_from_wkb_with_geos(
            np.where(plain, None, wkb))
        if plain.any():
            x[plain], y[plain] = decoded["x"], decoded["y"]
            problems[plain] = ""
    # the WKB of POINT EMPTY holds NaN, NaN
    empty = plain & np.isnan(x) & np.isnan(y)
    problems[empty] = "empty_geometry"
    non_finite = plain & ~empty & ~(np.isfinite(x) & np.isfinite(y))
    problems[non_finite] = "non_finite_coordinates"
    x[empty | non_finite] = np.nan
    y[empty | non_finite] = np.nan
    return x, y, problems, params


def _is_plain_point(value: object) -> bool:
    return type(value) is bytes and len(value) == 21


def _points_from_wkb_with_geos(wkb: np.ndarray
                               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    geoms = shapely.from_wkb(wkb, on_invalid="ignore")
    n = len(geoms)
    problems = np.full(n, "", dtype=object)
    params: dict[int, dict] = {}
    type_ids = shapely.get_type_id(geoms)
    problems[type_ids == -1] = "null_geometry"
    empty = shapely.is_empty(geoms) & (type_ids != -1)
    problems[empty] = "empty_geometry"
    multi = (type_ids == 4) & ~empty
    parts = shapely.get_num_geometries(geoms)
    single = geoms.copy()
    single[multi & (parts == 1)] = shapely.get_geometry(geoms[multi & (parts == 1)], 0)
    for index in np.flatnonzero(multi & (parts > 1)):
        problems[index] = "multipart_point"
        params[int(index)] = {"parts": int(parts[index])}
    other = ~np.isin(type_ids, (-1, 0, 4)) & ~empty
    for index in np.flatnonzero(other):
        problems[index] = "not_a_point"
        params[int(index)] = {"geometry_type": str(geoms[index].geom_type)}
    usable = problems == ""
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    x[usable] = shapely.get_x(single[usable])
    y[usable] = shapely.get_y(single[usable])
    non_finite = usable & ~(np.isfinite(x) & np.isfinite(y))
    problems[non_finite] = "non_finite_coordinates"
    x[non_finite] = np.nan
    y[non_finite] = np.nan
    return x, y, problems, params


def repeated_values(values: np.ndarray) -> np.ndarray:
    """The values that occur more than once (sorted; compared as text unless integers).

    Examples
    --------
    >>> repeated_values(np.array([3, 1, 3, 2, 1])).tolist()
    [1, 3]
    >>> repeated_values(np.array(["a", 1, "1", "b"], dtype=object)).tolist()
    ['1']
    """
    values = np.asarray(values)
    if np.issubdtype(values.dtype, np.integer):
        ordered = np.sort(values)
        return np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    text = values.astype(str)
    if len(set(text.tolist())) == len(text):   # the usual answer, without sorting strings
        return text[:0]
    unique, counts = np.unique(text, return_counts=True)
    return unique[counts > 1]


def _checked_ids(values: np.ndarray, fids: np.ndarray, source: Source, field: str) -> np.ndarray:
    from .text import blank_mask

    values = np.asarray(values)
    integer = np.issubdtype(values.dtype, np.integer)
    blank = np.zeros(len(values), dtype=bool) if integer else blank_mask(values)
    if blank.any():
        where = ", ".join(str(f) for f in fids[blank][:5])
        raise InputError(f"{int(blank.sum())} feature(s) have no id (feature ids {where}"
                         f"{'...' if blank.sum() > 5 else ''})", path=source.path,
                         layer=source.layer, field=field,
                         fix="give every point a unique id, or map another id field "
                             "with --field id=YOUR_FIELD")
    if integer or all(isinstance(v, (int, np.integer)) for v in values):
        ids = values.astype(np.int64)
    else:
        ids = np.array([str(v).strip() for v in values], dtype=object)
    repeated = repeated_values(ids)
    if len(repeated):
        raise InputError(f"{len(repeated)} id value(s) are used by more than one feature "
                         f"({', '.join(str(v)[:40] for v in repeated[:5])}"
                         f"{'...' if len(repeated) > 5 else ''})", path=source.path,
                         layer=source.layer, field=field,
                         fix="make the ids unique, or map a unique field with "
                             "--field id=YOUR_FIELD")
    return ids


def _resolve_crs(declared: object, given: object, x: np.ndarray, y: np.ndarray,
                 source: Source, *, communes: ReferenceLayer | None = None,
                 commune_codes: np.ndarray | None = None):
    if given is not None:
        if declared:
            log.warning("%s declares %s; using %s as asked", source, declared, given)
        return as_crs(given)
    if declared:
        declared = as_crs(declared)
        finite = np.isfinite(x) & np.isfinite(y)
        # beyond any degree value (swapped degrees stay: each gets a swapped_latlon finding)
        if declared.is_geographic and finite.any() and \
                np.mean((np.abs(x[finite]) > 180) | (np.abs(y[finite]) > 180)) > 0.5:
            raise InputError(f"declares {declared.name} (degrees) but its coordinates are "
                             "metres", path=source.path, layer=source.layer,
                             fix="give the real CRS with --crs (e.g. EPSG:32648 for UTM "
                                 "48N), or fix the file's .prj")
        return declared
    from .crsguess import guess_crs

    guess = guess_crs(x, y, communes=communes, commune_codes=commune_codes)
    if guess.crs is not None:
        log.warning("%s declares no CRS: %s", source, guess.reason)
        return guess.crs
    raise InputError(f"declares no coordinate reference system, and {guess.reason}",
                     path=source.path, layer=source.layer,
                     fix="give the CRS with --crs (e.g. --crs EPSG:32648 for UTM 48N), "
                         "give --communes so the communes can decide, or save the file "
                         "with its CRS (.prj)")


def _warn_legacy_text(attributes: dict[str, np.ndarray], source: Source) -> None:
    """Say so when names or addresses look like TCVN3, VNI or mojibake (the first 2,000)."""
    from .legacy import detect

    found = {}
    for name in ("name", "address"):
        values = attributes.get(name)
        if values is not None:
            for value in values[:2000]:
                kind = detect(value)
                if kind:
                    found[kind] = found.get(kind, 0) + 1
    if found:
        log.warning("%s: %s look like legacy Vietnamese text (%s); convert them with "
                    "'diachi-geo repair-text' before validating", source,
                    "names or addresses", ", ".join(f"{k} {n}" for k, n in found.items()))


REFERENCE_FIELDS = {  # attributes kept from each kind of reference layer, when present
    "buildings": ("building", "amenity", "name"),
    "entrances": ("entrance",),
    "roads": ("name", "highway"),
    "water": ("name",),
}


def read_reference(source: str | Source, *, kind: str,
                   fields: Mapping[str, str] | None = None) -> ReferenceLayer:
    """Read a reference layer (buildings, roads, water, entrances, communes).

    Unreadable geometries are dropped with a log line. ``fields`` maps attributes to keep
    (canonical name -> field); by default the OSM-style ones of :data:`REFERENCE_FIELDS`.
    Ids come from an ``id`` field when it is unique, else from the feature ids.
    """
    source = source if isinstance(source, Source) else parse_source(source)
    keep = {n.lower() for n in (fields or {}).values()} | \
        set(REFERENCE_FIELDS.get(kind, ())) | {"id"}
    meta, fids, wkb, columns = read_vector(
        source, lambda names: [n for n in names if n.lower() in keep])
    source = Source(source.path, meta["layer"])
    if wkb is None:
        raise InputError(f"has no geometry, so it cannot be used as {kind}",
                         path=source.path, layer=source.layer,
                         fix="choose a layer with geometries")
    return build_reference(source, wkb, fids, columns, meta.get("crs"), kind=kind,
                           fields=fields)


def build_reference(source: Source, wkb: np.ndarray, fids: np.ndarray,
                    columns: dict[str, np.ndarray], crs: object, *, kind: str,
                    fields: Mapping[str, str] | None = None) -> ReferenceLayer:
    """Assemble a :class:`ReferenceLayer` from raw columns; shared by files and QGIS."""
    if not crs:
        raise InputError("declares no coordinate reference system", path=source.path,
                         layer=source.layer, fix="set the layer CRS in QGIS and save it again")
    if fields is None:
        lower = {name.lower(): name for name in columns}
        fields = {n: lower[n] for n in REFERENCE_FIELDS.get(kind, ()) if n in lower}
    geoms = shapely.from_wkb(np.asarray(wkb, dtype=object), on_invalid="ignore")
    keep = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    if not keep.all():
        log.warning("%s: %d %s feature(s) without geometry are ignored", source,
                    int((~keep).sum()), kind)
    attributes = {canonical: _as_object(np.asarray(columns[name]))[keep]
                  for canonical, name in fields.items() if name in columns}
    ids = np.asarray(fids)[keep]
    by_lower = {name.lower(): name for name in columns}
    if "id" in by_lower:
        values = np.asarray(columns[by_lower["id"]])[keep]
        if not len(repeated_values(values)):
            ids = values
    if "code" in attributes:
        attributes["code"] = normalise_code(attributes["code"])
    return ReferenceLayer(source=str(source), geometries=geoms[keep], ids=ids, crs=crs,
                          attributes=attributes)


def read_communes(source: str | Source, *, fields: Mapping[str, str] | None = None
                  ) -> ReferenceLayer:
    """Read commune polygons with ``code`` (normalised) and ``name`` attributes."""
    source = source if isinstance(source, Source) else parse_source(source)
    meta, fids, wkb, columns = read_vector(source)
    if wkb is None:
        raise InputError("has no geometry", path=source.path, layer=meta["layer"],
                         fix="give the commune boundaries (polygons) with --communes")
    mapping = resolve_fields(list(columns), overrides=fields, known=COMMUNE_FIELDS,
                             required=REQUIRED_COMMUNE_FIELDS, path=source.path,
                             layer=meta["layer"])
    layer = build_reference(Source(source.path, meta["layer"]), wkb, fids, columns,
                            meta.get("crs"), kind="communes", fields=mapping)
    polygonal = np.isin(shapely.get_type_id(layer.geometries), (3, 6))
    if not polygonal.all():
        raise InputError("is not a polygon layer", path=source.path, layer=meta["layer"],
                         fix="give the commune boundaries (polygons) with --communes")
    return layer


REFERENCE_KINDS = ("communes", "buildings", "roads", "water", "entrances")


def read_inputs(points: str | Source, references: Mapping[str, str | Source | None], *,
                fields: Mapping[str, str] | None = None,
                commune_fields: Mapping[str, str] | None = None, crs: object = None,
                personal: bool | Iterable[str] = False,
                commune_mapping: Mapping[str, str] | None = None
                ) -> tuple[PointSet, dict[str, ReferenceLayer | None]]:
    """Read the points and the reference layers of a run.

    ``references`` maps a kind of :data:`REFERENCE_KINDS` to its source (or None).
    Reading one after the other is faster than in threads here: pyogrio holds the GIL
    while it turns strings into Python objects (measured at 1M points: 8 s against 11 s).
    """
    unknown = set(references) - set(REFERENCE_KINDS)
    if unknown:
        raise ValueError(f"unknown reference kinds {sorted(unknown)}")
    layers = read_references(references, commune_fields=commune_fields)
    point_set = read_points(points, fields=fields, crs=crs, personal=personal,
                            communes=layers["communes"],  # they can tell an unknown CRS
                            commune_mapping=commune_mapping)
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


def check_not_input(output: str | os.PathLike, inputs: Sequence[str | Source]) -> None:
    """Raise :class:`OutputError` when ``output`` is one of the input files."""
    out = os.path.realpath(str(output))
    for item in inputs:
        path = item.path if isinstance(item, Source) else parse_source(item).path
        if os.path.realpath(path) == out:
            raise OutputError(f"the output {output} is also an input; diachi-geo never "
                              "overwrites its inputs. Choose another output file name")


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[str]:
    """Yield a temporary path beside ``path``; move it into place only on success.

    A killed or failed run leaves the previous ``path`` (or nothing) and no half file.
    """
    target = pathlib.Path(path)
    folder = target.parent if str(target.parent) else pathlib.Path(".")
    if not folder.is_dir():
        raise OutputError(f"the folder {folder} does not exist; create it first")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"the folder {folder} is not writable; choose another output")
    handle, temp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix,
                                    dir=folder)
    os.close(handle)
    os.unlink(temp)  # GDAL drivers want to create the file themselves
    try:
        yield temp
        os.replace(temp, target)
    finally:
        for leftover in (temp, temp + "-journal", temp + "-wal", temp + "-shm"):
            if os.path.exists(leftover):
                os.unlink(leftover)


_DRIVERS = {".gpkg": "GPKG", ".geojson": "GeoJSON", ".json": "GeoJSON", ".xlsx": "XLSX"}
# GeoPackage 1.2 opens without warnings in QGIS 3.22 (GDAL 3.6); GeoJSON as RFC 7946.
_CREATION_OPTIONS = {"GPKG": {"dataset_options": {"VERSION": "1.2"}},
                     "GeoJSON": {"layer_options": {"RFC7946": "YES"}}, "XLSX": {}}


@dataclass
class OutputLayer:
    """One layer to write: columns of equal length, geometries, and their CRS."""

    name: str
    columns: dict[str, np.ndarray]
    geometries: np.ndarray
    crs: object = WGS84
    geometry_type: str | None = None
    """Point, LineString...; guessed from the geometries when None."""


def write_vector(path: str | os.PathLike, layers: Sequence[OutputLayer]) -> None:
    """Write ``layers`` to ``path`` atomically (GeoPackage: several layers; GeoJSON: one;
    XLSX: one sheet per layer, attributes only)."""
    import pyogrio.raw

    suffix = pathlib.Path(path).suffix.lower()
    driver = _DRIVERS.get(suffix)
    if driver is None:
        raise OutputError(f"cannot write {suffix or 'files without extension'}; "
                          "use .gpkg, .geojson, .xlsx or .csv")
    if driver == "GeoJSON" and len(layers) != 1:
        raise OutputError("GeoJSON holds one layer; use .gpkg to write several")
    tabular = driver == "XLSX"  # sheets: no geometry, no CRS
    with atomic_output(path) as temp:
        for index, layer in enumerate(layers):
            names = list(layer.columns)
            pyogrio.raw.write(
                temp, geometry=None if tabular else shapely.to_wkb(layer.geometries,
                                                                   flavor="iso"),
                field_data=[_writable(layer.columns[c]) for c in names], fields=names,
                layer=layer.name, driver=driver,
                crs=None if tabular else as_crs(layer.crs).to_wkt(),
                geometry_type=None if tabular else (layer.geometry_type or
                                                    _geometry_type(layer.geometries)),
                append=index > 0, encoding="UTF-8", **_CREATION_OPTIONS[driver])


def _geometry_type(geometries: np.ndarray) -> str:
    kinds = {g.geom_type for g in geometries[:1000] if g is not None}
    return kinds.pop() if len(kinds) == 1 else "Unknown"


def _writable(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values)
    if values.dtype == object:
        return np.array([None if v is None else str(v) for v in values], dtype=object)
    return values
