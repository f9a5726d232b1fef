"""The next-steps page: what is in the packet and how many copies, where to file, the fees from
the data (a county's own figures first), the dates still to come, and what comes next."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
import yaml

from conftest import EXAMPLES
from docassemble.SmallClaimsCollect import rules
from docassemble.SmallClaimsCollect.case import Court, load_case
from docassemble.SmallClaimsCollect.packets import packet_plan
from docassemble.SmallClaimsCollect.pleading_documents import make_pleading
from test_pleadings import assert_court_format, words_without_page_numbers

AS_OF = date(2026, 11, 21)
EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("ky-*.yml"))


def page_text(case, tmp_path, as_of: date = AS_OF) -> str:
    path = tmp_path / "next.pdf"
    path.write_bytes(make_pleading("next-steps", case, as_of).pdf)
    return words_without_page_numbers(path)


@pytest.mark.parametrize("example", EXAMPLE_FILES)
def test_every_example_gets_a_page_naming_its_papers_fees_and_dates(tmp_path, example):
    case = load_case(EXAMPLES / example)
    plan = packet_plan(case, AS_OF)
    text = page_text(case, tmp_path)
    assert_court_format(tmp_path / "next.pdf")
    assert f"What to do next: {plan.title}" in text and plan.papers
    for paper in plan.papers:
        assert f"{paper.title}: {paper.does}." in text
        assert f"Make {paper.copies} cop" in text
    for paper, day in plan.done:
        said = f"done ({paper.done_as} on" if paper.done_as else ("sent" if paper.action == "send" else "filed")
        assert f"{paper.title}: {said}" in text
    for fee in plan.fees:
        assert fee.label in text and f"Source: {fee.rule}." in text
    for deadline in plan.dates:
        assert deadline.date >= AS_OF and deadline.title in text and deadline.rule in text
    assert " ".join(plan.where.split()) in text and plan.next in text


def test_copies_count_the_clerk_each_person_served_and_you(tmp_path):
    case = load_case(EXAMPLES / "ky-bank-garnishment.yml")
    plan = packet_plan(case, AS_OF)
    (motion,) = plan.papers  # the affidavit and order were filed when the garnishee was served
    assert [p.key for p, _ in plan.done] == ["AOC-145", "AOC-150.1"]
    garnishee = case.garnishees[0]
    debtor = case.party(case.judgment.against[0])
    assert motion.key == "motion-garnishee-appear" and motion.recipients == [garnishee, debtor] and motion.copies == 4
    text = page_text(case, tmp_path)
    assert (f"Make 4 copies: the original for the clerk, 1 for {garnishee.process_agent.name}, process agent for "
            f"{garnishee.name}, 1 for {debtor.name}, 1 for you.") in text
    assert f"File it with the clerk after {motion.after.date:%B} {motion.after.date.day}, {motion.after.date.year}" in text


def test_a_step_not_yet_taken_is_the_packet_and_its_deadline_is_shown(tmp_path):
    case = load_case(EXAMPLES / "ky-appeal.yml")
    before = dataclasses.replace(case, appeal=dataclasses.replace(case.appeal, notice_filed=None))
    plan = packet_plan(before, date(2026, 11, 16))
    assert [p.key for p in plan.papers] == ["notice-of-appeal", "AOC-026"] and [p.key for p in plan.later] == ["statement-of-appeal"]
    text = page_text(before, tmp_path, date(2026, 11, 16))
    assert "November 23, 2026: Last day to file a Notice of Appeal." in text  # November 22 is a Sunday
    no_waiver = dataclasses.replace(before, appeal=dataclasses.replace(before.appeal, fee_waiver=False))
    assert [p.key for p in packet_plan(no_waiver, AS_OF).papers] == ["notice-of-appeal"]
    after = packet_plan(case, AS_OF)  # notice filed November 18: the Statement is what to prepare now
    assert [p.key for p in after.papers] == ["statement-of-appeal"] and after.papers[0].by.date == date(2026, 12, 18)
    assert [d.key for d in after.dates] == ["statement_of_appeal_due"]


SWORN = "It holds a sworn statement: sign it in front of a notary or other officer who can give oaths, not before."


def test_a_sworn_paper_says_to_sign_it_in_front_of_a_notary(tmp_path):
    """AOC-026 holds an affidavit (its jurat): the page says to sign it in front of the officer; the
    Notice of Appeal, signed "/s/", does not. Every paper titled an affidavit is marked sworn."""
    case = load_case(EXAMPLES / "ky-appeal.yml")
    before = dataclasses.replace(case, appeal=dataclasses.replace(case.appeal, notice_filed=None))
    text = page_text(before, tmp_path, date(2026, 11, 16))
    notice, waiver = text.index("Notice of Appeal: tells"), text.index("Motion to Proceed In Forma Pauperis (AOC-026): asks")
    assert notice < waiver and SWORN not in text[notice:waiver] and SWORN in text[waiver:]
    assert text.count(SWORN) == 1
    papers = rules.load("KY", "packets")["papers"]
    assert all(paper.get("sworn") for paper in papers.values() if paper["title"].startswith("Affidavit"))
    assert not any(papers[key].get("sworn") for key in ("notice-of-appeal", "statement-of-appeal", "AOC-150.1", "AOC-191"))


def test_fees_come_from_the_data_a_countys_own_first_and_a_deployer_can_change_them(tmp_path, monkeypatch):
    example = load_case(EXAMPLES / "ky-appeal.yml")  # at the Notice of Appeal step, which pays the filing fee
    case = dataclasses.replace(example, appeal=dataclasses.replace(example.appeal, notice_filed=None))
    statewide = rules.load("KY", "fees")["fees"]["appeal_filing"]
    assert f"${statewide['amount']}" in page_text(case, tmp_path)
    kenton = dataclasses.replace(case, court=Court(county="Kenton", level="district"))
    text = page_text(kenton, tmp_path)
    assert "$70.00 (Kenton County's figure in 2016" in text and f"${statewide['amount']}" not in text
    override = tmp_path / "rules" / "ky"
    override.mkdir(parents=True)
    fees = rules.load("KY", "fees")
    fees["fees"]["appeal_filing"]["amount"] = "65.00"
    (override / "fees.yml").write_text(yaml.safe_dump(fees), encoding="utf-8")
    monkeypatch.setenv(rules.OVERRIDE_ENV, str(tmp_path / "rules"))
    assert "$65.00 (plus any local add-on fees" in page_text(case, tmp_path)


def test_an_unknown_fee_says_to_ask_the_clerk(tmp_path):
    example = load_case(EXAMPLES / "ky-execution.yml")  # at the execution's own step, not the Order for Sale's
    text = page_text(dataclasses.replace(example, execution=dataclasses.replace(example.execution, issued=None, served=None)),
                     tmp_path)
    assert "Fee for issuing the execution: the amount differs by county; ask the Office of Circuit Court Clerk" in text
    assert "Fees change and differ from county to county" in text


def test_the_page_needs_no_judgment(tmp_path):
    case = load_case(EXAMPLES / "ky-appeal.yml")
    before_trial = dataclasses.replace(case, workflow="counterclaim", judgment=None, appeal=None)
    plan = packet_plan(before_trial, date(2026, 11, 1))
    assert [p.key for p in plan.papers] == ["AOC-185"]
    # counted back from the November 10 trial: 5 court days and 7 calendar days both land on November 3
    assert [(d.key, d.date) for d in plan.dates] == [("counterclaim_due", date(2026, 11, 3)), ("jury_demand_due", date(2026, 11, 3))]
    assert "Small Claims Counter-Claim (AOC-185)" in page_text(before_trial, tmp_path, date(2026, 11, 1))
