"""Form maps: the data file for each official form, and the facts its expressions are filled from.

Each form has a YAML file in ``data/templates/forms/`` (docs/form-maps.md): its number, title,
where the court publishes it, the case-file facts it needs, a map from PDF field names to Jinja
expressions, and a worksheet of what the form asks for. Expressions run in a sandbox on the
names ``form_facts`` builds from a case; text from the case file is only ever data.
"""

from __future__ import annotations

import difflib
import textwrap
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Template, Undefined, meta
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .case import Case, Garnishee, Party, check_printable
from .case_report import balance_for, case_line, deadline_facts
from .deadlines import compute_deadlines
from .errors import InputError
from .values import grouped_money, long_date
from .wage_garnishment import garnishment_limit

FORMS_DIR = Path(__file__).parent / "data" / "templates" / "forms"
SPEC_KEYS = ("number", "state", "title", "kind", "purpose", "source", "revision", "url", "file",
             "known_revisions", "facts", "fields", "worksheet")
_SCALARS = (str, int, float, Decimal, date, bool)


@dataclass(frozen=True)
class KnownRevision:
    revision: str
    sha256: str


@dataclass(frozen=True)
class WorksheetItem:
    """One thing a form asks for: in a spec ``value`` is an expression, once rendered the answer."""

    ask: str
    value: str
    source: str | None = None


@dataclass(frozen=True)
class Worksheet:
    where_to_file: str
    items: list[WorksheetItem]


@dataclass(frozen=True)
class FormSpec:
    number: str
    state: str
    title: str
    kind: str  # fillable | clerk
    purpose: str
    source: str
    revision: str | None
    url: str | None
    file: str | None
    known_revisions: list[KnownRevision]
    facts: list[str]
    fields: dict[str, str]
    worksheet: Worksheet


@dataclass(frozen=True)
class MappedValues:
    """Field name -> value (a checkbox's expression renders true or false), and the facts found empty."""

    values: dict[str, str | bool]
    missing: list[str] = field(default_factory=list)


# --- loading the data files -------------------------------------------------------------------------
def form_specs(state: str = "KY") -> list[FormSpec]:
    """Every form of ``state`` that has a data file, sorted by number."""
    specs = [_load(path) for path in FORMS_DIR.glob("*.yml")]
    return sorted((s for s in specs if s.state == state.upper()), key=lambda s: s.number)


def load_form_spec(number: str) -> FormSpec:
    """The form ``number`` (like AOC-150.1); an error naming the nearest known forms if there is none."""
    known = {path.stem: path for path in FORMS_DIR.glob("*.yml")}
    if number not in known:
        nearest = difflib.get_close_matches(number, sorted(known), n=3, cutoff=0.5) or sorted(known)
        raise InputError.one("form", f"no form {number}; known: {', '.join(nearest)}")
    return _load(known[number])


@lru_cache(maxsize=None)
def _load(path: Path) -> FormSpec:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputError.one(str(path), f"form map is not valid YAML: {exc}") from None
    absent = [key for key in SPEC_KEYS if key not in (data or {})]
    if absent:
        raise InputError.one(str(path), f"form map lacks {', '.join(absent)}")
    sheet = data["worksheet"]
    return FormSpec(
        **{key: data[key] for key in SPEC_KEYS if key not in ("known_revisions", "fields", "worksheet")},
        known_revisions=[KnownRevision(**r) for r in data["known_revisions"]],
        fields=dict(data["fields"]),
        worksheet=Worksheet(sheet["where_to_file"], [WorksheetItem(**item) for item in sheet["items"]]),
    )


