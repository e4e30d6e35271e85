"""Issue 23: with the Vietnamese translation loaded, every string the plugin and the library
show a person is Vietnamese: the library's coded errors (all of them, read from its code
tables), the compiled translations, and every text of the dock and the dialogs after a
review with refusals, a merge and an undo.

A text counts as untranslated when it has no Vietnamese letter yet has a word only the
English texts use, or when two such words stand side by side (English inside Vietnamese).
The English-only words are read from the translation file and the library's own texts, so
the check follows the texts as they change.
"""
from __future__ import annotations

import html
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT
from qgis.core import Qgis, QgsSettings

VIETNAMESE = re.compile("[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữự"
                        "ỳýỷỹỵ]", re.IGNORECASE)
PROPER_NOUNS = {"diachi", "qgis", "osm", "ctrl", "shift", "alt", "gps", "toml", "wfs", "ogc",
                "api", "url", "http", "https"}
"""Names and key names that stay as they are in Vietnamese."""
KINDS = ("communes", "buildings", "roads", "water", "entrances")


def _words(text: str) -> list[str]:
    """Plain words (no digits or underscores: codes and field names are not words)."""
    return [w.lower() for w in re.findall(r"[\w']+", text) if re.fullmatch(r"[^\W\d_']+", w)]


def _library_pairs() -> list[tuple[str, str]]:
    from diachi_geo import message_codes, messages

    pairs = [*messages.MESSAGES.values(), *messages.CHECK_TITLES.values(),
             *messages.NOTES.values(), *messages.LABELS.values(),
             *messages.PARAM_WORDS.values(), *message_codes.ERRORS.values(),
             *message_codes.STATUS_WORDS.values(),
             *[(vi, en) for _, vi, en in message_codes.HISTORY_NOTES.values()]]
    pairs += [pair for levels in messages.EVIDENCE.values() for pair in levels.values()]
    return pairs


@pytest.fixture(scope="module")
def english_only() -> set[str]:
    """The words of the English texts that no Vietnamese text uses."""
    tree = ET.parse(ROOT / "plugin" / "i18n" / "diachi_vi.ts")
    english = [m.findtext("source") or "" for m in tree.iter("message")]
    vietnamese = [m.findtext("translation") or "" for m in tree.iter("message")]
    for vi, en in _library_pairs():
        vietnamese.append(vi)
        english.append(en)
    def template_words(text: str) -> set[str]:  # placeholders are not words
        return set(_words(re.sub(r"{[^}]*}", " ", text)))

    used = set().union(*map(template_words, vietnamese))
    return set().union(*map(template_words, english)) - used - PROPER_NOUNS


def untranslated(text: str, english_only: set[str]) -> bool:
    plain = html.unescape(re.sub(r"<[^>]+>", " ", text or ""))
    plain = re.sub(r"\S*(?:[/\\]|\w\.\w)\S*", " ", plain)  # nor paths, file names
    if not VIETNAMESE.search(plain) and any(w in english_only for w in _words(plain)):
        return True
    for piece in re.split(r"[^\w\s']+", plain):  # two English words side by side
        flags = [w.lower() in english_only for w in piece.split()]
        if any(a and b for a, b in zip(flags, flags[1:])):
            return True
    return False


def test_the_check_itself_tells_english_from_vietnamese(english_only):
    for text in ("merge", "keeper 2041", "Point", "nothing more was sent",
                 "Điểm 7: nothing more was sent"):
        assert untranslated(text, english_only), text
    for text in ("Gộp", "Điểm 327", "15007 Xã Hoằng Giang", "diachi_id, commune_code", "2041",
                 "Duyệt: điểm đúng như hiện tại (A)", "Địa chỉ / Diachi", "Ctrl+Z"):
        assert not untranslated(text, english_only), text


@pytest.fixture
def vietnamese(plugin, plugin_dir):
    """QGIS in Vietnamese: the plugin's translation installed, the locale set to vi."""
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    settings = QgsSettings()
    before = {key: settings.value(key) for key in ("locale/overrideFlag", "locale/userLocale")}
    settings.setValue("locale/overrideFlag", True)
    settings.setValue("locale/userLocale", "vi_VN")
    translator = QTranslator()
    assert translator.load(str(plugin_dir / "i18n" / "diachi_vi.qm"))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)
    for key, value in before.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)


