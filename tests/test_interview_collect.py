"""collect.yml ("I won and have not been paid") in real docassemble, driven screen by screen.

As in test_interviews: one subprocess in the docassemble venv (tests/docassemble/setup.sh) runs
every scenario with the harness; this process checks the screens in order, the documents offered,
and the text of every PDF, against figures the engine computes here (balance, wage limit, dates).
The tests fail, not skip, when the venv is missing.
"""

from __future__ import annotations

import subprocess
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ROOT
from interview_checks import (TODAY, due_dates, long_date, month_day, offered, pdf, pdf_images, reading_line,
                              run_scenarios, scenario, screen, step)

COLLECT = "docassemble.SmallClaimsCollect:data/questions/collect.yml"
ENTERED = TODAY - timedelta(days=90)
PAID_ON = TODAY - timedelta(days=30)
COST_ON = TODAY - timedelta(days=20)
SERVED_LONG_AGO = TODAY - timedelta(days=30)  # the garnishee's 20 days are over
SERVED_LATELY = TODAY - timedelta(days=5)  # they are not
HEARING = TODAY + timedelta(days=21)
SENT = TODAY - timedelta(days=40)
RECEIVED = TODAY - timedelta(days=37)
ISSUED = TODAY - timedelta(days=25)
EXECUTION_SERVED = TODAY - timedelta(days=20)  # the 14 days before an order for sale are over


def start(goal: str, payments: bool = True) -> list[dict]:
    steps = [
        step("welcome"),
        step("court case", county="Warren", district_case_number="26-S-00659", was="plaintiff"),
        step("your name", **{"creditor.name.first": "Harold", "creditor.name.middle": "W.", "creditor.name.last": "Pruitt"}),
        step("your address", **{"creditor.address.address": "1822 Smallhouse Road", "creditor.address.city": "Bowling Green",
                                "creditor.address.zip": "42104", "creditor.phone_number": "270-555-0158",
                                "creditor.email": "hpruitt@example.org"}),
        step("your lawyer", filer_has_lawyer=False),
        step("other side kind", **{"debtors[0].kind": "person"}),
        step("other person name", **{"debtors[0].name.first": "Kevin", "debtors[0].name.middle": "L.",
                                     "debtors[0].name.last": "Stamper"}),
        step("other side address", **{"debtors[0].address.address": "415 Cemetery Road", "debtors[0].address.unit": "Lot 22",
                                      "debtors[0].address.city": "Bowling Green", "debtors[0].address.zip": "42103",
                                      "debtors[0].has_lawyer": False}),
        step("another debtor", **{"debtors.there_is_another": False}),
        step("judgment date", judgment_entered=ENTERED.isoformat()),
        step("judgment money", principal="1,675", court_costs="91", has_interest_rate=False),
    ]
    if payments:
        steps += [
            step("any payments", **{"payments.there_are_any": True}),
            step("payment", **{"payments[0].date": PAID_ON.isoformat(), "payments[0].amount": "100",
                               "payments[0].note": "money order 4411"}),
            step("another payment", **{"payments.there_is_another": False}),
            step("any costs", **{"costs.there_are_any": True}),
            step("cost", **{"costs[0].date": COST_ON.isoformat(), "costs[0].amount": "9.85",
                            "costs[0].description": "certified mail"}),
            step("another cost", **{"costs.there_is_another": False}),
        ]
    else:
        steps += [step("any payments", **{"payments.there_are_any": False}),
                  step("any costs", **{"costs.there_are_any": False})]
    return steps + [step("balance"), step("your choices"), step("goal", goal=goal)]


def finish(sign: str | None = "type", service: str = "first_class_mail") -> list[dict]:
    """Service to the end; ``sign`` None when no paper takes a signature made on screen (forms, sworn papers)."""
    signing = {"draw": [step("sign how", sign_method="draw"), step("sign draw", **{"creditor.signature": "draw"})],
               "type": [step("sign how", sign_method="type"), step("sign typed", typed_signature="Harold W. Pruitt")],
               None: []}[sign]
    return [step("service", service_method=service), step("review answers"), step("preview"), *signing]


def paid_in_full(amount: str) -> list[dict]:
    """A creditor paid everything in one payment: no way to collect is offered, only the satisfaction."""
    return [*start("satisfaction")[:11], step("any payments", **{"payments.there_are_any": True}),
            step("payment", **{"payments[0].date": PAID_ON.isoformat(), "payments[0].amount": amount,
                               "payments[0].note": "cashier's check"}),
            step("another payment", **{"payments.there_is_another": False}),
            step("any costs", **{"costs.there_are_any": False}), step("balance"), step("paid in full"),
            step("service", service_method="first_class_mail"), step("review answers"), step("preview"),
            step("sign how", sign_method="type"), step("sign typed", typed_signature="Harold W. Pruitt")]


