"""The ledger on paper: Letter landscape, 1-inch margins, the court serif embedded, a header row
repeated on every page, and the rate with its source."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .errors import InputError, Problem
from .interest import Balance
from .ledger import ledger_rows, short_cells
from .pleading_pdf import COURT_FONT, court_font_has, court_fonts
from .values import characters, printed

SIZE = 10
HEADER = ["Date", "What happened", "Amount", "Interest since the row before", "Paid to interest", "Paid to costs",
          "Paid to principal", "Balance"]
WIDTHS = [0.85, 3.25, 0.8, 0.95, 0.8, 0.7, 0.8, 0.85]  # inches: 9 in all, the page inside its margins


def ledger_pdf(balance: Balance, title: str) -> bytes:
    """``balance``'s ledger as PDF bytes, the same bytes for the same balance."""
    regular, bold = court_fonts()
    _check_printable(balance, title)
    text = ParagraphStyle("cell", fontName=regular, fontSize=SIZE, leading=SIZE * 1.2)
    figure = ParagraphStyle("figure", parent=text, alignment=TA_RIGHT)
    head, head_figure = ParagraphStyle("head", parent=text, fontName=bold), ParagraphStyle("headf", parent=figure, fontName=bold)
    rows = [[Paragraph(escape(h), head if i < 2 else head_figure) for i, h in enumerate(HEADER)]]
    for row in ledger_rows(balance):
        rows.append([Paragraph(escape(printed(c)), text if i < 2 else figure) for i, c in enumerate(short_cells(row))])
    # splitInRow: a row taller than a page (a long description, an amount of many digits) goes on
    # over the page break instead of stopping the whole document with reportlab's LayoutError
    table = Table(rows, colWidths=[w * inch for w in WIDTHS], repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), regular), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (0, -1), 0), ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                               ("LINEBELOW", (0, 0), (-1, 0), 0.75, "black"), ("LINEBELOW", (0, 1), (-1, -1), 0.25, "grey")]))
    title_style = ParagraphStyle("title", fontName=bold, fontSize=12, leading=15)
    note = (f"Interest {balance.rate.percent}% a year ({balance.rate.basis}), from entry on {balance.entered.isoformat()}; "
            f"{balance.rule}. Amounts are rounded to the cent; the balance is figured on the exact amounts.")
    story = [Paragraph(escape(printed(title)), title_style), Spacer(1, 4), Paragraph(escape(note), text), Spacer(1, 10), table]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=landscape(LETTER), leftMargin=inch, rightMargin=inch, topMargin=inch,
                      bottomMargin=inch, title=title, invariant=True, initialFontName=regular).build(story)
    return out.getvalue()


def _check_printable(balance: Balance, title: str) -> None:
    """Refuse a title or a row the font cannot print (rather than draw boxes), naming the row.
    (A packet checks the case file's fields first, by name: packets._check_ledger_text.)"""
    sections = {"cost": "post_judgment_costs", "payment": "payments"}
    problems = []
    for field, text in [("ledger title (court, case number and parties)", title),
                        *((f"{sections.get(e.kind, 'ledger')} ({e.kind} of {e.date.isoformat()})",
                           e.description) for e in balance.events)]:
        missing = sorted(ch for ch in set(printed(text)) if not ch.isspace() and not court_font_has(ch))
        if missing:
            problems.append(Problem(field, f"cannot be printed on the ledger: its font, {COURT_FONT}, has no glyph for "
                                           f"{characters(missing)}"))
    if problems:
        raise InputError(problems)
