"""Fault injection for the crash tests: stop the process hard at a named step.

A writer calls :func:`checkpoint` at the steps where a crash would hurt most (a temporary
file half written, a transaction open). With ``DIACHI_FAULT=<step>`` in the environment
the process kills itself there with SIGKILL, as a power cut or ``kill -9`` would: no
``finally``, no rollback, no flush. ``<step>@<n>`` stops at the n-th time the step is
reached; ``<step>:hang`` (or ``<step>@<n>:hang``) stops it there for ever instead, alive,
as a deadlock would, and ``<step>:raise`` raises an :class:`OSError` there, as a full disk
would. Without the variable (always, outside the tests) a checkpoint only reads a
module global.

The steps:

``write.layer``
    :func:`diachi_geo.io.write_vector` wrote a layer to the temporary file.
``write.replace``
    :func:`diachi_geo.io.atomic_output`'s temporary file is complete, not yet moved into
    place.
``session.commit``
    A review action's changes and audit rows are written, its transaction not committed.
``session.copy_child``
    The forked child writing a session's copy of the points (:mod:`diachi_geo.session.copy`)
    finished a step: 1 the table written, 2 the digests stored, 3 the review rows written
    (its transaction still open).
``publish_after_send``
    The server applied a batch; the journal has not written it yet.
``publish.record``
    A batch is on the server and the journal's record of it is written, not committed.
"""
from __future__ import annotations

import os
import signal
import time

__all__ = ["checkpoint"]

_FAULT = os.environ.get("DIACHI_FAULT") or None
_where, _, _how = (_FAULT or "").partition(":")
_step, _, _nth = _where.partition("@")
_hits = 0


def checkpoint(step: str) -> None:
    """Kill (hang, or raise in) this process here when ``DIACHI_FAULT`` names ``step`` (see the
    module)."""
    global _hits
    if _FAULT is None or step != _step:
        return
    _hits += 1
    if _hits < int(_nth or 1):
        return
    while _how == "hang":
        time.sleep(60)
    if _how == "raise":
        raise OSError(f"DIACHI_FAULT at {step}")
    os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
    os._exit(137)  # where a signal cannot stop a process at once