LAWYER = {"filer_lawyer.name.first": "Samuel K.", "filer_lawyer.name.last": "Adeyemi", "filer_lawyer.bar_number": "97112",
          "filer_lawyer.firm": "Green River Legal Services", "filer_lawyer.address.address": "120 West Second Street",
          "filer_lawyer.address.unit": "Suite 300", "filer_lawyer.address.city": "Owensboro",
          "filer_lawyer.address.zip": "42303", "filer_lawyer.phone_number": "270-555-0150",
          "filer_lawyer.email": "sadeyemi@greenriverlegal.example.org"}
TRISTATE = [step("other side kind", **{"debtors[0].kind": "business"}),
            step("other business name", **{"debtors[0].name.first": "Tri-State Tree Service, LLC"}),
            step("other side address", **{"debtors[0].address.address": "4410 Highway 144", "debtors[0].address.city": "Owensboro",
                                          "debtors[0].address.zip": "42303", "debtors[0].has_lawyer": True}),
            step("other side lawyer", **{"debtors[0].lawyer.name.first": "Lena", "debtors[0].lawyer.name.last": "Marsh",
                                         "debtors[0].lawyer.firm": "Marsh & Pike PLLC",
                                         "debtors[0].lawyer.address.address": "300 Frederica Street",
                                         "debtors[0].lawyer.address.city": "Owensboro", "debtors[0].lawyer.address.zip": "42301"})]
DALE = [step("other side kind", **{"debtors[1].kind": "person"}),
        step("other person name", **{"debtors[1].name.first": "Dale", "debtors[1].name.middle": "Emmitt",
                                     "debtors[1].name.last": "Rowe"}),
        step("other side address", **{"debtors[1].address.address": "9085 Kentucky 56", "debtors[1].address.city": "Owensboro",
                                      "debtors[1].address.zip": "42301", "debtors[1].has_lawyer": False})]


def two_debtors(goal: str) -> list[dict]:
    """Harold W. Pruitt, through his lawyer, against a business (with its lawyer) and a person."""
    common = start(goal, payments=False)
    people = [step("your lawyer", filer_has_lawyer=True),
              {"screen": "your lawyer details", "refused": {**LAWYER, "filer_lawyer.phone_number": "call me"},
               "message": "Type a phone number with its area code"},
              step("your lawyer details", **LAWYER), *TRISTATE,
              step("another debtor", **{"debtors.there_is_another": True}), *DALE,
              step("another debtor", **{"debtors.there_is_another": False})]
    return common[:4] + people + common[9:]


BANK = {"garnishees[0].kind": "bank", "garnishees[0].name.first": "Commonwealth Community Bank, Inc.",
        "garnishees[0].address.address": "950 Fairview Avenue", "garnishees[0].address.city": "Bowling Green",
        "garnishees[0].address.zip": "42101"}


