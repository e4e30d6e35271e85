"""The audit of the point under review: every change, who made it and when."""
from __future__ import annotations

import datetime
import html
import json
import os

from qgis.PyQt import uic

from ..i18n import action_word, reason_text, status_word, tr

FORM, BASE = uic.loadUiType(os.path.join(os.path.dirname(__file__), "review_history.ui"))


def local_time(at: str | None) -> str:
    """An audit time (UTC, ISO 8601) in this computer's time zone, to the minute."""
    try:
        moment = datetime.datetime.fromisoformat(str(at))
    except ValueError:
        return "" if at is None else str(at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def quoted(value: object) -> str:
    return tr("(empty)") if value is None or value == "" else f"“{html.escape(str(value))}”"


def value_changes(row: dict) -> str:
    """The attribute values an action changed (a correction, a field visit, a merge), one
    line each: field: “old” → “new”."""
    old = json.loads(row.get("old_values") or "{}")
    new = json.loads(row.get("new_values") or "{}")
    return "".join(f"<br>{html.escape(key[5:])}: {quoted(old.get(key))} → {quoted(value)}"
                   for key, value in new.items() if key.startswith("attr:"))


def history_html(rows: list[dict]) -> str:
    """The audit rows of one point (``Session.history``) as a list, oldest first."""
    items = []
    for row in rows:
        moved = ""
        if row["new_x"] is not None and row["old_x"] is not None:
            moved = f" ({row['old_x']:.6f}, {row['old_y']:.6f}) → " \
                    f"({row['new_x']:.6f}, {row['new_y']:.6f})"
        undone = f" <i>[{tr('undone')}]</i>" if row["undone"] else ""
        reason = reason_text(row["reason"], row["action"])
        items.append(f"<li>{html.escape(local_time(row['at']))} <b>{html.escape(row['user'])}</b> "
                     f"{html.escape(action_word(row['action']))}: "
                     f"{status_word(row['old_status'])} → {status_word(row['new_status'])}"
                     f"{moved}{' — ' + html.escape(reason) if reason else ''}"
                     f"{undone}{value_changes(row)}</li>")
    return "<ul>" + "".join(items) + "</ul>" if items else tr("No changes yet.")


class HistoryPanel(BASE, FORM):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setupUi(self)

    def clear(self) -> None:
        self.historyBrowser.setHtml("")

    def show_history(self, session, fid: int) -> None:
        self.historyBrowser.setHtml(history_html(session.history(fid)))
