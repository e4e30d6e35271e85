"""One logging handler that sends ``diachi_geo`` log records to QGIS's message log."""
from __future__ import annotations

import logging

from qgis.core import Qgis, QgsMessageLog

TAG = "diachi"
_LEVELS = ((logging.ERROR, Qgis.Critical), (logging.WARNING, Qgis.Warning),
           (logging.NOTSET, Qgis.Info))


class MessageLogHandler(logging.Handler):
    """Forwards records to QgsMessageLog under the tag ``diachi``."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            level = next(q for py, q in _LEVELS if record.levelno >= py)
            QgsMessageLog.logMessage(self.format(record), TAG, level)
        except Exception:  # a log line must never break QGIS
            self.handleError(record)


def install() -> MessageLogHandler:
    handler = MessageLogHandler()
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    logger = logging.getLogger("diachi_geo")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


def uninstall(handler: MessageLogHandler) -> None:
    logging.getLogger("diachi_geo").removeHandler(handler)
