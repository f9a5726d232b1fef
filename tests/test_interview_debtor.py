"""counterstatement.yml and debtor.yml in real docassemble: driven screen by screen down their main
paths with the harness (all scenarios in one subprocess of the docassemble venv, as
test_interviews does), with every produced PDF opened and checked against what the engine computes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from interview_checks import (TODAY, due_dates, flat, long_date, month_day, offered, pdf_images, pdf_text,
                              reading_line, run_scenarios, scenario, screen, step)

PKG = "docassemble.SmallClaimsCollect:data/questions/"
COUNTER = PKG + "counterstatement.yml"
DEBTOR = PKG + "debtor.yml"

ENTERED = TODAY - timedelta(days=40)
NOTICE_FILED = TODAY - timedelta(days=33)
STATEMENT_FILED = TODAY - timedelta(days=5)  # inside the 30 days
LATE_STATEMENT_FILED = TODAY - timedelta(days=32)  # past them (the last day moves at most a few days)


# --- counterstatement.yml ---------------------------------------------------------------------------
def counter_start(statement_filed) -> list[dict]:
    return [
        step("welcome"),
        step("court case", county="Kenton", district_case_number="26-S-00871", was="plaintiff"),
        step("your name", **{"appellee.name.first": "Zoë", "appellee.name.last": "O’Brien"}),
        step("your address", **{"appellee.address.address": "27 East 43rd Street", "appellee.address.city": "Covington",
                                "appellee.address.zip": "41015", "appellee.phone_number": "859-555-0163"}),
        step("your lawyer", filer_has_lawyer=False),
        step("other side kind", other_kind="business"),
        step("other business name", **{"appellant.name.first": "Riverside Flats Properties, LLC"}),
        step("other side address", **{"appellant.address.address": "600 Madison Avenue", "appellant.address.unit": "Suite 210",
                                      "appellant.address.city": "Covington", "appellant.address.zip": "41011",
                                      "appellant_has_lawyer": True}),
        step("other side lawyer", **{"appellant_lawyer.name.first": "Gregory", "appellant_lawyer.name.last": "Ballard",
                                     "appellant_lawyer.address.address": "50 East RiverCenter Boulevard",
                                     "appellant_lawyer.address.unit": "Suite 1100",
                                     "appellant_lawyer.address.city": "Covington", "appellant_lawyer.address.zip": "41011",
                                     "appellant_lawyer.email": "gballard@ballardkeene.example.org"}),
        step("judgment date", judgment_entered=ENTERED.isoformat()),
        step("judgment money", won_below="appellee", principal="1450", court_costs="96.50"),
        step("circuit case", notice_filed=NOTICE_FILED.isoformat(), statement_filed=statement_filed.isoformat(),
             circuit_case_number="26-XX-00412"),
        step("counterstatement due"),
        step("appealed before", appealed_before=False),
    ]


def counter_answer() -> list[dict]:
    return [
        step("fact", **{"facts[0].text": "Ms. O’Brien paid a $1,450 security deposit and moved out at the end of the lease.",
                        "facts[0].record": "R. 4"}),
        step("another fact", **{"facts.there_is_another": True}),
        step("fact", **{"facts[1].text": "Riverside offered no invoices or photographs of any damage.",
                        "facts[1].record": "VR 9/10/2026 13:41:20"}),
        step("another fact", **{"facts.there_is_another": False}),
        step("point", **{"points[0].heading": "The Circuit Court cannot consider the new invoices",
                         "points[0].text": "New evidence cannot be given on appeal; the invoices are not in the record.",
                         "points[0].citations": "RAP 48\nSmall Claims Handbook"}),
        step("another point", **{"points.there_is_another": False}),
        step("relief", relief="Affirm the judgment for $1,450 plus costs."),
    ]


COUNSEL = {"filer_lawyer.name.first": "Aisha", "filer_lawyer.name.last": "Rahman", "filer_lawyer.bar_number": "93870",
           "filer_lawyer.firm": "Legal Aid of the Bluegrass", "filer_lawyer.address.address": "302 Greenup Street",
           "filer_lawyer.address.city": "Covington", "filer_lawyer.address.zip": "41011",
           "filer_lawyer.phone_number": "859-555-0190"}


def counter_scenarios() -> list[dict]:
    on_time = [
        *counter_start(STATEMENT_FILED),
        step("oral argument", oral_argument=True),
        *counter_answer(),
        step("service", service_method="email"),
        step("counterstatement length"),
        {"screen": "review answers", "edit": "relief"},
        step("relief", relief="Affirm the judgment of the Kenton District Court for $1,450 plus costs."),
        step("review answers"),
        step("preview"),
        step("sign how", sign_method="draw"),
        step("sign draw", **{"appellee.signature": "draw"}),
    ]
    late = [
        *counter_start(LATE_STATEMENT_FILED),
        step("oral argument", oral_argument=False),
        *counter_answer(),
        step("service", service_method="first_class_mail"),
        step("counterstatement length"),
        step("review answers"),
        step("preview"),
        step("sign how", sign_method="type"),
        {"screen": "sign typed", "refused": {"typed_signature": "Zoe OBrien"}, "message": "Type your name exactly"},
        step("sign typed", typed_signature="Zoë O’Brien"),
    ]
    by_lawyer = counter_start(STATEMENT_FILED)
    by_lawyer[4:5] = [step("your lawyer", filer_has_lawyer=True),
                      {"screen": "your lawyer details", "refused": {**COUNSEL, "filer_lawyer.address.zip": "4101"},
                       "message": "Type a 5-digit ZIP code"},
                      step("your lawyer details", **COUNSEL)]
    by_lawyer += [step("oral argument", oral_argument=False), *counter_answer(),
                  step("service", service_method="certified_mail"), step("counterstatement length"),
                  step("review answers"), step("preview"),
                  {"screen": "sign typed", "refused": {"typed_signature": "Zoë O’Brien"},
                   "message": "Type the lawyer's name exactly as it is on the papers: Aisha Rahman"},
                  step("sign typed", typed_signature="Aisha Rahman")]
    return [{"name": "counter_by_lawyer", "interview": COUNTER, "steps": by_lawyer, "end": "papers"},
            {"name": "counter_on_time", "interview": COUNTER, "steps": on_time, "end": "papers"},
            {"name": "counter_late", "interview": COUNTER, "steps": late, "end": "papers"}]


# --- running them -----------------------------------------------------------------------------------
def all_scenarios() -> list[dict]:
    return counter_scenarios() + debtor_scenarios()


D_ENTERED = TODAY - timedelta(days=60)
SERVED = TODAY - timedelta(days=3)


def debtor_start(goal: str) -> list[dict]:
    return [
        step("welcome"),
        step("goal", goal=goal),
        step("court case", county="Pike", district_case_number="26-S-00417", was="defendant"),
        step("your name", **{"debtor.name.first": "Billie Jo", "debtor.name.last": "Tackett"}),
        step("your address", **{"debtor.address.address": "77 Harolds Branch Road", "debtor.address.city": "Pikeville",
                                "debtor.address.zip": "41501", "debtor.phone_number": "606-555-0147"}),
        step("your lawyer", filer_has_lawyer=False),
        step("other side kind", creditor_kind="business"),
        step("other business name", **{"creditor.name.first": "Mountain Furniture & Appliance, Inc."}),
        step("other side address", **{"creditor.address.address": "310 Hambley Boulevard", "creditor.address.city": "Pikeville",
                                      "creditor.address.zip": "41501", "creditor_has_lawyer": False}),
        step("judgment date", judgment_entered=D_ENTERED.isoformat()),
        step("judgment money", principal="1985", court_costs="83"),
    ]


def debtor_finish() -> list[dict]:
    """The debtor's form is signed by hand (the engine's packet says so): no signature on screen."""
    return [step("service", service_method="first_class_mail"), step("review answers"), step("preview")]


def debtor_scenarios() -> list[dict]:
    bank = [
        *debtor_start("garnishment"),
        step("garnishment kind", garnishment="non_wage"),
        step("garnishee", **{"garnishee.name.first": "Community Trust Bank", "garnishee.address.address": "346 North Mayo Trail",
                             "garnishee.address.city": "Pikeville", "garnishee.address.zip": "41501"}),
        step("bank money", amount_taken="1250", money_source="social_security"),
        step("bank screen"),
        step("challenge reasons", amount_claimed_exempt="1250", notice_received=(TODAY - timedelta(days=2)).isoformat(),
             reasons="All the money in my checking account is my Social Security check."),
        *debtor_finish(),
    ]
    wage = [  # 25% of $845.02 is $211.255: the limit prints rounded down, $211.25, and $290 - $211.25 is over
        *debtor_start("garnishment"),
        step("garnishment kind", garnishment="wage"),
        step("garnishee", **{"garnishee.name.first": "Appalachian Regional Healthcare, Inc.",
                             "garnishee.address.address": "911 Bypass Road", "garnishee.address.city": "Pikeville",
                             "garnishee.address.zip": "41501"}),
        step("your pay", period="biweekly", disposable="845.02", withheld="290"),
        step("wage limit"),
        step("challenge reasons", notice_received=(TODAY - timedelta(days=2)).isoformat(),  # the amount as offered
             reasons="They take more of my pay than the law allows."),
        *debtor_finish(),
    ]
    wage_changed = [*wage[:-4],
                    step("challenge reasons", amount_claimed_exempt="120.50", amount_claimed_exempt_per="total",
                         notice_received=(TODAY - timedelta(days=2)).isoformat(), reasons="I need it for rent."),
                    *debtor_finish()]
    execution = [
        *debtor_start("execution"),
        step("execution served", execution_served=SERVED.isoformat()),
        step("execution window"),
        step("asset", **{"assets[0].kind": "motor_vehicle", "assets[0].description": "2014 Honda Civic",
                         "assets[0].value": "4000", "assets[0].amount_owed": "1000"}),
        step("another asset", **{"assets.there_is_another": True}),
        step("asset", **{"assets[1].kind": "household_goods", "assets[1].description": "Couch and TV",
                         "assets[1].value": "900", "assets[1].amount_owed": "0"}),
        step("another asset", **{"assets.there_is_another": False}),
        step("exemptions"),
        *debtor_finish(),
    ]
    satisfaction = [
        *debtor_start("satisfaction"),
        step("payment", **{"payments[0].date": (D_ENTERED + timedelta(days=10)).isoformat(), "payments[0].amount": "1000"}),
        step("another payment", **{"payments.there_is_another": True}),
        step("payment", **{"payments[1].date": (D_ENTERED + timedelta(days=20)).isoformat(), "payments[1].amount": "1200"}),
        step("another payment", **{"payments.there_is_another": False}),
        step("balance"),
        *debtor_finish(),
    ]
    represented = debtor_start("satisfaction")
    represented[8] = step("other side address", **{"creditor.address.address": "310 Hambley Boulevard",
                                                   "creditor.address.city": "Pikeville", "creditor.address.zip": "41501",
                                                   "creditor_has_lawyer": True})
    represented[9:9] = [step("other side lawyer", **{"creditor_lawyer.name.first": "Wendell", "creditor_lawyer.name.last": "Hatcher",
                                                     "creditor_lawyer.firm": "Hatcher & Slone PLLC",
                                                     "creditor_lawyer.address.address": "128 Main Street",
                                                     "creditor_lawyer.address.unit": "Suite 4",
                                                     "creditor_lawyer.address.city": "Pikeville",
                                                     "creditor_lawyer.address.zip": "41501"})]
    represented += [step("payment", **{"payments[0].date": (D_ENTERED + timedelta(days=10)).isoformat(),
                                       "payments[0].amount": "2200"}),
                    step("another payment", **{"payments.there_is_another": False}), step("balance"),
                    {"screen": "service", "refused": {"service_method": "email"}, "message": "add their email address first"},
                    *debtor_finish()]
    appeal = [step("welcome"), step("goal", goal="appeal")]
    return [{"name": "debtor_bank", "interview": DEBTOR, "steps": bank, "end": "papers"},
            {"name": "debtor_wage", "interview": DEBTOR, "steps": wage, "end": "papers"},
            {"name": "debtor_wage_changed", "interview": DEBTOR, "steps": wage_changed, "end": "papers"},
            {"name": "debtor_execution", "interview": DEBTOR, "steps": execution, "end": "papers"},
            {"name": "debtor_satisfaction", "interview": DEBTOR, "steps": satisfaction, "end": "papers"},
            {"name": "debtor_appeal", "interview": DEBTOR, "steps": appeal, "end": "appeal handover"},
            {"name": "debtor_represented_creditor", "interview": DEBTOR, "steps": represented, "end": "papers"}]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    """Every scenario, run once in the docassemble venv; the report by scenario name."""
    return run_scenarios(all_scenarios(), tmp_path_factory.mktemp("debtor_interviews"), "debtor/counterstatement")


def test_no_network(report):
    assert report["network_attempts"] == []


COUNTER_IDS = ["welcome", "court case", "your name", "your address", "your lawyer", "other side kind", "other business name",
               "other side address", "other side lawyer", "judgment date", "judgment money", "circuit case",
               "counterstatement due", "appealed before", "oral argument", "fact", "another fact", "fact",
               "another fact", "point", "another point", "relief", "service", "counterstatement length"]


def test_counterstatement_on_time(report):
    run = scenario(report, "counter_on_time")
    assert run["ids"] == COUNTER_IDS + ["review answers", "relief", "review answers", "preview", "sign how",
                                        "sign draw", "papers"]
    due = due_dates(entered=ENTERED, notice_of_appeal_filed=NOTICE_FILED,
                    statement_of_appeal_filed=STATEMENT_FILED)["counterstatement_due"]
    window = screen(run, "counterstatement due")["text"]
    assert f"You have {(due - TODAY).days} days left" in window and long_date(due) in window
    assert f"30 days after they filed their Statement of Appeal on {month_day(STATEMENT_FILED)}" in window
    assert "RAP 6(A)" in window
    assert "The limit is 8,750" in screen(run, "another fact")["text"]
    counts = [int(m) for s in run["screens"] if s["id"] in ("another fact", "another point")
              for m in re.findall(r"about (\d+) words", s["text"])]
    assert counts == sorted(counts) and counts[0] > 0
    length = screen(run, "counterstatement length")["text"]
    assert re.search(r"Your answer has \d+ words", length) and "That fits" in length

    draft = offered(run, "preview")["draft-papers"]["files"]["pdf"]
    assert "COUNTERSTATEMENT OF APPEAL" in pdf_text(draft)
    docs = offered(run, "papers")
    assert set(docs) == {"your-copy", "for-the-court", "counterstatement-of-appeal"}
    final = screen(run, "papers")
    assert final["email"] and final["download_all"] and long_date(due) in final["text"]
    assert "Send Gregory Ballard a copy" in final["text"]
    court = flat(pdf_text(docs["for-the-court"]["files"]["pdf"]))
    for words in ("COUNTERSTATEMENT OF APPEAL", "26-XX-00412", "26-S-00871", "KENTON CIRCUIT COURT",
                  "Zoë O’Brien, the appellee, who was the plaintiff", f"filed on {month_day(STATEMENT_FILED)}",
                  f"entered on {month_day(ENTERED)}", "(R. 4)", "(VR 9/10/2026 13:41:20)",
                  "The Circuit Court cannot consider the new invoices", "RAP 48",
                  "Affirm the judgment of the Kenton District Court for $1,450 plus costs.", "/s/ Zoë O’Brien",
                  "gballard@ballardkeene.example.org"):
        assert words in court, words
    assert "Affirm the judgment for $1,450 plus costs." not in court  # the edited answer
    assert pdf_images(docs["for-the-court"]["files"]["pdf"]) > pdf_images(draft)  # the drawn signature
    mine = flat(pdf_text(docs["your-copy"]["files"]["pdf"]))
    assert mine.startswith("What to do next") and month_day(due) in mine
    assert mine.index("What to do next") < mine.index("COUNTERSTATEMENT OF APPEAL")


def test_counterstatement_late_is_warned(report):
    run = scenario(report, "counter_late")
    assert run["ids"] == COUNTER_IDS + ["review answers", "preview", "sign how", "sign typed", "papers"]
    due = due_dates(entered=ENTERED, notice_of_appeal_filed=NOTICE_FILED,
                    statement_of_appeal_filed=LATE_STATEMENT_FILED)["counterstatement_due"]
    assert due < TODAY
    window = screen(run, "counterstatement due")["text"]
    assert "Your answer is late" in window and "That day has passed" in window and long_date(due) in window
    final = screen(run, "papers")["text"]
    assert "Your answer is late" in final and long_date(due) in final
    court = flat(pdf_text(offered(run, "papers")["for-the-court"]["files"]["pdf"]))
    assert "COUNTERSTATEMENT OF APPEAL" in court and "by first-class mail" in court and "/s/ Zoë O’Brien" in court
    assert pdf_images(offered(run, "papers")["for-the-court"]["files"]["pdf"]) == 0  # typed: no picture


DEBTOR_START = ["welcome", "goal", "court case", "your name", "your address", "your lawyer", "other side kind", "other business name",
                "other side address", "judgment date", "judgment money"]
DEBTOR_END = ["service", "review answers", "preview", "papers"]


def test_debtor_bank_garnishment_challenge(report):
    run = scenario(report, "debtor_bank")
    assert run["ids"] == DEBTOR_START + ["garnishment kind", "garnishee", "bank money", "bank screen",
                                         "challenge reasons"] + DEBTOR_END
    final = screen(run, "papers")["text"]  # AOC-150.2 is sworn (packets.yml)
    assert "Sign it in front of a notary or other officer who can give oaths. Do not sign it before." in final
    assert "Send Mountain Furniture & Appliance, Inc. a copy." in final


def test_debtor_wage_garnishment_challenge_works_the_figures_out(report):
    """The wage limit in plain lines, a line each, the citations after; the amount over the limit
    offered as the amount to protect from each paycheck, and the person's own figure when changed."""
    run = scenario(report, "debtor_wage")
    assert run["ids"] == DEBTOR_START + ["garnishment kind", "garnishee", "your pay", "wage limit",
                                         "challenge reasons"] + DEBTOR_END
    limit = screen(run, "wage limit")
    assert "The most they can take is $211.25 a paycheck" in limit["text"]  # $211.255 rounded down, not up
    text = flat(limit["text"])
    lines = ["take-home pay of $845.02 every two weeks", "25% of $845.02 is $211.25.",
             "protects 60 hours of pay at the minimum wage: 60 × $7.25 an hour = $435.00.", "Your pay above that is $845.02 − $435.00 = $410.02.",
             "They can take the smaller of the two: $211.25", "They take $290.00. That is $78.75 more than the law allows",
             "The law: KRS 427.010(2); 15 USC 1673(a); 29 CFR 870.10."]
    for words in lines:
        assert words in text, words
    assert [text.index(words) for words in lines] == sorted(text.index(words) for words in lines)
    reasons = screen(run, "challenge reasons")
    assert "So $78.75 of each paycheck is over the limit" in flat(reasons["text"])
    court = flat(pdf_text(offered(run, "papers")["for-the-court"]["files"]["pdf"]))
    assert "$78.75 of each paycheck (the most that may be" in court and "is $211.25: KRS 427.010(2)" in court

    changed = scenario(report, "debtor_wage_changed")
    court = flat(pdf_text(offered(changed, "papers")["for-the-court"]["files"]["pdf"]))
    assert "$120.50 in total (the most that may be" in court and "$78.75" not in court


