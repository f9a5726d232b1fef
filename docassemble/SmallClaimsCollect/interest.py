"""What is owed on a judgment: post-judgment interest, payments and costs (KRS 360.040).

The judgment amount (principal, court costs, attorney fees) bears simple daily interest at
rate/365 from the day of entry up to, not including, the as-of date. On each anniversary of
entry, unpaid interest joins the interest-bearing balance. A payment or cost dated D takes
effect at the start of D, after any anniversary on D (costs before payments on the same day);
a payment goes to unpaid interest, then unpaid post-judgment costs, then the interest-bearing
balance. Post-judgment costs bear no interest. Decimal throughout; cents only when printed.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Mapping, Sequence

from . import rules
from .court_calendar import anniversary
from .errors import InputError, Problem
from .values import cents, grouped_money, money

ZERO = Decimal("0")
CASE_FILE_FIELDS = {"as_of": "as_of", "payments": "payments[{i}]", "costs": "post_judgment_costs[{i}]"}
PRECISION = decimal.Context(prec=50)


@dataclass(frozen=True)
class Rate:
    percent: Decimal
    basis: str


@dataclass(frozen=True)
class DatedAmount:
    """A payment received or a post-judgment cost paid."""

    date: date
    amount: Decimal
    description: str = ""


@dataclass(frozen=True)
class LedgerEvent:
    """One day something happened, and the state of the judgment after it."""

    date: date
    kind: str  # entry | anniversary | cost | payment (and as_of, the ledger's last row)
    description: str
    amount: Decimal  # the judgment amount, the interest compounded, the cost or the payment
    interest_since_previous: Decimal
    to_interest: Decimal
    to_costs: Decimal
    to_principal: Decimal
    interest_bearing: Decimal
    unpaid_interest: Decimal
    unpaid_costs: Decimal

    @property
    def balance(self) -> Decimal:
        return self.interest_bearing + self.unpaid_interest + self.unpaid_costs


@dataclass(frozen=True)
class Balance:
    state: str
    entered: date
    as_of: date
    rate: Rate
    rule: str
    principal: Decimal
    court_costs: Decimal
    attorney_fees: Decimal
    interest_accrued: Decimal
    interest_paid: Decimal
    payments: Decimal
    post_judgment_costs: Decimal
    interest_bearing: Decimal
    unpaid_interest: Decimal
    unpaid_costs: Decimal
    per_diem: Decimal
    overpaid: Decimal
    events: list[LedgerEvent] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def judgment_amount(self) -> Decimal:
        return self.principal + self.court_costs + self.attorney_fees

    @property
    def balance(self) -> Decimal:
        """What is owed, to the cent as printed and as the ledger shows it (half-up). Every
        decision made from the balance is made on this, never on the fractions of a cent behind it."""
        return cents(self.interest_bearing + self.unpaid_interest + self.unpaid_costs)

    @property
    def paid_in_full(self) -> bool:
        return self.balance == 0

    @property
    def overpayment(self) -> Decimal:
        """How much more than was owed has been paid, to the cent (what is owed back)."""
        return cents(self.overpaid)

    def as_dict(self) -> dict[str, Any]:
        """The figures as printed: amounts as strings with two decimals, rounded half-up."""
        return {
            "state": self.state,
            "entered": self.entered.isoformat(),
            "as_of": self.as_of.isoformat(),
            "judgment_amount": money(self.judgment_amount),
            "principal": money(self.principal),
            "court_costs": money(self.court_costs),
            "attorney_fees": money(self.attorney_fees),
            "rate_percent": str(self.rate.percent),
            "rate_basis": self.rate.basis,
            "interest_accrued": money(self.interest_accrued),
            "interest_paid": money(self.interest_paid),
            "payments": money(self.payments),
            "post_judgment_costs": money(self.post_judgment_costs),
            "interest_bearing_balance": money(self.interest_bearing),
            "unpaid_interest": money(self.unpaid_interest),
            "unpaid_costs": money(self.unpaid_costs),
            "balance": money(self.balance),
            "balance_less_costs": money(self.balance - cents(self.unpaid_costs)),
            "per_diem": money(self.per_diem),
            "overpaid": money(self.overpaid),
            "paid_in_full": self.paid_in_full,
            "rule": self.rule,
            "warnings": list(self.warnings),
        }


def statutory_rate(state: str, entered: date) -> Rate:
    """The rate the statute sets for a judgment entered on ``entered``, with its basis."""
    for entry in rules.load(rules.check_state(state), "interest")["statutory_rates"]:
        if entered >= entry["from"]:
            return Rate(Decimal(str(entry["rate_percent"])), entry["basis"])
    raise InputError.one("entered", f"{entered.isoformat()} is earlier than any rate in the interest data")


def compute_balance(
    state: str,
    entered: date,
    principal: Decimal,
    court_costs: Decimal,
    as_of: date,
    attorney_fees: Decimal = ZERO,
    rate: Rate | None = None,
    payments: Sequence[DatedAmount] = (),
    costs: Sequence[DatedAmount] = (),
    fields: Mapping[str, str] | None = None,
) -> Balance:
    """The balance of a judgment on ``as_of``, with the history of how it got there.

    A date before entry is refused, each problem named as the caller names the input:
    ``fields`` maps "as_of", "payments" and "costs" to a name ("{i}" is the item's place),
    by default the case file's paths."""
    state = rules.check_state(state)
    data = rules.load(state, "interest")
    rate = rate or statutory_rate(state, entered)
    _check_dates(entered, as_of, payments, costs, {**CASE_FILE_FIELDS, **(fields or {})})
    warnings = [f"Not counted: {kind} of {money(item.amount)} dated {item.date.isoformat()}, after {as_of.isoformat()}."
                for kind, items in (("payment", payments), ("cost", costs)) for item in items if item.date > as_of]
    with decimal.localcontext(PRECISION):
        daily = rate.percent / Decimal(100) / Decimal(data["days_in_year"])
        ledger = _Ledger(entered, principal + court_costs + attorney_fees, daily)
        compounds = _compounds(data)
        for day, kind, item in _timeline(entered, as_of, payments, costs, compounds):
            ledger.accrue_to(day)
            if kind == "anniversary":
                ledger.compound(day)
            elif kind == "cost":
                ledger.add_cost(day, item)
            else:
                ledger.pay(day, item)
        ledger.accrue_to(as_of)
        per_diem = ledger.interest_bearing * daily
    if cents(ledger.overpaid):
        warnings.append(f"Payments exceed what was owed by ${grouped_money(ledger.overpaid)}, which is owed back to the "
                        "debtor; the balance is zero.")
    return Balance(
        state=state, entered=entered, as_of=as_of, rate=rate, rule=data["rule"],
        principal=principal, court_costs=court_costs, attorney_fees=attorney_fees,
        interest_accrued=ledger.interest_accrued, interest_paid=ledger.interest_paid,
        payments=ledger.paid, post_judgment_costs=ledger.costs_added,
        interest_bearing=ledger.interest_bearing, unpaid_interest=ledger.unpaid_interest,
        unpaid_costs=ledger.unpaid_costs, per_diem=per_diem, overpaid=ledger.overpaid,
        events=ledger.events, warnings=warnings,
    )


def _check_dates(entered: date, as_of: date, payments: Sequence[DatedAmount], costs: Sequence[DatedAmount],
                 fields: Mapping[str, str]) -> None:
    problems = []
    if as_of < entered:
        problems.append(Problem(fields["as_of"], f"{as_of.isoformat()} is before the judgment was entered ({entered.isoformat()})"))
    for name, items in (("payments", payments), ("costs", costs)):
        for i, item in enumerate(items):
            if item.date < entered:
                problems.append(Problem(fields[name].format(i=i), f"{item.date.isoformat()}:{item.amount} is dated before "
                                                                  f"the judgment was entered ({entered.isoformat()})"))
    if problems:
        raise InputError(problems)


def _compounds(data: dict[str, Any]) -> bool:
    """Whether unpaid interest compounds on each anniversary ("annual") or never ("none")."""
    if data["compounding"] not in ("annual", "none"):
        raise InputError.one("interest.compounding", f"{data['compounding']!r} is not supported; use annual or none")
    return data["compounding"] == "annual"


def _timeline(entered: date, as_of: date, payments: Sequence[DatedAmount], costs: Sequence[DatedAmount], compounds: bool):
    """Events up to as_of, in the order they take effect: by day; on one day the anniversary,
    then costs, then payments, each kind in the order given."""
    events: list[tuple[date, int, int, str, DatedAmount | None]] = []
    years = 1
    while compounds and (day := anniversary(entered, years)) <= as_of:
        events.append((day, 0, years, "anniversary", None))
        years += 1
    events += [(c.date, 1, i, "cost", c) for i, c in enumerate(costs) if c.date <= as_of]
    events += [(p.date, 2, i, "payment", p) for i, p in enumerate(payments) if p.date <= as_of]
    for day, _, _, kind, item in sorted(events, key=lambda e: e[:3]):
        yield day, kind, item


class _Ledger:
    """The running state while walking the timeline."""

    def __init__(self, entered: date, amount: Decimal, daily: Decimal):
        self.daily = daily
        self.last = entered
        self.interest_bearing = amount
        self.unpaid_interest = ZERO
        self.unpaid_costs = ZERO
        self.interest_accrued = ZERO
        self.interest_paid = ZERO
        self.paid = ZERO
        self.costs_added = ZERO
        self.overpaid = ZERO
        self.pending_interest = ZERO
        self.events: list[LedgerEvent] = []
        self._record(entered, "entry", "Judgment entered", amount)

    def accrue_to(self, day: date) -> None:
        interest = self.interest_bearing * self.daily * (day - self.last).days
        self.unpaid_interest += interest
        self.interest_accrued += interest
        self.pending_interest += interest
        self.last = day

    def compound(self, day: date) -> None:
        compounded = self.unpaid_interest
        self.interest_bearing += compounded
        self.unpaid_interest = ZERO
        self._record(day, "anniversary", "Anniversary of entry: unpaid interest joins the balance", compounded)

    def add_cost(self, day: date, cost: DatedAmount) -> None:
        self.unpaid_costs += cost.amount
        self.costs_added += cost.amount
        self._record(day, "cost", cost.description or "Post-judgment cost", cost.amount)

    def pay(self, day: date, payment: DatedAmount) -> None:
        rest = payment.amount
        to_interest = min(rest, self.unpaid_interest)
        rest -= to_interest
        to_costs = min(rest, self.unpaid_costs)
        rest -= to_costs
        to_principal = min(rest, self.interest_bearing)
        rest -= to_principal
        self.unpaid_interest -= to_interest
        self.unpaid_costs -= to_costs
        self.interest_bearing -= to_principal
        self.interest_paid += to_interest
        self.paid += payment.amount
        self.overpaid += rest
        self._record(day, "payment", payment.description or "Payment received", payment.amount,
                     to_interest, to_costs, to_principal)

    def _record(self, day: date, kind: str, description: str, amount: Decimal,
                to_interest: Decimal = ZERO, to_costs: Decimal = ZERO, to_principal: Decimal = ZERO) -> None:
        self.events.append(LedgerEvent(day, kind, description, amount, self.pending_interest, to_interest, to_costs,
                                       to_principal, self.interest_bearing, self.unpaid_interest, self.unpaid_costs))
        self.pending_interest = ZERO
