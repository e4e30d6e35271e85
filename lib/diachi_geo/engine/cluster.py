"""Parts run on a Dask cluster: a local one of single-threaded worker processes, or an
existing one (``dask scheduler`` and ``dask worker tcp://HOST:8786`` on other machines,
each with this package installed and the input files at the same paths or URLs).

Dask is optional (``pip install 'diachi-geo[dask]'``); it is imported only here, when a
run asks for it.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from typing import Any

from ..errors import ConfigError
from .task import PartSpec, run_part

__all__ = ["connect", "dask_executor", "require_dask", "worker_memory"]


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ConfigError.coded("dask_missing") from None
    # Dask's own progress lines drown the run's unless asked for (--debug)
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        logging.getLogger("distributed").setLevel(logging.WARNING)
    return distributed


def require_dask() -> None:
    """Raise the error that says what to install when Dask's distributed is missing."""
    _distributed()


def connect(scheduler: str | None = None, *, workers: int = 2,
            memory_limit: str | float | None = "auto") -> Any:
    """A Dask client: of the scheduler at ``scheduler`` (``tcp://HOST:8786``), else of a
    new local cluster of ``workers`` single-threaded worker processes, each held to
    ``memory_limit`` (Dask's ``"auto"``: the machine's memory shared among them)."""
    distributed = _distributed()
    if scheduler:
        try:
            return distributed.Client(scheduler, timeout="20s")
        except OSError as exc:
            raise ConfigError.coded("dask_unreachable", scheduler=scheduler,
                                    problem=str(exc)) from None
    if workers < 1:
        raise ConfigError.coded("dask_workers")
    cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1,
                                       processes=True, memory_limit=memory_limit,
                                       dashboard_address=":0",
                                       env={"DIACHI_THREADS": "1"})
    try:
        return distributed.Client(cluster)
    except BaseException:   # the workers are not left running
        cluster.close()
        raise


def dask_executor(client: Any, *, retries: int = 2) -> Any:
    """An :data:`~.run.Executor` running each part as one Dask task (retried ``retries``
    times on failure, e.g. a worker that died)."""
    distributed = _distributed()

    def run(specs: list[PartSpec]) -> Iterator[tuple[PartSpec, object]]:
        futures = {}
        for spec in specs:
            # the part's points go to a worker once, not inside the task graph
            data = client.scatter(spec, hash=False)
            futures[client.submit(run_part, data, retries=retries, pure=False,
                                  key=f"part-{spec.name}-{uuid.uuid4().hex[:8]}")
                    ] = spec
        for future in distributed.as_completed(futures):
            spec = futures[future]
            try:
                yield spec, future.result()
            except Exception as exc:  # reported by name, the other parts go on
                yield spec, exc

    return run


def worker_memory(client: Any) -> dict[str, dict[str, float]]:
    """Each worker's memory now and at its peak, and its limit, in MiB."""
    def measure() -> dict[str, float]:
        import psutil

        from .memory import own_peak_mib

        return {"rss_mib": round(psutil.Process().memory_info().rss / 2**20, 1),
                "peak_mib": own_peak_mib()}

    found = client.run(measure)
    limits = {address: info.get("memory_limit") or 0
              for address, info in client.scheduler_info().get("workers", {}).items()}
    for address, values in found.items():
        values["limit_mib"] = round(limits.get(address, 0) / 2**20, 1)
    return found
