"""Some features of a points layer, read as :func:`~.points.read_points` reads them all.

A run in parts reads its points thinly where it starts (their locations and the few
columns it plans with, :func:`read_thin_points`), and each part reads its own points whole
by feature id (:meth:`PointRows.read`), so no machine holds every column of every point.
Only a GeoPackage is read this way (its dense runs of ids straight through, the others
looked up, see :func:`~.vector.id_filter`); other sources are read whole where the run
starts.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..fields import PERSONAL_FIELDS, POINT_FIELDS, REQUIRED_POINT_FIELDS, resolve_fields
from ..model import PointSet, ReferenceLayer, normalise_code
from ..source import Source, parse_source
from .points import LEGACY_SAMPLE, build_point_set, warn_legacy_text
from .vector import read_vector
from .wkb import points_from_wkb

__all__ = ["PointRows", "PointFile", "read_thin_points", "filled"]


@dataclass(frozen=True)
class PointRows:
    """How a points layer was read, to read any of its features again the same way (sent
    to the workers of a run in parts: small)."""

    source: str
    """``PATH|layername=NAME``."""
    fields: tuple[tuple[str, str], ...]
    """Canonical name -> field name, of every field read (the owner's data only where
    allowed)."""
    crs: str
    """The points' CRS (WKT), as worked out when the layer was read."""
    commune_mapping: tuple[tuple[str, str], ...] = ()

    def read(self, fids: np.ndarray, fields: Iterable[str] | None = None) -> PointSet:
        """The features ``fids``, in that order (the layer's: a view's ids may come in
        any), with all the fields (or the canonical ``fields`` and the id), as one point
        set."""
        parsed = parse_source(self.source)
        mapping = dict(self.fields)
        if fields is not None:
            mapping = {c: mapping[c] for c in ("id", *fields) if c in mapping}
        order = np.argsort(fids, kind="stable")
        asked = np.asarray(fids)[order]
        # read in the order of the ids (as read_vector gives them back)
        meta, got, wkb, columns = read_vector(parsed, lambda _: list(mapping.values()),
                                              fids=asked)
        if len(got) != len(asked) or (np.asarray(got) != asked).any() or wkb is None:
            raise InputError.coded("points_changed", path=parsed.path, layer=meta["layer"])
        if (np.diff(order) < 0).any():
            back = np.empty_like(order)
            back[order] = np.arange(len(order))
            got, wkb = np.asarray(got)[back], np.asarray(wkb, dtype=object)[back]
            columns = {name: np.asarray(values)[back] for name, values in columns.items()}
        return build_point_set(
            Source(parsed.path, meta["layer"]), columns, got, points_from_wkb(wkb),
            fields=_only(mapping), required=("id",), known_crs=self.crs,
            commune_mapping=dict(self.commune_mapping) or None)


@dataclass
class PointFile:
    """Where the points of a run were read thinly: how to read any of them whole
    (:attr:`rows`) and the feature id of each (:attr:`fids`, in the layer's order:
    ascending but for a view's)."""

    rows: PointRows
    fids: np.ndarray

    def read(self, positions: np.ndarray, fields: Iterable[str] | None = None) -> PointSet:
        """The points at ``positions`` (ascending), whole (or their canonical
        ``fields``), in that order."""
        return self.rows.read(self.fids[positions], fields)


def read_thin_points(source: str, *, keep: Iterable[str], fields: Mapping[str, str] | None,
                     crs: object = None, personal: Iterable[str] = (),
                     required: Iterable[str] = REQUIRED_POINT_FIELDS,
                     communes: ReferenceLayer | None = None,
                     commune_mapping: Mapping[str, str] | None = None
                     ) -> tuple[PointSet, PointFile]:
    """The points at ``source`` with only their ids, locations and the canonical fields
    ``keep``, and how to read them whole. Their ``field_names`` name every field the
    layer has (the owner's only those in ``personal``), read or not; the ids and the CRS
    are checked as :func:`~.points.read_points` checks them."""
    parsed = parse_source(source)
    allowed = set(personal)
    mapping: dict[str, str] = {}

    def wanted(names: list[str]) -> list[str]:
        mapping.update({canonical: name for canonical, name in resolve_fields(
            names, overrides=fields, required=required, path=parsed.path,
            layer=parsed.layer).items()
            if canonical not in PERSONAL_FIELDS or canonical in allowed})
        thin.update({c: mapping[c] for c in ("id", *keep) if c in mapping})
        return list(thin.values())

    thin: dict[str, str] = {}
    meta, fids, wkb, columns = read_vector(parsed, wanted)
    if wkb is None:
        raise InputError.coded("points_no_geometry", path=parsed.path, layer=meta["layer"])
    where = Source(parsed.path, meta["layer"])
    points = build_point_set(where, columns, fids, points_from_wkb(wkb),
                             declared_crs=meta.get("crs"), fields=_only(thin), crs=crs,
                             required=("id",), communes=communes,
                             commune_mapping=commune_mapping, legacy_text=False)
    points.field_names = mapping
    fids = np.asarray(fids, dtype=np.int64)
    if commune_mapping and "commune_code" in thin:
        # sent with every part: only the codes the points hold, not the whole country's
        held = set(normalise_code(np.asarray(columns[thin["commune_code"]])).tolist())
        commune_mapping = {old: new for old, new in commune_mapping.items() if old in held}
    rows = PointRows(str(where), tuple(mapping.items()), points.crs.to_wkt(),
                     tuple((commune_mapping or {}).items()))
    file = PointFile(rows, fids)
    # legacy text is said as one reading of the whole layer says it: from the first
    # names and addresses (read here for them when they are not read thinly)
    texts = [name for name in ("name", "address") if name in mapping]
    if texts:
        first = file.read(np.arange(min(len(fids), LEGACY_SAMPLE)), texts)
        warn_legacy_text({name: first.attributes[name] for name in texts}, where)
    return points, file


def filled(points: PointSet, positions: np.ndarray, whole: PointSet) -> PointSet:
    """``points`` with the columns of ``whole`` (the points at ``positions``, read whole)
    at those positions, None elsewhere."""
    attributes = dict(points.attributes)
    for name, values in whole.attributes.items():
        if name in attributes:      # read thinly already
            continue
        column = np.full(len(points), None, dtype=object)
        column[positions] = values
        attributes[name] = column
    return PointSet(source=points.source, ids=points.ids, x=points.x, y=points.y,
                    crs=points.crs, attributes=attributes, problems=points.problems,
                    problem_params=points.problem_params,
                    field_names=dict(points.field_names))


def _only(mapping: Mapping[str, str]) -> dict[str, str]:
    """Overrides that map the canonical fields of ``mapping`` and no other."""
    return {canonical: mapping.get(canonical, "") for canonical in POINT_FIELDS}