def test_debtor_execution_challenge(report):
    run = scenario(report, "debtor_execution")
    assert run["ids"] == DEBTOR_START + ["execution served", "execution window", "asset", "another asset", "asset",
                                         "another asset", "exemptions"] + DEBTOR_END
    assert "Sign it in front of a notary" in screen(run, "papers")["text"]  # AOC-135.1 is sworn


def test_debtor_satisfaction(report):
    run = scenario(report, "debtor_satisfaction")
    assert run["ids"] == DEBTOR_START + ["payment", "another payment", "payment", "another payment",
                                         "balance"] + DEBTOR_END
    final = screen(run, "papers")["text"]  # AOC-191 is not sworn
    assert "Sign it by hand." in final and "notary" not in final


def test_debtor_appeal_handover(report):
    run = scenario(report, "debtor_appeal")
    assert run["ids"] == ["welcome", "goal", "appeal handover"]


def test_debtor_papers_hold_what_the_engine_computed(report):
    bank = scenario(report, "debtor_bank")
    assert "No exemption under KRS 427.010-.125 screened here for money in a bank account" in screen(bank, "bank screen")["text"]
    assert "Social Security" in screen(bank, "bank screen")["text"]
    docs = offered(bank, "papers")
    assert set(docs) == {"your-copy", "for-the-court"} and screen(bank, "papers")["email"]
    court = flat(pdf_text(docs["for-the-court"]["files"]["pdf"]))
    for words in ("AOC-150.2", "26-S-00417", "Mountain Furniture & Appliance, Inc. v. Billie Jo Tackett",
                  "Community Trust Bank", "$1,250.00", "Social Security check"):
        assert words in court, words
    mine = flat(pdf_text(docs["your-copy"]["files"]["pdf"]))
    assert mine.startswith("What to do next: Challenging a garnishment") and "AOC-150.2" in mine

    execution = scenario(report, "debtor_execution")
    due = due_dates(entered=D_ENTERED, execution_served=SERVED)["execution_challenge_due"]
    assert long_date(due) in screen(execution, "execution window")["text"]
    shown = screen(execution, "exemptions")["text"]
    assert "$3,400.00 of your property may be protected" in shown and "KRS 427.030" in shown
    docs = offered(execution, "papers")
    mine = flat(pdf_text(docs["your-copy"]["files"]["pdf"]))
    assert mine.startswith("What to do next: Challenging an execution on your property") and f"by {month_day(due)}" in mine
    # the engine's next-steps page carries the exemption screen (exemptions.yml), each asset with its statute
    assert "2014 Honda Civic: $2,500.00 protected of your $3,000.00 share (KRS 427.010(1); KRS 427.030)" in mine
    assert mine.index("What may be protected") < mine.index("Worksheet for form AOC-135.1")
    court = flat(pdf_text(docs["for-the-court"]["files"]["pdf"]))
    assert "AOC-135.1" in court and f"served {month_day(SERVED)}; file by {due:%B} {due.day}," in court  # the table wraps the year

    paid = scenario(report, "debtor_satisfaction")
    assert "The judgment is paid" in screen(paid, "balance")["text"] and "$2,200.00" in screen(paid, "balance")["text"]
    docs = offered(paid, "papers")
    court = flat(pdf_text(docs["for-the-court"]["files"]["pdf"]))
    mine = flat(pdf_text(docs["your-copy"]["files"]["pdf"]))
    assert mine.startswith("What to do next: Asking the court to mark the judgment paid") and "AOC-191" in mine
    assert '"Satisfaction in full"' in mine and "Ledger" in mine
    for words in ("AOC-191", "$2,068.00", f"{month_day(D_ENTERED + timedelta(days=10))}: $1,000.00", "$1,200.00",
                  f"$0.00 on {month_day(TODAY)}", "Billie Jo Tackett"):
        assert words in court, words


