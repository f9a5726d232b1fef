"""Pleadings with no official form, from one Jinja template each and the case file.

Templates run in a sandbox with StrictUndefined (a fact the template needs and the case file
lacks is an error naming it) and XML autoescaping (text a person typed is data, printed as
typed). The rendered markup is read by ``pleading_markup`` and laid out by ``pleading_pdf``.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from . import rules
from .case import Address, Case, Garnishee, Party, check_printable
from .case_report import balance_for, case_line, deadline_facts
from .deadlines import Deadline, compute_deadlines
from .errors import InputError, Problem, did_you_mean
from .packets import PacketPlan, case_fact, packet_plan
from .pleading_markup import Pleading, parse_pleading, pleading_texts
from .template_cache import bytecode_cache, names_used
from .values import grouped_money, long_date

TEMPLATES = Path(__file__).parent / "data" / "templates" / "pleadings"
DOCUMENTS = {"notice-of-appeal": "ky/notice-of-appeal.xml.j2",
             "notice-of-judgment-lien": "ky/notice-of-judgment-lien.xml.j2",
             "satisfaction-of-judgment": "ky/satisfaction-of-judgment.xml.j2",
             "additional-interrogatories": "ky/additional-interrogatories.xml.j2",
             "motion-garnishee-appear": "ky/motion-garnishee-appear.xml.j2",
             "affidavit-insufficient-property": "ky/affidavit-insufficient-property.xml.j2",
             "demand-letter": "ky/demand-letter.xml.j2",
             "statement-of-appeal": "ky/statement-of-appeal.xml.j2",
             "counterstatement-of-appeal": "ky/counterstatement-of-appeal.xml.j2",
             "next-steps": "ky/next-steps.xml.j2"}
JUDGMENT_NAMES = frozenset({"judgment", "creditor", "debtor", "debtors"})  # context names that need the judgment


@dataclass(frozen=True)
class RenderedPleading:
    document: str
    pleading: Pleading
    warnings: list[str]


def _dollars(amount: Decimal) -> str:
    return f"${grouped_money(Decimal(amount))}"


def _below(party: Party) -> str:
    """Whether the party was the plaintiff or the defendant in District Court."""
    return "plaintiff" if party.has("plaintiff") else "defendant" if party.has("defendant") else "party"


def _judgment_sides(creditor: Party, debtors: list[Party]) -> list[tuple[str, str]]:
    """The caption's rows for a judgment, the creditor first: one party whole on each, with its
    own role in the case (a creditor who won as the defendant is the defendant)."""
    return [(p.name, _below(p).upper()) for p in (creditor, *debtors)]


def _long_date(day: date | None) -> str:
    if day is None:
        raise InputError.one("case file", "a date this paper prints is not given")
    return long_date(day)


BLANK_DATE = "____________, 20__"  # a date the case file does not give, to write in by hand


def _date_or_blank(day: date | None) -> str:
    return BLANK_DATE if day is None else long_date(day)


ENV = ImmutableSandboxedEnvironment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, autoescape=True,
                                    trim_blocks=True, lstrip_blocks=True, bytecode_cache=bytecode_cache())
ENV.filters.update(long_date=_long_date, date_or_blank=_date_or_blank, one_line=lambda address: address.one_line, money=_dollars,
                   add_days=lambda day, days: day + timedelta(days=days))


def render_pleading(document: str, case: Case, as_of: date, plan: PacketPlan | None = None,
                    to: str | None = None) -> RenderedPleading:
    """``document`` for ``case``: its blocks, and warnings (like a deadline already past). The
    next-steps page describes ``plan`` when given (a chosen step), else the case's next step. A
    paper addressed to one judgment debtor (a letter, interrogatories) is for ``to`` (a party id),
    by default the first."""
    if document not in DOCUMENTS:
        hint = did_you_mean(document, DOCUMENTS) or f"; known: {', '.join(DOCUMENTS)}"
        raise InputError.one("DOCUMENT", f"no document '{document}'{hint}")
    context, warnings = _context(document, case, as_of, to)
    if "plan" in _names_used(document):
        context["plan"] = plan or packet_plan(case, as_of)
    rendering = _RENDERING.set(case)
    try:
        markup = ENV.get_template(DOCUMENTS[document]).render(context)
    except UndefinedError as exc:
        raise InputError.one("case file", f"{document} needs a fact the case file does not give: {exc.message}") from None
    finally:
        _RENDERING.reset(rendering)
    pleading = parse_pleading(markup, document)
    from .pleading_pdf import COURT_FONT, court_font_has  # reportlab only once a paper is made
    check_printable(case, pleading_texts(pleading), court_font_has, document, COURT_FONT)
    return RenderedPleading(document, pleading, warnings)


@lru_cache(maxsize=None)
def _names_used(document: str) -> frozenset[str]:
    """The context names ``document``'s template reads (so a fact is asked for only where it is used)."""
    return names_used(ENV, DOCUMENTS[document])


