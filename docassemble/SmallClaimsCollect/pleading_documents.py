"""One pleading for one case, as the PDF that is filed: rendered, laid out, held to its length
limit, with the papers it attaches (the judgment) behind it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pikepdf

from . import rules
from .case import Case
from .errors import InputError, Problem
from .packets import PacketPlan
from .pdf_document import open_pdf, page_count
from .pleading_markup import Pleading
from .pleading_pdf import image_page, pleading_pdf
from .pleadings import render_pleading

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


@dataclass(frozen=True)
class MadePleading:
    document: str
    pleading: Pleading
    pdf: bytes
    pages: int  # of the pleading itself, attachments apart
    attached_pages: int
    warnings: list[str]

    @property
    def words(self) -> int:
        return self.pleading.words()


def make_pleading(document: str, case: Case, as_of: date, plan: PacketPlan | None = None,
                  to: str | None = None) -> MadePleading:
    """``document`` for ``case`` in court format; InputError when it is over its length limit.
    ``plan``: the packet the next-steps page describes (default: the case's next step); ``to``:
    the judgment debtor a paper addressed to one debtor is for (default: the first)."""
    rendered = render_pleading(document, case, as_of, plan, to)
    pdf = pleading_pdf(rendered.pleading)
    pages = page_count(pdf)
    _check_length(document, case.state, rendered.pleading, pages)
    warnings = list(rendered.warnings)
    attachments = []
    for name in rendered.pleading.attach:
        path = _attachment(case, name)
        if path is None:
            warnings.append(f"Attach a copy of the {name} to the {_title_case(rendered.pleading.title)}: the case file "
                            f"gives no {name}.document to put behind it.")
        else:
            attachments.append((f"{name}.document", path))
    if not attachments:
        return MadePleading(document, rendered.pleading, pdf, pages, 0, warnings)
    combined, attached = _append(pdf, attachments)
    return MadePleading(document, rendered.pleading, combined, pages, attached, warnings)


def _check_length(document: str, state: str, pleading: Pleading, pages: int) -> None:
    limit = rules.load(state, "pleadings")["length"].get(document)
    if limit is None:
        return
    problems = []
    words = pleading.words()
    if words > limit["max_words"]:
        problems.append(Problem(document, f"has {words:,} words; the limit is {limit['max_words']:,} ({limit['rule']}): "
                                          f"cut {words - limit['max_words']:,} words"))
    if pages > limit["max_pages"]:
        problems.append(Problem(document, f"runs to {pages} pages; the limit is {limit['max_pages']} ({limit['rule']}): "
                                          f"cut {pages - limit['max_pages']} pages"))
    if problems:
        raise InputError(problems)


def _attachment(case: Case, name: str) -> Path | None:
    """The file the case gives for an attached paper (only the judgment so far)."""
    if name != "judgment":
        raise InputError.one("template", f"attaches '{name}', which the case file has no document for")
    if case.judgment is None or not case.judgment.document:
        return None
    return Path(case.judgment.document)


def _append(pdf: bytes, attachments: list[tuple[str, Path]]) -> tuple[bytes, int]:
    """The pleading with each attachment's pages behind it (an image is put on a page of its own)."""
    out = pikepdf.open(io.BytesIO(pdf))
    before = len(out.pages)
    sources = []  # kept open until the combined file is saved
    for field, path in attachments:
        if not path.is_file():
            raise InputError.one(field, f"{path}: no such file")
        if path.suffix.lower() in IMAGE_SUFFIXES:
            sources.append(pikepdf.open(io.BytesIO(image_page(path, field))))
        else:
            try:
                sources.append(open_pdf(path))
            except InputError as exc:
                raise InputError([Problem(field, f"{path} {problem.message}") for problem in exc.problems]) from None
        out.add_pages_from(sources[-1])
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True)
    return buffer.getvalue(), len(out.pages) - before


def _title_case(title: str) -> str:
    """NOTICE OF APPEAL as "Notice of Appeal"."""
    small = {"a", "an", "and", "for", "of", "on", "or", "the", "to"}
    words = title.lower().split()
    return " ".join(w if i and w in small else w.capitalize() for i, w in enumerate(words))
