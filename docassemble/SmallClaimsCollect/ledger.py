"""The judgment's history, a row for each day something happened (entry, each anniversary's
compounding, each cost, each payment split into interest, costs and principal) and a last row
for the as-of date, whose balance is the balance calculator's to the cent."""

from __future__ import annotations

import csv
import decimal
import io
from decimal import Decimal

from .interest import PRECISION, Balance, LedgerEvent
from .values import money

COLUMNS = ("date", "what happened", "amount", "interest since the row before", "paid to interest", "paid to costs",
           "paid to principal", "interest-bearing balance", "unpaid interest", "unpaid costs", "balance", "source")


def ledger_rows(balance: Balance) -> list[LedgerEvent]:
    """The calculator's events for ``balance``, then an as-of row with the interest since the last event."""
    with decimal.localcontext(PRECISION):  # as exact as the calculator, so the rows add up
        since_last = balance.interest_accrued - sum((e.interest_since_previous for e in balance.events), Decimal(0))
    zero = Decimal(0)
    return [*balance.events, LedgerEvent(balance.as_of, "as_of", f"Balance on {balance.as_of.isoformat()}", zero, since_last,
                                         zero, zero, zero, balance.interest_bearing, balance.unpaid_interest,
                                         balance.unpaid_costs)]


def cells(row: LedgerEvent) -> list[str]:
    """A row as printed: ISO date and amounts in cents (the as-of row has no amount of its own)."""
    figures = [row.interest_since_previous, row.to_interest, row.to_costs, row.to_principal, row.interest_bearing,
               row.unpaid_interest, row.unpaid_costs, row.balance]
    return [row.date.isoformat(), row.description, "" if row.kind == "as_of" else money(row.amount),
            *(money(f) for f in figures)]


def short_cells(row: LedgerEvent) -> list[str]:
    """The columns shown on screen and on paper: date, what happened, amount, interest, the
    payment's three parts and the balance (the CSV has the balance's parts too)."""
    full = cells(row)
    return [*full[:7], full[10]]


def ledger_csv(balance: Balance) -> str:
    """The ledger as CSV: a header row, then one row per event, each naming the rate and its source."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    source = rate_line(balance)
    for row in ledger_rows(balance):
        writer.writerow([*cells(row), source])
    return out.getvalue()


def rate_line(balance: Balance) -> str:
    return f"interest {balance.rate.percent}% a year ({balance.rate.basis}); {balance.rule}"


def ledger_text(balance: Balance, title: str) -> str:
    """The ledger as a plain-text table for a terminal, with the rate and its source."""
    header = ["date", "what happened", "amount", "interest", "to interest", "to costs", "to principal", "balance"]
    rows = [short_cells(row) for row in ledger_rows(balance)]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(shown: list[str]) -> str:
        return "  ".join([shown[0].ljust(widths[0]), shown[1].ljust(widths[1]),
                          *(c.rjust(w) for c, w in zip(shown[2:], widths[2:]))]).rstrip()

    return "\n".join([title, f"Interest {rate_line(balance).removeprefix('interest ')}", "",
                      line(header), *(line(r) for r in rows)])
