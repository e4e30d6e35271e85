"""What the commands share: a parser that reports usage errors instead of exiting, and the
input options (reference layers, configuration, field mappings, CRS, commune codes) of the
commands that read points and run checks."""
from __future__ import annotations

import argparse

from ..config import Config, load_config
from ..fields import parse_field_options
from ..io.references import REFERENCE_KINDS

__all__ = ["UsageError", "Parser", "Subcommands", "add_input_options", "input_settings"]

Subcommands = argparse._SubParsersAction
"""What ``add_subparsers()`` returns (argparse names this type only privately)."""


class UsageError(Exception):
    """A command line argparse refused; its message says what and where to get help."""


class Parser(argparse.ArgumentParser):
    """An argument parser that raises :class:`UsageError` where argparse would exit."""

    def error(self, message: str) -> None:  # argparse would print usage and exit itself
        """Raise :class:`UsageError` with ``message`` and a pointer to ``--help``."""
        raise UsageError(f"{self.prog}: {message}. See '{self.prog} --help'.")


def add_input_options(p: argparse.ArgumentParser, *, checks: bool) -> None:
    """The reference layers, configuration, field mapping, CRS and commune-code options
    shared by the commands that read points and run checks."""
    for layer in REFERENCE_KINDS:
        p.add_argument(f"--{layer}", metavar="SOURCE", help=f"{layer} reference layer")
    p.add_argument("--config", help="TOML file with field mappings and check parameters")
    if checks:
        p.add_argument("--checks", help="comma-separated check codes to run (default: all)")
    p.add_argument("--field", action="append", default=[], metavar="CANONICAL=FIELD",
                   help="map a canonical field to yours, e.g. --field name=ten_dia_diem")
    p.add_argument("--commune-field", action="append", default=[], metavar="CANONICAL=FIELD",
                   help="map a communes field, e.g. --commune-field code=ma_xa")
    p.add_argument("--crs", help="CRS of the points when the file declares none")
    p.add_argument("--commune-mapping", metavar="CSV", help="old_code,new_code: convert "
                   "commune codes of data collected before the July 2025 merger (without "
                   "it, old codes are converted with the bundled official table)")


def input_settings(args: argparse.Namespace
                   ) -> tuple[Config, dict[str, str], dict[str, str]]:
    """(config, point field mapping, commune field mapping) from the options and --config."""
    config = load_config(args.config)
    return (config, {**config.fields, **parse_field_options(args.field)},
            {**config.commune_fields, **parse_field_options(args.commune_field)})