def scenarios() -> list[dict]:
    bank = [*start("bank_garnishment"), step("demand letter", wants_demand_letter=True),
            step("garnishee", **BANK), step("another garnishee", **{"garnishees.there_is_another": False}),
            step("garnishee service", garnishee_service="certified_mail", order_served_yet=False),
            *finish(sign="draw")]
    bank_motion = [*start("bank_garnishment"), step("demand letter", wants_demand_letter=False),
                   step("garnishee", **BANK), step("another garnishee", **{"garnishees.there_is_another": False}),
                   step("garnishee service", garnishee_service="certified_mail", order_served_yet=True,
                        order_served=SERVED_LONG_AGO.isoformat(), amount_delivered="0"),
                   {"screen": "hearing", "refused": {"hearing_date": HEARING.isoformat(), "hearing_time": "ten"},
                    "message": "Type the time like 10:00"},
                   step("hearing", hearing_date=HEARING.isoformat(), hearing_time="10:00",
                        hearing_place="Courtroom 3, Warren County Justice Center"),
                   *finish()]
    bank_wait = [*start("bank_garnishment"), step("demand letter", wants_demand_letter=False),
                 step("garnishee", **BANK), step("another garnishee", **{"garnishees.there_is_another": False}),
                 step("garnishee service", garnishee_service="certified_mail", order_served_yet=True,
                      order_served=SERVED_LATELY.isoformat(), amount_delivered="0")]
    wage = [*start("wage_garnishment", payments=False), step("demand letter", wants_demand_letter=False),
            step("employer", **{"employers[0].name.first": "Ohio Valley Distribution Center, LLC",
                                "employers[0].address.address": "7600 National Turnpike",
                                "employers[0].address.city": "Louisville", "employers[0].address.zip": "40214",
                                "employers[0].period": "weekly", "employers[0].disposable": "612.40"}),
            step("wage limit"), step("another employer", **{"employers.there_is_another": False}),
            step("garnishee service", garnishee_service="certified_mail", order_served_yet=False),
            *finish(sign=None, service="certified_mail")]
    interrogatories = [*start("interrogatories"), step("demand letter", wants_demand_letter=True),
                       step("interrogatories status", interrogatories_sent_yet=False),
                       step("any questions", **{"questions.there_are_any": True}),
                       step("question", **{"questions[0].text": "Where do you keep the mower you sold me?"}),
                       step("another question", **{"questions.there_is_another": True}),
                       step("question", **{"questions[1].text": "Who pays you for odd jobs?"}),
                       step("another question", **{"questions.there_is_another": False}),
                       step("send how", interrogatories_method="certified_mail"),
                       *finish(service="certified_mail")]
    motion_198 = [*start("interrogatories"), step("demand letter", wants_demand_letter=False),
                  step("interrogatories status", interrogatories_sent_yet=True),
                  step("interrogatories sent", interrogatories_method="certified_mail", interrogatories_sent=SENT.isoformat(),
                       interrogatories_received=RECEIVED.isoformat(), interrogatories_answered=False),
                  *finish(sign=None)]
    motion_unknown_start = [*start("interrogatories"), step("demand letter", wants_demand_letter=False),
                            step("interrogatories status", interrogatories_sent_yet=True),
                            step("interrogatories sent", interrogatories_method="certified_mail",
                                 interrogatories_sent=SENT.isoformat(), interrogatories_answered=False)]
    lien = [*start("judgment_lien"), step("demand letter", wants_demand_letter=False),
            step("real estate", **{"assets[0].description": "House and lot at 415 Cemetery Road, Bowling Green",
                                   "assets[0].county": "Warren", "assets[0].value": "85,000"}),
            step("another asset", **{"assets.there_is_another": False}),
            {"screen": "service", "refused": {"service_method": "certified_mail"}, "message": "is not one of the choices"},
            *finish()]
    satisfaction = [*start("satisfaction"), step("service", service_method="first_class_mail"),
                    {"screen": "review answers", "edit": "principal"},  # an answer changed from the review screen
                    step("judgment money", principal="1,600", court_costs="91", has_interest_rate=False),
                    step("review answers"), step("preview"), step("sign how", sign_method="type"),
                    step("sign typed", typed_signature="Harold W. Pruitt")]
    table_edit = [*start("satisfaction"), step("service", service_method="first_class_mail"),
                  {"screen": "review answers", "edit": "payments.revisit"},
                  {"screen": "payments revisit", "edit": "payments[0].amount"},  # the Edit button in the table
                  step("payment", **{"payments[0].date": PAID_ON.isoformat(), "payments[0].amount": "150",
                                     "payments[0].note": "money order 4411"}),
                  step("payments revisit"), step("review answers"), step("preview"), step("sign how", sign_method="type"),
                  step("sign typed", typed_signature="Harold W. Pruitt")]
    order_for_sale = [*start("execution"), step("demand letter", wants_demand_letter=False),
                      step("asset", **{"assets[0].kind": "motor_vehicle", "assets[0].description": "2016 Ford F-150, red",
                                       "assets[0].value": "14,000", "assets[0].county": "Warren"}),
                      step("another asset", **{"assets.there_is_another": False}),
                      step("enough in county", enough_in_county=True),
                      step("execution status", execution_issued_yet=True, execution_issued=ISSUED.isoformat(),
                           execution_served=EXECUTION_SERVED.isoformat()),
                      *finish(sign=None)]
    execution = [*start("execution"), step("demand letter", wants_demand_letter=False),
                 step("asset", **{"assets[0].kind": "motor_vehicle", "assets[0].description": "2016 Ford F-150, red",
                                  "assets[0].value": "14,000", "assets[0].county": "Simpson"}),
                 step("another asset", **{"assets.there_is_another": False}),
                 step("enough in county", enough_in_county=False, execution_county="Simpson"),
                 step("execution status", execution_issued_yet=False),
                 *finish(sign=None)]
    represented = [*two_debtors("interrogatories"), step("demand letter", wants_demand_letter=True),
                   step("interrogatories status", interrogatories_sent_yet=False),
                   step("any questions", **{"questions.there_are_any": True}),
                   step("question", **{"questions[0].text": "Where do you keep the stump grinder?"}),
                   step("another question", **{"questions.there_is_another": False}),
                   step("send how", interrogatories_method="certified_mail"),
                   {"screen": "service", "refused": {"service_method": "email"}, "message": "we need an email address for"},
                   step("service", service_method="certified_mail"), step("review answers"), step("preview"),
                   {"screen": "sign typed", "refused": {"typed_signature": "Harold W. Pruitt"},
                    "message": "Samuel K. Adeyemi"},
                   step("sign typed", typed_signature="Samuel K. Adeyemi")]
    business = start("bank_garnishment", payments=False)
    business = [*business[:5], step("other side kind", **{"debtors[0].kind": "business"}),
                step("other business name", **{"debtors[0].name.first": "Tri-State Tree Service, LLC"}),
                step("other side address", **{"debtors[0].address.address": "4410 Highway 144", "debtors[0].address.city": "Owensboro",
                                              "debtors[0].address.zip": "42303", "debtors[0].has_lawyer": False}),
                *business[8:-1], {"screen": "goal", "refused": {"goal": "wage_garnishment"}, "message": "is not one of the choices"},
                step("goal", goal="bank_garnishment")]
    two_people = start("wage_garnishment", payments=False)
    two_people = [*two_people[:8], step("another debtor", **{"debtors.there_is_another": True}),
                  step("other side kind", **{"debtors[1].kind": "person"}),
                  step("other person name", **{"debtors[1].name.first": "Rhonda", "debtors[1].name.middle": "K.",
                                               "debtors[1].name.last": "Stamper"}),
                  step("other side address", **{"debtors[1].address.address": "88 Lovers Lane",
                                                "debtors[1].address.city": "Bowling Green", "debtors[1].address.zip": "42103",
                                                "debtors[1].has_lawyer": False}),
                  step("another debtor", **{"debtors.there_is_another": False}), *two_people[9:],
                  step("demand letter", wants_demand_letter=False), step("wage debtor", wage_debtor="debtors[1]"),
                  step("employer", **{"employers[0].name.first": "Medical Center at Bowling Green",
                                      "employers[0].address.address": "250 Park Street",
                                      "employers[0].address.city": "Bowling Green", "employers[0].address.zip": "42101",
                                      "employers[0].period": "biweekly", "employers[0].disposable": "1,204.16"}),
                  step("wage limit"), step("another employer", **{"employers.there_is_another": False}),
                  step("garnishee service", garnishee_service="certified_mail", order_served_yet=False),
                  step("service", service_method="certified_mail"), step("review answers")]
    return [
        {"name": "two_debtors_with_lawyers", "interview": COLLECT, "steps": represented, "end": "papers"},
        {"name": "business_debtor", "interview": COLLECT, "steps": business, "end": "demand letter"},
        {"name": "wage_of_one_of_two", "interview": COLLECT, "steps": two_people, "end": "preview"},
        {"name": "paid_to_the_cent", "interview": COLLECT, "steps": paid_in_full(PAID_TO_THE_CENT), "end": "papers"},
        {"name": "over_paid", "interview": COLLECT, "steps": paid_in_full(OVER_PAID), "end": "papers"},
        {"name": "bank", "interview": COLLECT, "steps": bank, "end": "papers"},
        {"name": "bank_motion", "interview": COLLECT, "steps": bank_motion, "end": "papers"},
        {"name": "bank_wait", "interview": COLLECT, "steps": bank_wait, "end": "not yet"},
        {"name": "wage", "interview": COLLECT, "steps": wage, "end": "papers"},
        {"name": "interrogatories", "interview": COLLECT, "steps": interrogatories, "end": "papers"},
        {"name": "motion_198", "interview": COLLECT, "steps": motion_198, "end": "papers"},
        {"name": "motion_unknown_start", "interview": COLLECT, "steps": motion_unknown_start, "end": "not yet"},
        {"name": "lien", "interview": COLLECT, "steps": lien, "end": "papers"},
        {"name": "satisfaction", "interview": COLLECT, "steps": satisfaction, "end": "papers"},
        {"name": "table_edit", "interview": COLLECT, "steps": table_edit, "end": "papers"},
        {"name": "execution", "interview": COLLECT, "steps": execution, "end": "papers"},
        {"name": "order_for_sale", "interview": COLLECT, "steps": order_for_sale, "end": "papers"},
        {"name": "quick_exit", "interview": COLLECT, "steps": [*start("lien")[:2], {"screen": "your name", "follow": "quick_exit"}],
         "end": "exit"},
    ]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    """Every scenario, run once in the docassemble venv; the report by scenario name."""
    return run_scenarios(scenarios(), tmp_path_factory.mktemp("collect"), "collect")


