"""Validation in parts, for data one process cannot hold: tiles with halos, parts run on
this machine or a Dask cluster, merged into the findings of one run over everything.

How a part is cut, run and what it reads: :mod:`.tiles`, :mod:`.task`, :mod:`.reading`;
what is learned once from all the data: :mod:`.plan`; a published registry
(``--against``): :mod:`.registry`; the parts on disk and merged: :mod:`.parts`,
:mod:`.merge`; the run: :mod:`.run`; on Dask: :mod:`.cluster`.
"""
from __future__ import annotations

from .run import Executor, provinces_of, run_here, validate_partitioned
from .tiles import Tile, balanced_tiles, province_partitions, regular_tiles

__all__ = ["Executor", "run_here", "validate_partitioned", "provinces_of", "Tile",
           "balanced_tiles", "province_partitions", "regular_tiles"]
