"""Word copies of pleadings, for staff to edit before filing: the ``Pleading`` that ``pleading_pdf``
draws, in court format (US Letter, 1-inch margins, 12-point Times New Roman, body double-spaced,
page numbers) built from Word styles, so the look survives editing."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.image.exceptions import UnrecognizedImageError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Inches, Pt, RGBColor
from docx.oxml.table import CT_TblPr
from docx.oxml.text.font import CT_RPr
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from .errors import InputError
from .pleading_markup import Block, Caption, Certificate, Pleading, Signature

FONT = "Times New Roman"
SIZE = Pt(12)
FIXED_TIME = datetime(2000, 1, 1)  # core properties and zip entries: the same bytes for the same pleading
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
AUTHOR = "SmallClaimsCollect"
SIGNATURE_INDENT = Inches(3.25)  # the signature block: the right-hand 3.25" of the 6.5" line, as in the PDF
SIGNATURE_WIDTH, SIGNATURE_HEIGHT = Inches(1.75), Inches(0.6)  # the most room a drawn signature takes
# Characters XML 1.0 cannot hold (tab, newline and carriage return it can).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
BLOCK_STYLES = {"title": "Title", "heading": "Heading 1", "p": "Body Text", "flush": "Body Text Flush", "quote": "Quote"}


def pleading_docx(pleading: Pleading) -> bytes:
    """The pleading as a Word document (.docx bytes), the same bytes for the same pleading."""
    doc = docx.Document()
    _define_styles(doc, pleading.letter)
    _page_setup(doc)
    if pleading.caption:
        _caption(doc, pleading.caption)
    numbered = 0
    parts = pleading.body
    for index, part in enumerate(parts):
        if isinstance(part, Caption):
            _caption(doc, part)
        elif isinstance(part, Signature):
            before = parts[index - 1] if index else None
            if isinstance(before, Block) and before.kind != "pagebreak":
                doc.paragraphs[-1].paragraph_format.keep_with_next = True  # the words it signs stay with it
            following = parts[index + 1] if index + 1 < len(parts) else None
            _signature(doc, part, keep_with_next=isinstance(following, Certificate))
        elif isinstance(part, Certificate):
            _certificate(doc, part)
        elif part.kind == "pagebreak":
            doc.add_page_break()
            numbered = 0
        elif part.kind == "space":
            for _ in range(int(part.text)):
                blank = doc.add_paragraph(style="Body Text")
                blank.paragraph_format.line_spacing_rule = WD_LINE_SPACING.DOUBLE  # double even in a letter
                blank.paragraph_format.space_after = Pt(0)
        elif part.kind == "item":
            numbered += 1
            _paragraph(doc, f"{numbered}.\t{part.text}", "List Number")
        elif part.kind == "bullet":
            _paragraph(doc, f"\u2022\t{part.text}", "List Bullet")
        else:
            _paragraph(doc, part.text, BLOCK_STYLES[part.kind])
    _set_core_properties(doc, pleading.title)
    out = io.BytesIO()
    doc.save(out)
    return _fixed_zip(out.getvalue())


def _define_styles(doc: Document, letter: bool) -> None:
    """Normal is 12-point Times New Roman in black, single-spaced; the styles the pleading uses are
    built on it, with Word's own look (theme fonts, blue, borders, list numbering) taken off."""
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _serif(defaults)
    defaults.find(qn("w:sz")).set(qn("w:val"), "24")
    defaults.find(qn("w:szCs")).set(qn("w:val"), "24")
    normal = _style(doc, "Normal", None, space_before=Pt(0), space_after=Pt(0), line_spacing_rule=WD_LINE_SPACING.SINGLE)
    _serif(normal.element.get_or_add_rPr())
    normal.font.size = SIZE
    normal.font.color.rgb = RGBColor(0, 0, 0)
    body = WD_LINE_SPACING.SINGLE if letter else WD_LINE_SPACING.DOUBLE
    _style(doc, "Body Text", "Normal", line_spacing_rule=body, space_after=Pt(9 if letter else 0),
           first_line_indent=Inches(0 if letter else 0.5))
    _style(doc, "Body Text Flush", "Body Text", first_line_indent=Inches(0))
    _style(doc, "List Number", "Body Text", first_line_indent=Inches(-0.35), left_indent=Inches(0.5),
           space_after=Pt(3 if letter else 0), keep_with_next=True).paragraph_format.tab_stops.add_tab_stop(Inches(0.5))
    _style(doc, "List Bullet", "Body Text", first_line_indent=Inches(-0.25), left_indent=Inches(0.35),
           space_after=Pt(3 if letter else 0)).paragraph_format.tab_stops.add_tab_stop(Inches(0.35))
    _style(doc, "Quote", "Normal", left_indent=Inches(1), right_indent=Inches(1), space_after=SIZE)
    _style(doc, "Title", "Normal", bold=True, alignment=WD_ALIGN_PARAGRAPH.CENTER, line_spacing_rule=WD_LINE_SPACING.DOUBLE,
           space_before=SIZE, keep_with_next=True)
    _style(doc, "Heading 1", "Normal", bold=True, alignment=WD_ALIGN_PARAGRAPH.LEFT if letter else WD_ALIGN_PARAGRAPH.CENTER,
           line_spacing_rule=WD_LINE_SPACING.SINGLE if letter else WD_LINE_SPACING.DOUBLE, space_before=SIZE,
           space_after=Pt(9 if letter else 0), keep_with_next=True)
    _style(doc, "Caption", "Normal", bold=True, alignment=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True)
    _style(doc, "Party", "Normal", space_before=Pt(6))
    _style(doc, "Signature", "Normal", left_indent=SIGNATURE_INDENT, keep_with_next=True)
    _style(doc, "Footer", "Normal", alignment=WD_ALIGN_PARAGRAPH.CENTER)
    for name in ("Title", "Heading 1"):  # Enter after a heading starts a body paragraph
        doc.styles[name].next_paragraph_style = doc.styles["Body Text"]


