"""What goes with a pleading: the judgment behind the Notice of Appeal (a PDF or a picture of
one), a drawn signature above the typed one (and none on a sworn affidavit), and the render
command's report."""

from __future__ import annotations

import dataclasses
import io
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest
from PIL import Image
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTFigure, LTImage, LTTextContainer
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from conftest import EXAMPLES
from docassemble.SmallClaimsCollect.case import load_case
from docassemble.SmallClaimsCollect.errors import InputError
from docassemble.SmallClaimsCollect.pleading_documents import make_pleading
from test_pleadings import assert_court_format

AS_OF = date(2026, 11, 21)


def judgment_pdf(path: Path, pages: int) -> Path:
    canvas = Canvas(str(path), pagesize=(612, 792))
    for page in range(1, pages + 1):
        canvas.drawString(72, 700, f"JUDGMENT ENTERED NOVEMBER 12, 2026 page {page}")
        canvas.showPage()
    canvas.save()
    return path


def picture(path: Path, size: tuple[int, int]) -> Path:
    image = Image.new("RGB", size, "white")
    for x in range(10, size[0] - 10):
        image.putpixel((x, size[1] // 2), (0, 0, 0))
    image.save(path)
    return path


def appeal_with_judgment(document: Path):
    case = load_case(EXAMPLES / "ky-appeal.yml")
    return dataclasses.replace(case, judgment=dataclasses.replace(case.judgment, document=str(document)))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_judgment_pdf_goes_behind_the_notice_of_appeal(tmp_path):
    made = make_pleading("notice-of-appeal", appeal_with_judgment(judgment_pdf(tmp_path / "j.pdf", 2)), AS_OF)
    texts = page_texts(made.pdf)
    assert (made.pages, made.attached_pages, len(texts)) == (1, 2, 3)
    assert "NOTICE OF APPEAL" in texts[0] and "is attached" in texts[0]
    assert [t.strip() for t in texts[1:]] == ["JUDGMENT ENTERED NOVEMBER 12, 2026 page 1", "JUDGMENT ENTERED NOVEMBER 12, 2026 page 2"]
    assert not made.warnings
    out = tmp_path / "out.pdf"
    out.write_bytes(made.pdf)
    assert subprocess.run(["qpdf", "--check", str(out)], capture_output=True).returncode == 0
    assert made.pdf == make_pleading("notice-of-appeal", appeal_with_judgment(tmp_path / "j.pdf"), AS_OF).pdf


def test_a_picture_of_the_judgment_gets_a_letter_page_of_its_own(tmp_path):
    made = make_pleading("notice-of-appeal", appeal_with_judgment(picture(tmp_path / "j.png", (1700, 2200))), AS_OF)
    reader = PdfReader(io.BytesIO(made.pdf))
    assert made.attached_pages == 1 and len(reader.pages) == 2
    page = reader.pages[1]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)
    assert len(page.images) == 1


def test_without_the_judgment_the_notice_says_to_attach_it(tmp_path):
    made = make_pleading("notice-of-appeal", load_case(EXAMPLES / "ky-appeal.yml"), AS_OF)
    assert made.attached_pages == 0
    assert made.warnings == ["Attach a copy of the judgment to the Notice of Appeal: the case file gives no "
                             "judgment.document to put behind it."]


@pytest.mark.parametrize("content, message", [(None, "no such file"), (b"not a pdf", "is not a PDF file")])
def test_a_missing_or_broken_judgment_file_is_named(tmp_path, content, message):
    path = tmp_path / "judgment.pdf"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as error:
        make_pleading("notice-of-appeal", appeal_with_judgment(path), AS_OF)
    (problem,) = error.value.problems
    assert problem.field == "judgment.document" and message in problem.message and str(path) in problem.message


def test_the_case_file_names_files_relative_to_itself(tmp_path):
    judgment_pdf(tmp_path / "judgment.pdf", 1)
    picture(tmp_path / "signature.png", (600, 200))
    text = (EXAMPLES / "ky-appeal.yml").read_text(encoding="utf-8")
    text = text.replace("  against: [jose]\n", "  against: [jose]\n  document: judgment.pdf\n")
    text = text.replace("    email: jose.nunez@example.org\n", "    email: jose.nunez@example.org\n    signature_image: signature.png\n")
    (tmp_path / "case.yml").write_text(text, encoding="utf-8")
    case = load_case(tmp_path / "case.yml")
    assert case.judgment.document == str(tmp_path / "judgment.pdf")
    assert case.party("jose").signature_image == str(tmp_path / "signature.png")
    made = make_pleading("notice-of-appeal", case, AS_OF)
    assert made.attached_pages == 1


def test_a_drawn_signature_is_placed_above_the_typed_one(tmp_path):
    case = load_case(EXAMPLES / "ky-appeal.yml")
    signature = picture(tmp_path / "sig.png", (600, 200))
    signed = dataclasses.replace(case, parties=[dataclasses.replace(p, signature_image=str(signature)) if p.id == "jose" else p
                                                for p in case.parties])
    made = make_pleading("notice-of-appeal", signed, AS_OF)
    out = tmp_path / "signed.pdf"
    out.write_bytes(made.pdf)
    assert_court_format(out)
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert [(row.split()[3], row.split()[4]) for row in images] == [("600", "200")] * 2  # the signature's and the certificate's
    for page in extract_pages(str(out)):
        pictures = [item for figure in page if isinstance(figure, LTFigure) for item in figure if isinstance(item, LTImage)]
        typed = [line for box in page if isinstance(box, LTTextContainer) for line in box
                 if line.get_text().startswith("/s/ José Núñez")]
        assert len(pictures) == len(typed)
        for picture_box, line in zip(sorted(pictures, key=lambda b: -b.y0), sorted(typed, key=lambda b: -b.y0)):
            assert 0 <= picture_box.y0 - line.y1 < 12 and picture_box.x0 == pytest.approx(line.x0, abs=1)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG not really")
    bad = dataclasses.replace(signed, parties=[dataclasses.replace(p, signature_image=str(broken)) if p.id == "jose" else p
                                               for p in case.parties])
    with pytest.raises(InputError, match="signature image: .*broken.png cannot be read as a PNG or JPEG image"):
        make_pleading("notice-of-appeal", bad, AS_OF)


def test_a_sworn_affidavit_leaves_its_signature_for_the_notary(tmp_path):
    """The affidavit of insufficient property is signed in front of the officer who gives the oath:
    a drawn signature in the case file is not placed on it, and it has no "/s/" line or date."""
    case = load_case(EXAMPLES / "ky-execution.yml")
    signature = picture(tmp_path / "sig.png", (600, 200))
    signed = dataclasses.replace(case, parties=[dataclasses.replace(p, signature_image=str(signature)) if p.id == case.filer else p
                                                for p in case.parties])
    out = tmp_path / "affidavit.pdf"
    out.write_bytes(make_pleading("affidavit-insufficient-property", signed, AS_OF).pdf)
    assert_court_format(out)
    text = " ".join(" ".join(page_texts(out.read_bytes())).split())
    creditor = signed.party(signed.filer).name
    assert f"____________________ {creditor}" in text and "Subscribed and sworn to or affirmed before me" in text
    assert "/s/" not in text and "Date:" not in text
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert images == []


def test_render_reports_words_pages_and_attachments(tmp_path, cli):
    judgment_pdf(tmp_path / "judgment.pdf", 1)
    text = (EXAMPLES / "ky-appeal.yml").read_text(encoding="utf-8").replace("  against: [jose]\n", "  against: [jose]\n  document: judgment.pdf\n")
    (tmp_path / "case.yml").write_text(text, encoding="utf-8")
    run = cli("render", "notice-of-appeal", str(tmp_path / "case.yml"), "-o", str(tmp_path / "n.pdf"), "--as-of", "2026-11-21",
              "--docx", str(tmp_path / "n.docx"))
    assert run.returncode == 0, run.stderr
    assert f"{tmp_path / 'n.pdf'}: notice-of-appeal, 70 words, 1 page and 1 attached" in run.stdout
    assert f"{tmp_path / 'n.docx'}: the same, to edit in Word" in run.stdout
    assert len(PdfReader(tmp_path / "n.pdf").pages) == 2
    word = docx.Document(str(tmp_path / "n.docx"))
    assert any(p.text == "NOTICE OF APPEAL" and p.style.name == "Title" for p in word.paragraphs)


def test_a_refused_document_writes_neither_file(tmp_path, cli):
    text = (EXAMPLES / "ky-appeal.yml").read_text(encoding="utf-8").replace("  circuit: 26-XX-00187\n", "")
    (tmp_path / "case.yml").write_text(text, encoding="utf-8")
    run = cli("render", "statement-of-appeal", str(tmp_path / "case.yml"), "-o", str(tmp_path / "s.pdf"),
              "--docx", str(tmp_path / "s.docx"))
    assert run.returncode == 2 and "case_numbers.circuit" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "s.pdf").exists() and not (tmp_path / "s.docx").exists()
