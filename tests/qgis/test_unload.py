"""Unloading removes everything initGui added (no plugin is loaded in this module)."""
import logging

from qgis.core import QgsApplication


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
