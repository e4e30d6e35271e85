"""Progress per commune (and per legacy district) against quotas, and per week."""
from __future__ import annotations

import csv
import os
from collections import Counter, defaultdict

import numpy as np

from ..errors import InputError, OutputError
from ..field.tables import field_counts
from ..io.write import OutputLayer, atomic_output, write_vector
from ..model import normalise_code
from ..tabular import read_csv_rows
from ..timestamps import parse_time
from .charts import bar_chart, html_page, line_chart, table_html
from .data import SessionData
from .words import word

__all__ = ["read_quotas", "progress_tables", "write_progress"]

REVIEWED = ("approved", "corrected", "rejected", "needs_field_check", "confirmed")


def read_quotas(path: str) -> dict[str, int]:
    """A CSV of commune code and quota (header ``commune_code,quota`` or any two columns)."""
    rows = read_csv_rows(path)
    quotas: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        if len(row) < 2 or not row[0].strip():
            continue
        try:
            quota = int(float(row[1].replace(",", ".")))
        except ValueError:
            if number == 1:
                continue  # the header
            raise InputError.coded("quota_not_number", path=path, row=number,
                                   quota=row[1]) from None
        code = str(normalise_code(np.array([row[0].strip()], dtype=object))[0])
        quotas[code] = quota
    return quotas


def _week(value: object) -> str | None:
    """ISO week ``2025-W07`` of a timestamp text, None when it cannot be read."""
    day = parse_time(value)
    if day is None:
        return None
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def progress_tables(data: SessionData, quotas: dict[str, int] | None = None, *,
                    by: str = "commune_code") -> dict[str, list[dict]]:
    """``units``: one row per commune (or district) with collected, reviewed, confirmed,
    rejected, quota and percentages (per commune also the points sent to the field,
    returned and still out); ``weeks``: points collected per unit and week; ``field``: the
    points sent, returned and still out per assignee."""
    quotas = quotas or {}
    units = data.column(by)
    status, decision = data.column("status"), data.column("decision")
    counts: dict[str, Counter] = defaultdict(Counter)
    for unit, st, dec in zip(units, status, decision):
        key = "" if unit is None else str(unit)
        counts[key]["collected"] += 1
        counts[key]["reviewed"] += st in REVIEWED
        counts[key]["confirmed"] += st == "confirmed"
        counts[key]["rejected"] += dec == "rejected"
    keys = sorted(set(counts) | (set(quotas) if by == "commune_code" else set()))
    rows = []
    for key in keys:
        c = counts.get(key, Counter())
        quota = quotas.get(key) if by == "commune_code" else None
        rows.append({"unit": key, "name": data.commune_names.get(key, ""),
                     "quota": quota, "collected": c["collected"], "reviewed": c["reviewed"],
                     "confirmed": c["confirmed"], "rejected": c["rejected"],
                     "pct_collected": _pct(c["collected"], quota),
                     "pct_confirmed": _pct(c["confirmed"], quota)})
    if by == "commune_code":
        sent = field_counts(data.path, "commune_code")
        for row in rows:
            out = sent.get(row["unit"], {})
            row.update({"field_sent": out.get("sent", 0),
                        "field_returned": out.get("returned", 0),
                        "field_out": out.get("out", 0)})
    field = [{"assignee": who, "field_sent": c["sent"], "field_returned": c["returned"],
              "field_out": c["out"]} for who, c in field_counts(data.path, "assignee").items()]
    weekly: dict[tuple[str, str], int] = Counter(
        ("" if u is None else str(u), w) for u, w in
        zip(units, (_week(v) for v in data.column("collected_at"))) if w)
    weeks = [{"unit": u, "week": w, "collected": n} for (u, w), n in sorted(weekly.items())]
    return {"units": rows, "weeks": weeks, "field": field}


def _pct(count: int, quota: int | None) -> float | None:
    return round(100.0 * count / quota, 1) if quota else None


