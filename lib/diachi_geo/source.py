"""Where inputs come from: a file and, for multi-layer formats, the layer in it.

Sources are named the GDAL/QGIS way: ``PATH`` or ``PATH|layername=NAME``. A leaf module:
the readers of vector files (:mod:`diachi_geo.io`), tables (:mod:`diachi_geo.tabular`) and
reference data all start here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import InputError

__all__ = ["Source", "parse_source", "must_exist", "stored_sources", "session_sources"]


@dataclass(frozen=True)
class Source:
    """A file and, for multi-layer formats, the layer in it."""

    path: str
    layer: str | None = None

    def __str__(self) -> str:
        return self.path + (f"|layername={self.layer}" if self.layer else "")


def parse_source(text: str | os.PathLike) -> Source:
    """Split ``PATH|layername=NAME``.

    Examples
    --------
    >>> parse_source("sample.gpkg|layername=points")
    Source(path='sample.gpkg', layer='points')
    >>> parse_source("points.geojson").layer is None
    True
    """
    path, _, options = str(text).partition("|")
    layer = None
    for option in filter(None, options.split("|")):
        key, _, value = option.partition("=")
        if key.strip().lower() == "layername":
            layer = value.strip()
        else:
            raise InputError(f"unknown source option {option!r}", path=path,
                             fix="use PATH or PATH|layername=NAME")
    return Source(path, layer or None)


def must_exist(path: str) -> None:
    """Raise :class:`InputError` naming ``path`` when it is missing or unreadable."""
    if not os.path.exists(path):
        raise InputError("file not found", path=path, fix="check the path and the spelling")
    if not os.access(path, os.R_OK):
        raise InputError("file is not readable", path=path,
                         fix="check the file permissions")


def stored_sources(sources: dict[str, str], folder: str) -> tuple[dict[str, str],
                                                                   dict[str, str]]:
    """What a file kept in ``folder`` (a review session) records of the ``sources`` it was
    made from: each made absolute, and relative to ``folder`` where it can be.

    Relative paths in ``sources`` are read from the current directory, as given.

    Examples
    --------
    >>> absolute, relative = stored_sources({"roads": "/data/ref.gpkg|layername=roads"},
    ...                                     "/data/review")
    >>> absolute["roads"], relative["roads"]
    ('/data/ref.gpkg|layername=roads', '../ref.gpkg|layername=roads')
    """
    absolute, relative = {}, {}
    for key, text in sources.items():
        source = parse_source(text)
        path = os.path.abspath(source.path)
        absolute[key] = str(Source(path, source.layer))
        try:
            relative[key] = str(Source(os.path.relpath(path, folder), source.layer))
        except ValueError:  # another drive (Windows): only the absolute path
            pass
    return absolute, relative


def session_sources(meta: dict, session: str) -> tuple[str, dict[str, str]]:
    """The collected points' file and the reference layers of the session at ``session``
    as they are found now, wherever the program was started: beside the session as they
    were when it was made (it moved with its data), else at their absolute paths. Sessions
    made before the relative paths were kept stored the paths as typed: those are tried
    beside the session, then as they are. A source found nowhere is returned as stored.
    """
    folder = os.path.dirname(os.path.abspath(session))

    def found(stored: str, relative: str | None) -> str:
        candidates = [relative] if relative else []
        if stored and not os.path.isabs(parse_source(stored).path):
            candidates.append(stored)
        for candidate in candidates:
            source = parse_source(candidate)
            path = os.path.normpath(os.path.join(folder, source.path))
            if os.path.exists(path):
                return str(Source(path, source.layer))
        return stored

    references = meta.get("references") or {}
    relative = meta.get("references_relative") or {}
    return (found(meta.get("points_source") or "", meta.get("points_source_relative")),
            {kind: found(source, relative.get(kind)) for kind, source in references.items()})
