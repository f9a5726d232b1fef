"""Worksheets for official forms that cannot be filled here: what to write, item by item.

A worksheet is not the court's form and does not look like it: it lists, in our own words and
in order, what the form or its statute asks for and the exact value to write from the case
file, and says where to get the form and where to file it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape as _escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .form_addendum import register_fonts
from .values import printed


@dataclass(frozen=True)
class Worksheet:
    number: str  # AOC-150
    title: str
    get_the_form: str  # where the blank form comes from
    where_to_file: str
    case_line: str  # court, case number and parties, for the top of the page
    items: list[tuple[str, str | None, str]]  # (what the form asks for, what to write or None, source)


MISSING = "Not in your case file: find it and write it in."
FROM_THE_FORM = "Nothing from your case file: answer as the form asks."


def worksheet_pdf(sheet: Worksheet) -> bytes:
    """The worksheet as a Letter-size PDF."""
    regular, bold = register_fonts()
    title = ParagraphStyle("title", fontName=bold, fontSize=15, leading=19, spaceAfter=2)
    subtitle = ParagraphStyle("subtitle", fontName=regular, fontSize=11, leading=14, spaceAfter=8)
    notice = ParagraphStyle("notice", fontName=bold, fontSize=10.5, leading=14, borderColor=colors.black,
                            borderWidth=0.8, borderPadding=6, spaceBefore=4, spaceAfter=12)
    body = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=13.5)
    cell = ParagraphStyle("cell", fontName=regular, fontSize=10, leading=12.5)
    answer = ParagraphStyle("answer", fontName=bold, fontSize=10.5, leading=13)
    missing = ParagraphStyle("missing", parent=cell, textColor=colors.HexColor("#9a3412"))
    source = ParagraphStyle("source", fontName=regular, fontSize=8.5, leading=10.5, textColor=colors.HexColor("#444444"))
    heading = ParagraphStyle("heading", fontName=bold, fontSize=11.5, leading=15, spaceBefore=12, spaceAfter=4)

    def escape(text: str) -> str:  # composed, as pleadings print it (values.printed)
        return _escape(printed(text))

    rows = [[Paragraph("#", cell), Paragraph("What the form asks for", cell), Paragraph("What to write", cell)]]
    for number, (ask, value, cite) in enumerate(sheet.items, start=1):
        asked = [Paragraph(escape(ask), cell)] + ([Paragraph(escape(cite), source)] if cite else [])
        if value is None:
            written = Paragraph(FROM_THE_FORM, cell)
        else:
            written = Paragraph(_lines(value), answer) if value.strip() else Paragraph(MISSING, missing)
        rows.append([Paragraph(str(number), cell), asked, written])
    # splitInRow: an answer longer than a page goes on over the page break (reportlab would
    # otherwise stop with LayoutError)
    table = Table(rows, colWidths=[0.3 * inch, 2.9 * inch, 3.3 * inch], repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), regular),  # a table's default, Helvetica, would be listed in the file unused
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e5e5e5")),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        # the row number's column is narrow: no left padding, so a two-digit number never wraps ("1/0")
        ("LEFTPADDING", (0, 0), (0, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 2),
    ]))
    story = [
        Paragraph(f"Worksheet for form {escape(sheet.number)}", title),
        Paragraph(escape(sheet.title), subtitle),
        Paragraph(f"This worksheet is not the court form. {escape(sheet.get_the_form)} Then copy each answer "
                  "below into the matching place on the form, in your own handwriting or typing.", notice),
        Paragraph(escape(sheet.case_line), body),
        Spacer(1, 8),
        table,
        Paragraph("Where to file it", heading),
        Paragraph(escape(sheet.where_to_file), body),
    ]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=LETTER, leftMargin=inch, rightMargin=inch, topMargin=0.9 * inch,
                            bottomMargin=0.9 * inch, title=f"Worksheet for {sheet.number}", invariant=True, initialFontName=regular)

    def footer(canvas, document) -> None:  # noqa: ANN001 - reportlab's callback signature
        canvas.setFont(regular, 8.5)
        canvas.drawString(inch, 0.55 * inch, f"Worksheet for {sheet.number}: not a court form")
        canvas.drawRightString(LETTER[0] - inch, 0.55 * inch, f"page {document.page}")

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _lines(value: str) -> str:
    return "<br/>".join(_escape(printed(line)) for line in value.strip().split("\n"))