def test_every_code_the_library_can_raise_is_explained_in_vietnamese(vietnamese,
                                                                      english_only):
    from diachi.i18n import explain, language
    from diachi_geo.errors import DiachiError
    from diachi_geo.message_codes import DERIVED_PARAMS, ERRORS, placeholders

    assert language() == "vi"
    assert len(ERRORS) > 30
    for code, (_, en) in ERRORS.items():
        params = {DERIVED_PARAMS.get(name, name): 7 for name in placeholders(en)
                  if DERIVED_PARAMS.get(name, name)}  # {at}: from path/layer/feature/field
        params.update({k: v for k, v in (("status", "confirmed"), ("what", "delete"),
                                         ("cause_code", "duplicate_em_counts"))
                       if k in params})  # words chosen from a table, a wrapped error
        if "{at}" in en:
            params.update(path="/data/diem.gpkg", layer="diem", feature=3, field="ten")
        error = DiachiError.coded(code, **params)
        text = explain(error)
        assert text != str(error) and not untranslated(text, english_only), (code, text)


def test_every_compiled_translation_is_there(vietnamese, english_only):
    """The .qm the plugin ships has every tr() string and every form's strings."""
    import sys

    from qgis.PyQt.QtCore import QCoreApplication

    sys.path.insert(0, str(ROOT / "tests" / "lib"))
    from test_translations import tr_strings

    for text in tr_strings():
        shown = QCoreApplication.translate("diachi", text)
        assert shown != text or not untranslated(text, english_only), text
    for ui in (ROOT / "plugin" / "dialogs").glob("*.ui"):
        form = ET.parse(ui)
        for string in form.iter("string"):
            if string.text:
                shown = QCoreApplication.translate(form.findtext("class"), string.text)
                assert not untranslated(shown, english_only), (ui.name, shown)


def widget_texts(root) -> list[tuple[str, str]]:
    """(where, text) of everything a person can read in ``root`` and its children, QGIS's
    own widgets left to QGIS's translation."""
    from qgis.PyQt.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QListWidget,
        QProgressBar,
        QTableWidget,
        QTabWidget,
        QTextEdit,
        QWidget,
    )

    def qgis_own(widget) -> bool:
        parent = widget.parentWidget()
        while parent is not None and parent is not root:
            if type(parent).__name__.startswith("Qgs"):
                return True
            parent = parent.parentWidget()
        return False

    found = [("window title", root.windowTitle())]
    for widget in [root, *root.findChildren(QWidget)]:
        if qgis_own(widget) or type(widget).__name__.startswith("Qgs"):
            continue
        name = widget.objectName() or type(widget).__name__
        found.append((f"{name} tooltip", widget.toolTip()))
        if isinstance(widget, QLabel):
            found.append((name, widget.text()))
        elif isinstance(widget, QAbstractButton):
            found.append((name, widget.text()))
        elif isinstance(widget, QGroupBox):
            found.append((name, widget.title()))
        elif isinstance(widget, QLineEdit):
            found.append((f"{name} placeholder", widget.placeholderText()))
        elif isinstance(widget, QTextEdit):
            found.append((name, widget.toPlainText()))
        elif isinstance(widget, QProgressBar):
            found.append((name, widget.text()))
        elif isinstance(widget, QTabWidget):
            found += [(f"{name} tab", widget.tabText(i)) for i in range(widget.count())]
            found += [(f"{name} tab tip", widget.tabToolTip(i)) for i in range(widget.count())]
        elif isinstance(widget, QTableWidget):
            for i in range(widget.columnCount()):
                item = widget.horizontalHeaderItem(i)
                if item is not None:
                    found += [(f"{name} header", item.text()),
                              (f"{name} header tip", item.toolTip())]
        elif isinstance(widget, QListWidget):
            found += [(name, widget.item(i).text()) for i in range(widget.count())]
        elif isinstance(widget, QComboBox) and name not in DATA_COMBOS:
            found += [(name, widget.itemText(i)) for i in range(widget.count())]
    return [(where, text) for where, text in found if text]


DATA_COMBOS = {"collectorCombo", "profileCombo"}
"""Combo boxes that list values of the data (collectors' names, profile names)."""


def english_in(root, english_only) -> list[tuple[str, str]]:
    return [(where, text) for where, text in widget_texts(root)
            if untranslated(text, english_only)]


@pytest.fixture
def session_path(tmp_path_factory, tmp_path, sample):
    from diachi_geo.session import create_session

    built = tmp_path_factory.getbasetemp() / "vi-session.gpkg"
    if not built.exists():
        create_session(f"{sample}|layername=points", str(built),
                       references={k: f"{sample}|layername={k}" for k in KINDS}, user="an")
    path = tmp_path / "session.gpkg"
    shutil.copy(built, path)
    return str(path)


