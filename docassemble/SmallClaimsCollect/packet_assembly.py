"""A case's packet, in memory: the papers its next step needs (pleadings rendered, official forms
filled or worksheets), the next-steps page, the ledger, and how they are bound into the court's
copy and the person's copy. ``packet_output`` turns it into the files of the packet folder."""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pikepdf

from .case import Case
from .case_report import balance_for, case_line, case_report
from .court_forms import make_form
from .form_facts import load_form_spec
from .packets import PacketPlan, Paper, packet_plan
from .pdf_document import page_count
from .pleading_documents import make_pleading
from .pleadings import DOCUMENTS

COURT, USER = "court", "user"  # which copy a document is bound into: court (and user), or the person's only


@dataclass(frozen=True)
class PacketDocument:
    key: str  # a pleading's name or a form's number
    title: str
    kind: str  # generated | filled | worksheet
    copy: str  # court: filed or served (in both copies); user: the person's own copy only
    pdf: bytes
    pages: int
    docx: bytes | None = None  # the editable Word copy of a generated pleading
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # facts a form or worksheet needed and the case lacks
    fitting: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # a filled form's values drawn smaller or on its addendum
    to: str | None = None  # the judgment debtor a copy addressed to one of several is for

    @property
    def name(self) -> str:
        """The document's file name, without extension: its key, and the debtor it is to."""
        return f"{self.key}-{self.to}" if self.to else self.key


@dataclass(frozen=True)
class Signing:
    """How the papers to prepare now are signed, by title, in filing order."""
    in_packet: list[str]  # pleadings the packet prints the person's signature on (drawn, or "/s/ Name")
    by_hand: list[str]  # court forms and worksheets, signed with a pen on paper
    sworn: list[str]  # sworn papers (forms or pleadings): signed in front of a notary or other officer who can give oaths


@dataclass(frozen=True)
class Packet:
    case: Case
    as_of: date
    plan: PacketPlan
    documents: list[PacketDocument]  # next-steps first, then filing order, then the person's own papers
    report: dict[str, Any]  # deadlines, balance and the other figures (case_report)

    @property
    def court(self) -> list[PacketDocument]:
        return [d for d in self.documents if d.copy == COURT]

    @property
    def signing(self) -> Signing:
        """Which papers carry the signature the case file gives, and which the person signs by hand."""
        papers = self.plan.papers
        return Signing([p.title for p in papers if p.key in DOCUMENTS and not p.sworn],
                       [p.title for p in papers if p.key not in DOCUMENTS and not p.sworn], [p.title for p in papers if p.sworn])

    @property
    def warnings(self) -> list[str]:
        """Every warning once, in the order it was first given."""
        found = self.plan.warnings + self.report["warnings"] + [w for d in self.documents for w in d.warnings]
        return list(dict.fromkeys(found))


def assemble(case: Case, as_of: date, cache: Path, step: str | None = None, word: bool = True) -> Packet:
    """The packet for ``case``'s next step (or ``step``), on ``as_of``; forms filled from ``cache``."""
    plan = packet_plan(case, as_of, step)
    documents = []
    for paper in plan.papers:
        if paper.key in DOCUMENTS:
            documents.append(_pleading(paper.key, case, as_of, plan, COURT, word, paper))
        else:
            made = make_form(load_form_spec(paper.key), case, as_of, cache, to=paper.to)
            fitting = {name: [item.as_dict() for item in items]
                       for name, items in (("drawn_smaller", made.smaller), ("addendum", made.addendum)) if items}
            documents.append(PacketDocument(paper.key, paper.title, made.kind, COURT if made.kind == "filled" else USER,
                                            made.pdf, page_count(made.pdf), missing=made.missing, fitting=fitting,
                                            to=paper.to))
    plan = replace(plan, worksheets=frozenset(d.key for d in documents if d.kind == "worksheet"))
    documents.sort(key=lambda d: d.copy != COURT)  # the court's papers in filing order, then the worksheets
    documents.insert(0, _pleading("next-steps", case, as_of, plan, USER, word=False))
    if plan.ledger and case.judgment is not None:
        from .ledger_pdf import ledger_pdf
        pdf = ledger_pdf(balance_for(case, as_of), f"Ledger: {case_line(case)}")
        documents.append(PacketDocument("ledger", "Ledger of the judgment", "generated", USER, pdf, page_count(pdf)))
    return Packet(case, as_of, plan, documents, case_report(case, as_of))


def _pleading(document: str, case: Case, as_of: date, plan: PacketPlan, copy: str, word: bool,
              paper: Paper | None = None) -> PacketDocument:
    """A pleading as a packet document (for one debtor of several when ``paper`` is addressed to one)."""
    to = paper.to if paper else None
    made = make_pleading(document, case, as_of, plan, to)
    docx = None
    if word:
        from .pleading_docx import pleading_docx
        docx = pleading_docx(made.pleading)
    return PacketDocument(document, paper.title if paper else "What to do next", "generated", copy, made.pdf,
                          made.pages + made.attached_pages, docx, list(made.warnings), to=to)


def bind(documents: list[PacketDocument]) -> bytes:
    """The documents' pages, one after another, as one PDF (the same bytes for the same documents).
    A filled form keeps its fields (add_pages_from), so every viewer still shows and edits them."""
    out = pikepdf.new()
    sources = [pikepdf.open(io.BytesIO(d.pdf)) for d in documents]  # kept open until saved
    for source in sources:
        out.add_pages_from(source)
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True)
    return buffer.getvalue()
