"""The collection interview's bridge to the engine (collect.yml: "I won and have not been paid").

Like interview_support (which it builds on), it holds no legal logic and no wording: it turns the
answers into a case file for one of the collection workflows (wage_garnishment, bank_garnishment,
execution, judgment_lien, interrogatories, satisfaction), and returns what the engine computes
from it: the balance today (interest, payments, costs), the packet plan (which papers now, which
must wait and from what day), the fees of each remedy (fees.yml through packets.yml), the
wage-garnishment limit, the question cap of the interrogatories, and the demand letter.
It imports without docassemble.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from . import rules
from .interview_support import (OTHER_SIDE, SCHEMA_VERSION, STATE, _text, _value, address_data, as_date, as_of_date,
                                balance_today, check_case, fee, full_name, judgment_data, money, party_data,
                                service_data, wage_limit)
from .packets import Fee

__all__ = ["CREDITOR", "DEBTOR", "clock_ok", "collect_case_data", "copies_to", "copy_names", "debtor_ids", "wage_debtors", "debtor_letters", "owed_today", "collect_plan", "only_waiting", "demand_letter", "remedy_fees",
           "wage_figures", "max_questions", "service_choices", "first_day", "paper_titles"]

CREDITOR, DEBTOR = "creditor", "debtor"


def _items(values: Iterable[Any]) -> list[Any]:
    return list(values or [])


def _served(value: Any) -> str | None:
    return as_date(value).isoformat() if value else None


def debtor_ids(count: int) -> list[str]:
    """The case file's ids of ``count`` judgment debtors: debtor, then debtor2, debtor3, ..."""
    return ["debtor" if n == 1 else f"debtor{n}" for n in range(1, count + 1)]


def _has_lawyer(person: Any) -> bool:
    return bool(_value(person, "has_lawyer"))


def wage_debtors(debtors: Iterable[Any]) -> list[Any]:
    """The debtors whose wages may be garnished: the people (a business has no wages)."""
    return [d for d in _items(debtors) if (_value(d, "kind") or "person") == "person"]


