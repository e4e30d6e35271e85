"""The imagery button of the review dock: a well-known service, the office's own tile URL
or an offline file under the points, and the attribution of what is shown."""
from __future__ import annotations

import os

from qgis.core import Qgis, QgsNetworkContentFetcher, QgsProject
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QUrl, pyqtSignal
from qgis.PyQt.QtWidgets import QFileDialog, QMenu, QPushButton

from .. import settings
from ..basemap import PRESETS, Basemap, add_basemap, add_offline_basemap, tile_url
from ..i18n import tr
from ..messagebar import TITLE
from ..prompts import ask_text

FORM, BASE = uic.loadUiType(os.path.join(os.path.dirname(__file__), "basemap_menu.ui"))


class BasemapMenu(BASE, FORM):
    """``refused`` says in words why imagery could not be added; ``unreachable`` that its
    tiles cannot be fetched (no internet): :func:`offer_offline` shows it."""

    refused = pyqtSignal(str)
    unreachable = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        menu = QMenu(self.basemapButton)
        for preset in PRESETS:
            menu.addAction(preset.name, lambda p=preset: self.add_basemap(p))
        menu.addAction(tr("Custom tile URL (settings)…"), self.add_custom_basemap)
        menu.addAction(tr("Offline imagery file…"), self.add_offline_basemap)
        self.basemapButton.setMenu(menu)

    def add_basemap(self, basemap: Basemap):
        """Add an imagery layer under everything, and show its attribution."""
        try:
            layer = add_basemap(QgsProject.instance(), basemap)
        except ValueError as exc:
            self.refused.emit(str(exc))
            return None
        self.attributionLabel.setText(tr("Imagery: {}").format(basemap.attribution))
        self.probe(basemap)
        return layer

    def probe(self, basemap: Basemap) -> None:
        """Fetch one tile in the background: a layer whose server cannot be reached is
        valid and blank, so without this nothing would say why the map stays empty."""
        fetcher = QgsNetworkContentFetcher()
        fetcher.finished.connect(lambda: self._probed(fetcher, basemap))
        fetcher.fetchContent(QUrl(tile_url(basemap.url, 1, 1, 0)))
        self.probe_fetcher = fetcher

    def _probed(self, fetcher: QgsNetworkContentFetcher, basemap: Basemap) -> None:
        reply = fetcher.reply()
        error = reply.error() if reply is not None else 99
        if 0 < error < 200:  # no connection (refused, no such host, time-out, proxy...);
            # an HTTP error (a tile not found) comes from a server that is there
            self.unreachable.emit(tr(
                "The tiles of “{}” cannot be reached ({}): the map stays blank. Without "
                "internet, choose an offline imagery file (GeoTIFF, MBTiles).").format(
                    basemap.name, reply.errorString() if reply is not None else ""))

    def add_custom_basemap(self) -> None:
        """The office's own tile service, e.g. the national imagery, from the settings."""
        url = str(settings.BASEMAP_CUSTOM_URL.value() or "")
        if not url:
            url = ask_text(self, tr("Custom imagery"), tr("Tile URL with {z}, {x} and {y}:"))
            if not url or not url.strip():
                return
            attribution = ask_text(self, tr("Custom imagery"),
                                   tr("Attribution (who owns the imagery):")) or ""
            settings.BASEMAP_CUSTOM_URL.set(url.strip())
            settings.BASEMAP_CUSTOM_ATTRIBUTION.set(attribution.strip())
        self.add_basemap(Basemap("custom", tr("Satellite imagery"), url.strip(),
                                 str(settings.BASEMAP_CUSTOM_ATTRIBUTION.value() or "")))

    def add_offline_basemap(self, path: str | None = None) -> None:
        """A local GeoTIFF, MBTiles or GeoPackage raster, for offices with weak links."""
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, tr("Offline imagery file"), str(settings.BASEMAP_OFFLINE_PATH.value()),
                tr("Imagery (*.tif *.tiff *.mbtiles *.gpkg)"))
        if not path:
            return
        try:
            add_offline_basemap(QgsProject.instance(), path)
        except ValueError as exc:
            self.refused.emit(str(exc))
            return
        settings.BASEMAP_OFFLINE_PATH.set(path)
        self.attributionLabel.setText(tr("Imagery: {}").format(os.path.basename(path)))


def offer_offline(iface, text: str, menu: BasemapMenu) -> None:
    """Say in the message bar that the tiles cannot be reached, with a button for the
    offline imagery file."""
    bar = iface.messageBar()
    item = bar.createMessage(TITLE, text)
    button = QPushButton(tr("Offline imagery file…"), item)
    button.setObjectName("offlineImageryButton")
    button.clicked.connect(lambda: menu.add_offline_basemap())
    item.layout().addWidget(button)
    bar.pushWidget(item, Qgis.Warning, 0)
