"""The hand-over PDF of one commune: a cover page, then every digital address with its
QR code, name, category and detailed address, sorted by hamlet or street and house number;
addresses without an official code are listed apart as awaiting one (a code is never made
up). Vietnamese text is set in an embedded DejaVu Sans, which covers every diacritic."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass

import numpy as np
import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ..errors import OutputError
from ..io.write import atomic_output
from ..model import normalise_code
from ..text import blank_mask, fold, parse_address
from .data import SessionData
from .words import word

__all__ = ["write_handover", "write_handovers", "handover_rows", "find_font"]

FONT_CANDIDATES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                   "/usr/share/fonts/dejavu/DejaVuSans.ttf",
                   "/Library/Fonts/DejaVuSans.ttf", "C:/Windows/Fonts/DejaVuSans.ttf")


def find_font() -> tuple[str, str]:
    """Regular and bold DejaVu Sans (``DIACHI_FONT`` names another regular TTF)."""
    for path in (os.environ.get("DIACHI_FONT"), *FONT_CANDIDATES):
        if path and os.path.isfile(path):
            bold = path.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
            return path, bold if os.path.isfile(bold) else path
    raise OutputError.coded("no_pdf_font")


@dataclass
class Row:
    code: str | None
    name: str
    category: str
    address: str
    lon: float
    lat: float
    owner: str = ""


def _house_key(number: str) -> tuple:
    """``12``, ``12A``, ``12/3`` sort as numbers, then by their letters."""
    parts = re.findall(r"\d+|\D+", number or "")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts) or ((2, 0, ""),)


def handover_rows(data: SessionData, commune: str, *, include_unconfirmed: bool = False,
                  include_owner: bool = False) -> tuple[list[Row], list[Row]]:
    """(coded, awaiting) rows of ``commune``, sorted for reading on paper."""
    communes = data.column("commune_code")
    status, decision = data.column("status"), data.column("decision")
    if include_unconfirmed:
        chosen = decision != "rejected"
    else:
        chosen = (status == "confirmed") & np.isin(decision, ["approved", "corrected"])
    mine = np.flatnonzero(chosen & (communes == commune))
    codes = data.column("digital_code")
    blank = blank_mask(codes)
    names, categories, addresses = (data.column(c) for c in ("name", "category", "address"))
    owner_cols = [data.column(c) for c in ("owner_name", "owner_phone")] if include_owner \
        else []
    coded, awaiting = [], []
    keyed = []
    for i in mine:
        parts = parse_address(addresses[i])
        key = (parts.hamlet or "", parts.street or "", _house_key(parts.house_number),
               fold(str(names[i] or "")))
        row = Row(None if blank[i] else str(codes[i]).strip(), _text(names[i]),
                  _text(categories[i]), _text(addresses[i]), float(data.column("lon")[i]),
                  float(data.column("lat")[i]),
                  " · ".join(_text(c[i]) for c in owner_cols if _text(c[i])))
        keyed.append((key, row))
    for _, row in sorted(keyed, key=lambda item: item[0]):
        (coded if row.code else awaiting).append(row)
    return coded, awaiting


def _text(value: object) -> str:
    return "" if value is None else str(value)


def qr_payload(row: Row) -> str:
    """The code, then a geo URI of the gate (RFC 5870), one per line."""
    if row.lat == row.lat and row.lon == row.lon:
        return f"{row.code}\ngeo:{row.lat:.6f},{row.lon:.6f}"
    return str(row.code)


def write_handover(data: SessionData, commune: str, out: str, *, lang: str = "vi",
                   include_unconfirmed: bool = False, include_owner: bool = False,
                   map_image: str | None = None, today: dt.date | None = None) -> dict:
    """Write the hand-over PDF of ``commune`` to ``out``; return its counts."""
    regular, bold = find_font()
    pdfmetrics.registerFont(TTFont("DejaVuSans", regular))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", bold))
    coded, awaiting = handover_rows(data, commune, include_unconfirmed=include_unconfirmed,
                                    include_owner=include_owner)
    name = data.commune_names.get(commune, "")
    province = data.province_names.get(commune, "")
    today = today or dt.date.today()
    styles = {
        "title": ParagraphStyle("title", fontName="DejaVuSans-Bold", fontSize=20, leading=26,
                                spaceAfter=14),
        "h2": ParagraphStyle("h2", fontName="DejaVuSans-Bold", fontSize=13, leading=17,
                             spaceBefore=6, spaceAfter=8),
        "body": ParagraphStyle("body", fontName="DejaVuSans", fontSize=11, leading=15),
        "cell": ParagraphStyle("cell", fontName="DejaVuSans", fontSize=8.5, leading=10.5),
        "head": ParagraphStyle("head", fontName="DejaVuSans-Bold", fontSize=8.5,
                               leading=10.5),
    }
    title = word("handover_title", lang)
    story = [Spacer(1, 40 * mm), Paragraph(title, styles["title"]),
             Paragraph(f"{word('commune', lang)}: <b>{_esc(name or commune)}</b> ({commune})",
                       styles["body"])]
    if province:
        story.append(Paragraph(f"{word('province', lang)}: {_esc(province)}", styles["body"]))
    story += [Paragraph(f"{word('date', lang)}: {today.isoformat()}", styles["body"]),
              Spacer(1, 6 * mm),
              Paragraph(f"{word('count_coded', lang)}: {len(coded)}", styles["body"]),
              Paragraph(f"{word('count_awaiting', lang)}: {len(awaiting)}", styles["body"])]
    if include_unconfirmed:
        story.append(Paragraph(f"<i>{word('unconfirmed_warning', lang)}</i>", styles["body"]))
    if map_image:
        story += [PageBreak(), Paragraph(word("map_title", lang), styles["h2"]),
                  Image(map_image, width=180 * mm, height=180 * mm, kind="proportional")]
    owner = [word("owner", lang)] if include_owner else []
    if coded:
        head = ["#", word("code", lang), word("qr", lang), word("name", lang),
                word("category", lang), word("address", lang)] + owner
        rows = [[Paragraph(_esc(h), styles["head"]) for h in head]]
        for number, row in enumerate(coded, start=1):
            rows.append([str(number), Paragraph(_esc(row.code), styles["cell"]),
                         QrFlowable(qr_payload(row), 17 * mm),
                         Paragraph(_esc(row.name), styles["cell"]),
                         Paragraph(_esc(row.category), styles["cell"]),
                         Paragraph(_esc(row.address), styles["cell"])] +
                        ([Paragraph(_esc(row.owner), styles["cell"])] if include_owner else []))
        widths = [9 * mm, 30 * mm, 25 * mm, 38 * mm, 22 * mm, 58 * mm]
        if include_owner:
            widths = [9 * mm, 26 * mm, 25 * mm, 32 * mm, 18 * mm, 44 * mm, 28 * mm]
        story += [PageBreak(), _table(rows, widths)]
    if awaiting:
        head = ["#", word("name", lang), word("category", lang), word("address", lang)] + owner
        rows = [[Paragraph(_esc(h), styles["head"]) for h in head]]
        for number, row in enumerate(awaiting, start=1):
            rows.append([str(number), Paragraph(_esc(row.name), styles["cell"]),
                         Paragraph(_esc(row.category), styles["cell"]),
                         Paragraph(_esc(row.address), styles["cell"])] +
                        ([Paragraph(_esc(row.owner), styles["cell"])] if include_owner else []))
        widths = [9 * mm, 50 * mm, 28 * mm, 95 * mm] if not include_owner else \
            [9 * mm, 42 * mm, 24 * mm, 75 * mm, 32 * mm]
        story += [PageBreak(), Paragraph(word("awaiting_title", lang), styles["h2"]),
                  _table(rows, widths)]
    header = f"{title} — {name or commune} ({commune})"
    with atomic_output(out) as temp:
        doc = SimpleDocTemplate(temp, pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm,
                                topMargin=18 * mm, bottomMargin=16 * mm, title=header,
                                author="diachi-geo", lang=lang)
        doc.build(story, canvasmaker=_numbered_canvas(header, word("page", lang)))
    return {"commune": commune, "name": name, "coded": len(coded), "awaiting": len(awaiting)}


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(rows: list, widths: list) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)  # the header on every page
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "DejaVuSans", 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eceff1")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b0bec5")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return table


def _numbered_canvas(header: str, page_words: str):
    """A canvas that knows the page count, for "Page 3 of 12" and the repeated header."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("initialFontName", "DejaVuSans")  # Helvetica has no Vietnamese
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 - reportlab API names
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont("DejaVuSans", 8)
                self.setFillGray(0.35)
                if self._pageNumber > 1:
                    self.drawString(14 * mm, A4[1] - 11 * mm, header)
                self.drawRightString(A4[0] - 14 * mm, 9 * mm, page_words.format(
                    page=self._pageNumber, pages=total))
                super().showPage()
            super().save()

    return NumberedCanvas


