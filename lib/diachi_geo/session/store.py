"""An open review session: the lock, and every review action as one transaction.

Each action (approve, move, reject, confirm, merge, undo...) is one SQLite transaction
that changes the points and the review table and writes its audit rows together, so a
killed process leaves the old state or the new one, never half of it. One person edits
a session at a time; others open it read-only and are told who has it open. Reading (the
worklist, a point, its history) is :class:`~diachi_geo.session.view.SessionView`'s.
"""
from __future__ import annotations

import contextlib
import json
import math
import os
import sqlite3
from collections.abc import Iterator, Sequence

from ..faults import checkpoint
from ..findings import SEVERITIES
from ..message_codes import history_note_text
from ..text import is_blank, nfc
from .audited import audited_complete, ensure_audited, stamp_audited
from .build import NO_SEVERITY, STATUS_COLUMN, now
from .gpkgsql import point_blob
from .lock import LockHolder, default_user, release_lock, take_lock
from .paths import ABSOLUTE_KEY, stored_source
from .records import REVIEW_KEYS, ActionResult, PointRecord, WorkFilter
from .status import SessionError, check_checker, check_review
from .view import SessionView

__all__ = ["Session", "WorkFilter", "PointRecord", "ActionResult", "LockHolder",
           "default_user", "EDITABLE_FIELDS"]

EDITABLE_FIELDS = ("name", "house_number", "address", "category", "digital_code")
"""What an attribute correction may change (canonical names; the publish id stays)."""


