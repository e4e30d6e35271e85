"""Publish targets, described once in a named profile, and where their secret comes from.

A profile names the service URL, the protocol (``wfst``: WFS-T 1.1, what QGIS Server,
GeoServer and most SDIs accept; ``ogcapi``: OGC API - Features Part 4), the type name or
collection, the field mapping, and how to authenticate. The secret itself is never in the
profile: the CLI reads it from an environment variable or from a file only its owner can
read; the plugin keeps it in the QGIS authentication database.
"""
from __future__ import annotations

import base64
import ipaddress
import os
import stat
import urllib.parse
from dataclasses import dataclass, field

from ..errors import ConfigError
from ..tomlcompat import tomllib

__all__ = ["Profile", "Auth", "load_profile", "is_local", "DEFAULT_FIELDS", "SECTORS"]

DEFAULT_FIELDS = {"diachi_id": "publish_id", "name": "name", "category": "category",
                  "address": "address", "commune_code": "commune_code",
                  "digital_code": "digital_code"}
"""Target field -> session column; ``diachi_id`` carries the stable identity."""



def is_local(host: str | None) -> bool:
    """Whether ``host`` is this machine (``localhost`` or a loopback address), which plain
    ``http://`` may reach without ``allow_insecure_http``.

    >>> is_local("127.0.0.1"), is_local("::1"), is_local("bando.example.gov.vn")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False

SECTORS = {"health": "health", "school": "education", "office": "administrative",
           "post": "post_offices", "market": "businesses", "worship": "tourism"}
"""Kind of place (see :mod:`diachi_geo.categories`) -> sector layer group."""


@dataclass(frozen=True)
class Auth:
    """How to authenticate: ``none``, ``bearer``, ``basic`` (user + secret) or ``header``
    (the secret in a named header such as ``X-API-Key``)."""

    kind: str = "none"
    env: str | None = None
    file: str | None = None
    user: str | None = None
    header: str = "X-API-Key"
    authcfg: str | None = None
    """The QGIS authentication configuration holding the secret (used by the plugin)."""
    value: str | None = field(default=None, repr=False, compare=False)
    """The secret itself, when a caller (the plugin) has read it from a safe store."""

    def secret(self) -> str | None:
        """The secret from the caller, the environment or the file; never logged or shown."""
        if self.kind == "none":
            return None
        if self.value:
            return self.value
        if self.env and os.environ.get(self.env):
            return os.environ[self.env]
        if self.file:
            return _read_secret_file(self.file)
        raise ConfigError.coded("credential_missing", kind=self.kind,
                                env=self.env or "DIACHI_TOKEN")

    def headers(self) -> dict[str, str]:
        """The HTTP headers that carry the credential."""
        secret = self.secret()
        if self.kind == "bearer":
            return {"Authorization": f"Bearer {secret}"}
        if self.kind == "basic":
            token = base64.b64encode(f"{self.user}:{secret}".encode()).decode()
            return {"Authorization": f"Basic {token}"}
        if self.kind == "header":
            return {self.header: secret}
        return {}


def _read_secret_file(path: str) -> str:
    try:
        info = os.stat(path)
    except OSError:
        raise ConfigError.coded("token_file_missing", path=path) from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError.coded("token_file_open", path=path)
    with open(path, encoding="utf-8") as handle:
        return handle.read().strip()


@dataclass(frozen=True)
class Profile:
    """Where and how to publish: a server, its protocol, field mapping and credential."""

    name: str
    url: str
    protocol: str
    type_name: str
    fields: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_FIELDS))
    sectors: dict[str, str] = field(default_factory=dict)
    """Sector group (``health``, ``education``...) -> its own type name or collection."""
    auth: Auth = Auth()
    ca_bundle: str | None = None
    batch_size: int = 200
    timeout: float = 30.0
    retries: int = 4
    allow_insecure_http: bool = False
    """Allow plain ``http://`` to another machine (the token and the data travel in clear
    text); the dry run warns. Plain http to this machine is always allowed."""
    coordinate_decimals: int = 7
    """Decimals of a degree sent and compared: 7 is about 1 cm, what a gate needs. The
    service must give back at least as many (QGIS Server: the layer's WFS precision)."""

    def __post_init__(self) -> None:
        if self.protocol not in ("wfst", "ogcapi"):
            raise ConfigError.coded("profile_protocol", name=self.name,
                                    protocol=self.protocol)
        url = urllib.parse.urlsplit(self.url)
        if url.scheme not in ("https", "http") or not url.hostname:
            raise ConfigError.coded("profile_url", name=self.name, url=self.url)
        if url.scheme == "http" and not is_local(url.hostname) and \
                self.allow_insecure_http is not True:
            raise ConfigError.coded("profile_plain_http", name=self.name, url=self.url)
        if isinstance(self.coordinate_decimals, bool) or \
                not isinstance(self.coordinate_decimals, int) or \
                not 5 <= self.coordinate_decimals <= 9:
            raise ConfigError.coded("profile_decimals", name=self.name,
                                    value=self.coordinate_decimals)
        if "diachi_id" not in self.fields:
            raise ConfigError.coded("profile_no_id", name=self.name)
        if self.auth.kind not in ("none", "bearer", "basic", "header"):
            raise ConfigError.coded("profile_auth_kind", name=self.name, kind=self.auth.kind)

    def targets(self) -> list[str]:
        """The type names or collections this profile publishes to."""
        return sorted({self.type_name, *self.sectors.values()})

    @property
    def insecure(self) -> bool:
        """Whether data and credentials go in clear text to another machine (allowed by
        ``allow_insecure_http``; the dry run and the dialog say so)."""
        url = urllib.parse.urlsplit(self.url)
        return url.scheme == "http" and not is_local(url.hostname)


def load_profile(path: str, name: str) -> Profile:
    """The profile ``[profiles.NAME]`` of a TOML file."""
    if not path:
        raise ConfigError.coded("no_profiles_file")
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:  # the system's own words would be English
        raise ConfigError.coded("profiles_missing", path=path) from None
    except OSError as exc:
        raise ConfigError.coded("profiles_unreadable", path=path,
                                problem=exc.strerror or type(exc).__name__) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError.coded("profiles_unreadable", path=path, problem=str(exc)) from None
    profiles = data.get("profiles", {})
    if not profiles:
        raise ConfigError.coded("no_profiles", path=path)
    if name not in profiles:
        raise ConfigError.coded("no_profile", path=path, name=name,
                                names=", ".join(profiles) or "-")
    raw = dict(profiles[name])
    for secret_key in ("token", "password", "api_key", "secret"):
        if secret_key in raw or secret_key in raw.get("auth", {}):
            raise ConfigError.coded("secret_in_profile", path=path, name=name,
                                    key=secret_key)
    auth = Auth(**raw.pop("auth", {}))
    fields = {**DEFAULT_FIELDS, **raw.pop("fields", {})}
    try:
        return Profile(name=name, auth=auth, fields=fields, **raw)
    except TypeError as exc:
        raise ConfigError.coded("profile_invalid", path=path, name=name,
                                problem=str(exc)) from None