def test_the_review_dock_speaks_only_vietnamese(vietnamese, english_only, qgis_iface,
                                                 session_path):
    """Refusals, history (merge, undo, keeper, duplicate of), the group table's headers."""
    from diachi.dialogs.review_dock import ReviewDock
    from diachi_geo.messages import check_title

    qgis_iface.messageBar().clear_messages()
    dock = ReviewDock(qgis_iface, qgis_iface.mainWindow())
    try:
        assert english_in(dock, english_only) == [], "before a session is open"
        dock.open_session(session_path, "binh")  # "an" is an English word too
        c = dock.controller
        no_suggestion = next(int(f) for f in c.fids
                             if dock.session.point(int(f)).suggestion() is None)
        c.go_to_fid(no_suggestion)
        c.accept_suggestion()  # refused: point ... has no suggested location
        c.approve()
        c.go_to_fid(no_suggestion)
        c.confirm()  # refused: the reviewer cannot check their own review
        suggested = next(int(f) for f in c.fids
                         if dock.session.point(int(f)).suggestion() is not None)
        check = dock.session.point(suggested).suggestion()["check"]
        c.go_to_fid(suggested)
        c.accept_suggestion()
        dock.history_panel.show_history(dock.session, suggested)
        history = dock.history_panel.historyBrowser.toPlainText()
        assert "đã dời về vị trí đề xuất" in history  # the action and the finding's title,
        assert history.endswith(f"— {check_title(check, 'vi')}")  # not its key
        refusals = qgis_iface.messageBar().get_messages(Qgis.Warning)
        assert len(refusals) == 2 and "không có vị trí đề xuất" in refusals[0]
        assert [r for r in refusals if untranslated(r, english_only)] == []
        dock.checkCombo.setCurrentIndex(dock.checkCombo.findData("duplicate"))
        keeper, others, copy = dock.group_panel.merge_choice()
        c.merge(keeper, others, copy)
        assert english_in(dock, english_only) == []  # the group table, the merge
        c.undo()
        dock.history_panel.show_history(dock.session, others[0])
        history = dock.history_panel.historyBrowser.toPlainText()
        assert "hoàn tác" in history and "giữ điểm" in history
        dock.point_panel.show_point(dock.session.point(others[0]), dock.session.meta.get(
            "fields", {}), dock.lang)
        c.merge(keeper, others, copy)
        dock.point_panel.show_point(dock.session.point(others[0]), dock.session.meta.get(
            "fields", {}), dock.lang)
        assert english_in(dock, english_only) == []  # history, reasons, the point panel
        for level in (Qgis.Info, Qgis.Warning, Qgis.Critical, Qgis.Success):
            said = qgis_iface.messageBar().get_messages(level)
            assert [m for m in said if untranslated(m, english_only)] == [], said
    finally:
        dock.detach()
        dock.deleteLater()


def test_the_dialogs_speak_only_vietnamese(vietnamese, english_only, qgis_iface, tmp_path):
    from diachi.dialogs.new_session import NewSessionDialog
    from diachi.dialogs.publish_dialog import PublishDialog
    from diachi.dialogs.repair_text import RepairTextDialog
    from qgis.PyQt.QtWidgets import QDialogButtonBox

    new = NewSessionDialog(qgis_iface)
    assert new.buttons.button(QDialogButtonBox.Ok).text() == "Đồng ý"
    assert new.buttons.button(QDialogButtonBox.Cancel).text() == "Hủy"
    profiles = tmp_path / "publish.toml"
    profiles.write_text('[profiles.national]\nurl = "https://bando.example.gov.vn/ows"\n'
                        'protocol = "wfst"\ntype_name = "addresses"\n', encoding="utf-8")
    publish = PublishDialog(qgis_iface, profiles=str(profiles))
    assert publish.personal["owner_phone"].text() == "Số điện thoại chủ hộ"
    unreadable = PublishDialog(qgis_iface, profiles=str(tmp_path / "none.toml"))
    assert "không đọc được" in unreadable.fieldsLabel.text()
    for dialog in (new, publish, unreadable, RepairTextDialog(qgis_iface)):
        assert english_in(dialog, english_only) == [], type(dialog).__name__
        dialog.deleteLater()


