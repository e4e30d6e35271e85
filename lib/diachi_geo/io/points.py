"""The collected points: read from a file (or assembled from QGIS columns) into a
:class:`~diachi_geo.model.PointSet`, with their ids checked and their CRS known.

A file's own CRS is used unless ``--crs`` overrides it; without one, the coordinates (and
the communes, when given) decide (:mod:`diachi_geo.crsguess`). CSV and XLSX with
longitude/latitude columns go through :mod:`diachi_geo.tabular`, the rest through
:mod:`.vector` and :mod:`.wkb`.
"""
from __future__ import annotations

import logging
import pathlib
from collections.abc import Callable, Iterable, Mapping

import numpy as np
from pyproj import CRS

from ..crs import as_crs
from ..crsguess import guess_crs
from ..errors import InputError
from ..fields import PERSONAL_FIELDS, REQUIRED_POINT_FIELDS, resolve_fields
from ..legacy import detect
from ..model import PointSet, ReferenceLayer, normalise_code
from ..source import Source, parse_source
from ..tabular import TABULAR_SUFFIXES, points_from_table, read_table
from ..text import blank_mask
from .commune_mapping import apply_commune_mapping
from .vector import read_vector
from .wkb import points_from_wkb

__all__ = ["read_points", "read_points_with_columns", "build_point_set", "as_object",
           "repeated_values", "warn_legacy_text", "LEGACY_SAMPLE"]

log = logging.getLogger(__name__)


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
        """The fields to read: the mapped ones, personal ones only when allowed."""
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
        raise InputError.coded("points_no_geometry", path=source.path, layer=meta["layer"])
    return (Source(source.path, meta["layer"]), columns, fids, points_from_wkb(wkb),
            meta.get("crs"))


def build_point_set(source: Source, columns: dict[str, np.ndarray], fids: np.ndarray,
                    geometry: tuple[np.ndarray, np.ndarray, np.ndarray, dict], *,
                    declared_crs: object = None, fields: Mapping[str, str] | None = None,
                    crs: object = None, required: Iterable[str] = REQUIRED_POINT_FIELDS,
                    communes: ReferenceLayer | None = None,
                    commune_mapping: Mapping[str, str] | None = None,
                    known_crs: object = None, legacy_text: bool = True) -> PointSet:
    """Assemble a :class:`PointSet` from raw columns; shared by files and QGIS layers.

    ``geometry`` is ``(x, y, problems, problem_params)`` from :func:`points_from_wkb`.
    ``known_crs``: the CRS worked out when the whole layer was read (these are some of
    its features, see :mod:`.point_rows`): taken as it is; the ids were checked and what
    that reading warned of is not warned again. ``legacy_text``: whether to say when
    names or addresses look like legacy text (see :func:`warn_legacy_text`).
    """
    x, y, problems, problem_params = geometry
    if len(fids) == 0:
        raise InputError.coded("no_features", path=source.path, layer=source.layer)
    mapping = resolve_fields(list(columns), overrides=fields, required=required,
                             path=source.path, layer=source.layer)
    attributes = {canonical: as_object(np.asarray(columns[name]))
                  for canonical, name in mapping.items() if canonical != "id"}
    ids = _checked_ids(np.asarray(columns[mapping["id"]]), np.asarray(fids), source,
                       mapping["id"], check=known_crs is None)
    if "commune_code" in attributes:
        attributes["commune_code"] = normalise_code(attributes["commune_code"])
        if commune_mapping:
            attributes["commune_code"], changed = apply_commune_mapping(
                attributes["commune_code"], commune_mapping)
            if known_crs is None:
                log.warning("%s: %d commune code(s) converted from the old units to the new",
                            source, changed)
    if known_crs is not None:
        point_crs = as_crs(known_crs)
    else:
        point_crs = _resolve_crs(declared_crs, crs, x, y, source, communes=communes,
                                 commune_codes=attributes.get("commune_code"))
        if legacy_text:
            warn_legacy_text(attributes, source)
    return PointSet(source=str(source), ids=ids, x=x, y=y, crs=point_crs,
                    attributes=attributes, problems=problems, problem_params=problem_params,
                    field_names=mapping)


