"""The duplicate group of the point under review: its members side by side, and the
choice of the record to keep."""
from __future__ import annotations

import os

from qgis.PyQt import uic
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QTableWidgetItem

from ..i18n import field_title, status_word, tr

FORM, BASE = uic.loadUiType(os.path.join(os.path.dirname(__file__), "review_group.ui"))
SHOWN = ("name", "address", "digital_code", "collector")
"""Canonical fields shown for each member, when the points have them."""
COPY_ON_MERGE = ("digital_code", "address", "photo", "house_number")
"""Canonical fields copied to the kept record when it lacks them."""


class GroupPanel(BASE, FORM):
    """One row per member; the row of the suggested keeper is selected."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.fields: dict = {}

    def clear(self) -> None:
        self.groupTable.setRowCount(0)

    def show_group(self, session, record) -> bool:
        """Fill the table with the point's group; False when it is in none."""
        self.groupTable.setRowCount(0)
        group_id = record.review.get("group_id")
        if not group_id:
            return False
        self.fields = fields = session.meta.get("fields", {})
        shown = [c for c in SHOWN if c in fields]
        members = session.group(group_id)
        self.groupTable.setColumnCount(2 + len(shown))
        self.groupTable.setHorizontalHeaderLabels([tr("Point"), tr("Status")] +
                                                  [field_title(c) for c in shown])
        for column, canonical in enumerate(shown, start=2):  # the data's own column name
            self.groupTable.horizontalHeaderItem(column).setToolTip(
                tr("Column in the data: {}").format(fields[canonical]))
        self.groupTable.setRowCount(len(members))
        keeper = next((f["related_id"] for f in record.findings
                       if f["check"] == "duplicate"), None)
        for row, fid in enumerate(members):
            member = session.point(fid)
            values = [member.point_id, status_word(member.review["status"])] + \
                [member.attributes.get(fields[c]) for c in shown]
            for column, value in enumerate(values):
                item = QTableWidgetItem("" if value is None else str(value))
                item.setData(Qt.UserRole, fid)
                self.groupTable.setItem(row, column, item)
            if str(member.point_id) == str(keeper):
                self.groupTable.selectRow(row)
        self.groupTable.resizeColumnsToContents()
        return True

    def merge_choice(self) -> tuple[int, list[int], list[str]] | None:
        """(kept fid, the other members' fids, fields to copy), None when no row is
        selected."""
        rows = self.groupTable.selectionModel().selectedRows()
        if not rows:
            return None
        keeper = self.groupTable.item(rows[0].row(), 0).data(Qt.UserRole)
        members = [self.groupTable.item(r, 0).data(Qt.UserRole)
                   for r in range(self.groupTable.rowCount())]
        copy = [self.fields[c] for c in COPY_ON_MERGE if c in self.fields] \
            if self.copyFieldsCheck.isChecked() else []
        return keeper, [f for f in members if f != keeper], copy
