"""Translations: the plugin follows QGIS's locale (Vietnamese or English)."""
from __future__ import annotations

import os

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
