"""Word copies of pleadings, for staff to edit before filing: the ``Pleading`` that ``pleading_pdf``
draws, in court format (US Letter, 1-inch margins, 12-point Times New Roman, body double-spaced,
page numbers) built from Word styles, so the look survives editing.

python-docx makes the styled, page-numbered empty document (one for pleadings, one for letters) once,
and it is kept in the user's cache; each copy parses only that document's small body part, fills it
in, and is zipped with the other parts deflated once. The bytes are those python-docx would save, zip times fixed."""

from __future__ import annotations

import functools
import hashlib
import io
import itertools
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import cast

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from docx.opc import oxml as opc_xml
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.coreprops import CT_CoreProperties
from docx.oxml.document import CT_Body, CT_Document
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.oxml.table import CT_Tbl, CT_TblPr
from docx.oxml.text.font import CT_RPr
from docx.oxml.text.paragraph import CT_P
from docx.shape import InlineShape
from docx.shared import Emu, Inches, Pt, RGBColor
from docx.styles import BabelFish
from docx.styles.style import ParagraphStyle
from docx.text.parfmt import ParagraphFormat
from lxml import etree

from .errors import InputError
from .pleading_markup import Block, Caption, Certificate, Pleading, Signature
from .user_cache import read_cached, write_cached

FONT = "Times New Roman"
SIZE = Pt(12)
FIXED_TIME = datetime(2000, 1, 1)  # core properties and zip entries: the same bytes for the same pleading
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
AUTHOR = "SmallClaimsCollect"
SIGNATURE_INDENT = Inches(3.25)  # the signature block: the right-hand 3.25" of the 6.5" line, as in the PDF
SIGNATURE_WIDTH, SIGNATURE_HEIGHT = Inches(1.75), Inches(0.6)  # the most room a drawn signature takes
CAPTION_WIDTHS = (Inches(4.1), Inches(2.4))  # the parties' names and their designations: the 6.5" line
# Characters XML 1.0 cannot hold (tab, newline and carriage return it can).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
BLOCK_STYLES = {"title": "Title", "heading": "Heading 1", "p": "Body Text", "flush": "Body Text Flush", "quote": "Quote"}
STYLES = (*BLOCK_STYLES.values(), "List Number", "List Bullet", "Caption", "Party", "Signature")
W_PPR, W_PSTYLE, W_VAL, W_R, W_T, W_TAB, W_BR = (qn(f"w:{tag}") for tag in ("pPr", "pStyle", "val", "r", "t", "tab", "br"))
XML_SPACE = qn("xml:space")
LINE_PARTS = re.compile("([\t\n\r])")
# The parts of the package a copy changes or adds to, and the one its pictures follow (python-docx
# writes the parts the document refers to in the order it refers to them: the footer, then pictures).
CONTENT_TYPES, CORE, DOCUMENT = "[Content_Types].xml", "docProps/core.xml", "word/document.xml"
DOCUMENT_RELS, FOOTER, STYLES_PART = "word/_rels/document.xml.rels", "word/footer1.xml", "word/styles.xml"


def pleading_docx(pleading: Pleading) -> bytes:
    """The pleading as a Word document (.docx bytes), the same bytes for the same pleading."""
    doc = _Copy(_template(pleading.letter))
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
                ParagraphFormat(doc.body.p_lst[-1]).keep_with_next = True  # the words it signs stay with it
            following = parts[index + 1] if index + 1 < len(parts) else None
            _signature(doc, part, keep_with_next=isinstance(following, Certificate))
        elif isinstance(part, Certificate):
            _certificate(doc, part)
        elif part.kind == "pagebreak":
            doc.paragraph().add_r().add_br().type = "page"
            numbered = 0
        elif part.kind == "space":
            for _ in range(int(part.text)):
                blank = ParagraphFormat(doc.paragraph(style="Body Text"))
                blank.line_spacing_rule = WD_LINE_SPACING.DOUBLE  # double even in a letter
                blank.space_after = Pt(0)
        elif part.kind == "item":
            numbered += 1
            doc.paragraph(f"{numbered}.\t{part.text}", "List Number")
        elif part.kind == "bullet":
            doc.paragraph(f"\u2022\t{part.text}", "List Bullet")
        else:
            doc.paragraph(part.text, BLOCK_STYLES[part.kind])
    return doc.save(pleading.title)


