"""What a case's packet holds now and later, who gets copies, the fees and the dates that matter:
read from the rules data (``packets.yml``, ``fees.yml``, ``deadlines.yml``) for the case's workflow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from . import rules
from .case import Case
from .case_report import deadline_facts
from .deadlines import Deadline, compute_deadlines
from .errors import InputError


@dataclass(frozen=True)
class Paper:
    key: str  # a pleading's name or a form's number
    title: str
    does: str
    action: str  # file | send | bring
    recipients: list[Any]  # parties or garnishees who get a copy
    by: Deadline | None = None  # the last day to file it
    after: Deadline | None = None  # it may be filed only after (or, for an "earliest" date, from) this date

    @property
    def copies(self) -> int:
        """One for each person served and one to keep, and the original when it is filed."""
        return len(self.recipients) + 1 + (self.action == "file")


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
    papers: list[Paper]  # to prepare now, in filing order
    later: list[Paper]  # for later steps
    done: list[tuple[Paper, date]]  # already filed or sent, and when
    where: str
    fees: list[Fee]
    dates: list[Deadline]  # from as_of on, in date order
    hearings: list[Any]
    next: str


def packet_plan(case: Case, as_of: date) -> PacketPlan:
    """The packet for ``case``'s workflow: the papers now (in filing order) and for later steps."""
    data = rules.load(case.state, "packets")
    spec = data["packets"].get(case.workflow)
    if spec is None:
        raise InputError.one("workflow", f"'{case.workflow}' has no packet in the rules data (packets.yml)")
    deadlines = {d.key: d for d in compute_deadlines(case.state, _facts(case)).deadlines}
    now, later, done = [], [], []
    for entry in spec["papers"]:
        if entry.get("when") and not _fact(case, entry["when"]):
            continue
        paper = data["papers"][entry["paper"]]
        to = entry.get("to") or []
        made = Paper(entry["paper"], paper["title"], paper["does"], entry["action"],
                     [r for who in ([to] if isinstance(to, str) else to) for r in _recipients(case, who)],
                     deadlines.get(entry.get("by", "")), deadlines.get(entry.get("after", "")))
        finished = _fact(case, entry["done"]) if entry.get("done") else None
        if finished:
            done.append((made, finished))
        else:
            (later if entry.get("later") else now).append(made)
    if not now and later:  # this step's papers are done: the next step's paper is the one to prepare
        now.append(later.pop(0))
    return PacketPlan(
        workflow=case.workflow, title=spec["title"], papers=now, later=later, done=done,
        where=" ".join(spec["where"].split()),
        fees=_fees(case, spec["fees"]),
        dates=sorted((deadlines[key] for key in spec["dates"] if key in deadlines and deadlines[key].date >= as_of
                      and key not in {paper.by.key for paper, _ in done if paper.by}), key=lambda d: d.date),
        hearings=sorted((h for h in case.hearings if h.date >= as_of), key=lambda h: h.date),
        next=" ".join(spec["next"].split()),
    )


def _facts(case: Case) -> dict[str, date]:
    """The deadline calculator's starting facts, the garnishee's service among them."""
    facts = deadline_facts(case)
    served = [g.order_served for g in case.garnishees if g.order_served]
    if served:
        facts["garnishee_served"] = min(served)
    return facts


def _fact(case: Case, path: str) -> Any:
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
    data = rules.load(case.state, "fees")
    county = (data.get("counties") or {}).get(case.court.county, {})
    fees = []
    for key in keys:
        fee = {**data["fees"][key], **county.get(key, {})}
        amount = fee.get("amount")
        fees.append(Fee(fee["label"], Decimal(amount) if amount is not None else None, fee.get("note"), fee["rule"]))
    return fees

