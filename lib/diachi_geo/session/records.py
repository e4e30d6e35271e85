"""What an open session hands out: the worklist filter, a point as the reviewer sees it,
and what one review action changed."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..findings import SEVERITIES

__all__ = ["REVIEW_KEYS", "SUGGESTING_CHECKS", "WorkFilter", "PointRecord", "ActionResult"]

REVIEW_KEYS = ("status", "decision", "reason", "duplicate_of", "reviewed_by", "reviewed_at",
               "checked_by", "checked_at")
"""The columns of the ``review`` table that review actions change (and undo restores)."""
SUGGESTING_CHECKS = ("snap", "in_water", "house_number_out_of_sequence", "far_from_building")
"""Checks whose findings propose a new location, in the order they are preferred."""


@dataclass(frozen=True)
class WorkFilter:
    """Which points the worklist holds; empty tuples mean "any"."""

    communes: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()
    severity: str | None = None
    """Only points with an open finding at least this severe."""
    collectors: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    flagged_only: bool = False
    """Only points with open (not dismissed) findings."""

    def where(self, *, with_status: bool = True) -> tuple[str, list]:
        """The SQL condition on the ``review`` table and its parameters."""
        terms, args = [], []
        for column, values in (("commune_code", self.communes),
                               ("collector", self.collectors),
                               ("status", self.statuses if with_status else ())):
            if values:
                terms.append(f"{column} IN ({','.join('?' * len(values))})")
                args += list(values)
        if self.checks:
            terms.append("(" + " OR ".join("open_checks LIKE ?" for _ in self.checks) + ")")
            args += [f"%,{c},%" for c in self.checks]
        if self.severity is not None:
            terms.append("worst_severity <= ?")
            args.append(SEVERITIES.index(self.severity))
        if self.flagged_only:
            terms.append("open_checks != ''")
        return (" AND ".join(terms) or "1"), args


@dataclass
class PointRecord:
    """One point as the reviewer sees it."""

    fid: int
    point_id: object
    x: float
    y: float
    attributes: dict[str, object]
    review: dict[str, object]
    findings: list[dict] = field(default_factory=list)

    def suggestion(self) -> dict | None:
        """The open finding that proposes a new location (snap first), if any."""
        for check in SUGGESTING_CHECKS:
            for finding in self.findings:
                if finding["check"] == check and not finding["dismissed"] and \
                        math.isfinite(finding["suggested_x"] or math.nan):
                    return finding
        return None


@dataclass(frozen=True)
class ActionResult:
    """What one action changed: its id and, per point, the status before and after."""

    action_id: int
    statuses: list[tuple[int, str, str]]
