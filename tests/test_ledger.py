"""The ledger: a row for each day something happened, every row adding up exactly, and the last
balance the balance command's to the cent, on screen, in CSV and on paper."""

from __future__ import annotations

import csv
import dataclasses
import decimal
import io
import json
import subprocess
from datetime import date
from decimal import Decimal

from conftest import EXAMPLES
from docassemble.SmallClaimsCollect.case import Payment, load_case
from docassemble.SmallClaimsCollect.case_report import balance_for
from docassemble.SmallClaimsCollect.interest import PRECISION
from docassemble.SmallClaimsCollect.ledger import cells, ledger_rows

AS_OF = date(2026, 11, 21)


def balance_command_args(case, as_of: date) -> list[str]:
    """The same facts as the case file, as the balance command takes them."""
    judgment = case.judgment
    args = ["balance", "--entered", judgment.entered.isoformat(), "--principal", str(judgment.principal),
            "--costs", str(judgment.court_costs), "--attorney-fees", str(judgment.attorney_fees), "--as-of", as_of.isoformat(), "--json"]
    if judgment.interest.rate_percent is not None:
        args += ["--rate", str(judgment.interest.rate_percent)]
    for payment in case.payments:
        args += ["--payment", f"{payment.date.isoformat()}:{payment.amount}"]
    for cost in case.post_judgment_costs:
        args += ["--post-judgment-cost", f"{cost.date.isoformat()}:{cost.amount}"]
    return args


def test_the_last_balance_is_the_balance_commands_to_the_cent(cli, tmp_path):
    for example in ("ky-execution.yml", "ky-bank-garnishment.yml", "ky-wage-garnishment.yml", "ky-appeal.yml"):
        case = load_case(EXAMPLES / example)
        run = cli("ledger", str(EXAMPLES / example), "--as-of", AS_OF.isoformat(), "--csv", str(tmp_path / "l.csv"))
        assert run.returncode == 0, run.stderr
        rows = list(csv.DictReader(io.StringIO((tmp_path / "l.csv").read_text(encoding="utf-8"))))
        expected = json.loads(cli(*balance_command_args(case, AS_OF)).stdout)["balance"]
        assert rows[-1]["balance"] == expected, example
        assert run.stdout.splitlines()[-1].split()[-1] == expected
        assert all("KRS 360.040" in row["source"] for row in rows)


def test_every_row_adds_up_exactly_from_the_one_before():
    case = load_case(EXAMPLES / "ky-execution.yml")
    later = dataclasses.replace(case, payments=[*case.payments, Payment(date(2027, 9, 1), Decimal("500.00")),
                                                Payment(date(2028, 3, 15), Decimal("250.00"))])
    balance = balance_for(later, date(2028, 11, 21))
    rows = ledger_rows(balance)
    assert [r.kind for r in rows] == ["entry", "cost", "cost", "payment", "anniversary", "payment", "payment",
                                      "anniversary", "as_of"]
    with decimal.localcontext(PRECISION):  # sums in the calculator's precision
        for before, row in zip(rows, rows[1:]):
            change = {"cost": row.amount, "payment": -(row.to_interest + row.to_costs + row.to_principal)}.get(row.kind, 0)
            assert row.balance == before.balance + row.interest_since_previous + change, row
            if row.kind == "payment":
                assert row.to_interest + row.to_costs + row.to_principal == row.amount
            if row.kind == "anniversary":  # the unpaid interest joins the interest-bearing balance, the total unchanged
                assert row.unpaid_interest == 0
                assert row.interest_bearing == before.interest_bearing + before.unpaid_interest + row.interest_since_previous
        assert rows[-1].balance == balance.interest_bearing + balance.unpaid_interest + balance.unpaid_costs
        assert cells(rows[-1])[-1] == str(balance.balance) and sum(r.interest_since_previous for r in rows) == balance.interest_accrued


def test_the_pdf_holds_every_row_in_an_embedded_font(cli, tmp_path):
    case = load_case(EXAMPLES / "ky-execution.yml")
    out = tmp_path / "ledger.pdf"
    run = cli("ledger", str(EXAMPLES / "ky-execution.yml"), "--as-of", AS_OF.isoformat(), "--pdf", str(out))
    assert run.returncode == 0, run.stderr
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split())
    for row in ledger_rows(balance_for(case, AS_OF)):
        assert row.date.isoformat() in text and row.description in text and cells(row)[10] in text
    assert "KRS 360.040" in text
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "792 x 612 pts" in info


def test_a_case_without_a_judgment_is_refused_by_name(cli, tmp_path):
    text = (EXAMPLES / "ky-appeal.yml").read_text(encoding="utf-8")
    text = text.replace("workflow: appeal", "workflow: complaint")
    start, end = text.index("judgment:\n  entered"), text.index("hearings:")
    claim = "claim:\n  amount: 1300\n  claim_type: money\n  plaintiff_type: business\n\n"
    text = text[:start] + claim + text[end:]
    start, end = text.index("appeal:\n  appellant"), text.index("service:")
    (tmp_path / "case.yml").write_text(text[:start] + text[end:], encoding="utf-8")
    run = cli("ledger", str(tmp_path / "case.yml"))
    assert run.returncode == 2 and "judgment: a ledger needs the judgment" in run.stderr, run.stderr
