"""before_judgment.yml in real docassemble: the complaint, the counter-claim and the settlement.

Run like test_interviews.py: one subprocess of the docassemble venv (tests/docassemble/setup.sh)
drives every scenario with the harness, screen by screen, and reports the screens in order and the
documents offered; the tests here check them and open every PDF with pdftotext. The tests fail,
not skip, when the venv is missing. The bridge (interview_claim) is checked here too, directly.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from conftest import FORMS
from interview_checks import (TODAY, Obj, due_dates, flat, long_date, month_day, offered, pdf_images, pdf_text,
                              person, reading_line, run_scenarios, scenario, screen, step)

INTERVIEW = "docassemble.SmallClaimsCollect:data/questions/before_judgment.yml"
HEARING = TODAY + timedelta(days=30)  # far enough for both last days to be open
SOON_HEARING = TODAY + timedelta(days=2)  # the counter-claim's 5 days are gone
SETTLEMENT_TERMS = ("José Núñez pays Dana Whitfield $650.00 in two parts: $325.00 by March 1, 2027 and $325.00 by "
                    "April 1, 2027.\nDana Whitfield asks the court to dismiss the case once the last payment is made.")


def me(first="Marisol", last="Ortega-Hayes") -> list[dict]:
    return [
        step("your name", **{"me.name.first": first, "me.name.last": last}),
        step("your address", **{"me.address.address": "22 Burlington Pike", "me.address.unit": "Apt. 3",
                                "me.address.city": "Florence", "me.address.zip": "41042",
                                "me.phone_number": "859-555-0142"}),
    ]


def business_other() -> list[dict]:
    return [
        step("other side kind", other_kind="business"),
        step("other business name", **{"other.name.first": "Northern Kentucky Appliance Repair, LLC"}),
        step("other side address", **{"other.address.address": "7100 Industrial Road", "other.address.unit": "Suite 4",
                                       "other.address.city": "Florence", "other.address.zip": "41042"}),
    ]


def person_other() -> list[dict]:
    return [
        step("other side kind", other_kind="person"),
        step("other person name", **{"other.name.first": "Dana", "other.name.last": "Whitfield"}),
        step("other side address", **{"other.address.address": "22 Pike Street", "other.address.city": "Covington",
                                       "other.address.zip": "41011", "other.email": "dana@example.org"}),
    ]


def person_other_in_the_case() -> list[dict]:
    """The plaintiff of a case already filed: a counter-claim also asks whether they have a lawyer."""
    return [*person_other()[:2],
            step("other side address", **{"other.address.address": "22 Pike Street", "other.address.city": "Covington",
                                           "other.address.zip": "41011", "other.email": "dana@example.org",
                                           "other_has_lawyer": False})]


def items(*parts: tuple[str, str]) -> list[dict]:
    steps = []
    for index, (what, amount) in enumerate(parts):
        steps.append(step("claim item", **{f"claim_items[{index}].what": what, f"claim_items[{index}].amount": amount}))
        steps.append(step("another claim item", **{"claim_items.there_is_another": index < len(parts) - 1}))
    return steps


def complaint_start(plaintiff_type="individual") -> list[dict]:
    return [step("welcome"), step("task", task="complaint"), step("county new case", county="Boone"),
            step("who is suing", plaintiff_type=plaintiff_type)]


def scenarios() -> list[dict]:
    complaint = [
        *complaint_start(), *me(), *business_other(),
        *items(("Refrigerator repair paid for and never done", "900"), ("The part they kept", "350")),
        step("claim kind", claim_type="money", class_action=False),
        {"screen": "claims this year", "refused": {"claims_filed_this_year": "-1"}, "message": "below the minimum"},
        step("claims this year", claims_filed_this_year="2"),
        step("eligible"),
        {"screen": "review answers", "edit": "claim_items.revisit"},
        step("claim items revisit"),
        step("review answers"),
        step("preview"),  # AOC-175 is signed by hand, in front of a notary: nothing to sign on screen
    ]
    over_limit = [
        *complaint_start(), *me(), *person_other(),
        *items(("Unpaid rent for three months", "2700"), ("Damage to the door", "450")),
        step("claim kind", claim_type="money", class_action=False),
        step("claims this year", claims_filed_this_year="0"),
    ]
    excluded = [
        *complaint_start(), *me(), *person_other(),
        *items(("Harm to my name from a false online post", "1500")),
        step("claim kind", claim_type="libel", class_action=False),
        step("claims this year", claims_filed_this_year="0"),
    ]
    edited_over = [  # eligible at first; a review edit takes it over the yearly limit
        *complaint_start(), *me(), *person_other(), *items(("Unpaid loan to a friend", "600")),
        step("claim kind", claim_type="money", class_action=False),
        step("claims this year", claims_filed_this_year="1"),
        step("eligible"),
        {"screen": "review answers", "edit": "claims_filed_this_year"},
        step("claims this year", claims_filed_this_year="25"),
    ]
    too_many = [  # a business at its location long enough, but over the yearly limit
        *complaint_start("business"),
        step("your business name", **{"me.name.first": "Bluegrass Bakery, LLC"}),
        step("your address", **{"me.address.address": "310 Main Street", "me.address.city": "Paris",
                                "me.address.zip": "40361"}),
        *person_other(), *items(("Cake order not paid for", "240")),
        step("claim kind", claim_type="money", class_action=False),
        step("claims this year", claims_filed_this_year="25", business_months="30"),
    ]
    counterclaim = [
        step("welcome"), step("task", task="counterclaim"),
        step("court case", county="Kenton", case_number="26-S-00871"),
        *me(), step("your lawyer", filer_has_lawyer=False), *person_other_in_the_case(),
        *items(("Deposit they kept after I moved out", "800")),
        {"screen": "hearing date", "refused": {"hearing_date": (TODAY - timedelta(days=1)).isoformat()},
         "message": "before the min date"},
        step("hearing date", hearing_date=HEARING.isoformat()),
        step("dates"),
        step("service", service_method="personal_delivery", service_date=TODAY.isoformat()),
        step("review answers"),
        step("preview"),
    ]
    counterclaim_late = [
        step("welcome"), step("task", task="counterclaim"),
        step("court case", county="Kenton", case_number="26-S-00871"),
        *me(), step("your lawyer", filer_has_lawyer=False), *person_other_in_the_case(), *items(("Deposit they kept", "800")),
        step("hearing date", hearing_date=SOON_HEARING.isoformat()),
    ]
    represented = [
        step("welcome"), step("task", task="counterclaim"),
        step("court case", county="Kenton", case_number="26-S-00871"),
        *me(), step("your lawyer", filer_has_lawyer=True),
        step("your lawyer details", **{"filer_lawyer.name.first": "Aisha", "filer_lawyer.name.last": "Rahman",
                                       "filer_lawyer.bar_number": "93870", "filer_lawyer.firm": "Legal Aid of the Bluegrass",
                                       "filer_lawyer.address.address": "302 Greenup Street",
                                       "filer_lawyer.address.city": "Covington", "filer_lawyer.address.zip": "41011",
                                       "filer_lawyer.phone_number": "859-555-0190"}),
        *person_other()[:2],
        step("other side address", **{"other.address.address": "22 Pike Street", "other.address.city": "Covington",
                                       "other.address.zip": "41011", "other.email": "dana@example.org",
                                       "other_has_lawyer": True}),
        step("other side lawyer", **{"other_lawyer.name.first": "Marcus", "other_lawyer.name.last": "Hale",
                                     "other_lawyer.address.address": "50 E. RiverCenter Blvd.",
                                     "other_lawyer.address.unit": "Suite 1100", "other_lawyer.address.city": "Covington",
                                     "other_lawyer.address.zip": "41011"}),
        *items(("Deposit they kept after I moved out", "800")),
        step("hearing date", hearing_date=HEARING.isoformat()),
        step("dates"),
        {"screen": "service", "refused": {"service_method": "email", "service_date": TODAY.isoformat()},
         "message": "add their email address first"},  # Dana has one; her lawyer has none
        step("service", service_method="first_class_mail", service_date=TODAY.isoformat()),
        step("review answers"),
        step("preview"),
    ]
    settlement = [
        step("welcome"), step("task", task="settlement"),
        step("court case", county="Fayette", case_number="26-S-01234", settlement_role="defendant"),
        *me("José", "Núñez"), *person_other(),
        *items(("Tile work the plaintiff says was not paid for", "1300")),
        step("settlement terms", settlement_terms=SETTLEMENT_TERMS),
        step("settlement hearing", has_hearing=True, hearing_date=HEARING.isoformat()),
        step("review answers"),
        step("preview"),
    ]
    return [
        {"name": "complaint", "interview": INTERVIEW, "steps": complaint, "end": "papers"},
        {"name": "over_limit", "interview": INTERVIEW, "steps": over_limit, "end": "not small claims"},
        {"name": "excluded", "interview": INTERVIEW, "steps": excluded, "end": "not small claims"},
        {"name": "edited_over", "interview": INTERVIEW, "steps": edited_over, "end": "not small claims"},
        {"name": "too_many", "interview": INTERVIEW, "steps": too_many, "end": "not small claims"},
        {"name": "counterclaim", "interview": INTERVIEW, "steps": counterclaim, "end": "papers"},
        {"name": "counterclaim_late", "interview": INTERVIEW, "steps": counterclaim_late, "end": "counterclaim too late"},
        {"name": "settlement", "interview": INTERVIEW, "steps": settlement, "end": "papers"},
        {"name": "counterclaim_with_lawyers", "interview": INTERVIEW, "steps": represented, "end": "papers"},
        {"name": "quick_exit", "interview": INTERVIEW, "steps": [*complaint_start(), {"screen": "your name", "follow": "quick_exit"}],
         "end": "exit"},
    ]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    """Every scenario, run once in the docassemble venv; the report by scenario name."""
    return run_scenarios(scenarios(), tmp_path_factory.mktemp("claim-interviews"), "before_judgment")


START = ["welcome", "task"]
COMPLAINT_PEOPLE = START + ["county new case", "who is suing", "your name", "your address", "other side kind"]


def test_runs_this_checkout_with_no_network(report):
    assert report["network_attempts"] == []


def test_an_eligible_complaint_fills_aoc_175(report):
    run = scenario(report, "complaint")
    assert run["ids"] == COMPLAINT_PEOPLE + [
        "other business name", "other side address", "claim item", "another claim item", "claim item",
        "another claim item", "claim kind", "claims this year", "eligible", "review answers", "claim items revisit",
        "review answers", "preview", "papers"]
    assert "$1,250.00" in screen(run, "another claim item")["text"]  # the running total
    eligible = screen(run, "eligible")["text"]
    for words in ("The $1,250.00 claimed is within the $2,500.00 limit", "KRS 24A.230", "can hear a claim for money",
                  "this one would be number 3", "KRS 24A.200"):
        assert words in eligible, words
    assert "$1,250.00" in screen(run, "review answers")["text"]

    draft = offered(run, "preview")["draft-papers"]["files"]["pdf"]
    assert "Marisol Ortega-Hayes" in pdf_text(draft)

    docs = offered(run, "papers")
    assert set(docs) == {"your-copy", "for-the-court"}
    final = screen(run, "papers")
    assert final["email"] and final["download_all"]
    assert "Sign Small Claims Complaint (AOC-175) in front of a notary or the clerk. Do not sign it before." in final["text"]
    court = flat(pdf_text(docs["for-the-court"]["files"]["pdf"]))  # AOC-175, filled (its own text is glyph-shifted)
    for words in ("Boone", "Marisol Ortega-Hayes", "22 Burlington Pike", "Apt. 3", "Florence, KY 41042",
                  "Northern Kentucky Appliance Repair, LLC", "7100 Industrial Road", "Suite 4",
                  "Refrigerator repair paid for and never done ($900.00); The part they kept ($350.00)", "1,250.00"):
        assert words in court, words
    assert "What to do next" not in court
    mine = flat(pdf_text(docs["your-copy"]["files"]["pdf"]))
    assert mine.startswith("What to do next: Starting a small claims case")
    assert "Boone County District Court, new case (the clerk gives the number on filing)" in mine
    assert mine.index("What to do next") < mine.index("7100 Industrial Road")


def not_small_claims(run: dict) -> str:
    text = screen(run, "not small claims")["text"]
    assert "This claim cannot go to small claims court" in text and "Kentucky legal aid" in text
    assert all(not s["attachments"] for s in run["screens"])  # no papers
    return text


def test_a_claim_over_the_limit_ends_with_why(report):
    run = scenario(report, "over_limit")
    assert run["ids"][-3:] == ["claim kind", "claims this year", "not small claims"]
    text = not_small_claims(run)
    assert "The $3,150.00 claimed is more than the $2,500.00 limit" in text and "give up the rest, $650.00" in text
    assert "KRS 24A.230" in text
    assert "can hear a claim for money" not in text  # only the rules it fails


def test_an_excluded_claim_ends_with_why(report):
    text = not_small_claims(scenario(report, "excluded"))
    assert "The Small Claims Division cannot hear a case of libel" in text
    assert "Small Claims Handbook (Who Can File a Small Claims Suit)" in text
    assert "limit" not in text.split("Here is why")[1].split("What you can do")[0]  # the amount is fine


def test_the_25_claims_rule_ends_with_why(report):
    run = scenario(report, "too_many")
    assert run["ids"][:7] == START + ["county new case", "who is suing", "your business name", "your address",
                                      "other side kind"]
    text = not_small_claims(run)
    assert "already filed 25 small claims this calendar year at this location" in text and "KRS 24A.200" in text


def test_a_review_edit_is_checked_again(report):
    run = scenario(report, "edited_over")
    assert run["ids"][-5:] == ["claims this year", "eligible", "review answers", "claims this year", "not small claims"]
    assert "Kind of claim: Money" in screen(run, "review answers")["text"]
    assert "already filed 25 small claims this calendar year" in not_small_claims(run)


def test_a_counterclaim_with_its_dates_before_the_hearing(report):
    run = scenario(report, "counterclaim")
    assert run["ids"] == START + [
        "court case", "your name", "your address", "your lawyer", "other side kind", "other person name",
        "other side address", "claim item", "another claim item", "hearing date", "dates", "service", "review answers",
        "preview", "papers"]
    due = due_dates(hearing=HEARING)
    counter, jury = due["counterclaim_due"], due["jury_demand_due"]
    assert counter < HEARING and jury < HEARING
    dates = screen(run, "dates")["text"]
    assert f"You have {(counter - TODAY).days} days left to file your counter-claim" in dates
    assert long_date(counter) in dates and long_date(jury) in dates and "AOC-185" in dates and "CR 6.01" in dates
    final = screen(run, "papers")
    assert long_date(counter) in final["text"] and "Give Dana Whitfield a copy" in final["text"]

    docs = offered(run, "papers")
    assert set(docs) == {"your-copy"}  # AOC-185 is a worksheet: nothing to file as printed
    mine = flat(pdf_text(docs["your-copy"]["files"]["pdf"]))
    for words in ("What to do next: Making your own claim against the plaintiff",
                  "Kenton County District Court, case 26-S-00871: Dana Whitfield v. Marisol Ortega-Hayes",
                  f"{month_day(counter)}: Last day to file a counterclaim", f"{month_day(jury)}: Last day to ask for a jury",
                  "Worksheet for form AOC-185", "Deposit they kept after I moved out ($800.00)", "$800.00",
                  f"personal delivery, {month_day(TODAY)}", "Dana Whitfield, 22 Pike Street, Covington, KY"):
        assert words in mine, words
    assert pdf_images(docs["your-copy"]["files"]["pdf"]) == 0


def test_a_counterclaim_too_late_ends_with_what_to_do(report):
    run = scenario(report, "counterclaim_late")
    assert run["ids"][-2:] == ["hearing date", "counterclaim too late"]
    text = screen(run, "counterclaim too late")["text"]
    assert long_date(due_dates(hearing=SOON_HEARING)["counterclaim_due"]) in text
    assert "Sue someone in small claims" in text
    assert all(not s["attachments"] for s in run["screens"])


def test_a_settlement(report):
    run = scenario(report, "settlement")
    assert run["ids"] == START + [
        "court case", "your name", "your address", "other side kind", "other person name", "other side address",
        "claim item", "another claim item", "settlement terms", "settlement hearing", "review answers", "preview", "papers"]
    docs = offered(run, "papers")
    assert set(docs) == {"your-copy"}
    mine = flat(pdf_text(docs["your-copy"]["files"]["pdf"]))
    for words in ("What to do next: Writing down a settlement",
                  "Fayette County District Court, case 26-S-01234: Dana Whitfield v. José Núñez",
                  f"{month_day(HEARING)}: hearing", "Worksheet for form AOC-199",
                  "Tile work the plaintiff says was not paid for ($1,300.00)"):
        assert words in mine, words
    # the terms print whole on the AOC-199 worksheet, as the people wrote them (the table goes on over a page break)
    worksheet = mine[mine.index("Worksheet for form AOC-199"):]
    for words in ("José Núñez pays Dana Whitfield $650.00", "$325.00 by March 1, 2027", "$325.00 by", "April 1, 2027.",
                  "Dana Whitfield asks the court to dismiss the case", "once the last payment is made."):
        assert words in worksheet, words
    assert "Copy what you both agreed word for word" in screen(run, "papers")["text"]
    assert "What you agreed:" in screen(run, "review answers")["text"]


def test_quick_exit(report):
    run = scenario(report, "quick_exit")
    assert run["ended"] == {"command": "exit", "url": "https://www.weather.gov/", "after": "your name"}
    for each in report["scenarios"]:
        for shown in each["screens"]:
            assert "quick_exit" in shown["actions"], (each["name"], shown["id"])


def test_every_screen_has_an_id_a_section_and_progress(report):
    sections = set()
    for run in report["scenarios"]:
        for shown in run["screens"]:
            assert shown["id"] and not shown["id"].startswith("Question_"), (run["name"], shown)
            assert shown["section"] and shown["progress"] is not None, (run["name"], shown["id"])
            sections.add(shown["section"])
        progress = [s["progress"] for s in run["screens"] if s["section"] != "finish"]
        assert progress == sorted(progress), (run["name"], progress)
    assert {"start", "case", "people", "claim", "copies", "finish", "papers"} <= sections


def test_reading_level(report):
    level = report["reading"][INTERVIEW]
    print("\n" + reading_line(INTERVIEW, level))
    assert level["flesch_kincaid_grade"] <= 8.0 and level["shown"]["flesch_kincaid_grade"] <= 8.0, level


# --- the bridge, in this process ------------------------------------------------------------------
def claim_answers(**changes):
    answers = dict(workflow="complaint", me=person("Marisol", "Ortega-Hayes"), other=person("QuickFix, LLC"),
                   other_kind="business", county="Boone", case_number="number to be given by the clerk",
                   amount="1250", description="Repair not done", claims_filed_this_year=2)
    answers.update(changes)
    return answers


def test_bridge_makes_case_files_the_engine_accepts():
    from docassemble.SmallClaimsCollect.interview_claim import claim_case_data
    from docassemble.SmallClaimsCollect.interview_support import check_case
    case = check_case(claim_case_data(**claim_answers()))
    assert case.party("me").roles == ["plaintiff"] and case.party("other_side").kind == "business"
    assert str(case.claim.amount) == "1250.00" and case.claim.claims_filed_this_year == 2
    counter = check_case(claim_case_data(**claim_answers(workflow="counterclaim", my_role="defendant",
                                                         hearing_date=date(2026, 12, 15),
                                                         service_method="personal_delivery",
                                                         service_date=date(2026, 11, 20))))
    assert counter.party("me").roles == ["defendant"] and counter.party("other_side").roles == ["plaintiff"]
    assert counter.hearings[0].date == date(2026, 12, 15) and counter.service.method == "personal_delivery"
    with pytest.raises(ValueError):
        claim_case_data(**claim_answers(workflow="appeal"))


def test_bridge_eligibility_is_the_engines():
    from docassemble.SmallClaimsCollect.interview_claim import (claim_case_data, claim_eligibility, failed_reasons,
                                                               small_claims_limit)
    ok = claim_eligibility(claim_case_data(**claim_answers()))
    assert ok.eligible and not failed_reasons(ok)
    over = claim_eligibility(claim_case_data(**claim_answers(amount="2500.01")))
    assert [r.check for r in failed_reasons(over)] == ["amount"]
    unknown = claim_eligibility(claim_case_data(**claim_answers(claims_filed_this_year=None)))
    assert not unknown.eligible and [r.checked for r in failed_reasons(unknown)] == [False]
    assert small_claims_limit() == 2500


def test_bridge_claim_parts_and_hearing_dates():
    from docassemble.SmallClaimsCollect.interview_claim import claim_description, claim_total, hearing_window
    parts = [Obj(what="Repair not done", amount=900.0), Obj(what="Part kept", amount="1,350"), Obj(what="unfinished")]
    assert str(claim_total(parts)) == "2250.00"
    assert claim_description(parts) == "Repair not done ($900.00); Part kept ($1,350.00); unfinished"
    window = hearing_window("counterclaim_due", date(2026, 12, 15), date(2026, 11, 20))
    assert (window.due, window.days_left, window.open) == (date(2026, 12, 8), 18, True)
    assert hearing_window("jury_demand_due", date(2026, 12, 15), date(2026, 11, 20)).due == date(2026, 12, 8)
    assert FORMS.exists()


def test_a_counterclaim_filed_by_a_lawyer_against_a_plaintiff_with_a_lawyer(report):
    """Only the counter-claim is served by the person, so only it asks about lawyers: the copy goes to
    the plaintiff's lawyer (email refused while the lawyer has no email), counted for the lawyer in the
    packet; the complaint and the settlement ask neither question."""
    run = scenario(report, "counterclaim_with_lawyers")
    assert run["ids"] == START + [
        "court case", "your name", "your address", "your lawyer", "your lawyer details", "other side kind",
        "other person name", "other side address", "other side lawyer", "claim item", "another claim item",
        "hearing date", "dates", "service", "review answers", "preview", "papers"]
    assert "the copy goes to the lawyer, Marcus Hale, not to them" in screen(run, "service")["text"]
    review = screen(run, "review answers")["text"]
    assert "Their lawyer: Marcus Hale" in review and "Your lawyer: Aisha Rahman" in review
    assert "Give Marcus Hale a copy" in screen(run, "papers")["text"]
    mine = flat(pdf_text(offered(run, "papers")["your-copy"]["files"]["pdf"]))
    assert "1 for Marcus Hale, attorney for Dana Whitfield" in mine
    for name in ("complaint", "settlement"):
        shown = scenario(report, name)["ids"]
        assert "your lawyer" not in shown and "other side lawyer" not in shown, name
