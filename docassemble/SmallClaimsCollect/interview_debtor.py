"""The bridge for two interviews: counterstatement.yml (the other side appealed) and debtor.yml
(a judgment was entered against me).

Like interview_support (whose helpers it uses), it holds no legal logic and no wording: it turns
answers into a case file in the published schema and returns what the engine computes (the
Counterstatement's deadline, the exemption screen, the wage-garnishment limit, the balance) and
the papers it makes: the engine's packet for each of the debtor's workflows (garnishment_challenge,
execution_challenge, satisfaction_motion).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from .interview_support import (OTHER_SIDE, STATE, SCHEMA_VERSION, Window, _text, _value, address_data, appeal_data,
                                as_date, as_of_date, check_case, deadline, full_name, judgment_data, make_packet, money,
                                party_data, service_data)

if TYPE_CHECKING:
    from .packet_assembly import Signing

__all__ = ["counterstatement_case_data", "counterstatement_window", "debtor_case_data", "exemption_screen",
           "money_screen", "debtor_papers", "execution_window", "DebtorPapers"]

ME, OTHER = "me", "other"


# --- the Counterstatement of Appeal ---------------------------------------------------------------
def counterstatement_case_data(*, appellee: Any, appellant: Any, was: str, other_kind: str, county: str,
                               district_case_number: str, circuit_case_number: str, entered: Any, principal: Any,
                               court_costs: Any = 0, won_below: str = "appellee", appellant_lawyer: Any = None,
                               appellee_lawyer: Any = None,
                               notice_filed: Any = None, statement_filed: Any = None, appealed_before: bool = False,
                               prior_appeal_review: str | None = None, oral_argument: bool = False,
                               facts: Iterable[Any] = (), points: Iterable[Any] = (), relief: str | None = None,
                               service_method: str | None = None, service_date: Any = None) -> dict[str, Any]:
    """The case file of a Counterstatement: the person (``appellee``, the filer) answers the appeal
    of ``appellant``. ``was``: what the person was in District Court; ``won_below``: who the
    judgment was for (appellee: the person; appellant: the other side). ``appellant_lawyer``: the
    other side's lawyer (the copy goes there); ``appellee_lawyer``: the lawyer filing for the
    person (it signs the Counterstatement), as party_data takes them."""
    roles = {ME: [was, "appellee"], OTHER: [OTHER_SIDE.get(was, was), "appellant"]}
    winner, loser = (ME, OTHER) if won_below == "appellee" else (OTHER, ME)
    roles[winner].append("judgment_creditor")
    roles[loser].append("judgment_debtor")
    appeal = appeal_data(OTHER, ME, fee_waiver=False, appealed_before=appealed_before, oral_argument=oral_argument,
                         notice_filed=notice_filed, statement_filed=statement_filed,
                         prior_appeal_review=prior_appeal_review, facts=facts, points=points, relief=relief)
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION, "state": STATE, "workflow": "counterstatement", "filer": ME,
        "court": {"county": county, "level": "circuit", "division": "Small Claims Division"},
        "case_numbers": {"district": _text(district_case_number), "circuit": _text(circuit_case_number)},
        "parties": [party_data(appellee, ME, roles[ME], lawyer=appellee_lawyer),
                    party_data(appellant, OTHER, roles[OTHER], other_kind, appellant_lawyer)],
        "judgment": judgment_data(entered, principal, court_costs, winner, loser), "appeal": appeal,
    }
    service = service_data(service_method, service_date)
    if service:
        data["service"] = service
    return data


def counterstatement_window(entered: Any, notice_filed: Any, statement_filed: Any, today: Any) -> Window:
    """The last day to file the Counterstatement, counted from the Statement of Appeal."""
    return deadline("counterstatement_due", {"entered": entered, "notice_of_appeal_filed": notice_filed,
                                             "statement_of_appeal_filed": statement_filed}, today)


# --- a judgment against me -------------------------------------------------------------------------
def debtor_case_data(*, workflow: str, debtor: Any, creditor: Any, was: str, creditor_kind: str, county: str,
                     district_case_number: str, entered: Any, principal: Any, court_costs: Any = 0,
                     interest_rate: Any = None, creditor_lawyer: Any = None, debtor_lawyer: Any = None,
                     payments: Iterable[Any] = (),
                     garnishee: Any = None, garnishee_kind: str | None = None, garnishment: str | None = None,
                     disposable: Any = None, period: str | None = None, amount_taken: Any = None,
                     amount_claimed_exempt: Any = None, amount_claimed_exempt_per: str | None = None,
                     reasons: str | None = None, notice_received: Any = None,
                     execution_served: Any = None, assets: Iterable[Any] = (), service_method: str | None = None,
                     service_date: Any = None) -> dict[str, Any]:
    """The case file for the debtor's papers. ``workflow``: garnishment_challenge,
    execution_challenge (the assets taken, with .kind, .description, .value, .amount_owed) or
    satisfaction_motion (``payments``: items with .date and .amount). ``creditor_lawyer``: the other
    side's lawyer in the case (copies go there); ``debtor_lawyer``: the lawyer filing for the person
    (it signs the papers); each an Individual with .name and, when answered, .bar_number, .firm,
    .address, .phone_number, .email."""
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION, "state": STATE, "workflow": workflow, "filer": ME,
        "court": {"county": county, "level": "district", "division": "Small Claims Division"},
        "case_numbers": {"district": _text(district_case_number)},
        "parties": [party_data(debtor, ME, [was, "judgment_debtor"], lawyer=debtor_lawyer),
                    party_data(creditor, OTHER, [OTHER_SIDE.get(was, was), "judgment_creditor"], creditor_kind,
                               creditor_lawyer)],
        "judgment": judgment_data(entered, principal, court_costs, OTHER, ME, interest_rate),
    }
    paid = [{"date": as_date(_value(p, "date")).isoformat(), "amount": money(_value(p, "amount")), "source": "debtor"}
            for p in payments]
    if paid:
        data["payments"] = paid
    if workflow == "garnishment_challenge":
        holder: dict[str, Any] = {"id": "garnishee", "kind": garnishee_kind or ("employer" if garnishment == "wage" else "bank"),
                                  "name": full_name(garnishee), "address": address_data(garnishee.address)}
        if amount_taken not in (None, ""):
            holder["amount_delivered"] = money(amount_taken)
        if garnishment == "wage" and disposable not in (None, ""):
            holder["wages"] = {"disposable": money(disposable), "period": period}
        data["garnishees"] = [holder]
        challenge: dict[str, Any] = {"garnishment": garnishment, "garnishee": "garnishee", "reasons": _text(reasons)}
        if amount_claimed_exempt not in (None, ""):
            challenge["amount_claimed_exempt"] = money(amount_claimed_exempt)
            if amount_claimed_exempt_per:
                challenge["amount_claimed_exempt_per"] = amount_claimed_exempt_per
        if notice_received:
            challenge["notice_received"] = as_date(notice_received).isoformat()
        data["garnishment_challenge"] = challenge
    if workflow == "execution_challenge":
        if execution_served:
            data["execution"] = {"served": as_date(execution_served).isoformat()}
        data["assets"] = [{"kind": _value(a, "kind"), "description": _text(_value(a, "description")),
                           "value": money(_value(a, "value")), "amount_owed": money(_value(a, "amount_owed") or 0)}
                          for a in assets]
    service = service_data(service_method, service_date)
    if service:
        data["service"] = service
    return data


def exemption_screen(data: dict[str, Any]) -> Any:
    """The engine's exemption screen (exemptions.screen_exemptions) of the case file's assets:
    for each, what is exempt, why and the statute, with the totals and notes."""
    from .exemptions import screen_exemptions
    case = check_case(data)
    return screen_exemptions(case.state, list(case.assets))


def money_screen(kind: str, description: str, amount: Any) -> Any:
    """The engine's exemption screen of one sum of money taken (a bank account or cash)."""
    from .case import Asset
    from .exemptions import screen_exemptions
    return screen_exemptions(STATE, [Asset(kind, _text(description) or kind, Decimal(money(amount)))])


