"""The field round trip of the review dock: the points that need a field check go out as a
QField package; the package that comes back records the visits (both as session tasks)."""
from __future__ import annotations

import datetime
import os

from qgis.PyQt.QtWidgets import QFileDialog

from . import settings
from .i18n import tr
from .prompts import ask_text
from .session_tasks import FieldExportTask, FieldImportTask


def ask_field_export(dock) -> tuple[str, str] | None:
    """A new folder for the package and who goes: (folder, assignee), or None."""
    parent = QFileDialog.getExistingDirectory(dock, tr("Where to put the field package"),
                                              str(settings.LAST_OUTPUT_FOLDER.value()))
    if not parent:
        return None
    assignee = ask_text(dock, tr("Send to field"), tr("Who goes to the field:"))
    if assignee is None:
        return None
    commune = dock.communeCombo.currentData() or "all"
    name = f"diachi_field_{commune}_{datetime.date.today():%Y%m%d}"
    return os.path.join(parent, name), assignee.strip()


def ask_field_package(dock) -> str | None:
    folder = QFileDialog.getExistingDirectory(dock, tr("The package back from the field"))
    return folder or None


def send_to_field(dock) -> None:
    """Write the needs-field-check points (of the chosen commune) for QField."""
    choice = dock.ask_field_export() if dock.session else None
    if choice is None:
        return
    out, assignee = choice
    commune = dock.communeCombo.currentData()
    imagery = str(settings.BASEMAP_OFFLINE_PATH.value() or "")
    options = {"communes": [commune] if commune else [], "assignee": assignee or None,
               "imagery": imagery if imagery.lower().endswith(".mbtiles") else None,
               "lang": "vi"}
    dock.run_session_task(FieldExportTask(dock.session, out, options))


def receive_from_field(dock) -> None:
    """Record the visits of a package that came back."""
    folder = dock.ask_field_package() if dock.session else None
    if folder:
        dock.run_session_task(FieldImportTask(dock.session, folder))
