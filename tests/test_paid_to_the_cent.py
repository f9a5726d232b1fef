"""Decisions made from an amount are made on the amount as printed, to the cent, the one the
ledger shows: a judgment paid to the cent is satisfied in full (its unrounded remainder is a
fraction of a cent), an over-payment says what is owed back, and a step that collects is refused
when nothing is left to collect."""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, FORMS
from docassemble.SmallClaimsCollect.case import case_from_data
from docassemble.SmallClaimsCollect.case_report import balance_for
from docassemble.SmallClaimsCollect.casefile import load_case_data

# The bank example's balance on two days, and as printed: on the first a payment of the printed
# amount leaves a fifth of a cent unpaid, on the second it pays a third of a cent too much.
SHORT = (date(2026, 11, 2), "1862.33")  # $1,862.3323...
OVER = (date(2026, 11, 16), "1866.40")  # $1,866.3965...
PAID_ON = OVER[0]
AS_OF = "2026-11-21"


def bank_case(**changes) -> dict:
    data = load_case_data(EXAMPLES / "ky-bank-garnishment.yml")
    data.update(changes)
    return data


def exact_and_printed(data: dict, day: date) -> tuple[Decimal, Decimal]:
    balance = balance_for(case_from_data(data), day)
    return balance.interest_bearing + balance.unpaid_interest + balance.unpaid_costs, balance.balance


def assemble(cli, tmp_path: Path, data: dict):
    case = tmp_path / "case.yml"
    case.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return cli("assemble", str(case), "-o", str(tmp_path / "out"), "--as-of", AS_OF, "--cache", str(FORMS / "KY"))


def pdf_text(path: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())


def payment(amount: str, day: date = PAID_ON) -> list[dict]:
    return [{"date": day.isoformat(), "amount": float(amount), "source": "debtor"}]


@pytest.mark.parametrize("day, amount", [SHORT, OVER])
def test_the_balance_is_the_printed_amount_so_a_payment_of_it_leaves_nothing(day, amount):
    exact, printed = exact_and_printed(bank_case(), day)
    assert exact != printed and str(printed) == amount  # the case has a fraction of a cent to round
    balance = balance_for(case_from_data(bank_case(payments=payment(amount, day))), day)
    fraction = balance.interest_bearing + balance.unpaid_interest + balance.unpaid_costs + balance.overpaid
    assert Decimal(0) < fraction < Decimal("0.005")  # what the old comparisons saw: owed, or over-paid, a fraction
    assert balance.balance == 0 and balance.paid_in_full and balance.overpayment == 0 and not balance.warnings


@pytest.mark.parametrize("day, amount", [SHORT, OVER])
def test_a_judgment_paid_to_the_cent_gets_a_full_satisfaction(cli, tmp_path, day, amount):
    result = assemble(cli, tmp_path, bank_case(workflow="satisfaction", payments=payment(amount, day)))
    assert result.returncode == 0, result.stderr
    text = pdf_text(tmp_path / "out" / "court-packet.pdf")
    assert "SATISFACTION OF JUDGMENT" in text and "PARTIAL" not in text
    assert "acknowledges satisfaction of the judgment in full" in text and f"${float(amount):,.2f} in all" in text
    assert "remains due" not in text and "more than was owed" not in text and "exceed" not in result.stderr


def test_a_cent_short_is_still_a_partial_satisfaction(cli, tmp_path):
    result = assemble(cli, tmp_path, bank_case(workflow="satisfaction", payments=payment("1866.39")))
    assert result.returncode == 0, result.stderr
    text = pdf_text(tmp_path / "out" / "court-packet.pdf")
    assert "PARTIAL SATISFACTION OF JUDGMENT" in text
    # the remainder on the as-of date: one cent, and the interest on it since, to the cent
    _, remaining = exact_and_printed(bank_case(payments=payment("1866.39")), date(2026, 11, 21))
    assert remaining == Decimal("0.01") and "$0.01 remains due as of November 21, 2026" in text


def test_an_over_payment_says_what_is_owed_back(cli, tmp_path):
    result = assemble(cli, tmp_path, bank_case(workflow="satisfaction", payments=payment("1900.00")))
    assert result.returncode == 0, result.stderr
    text = pdf_text(tmp_path / "out" / "court-packet.pdf")
    assert "acknowledges satisfaction of the judgment in full" in text
    # $1,900.00 less the $1,866.3965... owed that day: $33.6035..., $33.60 as printed
    assert "That is $33.60 more than was owed, which Harold W. Pruitt owes back to Kevin L. Stamper." in text
    assert "owed back to the debtor" in result.stdout + result.stderr  # the engine's warning, said to the filer


def test_a_step_that_collects_is_refused_when_nothing_is_owed(cli, tmp_path):
    for amount, over in (("1866.40", ""), ("1900.00", ", and $33.60 more than was owed, which is owed back to the debtor")):
        result = assemble(cli, tmp_path, bank_case(payments=payment(amount)))
        assert result.returncode == 2
        assert (f"payments: the judgment is paid in full (balance $0.00 on November 21, 2026{over}): nothing is left "
                "to collect; file a Satisfaction of Judgment instead (workflow: satisfaction)") in result.stderr
        assert not (tmp_path / "out" / "court-packet.pdf").exists()


def test_a_cent_owed_still_lets_the_creditor_collect(cli, tmp_path):
    result = assemble(cli, tmp_path, bank_case(payments=payment("1866.39")))
    assert result.returncode == 0, result.stderr


def test_the_demand_letter_is_refused_for_a_judgment_paid_to_the_cent(cli, tmp_path):
    data = bank_case(payments=payment("1866.40"))
    case = tmp_path / "case.yml"
    case.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = cli("render", "demand-letter", str(case), "-o", str(tmp_path / "letter.pdf"), "--as-of", AS_OF)
    assert result.returncode == 2
    assert "nothing to demand" in result.stderr