def collect_case_data(*, workflow: str, creditor: Any, debtors: Iterable[Any], was: str, county: str,
                      district_case_number: str, entered: Any, principal: Any, court_costs: Any = 0,
                      creditor_lawyer: Any = None, wage_debtor: Any = None,
                      interest_rate: Any = None, payments: Iterable[Any] = (), costs: Iterable[Any] = (),
                      garnishees: Iterable[Any] = (), garnishee_kind: str | None = None,
                      garnishee_service: str | None = None, order_served: Any = None, amount_delivered: Any = None,
                      assets: Iterable[Any] = (), asset_kind: str | None = None,
                      interrogatories_sent: Any = None, interrogatories_received: Any = None,
                      interrogatories_method: str | None = None, questions: Iterable[Any] = (),
                      execution_issued: Any = None, execution_served: Any = None, execution_county: str | None = None,
                      insufficient_property: bool = False, hearing_date: Any = None, hearing_time: Any = None,
                      hearing_place: str | None = None, service_method: str | None = None,
                      service_date: Any = None) -> dict[str, Any]:
    """The case file of a collection step from the collection interview's answers.

    ``debtors``: the judgment debtors, one or more Individuals each with .kind (person or business)
    and, when their lawyer is in this case, .has_lawyer and .lawyer (an Individual, like
    ``creditor_lawyer``, the lawyer filing for the creditor): all are in judgment.against, in the
    order given, except that a wage garnishment's ``wage_debtor`` (the one whose employer is the
    garnishee) comes first.
    ``was``: what the creditor was in District Court. ``payments``: items with .date, .amount and
    optional .note; ``costs``: items with .date, .amount, .description; ``garnishees``: items with
    .name, .address (an Address) and, for an employer, .disposable and .period; ``assets``: items
    with .description, .value, .county and optional .kind, .location, .amount_owed; ``questions``:
    items with .text (the questions added to AOC-197)."""
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION, "state": STATE, "workflow": workflow, "filer": CREDITOR,
        "court": {"county": county, "level": "district", "division": "Small Claims Division"},
        "case_numbers": {"district": _text(district_case_number)},
        "parties": [party_data(creditor, CREDITOR, [was, "judgment_creditor"], lawyer=creditor_lawyer)],
    }
    listed_debtors = _items(debtors)
    if workflow == "wage_garnishment" and wage_debtor is not None:
        listed_debtors.sort(key=lambda d: d is not wage_debtor)  # stable: the others keep their order
    ids = debtor_ids(len(listed_debtors))
    for party_id, person in zip(ids, listed_debtors):
        data["parties"].append(party_data(person, party_id, [OTHER_SIDE.get(was, was), "judgment_debtor"],
                                          _value(person, "kind") or "person",
                                          person.lawyer if _has_lawyer(person) else None))
    data["judgment"] = judgment_data(entered, principal, court_costs, CREDITOR, DEBTOR, interest_rate)
    data["judgment"]["against"] = ids
    paid = [{"date": as_date(p.date).isoformat(), "amount": money(p.amount), "source": "debtor",
             **({"note": _text(_value(p, "note"))} if _text(_value(p, "note")) else {})} for p in _items(payments)]
    if paid:
        data["payments"] = paid
    spent = [{"date": as_date(c.date).isoformat(), "amount": money(c.amount), "description": _text(c.description)}
             for c in _items(costs)]
    if spent:
        data["post_judgment_costs"] = spent
    if workflow in ("wage_garnishment", "bank_garnishment"):
        listed = []
        for index, item in enumerate(_items(garnishees)):
            entry: dict[str, Any] = {"id": f"garnishee{index + 1}", "kind": garnishee_kind or _value(item, "kind") or "other",
                                     "name": full_name(item), "address": address_data(item.address, with_county=True)}
            if garnishee_service:
                entry["service_method"] = garnishee_service
            if order_served:
                entry["order_served"] = _served(order_served)
                if amount_delivered not in (None, ""):
                    entry["amount_delivered"] = money(amount_delivered)
            if workflow == "wage_garnishment" and _value(item, "disposable") not in (None, ""):
                entry["wages"] = {"disposable": money(item.disposable), "period": item.period}
            listed.append(entry)
        data["garnishees"] = listed
    if workflow in ("execution", "judgment_lien"):
        owned = []
        for item in _items(assets):
            entry = {"kind": asset_kind or _value(item, "kind") or "other", "description": _text(item.description),
                     "value": money(item.value)}
            for key in ("county", "location"):
                if _text(_value(item, key)):
                    entry[key] = _text(_value(item, key))
            if _value(item, "amount_owed") not in (None, ""):
                entry["amount_owed"] = money(item.amount_owed)
            owned.append(entry)
        data["assets"] = owned
    if workflow == "execution":
        execution: dict[str, Any] = {"insufficient_property_in_judgment_county": bool(insufficient_property)}
        if insufficient_property and _text(execution_county):
            execution["county"] = _text(execution_county)
        if execution_issued:
            execution["issued"] = _served(execution_issued)
        if execution_issued and execution_served:
            execution["served"] = _served(execution_served)
        data["execution"] = execution
    if workflow == "interrogatories":
        asked: dict[str, Any] = {}
        texts = [_text(_value(q, "text")) for q in _items(questions)]
        if [t for t in texts if t]:
            asked["additional_questions"] = [t for t in texts if t]
        if interrogatories_method:
            asked["method"] = interrogatories_method
        if interrogatories_sent:
            asked["sent"] = _served(interrogatories_sent)
            asked["answered"] = False
        if interrogatories_sent and interrogatories_received:
            asked["received"] = _served(interrogatories_received)
        data["interrogatories"] = asked
    if hearing_date:
        hearing: dict[str, Any] = {"purpose": "garnishee_to_appear", "date": _served(hearing_date)}
        if _text(hearing_time):
            hearing["time"] = _clock(hearing_time).zfill(5)
        if _text(hearing_place):
            hearing["place"] = _text(hearing_place)
        data["hearings"] = [hearing]
    service = service_data(service_method, service_date)
    if service:
        data["service"] = service
    return data


def _clock(value: Any) -> str:
    """A docassemble time answer (datetime.time or "10:00:00") as the case file's "HH:MM"."""
    if hasattr(value, "strftime"):
        return value.strftime("%H:%M")
    return str(value).strip()[:5]


def clock_ok(text: Any) -> bool:
    """Whether ``text`` is a time of day the case file takes (like 9:30 or 14:00)."""
    import re
    return bool(re.fullmatch(r"([01]?[0-9]|2[0-3]):[0-5][0-9]", str(text or "").strip()))


# --- figures ---------------------------------------------------------------------------------------
def owed_today(data: dict[str, Any], as_of: Any) -> dict[str, Any]:
    """The balance's figures as the engine prints them (amounts rounded half-up to the cent, as
    Decimals; the rate in percent; the rule; paid_in_full, decided on the printed balance)."""
    figures = balance_today(data, as_of).as_dict()
    return {key: (Decimal(value) if isinstance(value, str) and key not in ("state", "entered", "as_of", "rate_basis", "rule")
                  else value) for key, value in figures.items()}


def collect_plan(data: dict[str, Any], as_of: Any):
    """The engine's packet plan for the case on ``as_of``: papers now, papers waiting (with
    Paper.first_day), later papers, fees and dates."""
    from .packets import packet_plan
    return packet_plan(check_case(data), as_of_date(as_of))


def only_waiting(data: dict[str, Any], as_of: Any) -> bool:
    """Whether every paper of the case's next step must wait for a later day (none can be filed on ``as_of``)."""
    plan = collect_plan(data, as_of)
    return bool(plan.waiting) and not plan.papers


