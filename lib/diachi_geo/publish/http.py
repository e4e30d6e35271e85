"""HTTP for publishing: TLS verified, timeouts, retries with backoff on timeouts, dropped
connections and 5xx, and errors that never carry the secret."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable

import requests

from ..errors import DiachiError
from .profile import Profile

__all__ = ["PublishError", "AuthError", "Http"]

log = logging.getLogger(__name__)


class PublishError(DiachiError):
    """The service refused or failed, after the retries; nothing further is sent."""


class AuthError(PublishError):
    """Wrong, missing or expired credentials (HTTP 401/403): retrying would not help."""


class Http:
    """A requests session for one profile."""

    def __init__(self, profile: Profile, *, sleep: Callable[[float], None] = time.sleep):
        self.profile = profile
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
                raise PublishError(f"{_where(url)}: the TLS certificate could not be verified "
                                   f"({type(exc).__name__}); give the service's CA bundle in "
                                   "the profile (ca_bundle), never turn verification off"
                                   ) from None
            except (requests.ConnectionError, requests.Timeout) as exc:
                problem = f"{type(exc).__name__}"
            else:
                if response.status_code in (401, 403):
                    raise AuthError(f"{_where(url)} refused the credentials (HTTP "
                                    f"{response.status_code}): check the token or password, "
                                    "or whether it has expired")
                if response.status_code < 500:
                    return response
                problem = f"HTTP {response.status_code}"
            if attempt == attempts - 1:
                raise PublishError(f"{_where(url)} failed {attempt + 1} time(s) ({problem}); "
                                   "nothing more was sent. Run publish again to resume")
            delay = 2.0 ** attempt
            log.warning("%s: %s, retrying in %.0f s", _where(url), problem, delay)
            self.sleep(delay)
        raise AssertionError("unreachable")


def _where(url: str) -> str:
    """The URL without its query (where a key could be)."""
    return url.split("?", 1)[0]
