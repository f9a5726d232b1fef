"""Pleadings with no official form: court format read back from the PDF, and user text kept literal."""

from __future__ import annotations

import dataclasses
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTTextContainer, LTTextLine

from conftest import EXAMPLES, ROOT
from docassemble.SmallClaimsCollect.case import Interrogatories, Payment, load_case
from docassemble.SmallClaimsCollect.case_report import balance_for
from docassemble.SmallClaimsCollect.errors import InputError
from docassemble.SmallClaimsCollect.pleading_pdf import pleading_pdf
from docassemble.SmallClaimsCollect.pleadings import render_pleading

AS_OF = date(2026, 11, 21)


def lines_of(pdf: Path) -> list[tuple[int, LTTextLine]]:
    out = []
    for number, page in enumerate(extract_pages(str(pdf)), start=1):
        assert (page.width, page.height) == (612, 792)
        for box in page:
            if isinstance(box, LTTextContainer):
                out += [(number, line) for line in box if isinstance(line, LTTextLine)]
    return out


def words_without_page_numbers(pdf: Path) -> str:
    """The document's text as one line of words, with the page numbers between pages left out."""
    lines = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.splitlines()
    return " ".join(" ".join(line for line in lines if not line.strip().isdigit()).split())


@pytest.fixture(scope="module")
def notice(tmp_path_factory):
    case = load_case(EXAMPLES / "ky-appeal.yml")
    rendered = render_pleading("notice-of-appeal", case, AS_OF)
    path = tmp_path_factory.mktemp("pleading") / "notice.pdf"
    path.write_bytes(pleading_pdf(rendered.pleading))
    return case, rendered, path


DOCUMENTS = {"notice-of-appeal": "ky-appeal.yml", "notice-of-judgment-lien": "ky-judgment-lien.yml",
             "satisfaction-of-judgment": "ky-execution.yml", "motion-garnishee-appear": "ky-bank-garnishment.yml",
             "affidavit-insufficient-property": "ky-execution.yml", "demand-letter": "ky-bank-garnishment.yml",
             "statement-of-appeal": "ky-appeal.yml", "counterstatement-of-appeal": "ky-counterstatement.yml",
             "next-steps": "ky-bank-garnishment.yml"}


@pytest.fixture(scope="module", params=sorted(DOCUMENTS))
def each_document(request, tmp_path_factory):
    case = load_case(EXAMPLES / DOCUMENTS[request.param])
    rendered = render_pleading(request.param, case, AS_OF)
    path = tmp_path_factory.mktemp("pleading") / f"{request.param}.pdf"
    path.write_bytes(pleading_pdf(rendered.pleading))
    return case, rendered, path


def test_court_format_letter_margins_12_point_embedded(each_document):
    case, rendered, path = each_document
    assert_court_format(path)


def assert_court_format(path: Path) -> None:
    """Letter pages, every glyph 12 pt or more and inside the 1-inch margins, every font embedded."""
    lines = lines_of(path)
    chars = [c for _, line in lines for c in line if isinstance(c, LTChar)]
    assert chars
    assert min(round(c.size, 1) for c in chars) >= 12
    edge = 0.01  # a glyph may end on the margin line; rounding puts it a hair either side
    assert all(c.x0 >= 72 - edge and c.x1 <= 540 + edge and c.y0 >= 72 - edge and c.y1 <= 720 + edge for c in chars)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(row.split()[-5] == "yes" for row in fonts)  # every font embedded
    assert all("Serif" in row for row in fonts)


def test_body_lines_are_double_spaced(each_document):
    """Within every body paragraph of two lines or more, each line is at least 24 pt below the last
    (a letter, which is not filed, is single-spaced: at least 14 pt)."""
    case, rendered, path = each_document
    pitch = 14 if rendered.pleading.letter else 24
    paragraphs = [b.text for b in rendered.pleading.body if getattr(b, "kind", "") in ("p", "flush", "item")]
    checked = 0
    by_page: dict[int, list] = {}
    for page, line in lines_of(path):
        by_page.setdefault(page, []).append(line)
    for lines in by_page.values():
        for paragraph in paragraphs:
            inside = sorted({round(l.y0, 1) for l in lines if len(l.get_text().strip()) > 3
                             and l.get_text().strip() in paragraph}, reverse=True)
            pitches = [a - b for a, b in zip(inside, inside[1:])]
            assert all(p >= pitch - 0.5 for p in pitches), (paragraph[:40], pitches)
            checked += len(pitches)
    assert checked >= 2


def test_every_fact_the_notice_needs_appears_in_full(notice):
    case, rendered, path = notice
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())
    appellant, appellee = case.party(case.appeal.appellant), case.party(case.appeal.appellee)
    for expected in (appellant.name, appellee.name, "November 12, 2026", "Fayette Circuit Court",
                     "defendant in District Court", "plaintiff in District Court", "is attached",
                     case.case_numbers.district, "CERTIFICATE OF SERVICE", "first-class mail",
                     appellee.address.street, f"/s/ {appellant.name}", appellant.email):
        assert expected in text, expected
    assert not rendered.warnings  # filed November 18: within 10 days of November 12


