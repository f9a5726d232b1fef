"""The bridge between the interviews and the engine.

The interviews (``data/questions/*.yml``) ask the questions and hold every word shown to people.
This module holds no legal logic and no wording: it turns the answers (docassemble objects such
as Individual, Address and DAList, or plain values) into a case file in the published schema,
has the engine check it, and returns what the engine computes (deadlines with the rule they rest
on, fees, length limits) and the papers it makes (the packet folder, as files for the interview
to offer).

It imports without docassemble: the functions that make docassemble file objects import it when
called, so the package still installs and runs as a plain library and command line.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from . import rules
from .case import Case, case_from_data
from .casefile import validate
from .deadlines import compute_deadlines
from .errors import InputError, Problem
from .packets import Fee
from .packets import fee as packet_fee

if TYPE_CHECKING:
    from .packet_assembly import Signing

__all__ = ["CaseProblems", "Window", "appeal_case_data", "appeal_window", "as_date", "check_case", "deadline", "deadline_days",
           "document_file", "fee", "file_path", "finances_data", "full_name", "length_limit", "make_packet", "money",
           "offered_document", "phone_ok", "pleading_words", "same_name", "statement_window", "typed_words", "with_signature", "words", "zip_ok",
           "balance_today", "dollars", "wage_limit", "wage_over_limit"]

STATE = "KY"
SCHEMA_VERSION = 1
APPELLANT, APPELLEE = "appellant", "appellee"

OTHER_SIDE = {"plaintiff": "defendant", "defendant": "plaintiff"}  # the other party's role in District Court


class CaseProblems(ValueError):
    """The answers do not make a valid case file: each problem names the case-file field."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


# --- plain values --------------------------------------------------------------------------------
def as_date(value: Any) -> date:
    """A date from a docassemble date answer (DADateTime), a datetime, a date or 'YYYY-MM-DD'."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip()[:10])


def money(value: Any) -> str:
    """A currency answer (float, Decimal or text like "1,300.50") as the case file's "1300.50"."""
    text = str(value).replace(",", "").replace("$", "").strip() or "0"
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return text  # the schema names the field and says what is expected
    return str(amount.quantize(Decimal("0.01")))


def zip_ok(text: Any) -> bool:
    """Whether ``text`` is a ZIP code the case file takes (40505 or 40505-1234)."""
    return bool(re.fullmatch(r"[0-9]{5}(-[0-9]{4})?", str(text or "").strip()))


def phone_ok(text: Any) -> bool:
    """Whether ``text`` is a phone number the case file takes (digits, spaces, ( ) + . -)."""
    return bool(re.fullmatch(r"[0-9()+. -]{7,}", str(text or "").strip()))


def same_name(typed: Any, name: Any) -> bool:
    """Whether a typed signature is the person's name (case and extra spaces apart)."""
    def norm(text: Any) -> str:
        return " ".join(str(text or "").split()).casefold()
    return bool(norm(typed)) and norm(typed) == norm(name)


def words(*texts: Any) -> int:
    """Words in ``texts`` counted as the engine counts a pleading's body (runs of non-space)."""
    total = 0
    for text in texts:
        if isinstance(text, (list, tuple)):
            total += words(*text)
        elif text:
            total += len(str(text).split())
    return total


def _text(value: Any) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _value(obj: Any, attribute: str) -> Any:
    """An optional attribute of a docassemble object, or None when the interview did not set it.
    Required ones are read with plain attribute access instead: on a docassemble object an
    undefined one makes docassemble ask the question that sets it."""
    try:
        return obj.__dict__.get(attribute) if hasattr(obj, "__dict__") else getattr(obj, attribute, None)
    except Exception:  # noqa: BLE001 - docassemble objects may raise on a missing attribute
        return None


