"""The interviews in real docassemble: driven screen by screen down their main paths, and linted.

docassemble.base 1.10.13 needs Python 3.12 and about 1 GB, so it lives in a venv of its own that
``tests/docassemble/setup.sh`` builds (``.ci/run`` runs it; so does the README's test command).
This process does not import docassemble: one subprocess in that venv runs every scenario with
the harness (``tests/docassemble/harness.py``, paying docassemble's ~5 s import once) and reports
the screens each scenario saw, in order, and the documents offered; the tests here check them
and open every PDF with pdftotext. Dates are counted from today, in the interview's time zone.
The bridge the interviews call (interview_support) is checked here too, directly.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from conftest import FORMS, ROOT
from interview_checks import (HARNESS, TODAY, Obj, da_env, da_venv_python, due_dates, flat, judgment_pdf, long_date, month_day, offered,
                              pdf_images, pdf_text, person, reading_line, run_scenarios, scenario, screen,
                              step)

QUESTIONS = ROOT / "docassemble" / "SmallClaimsCollect" / "data" / "questions"
APPEAL = "docassemble.SmallClaimsCollect:data/questions/appeal.yml"


# --- the scenarios ------------------------------------------------------------------------------------
ENTERED = TODAY - timedelta(days=3)  # inside the 10 days
LATE_ENTERED = TODAY - timedelta(days=40)  # well past them
NOTICE_FILED = TODAY - timedelta(days=2)


def the_case(county: str = "Fayette", stage: str = "notice") -> list[dict]:
    return [
        step("welcome"),
        step("stage", stage=stage),
        step("court case", county=county, district_case_number="26-S-01234", was="defendant"),
        step("your name", **{"appellant.name.first": "José", "appellant.name.last": "Núñez"}),
        step("your address", **{"appellant.address.address": "1147 Maple Leaf Drive", "appellant.address.unit": "Apt. 3",
                                "appellant.address.city": "Lexington", "appellant.address.zip": "40505",
                                "appellant.phone_number": "859-555-0142", "appellant.email": "jose.nunez@example.org"}),
    ]


def business_appellee(email: str = "") -> list[dict]:
    return [
        step("other side kind", other_kind="business"),
        step("other business name", **{"appellee.name.first": "Limestone Handyman Services, LLC"}),
        step("other side address", **{"appellee.address.address": "408 Winchester Road", "appellee.address.unit": "Suite B",
                                       "appellee.address.city": "Lexington", "appellee.address.zip": "40508",
                                       "appellee.email": email, "appellee_has_lawyer": False}),
    ]


def money(**extra) -> dict:
    return step("judgment money", won_below="appellee", principal="2,300", court_costs="86.50", **extra)


def scenarios(judgment_pdf: Path) -> list[dict]:
    notice_waiver = [
        *the_case(), *business_appellee(),
        step("judgment date", judgment_entered=ENTERED.isoformat()),
        step("appeal window"),
        money(has_interest_rate=True, interest_rate="12"),
        step("judgment copy", judgment_file=str(judgment_pdf)),
        step("filing fee", can_pay_fee=False),
        step("fee waiver", finances_here=False),  # the money questions filled in by hand
        step("service", service_method="first_class_mail"),
        {"screen": "review answers", "edit": "appellant.address.address"},  # change the phone number
        step("your address", **{"appellant.address.address": "1147 Maple Leaf Drive", "appellant.address.unit": "Apt. 3",
                                "appellant.address.city": "Lexington", "appellant.address.zip": "40505",
                                "appellant.phone_number": "859-555-0199", "appellant.email": "jose.nunez@example.org"}),
        step("review answers"),
        step("preview"),
        step("sign how", sign_method="draw"),
        step("sign draw", **{"appellant.signature": "draw"}),
    ]
    notice_finances = [  # the fee waiver with the money questions answered here
        *the_case(), *business_appellee(),
        step("judgment date", judgment_entered=ENTERED.isoformat()),
        step("appeal window"),
        money(has_interest_rate=False),
        step("judgment copy"),
        step("filing fee", can_pay_fee=False),
        step("fee waiver", finances_here=True),
        {"screen": "your work", "refused": {"employment": "not_employed", "employer_name": "Bluegrass Grocery Co-op"},
         "message": "is hidden on this screen"},
        step("your work", employment="part_time", employer_name="Bluegrass Grocery Co-op",
             employer_street="220 North Limestone", employer_city="Lexington", employer_zip="40507"),
        step("your household", birth_date="1986-06-09", marital_status="married", spouse_name="Lucía Núñez",
             spouse_employed=False),
        step("any dependents", **{"dependents.there_are_any": True}),
        step("dependent", **{"dependents[0].relationship": "daughter", "dependents[0].age": "9"}),
        step("another dependent", **{"dependents.there_is_another": True}),
        step("dependent", **{"dependents[1].relationship": "son", "dependents[1].age": "6"}),
        step("another dependent", **{"dependents.there_is_another": False}),
        step("any income", **{"income_items.there_are_any": True}),
        step("income", **{"income_items[0].source": "wages", "income_items[0].amount": "1386.67"}),
        step("another income", **{"income_items.there_is_another": True}),
        {"screen": "income", "refused": {"income_items[1].source": "other", "income_items[1].amount": "120.5"},
         "message": "Tell us what this money is."},
        step("income", **{"income_items[1].source": "other", "income_items[1].description": "Babysitting",
                          "income_items[1].amount": "120.5"}),
        step("another income", **{"income_items.there_is_another": False}),
        step("any bills", **{"expense_items.there_are_any": True}),
        step("bill", **{"expense_items[0].kind": "rent", "expense_items[0].amount": "875"}),
        step("another bill", **{"expense_items.there_is_another": True}),
        step("bill", **{"expense_items[1].kind": "utilities", "expense_items[1].amount": "142.38"}),
        step("another bill", **{"expense_items.there_is_another": False}),
        step("own anything", **{"asset_items.there_are_any": True}),
        step("thing owned", **{"asset_items[0].kind": "checking", "asset_items[0].value": "212.46"}),
        step("another thing owned", **{"asset_items.there_is_another": True}),
        step("thing owned", **{"asset_items[1].kind": "vehicle", "asset_items[1].description": "2009 Toyota Corolla",
                               "asset_items[1].value": "3200"}),
        step("another thing owned", **{"asset_items.there_is_another": False}),
        step("owe anything", **{"debt_items.there_are_any": True}),
        step("debt", **{"debt_items[0].kind": "medical", "debt_items[0].amount": "610"}),
        step("another debt", **{"debt_items.there_is_another": True}),
        step("debt", **{"debt_items[1].kind": "other", "debt_items[1].description": "Lexington Furniture",
                        "debt_items[1].amount": "389.99"}),
        step("another debt", **{"debt_items.there_is_another": False}),
        step("money comments", finances_comments="My hours were cut from 30 to 20 a week in September."),
        step("service", service_method="first_class_mail"),
        step("review answers"),
        step("preview"),
        step("sign how", sign_method="type"),
        step("sign typed", typed_signature="José Núñez"),
    ]
    notice_paid = [
        *the_case(county="Kenton"),
        step("other side kind", other_kind="person"),
        step("other person name", **{"appellee.name.first": "Dana", "appellee.name.last": "Whitfield"}),
        step("other side address", **{"appellee.address.address": "22 Pike Street", "appellee.address.city": "Covington",
                                      "appellee.address.zip": "41011", "appellee_has_lawyer": True}),
        step("other side lawyer", **{"appellee_lawyer.name.first": "Marcus", "appellee_lawyer.name.last": "Hale",
                                     "appellee_lawyer.address.address": "50 E. RiverCenter Blvd.",
                                     "appellee_lawyer.address.unit": "Suite 1100",
                                     "appellee_lawyer.address.city": "Covington", "appellee_lawyer.address.zip": "41011"}),
        step("judgment date", judgment_entered=ENTERED.isoformat()),
        step("appeal window"),
        step("judgment money", won_below="appellee", principal="1200", court_costs="55", has_interest_rate=False),
        step("judgment copy"),  # no copy yet: the papers say to attach one
        step("filing fee", can_pay_fee=True),
        step("service", service_method="certified_mail"),
        step("review answers"),
        step("preview"),
        step("sign how", sign_method="type"),
        {"screen": "sign typed", "refused": {"typed_signature": "Jose Nunez"}, "message": "Type your name exactly"},
        step("sign typed", typed_signature="josé  núñez"),
    ]
    window_closed = [
        *the_case(), *business_appellee(),
        step("judgment date", judgment_entered=LATE_ENTERED.isoformat()),
    ]
    statement = [
        *the_case(stage="statement"), *business_appellee(email="office@limestonehandyman.example.org"),
        step("judgment date", judgment_entered=ENTERED.isoformat()),
        money(has_interest_rate=True, interest_rate="12"),  # no judgment copy: it went with the Notice of Appeal
        step("circuit case", notice_filed=NOTICE_FILED.isoformat(), circuit_case_number="26-XI-00187"),
        step("statement due"),
        step("appealed before", appealed_before=False),
        step("oral argument", oral_argument=True),
        step("fact", **{"facts[0].text": "Limestone Handyman Services sued Mr. Núñez for $1,300 for tile work and "
                                         "$1,000 for lost business it blamed on his online review.",
                        "facts[0].record": "R. 1-3"}),
        step("another fact", **{"facts.there_is_another": True}),
        step("fact", **{"facts[1].text": "The court awarded $1,000 for harm caused by the review.",
                        "facts[1].record": "VR 11/10/2026 09:31:07"}),
        step("another fact", **{"facts.there_is_another": True}),
        step("fact", **{"facts[2].text": "The owner said two customers cancelled after reading the review."}),  # no cite yet
        step("another fact", **{"facts.there_is_another": False}),
        step("point", **{"points[0].heading": "Small claims cannot decide a libel claim",
                         "points[0].text": "A claim that a review harmed a business's name is a claim for libel, which "
                                           "the Small Claims Division cannot hear.",
                         "points[0].citations": "KRS 24A.230\nSmall Claims Handbook"}),
        step("another point", **{"points.there_is_another": True}),
        step("point", **{"points[1].text": "The 12% interest rate is higher than the law allows.",
                         "points[1].citations": "KRS 360.040"}),
        step("another point", **{"points.there_is_another": False}),
        step("relief", relief="Reverse the award."),
        step("service", service_method="email"),
        step("statement length"),
        {"screen": "review answers", "edit": "relief"},
        step("relief", relief="Reverse the $1,000 award for lost business and set interest at 6% a year."),
        {"screen": "review answers", "edit": "facts.revisit"},
        step("facts revisit"),
        step("review answers"),
        step("preview"),
        step("sign how", sign_method="type"),
        step("sign typed", typed_signature="José Núñez"),
    ]
    strict = [  # the harness answers only what the screen asks, as the screen would take it
        step("welcome"),
        {"screen": "stage", "refused": {"stage": "later"}, "message": "is not one of the choices"},
        step("stage", stage="notice"),
        {"screen": "court case", "refused": {"county": "Fayette", "district_case_number": "26-S-1", "was": "defendant",
                                             "appellant.name.first": "José"}, "message": "is not a field of this screen"},
        {"screen": "court case", "refused": {"county": "Lexington", "district_case_number": "26-S-1", "was": "defendant"},
         "message": "is not one of the choices"},
        {"screen": "court case", "refused": {"county": "Fayette", "was": "defendant"},
         "message": "district_case_number ('What is the case number?') is required"},
        step("court case", county="Fayette", district_case_number="26-S-1", was="defendant"),
        step("your name", **{"appellant.name.first": "Ana", "appellant.name.last": "Reyes"}),
        {"screen": "your address", "refused": {"appellant.address.address": "1 Main St", "appellant.address.city": "Paris",
                                               "appellant.address.zip": "4036"}, "message": "Type a 5-digit ZIP code"},
        step("your address", **{"appellant.address.address": "1 Main St", "appellant.address.city": "Paris",
                                "appellant.address.zip": "40361"}),
        *business_appellee(),
        {"screen": "judgment date", "refused": {"judgment_entered": "last Tuesday"}, "message": "is not a valid date"},
        {"screen": "judgment date", "refused": {"judgment_entered": (TODAY + timedelta(days=3)).isoformat()},
         "message": "after the max date"},
        step("judgment date", judgment_entered=ENTERED.isoformat()),
        step("appeal window"),
        {"screen": "judgment money", "refused": {"won_below": "appellee", "principal": "2300", "has_interest_rate": False,
                                                 "interest_rate": "12"}, "message": "is hidden on this screen"},
        {"screen": "judgment money", "refused": {"won_below": "appellee", "principal": "lots", "has_interest_rate": False},
         "message": "Type an amount in dollars, like 845.50"},
        {"screen": "judgment money", "refused": {"won_below": "appellee", "principal": "845 dollars",
                                                 "has_interest_rate": False},
         "message": "Type an amount in dollars, like 845.50"},  # docassemble's currency field took it as 845
        {"screen": "judgment money", "refused": {"won_below": "appellee", "principal": "2300", "court_costs": "-5",
                                                 "has_interest_rate": False},
         "message": "Type an amount in dollars, like 845.50"},
        {"screen": "judgment money", "refused": {"won_below": "appellee", "principal": "2300", "has_interest_rate": "no"},
         "message": "a yes/no answer is True or False"},
        step("judgment money", won_below="appellee", principal="2300", has_interest_rate=False),
        {"screen": "judgment copy", "refused": {"judgment_file": "/no/such/judgment.pdf"}, "message": "no such file"},
        step("judgment copy"),
    ]
    quick_exit = [*the_case()[:3], {"screen": "your name", "follow": "quick_exit"}]
    return [
        {"name": "notice_fee_waiver", "interview": APPEAL, "steps": notice_waiver, "end": "papers"},
        {"name": "notice_finances", "interview": APPEAL, "steps": notice_finances, "end": "papers"},
        {"name": "notice_paid", "interview": APPEAL, "steps": notice_paid, "end": "papers"},
        {"name": "window_closed", "interview": APPEAL, "steps": window_closed, "end": "too late"},
        {"name": "statement", "interview": APPEAL, "steps": statement, "end": "papers"},
        {"name": "harness_strictness", "interview": APPEAL, "steps": strict, "end": "filing fee"},
        {"name": "quick_exit", "interview": APPEAL, "steps": quick_exit, "end": "exit"},
    ]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    """Every scenario, run once in the docassemble venv; the report by scenario name."""
    work = tmp_path_factory.mktemp("interviews")
    return run_scenarios(scenarios(judgment_pdf(work / "judgment.pdf", ENTERED)), work, "interview")


CHECKBOXES = HARNESS / "checkboxes.yml"  # no interview in the package asks checkboxes: a test-only one


def checkbox_steps() -> list[dict]:
    """Tick boxes, leave one field at its default, refuse what the browser would not send, edit from the review."""
    return [
        {"screen": "pick", "refused": {"agrees": True}, "message": "papers ('Papers') is required: tick a box or 'None of the above'"},
        {"screen": "pick", "refused": {"papers": ["deed"]}, "message": "['deed'] not among the boxes"},
        {"screen": "pick", "refused": {"papers": ["lien"], "case.steps": []}, "message": "tick at least one box"},
        step("pick", papers=["lien", "interrogatories"], agrees=True, has_lawyer=True),  # case.steps: its default
        {"screen": "review", "edit": "papers"},
        step("pick", papers=[], agrees=True, has_lawyer=False),  # [] is "None of the above"
        step("review"),
    ]


@pytest.fixture(scope="module")
def checkbox_report(tmp_path_factory) -> dict:
    """The checkboxes scenario, in its own run: its screens are not the package's (no sections, no quick exit)."""
    return run_scenarios([{"name": "checkboxes", "interview": str(CHECKBOXES), "steps": checkbox_steps(), "end": "done"}],
                         tmp_path_factory.mktemp("checkboxes"), "checkboxes")


