"""Review sessions: a GeoPackage holding a copy of the points, their findings, each
point's review status and an audit of every change (see :mod:`.build`, :mod:`.view` for
reading one and :mod:`.store` for editing it).
"""
from .build import create_session
from .lock import LockHolder, default_user
from .records import ActionResult, PointRecord, WorkFilter
from .revalidate import revalidate
from .status import DECISIONS, STATUSES, SessionError, publishable
from .store import EDITABLE_FIELDS, Session

__all__ = ["create_session", "revalidate", "Session", "WorkFilter", "PointRecord",
           "ActionResult", "LockHolder", "SessionError", "STATUSES", "DECISIONS",
           "publishable", "default_user", "EDITABLE_FIELDS"]
