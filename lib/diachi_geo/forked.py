"""Work in a forked child process that the parent waits for with a deadline.

``os.fork`` copies only the calling thread: a lock that another thread held at that
moment (GDAL's, a logging handler's, the allocator's) stays locked in the child for ever,
and the child hangs the first time it needs it. So :func:`fork_hazard` says why not to
fork while threads are alive other than the helpers that the libraries imported here
start and that handle a fork themselves (OpenBLAS's workers, started with numpy, stop
before a fork; jemalloc's background thread, GDAL's allocator, too). :class:`Child` runs
the work in a child that reports each step through a pipe; the parent waits until a
deadline and kills a child that is late (hung), so the caller can do the work itself.
Only the command line forks; QGIS never does.
"""
from __future__ import annotations

import gc
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable

import numpy  # noqa: F401 - its thread pool (OpenBLAS) starts here, before the snapshot

__all__ = ["Child", "fork_hazard", "native_threads"]

_FORK_AWARE = frozenset({"jemalloc_bg_thd"})
"""Names of native threads that a fork leaves safe (their library's fork handlers)."""


def native_threads() -> dict[int, str] | None:
    """The threads of the running process (kernel thread id -> name), or None without
    ``/proc``."""
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return None
    threads = {}
    for tid in tids:
        try:
            with open(f"/proc/self/task/{tid}/comm", encoding="utf-8",
                      errors="replace") as f:
                threads[int(tid)] = f.read().strip()
        except OSError:  # it ended meanwhile
            continue
    return threads


_HELPERS = frozenset(native_threads() or ()) if threading.active_count() == 1 else \
    frozenset({os.getpid()})
"""The threads alive when this module was imported with no other Python thread running:
the main one and the imports' own pools (a process that started threads of its own
before importing the library gets no allowance)."""


def fork_hazard(*, settle: float = 0.25) -> str | None:
    """Why forking now could leave the child hung (other threads are alive), or None.

    Threads unknown to Python are looked at again for up to ``settle`` seconds: the
    workers of a thread pool just shut down linger a moment after Python let them go.

    Examples
    --------
    >>> fork_hazard() is None or isinstance(fork_hazard(), str)
    True
    """
    if not hasattr(os, "fork"):
        return "this platform cannot fork"
    if threading.active_count() > 1:
        names = [t.name for t in threading.enumerate() if t is not threading.current_thread()]
        return f"{len(names)} other Python thread(s) are running ({', '.join(names[:3])})"
    end = time.monotonic() + settle
    while True:
        threads = native_threads()
        if threads is None:
            return None
        others = sorted(name for tid, name in threads.items()
                        if tid != threading.get_native_id() and tid not in _HELPERS
                        and name not in _FORK_AWARE)
        if not others:
            return None
        if time.monotonic() >= end:
            return (f"{len(others)} other native thread(s) are running "
                    f"({', '.join(others[:3])})")
        time.sleep(0.01)


class Child:
    """``work(step)`` in a forked child; ``step(name)`` tells the parent how far it got.

    Use as ``child = Child(work); child.start()``, then ``child.wait(seconds)``: None
    when the child did all the work, else why not (it is dead by then: killed when late).
    """

    def __init__(self, work: Callable[[Callable[[str], None]], None]) -> None:
        self.work = work
        self.pid: int | None = None
        self.steps: list[str] = []
        self._pipe: int | None = None
        self._started = 0.0

    def start(self) -> None:
        """Fork; the child runs the work and leaves without the parent's exit handlers."""
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        self._started = time.monotonic()
        try:
            pid = os.fork()
        except OSError:  # no memory or processes left: the caller does the work itself
            os.close(read)
            os.close(write)
            raise
        if pid == 0:
            status = 1
            try:
                os.close(read)
                gc.disable()  # collections would copy the parent's pages for nothing
                self.work(lambda name: _say(write, name))
                status = 0
            except BaseException as error:  # the parent does the work itself and says why
                _say(write, f"failed: {type(error).__name__}: {error}"[:500])
            finally:
                os._exit(status)
        os.close(write)
        self.pid, self._pipe = pid, read

    def wait(self, seconds: float) -> str | None:
        """Wait until ``seconds`` after the fork; None when the child did the work, else
        why not (a late child is killed)."""
        end = self._started + seconds
        late = False
        try:
            while not late:
                ready = select.select([self._pipe], [], [], max(0.0, end - time.monotonic()))[0]
                if not ready:
                    late = True
                elif not self._read():
                    break  # end of the pipe: the child is leaving
            status = self._reap(end) if not late else None
        except BaseException:  # interrupted: the child must not write on
            self.kill()
            raise
        if status is None:
            self.kill()
            return (f"did not finish in {seconds:.0f} s (hung? last step: "
                    f"{self.steps[-1] if self.steps else 'none'}); it was stopped")
        self._close()
        code = os.waitstatus_to_exitcode(status)
        if code == 0:
            return None
        failed = [s for s in self.steps if s.startswith("failed: ")]
        return failed[-1] if failed else (f"was killed by signal {-code}" if code < 0
                                          else f"exited with status {code}")

    def kill(self) -> None:
        """Stop the child at once and collect it (idempotent)."""
        if self.pid is not None:
            pid, self.pid = self.pid, None
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
        self._close()

    def _read(self) -> bool:
        data = os.read(self._pipe, 65536)
        self.steps.extend(line for line in data.decode("utf-8", "replace").split("\n")
                          if line)
        return bool(data)

    def _reap(self, end: float) -> int | None:
        """The child's wait status, once it has left (None if it is still there at
        ``end``: it closed the pipe, yet hangs)."""
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.pid = None
                return status
            if time.monotonic() >= end:
                return None
            time.sleep(0.01)

    def _close(self) -> None:
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None


def _say(pipe: int, line: str) -> None:
    os.write(pipe, (line.replace("\n", " ") + "\n").encode("utf-8", "replace"))
