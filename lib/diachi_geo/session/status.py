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
    """A review action that is not allowed now (with the reason and what to do); every
    one is coded (:meth:`~diachi_geo.errors.DiachiError.coded`)."""


def check_review(status: str, point_id: object) -> None:
    """A reviewer may decide on any point not yet confirmed.

    >>> check_review("confirmed", 7)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    diachi_geo.session.status.SessionError: point 7 is already confirmed; a checker must ...
    """
    if status == "confirmed":
        raise SessionError.coded("already_confirmed", point_id=point_id)


def check_checker(status: str, reviewed_by: str | None, user: str, point_id: object, *,
                  returning: bool = False) -> None:
    """A checker confirms or returns a reviewed point that someone else reviewed; a
    confirmed point can be returned too (a correction after publishing)."""
    if status not in CONFIRMABLE + (("confirmed",) if returning else ()):
        raise SessionError.coded("not_checkable", point_id=point_id, status=status)
    if reviewed_by == user:
        raise SessionError.coded("same_reviewer", point_id=point_id, user=user)


def publishable(status: str, decision: str | None) -> bool:
    """Confirmed approvals and corrections go to the map service; nothing else does.

    >>> publishable("confirmed", "corrected"), publishable("confirmed", "rejected")
    (True, False)
    """
    return status == "confirmed" and decision in ("approved", "corrected")
