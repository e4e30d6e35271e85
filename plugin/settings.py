"""Every setting of the plugin, declared once with its type and default.

Credentials never go here: they live in the QGIS authentication database.
"""
from __future__ import annotations

from dataclasses import dataclass

from diachi_geo.session import default_user
from qgis.core import QgsSettings

_PREFIX = "diachi/"


@dataclass(frozen=True)
class Setting:
    key: str
    default: object
    type: type

    def value(self) -> object:
        return QgsSettings().value(_PREFIX + self.key, self.default, type=self.type)

    def set(self, value: object) -> None:
        QgsSettings().setValue(_PREFIX + self.key, value)


SNAP_MAX_DISTANCE_M = Setting("snap/max_distance_m", 30.0, float)
LAST_OUTPUT_FOLDER = Setting("paths/last_output_folder", "", str)
BASEMAP_CHOICE = Setting("basemap/choice", "esri", str)
BASEMAP_CUSTOM_URL = Setting("basemap/custom_url", "", str)
BASEMAP_CUSTOM_ATTRIBUTION = Setting("basemap/custom_attribution", "", str)
BASEMAP_OFFLINE_PATH = Setting("basemap/offline_path", "", str)
SMOOTH_PAN = Setting("review/smooth_pan", True, bool)
REVIEW_USER = Setting("review/user_name", "", str)
"""The name recorded in the audit; empty means the operating-system login."""
REVIEW_SCALE = Setting("review/scale", 1500.0, float)
"""The map scale (denominator) the officer last reviewed at; a session opens at it."""
PUBLISH_PROFILES = Setting("publish/profiles_file", "", str)
"""The TOML file of publish profiles (targets only: the secrets are in the auth database)."""


def user_name() -> str:
    """The name the audit records for this officer: the setting, else the login name."""
    return str(REVIEW_USER.value() or "") or default_user()


LOCATOR_PREFIX = "dc"
"""What to type before a search in QGIS's search bar for our address points only."""


def offer_locator_prefix(filter_name: str) -> None:
    """Make ``dc`` the prefix of our search-bar filter, unless the user chose another.

    QGIS keeps prefixes under three letters for its own filters and honours a short one for
    a plugin only as the user's choice (Options → Locator): so it is stored there, once.
    """
    key = f"locator_filters/prefix_{filter_name}"
    settings = QgsSettings()
    if not settings.value(key, "", type=str, section=QgsSettings.Gui):
        settings.setValue(key, LOCATOR_PREFIX, QgsSettings.Gui)
