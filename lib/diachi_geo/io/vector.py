"""Vector files read with pyogrio: a layer's field columns, feature ids and WKB in one pass.

GeoPackage, GeoJSON, Shapefile and anything else GDAL reads come through here, vectorised
(a million features in seconds). Inputs are opened read-only and never written. Where
pyarrow is installed, GDAL hands the columns over in Arrow blocks (a million points with a
dozen text fields in about 3 s instead of 6); the columns are the same either way.
"""
from __future__ import annotations

import importlib.util
from collections.abc import Callable

import numpy as np

from ..errors import DiachiError, InputError
from ..source import Source, is_geopackage, must_exist

__all__ = ["list_layers", "layer_of", "fid_column", "read_vector", "id_filter"]


def list_layers(path: str) -> list[str]:
    """The names of the vector layers in a file."""
    # pyogrio is imported where it is used: the QGIS plugin validates its own layers through
    # this package without it (an optional dependency there: plugin/dependencies.py)
    import pyogrio

    must_exist(path)
    try:
        return [str(name) for name, geometry_type in pyogrio.list_layers(path)]
    except Exception as exc:
        raise InputError.coded("not_a_vector_file", path=path, problem=_short(exc)) from exc


def layer_of(source: Source) -> str | None:
    """The layer ``source`` names, or its file's only data layer (None: a file without
    layers); a coded error for a missing file, an unknown layer, or several layers and
    none named."""
    must_exist(source.path)
    layer = source.layer
    layers = list_layers(source.path)
    if layer is None and layers:
        data_layers = [name for name in layers if name not in ("layer_styles",)] or layers
        if len(data_layers) > 1:
            raise InputError.coded("layer_not_named", path=source.path, count=len(data_layers),
                                   layers=data_layers,
                                   example=f"{source.path}|layername={data_layers[0]}")
        layer = data_layers[0]
    if layer is not None and layer not in layers:
        raise InputError.coded("no_such_layer", path=source.path, name=layer, layers=layers)
    return layer


def fid_column(source: Source) -> str:
    """The name of the feature id column of the layer ``source`` names ("" when it has
    none: a GeoPackage view without an integer key, a file format without one)."""
    import pyogrio

    return str(pyogrio.read_info(source.path, layer=layer_of(source)).get("fid_column") or "")


def read_vector(source: Source, wanted: Callable[[list[str]], list[str]] | None = None, *,
                bbox: tuple[float, float, float, float] | None = None, mask: object = None,
                fids: np.ndarray | None = None
                ) -> tuple[dict, np.ndarray, np.ndarray | None, dict]:
    """(meta, fids, wkb or None, columns) of one vector layer.

    ``wanted(field_names)`` chooses the fields to read; the others are never loaded.
    ``bbox`` (xmin, ymin, xmax, ymax in the layer's CRS) reads only the features whose
    envelope meets it (a part of a partitioned run); ``mask`` (a shapely geometry in the
    layer's CRS) only those that meet it; ``fids`` only those feature ids.
    """
    # optional in the QGIS plugin, as in list_layers
    import pyogrio
    import pyogrio.raw

    layer = layer_of(source)
    asked_fids = fids   # the name is reused for the ids read
    try:
        subset = None
        if wanted is not None:
            names = [str(n) for n in pyogrio.read_info(source.path, layer=layer)["fields"]]
            subset = wanted(names)
        meta, fids, wkb, values = _read(source.path, layer, subset, bbox, mask, fids)
    except InputError as exc:   # from ``wanted``: say which layer it was
        raise InputError.coded(exc.code,  # type: ignore[arg-type]  # all are coded
                               **{**exc.params, "layer": exc.layer or layer}) from None
    except DiachiError:
        raise
    except Exception as exc:
        raise InputError.coded("layer_unreadable", path=source.path, layer=layer,
                               problem=_short(exc)) from exc
    fids = np.asarray(fids)
    if (bbox is not None or mask is not None or asked_fids is not None) and len(fids) > 1 and \
            not (np.diff(fids) > 0).all():
        # a spatial filter reads in the index's order, ids by runs in SQLite's: back to the
        # layer's, so a part's features are in the order one run over the whole layer has
        # them (ties go alike)
        order = np.argsort(fids, kind="stable")
        fids = fids[order]
        wkb = None if wkb is None else np.asarray(wkb, dtype=object)[order]
        values = [np.asarray(v)[order] for v in values]
    columns = {str(name): data for name, data in zip(meta["fields"], values)}
    meta["layer"] = layer
    return meta, fids, wkb, columns