def test_a_failed_dry_run_and_its_retries_speak_vietnamese(vietnamese, english_only,
                                                           qgis_iface, session_path, tmp_path):
    import socket

    from diachi.dialogs.publish_dialog import PublishDialog
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    with socket.socket() as s:  # nobody listens there: refused at once
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    profiles = tmp_path / "publish.toml"
    profiles.write_text(f'[profiles.local]\nurl = "http://127.0.0.1:{port}/ows/"\n'
                        'protocol = "wfst"\ntype_name = "addresses"\nretries = 1\n',
                        encoding="utf-8")
    dialog = PublishDialog(qgis_iface, session=session_path, profiles=str(profiles))
    dialog.dryRunButton.click()
    task, seen, loop = dialog.task, [], QEventLoop()
    task.retrying.connect(lambda *_: seen.append(dialog.statusLabel.text()))
    task.done.connect(lambda *_: QTimer.singleShot(0, loop.quit))
    QTimer.singleShot(30000, loop.quit)
    loop.exec_()
    assert seen == ["Dịch vụ không trả lời (ConnectionError); thử lại lần 2/2 sau 1 giây…"]
    assert "chưa gửi gì cả" in dialog.summary.toPlainText()
    assert english_in(dialog, english_only) == []
    dialog.deleteLater()


def test_questions_answer_with_vietnamese_buttons(vietnamese):
    """The reason for a rejection, the reviewer's name and the merge confirmation: Qt's
    own OK/Cancel/Yes/No stay English without Qt's Vietnamese translations (Debian has
    none), so the plugin names them."""
    from diachi.prompts import ask_text, ask_yes_no
    from qgis.PyQt.QtCore import QTimer
    from qgis.PyQt.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

    seen = []

    def answer(how):
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QMessageBox):
            seen.append(sorted(b.text() for b in dialog.buttons()))
            dialog.button(QMessageBox.Yes if how else QMessageBox.No).click()
        else:
            box = dialog.findChild(QDialogButtonBox)
            seen.append(sorted(b.text() for b in box.buttons()))
            dialog.setTextValue("không có ở đây")
            dialog.accept() if how else dialog.reject()

    for how in (True, False):
        QTimer.singleShot(100, lambda how=how: answer(how))
        assert ask_text(None, "Từ chối điểm", "Lý do:") == ("không có ở đây" if how else None)
        QTimer.singleShot(100, lambda how=how: answer(how))
        assert ask_yes_no(None, "Gộp", "Gộp nhóm?") is how
    assert seen == [["Hủy", "Đồng ý"], ["Có", "Không"]] * 2


def test_a_bad_input_is_refused_in_vietnamese_naming_file_layer_and_field(
        vietnamese, english_only, plugin, tmp_path):
    """Processing and the session builder say the library's input errors in Vietnamese:
    which file, layer and field, and how to fix it."""
    import numpy as np
    import pyogrio.raw
    import shapely
    from diachi.session_tasks import BuildSessionTask, run_task
    from qgis.core import QgsProcessingException
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    import processing

    path = tmp_path / "diem_thu_thap.gpkg"  # points without any id field
    pyogrio.raw.write(str(path), geometry=np.array(
        [shapely.to_wkb(shapely.points(105.8, 21.0))], dtype=object),
        field_data=[np.array(["Nhà văn hóa thôn 3"], dtype=object)], fields=["ten_dia_diem"],
        crs="EPSG:4326", layer="diem", geometry_type="Point", driver="GPKG")
    with pytest.raises(QgsProcessingException) as refused:
        processing.run("diachi:validatepoints", {"INPUT": str(path), "OUTPUT": "memory:"})
    said = str(refused.value)
    assert "trường id: không tìm thấy trường cho 'id'" in said, said
    assert "Cách sửa: gán trường bằng --field id=" in said and "ten_dia_diem" in said, said
    assert not untranslated(said, english_only), said

    messages = []
    for source in (str(path), str(tmp_path / "khong_co.gpkg")):
        task = BuildSessionTask(source, str(tmp_path / "s.gpkg"), {}, "an", "vi")
        loop = QEventLoop()
        task.done.connect(lambda ok, message: messages.append((ok, message)))
        task.done.connect(lambda *_, stop=loop.quit: QTimer.singleShot(0, stop))
        QTimer.singleShot(30000, loop.quit)
        run_task(task)
        loop.exec_()
    (ok_1, no_id), (ok_2, missing) = messages
    assert not ok_1 and str(path) in no_id and "lớp diem, trường id" in no_id, no_id
    assert not ok_2 and missing == (f"{tmp_path / 'khong_co.gpkg'}: không tìm thấy tệp. "
                                    "Cách sửa: kiểm tra đường dẫn và tên tệp."), missing
    assert not any(untranslated(m, english_only) for m in (no_id, missing))
    assert not (tmp_path / "s.gpkg").exists()
