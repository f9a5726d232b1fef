"""One official form for one case: the court's PDF filled in when a usable copy is cached,
otherwise a worksheet saying what to write in each place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .case import Case
from .case_report import case_line
from .form_cache import FormStatus, form_status
from .form_facts import FormSpec, map_values, worksheet_items

if TYPE_CHECKING:
    from .form_fill import AddendumItem, SmallerText


@dataclass(frozen=True)
class MadeForm:
    number: str
    kind: str  # filled | worksheet
    pdf: bytes
    status: FormStatus
    missing: list[str]  # facts the map needed that the case file does not give
    addendum: list[AddendumItem]  # answers too long for their boxes, printed on the addendum page
    smaller: list[SmallerText]  # values drawn below their box's size to fit


def make_form(spec: FormSpec, case: Case, as_of: date, cache: Path, *, flatten: bool = False,
              to: str | None = None) -> MadeForm:
    """``spec``'s form for ``case``: filled from the cache, or a worksheet; ``to``: the one judgment
    debtor this copy is addressed to (a form made once for each debtor)."""
    status = form_status(spec, cache)
    if status.path is not None:
        from .form_fill import fill_form
        mapped = map_values(spec, case, as_of, to)
        result = fill_form(status.path, mapped.values, flatten=flatten, form_name=f"{spec.number} {spec.title}")
        return MadeForm(spec.number, "filled", result.pdf, status, mapped.missing, result.addendum, result.smaller)
    from .form_worksheet import Worksheet, worksheet_pdf
    items = worksheet_items(spec, case, as_of, to)
    asks_the_case = [bool(item.value.strip()) for item in spec.worksheet.items]  # "" : nothing to fill from the case
    sheet = Worksheet(
        number=spec.number, title=spec.title + (f", to {case.party(to).name}" if to else ""), get_the_form=_where_to_get(spec), where_to_file=spec.worksheet.where_to_file,
        case_line=case_line(case),
        items=[(item.ask, item.value if asked else None, item.source or "") for item, asked in zip(items, asks_the_case)],
    )
    missing = [item.ask for item, asked in zip(items, asks_the_case) if asked and not item.value]
    return MadeForm(spec.number, "worksheet", worksheet_pdf(sheet), status, missing, [], [])


def _where_to_get(spec: FormSpec) -> str:
    if spec.kind == "clerk":
        return f"Get the printed form {spec.number} from the Office of Circuit Court Clerk: it is a multi-part form."
    address = f" ({spec.url})" if spec.url else ""
    return (f"Get form {spec.number} from the Kentucky Court of Justice Legal Forms page{address} "
            "or from the Office of Circuit Court Clerk.")
