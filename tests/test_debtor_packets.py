"""The debtor's own packets, as the engine makes them from a case file: the challenge to an
execution (execution_challenge, AOC-135.1) and the motion for satisfaction of judgment
(satisfaction_motion, AOC-191). Each packet's papers, its next-steps page (with the exemption
screen for an execution) and its calendar are checked against the rules data."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml
from icalendar import Calendar

from conftest import FORMS
from docassemble.SmallClaimsCollect.case import load_case
from docassemble.SmallClaimsCollect.casefile import validate
from docassemble.SmallClaimsCollect.deadlines import compute_deadlines
from docassemble.SmallClaimsCollect.errors import InputError
from docassemble.SmallClaimsCollect.packet_assembly import assemble

AS_OF = "2026-11-21"
SERVED = date(2026, 11, 16)

PEOPLE = """
schema_version: 1
state: KY
filer: billie
court: {county: Pike, level: district, division: Small Claims Division}
case_numbers: {district: 26-S-00417}
parties:
  - id: billie
    name: Billie Jo Tackett
    kind: person
    roles: [defendant, judgment_debtor]
    address: {street: 77 Harolds Branch Road, city: Pikeville, state: KY, zip: "41501"}
  - id: mountainfurn
    name: Mountain Furniture & Appliance, Inc.
    kind: business
    roles: [plaintiff, judgment_creditor]
    address: {street: 310 Hambley Boulevard, city: Pikeville, state: KY, zip: "41501"}
judgment:
  entered: 2026-09-02
  principal: 1985.00
  court_costs: 83.00
  interest: {basis: statutory}
  in_favor_of: mountainfurn
  against: [billie]
"""

EXECUTION = PEOPLE + f"""
workflow: execution_challenge
execution: {{served: {SERVED.isoformat()}}}
assets:
  - {{kind: motor_vehicle, description: 2014 Honda Civic, value: 3000.00}}
  - {{kind: household_goods, description: couch and TV, value: 900.00}}
"""

SATISFACTION = PEOPLE + """
workflow: satisfaction_motion
payments:
  - {date: 2026-09-30, amount: 1000.00, source: debtor}
  - {date: 2026-10-30, amount: 1068.00, source: debtor}
"""


def make(cli, tmp_path: Path, name: str, text: str) -> Path:
    case = tmp_path / f"{name}.yml"
    case.write_text(text, encoding="utf-8")
    out = tmp_path / name
    result = cli("assemble", str(case), "-o", str(out), "--as-of", AS_OF, "--cache", str(FORMS / "KY"))
    assert result.returncode == 0, result.stderr
    return out


def pdf_text(path: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())


def events(path: Path) -> dict[str, date]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["SUMMARY"]): e.decoded("DTSTART") for e in calendar.walk("VEVENT")}


def due(key: str, **facts: date) -> date:
    return next(d.date for d in compute_deadlines("KY", facts).deadlines if d.key == key)


def test_execution_challenge_packet(cli, tmp_path):
    out = make(cli, tmp_path, "execution", EXECUTION)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["packet"]["title"] == "Challenging an execution on your property"
    assert [(d.get("form") or d.get("pleading") or d.get("document"), d["kind"]) for d in manifest["documents"]] == [
        ("next-steps", "generated"), ("AOC-135.1", "worksheet"), ("ledger", "generated")]
    assert not (out / "court-packet.pdf").exists()  # a worksheet is never filed
    last_day = due("execution_challenge_due", execution_served=SERVED)  # AOC-135.1; Handbook (Execution): 10 days
    text = pdf_text(out / "user-packet.pdf")
    page = text[:text.index("Worksheet for form AOC-135.1")]
    for words in ("What to do next: Challenging an execution on your property",
                  f"File it with the clerk by {last_day:%B} {last_day.day}, {last_day.year}",
                  "1 for Mountain Furniture & Appliance, Inc.",
                  # the exemption screen (exemptions.yml), each asset with its statute
                  "What may be protected", "$3,400.00 of your property may be protected",
                  "2014 Honda Civic: $2,500.00 protected of your $3,000.00 share (KRS 427.010(1); KRS 427.030)",
                  "couch and TV: $900.00 protected of your $900.00 share (KRS 427.010(1))",
                  "sign it in front of a notary", "Order for Sale (AOC-140)"):
        assert words in page, words
    worksheet = text[text.index("Worksheet for form AOC-135.1"):]
    assert "2014 Honda Civic: worth $3,000.00; couch and TV: worth $900.00" in worksheet
    assert f"served {SERVED:%B} {SERVED.day}, {SERVED.year}" in worksheet
    found = events(out / "deadlines.ics")
    challenge = next(day for title, day in found.items() if title.startswith("Last day for the debtor to challenge"))
    assert challenge == last_day
    sale = next(day for title, day in found.items() if title.startswith("First day to file the Order for Sale"))
    assert sale == due("order_for_sale_earliest", execution_served=SERVED)


def test_satisfaction_motion_packet(cli, tmp_path):
    out = make(cli, tmp_path, "satisfaction", SATISFACTION)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["packet"]["title"] == "Asking the court to mark the judgment paid"
    assert [(d.get("form") or d.get("pleading") or d.get("document"), d["kind"]) for d in manifest["documents"]] == [
        ("next-steps", "generated"), ("AOC-191", "worksheet"), ("ledger", "generated")]
    text = pdf_text(out / "user-packet.pdf")
    page = text[:text.index("Worksheet for form AOC-191")]
    for words in ("What to do next: Asking the court to mark the judgment paid",
                  "Motion for Satisfaction of Judgment (AOC-191)", "1 for Mountain Furniture & Appliance, Inc.",
                  '"Satisfaction in full"', "The case file gives no dates for this step yet."):
        assert words in page, words
    assert "What may be protected" not in page
    worksheet = text[text.index("Worksheet for form AOC-191"):]
    for words in ("September 30, 2026: $1,000.00", "October 30, 2026: $1,068.00"):
        assert words in worksheet, words
    assert "BEGIN:VCALENDAR" in (out / "deadlines.ics").read_text(encoding="utf-8")
    assert not events(out / "deadlines.ics")  # no deadline in the rules for AOC-191


@pytest.mark.parametrize("workflow, needed", [("execution_challenge", {"assets", "execution"}),
                                              ("satisfaction_motion", {"payments"})])
def test_each_workflow_names_what_it_needs(workflow, needed):
    data = yaml.safe_load(PEOPLE)
    data["workflow"] = workflow
    data["judgment"]["entered"] = data["judgment"]["entered"].isoformat()
    problems = [p.field for p in validate(data)]
    assert needed <= set(problems), problems


def test_the_packet_is_assembled_in_memory_too(tmp_path):
    case_file = tmp_path / "execution.yml"
    case_file.write_text(EXECUTION, encoding="utf-8")
    packet = assemble(load_case(case_file), date.fromisoformat(AS_OF), FORMS / "KY")
    assert packet.plan.workflow == "execution_challenge" and packet.plan.exemptions is not None
    assert packet.plan.exemptions.total_exempt == 3400  # exemptions.yml: KRS 427.010(1), 427.030
    assert [p.key for p in packet.plan.papers] == ["AOC-135.1"]
    with pytest.raises(InputError):
        assemble(load_case(case_file), date.fromisoformat(AS_OF), FORMS / "KY", step="AOC-140")
