"""Where the pleadings' pages break, read back from the PDF's layout (pdfplumber): no page holds
only a caption and a title, no heading is the last line of a page, a signature starts no page
(the last lines it signs come with it), a closing note never stands alone, and every font a PDF
lists draws something (pdffonts)."""

from __future__ import annotations

import dataclasses
import subprocess
from datetime import date
from pathlib import Path

import pdfplumber
import pytest

from conftest import EXAMPLES
from docassemble.SmallClaimsCollect.case import RecordFact, load_case
from docassemble.SmallClaimsCollect.pleading_documents import make_pleading

AS_OF = date(2026, 11, 21)
FOOTER_BAND = 72 + 22  # the bottom margin and the page number's room, in points from the foot

# Every pleading each example makes (a paper whose facts an example lacks is not made from it).
PAPERS = [
    ("ky-appeal", "notice-of-appeal"), ("ky-appeal", "statement-of-appeal"), ("ky-appeal", "next-steps"),
    ("ky-counterstatement", "notice-of-appeal"), ("ky-counterstatement", "counterstatement-of-appeal"),
    ("ky-bank-garnishment", "motion-garnishee-appear"), ("ky-bank-garnishment", "demand-letter"),
    ("ky-execution", "affidavit-insufficient-property"), ("ky-execution", "satisfaction-of-judgment"),
    ("ky-judgment-lien", "notice-of-judgment-lien"), ("ky-judgment-lien", "satisfaction-of-judgment"),
    ("ky-wage-garnishment", "next-steps"), ("ky-wage-garnishment", "demand-letter"),
    ("ky-two-debtors", "additional-interrogatories"), ("ky-two-debtors", "notice-of-judgment-lien"),
    ("ky-two-debtors", "satisfaction-of-judgment"), ("ky-two-debtors", "demand-letter"), ("ky-two-debtors", "next-steps"),
]
SIGNATURE_STARTS = ("/s/", "Sincerely,", "____")


@dataclasses.dataclass
class Line:
    text: str
    bold: bool


def page_lines(path: Path) -> list[list[Line]]:
    """Each page's lines of text above the page number, top to bottom, each all bold or not."""
    with pdfplumber.open(path) as pdf:
        return [[Line(" ".join(row["text"].split()), all("Bold" in c["fontname"] for c in row["chars"] if c["text"].strip()))
                 for row in page.extract_text_lines(return_chars=True)
                 if row["bottom"] < page.height - FOOTER_BAND and row["text"].strip()]
                for page in pdf.pages]


def write(tmp_path: Path, case, document: str, name: str) -> Path:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(make_pleading(document, case, AS_OF).pdf)
    return path


def check_breaks(path: Path) -> list[list[Line]]:
    """The page-break rules, asserted on the PDF at ``path``; its pages' lines."""
    pages = page_lines(path)
    for number, lines in enumerate(pages, 1):
        assert lines, f"{path.name}: page {number} is empty"
        assert not lines[-1].bold, f"{path.name}: page {number} ends with the heading {lines[-1].text!r}"
        if number > 1 and lines[0].text.startswith(SIGNATURE_STARTS):
            # only a signature after another signature block (a notary's) may start a page
            assert pages[number - 2][-1].text.startswith("My commission expires"), (
                f"{path.name}: page {number} starts with a signature, none of what it signs above it")
    first = pages[0]
    titles = [i for i, line in enumerate(first) if line.bold and i and not first[i - 1].bold]
    if titles:  # a captioned paper: the body starts on page 1, under the title
        body = [line for line in first[titles[0] + 1:] if not line.bold]
        assert len(body) >= 2, f"{path.name}: page 1 holds only the caption and the title"
    return pages


@pytest.mark.parametrize("example, document", PAPERS, ids=[f"{e}-{d}" for e, d in PAPERS])
def test_each_papers_pages_break_where_a_clerk_expects(tmp_path, example, document):
    check_breaks(write(tmp_path, load_case(EXAMPLES / f"{example}.yml"), document, document))


