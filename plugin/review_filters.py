"""The worklist filters of the review dock: filling the choices from a session, and the
:class:`WorkFilter` the choices make."""
from __future__ import annotations

from diachi_geo.checks import CHECK_CODES
from diachi_geo.messages import check_title
from diachi_geo.session import WorkFilter
from diachi_geo.session.status import STATUSES

from .i18n import status_word, tr

SEVERITY_NAMES = ("error", "warning", "info")


def commune_text(code: str, names: dict[str, str]) -> str:
    """A commune as the filter shows it: "15007 Xã Hoằng Giang", the code alone when the
    communes layer does not name it."""
    name = names.get(str(code))
    return f"{code} {name}" if name else str(code)


def fill_filters(dock, session, lang: str) -> None:
    """Fill the dock's filter choices from ``session``; "All" first in each."""
    combos = (dock.communeCombo, dock.checkCombo, dock.severityCombo, dock.collectorCombo,
              dock.statusCombo)
    for combo in combos:
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(tr("All"), None)
    names = session.commune_names()
    for code in session.distinct("commune_code"):
        dock.communeCombo.addItem(commune_text(code, names), code)
    for code in CHECK_CODES:
        dock.checkCombo.addItem(check_title(code, lang), code)
    for name, text in zip(SEVERITY_NAMES, (tr("Errors"), tr("Errors and warnings"),
                                           tr("Any finding"))):
        dock.severityCombo.addItem(text, name)
    for collector in session.distinct("collector"):
        dock.collectorCombo.addItem(collector, collector)
    for status in STATUSES:
        dock.statusCombo.addItem(status_word(status), status)
    for combo in combos:
        combo.blockSignals(False)


def current_filter(dock) -> WorkFilter:
    """The :class:`WorkFilter` of the dock's choices."""
    def chosen(combo) -> tuple:
        value = combo.currentData()
        return () if value is None else (value,)

    return WorkFilter(communes=chosen(dock.communeCombo), checks=chosen(dock.checkCombo),
                      severity=dock.severityCombo.currentData(),
                      collectors=chosen(dock.collectorCombo),
                      statuses=chosen(dock.statusCombo),
                      flagged_only=dock.flaggedCheck.isChecked())