def _style(doc: Document, name: str, base: str | None, bold: bool = False, **paragraph_format: object) -> ParagraphStyle:
    """The paragraph style ``name`` (added if the template lacks it) set afresh from ``base``."""
    styles = doc.styles
    if name in styles:
        style = styles[name]
        _wipe(style)
    else:  # Signature is one of Word's own style names; Body Text Flush and Party are this package's
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=name == "Signature")
    style.base_style = styles[base] if base else None
    style.font.bold = bold or None
    for key, value in paragraph_format.items():
        setattr(style.paragraph_format, key, value)
    return style


def _wipe(style: ParagraphStyle) -> None:
    """The template's look for the style removed (and its link to a character style that keeps that
    look); a heading's outline level stays, for Word's navigation pane."""
    for child in list(style.element):
        if child.tag in (qn("w:rPr"), qn("w:link")):
            style.element.remove(child)
        elif child.tag == qn("w:pPr"):
            for setting in list(child):
                if setting.tag != qn("w:outlineLvl"):
                    child.remove(setting)


def _serif(rpr: CT_RPr) -> None:
    """Times New Roman for every script (Latin, East Asian, complex), in place of the theme's fonts,
    so Word does not substitute another."""
    fonts = rpr.get_or_add_rFonts()
    fonts.attrib.clear()
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), FONT)


def _page_setup(doc: Document) -> None:
    """US Letter, 1-inch margins, the page number centred in the footer (a PAGE field Word fills in)."""
    for section in doc.sections:
        section.page_width, section.page_height = Inches(8.5), Inches(11)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Inches(1)
        section.footer_distance = Inches(1)  # the number sits above the bottom margin, as in the PDF
        footer = section.footer.paragraphs[0]
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        shown = OxmlElement("w:t")
        shown.text = "1"  # what a reader shows before it updates the field
        run.append(shown)
        field.append(run)
        footer._p.append(field)


def _paragraph(doc: Document, text: str, style: str) -> Paragraph:
    return doc.add_paragraph(_checked(text), style=style)