# --- answers -> case-file data -------------------------------------------------------------------
def address_data(address: Any, with_county: bool = False) -> dict[str, Any]:
    """A docassemble Address (address, unit, city, state, zip, county) as a case-file address."""
    data = {"street": _text(address.address), "city": _text(address.city),
            "state": (_text(address.state) or "").upper() or None, "zip": _text(address.zip)}
    unit = _text(_value(address, "unit"))
    if unit:
        data["street2"] = unit
    county = _text(_value(address, "county"))
    if with_county and county:
        data["county"] = county
    return {k: v for k, v in data.items() if v is not None}


def full_name(person: Any) -> str | None:
    """The name of an Individual (first, middle, last, suffix) or of a business (typed whole in first)."""
    name = person.name
    parts = [name.first, _value(name, "middle"), _value(name, "last")]
    text = " ".join(str(p).strip() for p in parts if p and str(p).strip())
    suffix = _value(name, "suffix")
    if suffix and str(suffix).strip():
        text = f"{text} {str(suffix).strip()}"
    return _text(text)


def party_data(person: Any, party_id: str, roles: list[str], kind: str = "person", lawyer: Any = None) -> dict[str, Any]:
    """A party from an Individual: name, address, phone, email, and the lawyer if one is given
    (a drawn signature is added by with_signature).

    ``lawyer``: an Individual with .name and, each when answered, .bar_number (the Kentucky Bar
    Association member number), .firm (law firm or legal-aid office), .address, .phone_number and
    .email: the case file's ``attorney`` (only the answered parts; an address only when its street
    was answered)."""
    data: dict[str, Any] = {"id": party_id, "name": full_name(person), "kind": kind, "roles": roles,
                            "address": address_data(person.address)}
    for key, attribute in (("phone", "phone_number"), ("email", "email")):
        value = _text(_value(person, attribute))
        if value:
            data[key] = value
    if lawyer is not None and full_name(lawyer):
        attorney: dict[str, Any] = {"name": full_name(lawyer)}
        for key, attribute in (("bar_number", "bar_number"), ("firm", "firm")):
            value = _text(_value(lawyer, attribute))
            if value:
                attorney[key] = value
        office = _value(lawyer, "address")
        if office is not None and _text(_value(office, "address")):
            attorney["address"] = address_data(office)
        for key, attribute in (("phone", "phone_number"), ("email", "email")):
            value = _text(_value(lawyer, attribute))
            if value:
                attorney[key] = value
        data["attorney"] = attorney
    return data


def appeal_case_data(*, appellant: Any, appellee: Any, was: str, other_kind: str, county: str,
                     district_case_number: str, entered: Any, principal: Any, court_costs: Any = 0,
                     interest_rate: Any = None, won_below: str = APPELLEE, judgment_file: Any = None,
                     appellee_lawyer: Any = None, fee_waiver: bool = False, notice_filed: Any = None,
                     circuit_case_number: str | None = None, appealed_before: bool = False,
                     prior_appeal_review: str | None = None, oral_argument: bool = False,
                     facts: Iterable[Any] = (), points: Iterable[Any] = (), relief: str | None = None,
                     service_method: str | None = None, service_date: Any = None,
                     finances: dict[str, Any] | None = None) -> dict[str, Any]:
    """The case file of an appeal from the interview's answers.

    ``was``: what the appellant was in District Court (plaintiff or defendant); ``won_below``:
    who the judgment was for (appellee or appellant). ``facts``: items with .text and .record;
    ``points``: items with .heading, .text and .citations (one per line). ``finances``: the
    appellant's, from finances_data, for the fee-waiver affidavit."""
    loser, winner = (APPELLANT, APPELLEE) if won_below == APPELLEE else (APPELLEE, APPELLANT)
    roles = {APPELLANT: [was, "appellant"], APPELLEE: [OTHER_SIDE.get(was, was), "appellee"]}
    roles[loser].append("judgment_debtor")
    roles[winner].append("judgment_creditor")
    judgment = judgment_data(entered, principal, court_costs, winner, loser, interest_rate, statutory=False)
    path = file_path(judgment_file)
    if path:
        judgment["document"] = path
    appeal = appeal_data(APPELLANT, APPELLEE, fee_waiver=fee_waiver, appealed_before=appealed_before,
                         oral_argument=oral_argument, notice_filed=notice_filed, prior_appeal_review=prior_appeal_review,
                         facts=facts, points=points, relief=relief)
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION, "state": STATE, "workflow": "appeal", "filer": APPELLANT,
        "court": {"county": county, "level": "circuit" if circuit_case_number else "district",
                  "division": "Small Claims Division"},
        "case_numbers": {"district": _text(district_case_number)},
        "parties": [party_data(appellant, APPELLANT, roles[APPELLANT]),
                    party_data(appellee, APPELLEE, roles[APPELLEE], other_kind, appellee_lawyer)],
        "judgment": judgment, "appeal": appeal,
    }
    if _text(circuit_case_number):
        data["case_numbers"]["circuit"] = _text(circuit_case_number)
    if finances:
        data["parties"][0]["finances"] = finances
    service = service_data(service_method, service_date)
    if service:
        data["service"] = service
    return data