# --- the facts --------------------------------------------------------------------------------------
def form_facts(case: Case, as_of: date, to: str | None = None) -> dict[str, Any]:
    """The names a form's expressions may use, computed from ``case`` as of ``as_of``. ``to``: the
    one judgment debtor a copy is addressed to (packets.yml each: debtors), then the only debtor."""
    plaintiffs, defendants = case.with_role("plaintiff"), case.with_role("defendant")
    judgment = case.judgment
    if judgment:
        creditor: Party | None = case.party(judgment.in_favor_of)
        debtors = [case.party(i) for i in judgment.against if to is None or i == to]
    else:
        creditor, debtors = next(iter(plaintiffs), None), defendants
    garnishee = _garnishee(case)
    return {
        "case": case,
        "court": case.court,
        "case_number": case.district_number,
        "circuit_case_number": case.circuit_number,
        "creditor": creditor,
        "debtor": next(iter(debtors), None),
        "debtors": debtors,
        "plaintiff": next(iter(plaintiffs), None),
        "defendant": next(iter(defendants), None),
        "filer": case.party(case.filer),
        "garnishee": garnishee,
        "garnishees": case.garnishees,
        "judgment": judgment,
        "balance": balance_for(case, as_of, "--as-of").as_dict() if judgment else None,
        "deadlines": _deadlines(case, garnishee),
        "wage_limit": _wage_limit(case, garnishee),
        "as_of": as_of,
        "today": as_of,
    }


def _garnishee(case: Case) -> Garnishee | None:
    """The garnishee a garnishment challenge names, else the first."""
    named = case.garnishment_challenge.garnishee if case.garnishment_challenge else None
    return next((g for g in case.garnishees if named and g.id == named), next(iter(case.garnishees), None))


def _deadlines(case: Case, garnishee: Garnishee | None) -> dict[str, str]:
    starts = [deadline_facts(case)]
    if garnishee and garnishee.order_served:
        starts.append({"garnishee_served": garnishee.order_served})
    return {d.key: d.date.isoformat()
            for facts in starts if facts for d in compute_deadlines(case.state, facts).deadlines}


def _wage_limit(case: Case, garnishee: Garnishee | None) -> dict[str, Any] | None:
    paid = next((g for g in (garnishee, *case.garnishees) if g and g.wages), None)
    if paid is None or paid.wages is None:
        return None
    return {"garnishee": paid.name, **garnishment_limit(case.state, paid.wages.disposable, paid.wages.period).as_dict()}


# --- rendering --------------------------------------------------------------------------------------
@dataclass
class _Trace:
    """While one expression renders: the path by which each fact object was last reached (a name the
    expression uses, then attributes and items), and the empty facts it printed."""

    paths: dict[int, str]
    missing: list[str] = field(default_factory=list)


_TRACE: ContextVar[_Trace | None] = ContextVar("form_facts_trace", default=None)


class _Missing(Undefined):
    """An empty or unknown fact: prints as "" and is noted as missing when printed or formatted.

    One the sandbox refused (an unsafe attribute) still raises when used."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or _refused(self):
            return super().__getattr__(name)
        return _Missing(name=_path(str(self._undefined_name), name))

    def __getitem__(self, key: Any) -> Any:
        if _refused(self):
            return self._fail_with_undefined_error()
        return _Missing(name=_path(str(self._undefined_name), key))

    def __str__(self) -> str:
        if _refused(self):
            return self._fail_with_undefined_error()
        trace = _TRACE.get()
        if trace is not None and self._undefined_name is not None and self._undefined_name not in trace.missing:
            trace.missing.append(str(self._undefined_name))
        return ""


def _refused(value: Undefined) -> bool:
    """Whether the sandbox refused this access (an unsafe attribute), as opposed to an empty fact."""
    return issubclass(value._undefined_exception, SecurityError)


def _path(base: str, key: Any) -> str:
    return f"{base}[{key}]" if isinstance(key, int) else f"{base}.{key}"


class _FactEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with a fact that is None or absent turned into a named _Missing."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        return self._reached(obj, attribute, super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        return self._reached(obj, argument, super().getitem(obj, argument))

    def _reached(self, obj: Any, key: Any, value: Any) -> Any:
        trace = _TRACE.get()
        if isinstance(obj, _Missing):
            base = str(obj._undefined_name)
        else:
            base = trace.paths.get(id(obj), type(obj).__name__.lower()) if trace else type(obj).__name__.lower()
        name = _path(base, key)
        if value is None or (isinstance(value, Undefined) and not _refused(value)):
            return _Missing(name=name)
        if trace is not None and not isinstance(value, _SCALARS):
            trace.paths[id(value)] = name
        return value


def _blank(value: Any) -> bool:
    """Whether a filter's input is empty; a missing fact given to a filter is noted as missing."""
    if isinstance(value, Undefined):
        str(value)
        return True
    return value is None or value == ""


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _money(value: Any) -> str:
    """1234.5 or "1234.50" -> "1,234.50" (half-up to the cent)."""
    return "" if _blank(value) else grouped_money(Decimal(str(value).replace(",", "")))