def test_the_affidavit_of_insufficient_property_starts_its_statements_on_page_one(tmp_path):
    pages = check_breaks(write(tmp_path, load_case(EXAMPLES / "ky-execution.yml"), "affidavit-insufficient-property", "a"))
    first = " ".join(line.text for line in pages[0])
    assert "after being sworn, states:" in first and "I am the judgment creditor in this case." in first
    # the sworn signature comes with the last lines of what it swears to
    last = " ".join(line.text for line in pages[-1])
    assert "I ask the Clerk to issue an execution" in last and "Subscribed and sworn" in last


def test_the_lien_notices_krs_427_060_text_fills_the_first_page(tmp_path):
    pages = check_breaks(write(tmp_path, load_case(EXAMPLES / "ky-judgment-lien.yml"), "notice-of-judgment-lien", "lien"))
    first = " ".join(line.text for line in pages[0])
    assert "In addition to any exemption of personal property" in first  # the quotation starts on page 1
    assert "erection of the improvements thereon." not in first  # and goes on, with the signature, over the page


def test_the_next_steps_disclaimer_keeps_company(tmp_path):
    for example in ("ky-two-debtors", "ky-wage-garnishment"):
        pages = check_breaks(write(tmp_path, load_case(EXAMPLES / f"{example}.yml"), "next-steps", example))
        page = next(lines for lines in pages if "not legal advice" in " ".join(line.text for line in lines))
        before = [line for line in page[:next(i for i, line in enumerate(page) if "general information" in line.text)]]
        assert len(before) >= 2, f"{example}: the disclaimer stands alone on its page"


@pytest.mark.parametrize("extra", range(0, 96, 8))
def test_headings_and_signatures_stay_with_their_text_wherever_the_page_breaks(tmp_path, extra):
    """The Statement of Appeal with its first fact made longer, word by word: the break falls in
    every place in turn (a heading, a short paragraph, the relief and the signature)."""
    case = load_case(EXAMPLES / "ky-appeal.yml")
    facts = list(case.appeal.statement_of_case)
    facts[0] = RecordFact(text=facts[0].text + " the tile work" * extra, record=facts[0].record)
    longer = dataclasses.replace(case, appeal=dataclasses.replace(case.appeal, statement_of_case=facts))
    check_breaks(write(tmp_path, longer, "statement-of-appeal", f"statement-{extra}"))


@pytest.mark.parametrize("questions", [1, 6, 15])
def test_a_long_list_is_not_kept_together_off_the_first_page(tmp_path, questions):
    """Interrogatories: a list of questions fills page 1 and goes on, whatever its length."""
    case = load_case(EXAMPLES / "ky-two-debtors.yml")
    asked = dataclasses.replace(case.interrogatories, additional_questions=[
        f"Question {n}: name each account, vehicle and tool you own, where it is kept, and who else owns it with you."
        for n in range(1, questions + 1)])
    pages = check_breaks(write(tmp_path, dataclasses.replace(case, interrogatories=asked), "additional-interrogatories", "q"))
    assert "Question 1:" in " ".join(line.text for line in pages[0])


def fonts_listed(path: Path) -> set[str]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return {line.split()[0] for line in out if line.strip()}


def fonts_drawn(path: Path) -> set[str]:
    with pdfplumber.open(path) as pdf:
        return {char["fontname"] for page in pdf.pages for char in page.chars}


@pytest.mark.parametrize("example", ["ky-wage-garnishment", "ky-two-debtors", "ky-execution"])
def test_every_font_a_packet_lists_draws_something(cli, tmp_path, example):
    """The packets hold pleadings, worksheets and the ledger: a font in a PDF's resources that
    draws nothing (reportlab's Helvetica by default) is an unembedded font a clerk's checker flags."""
    out = tmp_path / example
    result = cli("assemble", str(EXAMPLES / f"{example}.yml"), "-o", str(out), "--as-of", AS_OF.isoformat(), "--force")
    assert result.returncode == 0, result.stderr
    pdfs = sorted(out.glob("*.pdf"))
    assert pdfs
    for path in pdfs:
        listed, drawn = fonts_listed(path), fonts_drawn(path)
        assert listed == drawn, f"{example}/{path.name}: listed {sorted(listed)}, drawn {sorted(drawn)}"
