"""The "Địa chỉ / Diachi" Processing provider: our algorithms and the bundled models."""
from __future__ import annotations

import glob
import logging
import os

from qgis.core import QgsApplication, QgsProcessingModelAlgorithm, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .build_reference import BuildReferenceAlgorithm
from .build_session import BuildSessionAlgorithm
from .check_misplaced import CheckMisplacedAlgorithm
from .field_export import FieldExportAlgorithm
from .field_import import FieldImportAlgorithm
from .find_duplicates import FindDuplicatesAlgorithm
from .publish_points import PublishAlgorithm
from .report_handover import ReportHandoverAlgorithm
from .report_progress import ReportProgressAlgorithm
from .report_quality import ReportQualityAlgorithm
from .snap_points import SnapPointsAlgorithm
from .validate_points import ValidatePointsAlgorithm

log = logging.getLogger("diachi_geo.processing")


class DiachiProvider(QgsProcessingProvider):
    def __init__(self, plugin_dir: str):
        super().__init__()
        self.plugin_dir = plugin_dir

    def id(self) -> str:
        return "diachi"

    def name(self) -> str:
        return "Địa chỉ / Diachi"

    def icon(self) -> QIcon:
        return QIcon(os.path.join(self.plugin_dir, "icon.svg"))

    def loadAlgorithms(self) -> None:  # noqa: N802 - QGIS API name
        for algorithm in (ValidatePointsAlgorithm(), CheckMisplacedAlgorithm(),
                          SnapPointsAlgorithm(), FindDuplicatesAlgorithm(),
                          BuildSessionAlgorithm(), ReportProgressAlgorithm(),
                          ReportQualityAlgorithm(), ReportHandoverAlgorithm(),
                          PublishAlgorithm(), BuildReferenceAlgorithm(),
                          FieldExportAlgorithm(), FieldImportAlgorithm()):
            self.addAlgorithm(algorithm)
        # A model finds its steps in the registry, which holds this provider only once it
        # has loaded: the plugin calls refreshAlgorithms() after adding the provider.
        registered = QgsApplication.processingRegistry().providerById(self.id()) is self
        for path in sorted(glob.glob(os.path.join(os.path.dirname(__file__), "models",
                                                  "*.model3"))):
            model = QgsProcessingModelAlgorithm()
            if not model.fromFile(path):
                log.warning("model %s could not be loaded", path)
            elif registered:
                self.addAlgorithm(model)
