"""The case, as typed objects built from a checked case file (see casefile.py and the schema).

Field names are the case file's own keys; amounts are Decimal, dates are date.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .casefile import load_case_data, parse_case_text
from .errors import InputError, Problem
from .values import characters, parse_amount, parse_date, parse_percent, printed


@dataclass(frozen=True)
class Address:
    street: str
    city: str
    state: str
    zip: str
    street2: str | None = None
    county: str | None = None

    @property
    def street_line(self) -> str:
        """The street and the second line, if any, on one line."""
        return ", ".join(part for part in (self.street, self.street2) if part)

    @property
    def city_line(self) -> str:
        return f"{self.city}, {self.state} {self.zip}"

    @property
    def one_line(self) -> str:
        """The whole address on one line: "street, city, ST zip"."""
        return f"{self.street_line}, {self.city_line}"


@dataclass(frozen=True)
class Agent:
    name: str
    address: Address


@dataclass(frozen=True)
class Attorney:
    name: str
    bar_number: str | None = None
    firm: str | None = None
    address: Address | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Employer:
    name: str
    address: Address | None = None


@dataclass(frozen=True)
class Dependent:
    relationship: str
    age: int


@dataclass(frozen=True)
class Household:
    employment: str  # full_time | part_time | not_employed
    marital_status: str
    date_of_birth: date | None = None
    employer: Employer | None = None
    spouse_name: str | None = None
    spouse_employed: bool | None = None
    dependents: list[Dependent] = field(default_factory=list)


@dataclass(frozen=True)
class MonthlyIncome:
    source: str
    amount: Decimal
    description: str | None = None


@dataclass(frozen=True)
class MonthlyExpense:
    kind: str
    amount: Decimal
    description: str | None = None


@dataclass(frozen=True)
class OwnedAsset:
    kind: str
    value: Decimal
    description: str | None = None


@dataclass(frozen=True)
class OwedDebt:
    kind: str
    amount: Decimal
    description: str | None = None


@dataclass(frozen=True)
class Finances:
    """A party's finances as the fee-waiver affidavit (AOC-026) asks them, given whole: an empty
    list is none of that kind."""

    household: Household
    income: list[MonthlyIncome]
    expenses: list[MonthlyExpense]
    assets: list[OwnedAsset]
    debts: list[OwedDebt]
    comments: str | None = None

    @property
    def given(self) -> bool:
        """Always true: the packets' warnings ask ``parties.finances.given`` to know finances were given."""
        return True


@dataclass(frozen=True)
class Party:
    id: str
    name: str
    kind: str
    roles: list[str]
    address: Address
    doing_business_as: str | None = None
    phone: str | None = None
    email: str | None = None
    attorney: Attorney | None = None
    process_agent: Agent | None = None
    signature_image: str | None = None
    finances: Finances | None = None  # the filer's own, for the fee-waiver affidavit (AOC-026)

    def has(self, role: str) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class Interest:
    rate_percent: Decimal | None = None
    basis: str | None = None


@dataclass(frozen=True)
class Judgment:
    entered: date
    principal: Decimal
    in_favor_of: str
    against: list[str]
    court_costs: Decimal = Decimal("0")
    attorney_fees: Decimal = Decimal("0")
    interest: Interest = field(default_factory=Interest)
    due_date: date | None = None
    garnishment_allowed_from: date | None = None
    document: str | None = None

    @property
    def amount(self) -> Decimal:
        """Principal, court costs and attorney fees: the amount that bears interest from entry."""
        return self.principal + self.court_costs + self.attorney_fees


@dataclass(frozen=True)
class Payment:
    date: date
    amount: Decimal
    source: str | None = None
    note: str | None = None
    check_issued: date | None = None


@dataclass(frozen=True)
class Cost:
    date: date
    amount: Decimal
    description: str


@dataclass(frozen=True)
class Wages:
    disposable: Decimal
    period: str


@dataclass(frozen=True)
class Garnishee:
    kind: str
    name: str
    address: Address
    id: str | None = None
    process_agent: Agent | None = None
    service_method: str | None = None
    order_served: date | None = None
    amount_delivered: Decimal | None = None
    wages: Wages | None = None


