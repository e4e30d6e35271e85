"""The review workflow behind the dock: the worklist, the current point and the actions.

No widgets here: the dock shows what this says and calls its methods, so the workflow is
driven the same way by the dock's buttons, its keys, the tests and the benchmark.
"""
from __future__ import annotations

import numpy as np
from diachi_geo.session import ActionResult, PointRecord, Session, SessionError, WorkFilter
from qgis.PyQt.QtCore import QObject, pyqtSignal

from .i18n import explain, tr


class ReviewController(QObject):
    """Walks one open :class:`Session` point by point."""

    # Qt names its signals in camelCase (currentChanged, as QListWidget's)
    currentChanged = pyqtSignal(object)  # noqa: N815 - PointRecord, or None when none is left
    countsChanged = pyqtSignal(dict)  # noqa: N815 - status -> points, within the filter
    failed = pyqtSignal(str)              # a refused action, in words for the officer
    changed = pyqtSignal(object)          # ActionResult: points and layers need a redraw

    def __init__(self, session: Session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.work_filter = WorkFilter(flagged_only=True)
        self.fids = np.empty(0, dtype=np.int64)
        self.index = -1
        self.counts: dict[str, int] = {}
        self.current: PointRecord | None = None

    # -- the worklist -------------------------------------------------------------------

    def set_filter(self, work_filter: WorkFilter, *, keep: int | None = None) -> None:
        """Rebuild the worklist; stay on ``keep`` (a fid) when it is still in it."""
        self.work_filter = work_filter
        self.fids = self.session.worklist(work_filter)
        self.counts = self.session.counts(work_filter)
        self.countsChanged.emit(dict(self.counts))
        target = keep if keep is not None else self.session.resume_point()
        if target is None or self._position_of(target) is None:
            # not the ocean at 0,0: the first point the map can show among the communes
            target = self.session.first_placed(work_filter)
        position = self._position_of(target) if target is not None else None
        self._go(position if position is not None else (0 if len(self.fids) else -1))

    def _position_of(self, fid: int) -> int | None:
        hits = np.flatnonzero(self.fids == fid)
        return int(hits[0]) if len(hits) else None

    def next(self) -> None:
        if self.index + 1 < len(self.fids):
            self._go(self.index + 1)

    def previous(self) -> None:
        if self.index > 0:
            self._go(self.index - 1)

    def go_to_fid(self, fid: int) -> None:
        position = self._position_of(fid)
        if position is None:
            self.failed.emit(tr("That point is not in the worklist; change the filter."))
            return
        self._go(position)

    def _go(self, position: int) -> None:
        self.index = position
        if position < 0:
            self.current = None
        else:
            self.current = self.session.point(int(self.fids[position]))
        self.currentChanged.emit(self.current)

    def remember(self) -> None:
        """Save where the officer is, to resume there next time."""
        if self.current is not None:
            self.session.remember_point(self.current.fid)

    # -- actions on the current point ---------------------------------------------------

    def approve(self) -> None:
        self._act(lambda fid: self.session.approve(fid), advance=True)

    def accept_suggestion(self) -> None:
        self._act(lambda fid: self.session.accept_suggestion(fid), advance=True)

    def move_to(self, x: float, y: float) -> None:
        """Move the current point to longitude/latitude ``x``, ``y``."""
        self._act(lambda fid: self.session.move(fid, x, y), advance=False)

    def edit_attributes(self, values: dict[str, object], reason: str) -> None:
        """Correct the current point's name, house number, address, category or digital
        code (canonical names -> new values, None for empty), with a reason: one audited
        action; the point goes back to the checker as corrected. It stays the current
        point, so the officer sees the new values and the history."""
        self._act(lambda fid: self.session.edit_attributes(fid, values, reason),
                  advance=False)

    def reject(self, reason: str) -> None:
        self._act(lambda fid: self.session.reject(fid, reason), advance=True)

    def needs_field_check(self, reason: str | None = None) -> None:
        self._act(lambda fid: self.session.needs_field_check(fid, reason), advance=True)

    def dismiss(self, key: str, reason: str | None = None) -> None:
        self._act(lambda fid: self.session.dismiss(fid, key, reason), advance=False)

    def confirm(self) -> None:
        self._act(lambda fid: self.session.confirm(fid), advance=True)

    def return_for_review(self, reason: str) -> None:
        self._act(lambda fid: self.session.return_for_review(fid, reason), advance=True)

    def merge(self, keeper: int, others: list[int], copy_fields: list[str]) -> None:
        self._act(lambda fid: self.session.merge(keeper, others, copy_fields=copy_fields),
                  advance=False)

    def undo(self) -> None:
        try:
            result = self.session.undo()
        except SessionError as exc:
            self.failed.emit(explain(exc))
            return
        if result is None:
            self.failed.emit(tr("Nothing to undo."))
            return
        self._after(result)
        fid = result.statuses[0][0]
        if self._position_of(fid) is not None:
            self.go_to_fid(fid)
        else:
            self._go(self.index)

    def _act(self, action, *, advance: bool) -> None:
        if self.current is None:
            self.failed.emit(tr("No point selected."))
            return
        try:
            result = action(self.current.fid)
        except SessionError as exc:
            self.failed.emit(explain(exc))
            return
        self._after(result)
        if advance and self.index + 1 < len(self.fids):
            self._go(self.index + 1)
        else:
            self._go(self.index)

    def _after(self, result: ActionResult) -> None:
        for _, old, new in result.statuses:
            self.counts[old] = self.counts.get(old, 0) - 1
            self.counts[new] = self.counts.get(new, 0) + 1
        self.counts = {k: v for k, v in self.counts.items() if v}
        self.countsChanged.emit(dict(self.counts))
        self.changed.emit(result)
