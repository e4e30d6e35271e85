"""Review sessions: a GeoPackage holding a copy of the points, their findings, each
point's review status and an audit of every change (see :mod:`.build` and :mod:`.store`).
"""
from .build import create_session
from .revalidate import revalidate
from .status import DECISIONS, STATUSES, SessionError, publishable
from .store import ActionResult, LockHolder, PointRecord, Session, WorkFilter, default_user

__all__ = ["create_session", "revalidate", "Session", "WorkFilter", "PointRecord",
           "ActionResult", "LockHolder", "SessionError", "STATUSES", "DECISIONS",
           "publishable", "default_user"]
