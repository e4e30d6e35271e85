"""Points from tables: CSV and spreadsheets with longitude/latitude columns.

Field teams export CSV from phones and keep old lists in Excel. Delimiters (``,`` ``;``
tab), a UTF-8 byte order mark and Vietnamese decimal commas (``105,7734``) are handled.
"""
from __future__ import annotations

import csv
import io
import logging
import re

import numpy as np

from .errors import InputError
from .source import Source, must_exist

__all__ = ["TABULAR_SUFFIXES", "read_table", "read_csv_rows", "points_from_table",
           "parse_number"]

log = logging.getLogger(__name__)
TABULAR_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xls", ".ods")
LON_NAMES = ("lon", "lng", "long", "longitude", "x", "kinh_do", "kinhdo")
LAT_NAMES = ("lat", "latitude", "y", "vi_do", "vido")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?$")


def read_table(source: Source) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Columns (object arrays of strings or numbers) and row numbers of a CSV/XLSX file."""
    must_exist(source.path)
    if source.path.lower().endswith((".xlsx", ".xls", ".ods")):
        return _read_spreadsheet(source)
    rows = read_csv_rows(source.path)
    if not rows:
        raise InputError.coded("table_empty", path=source.path)
    header = [name.strip() for name in rows[0]]
    body = [row for row in rows[1:] if any(cell.strip() for cell in row)]
    columns = {name: np.array([row[i] if i < len(row) else None for row in body], dtype=object)
               for i, name in enumerate(header) if name}
    return columns, np.arange(2, len(body) + 2)  # spreadsheet row numbers, header is row 1


def read_csv_rows(path: str) -> list[list[str]]:
    """The rows of a CSV file: UTF-8 (else Windows-1258), commas, semicolons, tabs or bars."""
    must_exist(path)
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1258", errors="replace")
        log.warning("%s is not UTF-8; it was read as Windows-1258 (Vietnamese). Save it as "
                    "UTF-8 to be sure of the accents", path)
    try:
        dialect = csv.Sniffer().sniff(text[:20000], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    if "\x00" not in text:
        return list(csv.reader(io.StringIO(text, newline=""), dialect))
    # Python 3.10's csv refuses NUL ("line contains NUL"); 3.11 keeps it in the value: carry
    # it through as a private-use character so both read the same values
    rows = csv.reader(io.StringIO(text.replace("\x00", _NUL), newline=""), dialect)
    return [[value.replace(_NUL, "\x00") for value in row] for row in rows]


_NUL = "\ue000"


def _read_spreadsheet(source: Source) -> tuple[dict[str, np.ndarray], np.ndarray]:
    # optional in the QGIS plugin, as in diachi_geo.io.vector
    import pyogrio.raw

    try:
        meta, fids, _, values = pyogrio.raw.read(
            source.path, layer=source.layer, read_geometry=False, return_fids=True,
            open_options={"HEADERS": "FORCE"})
    except Exception as exc:
        raise InputError.coded("not_a_spreadsheet", path=source.path, layer=source.layer,
                               problem=str(exc).splitlines()[0]) from exc
    columns = {str(name): np.asarray(data).astype(object) for name, data in
               zip(meta["fields"], values)}
    return columns, np.asarray(fids) + 1


def parse_number(value: object) -> float:
    """A coordinate from a cell: numbers, ``"105.77"``, ``"105,77"``; NaN otherwise.

    Examples
    --------
    >>> parse_number("105,7734"), parse_number(" 19.8 "), parse_number("abc")
    (105.7734, 19.8, nan)
    """
    if value is None:
        return float("nan")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    text = str(value).strip().replace("\u00a0", "")
    if not _NUMBER.match(text):
        return float("nan")
    return float(text.replace(",", "."))


def points_from_table(columns: dict[str, np.ndarray], source: Source
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """x, y, problem codes and problem params from the longitude/latitude columns."""
    lon_name = _find(columns, LON_NAMES)
    lat_name = _find(columns, LAT_NAMES)
    if lon_name is None or lat_name is None:
        raise InputError.coded("no_lonlat_columns", path=source.path, lon_names=list(LON_NAMES),
                               lat_names=list(LAT_NAMES), columns=list(columns))
    x = np.array([parse_number(v) for v in columns[lon_name]], dtype=float)
    y = np.array([parse_number(v) for v in columns[lat_name]], dtype=float)
    problems = np.where(np.isfinite(x) & np.isfinite(y), "", "non_finite_coordinates")
    params = {int(i): {"field": f"{lon_name}/{lat_name}"} for i in np.flatnonzero(problems != "")}
    return x, y, problems.astype(object), params


def _find(columns: dict[str, np.ndarray], names: tuple[str, ...]) -> str | None:
    by_lower = {name.lower(): name for name in columns}
    return next((by_lower[n] for n in names if n in by_lower), None)