@dataclass(frozen=True)
class _Entry:
    """One file of the zip: its name, CRC-32, size and deflated bytes."""

    name: str
    crc: int
    size: int
    deflated: bytes

    @classmethod
    def of(cls, name: str, data: bytes) -> _Entry:
        """The file ``name`` holding ``data``."""
        deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)  # as zipfile.ZIP_DEFLATED does
        return cls(name, zlib.crc32(data), len(data), deflate.compress(data) + deflate.flush())


@dataclass(frozen=True)
class _Template:
    """The styled, page-numbered empty document, saved: every file of its package (deflated), the
    XML of the files a copy changes, the id of each style by name, the document's relationship ids."""

    entries: tuple[_Entry, ...]
    xml: dict[str, bytes]
    style_ids: dict[str, str]
    relationship_ids: frozenset[str]


@functools.cache
def _template(letter: bool) -> _Template:
    """The template for a letter or for a filed pleading: made with python-docx once, then kept in
    the user's cache under a checksum of this module and python-docx's version."""
    source = hashlib.sha256(Path(__file__).read_bytes() + docx.__version__.encode("ascii")).hexdigest()[:32]
    entry = f"word-{'letter' if letter else 'pleading'}-{source}.docx"
    saved = read_cached(entry)
    if saved is not None:
        try:
            return _template_from(saved)
        except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):  # a damaged entry: made again
            pass
    doc = docx.Document()
    _define_styles(doc, letter)
    _page_setup(doc)
    made = io.BytesIO()
    doc.save(made)
    write_cached(entry, made.getvalue())
    return _template_from(made.getvalue())


def _template_from(saved: bytes) -> _Template:
    """The template held in ``saved``, the empty document as python-docx saves it."""
    with zipfile.ZipFile(io.BytesIO(saved)) as package:
        files = {entry.filename: package.read(entry) for entry in package.infolist()}
    relationships = opc_xml.parse_xml(files[DOCUMENT_RELS])
    styles = opc_xml.parse_xml(files[STYLES_PART])
    style_ids = {style.find(qn("w:name")).get(W_VAL): style.get(qn("w:styleId")) for style in styles.iterfind(qn("w:style"))}
    return _Template(entries=tuple(_Entry.of(name, data) for name, data in files.items()),
                     xml={name: files[name] for name in (CONTENT_TYPES, CORE, DOCUMENT, DOCUMENT_RELS)},
                     style_ids={name: style_ids[BabelFish.ui2internal(name)] for name in STYLES},
                     relationship_ids=frozenset(rel.get("Id") for rel in relationships))


