"""Court format for pleadings (RAP 5(B); handbook): US Letter, 1-inch margins, black 12-point
serif type embedded in the file, body double-spaced, page numbers, the certificate of service
kept on the signature's page where it fits."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import font_source_serif_pro
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (BaseDocTemplate, Frame, Image, KeepTogether, PageBreak, PageTemplate, Paragraph, SimpleDocTemplate,
                                Spacer, Table, TableStyle)

from .errors import InputError
from .pleading_keeps import KeepWithStart, KeepWithTail
from .pleading_markup import Block, Caption, Certificate, Pleading, Signature
from .values import INVISIBLE, printed

SIZE = 12
DOUBLE = 2 * SIZE
SINGLE = 14.4
MARGIN = inch
FOOTER = 24  # room kept above the bottom margin for the page number


COURT_FONT = "Source Serif Pro"


@lru_cache(maxsize=1)
def court_fonts() -> tuple[str, str]:
    files = font_source_serif_pro.font_files_ttf
    register_font("CourtSerif", files["SourceSerifPro"])
    register_font("CourtSerif-Bold", files["SourceSerifProBold"])
    return "CourtSerif", "CourtSerif-Bold"


def register_font(name: str, path: str | Path) -> TTFont:
    """A TrueType font registered with reportlab under ``name``, drawing the invisible characters
    (zero width space, joiners, byte-order mark: values.INVISIBLE) as nothing, with no width, where
    the font has no glyph of its own for them. Reportlab would draw the font's missing-glyph box
    and write U+0000 into the text layer; this way they print as they should (not at all) and text
    extraction gives them back. (A glyph with no outline, the space's, is what is drawn.)"""
    font = TTFont(name, str(path))
    face = font.face
    blank = face.charToGlyph[0x20]
    for code in INVISIBLE - face.charToGlyph.keys():
        face.charToGlyph[code] = blank
        face.charWidths[code] = 0
    pdfmetrics.registerFont(font)
    return font


def has_glyph(font_names: tuple[str, ...], ch: str) -> bool:
    """Whether each of the registered fonts ``font_names`` can draw ``ch``."""
    return all(ord(ch) in pdfmetrics.getFont(name).face.charToGlyph for name in font_names)


def court_font_has(ch: str) -> bool:
    """Whether the pleadings' font (regular and bold) has a glyph for ``ch``."""
    return has_glyph(court_fonts(), ch)


@lru_cache(maxsize=2)
def _styles(letter: bool) -> dict[str, ParagraphStyle]:
    """Court filings double-space the body; a letter is single-spaced with room between paragraphs."""
    regular, bold = court_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=SIZE, leading=SINGLE if letter else DOUBLE,
                          spaceAfter=SIZE * 0.75 if letter else 0, firstLineIndent=0 if letter else 0.5 * inch,
                          allowWidows=0)  # no last line of a paragraph alone at the top of a page
    return {
        "p": body,
        "flush": ParagraphStyle("flush", parent=body, firstLineIndent=0),
        "item": ParagraphStyle("item", parent=body, firstLineIndent=0, leftIndent=0.5 * inch, bulletIndent=0.15 * inch,
                               bulletFontName=regular, bulletFontSize=SIZE, spaceAfter=SIZE * 0.25 if letter else 0),
        "bullet": ParagraphStyle("bullet", parent=body, firstLineIndent=0, leftIndent=0.35 * inch, bulletIndent=0.1 * inch,
                                 bulletFontName=regular, bulletFontSize=SIZE, spaceAfter=SIZE * 0.25 if letter else 0),
        "quote": ParagraphStyle("quote", parent=body, firstLineIndent=0, leftIndent=inch, rightIndent=inch, leading=SINGLE, spaceAfter=SIZE),
        "title": ParagraphStyle("title", fontName=bold, fontSize=SIZE, leading=DOUBLE, alignment=TA_CENTER, spaceBefore=SIZE),
        "heading": ParagraphStyle("heading", fontName=bold, fontSize=SIZE, leading=SINGLE if letter else DOUBLE,
                                  alignment=TA_LEFT if letter else TA_CENTER, spaceBefore=SIZE if letter else 0,
                                  spaceAfter=SIZE * 0.75 if letter else 0),
        "caption": ParagraphStyle("caption", fontName=bold, fontSize=SIZE, leading=SINGLE, alignment=TA_CENTER),
        "party": ParagraphStyle("party", fontName=regular, fontSize=SIZE, leading=SINGLE),
        "single": ParagraphStyle("single", fontName=regular, fontSize=SIZE, leading=SINGLE),
    }