def _caption(doc: Document, caption: Caption) -> None:
    """Centred bold lines (court, division, case number), then the parties: names on the left,
    designations on the right, no borders."""
    lines = [_paragraph(doc, line, "Caption") for line in caption.lines]
    if lines:
        lines[-1].paragraph_format.space_after = SIZE
    table = doc.add_table(rows=len(caption.parties), cols=2)
    table.autofit = False
    _no_borders(table._tbl.tblPr)
    for column, width in zip(table.columns, (Inches(4.1), Inches(2.4))):
        column.width = width
        for cell in column.cells:
            cell.width = width
    for row, (name, role) in zip(table.rows, caption.parties):
        for cell, text in zip(row.cells, (name, role)):
            cell.paragraphs[0].style = "Party"
            cell.paragraphs[0].add_run(_checked(text))


def _no_borders(tblpr: CT_TblPr) -> None:
    """No lines around or between the cells, and the names flush with the left margin."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "nil")
        borders.append(line)
    margins = OxmlElement("w:tblCellMar")
    for edge, twips in (("left", 0), ("right", 108)):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    layout = tblpr.find(qn("w:tblLayout"))  # the schema's order: tblBorders before tblLayout, tblCellMar after
    layout.addprevious(borders)
    layout.addnext(margins)


def _signature(doc: Document, signature: Signature, keep_with_next: bool) -> None:
    """The signature lines at the right; a drawn signature (if any) just above the line typed
    "/s/ Name", 1.75" wide (0.6" high at most), as in the PDF."""
    lines = [_paragraph(doc, line, "Signature") for line in signature.lines]
    if signature.image:
        typed = next((i for i, line in enumerate(signature.lines) if line.startswith("/s/")), 0)
        picture = lines[typed].insert_paragraph_before(style="Signature") if lines else doc.add_paragraph(style="Signature")
        _picture(picture, Path(signature.image))
        lines.insert(typed, picture)
    if lines:
        lines[0].paragraph_format.space_before = Pt(24)
        lines[-1].paragraph_format.keep_with_next = keep_with_next


def _picture(paragraph: Paragraph, path: Path) -> None:
    """The drawn signature in ``paragraph``, or an input error naming the file."""
    if not path.is_file():
        raise InputError.one("signature image", f"{path}: no such file")
    try:
        shape = paragraph.add_run().add_picture(str(path), width=SIGNATURE_WIDTH)
    except UnrecognizedImageError:
        raise InputError.one("signature image", f"{path}: not a PNG or JPEG picture") from None
    if shape.height > SIGNATURE_HEIGHT:  # a tall picture: as high as the room left to sign, and narrower
        shape.width, shape.height = Emu(round(shape.width * SIGNATURE_HEIGHT / shape.height)), SIGNATURE_HEIGHT


def _certificate(doc: Document, certificate: Certificate) -> None:
    """The heading, its paragraphs and its signature kept on one page."""
    _paragraph(doc, certificate.title, "Heading 1")
    for text in certificate.paragraphs:
        _paragraph(doc, text, "Body Text").paragraph_format.keep_with_next = True
    if certificate.signature:
        _signature(doc, certificate.signature, keep_with_next=False)


def _checked(text: str) -> str:
    """The text as typed; a character a Word file cannot hold (like NUL) is an input error naming it."""
    bad = NOT_XML.search(text)
    if bad:
        excerpt = text if len(text) <= 80 else text[max(0, bad.start() - 40):bad.start() + 40]
        raise InputError.one("pleading text", f"{excerpt!r} has character U+{ord(bad.group()):04X}, "
                                              "which a Word file cannot hold")
    return text


def _set_core_properties(doc: Document, title: str) -> None:
    """Fixed values, not the clock's or the template's."""
    properties = doc.core_properties
    properties.title = _checked(title)
    properties.author = properties.last_modified_by = AUTHOR
    properties.comments = ""  # the template says "generated by python-docx"
    properties.created = properties.modified = FIXED_TIME
    properties.revision = 1


def _fixed_zip(data: bytes) -> bytes:
    """The package re-written with fixed entry times (python-docx stamps each entry with the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():  # python-docx's order: [Content_Types].xml first
            target.writestr(zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME), source.read(entry),
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