ROW_TYPES = frozenset({"OFTDate", "OFTTime", "OFTDateTime"})
"""Field types read by pyogrio's row reader even where Arrow is available: dates and times
with their time zones exactly as that reader gives them."""


def _read(path: str, layer: str | None, columns: list[str] | None,
          bbox: tuple[float, float, float, float] | None = None, mask: object = None,
          fids: np.ndarray | None = None
          ) -> tuple[dict, np.ndarray, np.ndarray | None, list[np.ndarray]]:
    """``pyogrio.raw.read(path, layer, columns, return_fids=True)``, through Arrow where
    pyarrow is installed, the file is a GeoPackage and the fields read have no date or
    time (a GeoPackage's ``fids`` then by :func:`id_filter`)."""
    import pyogrio
    import pyogrio.raw

    info = pyogrio.read_info(path, layer=layer)
    fields = [str(f) for f in info["fields"]]
    chosen = fields if columns is None else [f for f in fields if f in set(columns)]
    types = dict(zip(fields, info.get("ogr_types") or []))
    if importlib.util.find_spec("pyarrow") is None or not is_geopackage(path) or \
            any(types.get(f) in ROW_TYPES for f in chosen):
        # by id: the row reader builds each row at about the cost of looking one up, so
        # reading runs through would not pay
        return pyogrio.raw.read(path, layer=layer, return_fids=True, columns=columns,
                                bbox=bbox, mask=mask, fids=fids)
    # optional: only a faster way to the same columns
    import pyarrow

    fid_column = str(info.get("fid_column") or "")
    if fids is not None and len(fids) and bbox is None and mask is None and fid_column:
        meta, table = _read_arrow_ids(path, layer, columns,
                                      np.unique(np.asarray(fids, dtype=np.int64)), fid_column)
    else:
        meta, table = pyogrio.raw.read_arrow(path, layer=layer, return_fids=True,
                                             columns=columns, bbox=bbox, mask=mask, fids=fids)
    # GDAL's stream: the feature id, the fields in order, the geometry last
    has_geometry = (meta.get("geometry_name") or "wkb_geometry") in table.column_names[-1:]
    if table.num_columns != 1 + len(meta["fields"]) + has_geometry:
        return pyogrio.raw.read(path, layer=layer, return_fids=True, columns=columns,
                                   bbox=bbox, mask=mask, fids=fids)
    arrays = [_to_numpy(c) for c in table.columns]
    del table
    # Arrow's allocator keeps freed blocks for reuse: give them back, nothing reuses them
    pyarrow.default_memory_pool().release_unused()
    return meta, arrays[0], arrays[-1] if has_geometry else None, \
        arrays[1:1 + len(meta["fields"])]


RUN_GAP = 256
"""Feature ids at most this far apart are read as one run (see :func:`id_filter`)."""
RUN_SHARE = 0.2
"""A run is read straight through when at least this share of its rows is asked for."""
RUN_ROWS = 16
"""A run of fewer asked ids is listed (one range per few points would not pay)."""
MAX_RUNS = 200
"""At most this many runs in one filter (SQLite nests ``OR`` up to 1000 deep)."""


