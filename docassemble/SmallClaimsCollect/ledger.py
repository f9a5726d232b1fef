"""The judgment's history, a row for each day something happened (entry, each anniversary's
compounding, each cost, each payment split into interest, costs and principal) and a last row
for the as-of date, whose balance is the balance calculator's to the cent."""

from __future__ import annotations

import csv
import decimal
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .interest import PRECISION, Balance
from .values import money

COLUMNS = ("date", "what happened", "amount", "interest since the row before", "paid to interest", "paid to costs",
           "paid to principal", "interest-bearing balance", "unpaid interest", "unpaid costs", "balance", "source")


@dataclass(frozen=True)
class LedgerRow:
    date: date
    kind: str  # entry | anniversary | cost | payment | as_of
    what: str
    amount: Decimal | None
    interest: Decimal  # accrued since the row before
    to_interest: Decimal
    to_costs: Decimal
    to_principal: Decimal
    interest_bearing: Decimal
    unpaid_interest: Decimal
    unpaid_costs: Decimal

    @property
    def balance(self) -> Decimal:
        return self.interest_bearing + self.unpaid_interest + self.unpaid_costs

    def cells(self) -> list[str]:
        """The row as printed: ISO date and amounts in cents."""
        figures = [self.interest, self.to_interest, self.to_costs, self.to_principal, self.interest_bearing,
                   self.unpaid_interest, self.unpaid_costs, self.balance]
        return [self.date.isoformat(), self.what, "" if self.amount is None else money(self.amount),
                *(money(f) for f in figures)]


def ledger_rows(balance: Balance) -> list[LedgerRow]:
    """Each event of ``balance``, then the as-of row with the interest since the last event."""
    rows = [LedgerRow(e.date, e.kind, e.description, e.amount, e.interest_since_previous, e.to_interest, e.to_costs,
                      e.to_principal, e.interest_bearing, e.unpaid_interest, e.unpaid_costs) for e in balance.events]
    with decimal.localcontext(PRECISION):  # as exact as the calculator, so the rows add up
        since_last = balance.interest_accrued - sum((e.interest_since_previous for e in balance.events), Decimal(0))
    zero = Decimal(0)
    rows.append(LedgerRow(balance.as_of, "as_of", f"Balance on {balance.as_of.isoformat()}", None, since_last, zero, zero,
                          zero, balance.interest_bearing, balance.unpaid_interest, balance.unpaid_costs))
    return rows


def ledger_csv(balance: Balance) -> str:
    """The ledger as CSV: a header row, then one row per event, each naming the rate and its source."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    source = rate_line(balance)
    for row in ledger_rows(balance):
        writer.writerow([*row.cells(), source])
    return out.getvalue()


def rate_line(balance: Balance) -> str:
    return f"interest {balance.rate.percent}% a year ({balance.rate.basis}); {balance.rule}"


def ledger_text(balance: Balance, title: str) -> str:
    """The ledger as a plain-text table for a terminal, with the rate and its source."""
    header = ["date", "what happened", "amount", "interest", "to interest", "to costs", "to principal", "balance"]
    rows = [[cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[10]]
            for cells in (row.cells() for row in ledger_rows(balance))]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join([cells[0].ljust(widths[0]), cells[1].ljust(widths[1]),
                          *(c.rjust(w) for c, w in zip(cells[2:], widths[2:]))]).rstrip()

    return "\n".join([title, f"Interest {rate_line(balance).removeprefix('interest ')}", "",
                      line(header), *(line(r) for r in rows)])
