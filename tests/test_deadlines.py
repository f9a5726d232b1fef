"""Deadlines from the facts of a case, hand-worked against the Kentucky calendar."""

from __future__ import annotations

import json
from datetime import date

import pytest

from docassemble.SmallClaimsCollect.deadlines import compute_deadlines
from docassemble.SmallClaimsCollect.errors import InputError


def by_key(facts):
    return {d.key: d for d in compute_deadlines("KY", facts).deadlines}


def test_judgment_entered_on_a_monday():
    got = by_key({"entered": date(2026, 3, 2)})
    # KRS 24A.340: 10 days after Monday 2026-03-02 is Thursday 2026-03-12.
    assert got["notice_of_appeal_due"].date == date(2026, 3, 12)
    assert got["notice_of_appeal_due"].rule == "KRS 24A.340; RAP 6(A)"
    # KRS 426.030: garnishment and execution from the same day.
    assert got["garnishment_earliest"].date == got["execution_earliest"].date == date(2026, 3, 12)
    # KRS 413.090: 15 years, 2041-03-02 is a Saturday, so Monday 2041-03-04.
    assert got["judgment_enforceable_until"].date == date(2041, 3, 4)
    assert set(got) == {"notice_of_appeal_due", "garnishment_earliest", "execution_earliest", "judgment_enforceable_until"}


def test_appeal_deadline_over_new_years_closures():
    # KRS 24A.340 with RAP 6(A): 10 days after 2025-12-22 is 2026-01-01 (closed), so Friday 01-02.
    got = by_key({"entered": date(2025, 12, 22)})["notice_of_appeal_due"]
    assert got.date == date(2026, 1, 2)
    assert "New Year's Day (a court holiday)" in got.explanation


def test_each_later_deadline_from_its_own_fact():
    got = by_key({
        "notice_of_appeal_filed": date(2026, 3, 12),     # +30 = Sat 04-11 -> Mon 04-13 (handbook)
        "statement_of_appeal_filed": date(2026, 4, 10),  # +30 = Sun 05-10 -> Mon 05-11 (handbook)
        "interrogatories_received": date(2026, 5, 26),   # +30 = Thu 06-25 (AOC-197)
        "garnishee_served": date(2026, 6, 13),           # +20 = 07-03 observed holiday -> Mon 07-06
        "execution_issued": date(2026, 3, 5),            # +60 = Mon 05-04 (AOC-135)
        "execution_served": date(2026, 3, 20),           # +10 = Mon 03-30 (AOC-135.1); +14 = Fri 04-03 (AOC-140)
        "hearing": date(2026, 11, 17),                   # 5 court days before: Mon 11-09 (AOC-185); 7 days: Tue 11-10
        "check_issued": date(2026, 3, 20),               # +15 = Sat 04-04 -> Mon 04-06 (handbook)
    })
    assert {k: v.date for k, v in got.items()} == {
        "statement_of_appeal_due": date(2026, 4, 13),
        "counterstatement_due": date(2026, 5, 11),
        "interrogatory_answers_due": date(2026, 6, 25),
        "garnishee_answer_due": date(2026, 7, 6),
        "execution_return_due": date(2026, 5, 4),
        "execution_challenge_due": date(2026, 3, 30),
        "order_for_sale_earliest": date(2026, 4, 3),
        "counterclaim_due": date(2026, 11, 9),
        "jury_demand_due": date(2026, 11, 10),
        "clerk_release_earliest": date(2026, 4, 6),
    }
    # 2026-04-03 is Good Friday: open for counting, but flagged.
    assert "Good Friday" in got["order_for_sale_earliest"].note
    assert got["execution_challenge_due"].note is None


def test_every_deadline_names_its_rule_and_explains_itself():
    report = compute_deadlines("KY", {"entered": date(2026, 3, 2), "hearing": date(2026, 2, 20),
                                      "check_issued": date(2026, 4, 1)})
    for item in report.as_dict()["deadlines"]:
        assert item["rule"] and item["explanation"] and item["date"]
    json.dumps(report.as_dict())


def test_late_filing_and_early_execution_are_warned():
    report = compute_deadlines("KY", {"entered": date(2026, 3, 2), "notice_of_appeal_filed": date(2026, 3, 16),
                                      "execution_issued": date(2026, 3, 5)})
    assert len(report.warnings) == 2
    assert "4 days late" in report.warnings[0]
    assert "7 days too early" in report.warnings[1]


def test_facts_out_of_order_are_all_refused_at_once():
    with pytest.raises(InputError) as caught:
        compute_deadlines("KY", {"entered": date(2026, 3, 2), "notice_of_appeal_filed": date(2026, 3, 1),
                                 "execution_issued": date(2026, 4, 1), "execution_served": date(2026, 3, 20)})
    fields = [p.field for p in caught.value.problems]
    assert fields == ["--notice-of-appeal-filed", "--execution-served"]


def test_unknown_state_is_refused():
    with pytest.raises(InputError, match="supported: KY"):
        compute_deadlines("OH", {"entered": date(2026, 3, 2)})
