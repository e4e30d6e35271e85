"""Publish credentials from the QGIS authentication database (never from settings or
project files). QGIS 3.22 has no API-header method, so a Basic configuration carries them:
user ``bearer`` means a Bearer token, ``header:X-API-Key`` a key in that header, any other
user name plain Basic authentication; the password field holds the secret."""
from __future__ import annotations

import dataclasses

from diachi_geo.errors import ConfigError
from diachi_geo.publish import Auth, Profile
from qgis.core import QgsApplication, QgsAuthMethodConfig

from .i18n import tr


def auth_from_qgis(authcfg: str) -> Auth:
    config = QgsAuthMethodConfig()
    if not QgsApplication.authManager().loadAuthenticationConfig(authcfg, config, True):
        raise ConfigError(tr("The authentication configuration {} could not be read; check "
                             "the QGIS master password.").format(authcfg))
    if config.method() != "Basic":
        raise ConfigError(tr("Use a Basic authentication configuration for publishing "
                             "(user 'bearer' for a token)."))
    user, secret = config.config("username"), config.config("password")
    if user == "bearer":
        return Auth(kind="bearer", authcfg=authcfg, value=secret)
    if user.startswith("header:"):
        return Auth(kind="header", header=user[7:], authcfg=authcfg, value=secret)
    return Auth(kind="basic", user=user, authcfg=authcfg, value=secret)


def with_qgis_auth(profile: Profile, authcfg: str | None = None) -> Profile:
    """The profile with its secret read from the QGIS authentication database."""
    authcfg = authcfg or profile.auth.authcfg
    if not authcfg:
        return profile
    return dataclasses.replace(profile, auth=auth_from_qgis(authcfg))
