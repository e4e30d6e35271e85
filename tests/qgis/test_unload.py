"""Unloading removes everything initGui added (no plugin is loaded in this module), also
after QGIS deleted the session's layers (quitting, Project → New)."""
import logging

import pytest
from conftest import lock_holders
from qgis.core import QgsApplication, QgsProject
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QEvent


def test_unload_leaves_nothing(plugin_dir, qgis_iface, qgis_processing):
    import diachi

    registry = QgsApplication.processingRegistry()
    assert registry.providerById("diachi") is None
    handlers = list(logging.getLogger("diachi_geo").handlers)
    plugin = diachi.classFactory(qgis_iface)
    plugin.initGui()
    assert registry.providerById("diachi") is not None
    assert len(logging.getLogger("diachi_geo").handlers) == len(handlers) + 1
    plugin.unload()
    assert registry.providerById("diachi") is None
    assert plugin.actions == [] and plugin.provider is None
    assert logging.getLogger("diachi_geo").handlers == handlers
    # and it can be loaded again, as when the plugin is reloaded
    plugin.initGui()
    assert registry.algorithmById("diachi:validatepoints") is not None
    plugin.unload()
    assert registry.providerById("diachi") is None


@pytest.fixture
def session_path(plugin_dir, sample, tmp_path) -> str:
    from diachi_geo.session import create_session

    path = tmp_path / "session.gpkg"
    create_session(f"{sample}|layername=points", str(path), user="an",
                   references={k: f"{sample}|layername={k}" for k in ("communes", "buildings")})
    return str(path)


def deleted_later() -> None:
    """Let Qt delete what was deleted later (the desktop's event loop does it)."""
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


def test_unload_after_qgis_deleted_the_layers_releases_the_lock(
        plugin_dir, qgis_iface, qgis_processing, session_path):
    """Issue 23, 1: quitting QGIS deletes the project's layers before it unloads plugins;
    unload raised "wrapped C/C++ object of type QgsVectorLayer has been deleted" and left
    the session locked, so the next officer got it read-only."""
    import diachi

    plugin = diachi.classFactory(qgis_iface)
    plugin.initGui()
    dock = plugin.show_review_dock()
    dock.open_session(session_path, "an")
    layer = dock.layers["points"]
    assert lock_holders(session_path) == ["an"]
    QgsProject.instance().removeAllMapLayers()  # deleted under the dock, no `cleared`
    deleted_later()
    assert sip.isdeleted(layer)
    plugin.unload()
    assert lock_holders(session_path) == []
    assert plugin.review_dock is None


def test_a_cleared_project_closes_the_session_at_once(
        plugin_dir, qgis_iface, qgis_processing, session_path):
    """Project → New, opening another project and quitting QGIS clear the project: the
    session closes then (its place remembered, its lock released), before any unload."""
    import diachi

    plugin = diachi.classFactory(qgis_iface)
    plugin.initGui()
    dock = plugin.show_review_dock()
    dock.open_session(session_path, "an")
    dock.controller.next()
    where = dock.controller.current.fid
    QgsProject.instance().clear()
    deleted_later()
    try:
        assert dock.session is None and lock_holders(session_path) == []
        assert not [group for group in QgsProject.instance().layerTreeRoot().findGroups(True)
                    if group.customProperty("diachi/session") == session_path]
        dock.open_session(session_path, "an")
        assert dock.controller.current.fid == where
    finally:
        plugin.unload()
    assert lock_holders(session_path) == []


def test_the_dock_keys_are_qgis_shortcuts_and_unload_removes_them(
        plugin_dir, qgis_iface, qgis_processing):
    """Issue 23, 4: the keys are shortcuts of the main window, listed in Settings → Keyboard
    Shortcuts while the plugin is loaded, and gone with it."""
    import diachi
    from qgis.gui import QgsGui
    from qgis.PyQt.QtWidgets import QShortcut

    manager = QgsGui.shortcutsManager()
    window = qgis_iface.mainWindow()

    def ours() -> tuple[set, set]:
        return ({s for s in manager.listShortcuts()
                 if s.objectName().startswith("diachiReview_")},
                {s for s in window.findChildren(QShortcut)
                 if s.objectName().startswith("diachiReview_")})

    registered_before, children_before = ours()
    plugin = diachi.classFactory(qgis_iface)
    plugin.initGui()
    dock = plugin.show_review_dock()
    undo = dock.shortcuts["Ctrl+Z"]
    assert undo.objectName() == "diachiReview_undoButton" and undo.parent() is window
    assert manager.defaultKeySequence(undo) == "Ctrl+Z" and undo.key().toString() == "Ctrl+Z"
    assert undo.whatsThis() == "Review points: Undo your last change"
    registered, children = ours()
    assert set(dock.shortcuts.values()) <= registered - registered_before
    assert len(children - children_before) == len(dock.shortcuts) == len(dock.action_buttons)
    plugin.unload()
    deleted_later()
    registered_after, children_after = ours()
    assert registered_after <= registered_before and children_after <= children_before