def finances_data(*, employment: Any, marital_status: Any, birth_date: Any = None, employer_name: Any = None,
                  employer_street: Any = None, employer_city: Any = None, employer_state: Any = None,
                  employer_zip: Any = None, spouse_name: Any = None, spouse_employed: Any = None,
                  dependents: Iterable[Any] = (), income: Iterable[Any] = (), expenses: Iterable[Any] = (),
                  assets: Iterable[Any] = (), debts: Iterable[Any] = (), comments: Any = None) -> dict[str, Any]:
    """A party's finances (the case file's ``finances``) from the fee-waiver answers.

    ``dependents``: items with .relationship and .age; ``income``: items with .source, .amount and
    .description (optional); ``expenses`` and ``debts``: .kind, .amount, .description; ``assets``:
    .kind, .value, .description. The employer is given when the person works, with its address
    when the street, city and ZIP are all answered; the spouse's name and work when married."""
    household: dict[str, Any] = {"employment": employment, "marital_status": marital_status}
    if birth_date:
        household["date_of_birth"] = as_date(birth_date).isoformat()
    if employment != "not_employed" and _text(employer_name):
        employer: dict[str, Any] = {"name": _text(employer_name)}
        if _text(employer_street) and _text(employer_city) and _text(employer_zip):
            employer["address"] = {"street": _text(employer_street), "city": _text(employer_city),
                                   "state": (_text(employer_state) or STATE).upper(), "zip": _text(employer_zip)}
        household["employer"] = employer
    if marital_status == "married":
        if _text(spouse_name):
            household["spouse_name"] = _text(spouse_name)
        if spouse_employed not in (None, ""):  # "": the question was not shown
            household["spouse_employed"] = bool(spouse_employed)
    household["dependents"] = [{"relationship": _text(d.relationship), "age": str(int(d.age))} for d in dependents]

    def entries(items: Iterable[Any], kind: str, figure: str) -> list[dict[str, Any]]:
        out = []
        for item in items:
            entry = {kind: getattr(item, kind), figure: money(getattr(item, figure))}
            description = _text(_value(item, "description"))
            if description:
                entry["description"] = description
            out.append(entry)
        return out

    data: dict[str, Any] = {"household": household, "income": entries(income, "source", "amount"),
                            "expenses": entries(expenses, "kind", "amount"), "assets": entries(assets, "kind", "value"),
                            "debts": entries(debts, "kind", "amount")}
    if _text(comments):
        data["comments"] = " ".join(str(comments).split())
    return data


