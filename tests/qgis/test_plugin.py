"""The built plugin loads as QGIS loads it, and leaves nothing behind when unloaded."""
import logging
import pathlib

from qgis.core import QgsApplication


def test_import_processing_is_qgis_framework(plugin):
    import processing

    assert pathlib.Path(processing.__file__).parts[-3:-1] == ("plugins", "processing")
    assert str(processing.__file__).startswith("/usr/share/qgis/python/plugins/processing")
    assert callable(processing.run)


def test_zip_has_no_top_level_processing_package(plugin_dir):
    assert not (plugin_dir.parent / "processing").exists()
    assert (plugin_dir / "processing_provider" / "provider.py").exists()
    assert (plugin_dir / "i18n" / "diachi_vi.qm").exists()
    assert (plugin_dir / "libs" / "diachi_geo" / "data" / "vietnam_outline.geojson").exists()


def test_zip_leaves_out_the_test_data_generator(plugin_dir):
    library = plugin_dir / "libs" / "diachi_geo"
    assert (library / "snap" / "__init__.py").exists()
    assert not (library / "testing").exists()


def test_bundled_library_is_the_one_loaded(plugin, plugin_dir):
    import diachi_geo

    assert pathlib.Path(diachi_geo.__file__).parent == plugin_dir / "libs" / "diachi_geo"


def test_init_gui_registers_provider_and_actions(plugin, qgis_iface):
    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("diachi")
    assert provider is not None and provider.name() == "Địa chỉ / Diachi"
    assert registry.algorithmById("diachi:validatepoints") is not None
    assert [a.objectName() for a in plugin.actions] == [
        "diachiValidatePoints", "diachiReviewDock", "diachiPublish", "diachiRepairText",
        "diachiProgressReport",
        "diachiQualityReport", "diachiHandover", "diachiReference"]
    handlers = logging.getLogger("diachi_geo").handlers
    assert plugin.log_handler in handlers


def test_log_records_reach_the_qgis_message_log(plugin):
    from qgis.core import QgsApplication as App

    seen = []
    App.messageLog().messageReceived.connect(lambda msg, tag, level: seen.append((tag, msg)))
    logging.getLogger("diachi_geo.test").warning("thử nghiệm %s", 1)
    assert ("diachi", "diachi_geo.test: thử nghiệm 1") in seen
