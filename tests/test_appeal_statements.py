"""Statement and Counterstatement of Appeal: the handbook's items in order, every record reference
and citation as given, and the length limit enforced with how much to cut."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date

import docx
import pytest

from conftest import EXAMPLES
from docassemble.SmallClaimsCollect import rules
from docassemble.SmallClaimsCollect.case import ArgumentPoint, RecordFact, load_case
from docassemble.SmallClaimsCollect.errors import InputError
from docassemble.SmallClaimsCollect.pleading_docx import pleading_docx
from docassemble.SmallClaimsCollect.pleading_documents import make_pleading
from docassemble.SmallClaimsCollect.pleadings import render_pleading
from test_pleadings import words_without_page_numbers

AS_OF = date(2026, 11, 21)


def text_of(made, tmp_path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(made.pdf)
    return words_without_page_numbers(path)


def with_appeal(case, **changes):
    return dataclasses.replace(case, appeal=dataclasses.replace(case.appeal, **changes))


@pytest.mark.parametrize("document, example, side", [("statement-of-appeal", "ky-appeal.yml", "appellant"),
                                                      ("counterstatement-of-appeal", "ky-counterstatement.yml", "appellee")])
def test_the_handbook_items_in_order_with_every_reference_and_citation(tmp_path, document, example, side):
    case = load_case(EXAMPLES / example)
    made = make_pleading(document, case, AS_OF)
    text = text_of(made, tmp_path, document)
    appeal, filer = case.appeal, case.party(case.filer)
    other = case.party(appeal.appellant if side == "appellee" else appeal.appellee)
    caption = ["COMMONWEALTH OF KENTUCKY", f"{case.court.county.upper()} CIRCUIT COURT",
               f"Circuit Court Case No. {case.case_numbers.circuit}", f"Case No. {case.case_numbers.district}",
               case.party(appeal.appellant).name.upper(), "APPELLANT", case.party(appeal.appellee).name.upper(), "APPELLEE"]
    facts = [f"{fact.text} ({fact.record})" for fact in appeal.statement_of_case]
    argument = [part for point in appeal.argument for part in (point.heading, point.text, "; ".join(point.citations))]
    order = [*caption, document.upper().replace("-", " "), "This dispute has not been appealed to the Circuit Court before.",
             "STATEMENT OF THE CASE", *facts, "ARGUMENT", *argument, "RELIEF SOUGHT", appeal.relief,
             f"/s/ {filer.name}", "CERTIFICATE OF SERVICE"]
    at = 0
    for expected in order:
        found = text.find(" ".join(expected.split()), at)
        assert found >= 0, f"missing or out of order: {expected[:60]}"
        at = found
    asks = f"The {side}, {filer.name}, asks to make an oral argument to the Court."
    assert (asks in text) == appeal.oral_argument
    assert made.words == len(re.findall(r"\S+", " ".join(b.text for b in made.pleading.body if hasattr(b, "kind"))))
    assert 1 < made.pages < 20 and not made.warnings
    assert other.name in text.split("CERTIFICATE OF SERVICE")[1]


def test_the_copy_goes_to_the_other_sides_lawyer_by_email_when_it_has_one(tmp_path):
    case = load_case(EXAMPLES / "ky-counterstatement.yml")
    lawyer = case.party(case.appeal.appellant).attorney
    certificate = text_of(make_pleading("counterstatement-of-appeal", case, AS_OF), tmp_path, "c").split("CERTIFICATE OF SERVICE")[1]
    assert f"by email to: {lawyer.name}, attorney for Riverside Flats Properties, LLC, {lawyer.email}." in certificate
    no_email = dataclasses.replace(case, parties=[dataclasses.replace(p, attorney=dataclasses.replace(p.attorney, email=None))
                                                  if p.attorney else p for p in case.parties])
    index = next(i for i, p in enumerate(case.parties) if p.attorney)
    with pytest.raises(InputError, match=rf"parties\[{index}\]\.attorney\.email: needs an email address for {lawyer.name}, "
                                         r"attorney for .* \(service.method is email\)"):
        make_pleading("counterstatement-of-appeal", no_email, AS_OF)
    party = case.party(case.appeal.appellant)
    unrepresented = dataclasses.replace(case, parties=[dataclasses.replace(p, attorney=None, email=None) if p is party else p
                                                       for p in case.parties])
    with pytest.raises(InputError, match=rf"parties\[{index}\]\.email: needs an email address for {party.name} "):
        make_pleading("counterstatement-of-appeal", unrepresented, AS_OF)


def test_a_prior_appeal_is_stated_with_what_to_review(tmp_path):
    case = load_case(EXAMPLES / "ky-appeal.yml")
    review = with_appeal(case, appealed_before=True, prior_appeal_review="the order of March 3, 2026 in 25-XX-00077.")
    text = text_of(make_pleading("statement-of-appeal", review, AS_OF), tmp_path, "review")
    assert ("This dispute has been appealed to the Circuit Court before. The Court needs to review this from that appeal: "
            "the order of March 3, 2026 in 25-XX-00077.") in text
    nothing = text_of(make_pleading("statement-of-appeal", with_appeal(case, appealed_before=True), AS_OF), tmp_path, "n")
    assert "The Court does not need to review anything from that appeal." in nothing
    quiet = text_of(make_pleading("statement-of-appeal", with_appeal(case, oral_argument=False), AS_OF), tmp_path, "q")
    assert "oral argument" not in quiet


def test_over_the_word_or_page_limit_is_refused_saying_by_how_much():
    case = load_case(EXAMPLES / "ky-appeal.yml")
    limit = rules.load("KY", "pleadings")["length"]["statement-of-appeal"]
    sentence = "The record shows the court heard no evidence of any contract setting a higher rate of interest. "  # 17 words
    long_fact = RecordFact(text=sentence * 540, record="R. 14")  # 9,180 words in one fact
    with pytest.raises(InputError) as error:
        make_pleading("statement-of-appeal", with_appeal(case, statement_of_case=[long_fact]), AS_OF)
    messages = [str(p) for p in error.value.problems]
    long_case = with_appeal(case, statement_of_case=[long_fact])
    made_words = render_pleading("statement-of-appeal", long_case, AS_OF).pleading.words()
    assert made_words > 9180
    assert any(f"has {made_words:,} words; the limit is {limit['max_words']:,}" in m and
               f"cut {made_words - limit['max_words']:,} words" in m for m in messages), messages
    assert any(re.search(r"runs to (\d+) pages; the limit is 20 .*: cut \d+ pages", m) for m in messages), messages
    # under the word limit but over 20 pages: many short points, each with a heading
    points = [ArgumentPoint(heading=f"Point {n}", text="The court erred.", citations=["KRS 24A.230"]) for n in range(1, 201)]
    with pytest.raises(InputError) as error:
        make_pleading("statement-of-appeal", with_appeal(case, argument=points), AS_OF)
    (problem,) = error.value.problems
    pages = int(re.search(r"runs to (\d+) pages", problem.message).group(1))
    assert pages > 20 and f"cut {pages - 20} pages" in problem.message and "words" not in problem.message


def test_the_wrong_side_or_a_missing_fact_is_named():
    case = load_case(EXAMPLES / "ky-counterstatement.yml")
    with pytest.raises(InputError, match="filer"):
        make_pleading("statement-of-appeal", dataclasses.replace(case, filer="nobody"), AS_OF)
    bare = dataclasses.replace(case, case_numbers=dataclasses.replace(case.case_numbers, circuit=None))
    bare = with_appeal(bare, relief=None, statement_filed=None)
    with pytest.raises(InputError) as error:
        make_pleading("counterstatement-of-appeal", bare, AS_OF)
    fields = {p.field for p in error.value.problems}
    assert fields == {"appeal.relief", "case_numbers.circuit", "appeal.statement_filed"}


def test_a_late_statement_is_warned():
    case = load_case(EXAMPLES / "ky-appeal.yml")
    made = make_pleading("statement-of-appeal", case, date(2026, 12, 22))  # notice filed November 18: due December 18
    (warning,) = made.warnings
    assert "The Statement of Appeal was due December 18, 2026" in warning and "4 days late" in warning


@pytest.mark.parametrize("document, example, filer", [("counterstatement-of-appeal", "ky-appeal.yml", "jose"),
                                                       ("statement-of-appeal", "ky-counterstatement.yml", "zoe")])
def test_each_paper_belongs_to_its_side(document, example, filer):
    with pytest.raises(InputError) as error:
        make_pleading(document, load_case(EXAMPLES / example), AS_OF)
    (problem,) = error.value.problems
    other = "statement-of-appeal" if document.startswith("counter") else "counterstatement-of-appeal"
    assert problem.field == "filer" and f"is '{filer}'" in problem.message and f"render {other}" in problem.message


def test_text_typed_into_the_appeal_is_printed_exactly_in_the_pdf_and_the_word_copy(tmp_path):
    odd = ["{{ 7*7 }} & <b>bold</b> {% raw %} ${ x }", "R. 3 <at> 4 & VR 1/2/2026 10:00:00", "KRS 24A.230 & {{ cite }}",
           "Reverse <all> of it & award {{ costs }}."]
    case = load_case(EXAMPLES / "ky-appeal.yml")
    typed = with_appeal(case, statement_of_case=[RecordFact(text=odd[0], record=odd[1])],
                        argument=[ArgumentPoint(text=odd[0], heading=odd[2], citations=[odd[2]])], relief=odd[3])
    made = make_pleading("statement-of-appeal", typed, AS_OF)
    text = text_of(made, tmp_path, "odd")
    word = " ".join(p.text for p in docx.Document(io.BytesIO(pleading_docx(made.pleading))).paragraphs)
    for expected in (f"{odd[0]} ({odd[1]})", f"1. {odd[2]}", f"Authority: {odd[2]}", odd[3]):
        assert expected in text and expected in word
    assert "49" not in text


@pytest.mark.parametrize("document, example", [("statement-of-appeal", "ky-appeal.yml"),
                                               ("counterstatement-of-appeal", "ky-counterstatement.yml")])
def test_a_fact_without_its_place_in_the_record_leaves_a_blank_and_the_packet_says_to_fill_it(tmp_path, document, example):
    from docassemble.SmallClaimsCollect.packets import packet_plan
    case = load_case(EXAMPLES / example)
    facts = list(case.appeal.statement_of_case)
    assert not [w for w in packet_plan(case, AS_OF, document).warnings if "fill in the blank" in w]  # every fact cited
    facts[1] = RecordFact(facts[1].text)
    case = with_appeal(case, statement_of_case=facts)
    text = " ".join(text_of(make_pleading(document, case, AS_OF), tmp_path, document).split())
    assert f"{' '.join(facts[1].text.split()[-3:])} (Record: ____________________)" in text
    assert text.count("(Record: ____") == 1
    blanks = [w for w in packet_plan(case, AS_OF, document).warnings if "fill in the blank" in w]
    first = " ".join(facts[1].text.split()[:8])
    assert len(blanks) == 1 and f'fill in the blank after fact 2 ("{first}...")' in blanks[0]
    assert "Office of Circuit Court Clerk" in blanks[0] and "fact 1" not in blanks[0]