# --- the engine's figures, counted here -------------------------------------------------------------
def owed(payments: bool = True, principal: str = "1675.00", paid: str = "100.00", as_of=TODAY) -> dict:
    from docassemble.SmallClaimsCollect.case_report import balance_for
    from docassemble.SmallClaimsCollect.case import case_from_data
    data = {"schema_version": 1, "state": "KY", "workflow": "satisfaction", "filer": "c",
            "court": {"county": "Warren", "level": "district"}, "case_numbers": {"district": "26-S-00659"},
            "parties": [{"id": "c", "name": "Harold W. Pruitt", "kind": "person", "roles": ["plaintiff", "judgment_creditor"],
                         "address": {"street": "1", "city": "B", "state": "KY", "zip": "42104"}},
                        {"id": "d", "name": "Kevin L. Stamper", "kind": "person", "roles": ["defendant", "judgment_debtor"],
                         "address": {"street": "1", "city": "B", "state": "KY", "zip": "42103"}}],
            "judgment": {"entered": ENTERED.isoformat(), "principal": principal, "court_costs": "91.00",
                         "in_favor_of": "c", "against": ["d"], "interest": {"basis": "statutory"}}}
    if payments:
        data["payments"] = [{"date": PAID_ON.isoformat(), "amount": paid}]
        data["post_judgment_costs"] = [{"date": COST_ON.isoformat(), "amount": "9.85", "description": "certified mail"}]
    return balance_for(case_from_data(data), as_of).as_dict()


def dollars(amount: str) -> str:
    return f"${Decimal(amount):,.2f}"


