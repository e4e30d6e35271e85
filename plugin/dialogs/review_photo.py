"""The photo of the point under review: scaled into the panel, fetched in the background
when it is a URL, opened full size on request."""
from __future__ import annotations

import os

from diachi_geo.io import parse_source
from qgis.core import QgsNetworkContentFetcher
from qgis.PyQt import uic
from qgis.PyQt.QtCore import Qt, QUrl
from qgis.PyQt.QtGui import QDesktopServices, QPixmap

from ..i18n import tr

FORM, BASE = uic.loadUiType(os.path.join(os.path.dirname(__file__), "review_photo.ui"))
PHOTO_HEIGHT = 160
"""Pixels: the height of the photo in the panel."""


def photo_location(session, record) -> str | None:
    """The point's photo as a URL or a file path (a relative path is read beside the
    collected points' file), None when it has none."""
    name = session.meta.get("fields", {}).get("photo")
    value = record.attributes.get(name) if name else None
    if not value:
        return None
    value = str(value)
    if "://" in value or os.path.isabs(value):
        return value
    source = parse_source(session.meta.get("points_source", ""))
    return os.path.join(os.path.dirname(source.path), value)


class PhotoPanel(BASE, FORM):
    """Shows the photo of one point; a photo that arrives after the officer moved on to
    another point is dropped."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.location: str | None = None
        self.fid: int | None = None
        self.photo_fetcher: QgsNetworkContentFetcher | None = None
        self.photoButton.clicked.connect(self.open_photo)

    def clear(self) -> None:
        self.show_photo(None, None)

    def show_photo(self, session, record) -> None:
        self.location = photo_location(session, record) if record is not None else None
        self.fid = record.fid if record is not None else None
        self.photoButton.setEnabled(bool(self.location))
        self.photo_fetcher = None
        path = self.location
        if path and "://" in path:  # fetched in the background: a slow link never blocks
            self.photoLabel.setPixmap(QPixmap())
            self.photoLabel.setText(tr("Loading photo…"))
            fetcher = QgsNetworkContentFetcher()
            fetcher.finished.connect(lambda f=fetcher, fid=self.fid: self._arrived(f, fid))
            fetcher.fetchContent(QUrl(path))
            self.photo_fetcher = fetcher
            return
        pixmap = QPixmap(path) if path and os.path.isfile(path) else QPixmap()
        self._set_photo(pixmap, path)

    def _arrived(self, fetcher, fid: int) -> None:
        if fid != self.fid:
            return  # the officer has moved on
        pixmap = QPixmap()
        reply = fetcher.reply()
        if reply is not None and reply.error() == 0:
            pixmap.loadFromData(reply.readAll())
        self._set_photo(pixmap, self.location)

    def _set_photo(self, pixmap: QPixmap, path: str | None) -> None:
        if pixmap.isNull():
            self.photoLabel.setPixmap(QPixmap())
            self.photoLabel.setText(tr("Photo: {}").format(path) if path else tr("No photo"))
        else:
            self.photoLabel.setPixmap(pixmap.scaled(max(self.photoLabel.width(), PHOTO_HEIGHT),
                                                    PHOTO_HEIGHT, Qt.KeepAspectRatio,
                                                    Qt.SmoothTransformation))

    def open_photo(self) -> None:
        path = self.location
        if path:
            QDesktopServices.openUrl(QUrl(path) if "://" in path else QUrl.fromLocalFile(path))