def judgment_data(entered: Any, principal: Any, court_costs: Any, winner: str, loser: str,
                  interest_rate: Any = None, statutory: bool = True) -> dict[str, Any]:
    """The case file's judgment: its date and amounts, for ``winner`` against ``loser``, and its
    interest rate when the court set one (else, with ``statutory``, the statutory rate named)."""
    judgment: dict[str, Any] = {"entered": as_date(entered).isoformat(), "principal": money(principal),
                                "court_costs": money(court_costs or 0), "in_favor_of": winner, "against": [loser]}
    if interest_rate not in (None, ""):
        judgment["interest"] = {"rate_percent": str(interest_rate), "basis": "set_by_court"}
    elif statutory:
        judgment["interest"] = {"basis": "statutory"}
    return judgment


def appeal_data(appellant: str, appellee: str, *, fee_waiver: bool, appealed_before: bool, oral_argument: bool,
                notice_filed: Any, prior_appeal_review: str | None, facts: Iterable[Any], points: Iterable[Any],
                relief: str | None, statement_filed: Any = None) -> dict[str, Any]:
    """The case file's appeal part: who appeals whom, the dates filed, and the Statement's parts."""
    appeal: dict[str, Any] = {"appellant": appellant, "appellee": appellee, "fee_waiver": bool(fee_waiver),
                              "appealed_before": bool(appealed_before), "oral_argument": bool(oral_argument)}
    if notice_filed:
        appeal["notice_filed"] = as_date(notice_filed).isoformat()
    if statement_filed:
        appeal["statement_filed"] = as_date(statement_filed).isoformat()
    if appealed_before and _text(prior_appeal_review):
        appeal["prior_appeal_review"] = _text(prior_appeal_review)
    appeal.update(statement_data(facts, points, relief))
    return appeal


def service_data(method: Any, day: Any) -> dict[str, Any] | None:
    """The case file's service part, when both the method and the date are given."""
    return {"method": method, "date": as_date(day).isoformat()} if method and day else None


def statement_data(facts: Iterable[Any], points: Iterable[Any], relief: Any) -> dict[str, Any]:
    """The Statement's (or Counterstatement's) parts of a case file's appeal: the facts with their
    record places, the argument points with their citations (one per line), the relief; each only
    when given."""
    data: dict[str, Any] = {}
    statement = [{"text": _text(_value(f, "text")), **({"record": _text(_value(f, "record"))} if _text(_value(f, "record")) else {})}
                 for f in facts]  # a fact without its place in the record yet: the paper leaves a blank
    if statement:
        data["statement_of_case"] = statement
    argument = []
    for point in points:
        item: dict[str, Any] = {"text": _text(_value(point, "text"))}
        if _text(_value(point, "heading")):
            item["heading"] = _text(_value(point, "heading"))
        citations = [line.strip() for line in str(_value(point, "citations") or "").splitlines() if line.strip()]
        if citations:
            item["citations"] = citations
        argument.append(item)
    if argument:
        data["argument"] = argument
    if _text(relief):
        data["relief"] = _text(relief)
    return data


def with_signature(data: dict[str, Any], signature: Any, party_id: str = APPELLANT) -> dict[str, Any]:
    """``data`` with the drawn signature (a DAFile of the picture) of the party ``party_id``, or
    unchanged when there is none (the papers then carry only the typed "/s/ Name")."""
    path = file_path(signature)
    if not path:
        return data
    import copy
    signed = copy.deepcopy(data)
    for party in signed["parties"]:
        if party["id"] == party_id:
            party["signature_image"] = path
    return signed


def typed_words(facts: Iterable[Any] = (), points: Iterable[Any] = (), relief: Any = None) -> int:
    """The words typed into a Statement of Appeal so far: each fact with its place in the record,
    each reason with its heading and citations, and the relief (items not finished are skipped)."""
    typed: list[Any] = []
    for fact in facts:
        typed += [_value(fact, "text"), _value(fact, "record")]
    for point in points:
        typed += [_value(point, "heading"), _value(point, "text"), _value(point, "citations")]
    return words(typed, relief)


def file_path(upload: Any) -> str | None:
    """The file on disk behind a docassemble upload (DAFileList or DAFile), or None."""
    if upload is None or upload is False:
        return None
    items = list(upload) if hasattr(upload, "__iter__") and not isinstance(upload, (str, bytes)) else [upload]
    for item in items:
        if hasattr(item, "path"):
            return str(item.path())
    return None


