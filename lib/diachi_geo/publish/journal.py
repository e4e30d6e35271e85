"""The publish journal, in the session GeoPackage: what each run sent, batch by batch, and
what the server holds of ours. Each batch is committed before and after it is sent, so a
run stopped by a crash, a kill or a lost connection is known and resumed."""
from __future__ import annotations

import json
import sqlite3
import uuid

from ..faults import checkpoint
from ..session.build import now

__all__ = ["Journal"]

_TABLES = (
    "CREATE TABLE IF NOT EXISTS publish_runs (run_id TEXT PRIMARY KEY, profile TEXT NOT NULL,"
    " started TEXT NOT NULL, finished TEXT, state TEXT NOT NULL, summary TEXT)",
    "CREATE TABLE IF NOT EXISTS publish_batches (run_id TEXT NOT NULL, target TEXT NOT NULL,"
    " batch INTEGER NOT NULL, stable_ids TEXT NOT NULL, inserts INTEGER, updates INTEGER,"
    " deletes INTEGER, state TEXT NOT NULL, error TEXT, at TEXT NOT NULL,"
    " PRIMARY KEY (run_id, target, batch))",
    "CREATE TABLE IF NOT EXISTS publish_state (profile TEXT NOT NULL, target TEXT NOT NULL,"
    " stable_id TEXT NOT NULL, checksum TEXT, server_id TEXT, published_at TEXT NOT NULL,"
    " PRIMARY KEY (profile, target, stable_id))",
)


class Journal:
    """The publish journal of one session and profile (its own autocommit connection)."""

    def __init__(self, session_path: str, profile: str):
        self.conn = sqlite3.connect(session_path, timeout=30, isolation_level=None)
        self.profile = profile
        for statement in _TABLES:
            self.conn.execute(statement)

    def interrupted(self) -> list[str]:
        """Runs of this profile that never finished (killed, crashed, connection lost)."""
        return [r[0] for r in self.conn.execute(
            "SELECT run_id FROM publish_runs WHERE profile = ? AND state = 'running' "
            "ORDER BY started", (self.profile,))]

    def published(self, target: str) -> set[str]:
        """Stable ids this profile has put on the server (candidates for withdrawal)."""
        return {r[0] for r in self.conn.execute(
            "SELECT stable_id FROM publish_state WHERE profile = ? AND target = ?",
            (self.profile, target))}

    def start(self) -> str:
        """Record a new run as running, marking this profile's unfinished runs interrupted."""
        run_id = uuid.uuid4().hex[:12]
        for old in self.interrupted():
            self.conn.execute("UPDATE publish_runs SET state = 'interrupted' WHERE run_id = ?",
                              (old,))
        self.conn.execute("INSERT INTO publish_runs VALUES (?, ?, ?, NULL, 'running', NULL)",
                          (run_id, self.profile, now()))
        return run_id

    def batch(self, run_id: str, target: str, number: int, ids: list[str], counts: tuple,
              state: str, error: str | None = None) -> None:
        """Save a batch's stable ids, counts and state (sending, verified or failed)."""
        self.conn.execute("INSERT OR REPLACE INTO publish_batches VALUES "
                          "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (run_id, target, number, json.dumps(ids), *counts, state, error,
                           now()))

    def record(self, target: str, sent: list[tuple[str, str | None, str | None]],
               deleted: list[str]) -> None:
        """After a verified batch: what the server now holds of ours, in one transaction."""
        self.conn.execute("BEGIN")
        self.conn.executemany(
            "INSERT OR REPLACE INTO publish_state VALUES (?, ?, ?, ?, ?, ?)",
            [(self.profile, target, sid, digest, server_id, now())
             for sid, digest, server_id in sent])
        self.conn.executemany(
            "DELETE FROM publish_state WHERE profile = ? AND target = ? AND stable_id = ?",
            [(self.profile, target, sid) for sid in deleted])
        checkpoint("publish.record")
        self.conn.execute("COMMIT")

    def finish(self, run_id: str, state: str, summary: dict) -> None:
        """Close a run with its final state and report."""
        self.conn.execute("UPDATE publish_runs SET finished = ?, state = ?, summary = ? "
                          "WHERE run_id = ?", (now(), state, json.dumps(summary), run_id))

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()