# What was owed on the day of the payment, to the cent as printed; and fifty dollars more.
PAID_TO_THE_CENT = owed(payments=False, as_of=PAID_ON)["balance"]
OVER_PAID = str(Decimal(PAID_TO_THE_CENT) + 50)


COMMON = ["welcome", "court case", "your name", "your address", "your lawyer", "other side kind", "other person name",
          "other side address", "another debtor", "judgment date", "judgment money", "any payments", "payment", "another payment",
          "any costs", "cost", "another cost", "balance", "your choices", "goal"]
FINISH = ["service", "review answers", "preview", "sign how", "sign typed", "papers"]
UNSIGNED = ["service", "review answers", "preview", "papers"]  # every paper is signed by hand


# --- the tests ---------------------------------------------------------------------------------------
def test_runs_this_checkout_with_no_network(report):
    assert Path(report["package"]).resolve() == (ROOT / "docassemble" / "SmallClaimsCollect").resolve()
    assert report["network_attempts"] == []


def test_bank_garnishment(report):
    run = scenario(report, "bank")
    assert run["ids"] == COMMON + ["demand letter", "garnishee", "another garnishee", "garnishee service", "service",
                                   "review answers", "preview", "sign how", "sign draw", "papers"]
    figures = owed()
    balance = screen(run, "balance")["text"]
    for words in (f"You are owed {dollars(figures['balance'])} today", f"The judgment: {dollars(figures['judgment_amount'])}",
                  f"Interest at {figures['rate_percent']}% a year: {dollars(figures['interest_accrued'])}",
                  "Fees you paid to collect: $9.85", "Less what they paid you: $100.00",
                  f"about {dollars(figures['per_diem'])} a day", "KRS 360.040"):
        assert words in balance, words
    choices = screen(run, "your choices")["text"]
    assert "Processing fee the creditor pays the garnishee ($10.00)" in choices and "(ask the clerk)" in choices
    assert "AOC-145 and AOC-150.1" in choices

    draft = offered(run, "preview")
    assert set(draft) == {"draft-papers", "draft-letter"}
    docs = offered(run, "papers")
    assert set(docs) == {"your-copy", "demand-letter"}  # the forms are worksheets: nothing to file as is
    assert screen(run, "papers")["email"] and screen(run, "papers")["download_all"]
    final = screen(run, "papers")["text"]
    assert f"You are owed {dollars(figures['balance'])} today" in final
    assert "Affidavit for Writ of Non-Wage Garnishment (AOC-145)" in final and "Get the printed forms" in final
    assert "Motion to Require Garnishee to Appear" in final  # later
    mine = pdf(docs["your-copy"])
    assert mine.startswith("What to do next")
    for words in ("26-S-00659", "Harold W. Pruitt", "Kevin L. Stamper", "Commonwealth Community Bank, Inc.", "AOC-145",
                  "AOC-150.1", dollars(figures["balance"]), "Ledger"):
        assert words in mine, words
    letter = pdf(docs["demand-letter"])
    for words in ("Demand for payment of the judgment", "Dear Kevin L. Stamper", "Case No. 26-S-00659",
                  f"you owe {dollars(figures['balance'])}", "Less payments received: $100.00",
                  "Costs of collection since the judgment: $9.85", "/s/ Harold W. Pruitt",
                  f"{dollars(figures['per_diem'])} a day", f"by {month_day(TODAY + timedelta(days=14))}"):
        assert words in letter, words
    assert pdf_images(docs["demand-letter"]["files"]["pdf"]) >= 1  # the drawn signature


def test_bank_garnishment_motion_after_twenty_days(report):
    run = scenario(report, "bank_motion")
    assert run["ids"] == COMMON + ["demand letter", "garnishee", "another garnishee", "garnishee service", "hearing"] + FINISH
    docs = offered(run, "papers")
    assert {"your-copy", "for-the-court", "motion-garnishee-appear"} == set(docs)
    court = pdf(docs["for-the-court"])
    for words in ("MOTION TO REQUIRE GARNISHEE TO APPEAR", "26-S-00659", "WARREN DISTRICT COURT", "HAROLD W. PRUITT",
                  "KEVIN L. STAMPER", "Commonwealth Community Bank, Inc.", month_day(SERVED_LONG_AGO), month_day(HEARING),
                  "/s/ Harold W. Pruitt", "by first-class mail"):
        assert words in court, words


def test_a_step_not_allowed_yet_says_when(report):
    run = scenario(report, "bank_wait")
    assert run["ids"] == COMMON + ["demand letter", "garnishee", "another garnishee", "garnishee service", "not yet"]
    due = due_dates(entered=ENTERED, garnishee_served=SERVED_LATELY)["garnishee_answer_due"]
    first = due + timedelta(days=1)
    text = screen(run, "not yet")["text"]
    assert f"You cannot take the next step until {month_day(first)}" in text
    assert "Motion to Require Garnishee to Appear asks the judge" in text and long_date(first) in text
    assert f"answer is due: {month_day(due)}" in text and "Small Claims Handbook (Garnishment)" in text
    docs = offered(run, "not yet")
    assert set(docs) == {"your-copy"}
    mine = pdf(docs["your-copy"])
    assert mine.startswith("What to do next") and "Not yet" in mine and month_day(first) in mine


