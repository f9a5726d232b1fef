"""Everything the engine can compute from one case file, as plain data (the ``check`` command).

Which case-file field starts which deadline is listed here; what each deadline is lives in
the rules data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .case import Case
from .deadlines import compute_deadlines
from .interest import DatedAmount, Rate, compute_balance
from .wage_garnishment import garnishment_limit

RATE_BASIS = {
    "contract": "contract rate set in the judgment",
    "set_by_court": "rate set by the court in the judgment",
    "statutory": "statutory rate, as the case file gives it",
}


def case_line(case: Case) -> str:
    """Court, case number and parties in one line, for the top of a worksheet."""
    plaintiffs = " and ".join(p.name for p in case.with_role("plaintiff"))
    defendants = " and ".join(p.name for p in case.with_role("defendant"))
    return (f"{case.court.county} County {case.court.level.title()} Court, {case_number_words(case)}: "
            f"{plaintiffs} v. {defendants}")


def case_number_words(case: Case) -> str:
    """The number that goes with the case's court, never the other court's: "case 26-S-00123" in
    District Court, the circuit number in Circuit Court (or that the clerk has not given it yet, with
    the district number the appeal comes from), and for a complaint not yet filed, that the clerk
    gives the number."""
    number, district = case.court_number, case.district_number
    if number:
        return f"case {number}"
    if case.court.level == "circuit":
        return "circuit case number not yet given" + (f" (District Court case {district})" if district else "")
    return "new case (the clerk gives the number on filing)"


def deadline_facts(case: Case) -> dict[str, date]:
    """The starting facts for the deadlines calculator that the case file gives (garnishees apart)."""
    facts: dict[str, date | None] = {}
    if case.judgment:
        facts["entered"] = case.judgment.entered
    if case.appeal:
        facts["notice_of_appeal_filed"] = case.appeal.notice_filed
        facts["statement_of_appeal_filed"] = case.appeal.statement_filed
    if case.interrogatories:
        facts["interrogatories_received"] = case.interrogatories.received
    if case.execution:
        facts["execution_issued"] = case.execution.issued
        facts["execution_served"] = case.execution.served
    checks = [p.check_issued for p in case.payments if p.check_issued]
    if checks:
        facts["check_issued"] = max(checks)
    trials = [h.date for h in case.hearings if h.purpose == "trial"]
    if trials and not case.judgment:
        facts["hearing"] = min(trials)
    return {name: day for name, day in facts.items() if day}


def balance_for(case: Case, as_of: date, as_of_field: str = "as_of"):
    """The judgment's balance on ``as_of`` from the case file's judgment, payments and costs."""
    judgment = case.judgment
    assert judgment is not None
    rate = None
    if judgment.interest.rate_percent is not None:
        rate = Rate(judgment.interest.rate_percent, RATE_BASIS.get(judgment.interest.basis or "", "rate given in the case file"))
    return compute_balance(
        case.state, judgment.entered, judgment.principal, judgment.court_costs, as_of,
        attorney_fees=judgment.attorney_fees, rate=rate,
        payments=[DatedAmount(p.date, p.amount, p.note or "Payment received") for p in case.payments],
        costs=[DatedAmount(c.date, c.amount, c.description) for c in case.post_judgment_costs],
        fields={"as_of": as_of_field},
    )


def case_report(case: Case, as_of: date) -> dict[str, Any]:
    """Deadlines, balance, wage-garnishment limits, exemptions and eligibility for one case.

    Each part appears when the case file has the facts it needs."""
    report: dict[str, Any] = {
        "case": {
            "state": case.state,
            "workflow": case.workflow,
            "court": f"{case.court.county} County {case.court.level.title()} Court",
            "district_case_number": case.district_number,
            "circuit_case_number": case.circuit_number,
            "filer": case.party(case.filer).name,
        },
        "as_of": as_of.isoformat(),
        "deadlines": [],
        "warnings": [],
    }
    facts = deadline_facts(case)
    if facts:
        deadlines = compute_deadlines(case.state, facts)
        report["deadlines"] += [d.as_dict() for d in deadlines.deadlines]
        report["warnings"] += deadlines.warnings
    for garnishee in case.garnishees:
        if garnishee.order_served:
            answer = compute_deadlines(case.state, {"garnishee_served": garnishee.order_served})
            for d in answer.deadlines:
                item = d.as_dict()
                item["title"] = f"{item['title']} ({garnishee.name})"
                report["deadlines"].append(item)
    report["deadlines"].sort(key=lambda d: d["date"])
    if case.judgment:
        balance = balance_for(case, as_of, as_of_field="--as-of")
        report["balance"] = balance.as_dict()
        report["warnings"] += balance.warnings
    limits = [(g, garnishment_limit(case.state, g.wages.disposable, g.wages.period)) for g in case.garnishees if g.wages]
    if limits:
        report["wage_garnishment"] = [{"garnishee": g.name, **limit.as_dict()} for g, limit in limits]
    if case.assets:
        from .exemptions import screen_exemptions  # only for a case that lists property
        report["exemptions"] = screen_exemptions(case.state, case.assets).as_dict()
    if case.claim:
        from .eligibility import check_eligibility  # only for a claim not yet filed
        report["eligibility"] = check_eligibility(case.state, case.claim).as_dict()
    return report