COMMON_START = ["welcome", "stage", "court case", "your name", "your address", "other side kind"]


# --- the tests ------------------------------------------------------------------------------------------
def test_runs_this_checkout_with_no_network(report):
    assert Path(report["package"]).resolve() == (ROOT / "docassemble" / "SmallClaimsCollect").resolve()
    assert report["network_attempts"] == []


def test_notice_of_appeal_with_fee_waiver(report):
    run = scenario(report, "notice_fee_waiver")
    assert run["ids"] == COMMON_START + [
        "other business name", "other side address", "judgment date", "appeal window", "judgment money",
        "judgment copy", "filing fee", "fee waiver", "service", "review answers", "your address", "review answers",
        "preview", "sign how", "sign draw", "papers"]
    due = due_dates(entered=ENTERED)["notice_of_appeal_due"]
    window = screen(run, "appeal window")["text"]
    assert f"{(due - TODAY).days} days left" in window and long_date(due) in window and "KRS 24A.340" in window
    assert f"10 days after the judgment was entered on {month_day(ENTERED)}" in window
    assert "$60.00 filing fee" in screen(run, "filing fee")["text"]
    review = screen(run, "review answers")["text"]
    assert "$2,300.00 plus $86.50 court costs" in review and "859-555-0199" in review

    signing = screen(run, "sign how")["text"]  # the drawn signature goes on the notice; AOC-026 is sworn
    assert "Your signature goes on: Notice of Appeal." in signing
    assert "Sign Motion to Proceed In Forma Pauperis (AOC-026) in front of a notary" in signing
    assert "Sign Motion to Proceed In Forma Pauperis (AOC-026) in front of a notary. Do not sign it before." in screen(run, "papers")["text"]

    # the preview, before signing: the court's papers, no signature picture yet
    draft = offered(run, "preview")["draft-papers"]["files"]["pdf"]
    assert "NOTICE OF APPEAL" in pdf_text(draft)

    docs = offered(run, "papers")
    assert set(docs) == {"your-copy", "for-the-court", "notice-of-appeal"}
    assert screen(run, "papers")["email"] and screen(run, "papers")["download_all"]
    assert "Attach a copy of the judgment" not in screen(run, "papers")["text"]  # it was uploaded
    assert set(docs["notice-of-appeal"]["files"]) == {"docx"}
    court = pdf_text(docs["for-the-court"]["files"]["pdf"])
    notice = flat(court.split("AOC-026")[0])
    for words in ("NOTICE OF APPEAL", "Small Claims Case No. 26-S-01234", "FAYETTE DISTRICT COURT",
                  "JOSÉ NÚÑEZ DEFENDANT/APPELLANT", "LIMESTONE HANDYMAN SERVICES, LLC PLAINTIFF/APPELLEE",
                  f"judgment entered in this case on {month_day(ENTERED)}", "appeals to the Fayette Circuit Court",
                  "/s/ José Núñez", "Phone: 859-555-0199", f"Date: {month_day(TODAY)}",
                  f"on {month_day(TODAY)} I sent a copy of this paper by first-class mail",
                  "Limestone Handyman Services, LLC, 408 Winchester Road, Suite B, Lexington, KY 40508"):
        assert words in notice, words
    assert "SMALL CLAIMS JUDGMENT" in court  # the uploaded judgment, behind the notice
    waiver = flat(court.split("AOC-026", 1)[1])  # the fee waiver, filled from the answers
    for words in ("MOTION FOR WAIVER OF COSTS AND FEES", "26-S-01234", "Fayette", "José Núñez",
                  "1147 Maple Leaf Drive, Apt. 3", "Lexington, KY 40505", "859", "555-0199"):
        assert words in waiver, words
    assert court.index("NOTICE OF APPEAL") < court.index("SMALL CLAIMS JUDGMENT") < court.index("MOTION FOR WAIVER")
    assert pdf_images(docs["for-the-court"]["files"]["pdf"]) > pdf_images(draft)  # the drawn signature

    mine = flat(pdf_text(docs["your-copy"]["files"]["pdf"]))
    assert mine.startswith("What to do next") and "$60.00" in mine and f"File it with the clerk by {month_day(due)}" in mine
    assert mine.index("What to do next") < mine.index("NOTICE OF APPEAL") < mine.index("MOTION FOR WAIVER")
    # the money questions were left for by hand: the totals are blank, and the next steps say what to fill in
    assert re.search(r"5\. TOTAL MONTHLY INCOME \$\s*6\. TOTAL MONTHLY EXPENSES \$\s*AOC-026", waiver), waiver
    assert "Your case file has no finances" in mine and "questions 1 to 4" in mine and "(7 and 8)" in mine
    assert mine.index("Check before you file") < mine.index("Your case file has no finances") < mine.index("NOTICE OF APPEAL")


