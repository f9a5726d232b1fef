"""One date per paper: the day it is signed is the day its certificate of service says the copy
was sent. It is the day the case file says the paper was filed or sent (pleadings.yml signed),
else the day this step's copies are sent (service.date); with neither, both are left blank to
write in by hand, never made up from the day the packet is made."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES
from docassemble.SmallClaimsCollect.casefile import load_case_data

AS_OF = "2026-11-21"  # the day the packet is made: never a date the papers say they were signed
BLANK = "____________, 20__"


def render(cli, tmp_path: Path, document: str, data: dict) -> str:
    case = tmp_path / "case.yml"
    case.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    out = tmp_path / f"{document}.pdf"
    result = cli("render", document, str(case), "-o", str(out), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    return " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split())


def dates(text: str) -> tuple[str, str]:
    """The signature's date and the day the certificate of service says the copy was sent."""
    signed = re.search(r"Date: (\w+ \d+, \d{4}|_+, 20__)", text)
    served = re.search(r"I certify that on (\w+ \d+, \d{4}|_+, 20__) I sent", text)
    assert signed and served, text
    return signed[1], served[1]


def test_a_paper_not_yet_filed_is_signed_the_day_its_copies_are_sent(cli, tmp_path):
    data = load_case_data(EXAMPLES / "ky-appeal.yml")  # the Statement: not filed yet; copies go November 23
    assert str(data["service"]["date"]) == "2026-11-23" and "statement_filed" not in data["appeal"]
    assert dates(render(cli, tmp_path, "statement-of-appeal", data)) == ("November 23, 2026", "November 23, 2026")


def test_a_paper_already_filed_is_signed_and_served_the_day_it_was_filed(cli, tmp_path):
    data = load_case_data(EXAMPLES / "ky-appeal.yml")  # the Notice was filed November 18; service.date is the Statement's
    assert dates(render(cli, tmp_path, "notice-of-appeal", data)) == ("November 18, 2026", "November 18, 2026")


@pytest.mark.parametrize("example, document", [("ky-appeal", "statement-of-appeal"),
                                               ("ky-bank-garnishment", "motion-garnishee-appear"),
                                               ("ky-judgment-lien", "notice-of-judgment-lien")])
def test_with_no_date_in_the_case_file_both_dates_are_left_blank(cli, tmp_path, example, document):
    data = load_case_data(EXAMPLES / f"{example}.yml")
    del data["service"]["date"]
    text = render(cli, tmp_path, document, data)
    assert dates(text) == (BLANK, BLANK)
    assert "November 21, 2026" not in text  # the day the packet was made is not made the signing day


def test_a_satisfaction_is_signed_the_day_its_copies_go_not_the_day_it_was_made(cli, tmp_path):
    data = load_case_data(EXAMPLES / "ky-bank-garnishment.yml")
    data.update(workflow="satisfaction", payments=[{"date": "2026-11-16", "amount": 500.0, "source": "debtor"}])
    text = render(cli, tmp_path, "satisfaction-of-judgment", data)
    assert dates(text) == ("November 23, 2026", "November 23, 2026")
    assert "remains due as of November 21, 2026" in text  # the figure's own date is the day it was counted
