"""AOC-175 prints "[X] Individual" for the plaintiff in the page itself: a packet for a plaintiff
who is not an individual warns so (the wording is in packets.yml), and one for a person does not."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from docassemble.SmallClaimsCollect import rules
from docassemble.SmallClaimsCollect.case import case_from_data
from docassemble.SmallClaimsCollect.packets import packet_plan
from docassemble.SmallClaimsCollect.pleading_markup import pleading_texts
from docassemble.SmallClaimsCollect.pleadings import render_pleading

COMPLAINT = """
schema_version: 1
state: KY
workflow: complaint
filer: baker
court: {county: Boone, level: district, division: Small Claims Division}
case_numbers: {district: 26-S-00999}
parties:
  - {id: baker, name: "Bluegrass Bakery, LLC", kind: business, roles: [plaintiff],
     address: {street: 12 Main Street, city: Florence, state: KY, zip: "41042"}}
  - {id: them, name: Pat Doe, kind: person, roles: [defendant],
     address: {street: 40 Elm Street, city: Florence, state: KY, zip: "41042"}}
claim: {amount: 800.00, claim_type: money, plaintiff_type: business, claims_filed_this_year: 2}
"""


def warning_text() -> str:
    entry = next(e for e in rules.load("KY", "packets")["packets"]["complaint"]["papers"] if e["paper"] == "AOC-175")
    return entry["warn"][0]["text"].strip()


@pytest.mark.parametrize("plaintiff_type, warned", [("business", True), ("individual", False)])
def test_a_plaintiff_not_an_individual_is_warned(plaintiff_type, warned):
    data = yaml.safe_load(COMPLAINT)
    data["claim"]["plaintiff_type"] = plaintiff_type
    plan = packet_plan(case_from_data(data), date(2026, 11, 21))
    assert (warning_text() in plan.warnings) is warned
    assert '"Individual"' in warning_text() and "clerk's current form" in warning_text()


def test_the_warning_is_on_the_next_steps_page_the_person_reads():
    case = case_from_data(yaml.safe_load(COMPLAINT))
    page = render_pleading("next-steps", case, date(2026, 11, 21))
    text = " ".join(" ".join(pleading_texts(page.pleading)).split())
    assert "Check before you file" in text and " ".join(warning_text().split()) in text