class _Copy:
    """One copy being written: the template's document, parsed afresh, and the pictures it shows."""

    def __init__(self, template: _Template) -> None:
        self.template = template
        self.document = cast(CT_Document, parse_xml(template.xml[DOCUMENT]))
        self.body: CT_Body = self.document.body
        self.images: dict[str, tuple[str, Image]] = {}  # by SHA-1: each file once, with its relationship id

    def paragraph(self, text: str = "", style: str | None = None) -> CT_P:
        """A new paragraph at the end of the body: ``text`` (if any) in one run, in the named style."""
        return self.fill(self.body.add_p(), text, style)

    def fill(self, p: CT_P, text: str = "", style: str | None = None) -> CT_P:
        """``p``, new and empty, in the named style, with ``text`` (if any) in one run."""
        if style:  # the paragraph's properties come first
            etree.SubElement(etree.SubElement(p, W_PPR), W_PSTYLE, {W_VAL: self.template.style_ids[style]})
        if text:
            _add_text(etree.SubElement(p, W_R), text)
        return p

    def picture(self, p: CT_P, path: Path) -> InlineShape:
        """The picture in the file at ``path`` (PNG, JPEG, ...) in a new run of ``p``, the signature's
        width; numbered and named as python-docx does."""
        image = Image.from_file(str(path))
        if image.sha1 not in self.images:
            self.images[image.sha1] = (self._relationship_id(), image)
        rid, image = self.images[image.sha1]
        cx, cy = image.scaled_dimensions(SIGNATURE_WIDTH, None)
        shape_id = max((int(value) for value in self.document.xpath("//@id") if value.isdigit()), default=0) + 1
        inline = CT_Inline.new_pic_inline(shape_id, rid, image.filename, cx, cy)
        p.add_r().add_drawing(inline)
        return InlineShape(inline)

    def _relationship_id(self) -> str:
        """The lowest rId the document does not use yet."""
        taken = self.template.relationship_ids | {rid for rid, _ in self.images.values()}
        return next(rid for rid in (f"rId{n}" for n in itertools.count(1)) if rid not in taken)

    def save(self, title: str) -> bytes:
        """The .docx: the template's package with this body, ``title`` and pictures."""
        core = cast(CT_CoreProperties, parse_xml(self.template.xml[CORE]))
        _set_core_properties(CoreProperties(core), title)
        changed = {DOCUMENT: opc_xml.serialize_part_xml(self.document), CORE: opc_xml.serialize_part_xml(core)}
        pictures = [(rid, f"media/image{n}.{image.ext}", image) for n, (rid, image) in enumerate(self.images.values(), 1)]
        if pictures:
            changed[CONTENT_TYPES] = _content_types(self.template.xml[CONTENT_TYPES], [image for *_, image in pictures])
            relationships = cast(opc_xml.CT_Relationships, opc_xml.parse_xml(self.template.xml[DOCUMENT_RELS]))
            for rid, name, _ in pictures:
                relationships.add_rel(rid, RT.IMAGE, name)
            changed[DOCUMENT_RELS] = relationships.xml
        entries = [_Entry.of(entry.name, changed[entry.name]) if entry.name in changed else entry
                   for entry in self.template.entries]
        after_footer = [entry.name for entry in entries].index(FOOTER) + 1
        entries[after_footer:after_footer] = [_Entry.of(f"word/{name}", image.blob) for _, name, image in pictures]
        return _zip(entries)


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


def _caption(doc: _Copy, caption: Caption) -> None:
    """Centred bold lines (court, division, case number), then the parties: names on the left,
    designations on the right, no borders."""
    lines = [doc.paragraph(line, "Caption") for line in caption.lines]
    if lines:
        ParagraphFormat(lines[-1]).space_after = SIZE
    table = CT_Tbl.new_tbl(len(caption.parties), len(CAPTION_WIDTHS), Emu(sum(CAPTION_WIDTHS)))
    doc.body._insert_tbl(table)
    table.tblPr.autofit = False
    _no_borders(table.tblPr)
    for column, width in zip(table.tblGrid.gridCol_lst, CAPTION_WIDTHS):
        column.w = width
    for row, party in zip(table.tr_lst, caption.parties):
        for cell, width, text in zip(row.tc_lst, CAPTION_WIDTHS, party):
            cell.width = width
            party = doc.fill(cell.p_lst[0], style="Party")
            _add_text(etree.SubElement(party, W_R), text)  # a run even for no text


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


def _signature(doc: _Copy, signature: Signature, keep_with_next: bool) -> None:
    """The signature lines at the right; a drawn signature (if any) just above the line typed
    "/s/ Name", 1.75" wide (0.6" high at most), as in the PDF."""
    lines = [doc.paragraph(line, "Signature") for line in signature.lines]
    if signature.image:
        typed = next((i for i, line in enumerate(signature.lines) if line.startswith("/s/")), 0)
        picture = doc.fill(lines[typed].add_p_before(), style="Signature") if lines else doc.paragraph(style="Signature")
        _picture(doc, picture, Path(signature.image))
        lines.insert(typed, picture)
    if lines:
        ParagraphFormat(lines[0]).space_before = Pt(24)
        ParagraphFormat(lines[-1]).keep_with_next = keep_with_next