def execution_window(entered: Any, served: Any, today: Any) -> Window:
    """The last day to challenge an execution served on ``served`` (AOC-135.1)."""
    return deadline("execution_challenge_due", {"entered": entered, "execution_served": served}, today)


# --- papers -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DebtorPapers:
    """What the debtor interview offers: the person's copy (the engine's packet: what to do next
    first) and, for the court, the engine's form (filled, or a worksheet to copy onto the clerk's form)."""
    user: Path
    court: Path
    form: str
    form_kind: str  # filled | worksheet
    calendar: Path | None
    warnings: list[str]
    signing: Signing  # the form is signed by hand; a sworn one in front of a notary


FORMS = {"garnishment_challenge": "AOC-150.2", "execution_challenge": "AOC-135.1", "satisfaction_motion": "AOC-191"}


def debtor_papers(data: dict[str, Any], as_of: Any, cache: Any = None) -> DebtorPapers:
    """The debtor's papers for the case file ``data`` (its workflow names the form): the engine's
    packet (packets.yml), and the form on its own for the court."""
    from .court_forms import make_form
    from .form_cache import cache_dir
    from .form_facts import load_form_spec
    case = check_case(data)
    day = as_of_date(as_of)
    form = FORMS[data["workflow"]]
    made = make_form(load_form_spec(form), case, day, cache_dir(cache))
    folder = Path(tempfile.mkdtemp(prefix="scc-debtor-"))
    court = folder / f"{form}.pdf"
    court.write_bytes(made.pdf)
    packet = make_packet(data, day, folder / "packet", cache=cache)
    return DebtorPapers(packet.path("user-packet.pdf"), court, form, made.kind, packet.path("deadlines.ics"),
                        packet.warnings, packet.signing)

