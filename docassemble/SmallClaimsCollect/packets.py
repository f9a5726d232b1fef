"""What a case's packet holds now and later, who gets copies, the fees and the dates that matter:
read from the rules data (``packets.yml``, ``fees.yml``, ``deadlines.yml``) for the case's workflow."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from . import rules
from .case import Case, check_printable
from .case_report import balance_for, case_line, deadline_facts
from .deadlines import Deadline, compute_deadlines
from .errors import InputError, did_you_mean
from .exemptions import ExemptionReport, screen_exemptions
from .values import grouped_money, long_date


@dataclass(frozen=True)
class Paper:
    key: str  # a pleading's name or a form's number
    title: str
    does: str
    action: str  # file | send | bring
    recipients: list[Any]  # parties or garnishees who get a copy
    by: Deadline | None = None  # the last day to file it
    after: Deadline | None = None  # it may be filed only after (or, for an "earliest" date, from) this date
    sworn: bool = False  # signed in front of a notary or other officer who can give oaths, not before
    to: str | None = None  # the one judgment debtor this copy is addressed to (packets.yml each: debtors)
    done_as: str | None = None  # what the case-file date that shows it done records, when not its filing (packets.yml events)
    unknown_start: tuple[str, str] | None = None  # held back with no date: when it may be filed, and the missing fact its `after` is counted from

    @property
    def copies(self) -> int:
        """One for each person served and one to keep, and the original when it is filed."""
        return len(self.recipients) + 1 + (self.action == "file")

    @property
    def after_unknown(self) -> str | None:
        """Why it is held back with no date, for the packet: the start of its `after` deadline is not in the case file."""
        if self.unknown_start is None:
            return None
        when, start = self.unknown_start
        return f"{when}, and the case file does not say when {start}: add that date and make the packet again"

    @property
    def first_day(self) -> date | None:
        """The first day it may be filed, when a deadline holds it back: an "earliest" date itself,
        otherwise the day after (a garnishee's 20 days to answer must be over)."""
        if self.after is None:  # (or its start is unknown: after_unknown)
            return None
        return self.after.date if self.after.kind == "earliest" else self.after.date + timedelta(days=1)


@dataclass(frozen=True)
class Fee:
    label: str
    amount: Decimal | None  # None: the amount is not known here; ask the clerk
    note: str | None
    rule: str


@dataclass(frozen=True)
class PacketPlan:
    workflow: str
    title: str
    step: str  # the step this packet is for: the key of its first paper
    steps: list[str]  # every step of the workflow that applies to the case, in order
    papers: list[Paper]  # to prepare now, in filing order
    waiting: list[Paper]  # this step's papers that may not be filed yet (Paper.first_day says from when)
    later: list[Paper]  # for later steps
    done: list[tuple[Paper, date]]  # already filed or sent, and when
    where: str
    fees: list[Fee]
    dates: list[Deadline]  # from as_of on, in date order
    hearings: list[Any]
    next: str
    ledger: bool  # whether the person's copy carries the judgment's ledger
    warnings: list[str]
    worksheets: frozenset[str] = frozenset()  # papers the packet has a worksheet for, not the form itself
    exemptions: ExemptionReport | None = None  # the exemption screen of the case's assets, for a debtor's challenge


def packet_plan(case: Case, as_of: date, step: str | None = None) -> PacketPlan:
    """The packet for ``case``'s workflow. Without ``step``, the first step with a paper not yet
    done; its papers that may not be filed yet are ``waiting``. With ``step`` (a paper's key), that
    paper's step, even when it is early or already done (each said in ``warnings``)."""
    data = rules.load(case.state, "packets")
    spec = data["packets"].get(case.workflow)
    if spec is None:
        raise InputError.one("workflow", f"'{case.workflow}' has no packet in the rules data (packets.yml)")
    facts = _facts(case)  # a claim not yet filed may have no date at all: then no deadline either
    deadlines = {d.key: d for d in compute_deadlines(case.state, facts).deadlines} if facts else {}
    steps: list[list[tuple[Paper, date | None]]] = []
    guides: list[dict[str, Any]] = []  # each step's own where, fees, dates and next, over the packet's
    for entry in spec["papers"]:
        if entry.get("when") and not case_fact(case, entry["when"]):
            continue
        paper = data["papers"][entry["paper"]]
        to = entry.get("to") or []
        after = entry.get("after")
        made = Paper(entry["paper"], paper["title"], paper["does"], entry["action"],
                     [r for who in ([to] if isinstance(to, str) else to) for r in _recipients(case, who)],
                     deadlines.get(entry.get("by", "")), deadlines.get(after or ""), bool(paper.get("sworn")),
                     done_as=(data.get("events") or {}).get(entry.get("done")),
                     unknown_start=_unknown_start(case.state, after) if after and after not in deadlines else None)
        finished = case_fact(case, entry["done"]) if entry.get("done") else None
        if entry.get("later") or not steps:  # a later paper starts a step of its own
            steps.append([])
            guides.append(entry.get("step") or {})
        steps[-1] += [(each, finished) for each in _each(case, made, entry.get("each"))]
    chosen, warnings = _choose(steps, step, case.workflow)
    guide = {**spec, **guides[chosen]} if steps else spec
    warnings += [warning["text"].strip() for entry in spec["papers"] if entry["paper"] in {p.key for p, _ in steps[chosen]}
                 for warning in entry.get("warn", [])
                 if any(case_fact(case, path) != value for path, value in warning["unless"].items())] if steps else []
    papers = [paper for paper, finished in steps[chosen] if not finished] if steps else []
    if step is not None and not papers:  # asked for again: a new copy of what was filed
        papers = [paper for paper, _ in steps[chosen]]
        warnings += [f"{paper.title} was already {_sent(paper)} on {long_date(finished)}: this is a new copy"
                     for paper, finished in steps[chosen] if finished]
    early = [p for p in papers if (p.first_day and p.first_day > as_of) or p.after_unknown]
    if step is None:
        papers = [p for p in papers if p not in early]
    else:
        warnings += [f"{p.title} may not be filed before {long_date(p.first_day)} ({p.after.title}, {p.after.rule})"
                     if p.first_day and p.after else f"{p.title}: {p.after_unknown}" for p in early]
    warnings += _record_blanks(case, papers)
    done = [(p, f) for group in steps for p, f in group if f and p not in papers]
    if spec.get("ledger") and case.judgment is not None:
        _check_ledger_text(case)
    if spec.get("collects") and case.judgment is not None:
        _check_owed(case, as_of)
    return PacketPlan(
        workflow=case.workflow, title=spec["title"], step=steps[chosen][0][0].key if steps else case.workflow,
        steps=[group[0][0].key for group in steps], papers=papers, waiting=early if step is None else [],
        later=[p for group in steps[chosen + 1:] for p, f in group if not f], done=done,
        where=" ".join(guide["where"].split()),
        fees=_fees(case, guide["fees"]),
        dates=sorted((deadlines[key] for key in guide["dates"] if key in deadlines and deadlines[key].date >= as_of
                      and key not in {paper.by.key for paper, _ in done if paper.by}), key=lambda d: d.date),
        hearings=sorted((h for h in case.hearings if h.date >= as_of), key=lambda h: h.date),
        next=" ".join(guide["next"].split()),
        ledger=bool(spec.get("ledger")),
        warnings=warnings,
        exemptions=_exemptions(case) if spec.get("exemptions") else None,
    )


def _unknown_start(state: str, key: str) -> tuple[str, str]:
    """When a paper held back until the deadline ``key`` may be filed, and the fact that deadline
    is counted from, which the case file lacks (deadlines.yml names the fact and the rule)."""
    data = rules.load(state, "deadlines")
    deadline = next((d for d in data["deadlines"] if d["key"] == key), None)
    if deadline is None:
        raise InputError.one("packets.yml", f"'after: {key}' is not a deadline in deadlines.yml")
    start = data["facts"][deadline["from"]]["label"]
    days = deadline.get("days")
    count = (f"from {days} days after {start}" if deadline["kind"] == "earliest"
             else f"after the {days} days from when {start} are over")
    return f"it may be filed only {count} ({deadline['title']}; {deadline['rule']})", start


def _exemptions(case: Case) -> ExemptionReport | None:
    """The engine's exemption screen of the case file's assets (exemptions.yml, each asset with its statute)."""
    return screen_exemptions(case.state, case.assets) if case.assets else None


def _each(case: Case, paper: Paper, each: str | None) -> list[Paper]:
    """``paper``, or with ``each: debtors`` and more than one judgment debtor, one copy addressed
    to each debtor, served on that debtor."""
    if each is None:
        return [paper]
    if each != "debtors":
        raise InputError.one("packets.yml", f"'each: {each}' is not supported; use each: debtors")
    debtors = _recipients(case, "debtors")
    if len(debtors) < 2:
        return [paper]
    return [replace(paper, title=f"{paper.title} to {debtor.name}", recipients=[debtor], to=debtor.id) for debtor in debtors]


def _check_owed(case: Case, as_of: date) -> None:
    """A step that collects the judgment is refused when nothing is owed, to the cent as printed."""
    balance = balance_for(case, as_of, "--as-of")
    if balance.paid_in_full:
        over = (f", and ${grouped_money(balance.overpayment)} more than was owed, which is owed back to the debtor"
                if balance.overpayment else "")
        raise InputError.one("payments", f"the judgment is paid in full (balance $0.00 on {long_date(as_of)}{over}): "
                                         "nothing is left to collect; file a Satisfaction of Judgment instead "
                                         "(workflow: satisfaction)")


def _check_ledger_text(case: Case) -> None:
    """The ledger prints each payment's note and each cost's description: refused here, naming the
    field, when its font cannot print them (ledger_pdf would have only the row to name)."""
    from .pleading_pdf import COURT_FONT, court_font_has
    texts = [case_line(case), *(p.note for p in case.payments if p.note), *(c.description for c in case.post_judgment_costs)]
    check_printable(case, texts, court_font_has, "ledger", COURT_FONT)


def _choose(steps: list[list[tuple[Paper, date | None]]], step: str | None, workflow: str) -> tuple[int, list[str]]:
    """The index of the step to prepare, and warnings about earlier steps not done."""
    if step is None:  # the first step with a paper not done (the last step when all are done)
        return next((i for i, group in enumerate(steps) if any(not f for _, f in group)), max(len(steps) - 1, 0)), []
    keys = {paper.key: i for i, group in enumerate(steps) for paper, _ in group}
    if step not in keys:
        hint = did_you_mean(step, keys) or (f"; its steps: {', '.join(group[0][0].key for group in steps)}" if steps else "")
        raise InputError.one("--step", f"'{step}' is not a paper of the {workflow} packet for this case{hint}")
    chosen = keys[step]
    return chosen, [f"{paper.title} (an earlier step) is not done yet" for group in steps[:chosen]
                    for paper, finished in group if not finished]


RECORD_PAPERS = ("statement-of-appeal", "counterstatement-of-appeal")  # their facts cite the record


def _record_blanks(case: Case, papers: list[Paper]) -> list[str]:
    """A Statement (or Counterstatement) of Appeal whose facts do not all say where they are in the
    record: the paper leaves a blank after each, and this says which to fill in and where to look."""
    paper = next((p for p in papers if p.key in RECORD_PAPERS), None)
    if paper is None or case.appeal is None:
        return []
    missing = [(number, fact.text) for number, fact in enumerate(case.appeal.statement_of_case, 1) if not fact.record]
    if not missing:
        return []
    facts = [f'fact {number} ("{_first_words(text)}")' for number, text in missing]
    listed = facts[0] if len(facts) == 1 else ", ".join(facts[:-1]) + " and " + facts[-1]
    return [f"On the {paper.title}, fill in the blank after {listed} before you file it: where the judge can find "
            f"{'it' if len(facts) == 1 else 'each'} in the record, R. and the page of the court file (like R. 12) "
            "or VR and the time on the recording of the hearing (like VR 3/2/2026 10:32:15). The clerk keeps the "
            "court file and the recording: ask the Office of Circuit Court Clerk in the county where the case was "
            "heard to see the file and for a copy of the recording."]


def _first_words(text: str, count: int = 8) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("..." if len(words) > count else "")


def _sent(paper: Paper) -> str:
    return "sent" if paper.action == "send" else "filed"


def _facts(case: Case) -> dict[str, date]:
    """The deadline calculator's starting facts, the garnishee's service among them."""
    facts = deadline_facts(case)
    served = [g.order_served for g in case.garnishees if g.order_served]
    if served:
        facts["garnishee_served"] = min(served)
    return facts


def case_fact(case: Case, path: str) -> Any:
    """A case-file fact by its dotted path (``appeal.fee_waiver``), or None where a section is absent;
    through a list, the first item's that has it."""
    value: Any = case
    for name in path.split("."):
        if isinstance(value, list):  # garnishees.order_served: the first one given
            value = next((getattr(item, name) for item in value if getattr(item, name, None)), None)
        else:
            value = getattr(value, name, None)
    return value


def _recipients(case: Case, who: str) -> list[Any]:
    if who == "other_side":
        filer = case.party(case.filer)
        side = "defendant" if filer.has("plaintiff") else "plaintiff"
        return [p for p in case.parties if p.has(side) and p.id != filer.id]
    if who in ("debtors", "creditor"):
        if case.judgment is None:
            return []
        ids = case.judgment.against if who == "debtors" else [case.judgment.in_favor_of]
        return [case.party(i) for i in ids]
    if who == "garnishees":
        return list(case.garnishees)
    raise InputError.one("packets.yml", f"'to: {who}' is not one of other_side, debtors, creditor, garnishees")


def _fees(case: Case, keys: list[str]) -> list[Fee]:
    """The fees named by ``keys``, each the county's own figure where the data has one."""
    return [fee(case.state, key, case.court.county) for key in keys]


def fee(state: str, key: str, county: str | None = None) -> Fee:
    """A fee from the state's fees.yml, the county's own figure where the data has one."""
    data = rules.load(state, "fees")
    entry = {**data["fees"][key], **((data.get("counties") or {}).get(county or "", {}).get(key, {}))}
    amount = entry.get("amount")
    return Fee(entry["label"], Decimal(str(amount)) if amount is not None else None, entry.get("note"), entry["rule"])

