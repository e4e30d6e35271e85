"""The point under review: its attributes and review state, and its findings in words."""
from __future__ import annotations

import html
import os

from diachi_geo.messages import check_title, describe
from qgis.PyQt import uic
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import QListWidgetItem

from ..i18n import status_word, tr

FORM, BASE = uic.loadUiType(os.path.join(os.path.dirname(__file__), "review_point.ui"))
SHOWN_FIELDS = ("name", "category", "address", "commune_code", "digital_code", "collector",
                "collected_at")
"""The canonical fields shown, in this order, when the points have them."""


def field_titles() -> dict[str, str]:
    return {"name": tr("Name"), "category": tr("Category"), "address": tr("Address"),
            "commune_code": tr("Commune"), "digital_code": tr("Digital address code"),
            "collector": tr("Collector"), "collected_at": tr("Collected at")}


def point_rows(record, fields: dict) -> list[tuple[str, object]]:
    """(title, value) of what the officer reads about a point, review state last."""
    titles = field_titles()
    rows = [(tr("Point"), record.point_id)]
    rows += [(titles[c], record.attributes.get(fields[c])) for c in SHOWN_FIELDS
             if fields.get(c)]
    review = record.review
    rows.append((tr("Status"), status_word(review["status"])))
    if review["reviewed_by"]:
        rows.append((tr("Reviewed by"), f"{review['reviewed_by']} ({review['reviewed_at']})"))
    if review["checked_by"]:
        rows.append((tr("Checked by"), f"{review['checked_by']} ({review['checked_at']})"))
    if review["reason"]:
        rows.append((tr("Reason"), review["reason"]))
    return rows


def point_html(record, fields: dict) -> str:
    body = "".join(f"<tr><th align='left'>{html.escape(str(k))}</th>"
                   f"<td>{html.escape('' if v is None else str(v))}</td></tr>"
                   for k, v in point_rows(record, fields))
    return f"<table cellspacing='2'>{body}</table>"


def finding_text(finding: dict, lang: str) -> str:
    """A finding as the officer reads it: the check's title, then what it found."""
    text = f"{check_title(finding['check'], lang)}: " \
           f"{describe(finding['message_code'], finding['params'], lang)}"
    return text + (f"  [{tr('dismissed')}]" if finding["dismissed"] else "")


class PointPanel(BASE, FORM):
    """Shows one :class:`~diachi_geo.session.PointRecord`; the first open finding is
    selected, ready for D (dismiss)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setupUi(self)

    def clear(self) -> None:
        self.pointBrowser.setHtml("")
        self.findingsList.clear()

    def show_point(self, record, fields: dict, lang: str) -> None:
        self.pointBrowser.setHtml(point_html(record, fields))
        self.findingsList.clear()
        for finding in record.findings:
            item = QListWidgetItem(finding_text(finding, lang))
            item.setData(Qt.UserRole, finding["key"])
            if finding["dismissed"]:
                item.setForeground(QColor("#9e9e9e"))
            self.findingsList.addItem(item)
        open_rows = [i for i, f in enumerate(record.findings) if not f["dismissed"]]
        if open_rows:
            self.findingsList.setCurrentRow(open_rows[0])

    def selected_finding(self) -> str | None:
        """The key of the selected finding, None when none is selected."""
        item = self.findingsList.currentItem()
        return None if item is None else item.data(Qt.UserRole)
