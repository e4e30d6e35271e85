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
    """The point's photo as a URL or an absolute file path (a relative path is read beside
    the collected points' file), None when it has none."""
    name = session.meta.get("fields", {}).get("photo")
    value = record.attributes.get(name) if name else None
    if not value:
        return None
    value = str(value)
    if "://" in value:
        return value
    if not os.path.isabs(value):  # beside the points' file, else beside the session
        source = parse_source(session.meta.get("points_source", ""))
        folders = (os.path.dirname(source.path), os.path.dirname(os.path.abspath(
            session.path)))
        value = next((os.path.join(f, value) for f in folders
                      if os.path.isfile(os.path.join(f, value))),
                     os.path.join(folders[0], value))
    return os.path.abspath(value)


def breakable(path: str) -> str:
    """``path`` with a zero-width space after each separator, so a label can wrap it."""
    return path.replace("/", "/\u200b").replace("\\", "\\\u200b")


class PhotoPanel(BASE, FORM):
    """Shows the photo of one point, or says in words why there is none; a photo that
    arrives after the officer moved on to another point is dropped."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.location: str | None = None
        self.fid: int | None = None
        self.photo_fetcher: QgsNetworkContentFetcher | None = None
        self.photoButton.clicked.connect(self.open_photo)
        self.clear()

    def clear(self) -> None:
        self.show_photo(None, None)

    def show_photo(self, session, record) -> None:
        self.location = photo_location(session, record) if record is not None else None
        self.fid = record.fid if record is not None else None
        self.photo_fetcher = None
        path = self.location
        self.photoLabel.setToolTip(path or "")
        if not path:
            self._say(tr("No photo"))
        elif "://" in path:  # fetched in the background: a slow link never blocks
            self._say(tr("Loading photo…"))
            fetcher = QgsNetworkContentFetcher()
            fetcher.finished.connect(lambda f=fetcher, fid=self.fid: self._arrived(f, fid))
            fetcher.fetchContent(QUrl(path))
            self.photo_fetcher = fetcher
        elif not os.path.isfile(path):  # the path is in the tooltip: no long path here
            self._say(tr("No photo: the file is not there (see the tooltip)"))
        else:
            pixmap = QPixmap(path)
            if pixmap.isNull():
                self._say(tr("The photo file cannot be read as a picture: {}").format(
                    breakable(path)))
            else:
                self._picture(pixmap)

    def _arrived(self, fetcher, fid: int) -> None:
        if fid != self.fid:
            return  # the officer has moved on
        pixmap = QPixmap()
        reply = fetcher.reply()
        if reply is not None and reply.error() == 0:
            pixmap.loadFromData(reply.readAll())
        if pixmap.isNull():
            self._say(tr("The photo could not be downloaded: {}").format(self.location))
            self.photoButton.setEnabled(True)  # a browser may still open it (a login...)
        else:
            self._picture(pixmap)

    def _say(self, text: str) -> None:
        self.photoLabel.setPixmap(QPixmap())
        self.photoLabel.setText(text)
        self.photoButton.setEnabled(False)

    def _picture(self, pixmap: QPixmap) -> None:
        self.photoLabel.setPixmap(pixmap.scaled(max(self.photoLabel.width(), PHOTO_HEIGHT),
                                                PHOTO_HEIGHT, Qt.KeepAspectRatio,
                                                Qt.SmoothTransformation))
        self.photoButton.setEnabled(True)

    def open_photo(self) -> None:
        path = self.location
        if path:
            QDesktopServices.openUrl(QUrl(path) if "://" in path else QUrl.fromLocalFile(path))