def _long_date(value: Any) -> str:
    """A date or ISO text -> "November 21, 2026"."""
    return "" if _blank(value) else long_date(_as_date(value))


def _short_date(value: Any) -> str:
    """A date or ISO text -> "11/21/2026"."""
    return "" if _blank(value) else f"{_as_date(value):%m/%d/%Y}"


def _one_line(address: Any) -> str:
    """An address on one line: "street, city, ST zip"."""
    return "" if _blank(address) else address.one_line


def _lines(address: Any) -> str:
    """An address on separate lines: street, second line if any, "city, ST zip"."""
    if _blank(address):
        return ""
    return "\n".join(part for part in (address.street, address.street2, address.city_line) if part)


def _digits(phone: str) -> str:
    digits = "".join(c for c in str(phone) if c.isdigit())
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def _area_code(phone: Any) -> str:
    """The area code of a ten-digit US number ("859-555-0142" -> "859"); "" for any other number."""
    if _blank(phone):
        return ""
    digits = _digits(phone)
    return digits[:3] if len(digits) == 10 else ""


def _local_number(phone: Any) -> str:
    """A ten-digit US number without its area code ("555-0142"); any other number as written."""
    if _blank(phone):
        return ""
    digits = _digits(phone)
    return f"{digits[3:6]}-{digits[6:]}" if len(digits) == 10 else str(phone)


# --- a party's finances (the fee-waiver affidavit, AOC-026): sums to the cent, in Decimal -----------------
def _figure(item: Any) -> Decimal:
    """An income's, expense's or debt's amount, or an asset's value."""
    return item.value if hasattr(item, "value") else item.amount


def _kind(item: Any) -> str:
    return item.source if hasattr(item, "source") else item.kind


def _of_kind(items: Any, kinds: tuple[str, ...]) -> list[Any]:
    return [item for item in items if not kinds or _kind(item) in kinds]


def _sum_of(items: Any, *kinds: str) -> Decimal | str:
    """The sum of the entries of these kinds (or sources), to the cent; "" when there is none of
    them (the box stays blank) or no list at all."""
    if _blank(items):
        return ""
    chosen = _of_kind(items, kinds)
    return sum((_figure(item) for item in chosen), Decimal("0.00")).quantize(Decimal("0.01")) if chosen else ""


def _total(items: Any) -> Decimal | str:
    """The sum of every entry, to the cent: 0.00 for a list given empty (there is none), "" when
    the list is not given at all (the total is left for the person to write)."""
    if _blank(items):
        return ""
    return sum((_figure(item) for item in items), Decimal("0.00")).quantize(Decimal("0.01"))


def _has(items: Any, *kinds: str) -> bool:
    """Whether the list has an entry of one of these kinds."""
    return not _blank(items) and bool(_of_kind(items, kinds))


def _described(items: Any, *kinds: str) -> str:
    """The descriptions of the entries of these kinds, joined by "; "."""
    return "" if _blank(items) else "; ".join(item.description for item in _of_kind(items, kinds) if item.description)


def _rows(items: Any, kind: str, count: int) -> list[dict[str, Any]]:
    """The entries of ``kind`` as ``count`` rows of a form (description and amount), blank rows
    after them; when there are more entries than rows, the last row holds the rest: their
    descriptions joined by "; " and their sum (so the rows still add up to the total)."""
    chosen = [] if _blank(items) else _of_kind(items, (kind,))
    rows = [{"description": item.description or "", "amount": _figure(item)} for item in chosen[:count - 1]]
    rest = chosen[count - 1:]
    if rest:
        rows.append({"description": "; ".join(item.description for item in rest if item.description),
                     "amount": sum((_figure(item) for item in rest), Decimal("0.00"))})
    return rows + [{"description": "", "amount": ""}] * (count - len(rows))


