"""Publish dialog: which fields leave the machine, a dry run (the diff against the server),
then the publish itself in the background with progress and cancel."""
from __future__ import annotations

import os

import tomllib
from diachi_geo.errors import DiachiError
from diachi_geo.fields import PERSONAL_FIELDS
from diachi_geo.publish import client_for, execute, leaving_fields, load_profile, plan
from diachi_geo.publish.http import Http
from qgis.core import QgsTask
from qgis.PyQt import sip, uic
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QCheckBox

from .. import settings
from ..i18n import explain, field_title, problem_text, tr
from ..publish_auth import with_qgis_auth
from ..session_tasks import LibraryTask, run_task

FORM, BASE = uic.loadUiType(os.path.join(os.path.dirname(__file__), "publish_dialog.ui"))


class PublishTask(LibraryTask):
    """A dry run or a publish; says when it waits to try an unreachable service again."""

    retrying = pyqtSignal(int, int, int, str)  # next attempt, attempts, seconds, problem

    def listen(self, http: Http) -> Http:
        """Have ``http`` tell this task about its waits, and stop waiting on cancel."""
        http.retrying, http.cancelled = self.retrying.emit, self.isCanceled
        return http


class PublishDialog(BASE, FORM):
    def __init__(self, iface, parent=None, *, session: str = "", profiles: str = ""):
        super().__init__(parent)
        self.setupUi(self)
        self.iface, self.plan, self.client, self.task = iface, None, None, None
        self.sessionWidget.setFilter(tr("Review session (*.gpkg)"))
        self.sessionWidget.setFilePath(session)
        self.profilesWidget.setFilter("TOML (*.toml)")
        self.profilesWidget.setFilePath(profiles or str(settings.PUBLISH_PROFILES.value()))
        self.personal = {name: QCheckBox(field_title(name), self) for name in PERSONAL_FIELDS}
        for name, box in self.personal.items():
            box.setToolTip(tr("Sent as the field {}").format(name))
            self.personalRow.addWidget(box)
        self.dryRunButton.clicked.connect(self.dry_run)
        self.publishButton.clicked.connect(self.publish)
        self.cancelButton.clicked.connect(self.cancel)
        self.profilesWidget.fileChanged.connect(self._load_profiles)
        self.profileCombo.currentIndexChanged.connect(self._show_fields)
        for box in self.personal.values():
            box.toggled.connect(self._show_fields)
        self._load_profiles()

    # -- profile and fields ---------------------------------------------------------------

    def _load_profiles(self, *_args) -> None:
        self.profileCombo.clear()
        path = self.profilesWidget.filePath()
        try:
            with open(path, "rb") as handle:
                names = list(tomllib.load(handle).get("profiles", {}))
        except (OSError, tomllib.TOMLDecodeError):
            names = []
        self.profileCombo.addItems(names)
        if names:
            settings.PUBLISH_PROFILES.set(path)
        self._show_fields()

    def include_personal(self) -> tuple[str, ...]:
        return tuple(name for name, box in self.personal.items() if box.isChecked())

    def profile(self):
        profile = load_profile(self.profilesWidget.filePath(), self.profileCombo.currentText())
        return with_qgis_auth(profile, self.authSelect.configId() or None)

    def _show_fields(self, *_args) -> None:
        """Which fields leave the machine with the chosen profile; why not, when it cannot
        be used; nothing while no profiles file is chosen."""
        self.publishButton.setEnabled(False)
        path = self.profilesWidget.filePath()
        if not path:
            self.fieldsLabel.clear()
            return
        try:
            profile = load_profile(path, self.profileCombo.currentText())
        except DiachiError as exc:
            self.fieldsLabel.setText(explain(exc))  # a plain-text label: no markup
            return
        if profile.auth.authcfg and not self.authSelect.configId():
            self.authSelect.setConfigId(profile.auth.authcfg)
        fields = leaving_fields(profile, self.include_personal())
        self.fieldsLabel.setText(tr("Fields that leave this machine: {}").format(
            ", ".join(fields)))

    # -- running --------------------------------------------------------------------------

    def _run(self, description: str, work, after) -> None:
        """Run ``work`` as a task; ``after(ok, message, result)`` when it ends. The task
        manager deletes a task once it has finished, so ``self.task`` is the running task
        only (None when there is none) and nothing asks a finished one anything."""
        self.dryRunButton.setEnabled(False)
        self.publishButton.setEnabled(False)
        self.summary.clear()  # what an earlier run said is over
        self.progress.setValue(0)
        self.statusLabel.setText(tr("Connecting to the service…"))
        task = self.task = PublishTask(description, work)
        task.progressChanged.connect(lambda value: self.progress.setValue(int(value)))
        task.retrying.connect(self._retrying)
        task.done.connect(lambda ok, message: self._ended(task, ok, message, after))
        run_task(task)

    def _retrying(self, attempt: int, attempts: int, seconds: int, problem: str) -> None:
        self.statusLabel.setText(tr("The service does not answer ({problem}); retrying "
                                    "{attempt}/{attempts} in {seconds} s…").format(
            problem=problem, attempt=attempt, attempts=attempts, seconds=seconds))

    def _ended(self, task: LibraryTask, ok: bool, message: str, after) -> None:
        result = task.result  # the task is still there while it says it is done
        if self.task is task:
            self.task = None
        self.statusLabel.clear()
        after(ok, message, result)

    def dry_run(self) -> None:
        try:
            profile = self.profile()
        except DiachiError as exc:
            self.summary.setPlainText(explain(exc))
            return
        session = self.sessionWidget.filePath()
        personal, unconfirmed = self.include_personal(), self.unconfirmedCheck.isChecked()
        withdraw = self.deleteCheck.isChecked()

        def work(task):
            client = client_for(profile, task.listen(Http(profile)))
            return client, plan(session, profile, client, include_personal=personal,
                                include_unconfirmed=unconfirmed, delete_withdrawn=withdraw)

        self._run(tr("Publish: dry run"), work, self._planned)

    def _planned(self, ok: bool, message: str, result) -> None:
        self.dryRunButton.setEnabled(True)
        if not ok:
            self.summary.setPlainText(message)
            return
        self.client, self.plan = result
        counts = {k: self.plan.counts().get(k, 0)
                  for k in ("new", "changed", "unchanged", "delete")}
        lines = [tr("Dry run finished: {sent} would be sent ({new} new, {changed} changed), "
                    "{unchanged} unchanged, {delete} to delete. Nothing was sent yet.").format(
            sent=counts["new"] + counts["changed"], **counts)]
        if self.plan.profile.insecure:
            lines.append(tr("Warning: plain http (allow_insecure_http): the token and the "
                            "points travel in clear text."))
        if self.plan.interrupted:
            lines.append(tr("An earlier run stopped before it finished; publishing now "
                            "resumes it."))
        unknown = self.plan.unknown()
        if unknown:
            lines.append(tr("On the service but not in the journal: {} (recorded as "
                            "published when you publish).").format(len(unknown)))
        for (commune, category), row in sorted(self.plan.by_commune_and_category().items()):
            lines.append(f"{commune or '-'} · {category or '-'}: +{row['new']} "
                         f"~{row['changed']} ={row['unchanged']}")
        for kind, record in self.plan.sample():
            lines.append(f"{kind}: {record.stable_id} {record.properties.get('name', '')}")
        self.summary.setPlainText("\n".join(lines))
        self.publishButton.setEnabled(bool(counts.get("new") or counts.get("changed") or
                                           counts.get("delete") or unknown))

    def publish(self) -> None:
        the_plan, client, session = self.plan, self.client, self.sessionWidget.filePath()

        def work(task):
            task.listen(client.http)  # the dry run's task is gone
            return execute(the_plan, client, session,
                           progress=lambda done, total: task.setProgress(
                               100.0 * done / max(total, 1)),
                           cancelled=task.isCanceled)

        self._run(tr("Publishing"), work, self._published)

    def _published(self, ok: bool, message: str, report) -> None:
        self.dryRunButton.setEnabled(True)
        if not ok:
            self.summary.setPlainText(message)
            return
        lines = [tr("Sent {sent}, verified {verified}, deleted {deleted}.").format(**report)]
        if report["cancelled"]:
            lines.append(tr("Cancelled between batches; run again to finish."))
        lines += [problem_text(p) for p in report["problems"][:50] if p["code"]]
        self.summary.setPlainText("\n".join(lines))
        self.plan = None

    def cancel(self) -> None:
        """Cancel the running task; with none running, close the dialog."""
        task = self.task
        if task is not None and not sip.isdeleted(task) and \
                task.status() in (QgsTask.Queued, QgsTask.Running):
            task.cancel()
        else:
            self.task = None
            self.reject()