def _context(document: str, case: Case, as_of: date, to: str | None = None) -> tuple[dict[str, Any], list[str]]:
    """The names a template uses: the facts every pleading shares (court, parties to the
    judgment, service), and its own. The judgment and the service are asked for only by a
    template that uses them (the next-steps page is about the packet, and needs neither)."""
    used = _names_used(document)
    if case.judgment is None and used & JUDGMENT_NAMES:
        raise InputError.one("judgment", f"{document} needs the judgment: give judgment.entered")
    if case.service is None and "service" in used:
        raise InputError.one("service", f"{document} needs how the copy is sent: service.method, and service.date "
                                        "when it is known (else the paper leaves the date blank)")
    common = {"case": case, "as_of": as_of, "service": case.service, "signed_on": _signed_on(document, case),
              "court": {"county": case.court.county, "level": "district",
                        "division": case.court.division or "Small Claims Division"}}
    if case.judgment is not None:
        debtors = [case.party(i) for i in case.judgment.against]
        if to is not None and to not in case.judgment.against:
            raise InputError.one("--to", f"'{to}' is not a judgment debtor; the debtors: {', '.join(case.judgment.against)}")
        common.update(judgment=case.judgment, creditor=case.party(case.judgment.in_favor_of), debtors=debtors,
                      debtor=case.party(to) if to else debtors[0])
    own, warnings = _DOCUMENT_FACTS[document](case, as_of)
    return {**common, **own}, warnings


def _signed_on(document: str, case: Case) -> date | None:
    """The one date a paper is signed on, which its certificate of service also gives (the copy
    goes out the day it is signed): the day the case file says this paper was filed or sent
    (pleadings.yml signed), else the day this step's copies are sent (service.date), else None:
    left blank to write in by hand."""
    path = rules.load(case.state, "pleadings").get("signed", {}).get(document)
    return (case_fact(case, path) if path else None) or (case.service.date if case.service else None)


def _late(paper: str, due: Deadline | None, filed: date) -> list[str]:
    """A warning when ``paper`` is filed after its deadline, saying by how many days."""
    if due is None or filed <= due.date:
        return []
    return [f"The {paper} was due {long_date(due.date)} ({due.rule}); filing it on {long_date(filed)} is "
            f"{(filed - due.date).days} days late."]


def _deadline(case: Case, key: str) -> Deadline | None:
    """The case's deadline ``key``, counted from the facts its case file gives, if they give its start."""
    facts = deadline_facts(case)
    return next((d for d in compute_deadlines(case.state, facts).deadlines if d.key == key), None) if facts else None


def _appeal_facts(case: Case, as_of: date) -> tuple[dict[str, Any], list[str]]:
    if case.appeal is None:
        raise InputError.one("appeal", "the appeal section is needed: appellant and appellee")
    filed = case.appeal.notice_filed or as_of
    return ({"appellant": case.party(case.appeal.appellant), "appellee": case.party(case.appeal.appellee)},
            _late("Notice of Appeal", _deadline(case, "notice_of_appeal_due"), filed))


def _statement_facts(case: Case, as_of: date) -> tuple[dict[str, Any], list[str]]:
    return _appeal_statement_facts(case, as_of, counter=False)


def _counterstatement_facts(case: Case, as_of: date) -> tuple[dict[str, Any], list[str]]:
    return _appeal_statement_facts(case, as_of, counter=True)