def _amount(value: Any) -> str:
    """An amount as digits and two decimals, without thousands separators: 1234.5 -> "1234.50".
    For AOC-026, whose totals carry the form's own sum scripts: a viewer that runs them (Acrobat)
    reads "1,234.50" as 1.234, but adds "1234.50" as written."""
    return "" if _blank(value) else str(Decimal(str(value).replace(",", "")).quantize(Decimal("0.01"), ROUND_HALF_UP))


def _wrapped(text: Any, width: int, line: int, lines: int) -> str:
    """Line ``line`` (from 0) of ``text`` wrapped at ``width`` characters onto ``lines`` lines; the
    last line holds whatever is left (a box too small for it sends it to the addendum)."""
    if _blank(text):
        return ""
    parts = textwrap.wrap(" ".join(str(text).split()), width)
    if line < lines - 1:
        return parts[line] if line < len(parts) else ""
    return " ".join(parts[lines - 1:])


NOT_GIVEN = "not in your case file: write it here"  # a part of a worksheet answer the case file lacks


def _or_missing(value: Any) -> Any:
    """``value``, or words saying to write it in, for one part of an answer made of several."""
    return NOT_GIVEN if _blank(value) else value


ENV = _FactEnvironment(autoescape=False, undefined=_Missing, finalize=lambda value: "" if value is None else value)
ENV.filters.update(money=_money, date=_long_date, short_date=_short_date, one_line=_one_line, lines=_lines,
                   area_code=_area_code, local_number=_local_number, or_missing=_or_missing,
                   sum_of=_sum_of, total=_total, has=_has, described=_described, rows=_rows, amount=_amount,
                   wrapped=_wrapped)


@lru_cache(maxsize=1024)
def _template(expression: str) -> tuple[Template, list[str]]:
    """The compiled expression, and the fact names it uses."""
    return ENV.from_string(expression), sorted(meta.find_undeclared_variables(ENV.parse(expression)))


def _render(expression: str, facts: dict[str, Any]) -> tuple[str, list[str]]:
    """The expression rendered on ``facts``, and the names of the empty or unknown facts it printed."""
    template, used = _template(expression)
    context = {name: _Missing(name=name) if value is None else value for name, value in facts.items()}
    trace = _Trace({id(facts[name]): name for name in used
                    if facts.get(name) is not None and not isinstance(facts[name], _SCALARS)})
    token = _TRACE.set(trace)
    try:
        return template.render(context), trace.missing
    finally:
        _TRACE.reset(token)


def render_value(expression: str, facts: dict[str, Any]) -> str:
    """One expression (a Jinja template string) rendered on the facts; an empty fact prints as ""."""
    return _render(expression, facts)[0]


def map_values(spec: FormSpec, case: Case, as_of: date, to: str | None = None) -> MappedValues:
    """Each mapped field's value for ``case`` (addressed to the debtor ``to``); "true"/"false" become
    booleans (checkboxes)."""
    facts = form_facts(case, as_of, to)
    values: dict[str, str | bool] = {}
    missing: list[str] = []
    for name, expression in spec.fields.items():
        text, empty = _render(expression, facts)
        values[name] = {"true": True, "false": False}.get(text.strip(), text)
        missing += [m for m in empty if m not in missing]
    from .form_font import FONT_NAME, missing_characters  # the filler's font: name the case-file field, not the PDF's
    check_printable(case, [v for v in values.values() if isinstance(v, str)], lambda ch: not missing_characters(ch),
                    f"form {spec.number}", FONT_NAME)
    return MappedValues(values, missing)


def worksheet_items(spec: FormSpec, case: Case, as_of: date, to: str | None = None) -> list[WorksheetItem]:
    """The worksheet's items with their values filled in from ``case`` (addressed to the debtor ``to``)."""
    facts = form_facts(case, as_of, to)
    items = [WorksheetItem(item.ask, render_value(item.value, facts).strip(), item.source) for item in spec.worksheet.items]
    from .form_addendum import sans_font_has  # reportlab only once a worksheet is made
    from .form_font import FONT_NAME
    check_printable(case, [item.value for item in items] + [case_line(case)], sans_font_has,
                    f"worksheet for {spec.number}", FONT_NAME)
    return items
