"""Publishing from QGIS: the secret in the QGIS authentication database, the Processing
algorithm (dry run, then publish) and the publish dialog, against QGIS Server on 127.0.0.1."""
from __future__ import annotations

import shutil

import pytest
import requests
from conftest import SAMPLE
from fixtures import TOKEN
from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsSettings


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    from diachi_geo.session import Session, WorkFilter, create_session

    path = tmp_path_factory.mktemp("pub") / "session.gpkg"
    create_session(f"{SAMPLE}|layername=points", str(path), user="an")
    with Session(str(path), "an") as s:
        fids = [int(f) for f in s.worklist(WorkFilter(communes=("15014",)))]
        fids = [f for f in fids if 102 < s.point(f).x < 117.5 and 6 < s.point(f).y < 24][:20]
        for fid in fids:
            s.approve(fid)
    with Session(str(path), "binh") as s:
        for fid in fids:
            s.confirm(fid)
    return path


@pytest.fixture
def session(reviewed, tmp_path):
    path = tmp_path / "session.gpkg"
    shutil.copy(reviewed, path)
    return str(path)


@pytest.fixture(scope="module")
def authcfg(qgis_app):
    manager = QgsApplication.authManager()
    if not manager.masterPasswordIsSet():
        assert manager.setMasterPassword("diachi-test-master", True)
    config = QgsAuthMethodConfig("Basic")
    config.setName("national map service (test)")
    config.setConfig("username", "bearer")
    config.setConfig("password", TOKEN)
    stored = manager.storeAuthenticationConfig(config)
    assert stored[0] if isinstance(stored, tuple) else stored
    return (stored[1] if isinstance(stored, tuple) else config).id()


def profiles(tmp_path, url: str, authcfg: str):
    path = tmp_path / "publish.toml"
    path.write_text(f'[profiles.national]\nurl = "{url}"\nprotocol = "wfst"\n'
                    f'type_name = "addresses"\n[profiles.national.auth]\nkind = "bearer"\n'
                    f'authcfg = "{authcfg}"\n', encoding="utf-8")
    return str(path)


