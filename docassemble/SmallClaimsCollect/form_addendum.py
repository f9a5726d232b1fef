"""The addendum page: answers too long for their boxes, printed whole after the form."""

from __future__ import annotations

import io
from functools import lru_cache
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from .form_font import FONT_FILE
from .pleading_pdf import has_glyph, register_font
from .values import printed

if TYPE_CHECKING:
    from .form_fill import AddendumItem

BOLD_FILE = FONT_FILE.with_name("SourceSansPro-Bold.ttf")


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, str]:
    """Names of the regular and bold faces, registered with reportlab once per process (invisible
    characters drawn as nothing: pleading_pdf.register_font)."""
    register_font("SCCSans", FONT_FILE)
    register_font("SCCSans-Bold", BOLD_FILE)
    return "SCCSans", "SCCSans-Bold"


def sans_font_has(ch: str) -> bool:
    """Whether the worksheets' and addenda's font (regular and bold) has a glyph for ``ch``."""
    return has_glyph(register_fonts(), ch)


def addendum_pdf(form_name: str, items: "list[AddendumItem]") -> bytes:
    """Letter-size pages listing each item whole, with the box it belongs to."""
    regular, bold = register_fonts()
    title = ParagraphStyle("title", fontName=bold, fontSize=14, leading=18, spaceAfter=4)
    note = ParagraphStyle("note", fontName=regular, fontSize=10, leading=13, spaceAfter=10)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=11, leading=14, spaceBefore=8)
    where = ParagraphStyle("where", fontName=regular, fontSize=9, leading=12, textColor="#444444", spaceAfter=3)
    body = ParagraphStyle("body", fontName=regular, fontSize=11, leading=15)
    story = [
        Paragraph(f"Addendum to {escape(form_name)}", title),
        Paragraph("These answers were too long for their boxes on the form. Each of those boxes points "
                  "to its item here (“See addendum, item N”, or as much of that as the box holds: "
                  "“See addendum N”, “Add. N”); the whole answer is here.", note),
    ]
    for item in items:
        answer = "<br/>".join(escape(printed(line)) for line in item.text.replace("\r\n", "\n").split("\n"))
        story += [KeepTogether([Paragraph(f"Item {item.number}. {escape(item.label)}", heading),
                                Paragraph(f"Form page {item.page}, field “{escape(item.field)}”", where)]),
                  Paragraph(answer or " ", body), Spacer(1, 4)]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=LETTER, leftMargin=inch, rightMargin=inch, topMargin=inch,
                            bottomMargin=inch, title=f"Addendum to {form_name}", invariant=True, initialFontName=regular)

    def footer(canvas, document) -> None:  # noqa: ANN001 - reportlab's callback signature
        canvas.setFont(regular, 9)
        canvas.drawRightString(LETTER[0] - inch, 0.6 * inch, f"Addendum to {form_name}, page {document.page}")

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
