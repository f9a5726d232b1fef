"""A complaint is filed before the case has a number (the clerk gives it on filing): its case file
needs none, and its packet says so instead of printing 'None'; every other workflow still needs one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, ROOT
from test_complaint_warning import COMPLAINT

NO_NUMBER = COMPLAINT.replace("case_numbers: {district: 26-S-00999}\n", "")


def assemble(case: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docassemble.SmallClaimsCollect", "assemble", str(case), "-o", str(out),
                           "--as-of", "2026-11-21", "--cache", str(ROOT / "missing-forms-cache")],
                          capture_output=True, text=True, cwd=ROOT)


def test_a_complaint_without_a_number_gives_a_packet_that_says_the_clerk_numbers_it(tmp_path):
    assert "case_numbers" not in NO_NUMBER
    case = tmp_path / "complaint.yml"
    case.write_text(NO_NUMBER, encoding="utf-8")
    result = assemble(case, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", str(tmp_path / "out" / "user-packet.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Boone County District Court, new case (the clerk gives the number on filing)" in " ".join(text.split())
    calendar = (tmp_path / "out" / "deadlines.ics").read_text(encoding="utf-8")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    for output in (text, calendar, json.dumps(manifest)):
        assert "None" not in output
    validate = subprocess.run([sys.executable, "-m", "docassemble.SmallClaimsCollect", "validate", str(case)],
                              capture_output=True, text=True, cwd=ROOT)
    assert validate.returncode == 0 and "new case (the clerk gives the number on filing)" in validate.stdout


@pytest.mark.parametrize("example", ["ky-bank-garnishment", "ky-appeal"])
def test_every_other_workflow_still_needs_the_district_number(tmp_path, example):
    data = yaml.safe_load((EXAMPLES / f"{example}.yml").read_text(encoding="utf-8"))
    del data["case_numbers"]
    case = tmp_path / "case.yml"
    case.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = assemble(case, tmp_path / "out")
    assert result.returncode == 2
    assert f"case_numbers: is missing; it is required for the workflow '{data['workflow']}'" in result.stderr
    assert not (tmp_path / "out").exists()
