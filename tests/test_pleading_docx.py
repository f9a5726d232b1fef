"""Word copies of pleadings, read back with python-docx: court format from real styles, the same
words as the pleading, user text literal, the same bytes every time, a drawn signature."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import time
import zipfile
from datetime import date

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.table import Table
from PIL import Image
from pdfminer.layout import LTChar
from pypdf import PdfReader

from conftest import EXAMPLES
from docassemble.SmallClaimsCollect.case import Interrogatories, load_case
from docassemble.SmallClaimsCollect.errors import InputError
from docassemble.SmallClaimsCollect.pleading_docx import _template, pleading_docx
from docassemble.SmallClaimsCollect.pleading_markup import Block, Caption, Certificate, Pleading, Signature
from docassemble.SmallClaimsCollect.pleadings import render_pleading
from test_pleadings import lines_of, words_without_page_numbers

AS_OF = date(2026, 11, 21)
DOCUMENTS = {"notice-of-appeal": "ky-appeal.yml", "notice-of-judgment-lien": "ky-judgment-lien.yml",
             "satisfaction-of-judgment": "ky-execution.yml", "motion-garnishee-appear": "ky-bank-garnishment.yml",
             "affidavit-insufficient-property": "ky-execution.yml", "demand-letter": "ky-bank-garnishment.yml",
             "additional-interrogatories": "ky-bank-garnishment.yml", "statement-of-appeal": "ky-appeal.yml",
             "counterstatement-of-appeal": "ky-counterstatement.yml", "next-steps": "ky-appeal.yml"}
QUESTIONS = [f"Question {n}: name every account you have held at “Bank & Trust” since 2025, with <its> number." for n in (1, 2, 3)]
BODY_STYLES = ("Body Text", "Body Text Flush", "List Number", "List Bullet")


def case_for(document: str):
    case = load_case(EXAMPLES / DOCUMENTS[document])
    if document == "additional-interrogatories":  # no example asks more questions: add three
        case = dataclasses.replace(case, interrogatories=Interrogatories(additional_questions=QUESTIONS))
    return case


@pytest.fixture(scope="module", params=sorted(DOCUMENTS))
def each_document(request):
    pleading = render_pleading(request.param, case_for(request.param), AS_OF).pleading
    data = pleading_docx(pleading)
    return request.param, pleading, docx.Document(io.BytesIO(data))


def all_paragraphs(doc):
    """Every paragraph in body order, those in table cells included."""
    for item in doc.iter_inner_content():
        if isinstance(item, Table):
            yield from (p for row in item.rows for cell in row.cells for p in cell.paragraphs)
        else:
            yield item


def words_of(doc) -> list[str]:
    return " ".join(p.text for p in all_paragraphs(doc)).split()


def model_words(pleading: Pleading) -> list[str]:
    """The pleading's words in reading order, items numbered as typed (1., 2., ... from 1 after a page break)."""
    texts: list[str] = []
    numbered = 0

    def caption(part: Caption) -> None:
        texts.extend(part.lines)
        texts.extend(text for party in part.parties for text in party)

    if pleading.caption:
        caption(pleading.caption)
    for part in pleading.body:
        if isinstance(part, Caption):
            caption(part)
        elif isinstance(part, Signature):
            texts.extend(part.lines)
        elif isinstance(part, Certificate):
            texts += [part.title, *part.paragraphs, *(part.signature.lines if part.signature else [])]
        elif part.kind == "pagebreak":
            numbered = 0
        elif part.kind == "item":
            numbered += 1
            texts.append(f"{numbered}. {part.text}")
        elif part.kind == "bullet":
            texts.append(f"\u2022 {part.text}")
        elif part.kind != "space":
            texts.append(part.text)
    return " ".join(texts).split()


