"""Long session work in the background (QgsTask): building a session, re-validating.

The library calls ``progress(fraction, step)``; the task turns it into the task's
progress bar and returns False when the officer cancels, which stops the run cleanly.
"""
from __future__ import annotations

from diachi_geo.errors import DiachiError
from diachi_geo.session import create_session, revalidate
from qgis.core import QgsApplication, QgsTask
from qgis.PyQt.QtCore import pyqtSignal

from .i18n import explain, tr


class LibraryTask(QgsTask):
    """Library work in the background: ``work(task)`` runs in the task's thread; ``done``
    tells the officer how it ended (errors in words, never a crash of QGIS)."""

    done = pyqtSignal(bool, str)  # ok, message for the officer

    def __init__(self, description: str, work=None):
        super().__init__(description, QgsTask.CanCancel)
        if work is not None:
            self.work = work
        self.message = ""
        self.result = None

    def run(self) -> bool:
        try:
            self.result = self.work(self)
        except DiachiError as exc:
            self.message = explain(exc)
            return False
        except Exception as exc:  # never let a bug take QGIS down: report it
            self.message = tr("Internal error: {}: {}").format(type(exc).__name__, exc)
            return False
        return True

    def finished(self, ok: bool) -> None:
        self.done.emit(ok, self.message if not ok else self.summary())

    def work(self, task: QgsTask):
        raise NotImplementedError

    def summary(self) -> str:
        return ""


class _SessionTask(LibraryTask):
    """A check run: cancelling leaves it unfinished, which is a failure to report."""

    def progress(self, fraction: float, _step: str) -> bool:
        self.setProgress(100.0 * fraction)
        return not self.isCanceled()

    def run(self) -> bool:
        if not super().run():
            return False
        if self.isCanceled():
            self.message = tr("Cancelled.")
            return False
        return True


class BuildSessionTask(_SessionTask):
    """Copy points into a new session and validate them."""

    def __init__(self, points: str, out: str, references: dict, user: str, lang: str):
        super().__init__(tr("Building review session"))
        self.args = (points, out, references, user, lang)

    def work(self, _task) -> dict:
        points, out, references, user, lang = self.args
        return create_session(points, out, references=references, user=user, lang=lang,
                              progress=self.progress)

    def summary(self) -> str:
        return tr("Session ready: {points} points, {flagged} with findings.").format(
            **self.result)


class RevalidateTask(_SessionTask):
    """Run the checks again over the session's current points."""

    def __init__(self, session):
        super().__init__(tr("Re-validating review session"))
        self.session = session

    def work(self, _task) -> dict:
        return revalidate(self.session, progress=self.progress)

    def summary(self) -> str:
        return tr("Re-validated: {flagged} points with findings; {dismissed_kept} dismissed "
                  "findings kept.").format(**self.result)


class FieldExportTask(LibraryTask):
    """Write a field package of the session's needs-field-check points."""

    def __init__(self, session, out: str, options: dict):
        super().__init__(tr("Writing the field package"))
        self.session, self.out, self.options = session, out, options

    def work(self, _task) -> dict:
        # lazy: the field module needs pyogrio, optional in QGIS (plugin/dependencies.py)
        from diachi_geo.field import field_export

        return field_export(self.session, self.out, **self.options)

    def summary(self) -> str:
        return tr("Field package written to {out}: {points} points, {size_mb} MB (imagery "
                  "{imagery_mb} MB).").format(out=self.out, **self.result)


class FieldImportTask(LibraryTask):
    """Record the visits of a package back from the field."""

    def __init__(self, session, folder: str):
        super().__init__(tr("Reading the visits from the field"))
        self.session, self.folder = session, folder

    def work(self, _task) -> dict:
        # lazy: the field module needs pyogrio, optional in QGIS (plugin/dependencies.py)
        from diachi_geo.field import field_import

        return field_import(self.session, self.folder)

    def summary(self) -> str:
        return tr("{visits} visits recorded, {conflicts} new conflicts, {already} already "
                  "imported.").format(**self.result)


def run_task(task: QgsTask) -> None:
    QgsApplication.taskManager().addTask(task)
