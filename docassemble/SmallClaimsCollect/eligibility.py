"""Whether a claim may be filed in the small-claims court, from the state's small-claims data.

The limits, excluded claims and excluded plaintiffs are data (``rules/<state>/small_claims.yml``);
this module checks a claim against every one of them and says, in plain words, what passed,
what did not and what the person can do. A rule the facts given cannot settle is reported as
not checked, and the claim is then not shown as eligible.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from . import rules
from .case import Claim
from .errors import InputError, Problem
from .values import grouped_money

ELSEWHERE = "To ask for the whole amount you would need to sue outside the Small Claims Division; you may want legal advice."


@dataclass(frozen=True)
class Reason:
    """One rule checked: whether the claim meets it (ok), the rule, and what it means for the person.
    checked is False when the facts given could not settle the rule (ok is then False too)."""

    check: str  # amount | claim_type | plaintiff | class_action | location | yearly_limit
    ok: bool
    rule: str
    message: str
    checked: bool = True

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class EligibilityResult:
    """Eligible only if every rule was checked and met; reasons list every rule, passed or not."""

    eligible: bool
    reasons: list[Reason]

    @property
    def complete(self) -> bool:
        """Whether every rule could be checked with the facts given."""
        return all(r.checked for r in self.reasons)

    def as_dict(self) -> dict[str, Any]:
        return {"eligible": self.eligible, "complete": self.complete, "reasons": [r.as_dict() for r in self.reasons]}


def check_eligibility(state: str, claim: Claim) -> EligibilityResult:
    """Check a claim against every small-claims rule of ``state``; all reasons, not only the first failure."""
    code = rules.check_state(state)
    data = rules.load(code, "small_claims")
    _check_claim(claim, data)
    reasons = [_amount(claim, data["amount_limit"]), _claim_type(claim, data["claim_types"]),
               _plaintiff(claim, data["plaintiffs"]), _class_action(claim, data["class_action"])]
    reasons += _yearly_limit(claim, data["plaintiffs"]["kinds"][claim.plaintiff_type], data["yearly_limit"])
    return EligibilityResult(all(r.ok for r in reasons), reasons)


def _check_claim(claim: Claim, data: dict[str, Any]) -> None:
    problems = []
    for name, table in (("claim_type", data["claim_types"]), ("plaintiff_type", data["plaintiffs"])):
        if getattr(claim, name) not in table["kinds"]:
            problems.append(Problem(f"claim.{name}", f"{getattr(claim, name)!r} is not one this check knows; "
                                                     f"expected one of: {', '.join(table['kinds'])}"))
    if claim.amount < 0:
        problems.append(Problem("claim.amount", f"{claim.amount} is negative; expected an amount of zero or more, like 1850.00"))
    for name in ("claims_filed_this_year", "business_months_at_location"):
        if (getattr(claim, name) or 0) < 0:
            problems.append(Problem(f"claim.{name}", f"{getattr(claim, name)} is negative; expected a count of zero or more"))
    if problems:
        raise InputError(problems)


def _amount(claim: Claim, limit: dict[str, Any]) -> Reason:
    most = Decimal(str(limit["max"]))
    if claim.amount <= most:
        return Reason("amount", True, limit["rule"],
                      f"The ${grouped_money(claim.amount)} claimed is within the ${grouped_money(most)} limit "
                      "(interest and court costs do not count toward it).")
    return Reason("amount", False, limit["rule"],
                  f"The ${grouped_money(claim.amount)} claimed is more than the ${grouped_money(most)} limit (interest and court "
                  f"costs do not count toward it). You can still sue for ${grouped_money(most)} and give up the rest, "
                  f"${grouped_money(claim.amount - most)}. {ELSEWHERE}")


def _claim_type(claim: Claim, types: dict[str, Any]) -> Reason:
    kind = types["kinds"][claim.claim_type]
    if kind["allowed"]:
        return Reason("claim_type", True, types["rule"], f"The Small Claims Division can hear {kind['label']}.")
    return Reason("claim_type", False, types["rule"],
                  f"The Small Claims Division cannot hear {kind['label']}. You would need to bring it in another "
                  "court; you may want legal advice.")


def _plaintiff(claim: Claim, plaintiffs: dict[str, Any]) -> Reason:
    kind = plaintiffs["kinds"][claim.plaintiff_type]
    if kind["allowed"]:
        return Reason("plaintiff", True, plaintiffs["rule"], f"{_first_upper(kind['label'])} may file a small claim.")
    return Reason("plaintiff", False, plaintiffs["rule"],
                  f"{_first_upper(kind['label'])} may not file in the Small Claims Division. The claim would need to be "
                  "brought in another court; you may want legal advice.")


def _class_action(claim: Claim, spec: dict[str, Any]) -> Reason:
    if not claim.class_action:
        return Reason("class_action", True, spec["rule"], "The claim is not a class action.")
    return Reason("class_action", False, spec["rule"],
                  "The Small Claims Division does not hear class actions. Each person may file a claim of their own.")


def _yearly_limit(claim: Claim, plaintiff: dict[str, Any], limit: dict[str, Any]) -> list[Reason]:
    """The yearly limit, by the kind of plaintiff; none for a plaintiff who may not file at all."""
    scope = plaintiff.get("yearly_limit")
    rule, most = limit["rule"], int(limit["max_claims"])
    if not plaintiff["allowed"]:
        return []
    if scope == "none":
        return [Reason("yearly_limit", True, rule,
                       f"{_first_upper(plaintiff['label'])} is not limited to {most} claims a year.")]
    if scope == "per_location":
        reasons = [_location(claim, int(limit["min_months_at_location"]), rule)]
        where = " at this location"
        who = f"a business may file no more than {most} a year for each established location in the district"
    else:
        reasons, where, who = [], "", f"a person may file no more than {most} a year"
    filed = claim.claims_filed_this_year
    if filed is None:
        reasons.append(Reason("yearly_limit", False, rule,
                              f"Could not check the yearly limit: say how many small claims you have already filed "
                              f"this calendar year{where}; {who}.", checked=False))
    elif filed < most:
        reasons.append(Reason("yearly_limit", True, rule,
                              f"You have filed {_claims(filed)} this calendar year{where}; this one would be "
                              f"number {filed + 1}, within the limit ({who})."))
    else:
        reasons.append(Reason("yearly_limit", False, rule,
                              f"You have already filed {_claims(filed)} this calendar year{where}, and {who}. "
                              "You can file this claim in the next calendar year, or bring it outside the Small "
                              "Claims Division; you may want legal advice."))
    return reasons


def _location(claim: Claim, months: int, rule: str) -> Reason:
    have = claim.business_months_at_location
    need = (f"a business may file small claims only for an established location in the district that has done "
            f"business there for at least {months} months")
    if have is None:
        return Reason("location", False, rule,
                      f"Could not check how long the business has been at this location: say how many months it has "
                      f"done business there; {need}.", checked=False)
    if have >= months:
        return Reason("location", True, rule,
                      f"The business has done business at this location for {have} months, at least the {months} needed.")
    return Reason("location", False, rule,
                  f"The business has done business at this location for {have} months; {need}. You can file once it "
                  f"has been {months} months there.")


def _claims(count: int) -> str:
    return f"{count} small claim{'' if count == 1 else 's'}"


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]
