"""Edit attributes: the form on the Point tab that corrects the point's name, house number,
address, category or digital code, with a reason.

The form only collects what the officer changed; the dock hands it to the controller, the
library records it as one audited action (old and new values, the reason) and the point
goes back to the checker as *corrected*. A refusal (a read-only session, no reason, nothing
changed) comes back in words and leaves the form open with what was typed.
"""
from __future__ import annotations

import os

from qgis.PyQt import uic
from qgis.PyQt.QtCore import Qt, QTimer, pyqtSignal
from qgis.PyQt.QtGui import QKeySequence
from qgis.PyQt.QtWidgets import QComboBox, QScrollArea, QShortcut

FORM, BASE = uic.loadUiType(os.path.join(os.path.dirname(__file__), "review_edit.ui"))


def shown_text(value: object) -> str:
    """A stored value as the form shows it ("" for none)."""
    return "" if value is None else str(value).strip()


class EditPanel(BASE, FORM):
    """Closed: the *Edit attributes…* button (E). Open: one editor per correctable field the
    session's points have (the category a choice among the session's categories: a value
    map), the reason, Save and Cancel. :attr:`saved` carries the changed fields."""

    saved = pyqtSignal(object, str)  # {canonical field: new value, None for empty}, reason
    toggled = pyqtSignal(bool)       # the form opened (True) or closed

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.editors = {"name": self.nameEdit, "house_number": self.houseNumberEdit,
                        "address": self.addressEdit, "category": self.categoryCombo,
                        "digital_code": self.digitalCodeEdit}
        self.initial: dict[str, str] = {}
        self.saveButton.clicked.connect(self.save)
        self.cancelButton.clicked.connect(self.clear)
        for editor in (self.nameEdit, self.houseNumberEdit, self.addressEdit,
                       self.digitalCodeEdit, self.reasonEdit):
            editor.returnPressed.connect(self.save)
        escape = QShortcut(QKeySequence(Qt.Key_Escape), self.editGroup)
        escape.setContext(Qt.WidgetWithChildrenShortcut)
        escape.activated.connect(self.clear)
        self.editGroup.hide()

    def is_open(self) -> bool:
        return not self.editGroup.isHidden()

    def clear(self) -> None:
        """Close the form; what was typed and not saved is dropped."""
        was_open = self.is_open()
        self.editGroup.hide()
        self.editButton.show()
        self.initial = {}
        if was_open:
            self.toggled.emit(False)

    def start(self, session, record) -> None:
        """Open the form on ``record`` of ``session``, filled with its current values."""
        fields = session.meta.get("fields") or {}
        self.initial = {}
        for name, editor in self.editors.items():
            column = fields.get(name)
            present = bool(column) and column in session.columns
            editor.setVisible(present)
            self.editForm.labelForField(editor).setVisible(present)
            if not present:
                continue
            text = shown_text(record.attributes.get(column))
            self.initial[name] = text
            if isinstance(editor, QComboBox):
                fill_choices(editor, session.field_values(name), text)
            else:
                editor.setText(text)
                editor.setCursorPosition(0)  # a long address shows its start
        self.reasonEdit.clear()
        self.readOnlyLabel.setVisible(session.read_only)
        self.editButton.hide()
        self.editGroup.show()
        first = next((e for e in self.editors.values() if not e.isHidden()), self.reasonEdit)
        first.setFocus()
        self.toggled.emit(True)
        QTimer.singleShot(0, self.scroll_into_view)  # once the form is laid out

    def scroll_into_view(self) -> None:
        """In a scrolling tab (the dock's Point tab), show the whole form, or its top when
        the tab is too short for it."""
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None and self.is_open():
            area.ensureWidgetVisible(self.saveButton)
            area.ensureWidgetVisible(self.editHint)

    def changes(self) -> dict[str, object]:
        """The fields the officer changed: canonical name -> new value (None: emptied)."""
        out: dict[str, object] = {}
        for name, before in self.initial.items():
            editor = self.editors[name]
            now = editor.currentData() if isinstance(editor, QComboBox) else editor.text()
            now = (now or "").strip()
            if now != before:
                out[name] = now or None
        return out

    def save(self) -> None:
        if self.is_open():
            self.saved.emit(self.changes(), self.reasonEdit.text())


def fill_choices(combo: QComboBox, values: list[str], current: str) -> None:
    """The choices of a value map: empty first, then ``values``; ``current`` selected."""
    combo.clear()
    combo.addItem("", "")
    for value in values:
        combo.addItem(value, value)
    if combo.findData(current) < 0:
        combo.addItem(current, current)
    combo.setCurrentIndex(combo.findData(current))