def _appeal_statement_facts(case: Case, as_of: date, counter: bool) -> tuple[dict[str, Any], list[str]]:
    """The Statement of Appeal (by the appellant) or the Counterstatement (by the appellee): the
    circuit caption, and what the appeal section gives."""
    appeal = case.appeal
    if appeal is None:
        raise InputError.one("appeal", "the appeal section is needed: appellant, appellee, statement_of_case, argument, relief")
    paper = "Counterstatement of Appeal" if counter else "Statement of Appeal"
    side, other_side, other = (("appellee", "appellant", "statement-of-appeal") if counter
                               else ("appellant", "appellee", "counterstatement-of-appeal"))
    if case.filer != getattr(appeal, side):
        raise InputError.one("filer", f"is '{case.filer}', but the {paper} is filed by the {side} "
                                      f"('{getattr(appeal, side)}'); for the {other_side}, render {other}")
    problems = [(f"appeal.{key}", f"is needed for the {paper}")
                for key in ("statement_of_case", "argument", "relief") if not getattr(appeal, key)]
    if not case.circuit_number:
        problems.append(("case_numbers.circuit", "the circuit case number is needed (the clerk gives it when the "
                                                  "Notice of Appeal is filed)"))
    if counter and appeal.statement_filed is None:
        problems.append(("appeal.statement_filed", "the date the appellant filed the Statement of Appeal is needed"))
    if problems:
        raise InputError([Problem(field, message) for field, message in problems])
    filed = (appeal.counterstatement_filed if counter else appeal.statement_filed) or as_of
    due = _deadline(case, "counterstatement_due" if counter else "statement_of_appeal_due")
    return ({"appeal": appeal, "appellant": case.party(appeal.appellant), "appellee": case.party(appeal.appellee),
             "circuit_court": {"county": case.court.county, "level": "circuit", "division": None}},
            _late(paper, due, filed))


def _next_steps_facts(case: Case, as_of: date) -> tuple[dict[str, Any], list[str]]:
    return {"court_line": case_line(case), "filer": case.party(case.filer)}, []  # and the plan: render_pleading


LIEN_SERVICE = ("first_class_mail", "personal_delivery")  # KRS 426.720: mailed first-class or handed to the debtor


def _lien_facts(case: Case, as_of: date) -> tuple[dict[str, Any], list[str]]:
    assert case.service is not None
    if case.service.method not in LIEN_SERVICE:
        raise InputError.one("service.method", f"is {case.service.method}: a notice of judgment lien goes to the debtor by "
                                               "first-class mail or is handed to them (KRS 426.720)")
    return {"rate": balance_for(case, as_of, "--as-of").rate}, []


def _satisfaction_facts(case: Case, as_of: date) -> tuple[dict[str, Any], list[str]]:
    if not case.payments:
        raise InputError.one("payments", "a satisfaction of judgment needs the payments received")
    balance = balance_for(case, as_of, "--as-of")
    return {"full": balance.paid_in_full, "received": balance.payments, "remaining": balance.balance,
            "overpaid": balance.overpayment, "paid_on": max(p.date for p in case.payments)}, list(balance.warnings)


def _interrogatories_facts(case: Case, as_of: date) -> tuple[dict[str, Any], list[str]]:
    questions = case.interrogatories.additional_questions if case.interrogatories else []
    if not questions:
        raise InputError.one("interrogatories.additional_questions", "give the questions to ask, one per item")
    limit = rules.load(case.state, "pleadings")["additional_interrogatories"]
    if len(questions) > limit["max_questions"]:
        extra = len(questions) - limit["max_questions"]
        raise InputError.one("interrogatories.additional_questions",
                             f"{len(questions)} questions: at most {limit['max_questions']} may be added to AOC-197 "
                             f"({limit['rule']}); remove {extra}")
    return {"questions": questions}, []


def _garnishee_facts(case: Case, as_of: date) -> tuple[dict[str, Any], list[str]]:
    garnishee = next((g for g in case.garnishees if g.order_served), None)
    if garnishee is None or garnishee.order_served is None:
        raise InputError.one("garnishees", "give the garnishee and the date it was served with the order (order_served)")
    hearing = next((h for h in case.hearings if h.purpose == "garnishee_to_appear"), None)
    if hearing is None or not hearing.time:
        raise InputError.one("hearings", "give the date and time the clerk set for the motion (purpose: garnishee_to_appear)")
    report = compute_deadlines(case.state, {"garnishee_served": garnishee.order_served})
    due = next(d for d in report.deadlines if d.key == "garnishee_answer_due")
    warnings = []
    if as_of <= due.date:
        warnings.append(f"The garnishee has until {long_date(due.date)} to answer ({due.rule}); "
                        "the motion can be filed only after that.")
    return {"garnishee": garnishee, "garnishee_copy": _garnishee_recipient(garnishee), "answer_due": due.date,
            "delivered": garnishee.amount_delivered or 0, "hearing": hearing}, warnings


