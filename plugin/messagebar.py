"""Messages for people in QGIS's message bar, all under the plugin's one title."""
from __future__ import annotations

from qgis.core import Qgis

TITLE = "Địa chỉ / Diachi"
"""The plugin's name in both languages, so it reads the same in every translation."""

DURATIONS = {Qgis.Success: 8, Qgis.Info: 6, Qgis.Warning: 6, Qgis.Critical: 0}
"""Seconds a message stays; an error stays until the officer closes it."""


def notify(iface, text: str, level=Qgis.Info, duration: int | None = None) -> None:
    """Show ``text`` in the message bar under the plugin's title."""
    iface.messageBar().pushMessage(TITLE, text, level=level,
                                   duration=DURATIONS.get(level, 6) if duration is None
                                   else duration)
