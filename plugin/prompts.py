"""Questions asked of the officer, with the buttons in the plugin's language.

Qt's own OK/Cancel/Yes/No are translated only when Qt's translations for the language are
installed, which Debian's QGIS and many others lack for Vietnamese; these set them through
tr() instead.
"""
from __future__ import annotations

from qgis.PyQt.QtWidgets import QDialog, QInputDialog, QMessageBox, QWidget

from .i18n import tr


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """The text typed, or None when the officer cancels."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.setOkButtonText(tr("OK"))
    dialog.setCancelButtonText(tr("Cancel"))
    return dialog.textValue() if dialog.exec_() == QDialog.Accepted else None


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    """Whether the officer answers yes."""
    box = QMessageBox(QMessageBox.Question, title, text, QMessageBox.Yes | QMessageBox.No,
                      parent)
    box.button(QMessageBox.Yes).setText(tr("Yes"))
    box.button(QMessageBox.No).setText(tr("No"))
    box.setDefaultButton(QMessageBox.No)
    return box.exec_() == QMessageBox.Yes