@dataclass(frozen=True)
class Asset:
    kind: str
    description: str
    value: Decimal
    amount_owed: Decimal = Decimal("0")
    purchase_money_lien: bool = False
    acquired: date | None = None
    county: str | None = None
    location: str | None = None
    owner_occupation: str | None = None

    @property
    def equity(self) -> Decimal:
        """The debtor's interest: value less what is owed on it, never below zero."""
        return max(self.value - self.amount_owed, Decimal("0"))


@dataclass(frozen=True)
class Hearing:
    purpose: str
    date: date
    time: str | None = None
    place: str | None = None


@dataclass(frozen=True)
class RecordFact:
    text: str
    record: str | None = None  # not found yet: the paper leaves a blank and the packet says to fill it


@dataclass(frozen=True)
class ArgumentPoint:
    text: str
    heading: str | None = None
    citations: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Appeal:
    appellant: str
    appellee: str
    notice_filed: date | None = None
    statement_filed: date | None = None
    counterstatement_filed: date | None = None
    appealed_before: bool = False
    prior_appeal_review: str | None = None
    oral_argument: bool = False
    statement_of_case: list[RecordFact] = field(default_factory=list)
    argument: list[ArgumentPoint] = field(default_factory=list)
    relief: str | None = None
    fee_waiver: bool = False


@dataclass(frozen=True)
class Interrogatories:
    sent: date | None = None
    received: date | None = None
    method: str | None = None
    additional_questions: list[str] = field(default_factory=list)
    answered: bool = False


@dataclass(frozen=True)
class Execution:
    issued: date | None = None
    served: date | None = None
    county: str | None = None
    insufficient_property_in_judgment_county: bool = False


@dataclass(frozen=True)
class GarnishmentChallenge:
    garnishment: str
    reasons: str
    garnishee: str | None = None
    amount_claimed_exempt: Decimal | None = None
    amount_claimed_exempt_per: str | None = None  # "paycheck" or "total"
    notice_received: date | None = None


@dataclass(frozen=True)
class Claim:
    amount: Decimal
    claim_type: str
    plaintiff_type: str
    description: str | None = None
    class_action: bool = False
    claims_filed_this_year: int | None = None
    business_months_at_location: int | None = None


@dataclass(frozen=True)
class Service:
    method: str
    date: date | None = None  # the day the copies are sent; not known yet: the papers leave it blank


@dataclass(frozen=True)
class Court:
    county: str
    level: str
    division: str | None = None


@dataclass(frozen=True)
class CaseNumbers:
    district: str
    circuit: str | None = None


@dataclass(frozen=True)
class Case:
    schema_version: int
    state: str
    workflow: str
    filer: str
    court: Court
    parties: list[Party]
    case_numbers: CaseNumbers | None = None  # None only for a complaint: the clerk numbers the case on filing
    judgment: Judgment | None = None
    payments: list[Payment] = field(default_factory=list)
    post_judgment_costs: list[Cost] = field(default_factory=list)
    garnishees: list[Garnishee] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    hearings: list[Hearing] = field(default_factory=list)
    appeal: Appeal | None = None
    interrogatories: Interrogatories | None = None
    execution: Execution | None = None
    garnishment_challenge: GarnishmentChallenge | None = None
    claim: Claim | None = None
    settlement_terms: str | None = None  # AOC-199: what each side agreed to do
    service: Service | None = None
    notes: str | None = None

    @property
    def district_number(self) -> str | None:
        """The District Court case number; None for a complaint not yet filed."""
        return self.case_numbers.district if self.case_numbers else None

    @property
    def circuit_number(self) -> str | None:
        """The Circuit Court case number, once an appeal has one."""
        return self.case_numbers.circuit if self.case_numbers else None

    @property
    def court_number(self) -> str | None:
        """The case number that goes with ``court``: the circuit number in Circuit Court (None until
        the clerk gives it), else the district number; never the other court's."""
        return self.circuit_number if self.court.level == "circuit" else self.district_number

    def party(self, party_id: str) -> Party:
        for party in self.parties:
            if party.id == party_id:
                return party
        raise KeyError(party_id)

    def with_role(self, role: str) -> list[Party]:
        return [p for p in self.parties if p.has(role)]