def test_wage_garnishment_shows_the_withholding_limit(report):
    run = scenario(report, "wage")
    common = [s for s in COMMON if s not in ("payment", "another payment", "cost", "another cost")]
    assert run["ids"] == common + ["demand letter", "employer", "wage limit", "another employer", "garnishee service"] + UNSIGNED
    assert "Sign Wage garnishment (AOC-150) in front of a notary. Do not sign it before." in screen(run, "papers")["text"]
    assert "If it is right, tap Continue" in screen(run, "preview")["text"] and "Continue to sign" not in screen(run, "preview")["text"]
    from docassemble.SmallClaimsCollect.wage_garnishment import garnishment_limit
    limit = garnishment_limit("KY", Decimal("612.40"), "weekly").as_dict()
    text = screen(run, "wage limit")["text"]
    assert f"hold back up to {dollars(limit['max_garnishable'])} each payday" in text
    assert f"({dollars(limit['floor'])})" in text and "KRS 427.010(2)" in text
    docs = offered(run, "papers")
    assert set(docs) == {"your-copy"}
    mine = pdf(docs["your-copy"])
    for words in ("AOC-150", "Ohio Valley Distribution Center, LLC", "26-S-00659", "Kevin L. Stamper",
                  dollars(owed(payments=False)["balance"])):
        assert words in mine, words


def test_interrogatories_with_questions(report):
    run = scenario(report, "interrogatories")
    assert run["ids"] == COMMON + ["demand letter", "interrogatories status", "any questions", "question",
                                   "another question", "question", "another question", "send how"] + FINISH
    assert "up to 15 questions" in screen(run, "any questions")["text"]
    signing = screen(run, "sign how")["text"]
    assert "Your signature goes on: Additional Interrogatories and the letter asking them to pay." in signing
    assert "Sign Post-Judgment Interrogatories (AOC-197) by hand, with a pen." in signing
    docs = offered(run, "papers")
    assert {"your-copy", "for-the-court", "additional-interrogatories", "demand-letter"} == set(docs)
    court = pdf(docs["for-the-court"])
    for words in ("ADDITIONAL POST-JUDGMENT INTERROGATORIES", "26-S-00659", "Where do you keep the mower you sold me?",
                  "Who pays you for odd jobs?", "30 days"):
        assert words in court, words
    assert "AOC-197" in pdf(docs["your-copy"])
    assert "Mail Kevin L. Stamper the letter." in screen(run, "papers")["text"]


def test_motion_to_require_answers_after_thirty_days(report):
    run = scenario(report, "motion_198")
    assert run["ids"] == COMMON + ["demand letter", "interrogatories status", "interrogatories sent"] + UNSIGNED
    mine = pdf(offered(run, "papers")["your-copy"])
    assert "AOC-198" in mine and "Motion to Require Answers to Interrogatories" in mine and "26-S-00659" in mine


def test_a_step_whose_start_the_answers_lack_says_what_is_missing(report):
    run = scenario(report, "motion_unknown_start")
    assert run["ids"] == COMMON + ["demand letter", "interrogatories status", "interrogatories sent", "not yet"]
    text = screen(run, "not yet")["text"]
    assert "You cannot take the next step yet" in text and "You cannot take the next step until" not in text
    assert "AOC-198" in text and "received the interrogatories" in text
    assert "we cannot give that day yet" in text and "When you know that day, start again" in text
    assert set(offered(run, "not yet")) == {"your-copy"}


def test_judgment_lien(report):
    run = scenario(report, "lien")
    assert run["ids"] == COMMON + ["demand letter", "real estate", "another asset"] + FINISH
    docs = offered(run, "papers")
    assert {"your-copy", "for-the-court", "notice-of-judgment-lien"} == set(docs)
    court = pdf(docs["for-the-court"])
    for words in ("NOTICE OF JUDGMENT LIEN", "26-S-00659", "Kevin L. Stamper", "Harold W. Pruitt", "KRS 427.060",
                  "$1,675.00", month_day(ENTERED)):
        assert words in court, words


def test_satisfaction(report):
    run = scenario(report, "satisfaction")
    assert run["ids"] == COMMON + ["service", "review answers", "judgment money", "review answers", "preview", "sign how",
                                   "sign typed", "papers"]
    assert "$1,600.00 plus $91.00 court costs" in screen(run, "review answers")["text"]
    docs = offered(run, "papers")
    assert {"your-copy", "for-the-court", "satisfaction-of-judgment"} == set(docs)
    court = pdf(docs["for-the-court"])
    figures = owed(principal="1600.00")  # the changed answer is in the papers
    for words in ("SATISFACTION OF JUDGMENT", "26-S-00659", "$100.00", dollars(figures["balance"]), "/s/ Harold W. Pruitt"):
        assert words in court, words


@pytest.mark.parametrize("name, amount, over", [("paid_to_the_cent", PAID_TO_THE_CENT, None),
                                                 ("over_paid", OVER_PAID, "$50.00")])