def inherited(style, read):
    """A style property as Word resolves it: the style's own, else its base styles'."""
    while style is not None:
        value = read(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def effective(paragraph, attribute: str):
    """A paragraph property as Word resolves it: the paragraph's own, else its style's."""
    own = getattr(paragraph.paragraph_format, attribute)
    return own if own is not None else inherited(paragraph.style, lambda style: getattr(style.paragraph_format, attribute))


def font_sizes(paragraph, doc) -> list[Pt]:
    """The size of each run (or of the empty paragraph): run, paragraph style, base styles, then the document default."""
    default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:sz"))
    fallback = Pt(int(default.get(qn("w:val"))) / 2) if default is not None else Pt(10)  # Word's own default is 10 pt
    from_style = inherited(paragraph.style, lambda style: style.font.size) or fallback
    return [run.font.size or from_style for run in paragraph.runs] or [from_style]


def test_letter_pages_with_1_inch_margins_and_a_page_number_field(each_document):
    _, _, doc = each_document
    assert doc.sections
    for section in doc.sections:
        assert (section.page_width.twips, section.page_height.twips) == (12240, 15840)
        margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
        assert [m.twips for m in margins] == [1440] * 4
        footer = section.footer._element
        fields = [f.get(qn("w:instr")) for f in footer.iter(qn("w:fldSimple"))] + [t.text for t in footer.iter(qn("w:instrText"))]
        assert any(f.split()[0] == "PAGE" for f in fields if f and f.split()), fields
        assert effective(section.footer.paragraphs[0], "alignment") == WD_ALIGN_PARAGRAPH.CENTER


def test_every_paragraph_is_12_point_times_from_styles_and_the_body_double_spaced(each_document):
    document, pleading, doc = each_document
    paragraphs = list(all_paragraphs(doc))
    assert min(size for p in paragraphs for size in font_sizes(p, doc)) >= Pt(12)
    assert all(r._r.rPr is None for p in paragraphs for r in p.runs), "direct run formatting: use styles"
    fonts = doc.styles["Normal"].element.rPr.rFonts
    assert {k.split("}")[1]: v for k, v in fonts.attrib.items()} == dict.fromkeys(("ascii", "hAnsi", "eastAsia", "cs"), "Times New Roman")
    assert doc.styles["Normal"].font.color.rgb == RGBColor(0, 0, 0)
    body = [p for p in paragraphs if p.style.name in BODY_STYLES and p.text]
    assert body
    spacing = {effective(p, "line_spacing_rule") for p in body}
    if pleading.letter:  # a letter, not filed: single-spaced, with room after each paragraph
        assert document in ("demand-letter", "next-steps") and spacing == {WD_LINE_SPACING.SINGLE}
        assert all(effective(p, "space_after") > 0 for p in body)
    else:
        assert spacing == {WD_LINE_SPACING.DOUBLE}
        indented = [p for p in body if p.style.name == "Body Text"]
        assert indented and all(effective(p, "first_line_indent") == Inches(0.5) for p in indented)


def test_titles_headings_and_caption_lines_are_centred_bold_black_styles(each_document):
    _, pleading, doc = each_document
    used = {p.style.name for p in all_paragraphs(doc)}
    if pleading.letter:  # a letter's heading is its subject line, at the left
        assert "Heading 1" in used and doc.styles["Heading 1"].font.bold
        assert doc.styles["Heading 1"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
        centred = set()
    else:
        assert {"Title", "Caption"} <= used
        centred = {"Title", "Caption", "Heading 1"} & used
    for name in centred:
        style = doc.styles[name]
        assert style.font.bold and style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER, name
        assert style.element.rPr.find(qn("w:color")) is None and style.element.rPr.find(qn("w:rFonts")) is None, name
    assert all(doc.styles[name].paragraph_format.keep_with_next for name in ("Heading 1", "Title"))


def test_the_same_words_in_the_same_order_as_the_pleading(each_document):
    _, pleading, doc = each_document
    assert words_of(doc) == model_words(pleading)


def test_caption_parties_are_a_borderless_two_column_table(each_document):
    _, pleading, doc = each_document
    tables = doc.tables
    captions = [pleading.caption] * bool(pleading.caption) + [p for p in pleading.body if isinstance(p, Caption)]
    assert len(tables) == len(captions)
    for table, caption in zip(tables, captions):
        assert [tuple(cell.text for cell in row.cells) for row in table.rows] == caption.parties
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {edge.get(qn("w:val")) for edge in borders} == {"nil"} and len(borders) == 6
        assert [c.width.twips for c in table.columns] == [5904, 3456]  # 4.1" and 2.4", as in the PDF


def test_literal_facts_of_the_examples(each_document):
    document, pleading, doc = each_document
    text = " ".join(words_of(doc))
    by_style = {p.text: p.style.name for p in all_paragraphs(doc)}
    if document == "notice-of-appeal":
        assert by_style["NOTICE OF APPEAL"] == "Title" and by_style["CERTIFICATE OF SERVICE"] == "Heading 1"
        assert by_style["/s/ José Núñez"] == "Signature" and by_style["JOSÉ NÚÑEZ"] == "Party"
        assert "José Núñez, who was the defendant" in text and "Lexington, KY 40505" in text
        paragraphs = doc.paragraphs  # the words signed, the signature and the certificate kept on one page
        first_signature = next(i for i, p in enumerate(paragraphs) if p.style.name == "Signature")
        assert all(effective(p, "keep_with_next") for p in paragraphs[first_signature - 1:-1])
        assert not effective(paragraphs[-1], "keep_with_next")
    elif document == "motion-garnishee-appear":
        assert len(doc.element.body.findall(".//" + qn("w:br") + "[@" + qn("w:type") + "='page']")) == 1  # the order on its own page
        items = [p.text for p in all_paragraphs(doc) if p.style.name == "List Number"]
        assert [t.split("\t")[0] for t in items] == ["1.", "2.", "3.", "4."] and "IT IS ORDERED" in text
    elif document == "additional-interrogatories":
        assert all(question in text for question in QUESTIONS)
        assert sum(1 for p in all_paragraphs(doc) if not p.text and p.style.name == "Body Text") == 3 * len(QUESTIONS) + 1  # room to answer each, and the line before the jurat
    elif document == "demand-letter":
        assert "Dear Kevin L. Stamper:" in text and not doc.tables
    assert doc.core_properties.title == pleading.title and doc.core_properties.author == "SmallClaimsCollect"


def test_every_block_kind_has_its_style_and_numbers_restart_after_a_page_break():
    pleading = Pleading("T", body=[Block("title", "TITLE"), Block("heading", "HEADING"), Block("p", "Body."),
                                   Block("flush", "Flush."), Block("item", "a"), Block("item", "b"), Block("bullet", "x"),
                                   Block("quote", "Quoted."),
                                   Block("space", "2"), Block("pagebreak", ""), Block("item", "c")])
    doc = docx.Document(io.BytesIO(pleading_docx(pleading)))
    shown = [(p.style.name, p.text) for p in doc.paragraphs if p.text or p.style.name == "Body Text"]
    assert shown == [("Title", "TITLE"), ("Heading 1", "HEADING"), ("Body Text", "Body."), ("Body Text Flush", "Flush."),
                     ("List Number", "1.\ta"), ("List Number", "2.\tb"), ("List Bullet", "\u2022\tx"), ("Quote", "Quoted."),
                     ("Body Text", ""),
                     ("Body Text", ""), ("List Number", "1.\tc")]
    blank = [p for p in doc.paragraphs if p.style.name == "Body Text" and not p.text]
    assert all(effective(p, "line_spacing_rule") == WD_LINE_SPACING.DOUBLE for p in blank)
    quote = doc.styles["Quote"].paragraph_format
    assert (quote.left_indent, quote.right_indent) == (Inches(1), Inches(1)) and not doc.styles["Quote"].font.italic
    assert effective(next(p for p in doc.paragraphs if p.style.name == "Quote"), "line_spacing_rule") == WD_LINE_SPACING.SINGLE
    item = doc.styles["List Number"]
    assert item.element.pPr.find(qn("w:numPr")) is None  # the number is typed, not Word numbering on top of it
    assert (item.paragraph_format.left_indent, item.paragraph_format.first_line_indent) == (Inches(0.5), -Inches(0.35))
    assert doc.element.body.find(".//" + qn("w:br")).get(qn("w:type")) == "page"


def test_text_a_person_typed_comes_out_exactly():
    case = load_case(EXAMPLES / "ky-appeal.yml")
    odd = "{{ 7*7 }} <b>x</b> & Co."
    parties = [dataclasses.replace(p, name=odd) if p.id == case.appeal.appellee else p for p in case.parties]
    doc = docx.Document(io.BytesIO(pleading_docx(render_pleading("notice-of-appeal", dataclasses.replace(case, parties=parties), AS_OF).pleading)))
    text = "\n".join(p.text for p in all_paragraphs(doc))
    assert f"The appellee is {odd}, the plaintiff" in text and "49" not in text
    assert "José Núñez, who was the defendant" in text


@pytest.mark.parametrize("where", ["block", "caption", "signature", "certificate"])
def test_a_character_word_cannot_hold_is_an_input_error_naming_the_text(where):
    bad = "Acme\x00Corp"
    parts = {"block": Block("p", bad), "caption": Caption(["COURT"], [(bad, "PLAINTIFF")]),
             "signature": Signature(["/s/ " + bad]), "certificate": Certificate("CERTIFICATE", [bad], None)}
    with pytest.raises(InputError, match=r"Acme\\x00Corp.*U\+0000"):
        pleading_docx(Pleading("T", body=[parts[where]]))


def test_the_same_pleading_gives_the_same_bytes_a_second_later():
    pleading = render_pleading("notice-of-appeal", load_case(EXAMPLES / "ky-appeal.yml"), AS_OF).pleading
    first = pleading_docx(pleading)
    time.sleep(2.1)  # zip entry times count in 2-second steps
    assert pleading_docx(pleading) == first
    properties = docx.Document(io.BytesIO(first)).core_properties
    assert properties.title == "NOTICE OF APPEAL" and properties.created.year == properties.modified.year == 2000


def test_copies_made_in_turn_are_each_the_copy_made_alone(tmp_path):
    """Every copy starts from the same untouched template: pleadings, letters and pictures made one
    after another, in either order, give the bytes each gives from a freshly made template."""
    drawn, tall = tmp_path / "drawn.png", tmp_path / "tall.jpg"
    Image.new("RGB", (350, 100), "white").save(drawn)
    Image.new("RGB", (100, 400), "white").save(tall)
    pleadings = [render_pleading(document, case_for(document), AS_OF).pleading
                 for document in ("notice-of-appeal", "demand-letter", "statement-of-appeal")]
    pleadings += [Pleading("Signed", body=[Block("p", "Signed."), Signature(["/s/ A"], image=str(drawn)),
                                           Certificate("CERTIFICATE", ["Served."], Signature(["/s/ A"], image=str(tall)))]),
                  Pleading("Letter", letter=True, body=[Block("p", "Dear B:"), Signature(["/s/ B"], image=str(drawn))])]
    alone = []
    for pleading in pleadings:
        _template.cache_clear()
        alone.append(pleading_docx(pleading))
    for order in (pleadings + pleadings, pleadings[::-1] + pleadings[::-1]):
        assert [pleading_docx(p) for p in order] == [alone[pleadings.index(p)] for p in order]
    pictures = [[name for name in zipfile.ZipFile(io.BytesIO(data)).namelist() if name.startswith("word/media/")] for data in alone]
    assert pictures == [[], [], [], ["word/media/image1.png", "word/media/image2.jpg"], ["word/media/image1.png"]]


def test_the_template_kept_in_the_cache_gives_the_bytes_of_one_made_afresh(tmp_path, monkeypatch):
    """Off, cold, warm, and with each kept entry damaged: the same copies, and a damaged entry is
    made again."""
    pleadings = [render_pleading(document, case_for(document), AS_OF).pleading for document in ("notice-of-appeal", "demand-letter")]
    cache = tmp_path / "cache"

    def copies(folder: str) -> list[bytes]:
        monkeypatch.setenv("SMALLCLAIMS_TEMPLATE_CACHE", folder)
        _template.cache_clear()
        return [pleading_docx(p) for p in pleadings]

    fresh = copies("off")
    assert copies(str(cache)) == fresh
    kept = sorted(cache.glob("word-*.docx"))
    assert [p.name.split("-")[1] for p in kept] == ["letter", "pleading"]
    assert copies(str(cache)) == fresh
    for entry in kept:
        entry.write_bytes(b"PK\x03\x04 not a zip")
    assert copies(str(cache)) == fresh
    assert all(zipfile.is_zipfile(entry) for entry in kept)
    _template.cache_clear()


def test_a_drawn_signature_is_a_picture_above_the_typed_line_and_a_missing_one_is_named(tmp_path):
    drawn, tall = tmp_path / "drawn.png", tmp_path / "tall.png"
    Image.new("RGB", (350, 100), "white").save(drawn)
    Image.new("RGB", (100, 400), "white").save(tall)
    pleading = Pleading("T", body=[Block("p", "Signed."), Signature(["Respectfully,", "/s/ Zoë O’Brien", "Zoë O’Brien"], image=str(drawn))])
    doc = docx.Document(io.BytesIO(pleading_docx(pleading)))
    assert len(doc.inline_shapes) == 1 and abs(doc.inline_shapes[0].width - Inches(1.75)) < Inches(0.01)
    signature = [p for p in doc.paragraphs if p.style.name == "Signature"]
    assert [p.text for p in signature] == ["Respectfully,", "", "/s/ Zoë O’Brien", "Zoë O’Brien"]
    assert [p.paragraph_format.space_before for p in signature] == [Pt(24), None, None, None]  # room above the block
    assert signature[1]._p.findall(".//" + qn("w:drawing")) and doc.styles["Signature"].paragraph_format.left_indent == Inches(3.25)
    high = docx.Document(io.BytesIO(pleading_docx(Pleading("T", body=[Signature(["/s/ A"], image=str(tall))])))).inline_shapes[0]
    assert abs(high.height - Inches(0.6)) < Inches(0.01) and abs(high.width - Inches(0.15)) < Inches(0.01)
    missing = tmp_path / "nowhere.png"
    with pytest.raises(InputError, match=f"signature image: {missing}: no such file"):
        pleading_docx(dataclasses.replace(pleading, body=[Signature(["/s/ A"], image=str(missing))]))
    (tmp_path / "text.png").write_text("not a picture")
    with pytest.raises(InputError, match="not a PNG or JPEG"):
        pleading_docx(dataclasses.replace(pleading, body=[Signature(["/s/ A"], image=str(tmp_path / "text.png"))]))


def test_the_word_copy_opens_in_libreoffice_in_court_format(tmp_path):
    """LibreOffice (a real word processor) reads the copy and prints it in court format: Letter,
    12-point type inside the 1-inch margins, every word of the pleading, page numbers."""
    pleading = render_pleading("statement-of-appeal", case_for("statement-of-appeal"), AS_OF).pleading
    source = tmp_path / "statement.docx"
    source.write_bytes(pleading_docx(pleading))
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=240)
    printed = tmp_path / "statement.pdf"
    sizes = {round(c.size, 1) for _, line in lines_of(printed) for c in line if isinstance(c, LTChar)}
    assert sizes and min(sizes) >= 12
    fonts = subprocess.run(["pdffonts", str(printed)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(row.split()[-5] == "yes" for row in fonts)
    subprocess.run(["pdftoppm", "-r", "72", "-gray", "-png", str(printed), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == pleading_pages(printed) >= 2
    for page in pages:  # the ink, not the font's line box: nothing printed in the 1-inch margins
        image = Image.open(page).convert("L")
        assert image.size == (612, 792)
        # one pixel in from each margin line, for the anti-aliased edge of a glyph that starts on it
        margins = [image.crop(box) for box in ((0, 0, 612, 71), (0, 721, 612, 792), (0, 0, 71, 792), (541, 0, 612, 792))]
        assert all(margin.getextrema()[0] > 200 for margin in margins), page.name
    text = words_without_page_numbers(printed)
    # Where LibreOffice breaks a line after a word's own hyphen ("post-" / "judgment", as its fonts
    # fall), pdftotext joins the word and drops that hyphen: each hyphen may be missing, nothing else.
    assert re.search(re.escape(" ".join(model_words(pleading))).replace(r"\-", "-?"), text)
    numbers = [line.strip() for line in subprocess.run(["pdftotext", "-layout", str(printed), "-"], capture_output=True,
                                                       text=True, check=True).stdout.split("\f") if line.strip()]
    assert [page.splitlines()[-1].strip() for page in numbers] == [str(n) for n in range(1, len(numbers) + 1)]


def pleading_pages(pdf) -> int:
    return len(PdfReader(pdf).pages)
