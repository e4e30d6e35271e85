"""A QGIS without the packages the library needs gets a message, not an error."""
import importlib.metadata

from qgis.core import QgsApplication


def test_missing_shapely_2_gives_a_message_and_no_provider(plugin_dir, qgis_iface,
                                                           qgis_processing, monkeypatch):
    import diachi
    from diachi.dependencies import missing_dependencies

    assert missing_dependencies() == []
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda name: "1.8.5" if name == "shapely" else real(name))
    assert missing_dependencies() == ["shapely>=2"]
    messages = []
    bar = qgis_iface.messageBar()
    monkeypatch.setattr(bar, "pushMessage", lambda *args, **kw: messages.append(args))
    plugin = diachi.classFactory(qgis_iface)
    plugin.initGui()                                   # must not raise
    try:
        assert QgsApplication.processingRegistry().providerById("diachi") is None
        assert messages and "shapely>=2" in messages[0][1]
        plugin.open_validate_dialog()                  # says it again, opens nothing
        assert len(messages) == 2
    finally:
        plugin.unload()