class Session(SessionView):
    """A review session GeoPackage opened by ``user``.

    Opening takes the session's lock; when someone else holds it the session opens
    read-only and :attr:`lock_holder` says who has it and since when.
    """

    def __init__(self, path: str, user: str | None = None, *, read_only: bool = False,
                 force: bool = False) -> None:
        super().__init__(path, user)
        self.lock_holder: LockHolder | None = None
        self._read_only = read_only or not os.access(path, os.W_OK)
        if not self._read_only:
            self.lock_holder = take_lock(self._conn, self.user, force=force)
            self._read_only = self.lock_holder is not None
        if not self._read_only and not audited_complete(self._conn):
            # a session made before audited digests were kept (housekeeping, no action)
            with self.transaction(fault_step=None) as conn:
                ensure_audited(conn)

    # -- the lock and transactions ---------------------------------------------------------

    @property
    def read_only(self) -> bool:
        """Whether changes are refused (asked for, a read-only file, or someone else's lock)."""
        return self._read_only

    def close(self) -> None:
        """Release the lock (when held) and the file."""
        if self._conn is not None and not self._read_only:
            release_lock(self._conn, self.user)
        super().close()

    @contextlib.contextmanager
    def transaction(self, *, fault_step: str | None = "session.commit"
                    ) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything in it is saved together or not at all.

        ``fault_step`` names its place for the crash tests (:mod:`diachi_geo.faults`).
        """
        if self._read_only:
            holder = self.lock_holder
            if holder:
                raise SessionError.coded("read_only_held", path=self.path, user=holder.user,
                                         host=holder.host, since=holder.since)
            raise SessionError.coded("read_only", path=self.path)
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
            if fault_step:
                checkpoint(fault_step)
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise

    # -- review actions -------------------------------------------------------------------

    def remember_point(self, fid: int) -> None:
        """Remember where this user is, to resume there (no audit row: nothing changed)."""
        if self._read_only:
            return
        key = f"cursor:{self.user}"
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO session_meta VALUES (?, ?)",
                         (key, json.dumps(int(fid))))
        self.meta[key] = int(fid)

    def set_reference(self, kind: str, source: str) -> None:
        """Record where the ``kind`` reference layer is now (the officer located a moved
        file); stored relative to the session, as a new session stores it."""
        stored, absolute = stored_source(source, self.path)
        row = {k: json.loads(v) for k, v in self._conn.execute(
            "SELECT key, value FROM session_meta WHERE key IN ('references', ?)",
            (ABSOLUTE_KEY,))}
        row.setdefault("references", {})[kind] = stored
        row.setdefault(ABSOLUTE_KEY, {}).setdefault("references", {})[kind] = absolute
        with self.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO session_meta VALUES (?, ?)",
                             [(k, json.dumps(v, ensure_ascii=False)) for k, v in row.items()])
        self.meta["references"] = {**self.meta.get("references", {}), kind: absolute}
        self.stored_meta.update(row)

    def approve(self, fid: int) -> ActionResult:
        """The point is right as it is."""
        return self._decide(fid, "approve", "approved")

    def move(self, fid: int, x: float, y: float, *, reason: str | None = None,
             action: str = "move") -> ActionResult:
        """Put the point at longitude ``x``, latitude ``y`` (WGS 84)."""
        if not (math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90):
            raise SessionError.coded("not_a_position", x=x, y=y)
        return self._decide(fid, action, "corrected", reason=reason, extra={"x": x, "y": y})

    def accept_suggestion(self, fid: int) -> ActionResult:
        """Move the point to the location its snap (or in-water) finding suggests."""
        record = self.point(fid)
        finding = record.suggestion()
        if finding is None:
            raise SessionError.coded("no_suggestion", point_id=record.point_id)
        return self.move(fid, finding["suggested_x"], finding["suggested_y"],
                         reason=finding["key"], action="accept_suggestion")

    def edit_attributes(self, fid: int, values: dict[str, object], reason: str
                        ) -> ActionResult:
        """Correct the point's name, house number, address, category or digital code
        (canonical names, as in :data:`EDITABLE_FIELDS`), with a reason; one audited action
        with the old and new values. The point becomes ``corrected``, also when it was
        confirmed: a checker must confirm it again before it is published."""
        if not (reason or "").strip():
            raise SessionError.coded("reason_for_correction")
        mapping = self.meta.get("fields") or {}
        point_id = self._point_id_or_fail(fid)
        change: dict[str, object] = {}
        for name, value in values.items():
            if name not in EDITABLE_FIELDS:
                raise SessionError.coded("field_not_editable", point_id=point_id, name=name,
                                         choices=", ".join(EDITABLE_FIELDS))
            column = mapping.get(name)
            if not column or column not in self.columns:
                raise SessionError.coded("field_not_mapped", point_id=point_id, name=name)
            if value is not None and not isinstance(value, (str, int)):
                raise SessionError.coded("value_not_text", point_id=point_id, name=name,
                                         type=type(value).__name__)
            text = None if value is None else nfc(str(value)).strip() or None
            if self._state(fid, [f"attr:{column}"])[f"attr:{column}"] != text:
                change[f"attr:{column}"] = text
        if not change:
            raise SessionError.coded("nothing_to_correct", point_id=point_id)
        change.update({"status": "corrected", "decision": "corrected", "duplicate_of": None,
                       "reviewed_by": self.user, "reviewed_at": now(), "checked_by": None,
                       "checked_at": None})
        return self._record("edit_attributes", [(fid, change)], reason=reason.strip())

    def reject(self, fid: int, reason: str) -> ActionResult:
        """The point must not be published; ``reason`` says why."""
        if not (reason or "").strip():
            raise SessionError.coded("reason_to_reject")
        return self._decide(fid, "reject", "rejected", reason=reason.strip())

    def needs_field_check(self, fid: int, reason: str | None = None) -> ActionResult:
        """Someone must visit the place; the point waits for them."""
        return self._decide(fid, "needs_field_check", "needs_field_check", reason=reason)

    def confirm(self, fid: int) -> ActionResult:
        """A checker (not the reviewer) agrees with the review."""
        return self._check(fid, "confirm", "confirmed", None)

    def return_for_review(self, fid: int, reason: str) -> ActionResult:
        """A checker sends the point back to be reviewed again."""
        if not (reason or "").strip():
            raise SessionError.coded("reason_to_return")
        return self._check(fid, "return", "returned", reason.strip())

    def dismiss(self, fid: int, key: str, reason: str | None = None) -> ActionResult:
        """Mark a finding as a false positive; it stays dismissed on re-validation unless
        the point changes."""
        record = self.point(fid)
        if key not in {f["key"] for f in record.findings}:
            raise SessionError.coded("no_finding", point_id=record.point_id, key=key)
        return self._record("dismiss", [(fid, {f"dismissed:{key}": reason or ""})],
                            reason=reason)

    def merge(self, keeper: int, others: Sequence[int], *,
              copy_fields: Sequence[str] = ()) -> ActionResult:
        """Keep ``keeper``; reject ``others`` as its duplicates. Each field of
        ``copy_fields`` empty on the keeper takes the first value the others have."""
        others = [fid for fid in others if fid != keeper]
        if not others:
            raise SessionError.coded("merge_needs_others")
        keep = self.point(keeper)
        check_review(keep.review["status"], keep.point_id)
        records = [self.point(fid) for fid in others]
        copied: dict[str, object] = {}
        for name in copy_fields:
            if name not in self.columns:
                raise SessionError.coded("no_such_field", name=name)
            if is_blank(keep.attributes.get(name)):
                value = next((r.attributes[name] for r in records
                              if not is_blank(r.attributes.get(name))), None)
                if value is not None:
                    copied[f"attr:{name}"] = value
        decision = "corrected" if copied else "approved"
        stamp = {"reviewed_by": self.user, "reviewed_at": now(), "checked_by": None,
                 "checked_at": None}
        changes = [(keeper, {"status": decision, "decision": decision, "reason": None,
                             "duplicate_of": None, **stamp, **copied})]
        for record in records:
            check_review(record.review["status"], record.point_id)
            changes.append((record.fid, {
                "status": "rejected", "decision": "rejected", **stamp,
                "reason": history_note_text("duplicate_of", {"point_id": keep.point_id}, "en"),
                "duplicate_of": str(keep.point_id)}))
        return self._record("merge", changes, reason=history_note_text(
            "keeper", {"point_id": keep.point_id}, "en"))

    def undo(self) -> ActionResult | None:
        """Undo this user's latest action not yet undone (None when there is none).

        Refused when someone changed the same points since."""
        with self.transaction() as conn:
            row = conn.execute("SELECT max(action_id) FROM audit WHERE user = ? AND "
                               "undone = 0 AND action != 'undo'", (self.user,)).fetchone()
            if row[0] is None:
                return None
            action_id = row[0]
            rows = conn.execute("SELECT id, fid, point_id, old_values, new_values FROM audit "
                                "WHERE action_id = ? ORDER BY id DESC", (action_id,)).fetchall()
            changes = []
            for _, fid, point_id, old_values, new_values in rows:
                expected = json.loads(new_values)
                current = self._state(fid, list(expected))
                if current != expected:
                    raise SessionError.coded("undo_changed_since", point_id=point_id)
                changes.append((fid, json.loads(old_values)))
            result = self._write_changes(conn, "undo", changes,
                                         reason=history_note_text(
                                             "undo_of", {"action_id": action_id}, "en"))
            conn.execute("UPDATE audit SET undone = 1 WHERE action_id = ?", (action_id,))
            return result

    def write_action(self, conn: sqlite3.Connection, action: str,
                     changes: list[tuple[int, dict]], *, reason: str | None = None,
                     user: str | None = None) -> ActionResult:
        """Apply one audited action inside a transaction opened with :meth:`transaction`,
        for work done elsewhere by ``user`` (a field visit); the caller writes its own rows
        in the same transaction."""
        return self._write_changes(conn, action, changes, reason=reason, user=user)

    # -- internals ------------------------------------------------------------------------

    def _decide(self, fid: int, action: str, decision: str, *, reason: str | None = None,
                extra: dict | None = None) -> ActionResult:
        """A reviewer's decision on one point (its status must allow a review)."""
        status = self._status(fid)
        check_review(status, self._point_id(fid))
        change = {"status": decision, "decision": decision, "reason": reason,
                  "duplicate_of": None, "reviewed_by": self.user, "reviewed_at": now(),
                  "checked_by": None, "checked_at": None, **(extra or {})}
        return self._record(action, [(fid, change)], reason=reason)

    def _check(self, fid: int, action: str, status: str, reason: str | None) -> ActionResult:
        """A checker's verdict on one reviewed point (maker-checker rules apply)."""
        row = self._conn.execute("SELECT status, reviewed_by FROM review WHERE fid = ?",
                                 (fid,)).fetchone()
        if row is None:
            raise SessionError.coded("no_fid", fid=fid)
        current, reviewed_by = row
        check_checker(current, reviewed_by, self.user, self._point_id(fid),
                      returning=action == "return")
        change = {"status": status, "checked_by": self.user, "checked_at": now()}
        if reason is not None:
            change["reason"] = reason
        return self._record(action, [(fid, change)], reason=reason)

    def _record(self, action: str, changes: list[tuple[int, dict]], *,
                reason: str | None = None) -> ActionResult:
        """Apply ``changes`` (fid, new values) as one audited action in one transaction."""
        with self.transaction() as conn:
            return self._write_changes(conn, action, changes, reason=reason)

    def _write_changes(self, conn: sqlite3.Connection, action: str,
                       changes: list[tuple[int, dict]], *, reason: str | None,
                       user: str | None = None) -> ActionResult:
        """Set the new values of each point and write one audit row per point, inside the
        caller's transaction."""
        action_id = conn.execute("SELECT coalesce(max(action_id), 0) + 1 FROM audit"
                                 ).fetchone()[0]
        stamp, statuses = now(), []
        for fid, new in changes:
            old = self._state(fid, list(new))
            self._set_state(conn, fid, new)
            stamp_audited(conn, fid)
            old_status = self._status(fid) if "status" not in old else old["status"]
            new_status = new.get("status", old_status)
            xy_old = (old.get("x"), old.get("y"))
            xy_new = (new.get("x"), new.get("y"))
            conn.execute(
                "INSERT INTO audit (action_id, fid, point_id, user, at, action, reason, "
                "old_status, new_status, old_x, old_y, new_x, new_y, old_values, new_values) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (action_id, fid, self._point_id(fid), user or self.user, stamp, action, reason,
                 old_status, new_status, *xy_old, *xy_new,
                 json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False)))
            statuses.append((fid, old_status, new_status))
        return ActionResult(action_id, statuses)

    def _set_state(self, conn: sqlite3.Connection, fid: int, new: dict) -> None:
        """Write the values ``new`` (keys as in :meth:`_state`) of one point."""
        review = {k: v for k, v in new.items() if k in REVIEW_KEYS}
        if review:
            conn.execute(f"UPDATE review SET {', '.join(f'{k} = ?' for k in review)} "
                         "WHERE fid = ?", (*review.values(), fid))
        if "status" in new:
            conn.execute(f'UPDATE points SET "{STATUS_COLUMN}" = ? WHERE fid = ?',
                         (new["status"], fid))
        if "x" in new:
            blob = None if new["x"] is None else point_blob(new["x"], new["y"])
            conn.execute(f'UPDATE points SET "{self.geometry_column}" = ? WHERE fid = ?',
                         (blob, fid))
        dismissals = False
        for key, value in new.items():
            if key.startswith("attr:"):
                conn.execute(f'UPDATE points SET "{key[5:]}" = ? WHERE fid = ?', (value, fid))
            elif key.startswith("dismissed:"):
                dismissals = True
                if value is None:
                    conn.execute("DELETE FROM dismissed WHERE key = ?", (key[10:],))
                else:
                    conn.execute("INSERT OR REPLACE INTO dismissed VALUES (?, ?, ?, ?, ?, ?)",
                                 (key[10:], fid, self.point_hash(fid), self.user, now(),
                                  value or None))
        if dismissals:
            self._summarise(conn, fid)

    def _summarise(self, conn: sqlite3.Connection, fid: int) -> None:
        """Recompute a point's open checks and worst severity after a dismissal."""
        checks, worst = set(), NO_SEVERITY
        for finding in self.findings(self._point_id(fid)):
            if not finding["dismissed"]:
                checks.add(finding["check"])
                worst = min(worst, SEVERITIES.index(finding["severity"]))
        conn.execute("UPDATE review SET open_checks = ?, worst_severity = ? WHERE fid = ?",
                     ("," + ",".join(sorted(checks)) + "," if checks else "", worst, fid))