@dataclass(frozen=True)
class Recipient:
    """Someone a copy is sent to, as the certificate of service names them."""

    name: str
    address: Address
    email: str | None = None
    holder: Any = None  # the case file's lawyer or process agent whose address this is


def _garnishee_recipient(garnishee: Garnishee) -> Recipient | Garnishee:
    """The garnishee's process agent when it has one (the copy goes there), named as its agent."""
    agent = garnishee.process_agent
    if agent is None or agent.address is None:
        return garnishee
    return Recipient(f"{agent.name}, process agent for {garnishee.name}", agent.address, holder=agent)


def _served_at(party: Party | Garnishee) -> Recipient | Party | Garnishee:
    """Where a copy goes: a party's lawyer when it has one with an address (CR 5.02), a garnishee's
    process agent, else the party itself."""
    if isinstance(party, Garnishee):
        return _garnishee_recipient(party)
    lawyer = party.attorney
    if lawyer is None or lawyer.address is None:
        return party
    return Recipient(f"{lawyer.name}, attorney for {party.name}", lawyer.address, lawyer.email, lawyer)


_RENDERING: ContextVar[Case | None] = ContextVar("rendering", default=None)  # the case a template is rendering


def _need(value: Any, what: str, holder: Any = None, attribute: str | None = None) -> Any:
    """``value``, or an error naming the missing fact (for facts only some wordings need): the field
    ``attribute`` of ``holder`` (a party, garnishee, lawyer or agent, or a Recipient of one) when given."""
    if value in (None, "", []):
        field = _field_of(_RENDERING.get(), getattr(holder, "holder", None) or holder, attribute) if attribute else None
        raise InputError.one(field or "case file", f"needs {what}")
    return value


def _field_of(case: Case | None, holder: Any, attribute: str) -> str | None:
    """The case file's path to ``attribute`` of ``holder``: parties[1].attorney.email, say."""
    for name, items in (("parties", case.parties if case else []), ("garnishees", case.garnishees if case else [])):
        for index, item in enumerate(items):
            for part, candidate in (("", item), (".attorney", getattr(item, "attorney", None)),
                                    (".process_agent", item.process_agent)):
                if candidate is not None and candidate is holder:
                    return f"{name}[{index}]{part}.{attribute}"
    return None


def _insufficient_property_facts(case: Case, as_of: date) -> tuple[dict[str, Any], list[str]]:
    execution = case.execution
    if execution is None or not execution.county:
        raise InputError.one("execution.county", "give the county where the debtor has property")
    if execution.county.casefold() == case.court.county.casefold():
        raise InputError.one("execution.county", f"is {execution.county}, the county of judgment: this affidavit is "
                                                 "for an execution in another county")
    assets = [a for a in case.assets if a.county and a.county.casefold() == execution.county.casefold()]
    return {"balance": balance_for(case, as_of, "--as-of"), "execution": execution, "assets": assets}, []


def _demand_facts(case: Case, as_of: date) -> tuple[dict[str, Any], list[str]]:
    balance = balance_for(case, as_of, "--as-of")
    if balance.paid_in_full:
        raise InputError.one("payments", f"the judgment is paid (balance $0.00 on {long_date(as_of)}): nothing to demand")
    return {"balance": balance}, list(balance.warnings)


_DOCUMENT_FACTS = {"notice-of-appeal": _appeal_facts, "notice-of-judgment-lien": _lien_facts,
                   "satisfaction-of-judgment": _satisfaction_facts, "additional-interrogatories": _interrogatories_facts,
                   "motion-garnishee-appear": _garnishee_facts,
                   "affidavit-insufficient-property": _insufficient_property_facts, "demand-letter": _demand_facts,
                   "statement-of-appeal": _statement_facts, "counterstatement-of-appeal": _counterstatement_facts,
                   "next-steps": _next_steps_facts}
ENV.globals.update(below=_below, served_at=_served_at, need=_need, judgment_sides=_judgment_sides)
ENV.filters["served_at"] = _served_at