def write_progress(data: SessionData, out: str, *, quotas: dict[str, int] | None = None,
                   by: str = "commune_code", html: str | None = None, lang: str = "en"
                   ) -> dict[str, list[dict]]:
    """Write the tables to ``out`` (.xlsx: a sheet each; .csv: the units) and, when asked,
    an HTML page with the charts."""
    tables = progress_tables(data, quotas, by=by)
    unit_word = word("district" if by == "district_code" else "commune", lang)
    heads = {"unit": unit_word, "name": "", "quota": word("quota", lang),
             "collected": word("collected", lang), "reviewed": word("reviewed", lang),
             "confirmed": word("confirmed", lang), "rejected": word("rejected", lang),
             "pct_collected": word("pct_collected", lang),
             "pct_confirmed": word("pct_confirmed", lang)}
    field_heads = {"field_sent": word("field_sent", lang),
                   "field_returned": word("field_returned", lang),
                   "field_out": word("field_out", lang)}
    sheets = {"units": tables["units"], "weeks": tables["weeks"]}
    if tables["field"]:
        sheets["field"] = tables["field"]
    write_table(out, sheets)
    if html:
        rows = tables["units"]
        labels = [f"{r['unit']} {r['name']}".strip() for r in rows]
        parts = [bar_chart(word("pct_collected", lang) + " / " + word("pct_confirmed", lang),
                           labels, {word("collected", lang): [r["pct_collected"] or 0
                                                              for r in rows],
                                    word("confirmed", lang): [r["pct_confirmed"] or 0
                                                              for r in rows]}, unit="%")
                 if any(r["quota"] for r in rows) else
                 bar_chart(word("collected", lang), labels,
                           {word("collected", lang): [r["collected"] for r in rows],
                            word("confirmed", lang): [r["confirmed"] for r in rows]})]
        weeks = sorted({w["week"] for w in tables["weeks"]})
        if weeks:
            per_week = Counter()
            for w in tables["weeks"]:
                per_week[w["week"]] += w["collected"]
            parts.append(line_chart(word("per_week", lang), weeks,
                                    {word("collected", lang): [per_week[w] for w in weeks]}))
        shown = {**heads, **field_heads} if tables["field"] and rows and \
            "field_sent" in rows[0] else heads
        parts.append(table_html([shown[k] for k in shown],
                                [[r[k] for k in shown] for r in rows]))
        if tables["field"]:
            parts.append(table_html([word("assignee", lang), *field_heads.values()],
                                    [[r["assignee"] or "-", *(r[k] for k in field_heads)]
                                     for r in tables["field"]]))
        write_html(html, html_page(word("progress_title", lang), parts, lang=lang))
    return tables


def write_table(out: str, sheets: dict[str, list[dict]]) -> None:
    """Rows to ``out``: XLSX with one sheet per table, or CSV of the first table."""
    suffix = os.path.splitext(out)[1].lower()
    if suffix == ".csv":
        rows = next(iter(sheets.values()))
        with atomic_output(out) as temp:
            with open(temp, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["unit"])
                writer.writeheader()
                writer.writerows(rows)
        return
    if suffix != ".xlsx":
        raise OutputError.coded("report_format" if suffix else "report_no_suffix", suffix=suffix)
    layers = []
    for name, rows in sheets.items():
        names = list(rows[0]) if rows else ["unit"]
        columns = {n: np.array([r.get(n) for r in rows], dtype=object) for n in names}
        for n, values in columns.items():
            if all(isinstance(v, (int, float)) or v is None for v in values) and len(values):
                columns[n] = np.array([np.nan if v is None else v for v in values], dtype=float)
        layers.append(OutputLayer(name, columns, np.full(len(rows), None, dtype=object),
                                  geometry_type="Unknown"))
    write_vector(out, layers)


def write_html(path: str, text: str) -> None:
    with atomic_output(path) as temp:
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write(text)
