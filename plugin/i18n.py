"""Translations: the plugin follows QGIS's locale (Vietnamese or English)."""
from __future__ import annotations

import os

from diachi_geo.messages import check_title, error_text, history_note, history_note_text
from diachi_geo.messages import explain as library_explain
from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

CONTEXT = "diachi"


def tr(text: str) -> str:
    """Translate a string the plugin shows to people."""
    return QCoreApplication.translate(CONTEXT, text)


def translatable(text: str) -> str:
    """Mark a constant for translation where it is declared; tr() it where it is shown."""
    return text


def locale_name() -> str:
    """Two-letter code of the QGIS user interface language."""
    override = QgsSettings().value("locale/overrideFlag", False, type=bool)
    name = QgsSettings().value("locale/userLocale", "", type=str) if override else ""
    return (name or QLocale.system().name())[:2]


def language() -> str:
    """``vi`` or ``en``, for the library's message texts."""
    return "vi" if locale_name() == "vi" else "en"


def install_translator(plugin_dir: str) -> QTranslator | None:
    path = os.path.join(plugin_dir, "i18n", f"diachi_{locale_name()}.qm")
    if not os.path.exists(path):
        return None
    translator = QTranslator()
    if translator.load(path):
        QCoreApplication.installTranslator(translator)
        return translator
    return None


def reference_title(kind: str) -> str:
    """The title of a kind of reference layer, for forms and dialogs."""
    return {"communes": tr("Commune boundaries"), "buildings": tr("Building footprints"),
            "roads": tr("Roads"), "water": tr("Water (rivers, lakes, ponds)"),
            "entrances": tr("Mapped entrances (entrance=main...)")}[kind]


def status_word(status: str | None) -> str:
    """A review status (``new``, ``approved``...) in the officer's language."""
    words = {"new": tr("New"), "approved": tr("Approved"), "corrected": tr("Corrected"),
             "rejected": tr("Rejected"), "needs_field_check": tr("Needs field check"),
             "confirmed": tr("Confirmed"), "returned": tr("Returned")}
    return words.get(status or "", status or "")


def explain(error: BaseException) -> str:
    """An error for the officer: a coded library error in their language (the library's
    texts), any other as it says it."""
    return library_explain(error, language())


def problem_text(problem: dict) -> str:
    """A problem a publish run reported (``{"code", "params"}``) in the officer's language."""
    return error_text(problem["code"], problem["params"], language())


def reason_text(reason: str | None, action: str | None = None) -> str:
    """A review reason: the notes the library writes itself (``keeper 2041``, ``duplicate
    of 2041``, ``undo of action 7``, the finding whose suggestion was taken) in the
    officer's language, a person's own as typed."""
    check = (reason or "").split(":", 1)[0]
    if action == "accept_suggestion" and check_title(check, "en") != check:
        return check_title(check, language())  # the reason is the finding's key
    note = history_note(reason)
    return history_note_text(*note, language()) if note else (reason or "")


def action_word(action: str) -> str:
    """An audited action (``approve``, ``merge``...) in the officer's language."""
    words = {"approve": tr("approved"), "move": tr("moved"),
             "accept_suggestion": tr("moved to the suggestion"),
             "edit_attributes": tr("attributes corrected"), "reject": tr("rejected"),
             "needs_field_check": tr("sent for a field check"), "confirm": tr("confirmed"),
             "return": tr("returned for review"), "dismiss": tr("finding dismissed"),
             "merge": tr("duplicates merged"), "undo": tr("undo"),
             "field_visit": tr("field visit")}
    return words.get(action, action)


def field_title(canonical: str) -> str:
    """The title of a canonical field (``name``, ``owner_phone``...) for people."""
    titles = {"name": tr("Name"), "category": tr("Category"), "address": tr("Address"),
              "house_number": tr("House number"), "commune_code": tr("Commune"),
              "digital_code": tr("Digital address code"), "collector": tr("Collector"),
              "collected_at": tr("Collected at"), "photo": tr("Photo"),
              "owner_name": tr("Owner's name"), "owner_phone": tr("Owner's phone"),
              "owner_email": tr("Owner's email")}
    return titles.get(canonical, canonical)
