"""HTTP for publishing: TLS verified, timeouts, retries with backoff on timeouts, dropped
connections and 5xx, and errors that never carry the secret."""
from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

import requests

from ..errors import DiachiError
from .profile import Profile

__all__ = ["PublishError", "AuthError", "Http", "Retrying"]

log = logging.getLogger(__name__)


class PublishError(DiachiError):
    """The service refused or failed, after the retries; nothing further is sent."""


class AuthError(PublishError):
    """Wrong, missing or expired credentials (HTTP 401/403): retrying would not help."""


Retrying = Callable[[int, int, int, str], None]
"""Told before each wait to retry, and each second of it: the next attempt, how many
attempts in all, the seconds left before it, and what went wrong (``ConnectionError``,
``HTTP 503``...)."""


class Http:
    """A requests session for one profile; ``retrying`` hears about each wait to retry and
    ``cancelled`` can end a wait (then nothing more is sent)."""

    def __init__(self, profile: Profile, *, sleep: Callable[[float], None] = time.sleep,
                 retrying: Retrying | None = None,
                 cancelled: Callable[[], bool] | None = None):
        self.profile = profile
        self.retrying, self.cancelled = retrying, cancelled
        self.session = requests.Session()
        self.session.verify = profile.ca_bundle or True  # never off
        self.session.headers.update(profile.auth.headers())
        self.session.headers["User-Agent"] = "diachi-geo"
        self.sleep = sleep

    def request(self, method: str, url: str, *, retry: bool = True, **kwargs
                ) -> requests.Response:
        """Send, retrying transient failures with exponential backoff (1, 2, 4... s).

        ``retry=False`` for requests that must not be repeated blindly (an insert whose
        answer was lost may have been applied): the caller checks the server first."""
        kwargs.setdefault("timeout", self.profile.timeout)
        attempts = self.profile.retries + 1 if retry else 1
        for attempt in range(attempts):
            try:
                response = self.session.request(method, url, **kwargs)
            except requests.exceptions.SSLError as exc:
                raise PublishError.coded("tls_unverified", where=_where(url),
                                         problem=type(exc).__name__) from None
            except (requests.ConnectionError, requests.Timeout) as exc:
                problem = f"{type(exc).__name__}"
            else:
                if response.status_code in (401, 403):
                    raise AuthError.coded("credentials_refused", where=_where(url),
                                          status=response.status_code)
                if response.status_code < 500:
                    return response
                problem = f"HTTP {response.status_code}"
            if attempt == attempts - 1:
                raise PublishError.coded("service_failed", where=_where(url),
                                         attempts=attempt + 1, problem=problem)
            delay = 2.0 ** attempt
            log.warning("%s: %s, retrying in %.0f s", _where(url), problem, delay)
            self._wait(delay, attempt + 2, attempts, problem)
        raise AssertionError("unreachable")

    def _wait(self, delay: float, attempt: int, attempts: int, problem: str) -> None:
        """Sleep ``delay`` seconds before ``attempt``; with someone listening, a second at a
        time, saying how long is left."""
        if self.retrying is None and self.cancelled is None:
            self.sleep(delay)
            return
        left = delay
        while left > 0:
            if self.cancelled is not None and self.cancelled():
                raise PublishError.coded("cancelled")
            if self.retrying is not None:
                self.retrying(attempt, attempts, math.ceil(left), problem)
            step = min(1.0, left)
            self.sleep(step)
            left -= step


def _where(url: str) -> str:
    """The URL without its query (where a key could be)."""
    return url.split("?", 1)[0]