def test_notice_of_appeal_with_the_fee_waivers_money_questions(report):
    """The money questions answered in the interview: AOC-026 carries them, with our totals to the cent."""
    run = scenario(report, "notice_finances")
    assert run["ids"] == COMMON_START + [
        "other business name", "other side address", "judgment date", "appeal window", "judgment money",
        "judgment copy", "filing fee", "fee waiver", "your work", "your household", "any dependents",
        "dependent", "another dependent", "dependent", "another dependent", "any income", "income", "another income",
        "income", "another income", "any bills", "bill", "another bill", "bill", "another bill",
        "own anything", "thing owned", "another thing owned", "thing owned", "another thing owned", "owe anything",
        "debt", "another debt", "debt", "another debt", "money comments", "service", "review answers", "preview",
        "sign how", "sign typed", "papers"]
    assert "So far: $1,386.67 a month." in screen(run, "another income", last=False)["text"]
    docs = offered(run, "papers")
    court = pdf_text(docs["for-the-court"]["files"]["pdf"])
    waiver = flat(court.split("MOTION FOR WAIVER", 1)[1])
    for words in ("DOB: 06/09/1986", "Bluegrass Grocery Co-op, 220 North Limestone", "Lexington, KY 40507",
                  "Married", "Lucía Núñez", "daughter, son", "9, 6", "1386.67", "120.50", "Babysitting", "875.00",
                  "142.38", "212.46", "2009 Toyota Corolla", "3200.00", "610.00", "Lexington Furniture", "389.99",
                  "My hours were cut from 30 to 20 a week in September."):
        assert words in waiver, words
    # the totals, summed by hand: 1386.67 + 120.50; 875.00 + 142.38; 212.46 + 3200.00; 610.00 + 389.99
    for total in ("1507.17", "1017.38", "3412.46", "999.99"):
        assert total in waiver, total
    assert "$0" not in waiver.replace("$0.", "")
    mine = flat(pdf_text(docs["your-copy"]["files"]["pdf"]))
    assert "no finances" not in mine and "Sign Motion to Proceed In Forma Pauperis (AOC-026) in front of a notary" in screen(run, "papers")["text"]