def held(url: str) -> list:
    response = requests.get(url, params={"SERVICE": "WFS", "VERSION": "1.1.0",
                                         "REQUEST": "GetFeature", "TYPENAME": "addresses",
                                         "OUTPUTFORMAT": "application/vnd.geo+json"},
                            headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
    return response.json()["features"]


def wait(task) -> None:
    """Until ``task`` says it is done (a minute at most)."""
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    task.done.connect(lambda *_: QTimer.singleShot(0, loop.quit))
    QTimer.singleShot(60000, loop.quit)
    loop.exec_()


def test_processing_publish_dry_run_then_publish(plugin, wfst, session, authcfg, tmp_path):
    import processing

    url = wfst()
    params = {"SESSION": session, "PROFILES": profiles(tmp_path, url, authcfg),
              "PROFILE": "national"}
    dry = processing.run("diachi:publish", params)
    assert (dry["NEW"], dry["SENT"]) == (20, 0) and held(url) == []
    done = processing.run("diachi:publish", {**params, "DRY_RUN": False})
    assert (done["VERIFIED"], done["FAILED"]) == (20, 0)
    assert len(held(url)) == 20
    settings_file = QgsSettings().fileName()
    with open(settings_file, encoding="utf-8", errors="replace") as handle:
        assert TOKEN not in handle.read()  # the secret is not in the settings


def test_publish_dialog_shows_leaving_fields_dry_run_then_publishes(
        plugin, wfst, session, authcfg, tmp_path, qgis_iface):
    from diachi.dialogs.publish_dialog import PublishDialog

    url = wfst()
    dialog = PublishDialog(qgis_iface, session=session,
                           profiles=profiles(tmp_path, url, authcfg))
    assert "owner_phone" not in dialog.fieldsLabel.text()
    assert "diachi_id" in dialog.fieldsLabel.text()
    assert not dialog.publishButton.isEnabled()

    dialog.dryRunButton.click()
    wait(dialog.task)
    # issue 23: a dry run says what it did, not "Run publish again to resume"
    assert dialog.summary.toPlainText().startswith(
        "Dry run finished: 20 would be sent (20 new, 0 changed), 0 unchanged, 0 to delete. "
        "Nothing was sent yet.")
    assert dialog.publishButton.isEnabled()
    assert held(url) == []
    dialog.publishButton.click()
    wait(dialog.task)
    assert len(held(url)) == 20
    assert "20" in dialog.summary.toPlainText()


def test_cancel_after_a_finished_dry_run_closes_the_dialog(
        plugin, wfst, session, authcfg, tmp_path, qgis_iface, python_errors):
    """Issue 23, 3: Cancel asked the finished dry run's task, which the task manager had
    deleted: "wrapped C/C++ object of type LibraryTask has been deleted"."""
    from diachi.dialogs.publish_dialog import PublishDialog
    from qgis.PyQt import sip
    from qgis.PyQt.QtCore import QCoreApplication, QEvent
    from qgis.PyQt.QtWidgets import QDialog

    dialog = PublishDialog(qgis_iface, session=session,
                           profiles=profiles(tmp_path, wfst(), authcfg))
    dialog.show()
    dialog.dryRunButton.click()
    task = dialog.task
    wait(task)
    for _ in range(200):  # the task manager deletes a finished task
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
        if sip.isdeleted(task):
            break
    assert sip.isdeleted(task) and "20" in dialog.summary.toPlainText()
    dialog.cancelButton.click()
    assert python_errors == []
    assert dialog.result() == QDialog.Rejected and not dialog.isVisible()


def test_no_profiles_file_chosen_says_nothing_and_errors_are_plain_text(plugin, qgis_iface,
                                                                        session, tmp_path):
    """Issue 23: ": cannot read the publish profiles ([Errno 2] No such file or directory:
    &#x27;&#x27;)" before any profile was chosen (escaped HTML, a stray colon)."""
    from diachi import settings
    from diachi.dialogs.publish_dialog import PublishDialog
    from qgis.PyQt.QtCore import Qt

    settings.PUBLISH_PROFILES.set("")
    dialog = PublishDialog(qgis_iface, session=session)
    assert dialog.fieldsLabel.text() == "" and not dialog.publishButton.isEnabled()
    missing = tmp_path / "it's-not-here.toml"
    dialog.profilesWidget.setFilePath(str(missing))
    assert dialog.fieldsLabel.text() == (f"{missing}: cannot read the publish profiles "
                                         "(No such file or directory)")
    assert dialog.fieldsLabel.textFormat() == Qt.PlainText  # the ' stays a '


def test_a_dry_run_against_an_unreachable_server_says_it_is_retrying(
        plugin, qgis_iface, session, authcfg, tmp_path, python_errors):
    """Issue 23: it retried 15 s with nothing to see, kept the old error, and then said
    "Run publish again to resume" though a dry run sends nothing."""
    import socket

    from diachi.dialogs.publish_dialog import PublishDialog

    with socket.socket() as s:  # nobody listens there: refused at once
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    path = tmp_path / "publish.toml"
    path.write_text(f'[profiles.national]\nurl = "http://127.0.0.1:{port}/ows/"\n'
                    'protocol = "wfst"\ntype_name = "addresses"\nretries = 2\n'
                    f'[profiles.national.auth]\nkind = "bearer"\nauthcfg = "{authcfg}"\n',
                    encoding="utf-8")
    dialog = PublishDialog(qgis_iface, session=session, profiles=str(path))
    dialog.summary.setPlainText("the error of an earlier run")
    dialog.dryRunButton.click()
    assert dialog.summary.toPlainText() == ""  # a new run: the old error is gone
    assert dialog.statusLabel.text() == "Connecting to the service…"
    seen = []
    dialog.task.retrying.connect(lambda *_: seen.append(dialog.statusLabel.text()))
    wait(dialog.task)
    assert seen == ["The service does not answer (ConnectionError); retrying 2/3 in 1 s…",
                    "The service does not answer (ConnectionError); retrying 3/3 in 2 s…",
                    "The service does not answer (ConnectionError); retrying 3/3 in 1 s…"]
    said = dialog.summary.toPlainText()
    assert "failed 3 time(s) (ConnectionError)" in said and "nothing was sent" in said
    assert "Run publish again" not in said
    assert dialog.statusLabel.text() == "" and dialog.dryRunButton.isEnabled()
    assert python_errors == []


def test_cancel_stops_the_wait_for_an_unreachable_server(plugin, qgis_iface, session,
                                                         authcfg, tmp_path):
    import socket
    import time

    from diachi.dialogs.publish_dialog import PublishDialog
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    path = tmp_path / "publish.toml"
    path.write_text(f'[profiles.national]\nurl = "http://127.0.0.1:{port}/ows/"\n'
                    'protocol = "wfst"\ntype_name = "addresses"\n'  # 4 retries: 15 s
                    f'[profiles.national.auth]\nkind = "bearer"\nauthcfg = "{authcfg}"\n',
                    encoding="utf-8")
    dialog = PublishDialog(qgis_iface, session=session, profiles=str(path))
    dialog.dryRunButton.click()
    task, loop = dialog.task, QEventLoop()
    task.retrying.connect(lambda *_: QTimer.singleShot(0, loop.quit))
    QTimer.singleShot(30000, loop.quit)
    loop.exec_()  # the first wait has begun
    started = time.monotonic()
    dialog.cancelButton.click()
    wait(task)
    assert time.monotonic() - started < 3
    assert dialog.summary.toPlainText() == "cancelled; nothing more was sent"
    assert dialog.dryRunButton.isEnabled()  # ready for another try