def load_case(path: str | Path) -> Case:
    """Read, check and build a case from a YAML or JSON file (InputError lists every problem).
    Files the case names (the judgment, drawn signatures) are found relative to the case file."""
    data = load_case_data(path)
    return case_from_data(_files_from(data, Path(path).parent))


def case_from_text(text: str, name: str, folder: Path, is_json: bool = False) -> Case:
    """A case from the text of a case file (a line of a JSON Lines batch, say) named ``name`` in
    messages; the files it names are found relative to ``folder``."""
    return case_from_data(_files_from(parse_case_text(text, is_json, name), folder))


def _files_from(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """``data`` with the paths of the files it names made relative to ``folder`` where not absolute."""
    def resolve(owner: dict[str, Any], key: str) -> None:
        if owner.get(key):
            owner[key] = str(folder / Path(owner[key]).expanduser())

    resolve(data.get("judgment") or {}, "document")
    for party in data.get("parties", []):
        resolve(party, "signature_image")
    return data


def case_from_data(data: dict[str, Any]) -> Case:
    """A Case from data that has passed the schema (casefile.validate)."""
    return _build(Case, data, "")


def _build(cls: type, data: dict[str, Any], path: str) -> Any:
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data and data[f.name] is not None:
            kwargs[f.name] = _convert(hints[f.name], data[f.name], f"{path}.{f.name}" if path else f.name)
    return cls(**kwargs)


def _convert(hint: Any, value: Any, path: str) -> Any:
    if isinstance(hint, types.UnionType):  # X | None
        hint = next(arg for arg in hint.__args__ if arg is not type(None))
    origin = typing.get_origin(hint)
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_convert(item, v, f"{path}[{i}]") for i, v in enumerate(value)]
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, path)
    if hint is date:
        return parse_date(value, path)
    if hint is Decimal:
        return parse_percent(value, path) if path.endswith("rate_percent") else parse_amount(value, path)
    if hint is int:
        try:
            return int(value)
        except ValueError:  # more digits than Python converts (4,300); the schema let it through as digits
            raise InputError.one(path, f"has {len(str(value)):,} digits; expected a whole number like 3") from None
    if hint is bool or hint is str:
        return value
    raise InputError.one(path, f"has no conversion for {hint!r}")  # pragma: no cover - schema and model agree


# --- text a paper cannot print --------------------------------------------------------------------------
def text_fields(case: Case) -> Iterator[tuple[str, str]]:
    """Every text of the case with its case-file field (``parties[0].name``), in the file's order."""
    def walk(value: Any, path: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, f"{path}[{i}]")
        elif dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                yield from walk(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)
    yield from walk(case, "")


def check_printable(case: Case, texts: Iterable[str], has_glyph: Callable[[str], bool], paper: str, font: str) -> None:
    """InputError with a problem for each case-file field whose text ``paper`` prints with a
    character its font has no glyph for (Arabic or Hebrew letters, emoji, ... in a Latin font),
    rather than print a box in its place. Whitespace is not checked: the layouts make every kind of
    space a plain one."""
    shown = [printed(text) for text in texts]
    missing = {ch for ch in set().union(*shown) if not ch.isspace() and not has_glyph(ch)}
    if not missing:
        return
    whole = " ".join(" ".join(shown).split())  # a field's text may be printed in capitals (a caption)
    folded = whole.upper()
    found, holding = [], []
    for path, value in text_fields(case):
        value = " ".join(printed(value).split())
        chars = sorted(set(value) & missing)
        if chars:
            holding.append((path, chars))
            if value in whole or value.upper() in folded:
                found.append((path, chars))
    problems = [Problem(path, f"cannot be printed on the {paper}: its font, {font}, has no glyph for {characters(chars)}; "
                               "write it in Latin letters (accents are fine) or leave those characters out")
                for path, chars in (found or holding)]
    raise InputError(problems or [Problem(f"template {paper}", f"prints {characters(sorted(missing))}, which its font, {font}, lacks")])