def test_notice_of_appeal_paying_the_fee(report):
    run = scenario(report, "notice_paid")
    assert run["ids"] == COMMON_START + [
        "other person name", "other side address", "other side lawyer", "judgment date", "appeal window",
        "judgment money", "judgment copy", "filing fee", "service", "review answers", "preview", "sign how",
        "sign typed", "papers"]
    assert "$70.00 filing fee" in screen(run, "filing fee")["text"]  # Kenton County's own figure
    final = screen(run, "papers")["text"]
    assert "Attach a copy of the judgment behind your Notice of Appeal" in final  # no copy was uploaded
    assert "Send Marcus Hale a copy." in final and "notary" not in final  # no sworn paper without the fee waiver
    assert screen(run, "sign how")["text"].startswith("How do you want to sign? Your signature goes on: Notice of Appeal.")
    docs = offered(run, "papers")
    court = flat(pdf_text(docs["for-the-court"]["files"]["pdf"]))
    assert "AOC-026" not in court and "MOTION FOR WAIVER" not in court
    for words in ("KENTON DISTRICT COURT", "JOSÉ NÚÑEZ DEFENDANT/APPELLANT", "DANA WHITFIELD PLAINTIFF/APPELLEE",
                  "by certified mail", "Marcus Hale, attorney for Dana Whitfield, 50 E. RiverCenter Blvd., Suite 1100, "
                  "Covington, KY 41011", "/s/ José Núñez"):
        assert words in court, words
    assert pdf_images(docs["for-the-court"]["files"]["pdf"]) == 0  # typed signature: no picture
    assert "$70.00" in flat(pdf_text(docs["your-copy"]["files"]["pdf"]))