def test_a_judgment_paid_in_full_offers_no_way_to_collect_only_the_satisfaction(report, name, amount, over):
    run = scenario(report, name)
    assert run["ids"] == [*COMMON[:11], "any payments", "payment", "another payment", "any costs", "balance",
                          "paid in full", *FINISH]
    assert "The judgment is paid in full" in screen(run, "balance")["text"]
    said = screen(run, "paid in full")["text"]
    assert "Nothing is left to collect" in said and "Satisfaction of Judgment" in said
    assert (f"They paid you {over} more than was owed" in said) == bool(over)
    docs = offered(run, "papers")
    assert {"your-copy", "for-the-court", "satisfaction-of-judgment"} == set(docs)
    court = pdf(docs["for-the-court"])
    assert "SATISFACTION OF JUDGMENT" in court and "PARTIAL" not in court and "remains due" not in court
    assert f"{dollars(amount)} in all" in court
    assert (f"That is {over} more than was owed, which Harold W. Pruitt owes back to Kevin L. Stamper." in court) == bool(over)


def test_a_payment_edited_from_the_table_on_the_review_path(report):
    """Edit in the payments table (reached from the review screen) asks the payment again; the new amount is in the papers."""
    run = scenario(report, "table_edit")
    assert run["ids"] == COMMON + ["service", "review answers", "payments revisit", "payment", "payments revisit",
                                   "review answers", "preview", "sign how", "sign typed", "papers"]
    before, after = [s for s in run["screens"] if s["id"] == "payments revisit"]
    assert before["table_edits"] == ["payments[0].amount"] and "$100.00" in before["text"]
    assert "$150.00" in after["text"] and "$100.00" not in after["text"]
    court = pdf(offered(run, "papers")["for-the-court"])
    figures = owed(paid="150.00")
    assert "$150.00" in court and dollars(figures["balance"]) in court and "$100.00" not in court
    assert figures["balance"] != owed()["balance"]


def test_execution_in_another_county(report):
    run = scenario(report, "execution")
    assert run["ids"] == COMMON + ["demand letter", "asset", "another asset", "enough in county", "execution status"] + UNSIGNED
    final = screen(run, "papers")["text"]
    assert "Sign Execution (AOC-135) by hand." in final
    assert "Sign Affidavit of Insufficient Property in front of a notary. Do not sign it before." in final
    docs = offered(run, "papers")
    assert {"your-copy", "for-the-court", "affidavit-insufficient-property"} == set(docs)
    court = pdf(docs["for-the-court"])
    for words in ("AFFIDAVIT OF INSUFFICIENT PROPERTY", "Simpson", "2016 Ford F-150, red", "26-S-00659"):
        assert words in court, words
    assert "/s/" not in court and "Subscribed and sworn" in court  # signed in front of the notary
    assert "AOC-135" in pdf(docs["your-copy"])


def test_order_for_sale_after_fourteen_days(report):
    run = scenario(report, "order_for_sale")
    assert run["ids"] == COMMON + ["demand letter", "asset", "another asset", "enough in county", "execution status"] + UNSIGNED
    docs = offered(run, "papers")
    assert set(docs) == {"your-copy"}  # AOC-140 is a worksheet for the printed form
    mine = pdf(docs["your-copy"])
    for words in ("Order for Sale (AOC-140)", "26-S-00659", "Kevin L. Stamper", "Harold W. Pruitt"):
        assert words in mine, words
    assert "AFFIDAVIT OF INSUFFICIENT PROPERTY" not in mine


def test_quick_exit_on_every_screen(report):
    run = scenario(report, "quick_exit")
    assert run["ended"] == {"command": "exit", "url": "https://www.weather.gov/", "after": "your name"}
    for each in report["scenarios"]:
        for shown in each["screens"]:
            assert "quick_exit" in shown["actions"], (each["name"], shown["id"])
            assert shown["id"] and shown["section"] and shown["progress"] is not None, (each["name"], shown["id"])
        progress = [s["progress"] for s in each["screens"]]
        assert progress == sorted(progress) or each["name"] in ("satisfaction", "table_edit"), (each["name"], progress)


def test_reading_level(report):
    level = report["reading"][COLLECT]
    print("\n" + reading_line(COLLECT, level))
    assert level["flesch_kincaid_grade"] <= 8.0 and level["shown"]["flesch_kincaid_grade"] <= 8.0, level


def test_bridge_imports_without_docassemble():
    import sys
    script = ("import sys, docassemble.SmallClaimsCollect.interview_collect as m; "
              "assert not any(n == 'docassemble.base' or n.startswith('docassemble.base.') for n in sys.modules); print('ok')")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "ok", result.stderr