def test_debtor_hands_over_to_the_appeal_interview(report):
    run = scenario(report, "debtor_appeal")
    shown = screen(run, "appeal handover")
    assert "10 days" in shown["text"] and "Start the appeal interview" in shown["text"]
    assert not any(s["attachments"] for s in run["screens"])


def test_reading_level_and_quick_exit(report):
    for interview in (COUNTER, DEBTOR):
        level = report["reading"][interview]
        print("\n" + reading_line(interview, level))
        assert level["flesch_kincaid_grade"] <= 8.0 and level["shown"]["flesch_kincaid_grade"] <= 8.0, level
    for run in report["scenarios"]:
        for shown in run["screens"]:
            assert "quick_exit" in shown["actions"], (run["name"], shown["id"])
            assert shown["section"] and shown["progress"] is not None, (run["name"], shown["id"])


def test_a_counterstatement_filed_by_the_persons_lawyer(report):
    """Zoë O’Brien's legal-aid lawyer files her Counterstatement: the lawyer signs it, with bar number and
    firm, as counsel for her; the copy goes to the appellant's lawyer."""
    run = scenario(report, "counter_by_lawyer")
    assert run["ids"] == COUNTER_IDS[:4] + ["your lawyer", "your lawyer details"] + COUNTER_IDS[5:] + [
        "review answers", "preview", "sign typed", "papers"]  # a lawyer types: no "sign how"
    assert "Is a lawyer filing these papers for you?" in screen(run, "your lawyer")["text"]
    assert "Your lawyer: Aisha Rahman" in screen(run, "review answers")["text"]
    assert "Their lawyer: Gregory Ballard" in screen(run, "review answers")["text"]
    court = flat(pdf_text(offered(run, "papers")["for-the-court"]["files"]["pdf"]))
    for words in ("COUNTERSTATEMENT OF APPEAL", "/s/ Aisha Rahman", "Bar No. 93870", "Legal Aid of the Bluegrass",
                  "302 Greenup Street", "Phone: 859-555-0190", "Counsel for Zoë O’Brien",
                  "by certified mail to: Gregory Ballard, attorney for Riverside Flats Properties, LLC, 50 East RiverCenter "
                  "Boulevard, Suite 1100, Covington, KY 41011."):
        assert words in court, words
    assert "/s/ Zoë O’Brien" not in court and "without a lawyer" not in court


def test_debtor_copies_go_to_the_creditors_lawyer(report):
    """The creditor has a lawyer: the debtor is told the copy goes to the lawyer, the email way is refused
    while the lawyer has no email, and the engine's packet counts the copy for the lawyer."""
    run = scenario(report, "debtor_represented_creditor")
    assert run["ids"] == DEBTOR_START[:8] + ["other side address", "other side lawyer"] + DEBTOR_START[9:] + [
        "payment", "another payment", "balance"] + DEBTOR_END
    assert "When the other side has a lawyer, you send the copies of your papers to the lawyer" in \
        screen(run, "other side lawyer")["text"]
    assert "the copy goes to the lawyer, Wendell Hatcher, not to them" in screen(run, "service")["text"]
    assert "Their lawyer: Wendell Hatcher" in screen(run, "review answers")["text"]
    assert "Send Wendell Hatcher a copy." in screen(run, "papers")["text"]
    mine = flat(pdf_text(offered(run, "papers")["your-copy"]["files"]["pdf"]))
    assert "1 for Wendell Hatcher, attorney for Mountain Furniture & Appliance, Inc." in mine
