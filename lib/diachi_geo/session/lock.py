"""Who edits a session: one person at a time holds its lock (a row in ``session_lock``);
a lock left by a process that has since died on this machine is taken over."""
from __future__ import annotations

import contextlib
import getpass
import os
import socket
import sqlite3
from dataclasses import dataclass

from .build import now

__all__ = ["LockHolder", "default_user", "take_lock", "release_lock"]


@dataclass(frozen=True)
class LockHolder:
    """Who has the session open for editing, on which machine, since when."""

    user: str
    host: str
    since: str


def default_user() -> str:
    """The operating-system user name, the identity recorded when none is given."""
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (some containers)
        return f"uid{os.getuid()}"


def take_lock(conn: sqlite3.Connection, user: str, *, force: bool = False
              ) -> LockHolder | None:
    """Take the lock for ``user`` and this process in one transaction.

    Returns None when taken; when someone else holds it (and not ``force``), nothing changes
    and the holder is returned.
    """
    host, pid = socket.gethostname(), os.getpid()
    holder = None
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute("SELECT user, host, pid, since FROM session_lock").fetchone()
        if row and not force and _held_by_other(row, user, host, pid):
            holder = LockHolder(row[0], row[1], row[3])
        else:
            conn.execute("INSERT OR REPLACE INTO session_lock VALUES (1, ?, ?, ?, ?)",
                         (user, host, pid, now()))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return holder


def release_lock(conn: sqlite3.Connection, user: str) -> None:
    """Release the lock when ``user`` and this process hold it (errors are ignored)."""
    with contextlib.suppress(sqlite3.Error):
        conn.execute("DELETE FROM session_lock WHERE user = ? AND host = ? AND "
                     "pid = ?", (user, socket.gethostname(), os.getpid()))


def _held_by_other(row: tuple, user: str, host: str, pid: int) -> bool:
    """Whether the lock row belongs to someone else still (or possibly still) running."""
    holder_user, holder_host, holder_pid, _ = row
    if holder_host != host:
        return True  # another machine: cannot tell whether it is still running
    if holder_pid == pid:
        return holder_user != user
    try:
        os.kill(holder_pid, 0)
    except ProcessLookupError:
        return False  # the process that held it is gone (crashed or killed)
    except PermissionError:
        return True
    return True
