"""Quality per collector: who needs retraining first, and on what."""
from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np

from ..checks import CHECK_CODES
from ..messages import check_title
from ..timestamps import seconds_of
from .charts import bar_chart, html_page, table_html
from .data import SessionData
from .progress import write_html, write_table
from .words import word

__all__ = ["quality_table", "write_quality"]

BURST_METRES = 5.0
BURST_SECONDS = 300
PROBLEM_CHECKS = [c for c in CHECK_CODES if c != "snap"]
"""Checks that count as a collector's mistake (a snap of a few metres is normal)."""


def quality_table(data: SessionData) -> list[dict]:
    """One row per collector, the ones who most need help first.

    ``needs_help`` adds the share of points with a problem (any check but a small snap),
    the rejection rate among reviewed points, and the share of points in bursts (collected
    within 5 m and 5 minutes of the previous one: filled in from one spot)."""
    collectors = np.array(["" if c is None else str(c) for c in data.column("collector")],
                          dtype=object)
    ids = np.array([str(i) for i in data.column("point_id")], dtype=object)
    by_point = dict(zip(ids, collectors))
    checks: dict[str, Counter] = defaultdict(Counter)
    flagged: dict[str, set] = defaultdict(set)
    snaps: dict[str, list[float]] = defaultdict(list)
    duplicates: Counter = Counter()
    for point_id, check, moved, related in zip(*(data.findings[k] for k in (
            "point_id", "check", "moved_m", "related_id"))):
        who = by_point.get(str(point_id))
        if who is None:
            continue
        checks[who][check] += 1
        if check in PROBLEM_CHECKS:
            flagged[who].add(point_id)
        if check == "snap" and moved is not None:
            snaps[who].append(float(moved))
        if check == "duplicate" and str(related) != str(point_id):
            duplicates[who] += 1
    rows = []
    status, decision = data.column("status"), data.column("decision")
    seconds = seconds_of(data.column("collected_at"))
    for who in sorted(set(collectors)):
        mine = np.flatnonzero(collectors == who)
        n = len(mine)
        reviewed = sum(1 for i in mine if status[i] not in ("new", "returned"))
        rejected = sum(1 for i in mine if decision[i] == "rejected")
        hourly, bursts = _time_pattern(mine, seconds, data.column("lon"), data.column("lat"))
        row = {"collector": who, "points": n}
        for check in CHECK_CODES:
            row[f"share_{check}"] = round(checks[who][check] / n, 4) if n else 0.0
        row["median_snap_m"] = round(float(np.median(snaps[who])), 2) if snaps[who] else None
        row["duplicates_created"] = duplicates[who]
        row["rejection_rate"] = round(rejected / reviewed, 4) if reviewed else None
        row["points_per_hour"] = hourly
        row["bursts"] = bursts
        row["needs_help"] = round(len(flagged[who]) / n + (row["rejection_rate"] or 0) +
                                  bursts / n, 4) if n else 0.0
        rows.append(row)
    rows.sort(key=lambda r: (-r["needs_help"], r["collector"]))
    return rows


def _time_pattern(mine: np.ndarray, seconds: np.ndarray, lon: np.ndarray, lat: np.ndarray
                  ) -> tuple[float | None, int]:
    """Median points per active hour (Vietnam's hours), and points collected in bursts at
    one spot (within 5 m and 5 minutes of the one collected before)."""
    timed = mine[np.isfinite(seconds[mine])]
    if not len(timed):
        return None, 0
    timed = timed[np.argsort(seconds[timed], kind="stable")]
    _, per_hour = np.unique((seconds[timed] + 7 * 3600) // 3600, return_counts=True)
    a, b = timed[:-1], timed[1:]
    metres = 111_320 * np.hypot((lon[b] - lon[a]) * np.cos(np.radians(lat[a])),
                                lat[b] - lat[a])
    close = (seconds[b] - seconds[a] <= BURST_SECONDS) & (metres <= BURST_METRES)
    return float(np.median(per_hour)), int(close.sum())


def write_quality(data: SessionData, out: str, *, html: str | None = None, lang: str = "en"
                  ) -> list[dict]:
    """Write the quality table to ``out`` (and an HTML page with charts); return its rows."""
    rows = quality_table(data)
    write_table(out, {"collectors": rows})
    if html:
        labels = [r["collector"] or "-" for r in rows]
        measures = ["needs_help", "rejection_rate", "median_snap_m", "duplicates_created",
                    "points_per_hour", "bursts"]
        parts = [bar_chart(word(m, lang), labels, {word(m, lang): [r[m] or 0 for r in rows]})
                 for m in measures]
        shares = {c: [r[f"share_{c}"] for r in rows] for c in PROBLEM_CHECKS
                  if any(r[f"share_{c}"] for r in rows)}
        if shares:
            parts.append(bar_chart(word("share", lang), labels,
                                   {check_title(c, lang): v for c, v in shares.items()}))
        head = ["collector", "points", "needs_help", "rejection_rate", "median_snap_m",
                "duplicates_created", "points_per_hour", "bursts"]
        parts.append(table_html([word(h, lang) for h in head],
                                [[r[h] for h in head] for r in rows]))
        write_html(html, html_page(word("quality_title", lang), parts, lang=lang))
    return rows