def id_filter(column: str, fids: np.ndarray) -> str:
    """An SQL filter for the features ``fids`` (ascending, distinct) of a GeoPackage whose
    feature id column is ``column``: dense runs of ids as ranges, the others listed.

    A GeoPackage reads well over a million rows a second straight through and looks up
    about 250,000 a second by id, so a run is read whole when a fifth of its rows or more are
    asked for (the extra rows are dropped). A part's points are often such runs: a
    campaign's export holds a commune's or a collector's points together.

    Examples
    --------
    >>> id_filter("fid", np.r_[np.arange(1, 41), 900, 5000])
    '"fid" BETWEEN 1 AND 40 OR "fid" IN (900,5000)'
    >>> id_filter("fid", np.array([3, 7]))
    '"fid" IN (3,7)'
    """
    quoted = '"' + column.replace('"', '""') + '"'
    cut = np.flatnonzero(np.diff(fids) > RUN_GAP) + 1
    starts, ends = np.r_[0, cut], np.r_[cut, len(fids)]
    rows = ends - starts
    dense = (rows >= RUN_ROWS) & (rows >= RUN_SHARE * (fids[ends - 1] - fids[starts] + 1))
    runs = np.flatnonzero(dense)
    if len(runs) > MAX_RUNS:     # the runs with the most rows; the others' ids listed
        runs = np.sort(runs[np.argsort(-rows[runs], kind="stable")[:MAX_RUNS]])
    ranged = np.zeros(len(fids), dtype=bool)
    terms = []
    for k in runs.tolist():
        ranged[starts[k]:ends[k]] = True
        terms.append(f"{quoted} BETWEEN {int(fids[starts[k]])} AND {int(fids[ends[k] - 1])}")
    if not ranged.all():
        terms.append(f"{quoted} IN ({','.join(map(str, fids[~ranged].tolist()))})")
    return " OR ".join(terms)


def _read_arrow_ids(path: str, layer: str | None, columns: list[str] | None,
                    asked: np.ndarray, fid_column: str) -> tuple[dict, object]:
    """The features ``asked`` (ascending, distinct) of a GeoPackage layer as
    ``pyogrio.raw.read_arrow`` reads them (an id not in the layer left out; in the order
    SQLite reads them, see :func:`read_vector`), read by :func:`id_filter` in blocks that
    keep only the rows asked for."""
    import pyarrow
    import pyogrio.raw

    kept = []
    with pyogrio.raw.open_arrow(path, layer=layer, columns=columns, return_fids=True,
                                where=id_filter(fid_column, asked),
                                use_pyarrow=True) as (meta, reader):
        for block in reader:
            got = block.column(0).to_numpy(zero_copy_only=False)
            kept.append(block.take(pyarrow.array(_asked(asked, got))))
        return meta, pyarrow.Table.from_batches(kept, schema=reader.schema)


def _asked(asked: np.ndarray, got: np.ndarray) -> np.ndarray:
    """The positions in ``got`` (ids read) of the ids in ``asked`` (ascending)."""
    at = np.searchsorted(asked, got).clip(max=len(asked) - 1)
    return np.flatnonzero(asked[at] == got)


_SAMPLE = 2000
_REPEATED = 0.01
"""Text columns whose first ``_SAMPLE`` values repeat at least this share are read once
per distinct value (:func:`_to_numpy`): names (a few thousand among a million points)
and addresses do, photos, phones and digital codes do not."""


def _to_numpy(column: object) -> np.ndarray:
    """An Arrow column as numpy; text that repeats as Python strings shared by equal values.

    A million points repeat a few hundred commune codes, a dozen collectors and categories
    and a few thousand names: one string object per distinct value instead of one per
    point saves about a third of the memory the text columns take, and time (the values
    are the same). Columns of mostly distinct values (photos, phones) are converted as
    they are: finding their few repeats would cost more than it saves.
    """
    import pyarrow
    import pyarrow.compute

    kind = column.type
    if not (pyarrow.types.is_string(kind) or pyarrow.types.is_large_string(kind)):
        return column.to_numpy(zero_copy_only=False)
    sample = column.slice(0, _SAMPLE)
    filled = len(sample) - sample.null_count
    if filled - pyarrow.compute.count_distinct(sample).as_py() < _REPEATED * filled:
        return column.to_numpy(zero_copy_only=False)
    encoded = pyarrow.compute.dictionary_encode(column.combine_chunks())
    distinct = np.append(encoded.dictionary.to_numpy(zero_copy_only=False), None)
    positions = encoded.indices.fill_null(len(distinct) - 1).to_numpy(zero_copy_only=False)
    return distinct[positions]


def _short(exc: BaseException) -> str:
    """The first line of an error message (at most 300 characters), or its type's name."""
    return str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
