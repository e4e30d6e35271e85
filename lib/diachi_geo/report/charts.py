"""Small self-contained SVG charts and the HTML page that holds them.

The page carries everything inline (no script, no web font, no network), so it opens the
same from a USB stick in any browser.
"""
from __future__ import annotations

import html
from collections.abc import Sequence

__all__ = ["bar_chart", "line_chart", "html_page", "table_html"]

COLOURS = ("#1e88e5", "#43a047", "#fb8c00", "#e53935", "#8e24aa", "#00acc1")


def bar_chart(title: str, labels: Sequence[str], series: dict[str, Sequence[float]], *,
              unit: str = "", width: int = 760, bar_height: int = 16) -> str:
    """Horizontal bars, one row per label and one bar per series (side by side)."""
    names = list(series)
    top = max([max(v, default=0) for v in series.values()] + [1e-9])
    label_w, gap = 170, 10
    row_h = bar_height * len(names) + gap
    height = 40 + row_h * len(labels) + 20 * len(names)
    plot_w = width - label_w - 70
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'role="img" aria-label="{html.escape(title)}">',
           f'<text x="0" y="18" font-size="15" font-weight="bold">{html.escape(title)}</text>']
    for row, label in enumerate(labels):
        y = 32 + row * row_h
        out.append(f'<text x="{label_w - 6}" y="{y + row_h / 2}" font-size="12" '
                   f'text-anchor="end">{html.escape(str(label))}</text>')
        for k, name in enumerate(names):
            value = float(series[name][row] or 0)
            w = max(plot_w * value / top, 0)
            out.append(f'<rect x="{label_w}" y="{y + k * bar_height}" width="{w:.1f}" '
                       f'height="{bar_height - 2}" fill="{COLOURS[k % len(COLOURS)]}">'
                       f'<title>{html.escape(name)}: {value:g}{unit}</title></rect>')
            out.append(f'<text x="{label_w + w + 4:.1f}" y="{y + k * bar_height + 12}" '
                       f'font-size="11">{value:.3g}{html.escape(unit)}</text>')
    out += _legend(names, 34 + row_h * len(labels))
    out.append("</svg>")
    return "".join(out)


def line_chart(title: str, x_labels: Sequence[str], series: dict[str, Sequence[float]], *,
               width: int = 760, height: int = 300) -> str:
    """One line per series over ``x_labels`` (e.g. weeks)."""
    names = list(series)
    top = max([max(v, default=0) for v in series.values()] + [1e-9])
    left, right, upper, lower = 50, 20, 30, 60 + 20 * len(names)
    plot_w, plot_h = width - left - right, height - upper - lower
    step = plot_w / max(len(x_labels) - 1, 1)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'role="img" aria-label="{html.escape(title)}">',
           f'<text x="0" y="18" font-size="15" font-weight="bold">{html.escape(title)}</text>',
           f'<line x1="{left}" y1="{upper + plot_h}" x2="{left + plot_w}" '
           f'y2="{upper + plot_h}" stroke="#999"/>',
           f'<text x="{left - 6}" y="{upper + 4}" font-size="11" text-anchor="end">'
           f'{top:.0f}</text>']
    for i, label in enumerate(x_labels):
        if len(x_labels) <= 12 or i % max(len(x_labels) // 12, 1) == 0:
            out.append(f'<text x="{left + i * step:.1f}" y="{upper + plot_h + 16}" '
                       f'font-size="10" text-anchor="middle">{html.escape(label)}</text>')
    for k, name in enumerate(names):
        points = " ".join(f"{left + i * step:.1f},{upper + plot_h * (1 - v / top):.1f}"
                          for i, v in enumerate(series[name]))
        out.append(f'<polyline points="{points}" fill="none" stroke-width="2.5" '
                   f'stroke="{COLOURS[k % len(COLOURS)]}"/>')
    out += _legend(names, upper + plot_h + 30)
    out.append("</svg>")
    return "".join(out)


def _legend(names: Sequence[str], y: float) -> list[str]:
    out = []
    for k, name in enumerate(names):
        out.append(f'<rect x="0" y="{y + 20 * k}" width="12" height="12" '
                   f'fill="{COLOURS[k % len(COLOURS)]}"/>'
                   f'<text x="18" y="{y + 20 * k + 11}" font-size="12">{html.escape(name)}'
                   "</text>")
    return out


def table_html(head: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """An HTML table of ``rows`` under ``head`` (floats to 3 digits, NaN blank)."""
    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:.3g}" if value == value else ""
        return html.escape("" if value is None else str(value))

    body = "".join("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>"
                   for row in rows)
    return ("<table><thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) +
            f"</tr></thead><tbody>{body}</tbody></table>")


def html_page(title: str, parts: Sequence[str], *, lang: str) -> str:
    """A whole HTML page: ``title`` and ``parts`` (charts, tables) with their style."""
    style = ("body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px;color:#263238}"
             "table{border-collapse:collapse;margin:12px 0 28px}td,th{border:1px solid #cfd8dc;"
             "padding:3px 8px;font-size:13px;text-align:right}th{background:#eceff1}"
             "td:first-child,th:first-child{text-align:left}svg{display:block;margin:18px 0}")
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{style}</style></head><body>"
            f"<h1>{html.escape(title)}</h1>{''.join(parts)}</body></html>")
