"""diachi_geo: spatial validation of Vietnamese address and POI collection campaigns.

The library reads collected points, normalises Vietnamese text and addresses, runs checks
(location, commune, duplicates, snapping to building entrances...) and returns findings as
data. It never imports QGIS or Qt; the QGIS plugin and the ``diachi-geo`` command line
translate its stable codes for people.
"""
__version__ = "0.1.0"
