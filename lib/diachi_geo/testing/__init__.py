"""A deterministic synthetic campaign: communes, roads, buildings, a river and collected points.

The same generator makes the bundled commune-sized sample (``sample/sample.gpkg``), the
larger sets tests need and the province-scale benchmark. Every injected error is written
to a ``truth`` layer so tests can measure what the checks find. Everything is vectorised:
a million points and buildings take seconds.

Layers: ``points`` (EPSG:4326, as phones record them), ``buildings``, ``entrances``,
``roads``, ``water`` (EPSG:4326, as OpenStreetMap and open footprints come) and
``communes`` (VN-2000 / TM-3 105°, as provinces keep boundaries), plus ``truth``.

This package makes test, demo and benchmark data: the QGIS plugin does not carry it
(``tools/package.py`` leaves it out), so nothing the plugin or processing imports may
import it. Modules: :mod:`.layout` (communes, roads, buildings, river), :mod:`.names`
(the words), :mod:`.collection` (collected points and injected errors) and
:mod:`.campaign` (the layers assembled and written).
"""
from .campaign import TRUTH_KINDS, VERSION, SyntheticCampaign, generate, write_campaign
from .layout import ORIGIN, PROVINCE_ORIGIN

__all__ = ["SyntheticCampaign", "generate", "write_campaign", "TRUTH_KINDS", "VERSION",
           "ORIGIN", "PROVINCE_ORIGIN"]