def test_appeal_window_closed(report):
    run = scenario(report, "window_closed")
    assert run["ids"] == COMMON_START + ["other business name", "other side address", "judgment date", "too late"]
    due = due_dates(entered=LATE_ENTERED)["notice_of_appeal_due"]
    text = screen(run, "too late")["text"]
    assert "The time to appeal has passed" in text and long_date(due) in text
    assert f"That was {(TODAY - due).days} days ago" in text
    assert all(not s["attachments"] for s in run["screens"])  # no papers


def test_statement_of_appeal(report):
    run = scenario(report, "statement")
    assert run["ids"] == COMMON_START + [
        "other business name", "other side address", "judgment date", "judgment money",
        "circuit case", "statement due", "appealed before", "oral argument", "fact", "another fact", "fact",
        "another fact", "fact", "another fact", "point", "another point", "point", "another point", "relief", "service", "statement length",
        "review answers", "relief", "review answers", "facts revisit", "review answers", "preview", "sign how",
        "sign typed", "papers"]
    due = due_dates(entered=ENTERED, notice_of_appeal_filed=NOTICE_FILED)["statement_of_appeal_due"]
    assert long_date(due) in screen(run, "statement due")["text"]
    counts = [int(m) for s in run["screens"] if s["id"] in ("another fact", "another point")
              for m in re.findall(r"about (\d+) words", s["text"])]
    assert counts == sorted(counts) and counts[0] > 0  # the word count grows as they type
    assert "The limit is 8,750" in screen(run, "another fact")["text"]
    length = screen(run, "statement length")["text"]
    assert re.search(r"Your Statement has \d+ words", length) and "That fits" in length

    docs = offered(run, "papers")
    assert set(docs) == {"your-copy", "for-the-court", "statement-of-appeal"}
    court = flat(pdf_text(docs["for-the-court"]["files"]["pdf"]))
    for words in ("STATEMENT OF APPEAL", "Circuit Court Case No. 26-XI-00187", "FAYETTE CIRCUIT COURT",
                  "Small Claims Division, Case No. 26-S-01234", "has not been appealed to the Circuit Court before",
                  "asks to make an oral argument", "STATEMENT OF THE CASE", "(R. 1-3)", "(VR 11/10/2026 09:31:07)",
                  "1. Small claims cannot decide a libel claim", "Authorities: KRS 24A.230; Small Claims Handbook",
                  "Authority: KRS 360.040", "RELIEF SOUGHT",
                  "Reverse the $1,000 award for lost business and set interest at 6% a year.",  # the edited answer
                  "by email to: Limestone Handyman Services, LLC, office@limestonehandyman.example.org"):
        assert words in court, words
    assert "Reverse the award." not in court
    assert "NOTICE OF APPEAL" not in court
    # a fact without its place in the record: a blank in the draft, and on the next-steps page what to fill in
    assert "reading the review. (Record: ____________________)" in court
    mine = flat(pdf_text(docs["your-copy"]["files"]["pdf"]))
    assert ('On the Statement of Appeal, fill in the blank after fact 3 ("The owner said two customers cancelled after '
            'reading...") before you file it') in mine and "a copy of the recording" in mine
    assert "fact 1" not in mine and "fact 2" not in mine
    assert "judgment" not in screen(run, "papers")["text"].split("File by")[1].lower()  # it went with the Notice
    assert "Not yet: fill it in before you file" in screen(run, "facts revisit")["text"]
    assert "recording of your hearing" in screen(run, "fact", last=False)["text"]


