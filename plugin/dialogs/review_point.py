"""The point under review: its attributes and review state, and its findings in words."""
from __future__ import annotations

import html
import os

from diachi_geo.messages import check_title, describe, label
from qgis.PyQt import uic
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import QListWidgetItem

from ..i18n import reason_text, status_word, tr
from .review_history import local_time

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
        rows.append((tr("Reviewed by"),
                     f"{review['reviewed_by']} ({local_time(review['reviewed_at'])})"))
    if review["checked_by"]:
        rows.append((tr("Checked by"),
                     f"{review['checked_by']} ({local_time(review['checked_at'])})"))
    if review["reason"]:
        rows.append((tr("Reason"), reason_text(review["reason"])))
    return rows


def point_html(record, fields: dict) -> str:
    body = "".join(f"<tr><td style='padding-right: 8px'><b>{html.escape(str(k))}</b></td>"
                   f"<td>{html.escape('' if v is None else str(v))}</td></tr>"
                   for k, v in point_rows(record, fields))
    return f"<table cellspacing='1'>{body}</table>"


def suggestion_distance(params: dict) -> float | None:
    """Metres from the point to the suggested location, when the finding says."""
    if "moved_m" in params:
        return params["moved_m"]
    return params.get(f"{params.get('suggestion')}_distance_m")


def finding_text(finding: dict, lang: str, *, suggested: bool = False) -> str:
    """A finding as the officer reads it: the check and how serious it is, what it found,
    and for the finding behind the green square how far and how sure the suggestion is."""
    lines = [f"{check_title(finding['check'], lang)} ({label(finding['severity'], lang)})"
             + (f" [{tr('dismissed')}]" if finding["dismissed"] else ""),
             describe(finding["message_code"], finding["params"], lang)]
    if suggested:
        distance, sure = suggestion_distance(finding["params"]), round(100 * finding["score"])
        lines.append(tr("Suggested location (green square): {:g} m away, {} % sure; S accepts "
                        "it.").format(distance, sure) if distance is not None else
                     tr("Suggested location (green square): {} % sure; S accepts it.").format(
                         sure))
    return "\n".join(lines)


class PointPanel(BASE, FORM):
    """Shows one :class:`~diachi_geo.session.PointRecord`: every attribute row and every
    finding in full, wrapped to the panel's width; the first open finding is selected,
    ready for D (dismiss)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.fit_findings()

    def clear(self) -> None:
        self.attributesLabel.setText("")
        self.findingsList.clear()
        self.fit_findings()

    def show_point(self, record, fields: dict, lang: str) -> None:
        self.attributesLabel.setText(point_html(record, fields))
        self.findingsList.clear()
        suggestion = record.suggestion()
        suggested_key = suggestion["key"] if suggestion is not None and \
            record.review["decision"] != "corrected" else None
        for finding in record.findings:
            item = QListWidgetItem(finding_text(finding, lang,
                                                suggested=finding["key"] == suggested_key))
            item.setData(Qt.UserRole, finding["key"])
            if finding["dismissed"]:
                item.setForeground(QColor("#9e9e9e"))
            self.findingsList.addItem(item)
        open_rows = [i for i, f in enumerate(record.findings) if not f["dismissed"]]
        if open_rows:
            self.findingsList.setCurrentRow(open_rows[0])
        self.fit_findings()

    def selected_finding(self) -> str | None:
        """The key of the selected finding, None when none is selected."""
        item = self.findingsList.currentItem()
        return None if item is None else item.data(Qt.UserRole)

    def fit_findings(self) -> None:
        """As tall as its wrapped findings: the panel scrolls, the list never does."""
        findings = self.findingsList
        findings.doItemsLayout()
        rows = sum(findings.visualItemRect(findings.item(i)).height()
                   for i in range(findings.count()))
        findings.setFixedHeight(max(rows, findings.fontMetrics().height() + 4)
                                + 2 * findings.frameWidth())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API name
        super().resizeEvent(event)
        self.fit_findings()  # a new width wraps the findings anew