def check_case(data: dict[str, Any]) -> Case:
    """The case the engine builds from ``data``, after its schema and consistency checks;
    CaseProblems (each problem naming the case-file field) when they fail."""
    problems = validate(data)
    if problems:
        raise CaseProblems(problems)
    try:
        return case_from_data(data)
    except InputError as exc:
        raise CaseProblems(exc.problems) from None


# --- figures ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Window:
    """A deadline as an interview shows it: the last day, the days left, and the rule."""
    key: str
    due: date
    days_left: int  # 0 on the last day itself; negative once it has passed
    rule: str
    explanation: str
    summary: str

    @property
    def open(self) -> bool:
        return self.days_left >= 0


def deadline(key: str, facts: dict[str, Any], today: Any) -> Window:
    """The deadline ``key`` (as in rules/ky/deadlines.yml) counted by the engine from ``facts``
    (fact name -> date), with the days left from ``today``."""
    report = compute_deadlines(STATE, {name: as_date(day) for name, day in facts.items() if day})
    found = next((d for d in report.deadlines if d.key == key), None)
    if found is None:
        raise KeyError(f"no deadline {key!r} from the facts {sorted(facts)}")
    return Window(key, found.date, (found.date - as_date(today)).days, found.rule, found.explanation, found.summary)


def deadline_days(key: str) -> int:
    """How many days the deadline ``key`` gives (rules/ky/deadlines.yml), for the words that name it."""
    entry = next(e for e in rules.load(STATE, "deadlines")["deadlines"] if e["key"] == key)
    return int(entry.get("days", entry.get("days_before", 0)))


def appeal_window(entered: Any, today: Any) -> Window:
    """The last day to file a Notice of Appeal from a judgment entered on ``entered``."""
    return deadline("notice_of_appeal_due", {"entered": entered}, today)


def statement_window(entered: Any, notice_filed: Any, today: Any) -> Window:
    """The last day to file the Statement of Appeal after the Notice filed on ``notice_filed``."""
    return deadline("statement_of_appeal_due", {"entered": entered, "notice_of_appeal_filed": notice_filed}, today)


def balance_today(data: dict[str, Any], today: Any) -> Any:
    """The engine's balance of the judgment on ``today`` (interest, court costs, payments, costs)."""
    from .case_report import balance_for
    return balance_for(check_case(data), as_of_date(today))


def wage_limit(disposable: Any, period: str) -> Any:
    """The engine's wage-garnishment limit for one pay period (wage_garnishment.garnishment_limit)."""
    from .wage_garnishment import garnishment_limit
    return garnishment_limit(STATE, Decimal(money(disposable)), period)


def wage_over_limit(disposable: Any, period: str, withheld: Any) -> Decimal:
    """What is withheld from one paycheck beyond the law's limit, or 0 (the engine's figure)."""
    return wage_limit(disposable, period).over_limit(Decimal(money(withheld)))


def dollars(amount: Any, down: bool = False) -> str:
    """An amount as the papers print it, "$1,234.50": rounded half-up, or down for a legal limit
    (rounding it up could allow more than the law does)."""
    from .values import grouped_money, grouped_money_down
    return "$" + (grouped_money_down if down else grouped_money)(Decimal(money(amount)) if not isinstance(amount, Decimal) else amount)


def fee(key: str, county: str | None = None) -> Fee:
    """A Kentucky fee from rules/ky/fees.yml, the county's own figure where the data has one."""
    return packet_fee(STATE, key, county)


@dataclass(frozen=True)
class LengthLimit:
    max_words: int
    max_pages: int
    rule: str


def length_limit(document: str) -> LengthLimit:
    """The length limit of a pleading (rules/ky/pleadings.yml)."""
    limit = rules.load(STATE, "pleadings")["length"][document]
    return LengthLimit(int(limit["max_words"]), int(limit["max_pages"]), limit["rule"])


