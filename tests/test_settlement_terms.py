"""The settlement's terms (settlement_terms, required for workflow settlement): named when missing,
and printed whole on the AOC-199 worksheet as the people wrote them, over as many pages as it takes."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import yaml

from conftest import FORMS
from docassemble.SmallClaimsCollect.case import load_case
from docassemble.SmallClaimsCollect.casefile import validate
from docassemble.SmallClaimsCollect.packet_assembly import assemble

SETTLEMENT = """
schema_version: 1
state: KY
workflow: settlement
filer: jose
court: {county: Fayette, level: district, division: Small Claims Division}
case_numbers: {district: 26-S-01234}
parties:
  - {id: dana, name: Dana Whitfield, kind: person, roles: [plaintiff],
     address: {street: 12 Oak Street, city: Lexington, state: KY, zip: "40507"}}
  - {id: jose, name: José Núñez, kind: person, roles: [defendant],
     address: {street: 40 Elm Street, city: Lexington, state: KY, zip: "40508"}}
claim: {amount: 1300.00, claim_type: money, plaintiff_type: individual, description: Tile work}
"""

# long enough to run over the worksheet's page break; {{ }} shows user text is never template code
TERMS = "\n".join(f"Term {n}: José Núñez pays Dana Whitfield $25.00 by day {n} of 2027 {{{{ 7 * 7 }}}}." for n in range(1, 61))


def text_of(path: Path) -> str:
    """The worksheet's words in reading order, without what each page repeats (footer, table heading)."""
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    raw = re.sub(r"Worksheet for AOC-199: not a court form|page \d+|# What the form asks for What to write", " ",
                 " ".join(raw.split()))
    return " ".join(raw.split())


def test_terms_are_required_for_a_settlement():
    data = yaml.safe_load(SETTLEMENT)
    problems = validate(data)
    assert [(p.field, p.message.split(" (")[0]) for p in problems] == [
        ("settlement_terms", "is missing; it is required for the workflow 'settlement'")]
    assert not validate({**data, "settlement_terms": TERMS})


def test_long_terms_print_whole_on_the_worksheet(tmp_path):
    case_file = tmp_path / "settlement.yml"
    case_file.write_text(SETTLEMENT + yaml.safe_dump({"settlement_terms": TERMS}, allow_unicode=True), encoding="utf-8")
    packet = assemble(load_case(case_file), date(2026, 11, 21), FORMS / "KY")
    sheet = next(d for d in packet.documents if d.key == "AOC-199")
    assert sheet.kind == "worksheet" and sheet.pages >= 2
    out = tmp_path / "AOC-199.pdf"
    out.write_bytes(sheet.pdf)
    text = text_of(out)
    for n in range(1, 61):
        assert f"Term {n}: José Núñez pays Dana Whitfield $25.00 by day {n} of 2027 {{{{ 7 * 7 }}}}." in text, n
    assert "of 2027 49." not in text
