"""The most that may be withheld from one pay period's wages (KRS 427.010(2); 15 USC 1673).

The lesser of a percentage of disposable earnings and the amount by which they exceed a
floor (the minimum hourly wage times the hours for the pay period). The figures are data.
The result is rounded down to the cent: rounding up could withhold more than the law allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from . import rules
from .errors import InputError
from .values import cents, grouped_money, grouped_money_down, money, money_down

PERIODS = ("weekly", "biweekly", "semimonthly", "monthly")


@dataclass(frozen=True)
class GarnishmentLimit:
    state: str
    period: str
    disposable: Decimal
    minimum_wage: Decimal
    floor_hours: int
    percent: Decimal
    rule: str
    minimum_wage_source: str

    @property
    def floor(self) -> Decimal:
        return self.minimum_wage * self.floor_hours

    @property
    def share(self) -> Decimal:
        """The percent of the disposable earnings (not rounded)."""
        return self.disposable * self.percent / 100

    @property
    def over_floor(self) -> Decimal:
        """The disposable earnings above the floor, or 0."""
        return max(self.disposable - self.floor, Decimal("0"))

    @property
    def max_garnishable(self) -> Decimal:
        return min(self.share, self.over_floor)

    def over_limit(self, withheld: Decimal) -> Decimal:
        """What ``withheld`` from one paycheck takes beyond the limit (the limit rounded down to the
        cent, as printed), or 0: what the debtor can ask to have protected from each paycheck."""
        return max(Decimal(withheld) - cents(self.max_garnishable, ROUND_DOWN), Decimal("0"))

    def as_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "period": self.period,
            "disposable": money(self.disposable),
            "floor": money(self.floor),
            "max_garnishable": money_down(self.max_garnishable),
            "percent_of_disposable": str(self.percent),
            "minimum_wage": money(self.minimum_wage),
            "floor_hours": self.floor_hours,
            "rule": self.rule,
            "explanation": self.explanation(),
        }

    def explanation(self) -> str:
        return (f"{self.percent}% of ${grouped_money(self.disposable)} is ${grouped_money_down(self.share)}; the amount above the floor of "
                f"${grouped_money(self.floor)} ({self.floor_hours} x ${grouped_money(self.minimum_wage)} minimum hourly wage, "
                f"{self.minimum_wage_source}) is ${grouped_money(self.over_floor)}. The lesser, ${grouped_money_down(self.max_garnishable)}, "
                f"is the most that may be withheld for a {self.period} pay period.")


def garnishment_limit(state: str, disposable: Decimal, period: str, minimum_wage: Decimal | None = None) -> GarnishmentLimit:
    """The wage-garnishment limit for one pay period of ``disposable`` earnings."""
    state = rules.check_state(state)
    data = rules.load(state, "wage_garnishment")
    hours = data["floor_hours"]
    if period not in hours:
        raise InputError.one("period", f"{period!r} is not a pay period; expected one of: {', '.join(hours)}")
    if minimum_wage is None:
        federal = rules.load(rules.FEDERAL, "minimum_wage")
        minimum_wage, source = Decimal(str(federal["hourly"])), federal["source"]
    else:
        source = "minimum wage given"
    return GarnishmentLimit(state, period, disposable, minimum_wage, int(hours[period]),
                            Decimal(str(data["percent_of_disposable"])), data["rule"], source)
