"""The check command: from a case file to its deadlines, balance, limits, exemptions and eligibility."""

from __future__ import annotations

import json
from datetime import date

import pytest

from docassemble.SmallClaimsCollect.case import case_from_data, load_case
from docassemble.SmallClaimsCollect.case_report import case_report
from docassemble.SmallClaimsCollect.casefile import load_case_data
from conftest import EXAMPLES

AS_OF = date(2026, 11, 21)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yml")), ids=lambda p: p.name)
def test_check_runs_on_every_example_as_text_and_json(cli, path):
    text = cli("check", str(path), "--as-of", AS_OF.isoformat())
    assert text.returncode == 0, text.stderr
    assert "Deadlines" in text.stdout and "Balance of the judgment" in text.stdout
    out = cli("check", str(path), "--as-of", AS_OF.isoformat(), "--json")
    report = json.loads(out.stdout)
    assert report["balance"]["rule"] == "KRS 360.040"
    assert all(d["rule"] for d in report["deadlines"])
    assert [d["date"] for d in report["deadlines"]] == sorted(d["date"] for d in report["deadlines"])


def test_wage_garnishment_example_hand_worked():
    # Entered 2026-06-08 for 2266.00. 37 days to the 200.00 payment on 07-15: 13.7823 interest,
    # 186.2177 off the balance (2079.7823). 129 days to 11-21: 44.1028. Costs 74.85, no interest.
    report = case_report(load_case(EXAMPLES / "ky-wage-garnishment.yml"), AS_OF)
    balance = report["balance"]
    assert (balance["interest_accrued"], balance["post_judgment_costs"], balance["balance"], balance["per_diem"]) == (
        "57.89", "74.85", "2198.74", "0.34")
    # 612.40 a week: 25% is 153.10, less than the 394.90 above the 217.50 floor (KRS 427.010(2)).
    (limit,) = report["wage_garnishment"]
    assert (limit["floor"], limit["max_garnishable"]) == ("217.50", "153.10")


def test_execution_example_screens_the_assets():
    report = case_report(load_case(EXAMPLES / "ky-execution.yml"), AS_OF)
    totals = report["exemptions"]["totals"]
    # Truck: 2500 of its 4300 equity (KRS 427.010(1)); household 3000 of 4200; tools 300 of 1800
    # (KRS 427.030); trailer 900 not screened.
    assert (totals["exempt"], totals["non_exempt"]) == ("5800.00", "5400.00")
    keys = {d["key"] for d in report["deadlines"]}
    assert {"execution_challenge_due", "order_for_sale_earliest", "execution_return_due"} <= keys


def test_garnishee_answer_dates_and_clerk_hold_come_from_the_case_file():
    data = load_case_data(EXAMPLES / "ky-bank-garnishment.yml")
    data["payments"] = [{"date": "2026-11-12", "amount": "300.00", "source": "garnishment", "check_issued": "2026-11-06"}]
    report = case_report(case_from_data(data), AS_OF)
    dates = {d["key"]: d["date"] for d in report["deadlines"]}
    # Served 2026-10-13: +20 = Mon 11-02. Check issued Fri 11-06: +15 = Sat 11-21 -> Mon 11-23.
    assert dates["garnishee_answer_due"] == "2026-11-02"
    assert dates["clerk_release_earliest"] == "2026-11-23"
    answer = next(d for d in report["deadlines"] if d["key"] == "garnishee_answer_due")
    assert "Commonwealth Community Bank" in answer["title"]


def test_a_claim_before_judgment_gets_the_eligibility_check_and_hearing_dates():
    data = load_case_data(EXAMPLES / "ky-bank-garnishment.yml")
    for key in ("judgment", "garnishees", "payments", "post_judgment_costs"):
        data.pop(key, None)
    data["workflow"] = "complaint"
    data["claim"] = {"amount": "2600.00", "claim_type": "money", "plaintiff_type": "individual", "claims_filed_this_year": "3"}
    data["hearings"] = [{"purpose": "trial", "date": "2026-12-08"}]
    report = case_report(case_from_data(data), AS_OF)
    assert report["eligibility"]["eligible"] is False
    assert any(not r["ok"] and "24A.230" in r["rule"] for r in report["eligibility"]["reasons"])
    dates = {d["key"]: d["date"] for d in report["deadlines"]}
    # 5 court days before Tue 12-08: Mon 7, Fri 4, Thu 3, Wed 2, Tue 1. 7 days before: Tue 12-01.
    assert dates == {"counterclaim_due": "2026-12-01", "jury_demand_due": "2026-12-01"}
    assert "balance" not in report


def test_as_of_before_entry_is_refused(cli):
    out = cli("check", str(EXAMPLES / "ky-appeal.yml"), "--as-of", "2020-01-01")
    assert out.returncode == 2 and "--as-of" in out.stderr and "Traceback" not in out.stderr
