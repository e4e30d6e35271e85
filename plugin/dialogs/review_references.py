"""The warning above the worklist when a reference layer of the session is not where the
session says (a moved folder, a drive not connected), with *Locate…* to point to it."""
from __future__ import annotations

import html
import os

from diachi_geo.session.paths import missing_references
from diachi_geo.source import Source, parse_source
from qgis.PyQt import uic
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QFileDialog

from ..i18n import reference_title, tr

FORM, BASE = uic.loadUiType(os.path.join(os.path.dirname(__file__), "review_references.ui"))
MULTI_LAYER = (".gpkg", ".sqlite", ".db")
"""Formats whose file holds named layers: the located file keeps the session's layer name."""


class ReferencesPanel(BASE, FORM):
    """Hidden while every reference layer is found. :attr:`located` gives the kind and the
    source (``PATH|layername=NAME``) the officer chose for the first missing one."""

    located = pyqtSignal(str, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.missing: dict[str, str] = {}
        self.ask_file = self._ask_file  # tests replace this
        self.locateButton.clicked.connect(self.locate)
        self.hide()

    def show_missing(self, meta: dict | None) -> None:
        """Say which reference layers of the (resolved) session ``meta`` are missing."""
        self.missing = missing_references(meta) if meta else {}
        if not self.missing:
            self.hide()
            return
        kind, source = next(iter(self.missing.items()))
        lines = [tr("{} not found: {}").format(reference_title(k), html.escape(
            parse_source(s).path)) for k, s in self.missing.items()]
        self.missingLabel.setText("<br>".join(lines))
        self.locateButton.setToolTip(tr("Choose the file of the layer “{}”; the session "
                                        "remembers it").format(reference_title(kind)))
        self.show()

    def _ask_file(self, kind: str, source: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Where is the layer “{}”?").format(reference_title(kind)),
            os.path.dirname(parse_source(source).path),
            tr("Vector data (*.gpkg *.shp *.geojson *.fgb *.sqlite);;All files (*)"))
        return path or None

    def locate(self) -> None:
        if not self.missing:
            return
        kind, source = next(iter(self.missing.items()))
        path = self.ask_file(kind, source)
        if path:  # a GeoPackage moved whole keeps its layer names; a shapefile has none
            layer = parse_source(source).layer if path.lower().endswith(MULTI_LAYER) else None
            self.located.emit(kind, str(Source(path, layer)))
