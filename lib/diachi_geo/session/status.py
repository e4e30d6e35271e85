"""Review statuses and who may change them (maker-checker).

A reviewer decides (``approved``, ``corrected``, ``rejected``, ``needs_field_check``); a
checker, who must be a different person, then ``confirms`` the decision or ``returns`` it
for another review. Only confirmed approvals and corrections are publishable.
"""
from __future__ import annotations

from ..errors import DiachiError

__all__ = ["STATUS_COLUMN", "STATUSES", "DECISIONS", "SessionError", "check_review",
           "check_checker", "publishable"]

STATUS_COLUMN = "review_status"
"""The column of the points layer that mirrors each point's status (for styling)."""
DECISIONS = ("approved", "corrected", "rejected", "needs_field_check")
STATUSES = ("new",) + DECISIONS + ("confirmed", "returned")
CONFIRMABLE = ("approved", "corrected", "rejected")


class SessionError(DiachiError):
    """A review action that is not allowed now (with the reason and what to do)."""


def check_review(status: str, point_id: object) -> None:
    """A reviewer may decide on any point not yet confirmed.

    >>> check_review("confirmed", 7)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    diachi_geo.session.status.SessionError: point 7 is already confirmed; a checker must ...
    """
    if status == "confirmed":
        raise SessionError(f"point {point_id} is already confirmed; a checker must return it "
                           "before it can be changed")


def check_checker(status: str, reviewed_by: str | None, user: str, point_id: object, *,
                  returning: bool = False) -> None:
    """A checker confirms or returns a reviewed point that someone else reviewed; a
    confirmed point can be returned too (a correction after publishing)."""
    if status not in CONFIRMABLE + (("confirmed",) if returning else ()):
        raise SessionError(f"point {point_id} is {status}; only approved, corrected or "
                           "rejected points can be confirmed or returned")
    if reviewed_by == user:
        raise SessionError(f"point {point_id} was reviewed by {user}; another person must "
                           "check it (maker-checker)")


def publishable(status: str, decision: str | None) -> bool:
    """Confirmed approvals and corrections go to the map service; nothing else does.

    >>> publishable("confirmed", "corrected"), publishable("confirmed", "rejected")
    (True, False)
    """
    return status == "confirmed" and decision in ("approved", "corrected")