def test_the_harness_refuses_what_a_screen_would_refuse(report):
    run = scenario(report, "harness_strictness")
    assert run["ids"][-1] == "filing fee"


def test_checkboxes_are_set_as_the_server_sets_them(checkbox_report):
    """A checkboxes field is a DADict of booleans (one key per box); a ticked noyes box is False; Edit re-asks it."""
    run = scenario(checkbox_report, "checkboxes")
    assert run["ids"] == ["pick", "review", "pick", "review", "done"]
    assert screen(run, "review", last=False)["text"].count("papers=interrogatories+lien agrees=True has_lawyer=False") == 1
    done = screen(run, "done")["text"]
    for words in ("papers=none of demand_letter+interrogatories+lien",
                  "kind=DADict gathered=True auto_gather=False", "steps=serve steps_kind=DADict",
                  "agrees=True has_lawyer=True"):
        assert words in done, (words, done)


def test_quick_exit_ends_the_session(report):
    run = scenario(report, "quick_exit")
    assert run["ended"] == {"command": "exit", "url": "https://www.weather.gov/", "after": "your name"}
    for each in report["scenarios"]:  # the button is on every screen the interviews showed
        for shown in each["screens"]:
            assert "quick_exit" in shown["actions"], (each["name"], shown["id"])


def test_every_screen_has_an_id_a_section_and_progress(report):
    sections = set()
    for run in report["scenarios"]:
        progress = [s["progress"] for s in run["screens"]]
        for shown in run["screens"]:
            assert shown["id"] and not shown["id"].startswith("Question_"), (run["name"], shown)
            sections.add(shown["section"])
        assert progress == sorted(progress) or run["name"] == "statement", (run["name"], progress)
    assert {"start", "case", "people", "judgment", "your_appeal", "copies", "finish", "papers"} <= sections


def test_reading_level(report):
    for interview, level in report["reading"].items():
        print("\n" + reading_line(interview, level))
        assert level["flesch_kincaid_grade"] <= 8.0, level
        assert level["shown"]["flesch_kincaid_grade"] <= 8.0, level["shown"]


# A hand-counted sample, measured by the same function as the interviews (tests/docassemble/reading.py):
# The(1) judge(1) said(1) you(1) won(1).                                  5 words,  5 syllables
# The(1) other(2) side(1) must(1) pay(1) you(1).                          6 words,  7 syllables
# If(1) they(1) do(1) not(1) pay(1), you(1) can(1) ask(1) the(1) court(1) for(1) help(1).  12 words, 12 syllables
# A(1) garnishment(3) order(2) tells(1) the(1) bank(1) to(1) hold(1) the(1) money(2).    10 words, 14 syllables
# 33 words, 4 sentences, 38 syllables: 0.39 * 33/4 + 11.8 * 38/33 - 15.59 = 3.2175 + 13.5879 - 15.59 = 1.22
SAMPLE = ("The judge said you won. The other side must pay you. If they do not pay, you can ask the court for help. "
          "A garnishment order tells the bank to hold the money.")
SAMPLE_GRADE = 1.22
# A screen as reading.screen_words reads its YAML: the title runs into the text (no full stop added),
# Mako lines and blocks go, ${ ... } reads as one neutral word, markdown and links keep their words.
SAMPLE_BLOCK = {"question": "Your money", "subquestion": "You are owed **${ currency(owed['total']) }** today.\n"
                "% if paid:\nThey paid [some of it](https://example.org).\n% endif\n<%doc>not read</%doc>",
                "fields": [{"First name": "me.name.first", "help": "Like *Ana*"}, {"label": "Amount", "field": "x"}]}
SAMPLE_BLOCK_WORDS = "Your money You are owed it today. They paid some of it. First name Like Ana Amount"
# The same screen as docassemble renders it (as_data), a review item and a list's table added: the words
# built in Python count (the amount, the review item's answer); buttons, tables, hidden text, hints and
# choices do not, nor the quick exit and the rest of the page around the question (pre).
SAMPLE_SCREEN = {
    "questionText": "Your money", "help": {"label": "Help"}, "continueLabel": "Continue",
    "subquestionText": '<p>You are owed <strong>$1,234.50</strong> today.</p>\n<p>They paid <a href="https://example.org" '
                       'target="_blank">some of it</a>.<span class="sr-only">(opens in a new window)</span></p>\n'
                       '<div class="table-responsive"><table class=table><tr><th>Date</th></tr><tr><td>May 1</td></tr>'
                       '</table></div><p><a role="button" class="btn btn-sm" href="#"><i class="fa-solid fa-plus-circle">'
                       '</i> Add another</a></p>',
    "helpText": [{"content": "<p>Ask the clerk&rsquo;s office &ldquo;today&rdquo;.</p>"}],
    "fields": [{"label": "First name", "helptext": "Like <em>Ana</em>", "hint": "Ana", "variable_name": "me.name.first"},
               {"label": "Amount", "choices": [{"label": "All of it"}], "variable_name": "x"},
               {"datatype": "button", "label": "Edit", "helptext": "<p><strong>Your name:</strong> Ana Reyes</p>"}],
    "pre": '<div class="text-end"><a class="btn btn-danger btn-sm" href="#">Leave quickly</a></div>'}