def first_day(plan: Any) -> Any:
    """The first day the earliest waiting paper of ``plan`` may be filed, or None."""
    days = [p.first_day for p in plan.waiting if p.first_day]
    return min(days) if days else None


def paper_titles(papers: Iterable[Any]) -> str:
    return ", ".join(p.title for p in papers)


def remedy_fees(workflow: str, county: str | None = None) -> list[Fee]:
    """The fees of a workflow's packet (packets.yml names them; fees.yml gives each, the county's
    own figure where the data has one)."""
    keys = rules.load(STATE, "packets")["packets"][workflow]["fees"]
    return [fee(key, county) for key in keys]


def wage_figures(disposable: Any, period: str) -> dict[str, Any]:
    """The wage limit's figures for the screen that explains it: the percent of pay and that
    share, the floor (hours x minimum wage) and the pay above it, the most that may be withheld
    (rounded down, as the engine prints it), and the rule."""
    from .values import money_down
    limit = wage_limit(disposable, period)
    return {"percent": limit.percent, "share": Decimal(money_down(limit.share)),
            "floor_hours": limit.floor_hours, "minimum_wage": limit.minimum_wage, "floor": limit.floor,
            "over_floor": limit.over_floor,
            "max_garnishable": Decimal(money_down(limit.max_garnishable)), "rule": limit.rule}


def max_questions() -> int:
    """How many questions may be added to AOC-197 (rules/ky/pleadings.yml)."""
    return int(rules.load(STATE, "pleadings")["additional_interrogatories"]["max_questions"])


def service_choices(workflow: str, methods: list[dict[str, str]]) -> list[dict[str, str]]:
    """The ways of sending a copy the workflow's papers allow: a notice of judgment lien only by
    first-class mail or by hand (the engine's LIEN_SERVICE); the others, every way."""
    if workflow != "judgment_lien":
        return methods
    from .pleadings import LIEN_SERVICE
    return [m for m in methods if next(iter(m)) in LIEN_SERVICE]


def demand_letter(data: dict[str, Any], as_of: Any, folder: Any = None, to: str | None = None) -> Path:
    """The demand letter for the case on ``as_of`` to the judgment debtor ``to`` (a party id; the
    first debtor by default), as a PDF written into ``folder`` (a new temporary folder by default);
    beside it its Word copy."""
    from .pleading_docx import pleading_docx
    from .pleading_documents import make_pleading
    made = make_pleading("demand-letter", check_case(data), as_of_date(as_of), to=to)
    target = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="scc-demand-"))
    target.mkdir(parents=True, exist_ok=True)
    (target / "demand-letter.pdf").write_bytes(made.pdf)
    (target / "demand-letter.docx").write_bytes(pleading_docx(made.pleading))
    return target / "demand-letter.pdf"


def debtor_letters(data: dict[str, Any], as_of: Any) -> list[tuple[str, str, str, Path]]:
    """A demand letter for each judgment debtor: (party id, the debtor's name, whom it is mailed
    to (copy_names: the debtor's lawyer when it has one), the letter's PDF)."""
    case = check_case(data)
    return [(party_id, case.party(party_id).name, to, demand_letter(data, as_of, to=party_id))
            for party_id, to in zip(case.judgment.against, copy_names(data, "demand_letter"))]


def copy_names(data: dict[str, Any], workflow: str | None = None) -> list[str]:
    """Whom the step's copies for the judgment debtors go to, as a screen names them: a debtor's
    lawyer as "Lena Marsh (the lawyer for Tri-State Tree Service, LLC)", else the debtor."""
    return [f"{c['lawyer_name']} (the lawyer for {c['debtor']})" if c["lawyer"] else c["name"]
            for c in copies_to(data, workflow)]


def copies_to(data: dict[str, Any], workflow: str | None = None) -> list[dict[str, Any]]:
    """Who the copies of the step's papers for the judgment debtors go to, as the certificates of
    service name them: for each debtor, its name, the name the copy goes to (its lawyer's, "X,
    attorney for Y", when its lawyer is in the case file: the engine's served_at), whether that is
    a lawyer, and the email address on file for it (None when there is none). The notice of
    judgment lien is the exception the engine makes: its certificate names the debtor itself
    (KRS 426.720 has it mailed to the debtor). ``workflow``: the step, when ``data`` is the case
    file of another (the judgment alone, say)."""
    from .pleadings import _served_at
    case = check_case(data)
    out = []
    for party_id in case.judgment.against:
        party = case.party(party_id)
        served = party if (workflow or case.workflow) == "judgment_lien" else _served_at(party)
        out.append({"debtor": party.name, "name": served.name, "lawyer": served is not party,
                    "lawyer_name": party.attorney.name if served is not party else None,
                    "email": getattr(served, "email", None)})
    return out
