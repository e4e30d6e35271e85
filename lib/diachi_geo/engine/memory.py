"""A worker's own peak memory.

``ru_maxrss`` survives ``execve``: a Dask worker started from a process that had read the
points reports that process's peak as its own, whatever it did itself. On Linux the peak
(``VmHWM``) can be reset through ``/proc/self/clear_refs``; a worker does so before its
first part, and reports ``VmHWM`` from then on.
"""
from __future__ import annotations

import resource

__all__ = ["own_peak_mib", "start_measuring"]

_started = False


def start_measuring() -> None:
    """Forget the peak this process inherited (once per process; where Linux allows)."""
    global _started
    if _started:
        return
    _started = True
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:  # not Linux, or not allowed: the inherited peak stays in the figure
        pass


def own_peak_mib() -> float:
    """The peak resident memory since :func:`start_measuring` (else since the process
    began), in MiB."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
