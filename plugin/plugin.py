"""The plugin object QGIS loads: menu, toolbar, Processing provider and log bridge."""
from __future__ import annotations

import os

from qgis.core import Qgis, QgsApplication
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from . import logbridge
from .dependencies import missing_dependencies
from .i18n import install_translator, tr
from .messagebar import notify
from .review_shortcuts import remove_shortcuts

PLUGIN_DIR = os.path.dirname(__file__)


class DiachiPlugin:
    """Everything initGui adds is removed by unload, in reverse order."""

    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.actions: list[QAction] = []
        self.menu = tr("&Địa chỉ / Diachi")
        self.log_handler = None
        self.translator = None
        self.review_dock = None
        self.locator = None

    def initProcessing(self) -> None:  # noqa: N802 - QGIS API name
        if missing_dependencies():
            return      # initGui tells the user; the provider would fail to import
        # lazy: the provider imports the library, which needs the packages checked above
        from .processing_provider.provider import DiachiProvider

        if self.provider is None:
            self.provider = DiachiProvider(PLUGIN_DIR)
            QgsApplication.processingRegistry().addProvider(self.provider)
            self.provider.refreshAlgorithms()  # now the models can find their steps

    def initGui(self) -> None:  # noqa: N802 - QGIS API name
        self.translator = install_translator(PLUGIN_DIR)
        self.log_handler = logbridge.install()
        self.initProcessing()
        self._add_action("diachiValidatePoints", tr("Validate points…"),
                         tr("Check collected address points against communes, buildings, "
                            "roads and water"), self.open_validate_dialog,
                         icon="icons/validate.svg")
        self._add_action("diachiReviewDock", tr("Review points"),
                         tr("Review flagged points over satellite imagery, fix them and "
                            "have a second person confirm"), self.show_review_dock,
                         icon="icons/review.svg")
        self._add_action("diachiPublish", tr("Publish confirmed points…"),
                         tr("Send confirmed points to the national map service, after a dry "
                            "run"), self.show_publish_dialog, toolbar=False)
        self._add_action("diachiRepairText", tr("Repair legacy Vietnamese text…"),
                         tr("Convert TCVN3, VNI and mojibake text of a layer to Unicode, "
                            "with a preview"), self.show_repair_text, toolbar=False)
        for name, text, algorithm in (
                ("diachiProgressReport", tr("Progress report…"), "diachi:reportprogress"),
                ("diachiQualityReport", tr("Quality per collector…"), "diachi:reportquality"),
                ("diachiHandover", tr("Commune hand-over PDFs…"), "diachi:reporthandover"),
                ("diachiReference", tr("Build reference data…"), "diachi:buildreference")):
            self._add_action(name, text, text.rstrip("…"),
                             lambda _checked=False, a=algorithm: self.open_algorithm(a),
                             toolbar=False)
        if not self.warn_if_incomplete():
            # lazy: the search bar's filter imports the library, checked just above
            from .locator import AddressLocator

            self.locator = AddressLocator(self.iface)

    def _add_action(self, name: str, text: str, tip: str, slot, *, toolbar: bool = True,
                    icon: str = "icon.svg") -> QAction:
        """A menu entry (and toolbar button, each its own icon), removed again by unload."""
        action = QAction(QIcon(os.path.join(PLUGIN_DIR, icon)), text, self.iface.mainWindow())
        action.setObjectName(name)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.iface.addPluginToMenu(self.menu, action)
        if toolbar:
            self.iface.addToolBarIcon(action)
        self.actions.append(action)
        return action

    def show_review_dock(self):
        """Show the review dock (created on first use); returns it."""
        if self.warn_if_incomplete():
            return None
        if self.review_dock is None:
            # lazy: the dock imports the library, which needs the packages checked above
            from .dialogs.review_dock import ReviewDock

            self.review_dock = ReviewDock(self.iface, self.iface.mainWindow())
            self.iface.addDockWidget(Qt.RightDockWidgetArea, self.review_dock)
        self.review_dock.show()
        self.review_dock.raise_()
        return self.review_dock

    def warn_if_incomplete(self) -> bool:
        """Tell the user, in the message bar, which Python packages are missing."""
        missing = missing_dependencies()
        if missing:
            notify(self.iface, tr("Needs these Python packages in QGIS: {}. Install them (see "
                                  "the README: shapely must be built for QGIS's GEOS) and "
                                  "restart QGIS.").format(", ".join(missing)),
                   Qgis.Warning, duration=0)
        return bool(missing)

    def show_publish_dialog(self) -> None:
        if self.warn_if_incomplete():
            return
        # lazy: the dialog imports the library, which needs the packages checked above
        from .dialogs.publish_dialog import PublishDialog

        session = self.review_dock.session.path if self.review_dock is not None and \
            self.review_dock.session is not None else ""
        self.publish_dialog = PublishDialog(self.iface, self.iface.mainWindow(), session=session)
        self.publish_dialog.show()

    def show_repair_text(self) -> None:
        if self.warn_if_incomplete():
            return
        # lazy: the dialog imports the library, which needs the packages checked above
        from .dialogs.repair_text import RepairTextDialog

        self.repair_dialog = RepairTextDialog(self.iface, self.iface.mainWindow())
        self.repair_dialog.show()

    def open_validate_dialog(self) -> None:
        self.open_algorithm("diachi:validatepoints")

    def open_algorithm(self, algorithm: str) -> None:
        """The Processing dialog of one of our algorithms."""
        if self.warn_if_incomplete():
            return
        # lazy: QGIS's Processing plugin (the framework ``processing``) loads after ours
        import processing

        processing.execAlgorithmDialog(algorithm, {})

    def unload(self) -> None:
        if self.locator is not None:
            self.locator.remove()
            self.locator = None
        dock, self.review_dock = self.review_dock, None
        if dock is not None and sip.isdeleted(dock):  # QGIS quitting deleted it already:
            if dock.session is not None:             # still give the session back
                dock.session.close()
            remove_shortcuts(dock.shortcuts)
        elif dock is not None:
            dock.detach()  # closes the session, also when QGIS deleted its layers
            self.iface.removeDockWidget(dock)
            dock.deleteLater()
        for action in reversed(self.actions):
            self.iface.removeToolBarIcon(action)
            self.iface.removePluginMenu(self.menu, action)
            action.deleteLater()
        self.actions.clear()
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.log_handler is not None:
            logbridge.uninstall(self.log_handler)
            self.log_handler = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