def _picture(doc: _Copy, paragraph: CT_P, path: Path) -> None:
    """The drawn signature in ``paragraph``, or an input error naming the file."""
    if not path.is_file():
        raise InputError.one("signature image", f"{path}: no such file")
    try:
        shape = doc.picture(paragraph, path)
    except UnrecognizedImageError:
        raise InputError.one("signature image", f"{path}: not a PNG or JPEG picture") from None
    if shape.height > SIGNATURE_HEIGHT:  # a tall picture: as high as the room left to sign, and narrower
        shape.width, shape.height = Emu(round(shape.width * SIGNATURE_HEIGHT / shape.height)), SIGNATURE_HEIGHT


def _certificate(doc: _Copy, certificate: Certificate) -> None:
    """The heading, its paragraphs and its signature kept on one page."""
    doc.paragraph(certificate.title, "Heading 1")
    for text in certificate.paragraphs:
        ParagraphFormat(doc.paragraph(text, "Body Text")).keep_with_next = True
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


def _set_core_properties(properties: CoreProperties, title: str) -> None:
    """Fixed values, not the clock's or the template's."""
    properties.title = _checked(title)
    properties.author = properties.last_modified_by = AUTHOR
    properties.comments = ""  # the template says "generated by python-docx"
    properties.created = properties.modified = FIXED_TIME
    properties.revision = 1


def _add_text(run: etree._Element, text: str) -> None:
    """``text`` in ``run`` as python-docx puts it there: a tab or line break for each tab, newline or
    carriage return, the characters between them in ``w:t`` elements (spaces kept at either end)."""
    for piece in LINE_PARTS.split(_checked(text)):
        if piece == "\t":
            etree.SubElement(run, W_TAB)
        elif piece in ("\n", "\r"):
            etree.SubElement(run, W_BR)
        elif piece:
            shown = etree.SubElement(run, W_T)
            shown.text = piece
            if piece != piece.strip():
                shown.set(XML_SPACE, "preserve")


def _content_types(xml: bytes, images: Iterable[Image]) -> bytes:
    """The template's ``[Content_Types].xml`` with a default for each picture's extension, the
    defaults sorted by extension as python-docx writes them (every picture type it reads has one)."""
    template = cast(opc_xml.CT_Types, opc_xml.parse_xml(xml))
    defaults = {default.get("Extension"): default.get("ContentType") for default in template.defaults}
    defaults.update((image.ext, image.content_type) for image in images)
    types = cast(opc_xml.CT_Types, opc_xml.CT_Types.new())
    for extension in sorted(defaults):
        types.add_default(extension, defaults[extension])
    types.extend(template.overrides)
    return opc_xml.serialize_part_xml(types)


def _zip(entries: Iterable[_Entry]) -> bytes:
    """The entries as one zip, byte for byte as ``zipfile`` writes them deflated and dated ZIP_TIME
    (it cannot take bytes already deflated, and deflating the template's styles for every copy would
    take longer than all the rest): version 2.0, made on Unix, read-write for the owner."""
    year, month, day, hour, minute, second = ZIP_TIME
    dos_time, dos_date = hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day
    files, directory, count = bytearray(), bytearray(), 0
    for entry in entries:
        name = entry.name.encode("ascii")
        common = (0, zipfile.ZIP_DEFLATED, dos_time, dos_date, entry.crc, len(entry.deflated), entry.size, len(name), 0)
        directory += struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, *common, 0, 0, 0, 0o600 << 16, len(files))
        directory += name
        files += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, *common) + name + entry.deflated
        count += 1
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), len(files), 0)
    return bytes(files + directory + end)