def pleading_pdf(pleading: Pleading) -> bytes:
    """The pleading laid out in court format (a letter single-spaced), as PDF bytes, the same bytes
    for the same input."""
    styles = _styles(pleading.letter)
    story: list = []
    heads: set[int] = set()  # ids of the flowables kept with the start of the next one (pleading_keeps)
    if pleading.caption:
        story += _caption(pleading.caption, styles)
    numbered = 0
    parts = pleading.body
    for index, part in enumerate(parts):
        before = parts[index - 1] if index else None
        if isinstance(part, Caption):
            story += _caption(part, styles)
        elif isinstance(part, Block):
            if part.kind == "pagebreak":
                story.append(PageBreak())
                numbered = 0
            elif part.kind == "space":
                story.append(Spacer(1, DOUBLE * int(part.text)))
            elif part.kind == "item":
                numbered += 1
                story.append(Paragraph(_markup(part.text), styles["item"], bulletText=f"{numbered}."))
            elif part.kind == "bullet":
                story.append(Paragraph(_markup(part.text), styles["bullet"], bulletText="\u2022"))
            else:
                story.append(Paragraph(_markup(part.text), styles[part.kind]))
            if part.kind in ("title", "heading") or (part.kind in ("p", "flush") and part.text.endswith(":")):
                heads.add(id(story[-1]))  # a heading, or the words that lead into a list
            elif part.keep_with_previous and isinstance(before, Block):
                last = story.pop()
                story.append(KeepWithTail(story.pop(), [last]))
        elif isinstance(part, Signature):
            following = parts[index + 1] if index + 1 < len(parts) else None
            closing = _signature(part, styles)
            after = _certificate(following, styles) if isinstance(following, Certificate) else []  # on its page where it fits
            story.append(KeepWithTail(story.pop(), closing, after) if isinstance(before, Block)
                         else KeepTogether(closing + after))  # after another signature (a jurat) it is a block of its own
        elif isinstance(part, Certificate) and not isinstance(before, Signature):
            story.append(KeepTogether(_certificate(part, styles)))
    story = _keep_heads(story, heads)
    out = io.BytesIO()
    regular, _ = court_fonts()

    def page_number(canvas, document) -> None:  # noqa: ANN001 - reportlab's callback signature
        canvas.setFont(regular, SIZE)
        canvas.drawCentredString(LETTER[0] / 2, MARGIN + 8, f"{document.page}")

    # The text frame is the page inside the 1-inch margins exactly (no padding), less room for the number.
    frame = Frame(MARGIN, MARGIN + FOOTER, LETTER[0] - 2 * MARGIN, LETTER[1] - 2 * MARGIN - FOOTER,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc = BaseDocTemplate(out, pagesize=LETTER, title=pleading.title, invariant=True, initialFontName=regular,
                          initialFontSize=SIZE, pageTemplates=[PageTemplate("court", [frame], onPage=page_number)])
    doc.build(story)
    return out.getvalue()


def _keep_heads(story: list, heads: set[int]) -> list:
    """Each run of headings in ``story`` (by id) kept with the start of the flowable after it."""
    out: list = []
    run: list = []
    for flowable in story:
        if id(flowable) in heads:
            run.append(flowable)
        elif run:
            out.append(KeepWithStart(run, flowable))
            run = []
        else:
            out.append(flowable)
    return out + run


def _table_font() -> list[tuple]:
    """Tables draw in the court font too (reportlab's default would add an unembedded Helvetica)."""
    return [("FONTNAME", (0, 0), (-1, -1), court_fonts()[0]), ("FONTSIZE", (0, 0), (-1, -1), SIZE)]


def _markup(text: str) -> str:
    """Plain text for reportlab's paragraph markup: every character printed as written (composed,
    values.printed, so an accent typed as a combining mark sits on its letter)."""
    return escape(printed(text))


def _caption(caption: Caption, styles: dict[str, ParagraphStyle]) -> list:
    out: list = [Paragraph(_markup(line), styles["caption"]) for line in caption.lines]
    rows = [[Paragraph(_markup(name), styles["party"]), Paragraph(_markup(role), styles["party"])]
            for name, role in caption.parties]
    table = Table(rows, colWidths=[4.1 * inch, 2.4 * inch], splitInRow=1)  # a name longer than a page goes on over it
    table.setStyle(TableStyle([*_table_font(), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return out + [Spacer(1, SIZE), table, Spacer(1, SIZE / 2)]


def _signature(signature: Signature, styles: dict[str, ParagraphStyle]) -> list:
    rows: list = [[Paragraph(_markup(line), styles["single"])] for line in signature.lines]
    if signature.image:  # the drawn signature goes just above the typed "/s/ Name", in the room left to sign
        typed = next((i for i, line in enumerate(signature.lines) if line.startswith("/s/")), 0)
        rows.insert(typed, [_image(signature.image, "signature image", 1.75 * inch, 0.6 * inch)])
    else:
        rows.insert(0, [Spacer(1, SIZE)])
    table = Table(rows, colWidths=[_signature_width(signature)], hAlign="RIGHT", splitInRow=1)
    table.setStyle(TableStyle([*_table_font(), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return [Spacer(1, SIZE), table]


def _signature_width(signature: Signature) -> float:
    """The signature block's column: 3.25 inches, wider (up to 4.5) for a line that would
    otherwise wrap, a long e-mail address say."""
    widest = max((pdfmetrics.stringWidth(printed(line), court_fonts()[0], SIZE) for line in signature.lines), default=0)
    return min(max(3.25 * inch, widest + 8), 4.5 * inch)  # the cell keeps 6 points of padding on its right


def _certificate(certificate: Certificate, styles: dict[str, ParagraphStyle]) -> list:
    out: list = [Spacer(1, SIZE), Paragraph(_markup(certificate.title), styles["heading"])]
    out += [Paragraph(_markup(text), styles["p"]) for text in certificate.paragraphs]
    if certificate.signature:
        out += _signature(certificate.signature, styles)
    return out


def _image(path: str | Path, field: str, width: float, height: float) -> Image:
    """A PNG or JPEG scaled to fit ``width`` x ``height``, or an error naming the file."""
    try:
        reader = ImageReader(str(path))
        pixels_wide, pixels_high = reader.getSize()
    except Exception as exc:  # reportlab and Pillow raise many kinds for a missing or broken image
        raise InputError.one(field, f"{path} cannot be read as a PNG or JPEG image ({exc.__class__.__name__})") from None
    scale = min(width / pixels_wide, height / pixels_high)
    image = Image(str(path), width=pixels_wide * scale, height=pixels_high * scale)
    image.hAlign = "LEFT"
    return image


def image_page(path: str | Path, field: str) -> bytes:
    """A picture (a photo or scan of a paper) on a Letter page of its own, inside the margins."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, invariant=True, title=Path(path).name)
    picture = _image(path, field, LETTER[0] - 2 * MARGIN, LETTER[1] - 2 * MARGIN)
    picture.hAlign = "CENTER"
    doc.build([picture])
    return out.getvalue()