SAMPLE_SCREEN_WORDS = ('Your money You are owed $1,234.50 today. They paid some of it. Ask the clerk\'s office "today". '
                       "First name Like Ana Amount Your name: Ana Reyes")


def test_reading_level_is_measured_as_counted_by_hand(tmp_path):
    script = ("import json, sys; sys.path.insert(0, sys.argv[1]); from reading import measure, screen_words, shown_words; "
              "print(json.dumps([measure(sys.argv[2]), screen_words(json.loads(sys.argv[3])), "
              "shown_words(json.loads(sys.argv[4]))]))")
    result = subprocess.run([str(da_venv_python()), "-c", script, str(HARNESS), SAMPLE, json.dumps(SAMPLE_BLOCK),
                             json.dumps(SAMPLE_SCREEN)],
                            capture_output=True, text=True, env=da_env(tmp_path), timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    level, words, shown = json.loads(result.stdout)
    assert (level["words"], level["sentences"], level["syllables"]) == (33, 4, 38), level
    assert abs(level["flesch_kincaid_grade"] - SAMPLE_GRADE) <= 0.5, level
    assert words == SAMPLE_BLOCK_WORDS
    assert shown == SAMPLE_SCREEN_WORDS


# --- the interview files ---------------------------------------------------------------------------------
def interview_files() -> list[Path]:
    return sorted(QUESTIONS.glob("*.yml"))


def test_dayamlchecker_passes_on_every_interview():
    checker = da_venv_python().parent / "dayamlchecker"
    result = subprocess.run([str(checker), "--no-url-check", *map(str, interview_files())], capture_output=True,
                            text=True, timeout=300)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout or not result.stdout.strip(), result.stdout


def blocks(path: Path) -> list[dict]:
    return [b for b in yaml.safe_load_all(path.read_text(encoding="utf-8")) if isinstance(b, dict)]


def test_every_block_has_an_id_and_every_question_a_section_and_progress():
    """A question id on every block (docassemble refuses one beside a metadata directive)."""
    for path in interview_files():
        for block in blocks(path):
            assert block.get("id") or "metadata" in block, f"{path.name}: a block with no id: {str(block)[:120]}"
            if any(key in block for key in ("question", "signature", "review")):
                assert block.get("section") and block.get("progress") is not None, f"{path.name}: {block['id']}"


def test_appeal_metadata_matches_the_rules_data():
    from docassemble.SmallClaimsCollect import rules
    metadata = next(b["metadata"] for b in blocks(QUESTIONS / "appeal.yml") if "metadata" in b)
    for key in ("title", "short title", "description", "can_I_use_this_form", "before_you_start", "fees",
                "form_titles", "form_numbers", "estimated_completion_minutes", "languages"):
        assert metadata.get(key), key
    statewide = rules.load("KY", "fees")["fees"]["appeal_filing"]["amount"]
    assert [f"{fee['amount']:.2f}" for fee in metadata["fees"]] == [statewide]
    days = next(d["days"] for d in rules.load("KY", "deadlines")["deadlines"] if d["key"] == "notice_of_appeal_due")
    assert f"only {days} days" in metadata["can_I_use_this_form"]
    assert "AOC-026" in metadata["form_numbers"]


@pytest.mark.parametrize("path", [p for p in interview_files() if p.name != "ky_shared.yml"], ids=lambda p: p.stem)
def test_every_interviews_metadata_is_whole_and_agrees_with_the_data(path):
    """docassemble's interview list reads the metadata as written (it cannot call the engine), so its
    figures are checked here: each fee is a statewide amount of fees.yml, or 0 where the text says
    there is none or to ask the clerk; each form number has a form spec in data/templates/forms."""
    from docassemble.SmallClaimsCollect import rules
    metadata = next(b["metadata"] for b in blocks(path) if "metadata" in b)
    for key in ("title", "short title", "description", "can_I_use_this_form", "before_you_start", "fees",
                "form_titles", "estimated_completion_minutes", "languages"):
        assert metadata.get(key), key
    amounts = {f"{float(fee['amount']):.2f}" for fee in rules.load("KY", "fees")["fees"].values() if "amount" in fee}
    for fee in metadata["fees"]:
        assert f"{float(fee['amount']):.2f}" in amounts or (fee["amount"] == 0 and any(
            words in fee["name"] for words in ("No filing fee", "none", "ask the clerk"))), fee
    forms = QUESTIONS.parent / "templates" / "forms"
    assert all((forms / f"{number}.yml").exists() for number in metadata["form_numbers"]), metadata["form_numbers"]
    assert len(metadata["form_titles"]) >= len(metadata["form_numbers"])


def test_county_list_is_the_fee_waiver_forms_list():
    """The county a person picks must be one the AOC-026 county box offers (two are misspelt there)."""
    from docassemble.SmallClaimsCollect.pdf_document import open_pdf
    from docassemble.SmallClaimsCollect.pdf_fields import form_fields
    shared = next(b["code"] for b in blocks(QUESTIONS / "ky_shared.yml") if "ky_counties" in str(b.get("code", "")))
    namespace: dict = {}
    exec(shared, namespace)
    choices = form_fields(open_pdf(FORMS / "KY" / "AOC-026.pdf"))["County Dropdown"].choices
    on_form = {{"Bullit": "Bullitt", "Larue": "LaRue"}.get(value, value) for value, _ in choices if value.strip()}
    assert len(namespace["ky_counties"]) == 120 and set(namespace["ky_counties"]) == on_form


# --- the bridge, in this process (no docassemble here) ----------------------------------------------
def appeal_answers(**changes):
    answers = dict(appellant=person("José", "Núñez", phone_number="859-555-0142", email="jose@example.org"),
                   appellee=person("Limestone Handyman Services, LLC"), was="defendant", other_kind="business",
                   county="Fayette", district_case_number="26-S-01234", entered=datetime(2026, 11, 12),
                   principal=2300.0, court_costs=86.5, interest_rate=12.0, fee_waiver=True,
                   service_method="first_class_mail", service_date=date(2026, 11, 23))
    answers.update(changes)
    return answers


def test_bridge_imports_without_docassemble():
    script = ("import sys, docassemble.SmallClaimsCollect.interview_support as m; "
              "assert not any(n == 'docassemble.base' or n.startswith('docassemble.base.') for n in sys.modules); print('ok')")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "ok", result.stderr


def test_bridge_makes_a_case_file_the_engine_accepts():
    from docassemble.SmallClaimsCollect.interview_support import appeal_case_data, check_case
    data = appeal_case_data(**appeal_answers())
    case = check_case(data)
    appellant, appellee = case.party("appellant"), case.party("appellee")
    assert appellant.name == "José Núñez" and appellant.roles == ["defendant", "appellant", "judgment_debtor"]
    assert appellant.address.street2 == "Apt. 3" and appellant.address.state == "KY" and appellant.phone == "859-555-0142"
    assert appellee.kind == "business" and appellee.roles == ["plaintiff", "appellee", "judgment_creditor"]
    assert str(case.judgment.principal) == "2300.00" and str(case.judgment.court_costs) == "86.50"
    assert case.judgment.entered == date(2026, 11, 12) and case.judgment.interest.rate_percent == 12
    assert case.appeal.fee_waiver and case.court.level == "district" and case.service.method == "first_class_mail"


def test_bridge_reports_what_the_schema_refuses_by_field():
    from docassemble.SmallClaimsCollect.interview_support import CaseProblems, appeal_case_data, check_case
    broken = appeal_answers(appellee=Obj(name=Obj(first="Dana", last="Whitfield"),
                                         address=Obj(address="22 Pike St", city="Covington", state="KY", zip="4101")))
    with pytest.raises(CaseProblems) as caught:
        check_case(appeal_case_data(**broken))
    assert [p.field for p in caught.value.problems] == ["parties[1].address.zip"]


def test_bridge_counts_deadlines_fees_and_words_with_the_engine():
    from docassemble.SmallClaimsCollect.interview_support import (appeal_window, deadline_days, fee, length_limit,
                                                                 statement_window, typed_words)
    window = appeal_window(date(2026, 11, 12), date(2026, 11, 20))
    assert (window.due, window.days_left, window.open, window.rule) == (date(2026, 11, 23), 3, True, "KRS 24A.340; RAP 6(A)")
    assert not appeal_window(date(2026, 10, 1), date(2026, 11, 20)).open
    assert statement_window(date(2026, 11, 12), date(2026, 11, 18), date(2026, 11, 20)).due == date(2026, 12, 18)
    assert deadline_days("notice_of_appeal_due") == 10
    assert fee("appeal_filing").amount == 60 and fee("appeal_filing", "Kenton").amount == 70
    assert length_limit("statement-of-appeal").max_words == 8750
    facts = [Obj(text="The tile cracked.", record="R. 7"), Obj(text="Unfinished")]  # the second not complete
    points = [Obj(heading="Libel", text="Small claims cannot hear it.", citations="KRS 24A.230\n")]
    assert typed_words(facts, points, "Reverse it.") == 3 + 2 + 1 + 1 + 5 + 2 + 2


def test_bridge_makes_the_packet_with_the_drawn_signature(tmp_path):
    from docassemble.SmallClaimsCollect.interview_support import appeal_case_data, make_packet, with_signature
    picture = tmp_path / "signature.png"
    from PIL import Image
    Image.new("RGB", (200, 60), "white").save(picture)
    data = appeal_case_data(**appeal_answers())
    signed = with_signature(data, Obj(path=lambda: str(picture)))
    assert signed["parties"][0]["signature_image"] == str(picture) and "signature_image" not in data["parties"][0]
    assert with_signature(data, None) is data
    packet = make_packet(signed, date(2026, 11, 20), tmp_path / "packet", cache=FORMS / "KY")
    assert {"court-packet.pdf", "user-packet.pdf", "deadlines.ics", "notice-of-appeal.docx", "manifest.json",
            "case.json"} <= set(packet.files)
    assert packet.court == ["Notice of Appeal", "Motion to Proceed In Forma Pauperis (AOC-026)"]
    assert json.loads(packet.files["case.json"].read_text(encoding="utf-8")) == signed
    assert pdf_images(packet.files["court-packet.pdf"]) >= 2  # above the signature and the certificate's
    assert any("Attach a copy of the judgment" in w for w in packet.warnings)