def as_object(values: np.ndarray) -> np.ndarray:
    """An attribute column as Python objects; dates and times as text (None for NaT);
    decimals that are whole numbers as integers, None for NaN.

    An integer field with empty values is read as decimals with NaN, and without them
    (a few of its features read alone, by a part of a run) as integers: both give the
    same values here (a phone 912345678, never 912345678.0).

    Examples
    --------
    >>> as_object(np.array(["2025-07-01", "NaT"], dtype="datetime64[D]")).tolist()
    ['2025-07-01', None]
    >>> as_object(np.array([912345678.0, np.nan, 2.5])).tolist()
    [912345678, None, 2.5]
    """
    if values.dtype == object:
        return values
    if np.issubdtype(values.dtype, np.datetime64):
        return np.array([None if np.isnat(v) else str(v) for v in values], dtype=object)
    out = values.astype(object)
    if values.dtype.kind == "f":
        with np.errstate(invalid="ignore"):
            whole = np.isfinite(values) & (np.abs(values) < 2.0 ** 63) & \
                (values == np.round(values))
        out[whole] = values[whole].astype(np.int64).astype(object)
        out[np.isnan(values)] = None
    return out


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
    texts = list(map(str, values.tolist()))
    if len(set(texts)) == len(texts):   # the usual answer, without sorting strings
        return np.array([], dtype=str)
    unique, counts = np.unique(np.array(texts), return_counts=True)
    return unique[counts > 1]


def _checked_ids(values: np.ndarray, fids: np.ndarray, source: Source, field: str, *,
                 check: bool = True) -> np.ndarray:
    """The point ids (integers, or stripped text); :class:`InputError` for blank or repeated
    ones (unless not ``check``: checked already)."""
    values = np.asarray(values)
    integer = np.issubdtype(values.dtype, np.integer)
    blank = np.zeros(len(values), dtype=bool) if integer or not check else blank_mask(values)
    if blank.any():
        raise InputError.coded("ids_blank", path=source.path, layer=source.layer, field=field,
                               count=int(blank.sum()),
                               fids=[int(f) for f in fids[blank][:5]],
                               more="..." if blank.sum() > 5 else "")
    if integer or all(isinstance(v, (int, np.integer)) for v in values):
        ids = values.astype(np.int64)
    else:
        ids = np.array([str(v).strip() for v in values], dtype=object)
    repeated = repeated_values(ids) if check else ids[:0]
    if len(repeated):
        raise InputError.coded("ids_repeated", path=source.path, layer=source.layer,
                               field=field, count=len(repeated),
                               values=[str(v)[:40] for v in repeated[:5]],
                               more="..." if len(repeated) > 5 else "")
    return ids


def _resolve_crs(declared: object, given: object, x: np.ndarray, y: np.ndarray,
                 source: Source, *, communes: ReferenceLayer | None = None,
                 commune_codes: np.ndarray | None = None) -> CRS:
    """The points' CRS: ``given`` (--crs) first, else the declared one (refused when it says
    degrees and the numbers are metres), else a guess from the coordinates and communes."""
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
            raise InputError.coded("degrees_are_metres", path=source.path,
                                   layer=source.layer, crs=declared.name)
        return declared
    guess = guess_crs(x, y, communes=communes, commune_codes=commune_codes)
    if guess.crs is not None:
        log.warning("%s declares no CRS: %s", source, guess.reason)
        return guess.crs
    raise InputError.coded("no_crs_swapped" if guess.why == "swapped" else
                           "no_crs_not_vietnam" if guess.why == "not_vietnam" else
                           "no_crs_metres_several" if guess.why == "metres_several" else
                           "no_crs_metres_none", path=source.path, layer=source.layer,
                           fits=[f"{n} ({s:.0%})" for n, s in guess.candidates[:3]])


LEGACY_SAMPLE = 2000
"""How many of the first names and addresses :func:`warn_legacy_text` looks at."""


def warn_legacy_text(attributes: Mapping[str, np.ndarray], source: Source) -> None:
    """Say so when names or addresses look like TCVN3, VNI or mojibake (the first
    :data:`LEGACY_SAMPLE`)."""
    found = {}
    for name in ("name", "address"):
        values = attributes.get(name)
        if values is not None:
            for value in values[:LEGACY_SAMPLE]:
                kind = detect(value)
                if kind:
                    found[kind] = found.get(kind, 0) + 1
    if found:
        log.warning("%s: %s look like legacy Vietnamese text (%s); convert them with "
                    "'diachi-geo repair-text' before validating", source,
                    "names or addresses", ", ".join(f"{k} {n}" for k, n in found.items()))
