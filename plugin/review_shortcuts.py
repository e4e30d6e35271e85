"""The review dock's keys, as shortcuts of the QGIS main window.

They act wherever the focus is in the main window (the map canvas most of all, where the
officer's pointer is), also when the dock floats beside it, and not in other windows. Each is
registered with the QGIS shortcut manager, so officers see the keys and change them in
*Settings → Keyboard Shortcuts* (the key given here is the default; a changed one is kept in
the QGIS settings under ``shortcuts/diachiReview_<button>``).

A key that an enabled QGIS command has too (Ctrl+Z undoes a layer edit while a layer is
being edited) runs neither of them: Qt calls that ambiguous, and the officer is told so
instead of nothing happening.
"""
from __future__ import annotations

from qgis.gui import QgsGui
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QObject, Qt
from qgis.PyQt.QtGui import QKeySequence
from qgis.PyQt.QtWidgets import QAbstractButton, QShortcut, QWidget

from .i18n import tr

NAME_PREFIX = "diachiReview_"


def key_text(shortcut: QShortcut) -> str:
    """The shortcut's key as the officer reads it (``Ctrl+Z``)."""
    return shortcut.key().toString(QKeySequence.NativeText)


def add_shortcut(window: QWidget, key: str, title: str, button: QAbstractButton,
                 owner: QObject, refuse) -> QShortcut:
    """A shortcut of ``window`` that clicks ``button``; ``key`` is its default, ``title`` its
    name in the shortcut settings. It goes when ``owner`` (the dock) is deleted; ``refuse``
    tells the officer, in words, when another command has the same key."""
    shortcut = QShortcut(window)
    shortcut.setObjectName(NAME_PREFIX + button.objectName())  # its key in the settings
    shortcut.setWhatsThis(tr("Review points: {}").format(title))
    # the main window and the tool windows over it (a floating dock): Qt.WindowShortcut
    # of the main window, not of the dock, which is a window of its own when floating
    shortcut.setContext(Qt.WindowShortcut)
    QgsGui.shortcutsManager().registerShortcut(shortcut, key)
    shortcut.activated.connect(button.click)
    shortcut.activatedAmbiguously.connect(lambda: refuse(tr(
        "The key {} also belongs to another QGIS command (Ctrl+Z: undo of a layer being "
        "edited), so neither ran: click the button in the Review dock, or give one of them "
        "another key in Settings → Keyboard Shortcuts.").format(key_text(shortcut))))
    owner.destroyed.connect(lambda: remove_shortcuts({key: shortcut}))
    return shortcut


def remove_shortcuts(shortcuts: dict[str, QShortcut]) -> None:
    """Unregister and delete ``shortcuts`` (in reverse order), and empty the dict.

    Unregistered first: the QGIS 3.22 manager does not forget a shortcut that is just
    deleted, and listing its shortcuts then crashes (Settings → Keyboard Shortcuts)."""
    manager = QgsGui.shortcutsManager()
    for shortcut in reversed(list(shortcuts.values())):
        if not sip.isdeleted(shortcut):
            manager.unregisterShortcut(shortcut)
            sip.delete(shortcut)  # now: no key of an unloaded plugin may act any more
    shortcuts.clear()