def test_text_a_person_typed_is_printed_exactly_never_run(tmp_path):
    case = load_case(EXAMPLES / "ky-appeal.yml")
    odd = "{{ 7*7 }} <b>x</b> & Sons {% raw %}"
    parties = [dataclasses.replace(p, name=odd) if p.id == case.appeal.appellee else p for p in case.parties]
    rendered = render_pleading("notice-of-appeal", dataclasses.replace(case, parties=parties), AS_OF)
    path = tmp_path / "odd.pdf"
    path.write_bytes(pleading_pdf(rendered.pleading))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert odd in text and "49" not in text


def test_a_late_notice_is_warned_and_a_missing_fact_is_named(tmp_path, cli):
    case = load_case(EXAMPLES / "ky-appeal.yml")
    late = dataclasses.replace(case, appeal=dataclasses.replace(case.appeal, notice_filed=date(2026, 12, 1)))
    warnings = render_pleading("notice-of-appeal", late, AS_OF).warnings
    assert len(warnings) == 1 and "days late" in warnings[0] and "KRS 24A.340" in warnings[0]
    with pytest.raises(InputError, match="service"):
        render_pleading("notice-of-appeal", dataclasses.replace(case, service=None), AS_OF)
    run = cli("render", "notice-of-apeal", str(EXAMPLES / "ky-appeal.yml"), "-o", str(tmp_path / "x.pdf"))
    assert run.returncode == 2 and "did you mean 'notice-of-appeal'" in run.stderr and not (tmp_path / "x.pdf").exists()


def test_render_command_writes_the_pdf(tmp_path, cli):
    out = tmp_path / "notice.pdf"
    run = cli("render", "notice-of-appeal", str(EXAMPLES / "ky-appeal.yml"), "-o", str(out), "--as-of", "2026-11-21")
    assert run.returncode == 0, run.stderr
    assert out.read_bytes().startswith(b"%PDF") and "notice-of-appeal" in run.stdout


def test_judgment_lien_notice_carries_the_amounts_and_the_statute_exactly_as_the_handbook_prints_it(tmp_path):
    handbook = (ROOT.parent / "shared" / "seeds" / "ky-small-claims-handbook.txt").read_text(encoding="utf-8")
    start = handbook.index("Notice to Judgment Debtor. You may")
    end = handbook.index("KRS 427.060.", start) + len("KRS 427.060.")
    required = " ".join(handbook[start:end].replace("\\$", "$").split())
    case = load_case(EXAMPLES / "ky-judgment-lien.yml")
    rendered = render_pleading("notice-of-judgment-lien", case, AS_OF)
    path = tmp_path / "lien.pdf"
    path.write_bytes(pleading_pdf(rendered.pleading))
    text = words_without_page_numbers(path)
    assert required in text
    judgment = case.judgment
    for amount in (judgment.principal, judgment.court_costs, judgment.attorney_fees, judgment.amount):
        assert f"${amount:,.2f}" in text
    assert "Interest rate: 6% a year" in text and "KRS 426.720" in text
    for debtor in judgment.against:
        party = case.party(debtor)
        assert party.name in text and party.address.street in text  # mailed to the last known address
    assert "first-class mail" in text


def test_satisfaction_is_partial_until_the_balance_is_paid_then_full(tmp_path):
    case = load_case(EXAMPLES / "ky-execution.yml")
    owed = balance_for(case, AS_OF)
    partial = words_of(render_pleading("satisfaction-of-judgment", case, AS_OF), tmp_path / "partial.pdf")
    assert "PARTIAL SATISFACTION OF JUDGMENT" in partial
    assert f"receiving ${owed.payments:,.2f}" in partial and f"${owed.balance:,.2f} remains due" in partial
    paid = dataclasses.replace(case, payments=[*case.payments, Payment(date=AS_OF, amount=owed.balance)])
    full = words_of(render_pleading("satisfaction-of-judgment", paid, AS_OF), tmp_path / "full.pdf")
    assert "PARTIAL" not in full and "satisfaction of the judgment in full" in full
    assert f"received ${owed.payments + owed.balance:,.2f} in all, the last payment on November 21, 2026" in full


def words_of(rendered, path: Path) -> str:
    path.write_bytes(pleading_pdf(rendered.pleading))
    return words_without_page_numbers(path)


def interrogatories_case(count: int):
    case = load_case(EXAMPLES / "ky-bank-garnishment.yml")
    questions = [f"Question {n}: name every account you have held at “Bank & Trust” since 2025, with <its> number." for n in range(1, count + 1)]
    return dataclasses.replace(case, interrogatories=Interrogatories(additional_questions=questions)), questions