# --- a lawyer on each side, two debtors ----------------------------------------------------------------
def test_two_debtors_through_the_creditors_lawyer(report):
    """Harold W. Pruitt's lawyer files against Tri-State Tree Service, LLC (whose lawyer is Lena Marsh) and
    Dale Emmitt Rowe: the lawyer signs, one set of interrogatories is made for each debtor, each served
    on that debtor, through its lawyer when it has one."""
    run = scenario(report, "two_debtors_with_lawyers")
    assert run["ids"] == ["welcome", "court case", "your name", "your address", "your lawyer", "your lawyer details",
                          "other side kind", "other business name", "other side address", "other side lawyer",
                          "another debtor", "other side kind", "other person name", "other side address", "another debtor",
                          "judgment date", "judgment money", "any payments", "any costs", "balance", "your choices", "goal",
                          "demand letter", "interrogatories status", "any questions", "question", "another question",
                          "send how", "service", "review answers", "preview", "sign typed", "papers"]
    assert "Is there another person or business the judgment is against?" in screen(run, "another debtor")["text"]
    assert "So far: Tri-State Tree Service, LLC and Dale Emmitt Rowe." in screen(run, "another debtor")["text"]
    assert "I know where they work" in screen(run, "goal")["text"]  # Dale's pay can be garnished
    copies = "Lena Marsh (the lawyer for Tri-State Tree Service, LLC) and Dale Emmitt Rowe"
    assert copies in screen(run, "send how")["text"]
    service = screen(run, "service")["text"]
    assert copies in service and "their copy goes to the lawyer" in service
    review = screen(run, "review answers")["text"]
    assert "Your lawyer: Samuel K. Adeyemi" in review and "Who owes you: Tri-State Tree Service, LLC and Dale Emmitt Rowe" in review
    signing = screen(run, "sign typed")["text"]
    assert "The lawyer's signature goes on: Additional Interrogatories to Tri-State Tree Service, LLC" in signing.replace("’", "'")
    assert "“/s/ Samuel K. Adeyemi” and “Counsel for Harold W. Pruitt”" in signing

    docs = offered(run, "papers")
    assert {"your-copy", "for-the-court", "demand-letter", "demand-letter-debtor2", "additional-interrogatories-debtor",
            "additional-interrogatories-debtor2"} == set(docs)
    court = pdf(docs["for-the-court"])
    assert court.count("ADDITIONAL POST-JUDGMENT INTERROGATORIES") == 2
    for name in ("Tri-State Tree Service, LLC", "Dale Emmitt Rowe"):
        assert f"To {name}: these questions are served" in court, name
    assert "Subscribed and sworn to or affirmed before me by Dale Emmitt Rowe on" in court
    assert "(title) of Tri-State Tree Service, LLC, on" in court  # a business swears through its officer
    # each set's certificate: served on its own debtor, Tri-State through its lawyer
    assert ("by certified mail to: Lena Marsh, attorney for Tri-State Tree Service, LLC, 300 Frederica Street, "
            "Owensboro, KY 42301.") in court
    assert "by certified mail to: Dale Emmitt Rowe, 9085 Kentucky 56, Owensboro, KY 42301." in court
    # the lawyer's signature block, on each set and its certificate
    assert court.count("/s/ Samuel K. Adeyemi") >= 4 and "/s/ Harold W. Pruitt" not in court
    for words in ("Bar No. 97112", "Green River Legal Services", "120 West Second Street, Suite 300",
                  "Phone: 270-555-0150", "Email: sadeyemi@greenriverlegal.example.org", "Counsel for Harold W. Pruitt"):
        assert words in court, words
    assert "without a lawyer" not in court
    letters = {name: pdf(docs[name]) for name in ("demand-letter", "demand-letter-debtor2")}
    # Tri-State has a lawyer: its letter goes to her, about "your client" (CR 5.02(1))
    assert "To: Lena Marsh, attorney for Tri-State Tree Service, LLC" in letters["demand-letter"]
    assert "Dear Lena Marsh:" in letters["demand-letter"] and "your client, Tri-State Tree Service, LLC," in letters["demand-letter"]
    assert "wages" not in letters["demand-letter"]
    assert "Dear Dale Emmitt Rowe:" in letters["demand-letter-debtor2"]
    assert "by garnishing your wages or bank account" in letters["demand-letter-debtor2"]
    final = screen(run, "papers")["text"]
    assert ("Mail each letter to the one it is for: Lena Marsh (the lawyer for Tri-State Tree Service, LLC) and "
            "Dale Emmitt Rowe.") in final


def test_a_business_debtor_is_not_offered_a_wage_garnishment(report):
    run = scenario(report, "business_debtor")
    assert "A business has no pay to take, so this step is not for you." in screen(run, "your choices")["text"]
    assert "I know where they work" not in screen(run, "goal")["text"]
    assert "I know where they bank" in screen(run, "goal")["text"]


def test_a_wage_garnishment_of_one_of_two_people_asks_whose_pay(report):
    run = scenario(report, "wage_of_one_of_two")
    asked = screen(run, "wage debtor")["text"]
    assert "Whose pay do you want to garnish?" in asked
    assert "Kevin L. Stamper" in asked and "Rhonda K. Stamper" in asked
    assert "Whose pay: Rhonda K. Stamper" in screen(run, "review answers")["text"]
    assert "Kevin L. Stamper and Rhonda K. Stamper" in screen(run, "service")["text"]