class QrFlowable(Flowable):
    """A QR code drawn as vector squares (segno encodes; nothing is rasterised)."""

    BORDER = 2  # quiet zone, in modules

    def __init__(self, payload: str, size: float):
        super().__init__()
        self.matrix = segno.make(payload, error="m", micro=False).matrix
        self.size = self.width = self.height = size

    def draw(self) -> None:
        cell = self.size / (len(self.matrix) + 2 * self.BORDER)
        self.canv.setFillColorRGB(0, 0, 0)
        for r, line in enumerate(self.matrix):
            y = self.size - (r + self.BORDER + 1) * cell
            c = 0
            while c < len(line):  # one rectangle per run of dark modules
                if line[c]:
                    start = c
                    while c < len(line) and line[c]:
                        c += 1
                    self.canv.rect((start + self.BORDER) * cell, y, (c - start) * cell, cell,
                                   stroke=0, fill=1)
                c += 1


def write_handovers(data: SessionData, folder: str, *, communes: list[str] | None = None,
                    lang: str = "vi", include_unconfirmed: bool = False,
                    include_owner: bool = False, today: dt.date | None = None,
                    writer=write_handover) -> list[dict]:
    """One PDF per commune in ``folder``, with ``manifest.csv`` and ``SHA256SUMS``.

    ``writer`` writes one commune's PDF (the plugin's adds a map rendered by QGIS)."""
    os.makedirs(folder, exist_ok=True)
    all_codes = sorted({str(c) for c in data.column("commune_code") if c is not None})
    chosen = [str(c) for c in normalise_code(np.array(communes, dtype=object))] \
        if communes else all_codes
    unknown = [c for c in chosen if c not in all_codes]
    if unknown:
        raise OutputError.coded("report_communes_unknown", codes=unknown, known=list(all_codes))
    entries = []
    for code in chosen:
        name = data.commune_names.get(code, "")
        slug = re.sub(r"[^a-z0-9]+", "-", fold(name).lower()).strip("-")
        filename = f"{code}-{slug}.pdf" if slug else f"{code}.pdf"
        path = os.path.join(folder, filename)
        counts = writer(data, code, path, lang=lang,
                                include_unconfirmed=include_unconfirmed,
                                include_owner=include_owner, today=today)
        with open(path, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        entries.append({"file": filename, **counts, "sha256": digest})
    with atomic_output(os.path.join(folder, "manifest.csv")) as temp:
        with open(temp, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(entries[0]))
            writer.writeheader()
            writer.writerows(entries)
    with atomic_output(os.path.join(folder, "SHA256SUMS")) as temp:
        with open(temp, "w", encoding="utf-8") as handle:
            handle.writelines(f"{e['sha256']}  {e['file']}\n" for e in entries)
    return entries
