"""The bridge between ``before_judgment.yml`` and the engine: the papers before a judgment.

Before a small claims judgment a person may start a case (the complaint, AOC-175), answer one
with a claim of their own (the counterclaim, AOC-185), or write down a settlement (AOC-199).
This module turns the interview's answers (Individual and Address objects, plain values) into a
case file in the published schema and returns what the engine decides and counts from it: whether
the claim belongs in the Small Claims Division (every rule, with its source), the last days before
the hearing to file a counterclaim and to ask for a jury, and the small-claims limit. It holds no
legal logic and no wording shown to people; the interview holds the words.

It imports without docassemble (only interview_support's file helpers import it, when called).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import rules
from .eligibility import EligibilityResult, check_eligibility
from .interview_support import (OTHER_SIDE, SCHEMA_VERSION, STATE, Window, as_date, check_case, deadline, money,
                                party_data, service_data, _text, _value)

__all__ = ["CLAIM_WORKFLOWS", "claim_case_data", "claim_description", "claim_eligibility", "claim_total",
           "failed_reasons", "hearing_window", "small_claims_limit"]

CLAIM_WORKFLOWS = ("complaint", "counterclaim", "settlement")
ME, THEM = "me", "other_side"


def _count(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return int(value)


def claim_case_data(*, workflow: str, me: Any, other: Any, my_kind: str = "person", other_kind: str = "person",
                    my_role: str = "plaintiff", county: str, case_number: str, amount: Any,
                    description: str | None = None, claim_type: str = "money", plaintiff_type: str = "individual",
                    class_action: bool = False, claims_filed_this_year: Any = None,
                    business_months_at_location: Any = None, hearing_date: Any = None,
                    service_method: str | None = None, service_date: Any = None,
                    settlement_terms: str | None = None, my_lawyer: Any = None,
                    other_lawyer: Any = None) -> dict[str, Any]:
    """The case file of a complaint, counterclaim or settlement from the interview's answers.

    ``me`` is the person using the interview (the filer), ``other`` the other side; ``my_role``
    is the filer's side of the case (plaintiff for a complaint, defendant for a counterclaim).
    ``case_number``: the District Court case number; None for a complaint, which has none yet. ``claim``: for a counterclaim, the
    filer's claim against the plaintiff; for a settlement, the claim being settled, and
    ``settlement_terms`` what the two sides agreed, as they wrote it. ``my_lawyer``: the lawyer
    filing for the person; ``other_lawyer``: the other side's lawyer in the case (the copy goes
    there); each an Individual as party_data takes it."""
    if workflow not in CLAIM_WORKFLOWS:
        raise ValueError(f"{workflow!r} is not one of {', '.join(CLAIM_WORKFLOWS)}")
    claim: dict[str, Any] = {"amount": money(amount or 0), "claim_type": claim_type, "plaintiff_type": plaintiff_type}
    if _text(description):
        claim["description"] = _text(description)
    if class_action:
        claim["class_action"] = True
    for key, value in (("claims_filed_this_year", claims_filed_this_year),
                       ("business_months_at_location", business_months_at_location)):
        if _count(value) is not None:
            claim[key] = _count(value)
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION, "state": STATE, "workflow": workflow, "filer": ME,
        "court": {"county": county, "level": "district", "division": "Small Claims Division"},
        **({"case_numbers": {"district": _text(case_number)}} if _text(case_number) else {}),
        "parties": [party_data(me, ME, [my_role], my_kind, my_lawyer),
                    party_data(other, THEM, [OTHER_SIDE[my_role]], other_kind, other_lawyer)],
        "claim": claim,
    }
    if _text(settlement_terms):
        data["settlement_terms"] = str(settlement_terms).strip()
    if hearing_date:
        data["hearings"] = [{"purpose": "trial", "date": as_date(hearing_date).isoformat()}]
    service = service_data(service_method, service_date)
    if service:
        data["service"] = service
    return data


def claim_total(items: Any) -> Decimal:
    """The sum of the amounts of the claim's parts (items with .amount; unfinished ones count 0)."""
    return sum((Decimal(money(_value(item, "amount") or 0)) for item in items), Decimal("0"))


def claim_description(items: Any) -> str | None:
    """What the claim is for, as the form prints it: each part with its amount, in the order typed."""
    parts = []
    for item in items:
        what = _text(_value(item, "what"))
        if what:
            amount = _value(item, "amount")
            parts.append(f"{what} (${Decimal(money(amount)):,.2f})" if amount not in (None, "") else what)
    return "; ".join(parts) or None


def claim_eligibility(data: dict[str, Any]) -> EligibilityResult:
    """Whether the claim in the case file ``data`` belongs in the Small Claims Division: the
    engine's answer, with every rule it checked (passed or not), each with its source."""
    case = check_case(data)
    return check_eligibility(STATE, case.claim)


def failed_reasons(result: EligibilityResult) -> list[Any]:
    """The rules the claim does not meet (or that could not be checked), in the engine's order."""
    return [reason for reason in result.reasons if not reason.ok]


def hearing_window(key: str, hearing_date: Any, today: Any) -> Window:
    """A last day counted back from the hearing (``counterclaim_due`` or ``jury_demand_due``), with
    the days left from ``today`` and its rule, counted by the engine."""
    return deadline(key, {"hearing": hearing_date}, today)


def small_claims_limit() -> Decimal:
    """The most that may be claimed in the Small Claims Division (rules/ky/small_claims.yml)."""
    return Decimal(str(rules.load(STATE, "small_claims")["amount_limit"]["max"]))
