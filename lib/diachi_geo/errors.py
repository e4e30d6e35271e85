"""One error hierarchy for diachi_geo.

Every error says what is wrong and how to fix the input. Errors about data name the
file, layer, feature and field they concern, so a person can find the problem.
"""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Self

__all__ = ["DiachiError", "InputError", "ConfigError", "OutputError", "PartitionError"]


class DiachiError(Exception):
    """Base class of every error raised on purpose by diachi_geo.

    An error a person may meet in the plugin (a refused review action, a publish that
    failed) carries a stable :attr:`code` and its :attr:`params`; its text in each language
    is in :mod:`diachi_geo.message_codes`, and ``str(error)`` is the English one. Make one
    with :meth:`coded`.
    """

    code: str | None = None
    params: Mapping[str, object] = MappingProxyType({})

    @classmethod
    def coded(cls, code: str, **params: object) -> Self:
        """The error ``code`` with ``params``; an unknown code is a bug (KeyError).

        Examples
        --------
        >>> error = DiachiError.coded("no_suggestion", point_id=327)
        >>> error.code, dict(error.params), str(error)
        ('no_suggestion', {'point_id': 327}, 'point 327 has no suggested location')
        """
        from .message_codes import error_text  # the texts need nothing from here

        error = cls(error_text(code, params, "en", strict=True))
        error.code, error.params = code, MappingProxyType(dict(params))
        return error


class InputError(DiachiError):
    """An input file, layer, feature or field cannot be used as it is.

    Parameters
    ----------
    problem : str
        What is wrong, in one sentence.
    fix : str, optional
        How to fix the input.
    path, layer, feature, field : optional
        Where the problem is; each is named in the message when given.

    Examples
    --------
    >>> str(InputError("field not found", path="a.gpkg", layer="points", field="name",
    ...                fix="map it with --field name=YOUR_FIELD"))
    'a.gpkg, layer points, field name: field not found. Fix: map it with --field name=YOUR_FIELD'
    """

    def __init__(self, problem: str, *, fix: str | None = None, path: str | None = None,
                 layer: str | None = None, feature: object = None, field: str | None = None):
        self.problem, self.fix = problem, fix
        self.path, self.layer, self.feature, self.field = path, layer, feature, field
        super().__init__(self._message())

    @classmethod
    def coded(cls, code: str, **params: object) -> Self:
        """The error ``code``; ``path``, ``layer``, ``feature`` and ``field`` among ``params``
        say where, and each language's text names them (``{at}`` in the texts).

        Examples
        --------
        >>> error = InputError.coded("file_not_found", path="a.gpkg")
        >>> str(error), error.path, error.fix
        ('a.gpkg: file not found. Fix: check the path and the spelling', 'a.gpkg', \
'check the path and the spelling')
        """
        from .message_codes import where_text

        params = {name: value for name, value in params.items() if value is not None}
        error = super().coded(code, **params)
        error.path, error.layer, error.feature, error.field = (
            params.get(name) for name in ("path", "layer", "feature", "field"))
        text, at = str(error), where_text(params, "en")
        text = text[len(at):] if text.startswith(at) else text
        error.problem, _, fix = text.partition(". Fix: ")
        error.fix = fix or None
        return error

    def _message(self) -> str:
        where = []
        if self.path:
            where.append(str(self.path))
        if self.layer:
            where.append(f"layer {self.layer}")
        if self.feature is not None:
            where.append(f"feature {self.feature}")
        if self.field:
            where.append(f"field {self.field}")
        text = (", ".join(where) + ": " if where else "") + self.problem
        if self.fix:
            text += f". Fix: {self.fix}"
        return text


class ConfigError(DiachiError):
    """A configuration value, option or field mapping is not valid."""


class OutputError(DiachiError):
    """An output cannot be written (it would overwrite an input, or the folder is not writable)."""


class PartitionError(DiachiError):
    """Parts of a partitioned run failed; the others are kept and a rerun resumes."""