def pleading_words(case: Case, document: str, as_of: Any) -> int:
    """The words of ``document``'s body for ``case``, as the engine counts them against the limit."""
    from .pleadings import render_pleading
    return render_pleading(document, case, as_of_date(as_of)).pleading.words()


def as_of_date(value: Any) -> date:
    return as_date(value) if value is not None else date.today()


# --- papers ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PacketFiles:
    """A packet folder written by the engine, as an interview offers it."""
    folder: Path
    files: dict[str, Path]  # name -> path: court-packet.pdf, user-packet.pdf, deadlines.ics, *.docx, manifest.json
    title: str
    court: list[str]  # titles of the papers filed or served (the court's copy)
    documents: list[dict[str, Any]]  # the manifest's documents
    warnings: list[str]
    not_yet: list[dict[str, Any]]
    signing: Signing  # which papers carry the signature, which are signed by hand (and sworn)

    def path(self, name: str) -> Path | None:
        return self.files.get(name)

    @property
    def word_copies(self) -> list[Path]:
        return [p for name, p in self.files.items() if name.endswith(".docx")]


def make_packet(data: dict[str, Any], as_of: Any, folder: Any = None, step: str | None = None,
                cache: Any = None) -> PacketFiles:
    """The packet for the case ``data`` describes, for its next step (or ``step``) on ``as_of``,
    written into ``folder`` (a new temporary folder by default) as the ``assemble`` command writes
    it, with the case file beside it as case.json. Official forms are filled from the forms cache
    (``cache``, else $SMALLCLAIMS_FORMS_DIR, else the user's cache folder)."""
    import json

    from .form_cache import cache_dir
    from .packet_assembly import assemble
    from .packet_folder import inputs_fingerprint, packet_files, write_packet
    case = check_case(data)
    day = as_of_date(as_of)
    cache_path = cache_dir(cache)
    packet = assemble(case, day, cache_path, step)
    case_text = (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    files = packet_files(packet, inputs_fingerprint(case_text, day, step, cache_path))
    files = {**files, "case.json": case_text}
    target = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="scc-packet-")) / "packet"
    write_packet(files, target, force=True)
    manifest = json.loads(files["manifest.json"])
    return PacketFiles(target, {name: target / name for name in files}, manifest["packet"]["title"],
                       [d.title for d in packet.court], manifest["documents"], list(packet.warnings),
                       manifest["packet"]["not_yet"], packet.signing)


def document_file(name: str, path: Any, filename: str | None = None) -> Any:
    """A docassemble DAFile holding a copy of ``path`` (imports docassemble: interviews only)."""
    from docassemble.base.util import DAFile  # noqa: PLC0415 - docassemble only inside a server or the harness
    copy = DAFile(name)
    copy.initialize(filename=filename or Path(path).name)
    copy.copy_into(str(path))
    copy.commit()
    return copy


MIMETYPES = {"pdf": "application/pdf",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def offered_document(name: str, path: Any, title: str, filename: str, description: str = "") -> Any:
    """A docassemble DAFileCollection for an ``attachment code`` block: one file offered for
    download and email under ``title`` (imports docassemble: interviews only)."""
    from docassemble.base.util import DAFileCollection  # noqa: PLC0415
    extension = Path(path).suffix.lstrip(".").lower()
    collection = DAFileCollection(name)
    setattr(collection, extension, document_file(f"{name}.{extension}", path, f"{filename}.{extension}"))
    # docassemble's "E-mail these documents" and "Download all" look up each format's mimetype and
    # extension here; without them the e-mail button raised KeyError: 'pdf'
    mimetype = MIMETYPES.get(extension, "application/octet-stream")
    collection.info = {"name": title, "filename": filename, "description": description,
                       "formats": [extension], "valid_formats": [extension],
                       "mimetype": {extension: mimetype}, "extension": {extension: extension}}
    return collection
