"""diachi-geo QGIS plugin."""
import os
import sys

# The diachi_geo library ships inside the plugin; importing any part of the plugin makes
# it importable first.
_LIBS = os.path.join(os.path.dirname(__file__), "libs")
if os.path.isdir(_LIBS) and _LIBS not in sys.path:
    sys.path.insert(0, _LIBS)


def classFactory(iface):  # noqa: N802 - the name QGIS looks for
    # only when QGIS loads the plugin (libs/ is on sys.path by then)
    from .plugin import DiachiPlugin
    return DiachiPlugin(iface)