def test_additional_interrogatories_up_to_15_with_the_oath_and_30_days(tmp_path):
    case, questions = interrogatories_case(15)
    path = tmp_path / "questions.pdf"
    path.write_bytes(pleading_pdf(render_pleading("additional-interrogatories", case, AS_OF).pleading))
    assert_court_format(path)
    text = words_without_page_numbers(path)
    assert all(question in text for question in questions)
    assert "under oath" in text and "within 30 days after you receive them" in text and "AOC-197" in text
    assert "I swear or affirm that my answers to these questions are true and complete." in text
    too_many, _ = interrogatories_case(16)
    with pytest.raises(InputError, match=r"16 questions: at most 15 may be added to AOC-197 \(Small Claims Handbook.*remove 1"):
        render_pleading("additional-interrogatories", too_many, AS_OF)


def test_motion_for_the_garnishee_to_appear_with_the_clerks_date_and_a_blank_order(tmp_path):
    case = load_case(EXAMPLES / "ky-bank-garnishment.yml")
    rendered = render_pleading("motion-garnishee-appear", case, AS_OF)
    assert not rendered.warnings  # served October 13: the 20 days ran out November 2
    text = words_of(rendered, tmp_path / "motion.pdf")
    for expected in ("served on it on October 13, 2026 by certified mail", "answer was due November 2, 2026",
                     "The garnishee has delivered nothing", "heard on December 8, 2026 at 10:00",
                     "Lorraine B. Esters, process agent for Commonwealth Community Bank, Inc., 1010 College Street",
                     "Kevin L. Stamper, 415 Cemetery Road", "IT IS ORDERED", "JUDGE, WARREN DISTRICT COURT",
                     f"${case.judgment.amount:,.2f}"):
        assert expected in text, expected
    assert len(PdfReader(tmp_path / "motion.pdf").pages) >= 2
    early = render_pleading("motion-garnishee-appear", case, date(2026, 10, 30))
    assert early.warnings and "until November 2, 2026" in early.warnings[0]


def test_affidavit_of_insufficient_property_names_both_counties_and_the_balance(tmp_path):
    case = load_case(EXAMPLES / "ky-execution.yml")
    text = words_of(render_pleading("affidavit-insufficient-property", case, AS_OF), tmp_path / "affidavit.pdf")
    owed = balance_for(case, AS_OF)
    for expected in ("not have enough property in Madison County", "property in Clark County",
                     "issue an execution on the judgment to the Sheriff of Clark County",
                     f"${owed.balance:,.2f} remains due", "Subscribed and sworn to or affirmed before me"):
        assert expected in text, expected
    same = dataclasses.replace(case, execution=dataclasses.replace(case.execution, county=case.court.county))
    with pytest.raises(InputError, match="execution.county: is Madison, the county of judgment"):
        render_pleading("affidavit-insufficient-property", same, AS_OF)


def test_demand_letter_asks_for_the_balance_with_daily_interest_by_a_date(tmp_path):
    case = load_case(EXAMPLES / "ky-bank-garnishment.yml")
    owed = balance_for(case, AS_OF)
    text = words_of(render_pleading("demand-letter", case, AS_OF), tmp_path / "letter.pdf")
    for expected in (f"you owe ${owed.balance:,.2f}", f"${owed.per_diem:,.2f} a day", "by December 5, 2026",
                     f"Interest at {owed.rate.percent}% a year", "garnishing your wages or bank account",
                     "Kevin L. Stamper, 415 Cemetery Road, Lot 22, Bowling Green, KY 42103"):
        assert expected in text, expected
    paid = dataclasses.replace(case, payments=[Payment(date=AS_OF, amount=owed.balance)])
    with pytest.raises(InputError, match="the judgment is paid"):
        render_pleading("demand-letter", paid, AS_OF)


def test_a_paper_asks_for_service_only_when_it_has_a_certificate_and_the_lien_goes_by_mail():
    case = load_case(EXAMPLES / "ky-wage-garnishment.yml")
    assert case.service is None
    assert render_pleading("demand-letter", case, AS_OF).pleading.title  # a letter has no certificate of service
    with pytest.raises(InputError, match="service: notice-of-judgment-lien needs how the copy is sent: service.method"):
        render_pleading("notice-of-judgment-lien", case, AS_OF)
    lien = load_case(EXAMPLES / "ky-judgment-lien.yml")
    by_email = dataclasses.replace(lien, service=dataclasses.replace(lien.service, method="email"))
    with pytest.raises(InputError, match=r"service.method: is email: a notice of judgment lien goes to the debtor by "
                                         r"first-class mail or is handed to them \(KRS 426.720\)"):
        render_pleading("notice-of-judgment-lien", by_email, AS_OF)
