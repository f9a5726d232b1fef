"""Worksheets as a filer copies them onto the printed form: no amount counted twice, and a fact the
case file lacks says to write it in, never an empty gap in a sentence."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml

from conftest import EXAMPLES
from docassemble.SmallClaimsCollect.case import load_case
from docassemble.SmallClaimsCollect.case_report import balance_for
from docassemble.SmallClaimsCollect.casefile import load_case_data

AS_OF = "2026-11-21"


def worksheet(cli, tmp_path: Path, form: str, data: dict) -> str:
    case = tmp_path / "case.yml"
    case.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / f"{form}.pdf"
    result = cli("forms", "make", form, str(case), "-o", str(out), "--as-of", AS_OF, "--cache", str(tmp_path))  # no form: a worksheet
    assert result.returncode == 0, result.stderr
    return " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split())


def money(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def test_the_wage_garnishment_amount_due_and_the_costs_add_up_to_the_balance_once(cli, tmp_path):
    text = worksheet(cli, tmp_path, "AOC-150", load_case_data(EXAMPLES / "ky-wage-garnishment.yml"))
    due = re.search(r"\$([\d,]+\.\d\d) on November 21, 2026: the judgment and its interest, less what has been paid", text)
    costs = re.search(r"\$([\d,]+\.\d\d) unpaid: wage garnishment filing fee", text)
    assert due and costs, text
    balance = balance_for(load_case(EXAMPLES / "ky-wage-garnishment.yml"), date(2026, 11, 21))
    assert money(due[1]) + money(costs[1]) == balance.balance  # the ledger's balance, counted once
    assert money(costs[1]) == Decimal("74.85")
    assert "includes" not in text
    assert "10 The affidavit on the last page" in text  # the row number whole, not "1" over "0"


def test_a_date_the_case_file_lacks_says_to_write_it_in(cli, tmp_path):
    data = load_case_data(EXAMPLES / "ky-bank-garnishment.yml")
    data.update(workflow="interrogatories", interrogatories={"sent": "2026-09-01", "method": "certified_mail"})
    del data["service"]["date"]
    text = worksheet(cli, tmp_path, "AOC-198", data)
    assert "sent September 1, 2026 by certified mail; received not in your case file: write it here" in text
    assert "first class mail, not in your case file: write it here" in text
    assert "received ;" not in text and "mail, " + "How" not in text
