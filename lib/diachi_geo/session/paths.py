"""Where a session's inputs are: the collected points, the reference layers and the commune
mapping, stored relative to the session file so that a session opened from another folder
(or copied with its data to another machine) still finds them.

A session stores each path relative to its own folder (absolute where no relative path
exists, as across Windows drives) and keeps the absolute path beside it. Reading resolves
in this order: relative to the session file, the absolute path, then relative to the
current folder (sessions made before this stored paths as given, often relative to the
folder QGIS was started in).
"""
from __future__ import annotations

import os
from collections.abc import Mapping

from ..source import Source, parse_source

__all__ = ["PATH_KEYS", "ABSOLUTE_KEY", "stored_source", "stored_paths", "resolve_source",
           "resolve_meta", "missing_references"]

PATH_KEYS = ("points_source", "commune_mapping")
"""Keys of ``session_meta`` holding one source; ``references`` holds one per kind."""
ABSOLUTE_KEY = "absolute_paths"
"""The ``session_meta`` key with the same paths made absolute when they were stored."""


def _relative(path: str, folder: str) -> str:
    absolute = os.path.abspath(path)
    try:
        return os.path.relpath(absolute, folder)
    except ValueError:  # another drive (Windows): no relative path exists
        return absolute


def stored_source(source: str, session_path: str) -> tuple[str, str]:
    """(as stored: relative to the session's folder, absolute) of ``source``.

    Examples
    --------
    >>> stored_source("/data/ref.gpkg|layername=roads", "/data/s/session.gpkg")[0]
    '../ref.gpkg|layername=roads'
    """
    parsed = parse_source(source)
    if "://" in parsed.path:  # a URL (or a database connection): stored as given
        return str(parsed), str(parsed)
    folder = os.path.dirname(os.path.abspath(session_path))
    return (str(Source(_relative(parsed.path, folder), parsed.layer)),
            str(Source(os.path.abspath(parsed.path), parsed.layer)))


def stored_paths(meta: Mapping, session_path: str) -> dict:
    """The path entries of a new session's ``meta`` as they are stored: relative to the
    session, with :data:`ABSOLUTE_KEY` holding them absolute."""
    out: dict = {}
    absolute: dict = {"references": {}}
    for key in PATH_KEYS:
        if meta.get(key):
            out[key], absolute[key] = stored_source(meta[key], session_path)
    out["references"] = {}
    for kind, source in (meta.get("references") or {}).items():
        if source:
            out["references"][kind], absolute["references"][kind] = stored_source(
                source, session_path)
    out[ABSOLUTE_KEY] = absolute
    return out


def resolve_source(stored: str, session_path: str, absolute: str | None = None) -> str:
    """The source ``stored`` in the session at ``session_path`` names, as an absolute path:
    the first that exists of relative to the session file, ``absolute`` (the path kept when
    it was stored), relative to the current folder. When none exists, the first."""
    parsed = parse_source(stored)
    if "://" in parsed.path:
        return stored
    folder = os.path.dirname(os.path.abspath(session_path))
    candidates = [os.path.normpath(os.path.join(folder, parsed.path))]
    if absolute:
        candidates.append(parse_source(absolute).path)
    candidates.append(os.path.abspath(parsed.path))
    found = next((path for path in candidates if os.path.exists(path)), candidates[0])
    return str(Source(found, parsed.layer))


def resolve_meta(meta: dict, session_path: str) -> dict:
    """``meta`` with its stored paths resolved (see :func:`resolve_source`); the other
    entries as they are."""
    out = dict(meta)
    absolute = meta.get(ABSOLUTE_KEY) or {}
    for key in PATH_KEYS:
        if meta.get(key):
            out[key] = resolve_source(meta[key], session_path, absolute.get(key))
    kept = absolute.get("references") or {}
    out["references"] = {kind: resolve_source(source, session_path, kept.get(kind))
                         for kind, source in (meta.get("references") or {}).items()
                         if source}
    return out


def missing_references(meta: Mapping) -> dict[str, str]:
    """Kind -> source of the reference layers of a resolved ``meta`` whose file is not
    there (moved, renamed, on a drive not connected)."""
    return {kind: source for kind, source in (meta.get("references") or {}).items()
            if "://" not in source and not os.path.exists(parse_source(source).path)}
