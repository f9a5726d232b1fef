"""Reading and checking a case file (YAML or JSON) against its published JSON Schema.

Every problem is reported at once, each naming the field by its path (``payments[1].date``),
the YAML line where it is, what is wrong and what is expected.
"""

from __future__ import annotations

import difflib
import json
import re
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import yaml
from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from .errors import InputError, Problem
from .values import cents, parse_date

SCHEMA_PATH = Path(__file__).parent / "data" / "schema" / "case-file.schema.json"


def schema() -> dict[str, Any]:
    """The case file's JSON Schema, as published."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def load_case_data(path: str | Path) -> dict[str, Any]:
    """Read, parse and validate a case file; the checked data, or InputError with every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError.one(str(path), "no such file") from None
    except (UnicodeDecodeError, IsADirectoryError) as exc:
        raise InputError.one(str(path), f"cannot be read as a UTF-8 text file ({exc.__class__.__name__})") from None
    return parse_case_text(text, is_json=path.suffix.lower() == ".json", name=str(path))


def parse_case_text(text: str, is_json: bool = False, name: str = "case file") -> dict[str, Any]:
    """Parse YAML or JSON text and validate it; the checked data, or InputError with every problem."""
    placeholder = None
    if "\x00" in text:  # parsed with a stand-in, so the problem can name the field that holds it
        placeholder = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in text)
        text = text.replace("\x00", placeholder)
    lines: dict[tuple, int] = {}
    try:
        if is_json:
            data = json.loads(text, parse_constant=_not_json_number, object_pairs_hook=_json_object)
        else:
            node = _compose(text)
            if node is None:  # nothing but comments and blank lines
                raise InputError.one(name, "is empty; a case file is a mapping of fields, like 'state: KY'")
            data = CaseLoader.construct_document_from(node)
            lines = _line_index(node)
    except json.JSONDecodeError as exc:
        raise InputError.one(name, f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except yaml.YAMLError as exc:
        raise InputError.one(name, f"is not valid YAML: {_yaml_reason(exc)}") from None
    except RecursionError:
        raise InputError.one(name, "is nested too deeply to be a case file") from None
    except InputError:
        raise
    except ValueError as exc:  # JSON: NaN, a key given twice, a number too long to convert
        reason = "a number has too many digits" if "integer string conversion" in str(exc) else str(exc)
        raise InputError.one(name, f"is not valid JSON: {reason}") from None
    if placeholder is not None:
        if not _holds(data, placeholder):  # the NUL is outside any value (a key, a comment)
            line = text[:text.index(placeholder)].count("\n") + 1
            raise InputError.one(name, f"contains a NUL byte (line {line}); save it as plain UTF-8 text")
        data = _restore(data, placeholder)
        lines = {tuple(_restore(part, placeholder) for part in key): line for key, line in lines.items()}
        # a NUL says the file is not the text it seems (a binary, or saved as UTF-16): that first
        raise InputError([Problem(_dotted(path), message, lines.get(path)) for path, message in _text_problems(data)])
    if not isinstance(data, dict):
        raise InputError.one(name, "must be a mapping of fields (like 'state: KY'), not a list or a single value")
    problems = validate(data, lines)
    if problems:
        raise InputError(problems)
    return data


def _not_json_number(constant: str) -> Any:
    raise ValueError(f"{constant} is not a number JSON allows")


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object; a key given twice is an error, as it is in YAML (json would keep the last)."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise ValueError(f"the key {key!r} appears twice in one object")
        data[key] = value
    return data


def _holds(data: Any, char: str) -> bool:
    if isinstance(data, str):
        return char in data
    if isinstance(data, dict):
        return any(_holds(k, char) or _holds(v, char) for k, v in data.items())
    return isinstance(data, list) and any(_holds(v, char) for v in data)


def _restore(data: Any, placeholder: str) -> Any:
    """``data`` with the stand-in turned back into the NUL it replaced, in every value and key."""
    if isinstance(data, str):
        return data.replace(placeholder, "\x00")
    if isinstance(data, dict):
        return {_restore(k, placeholder): _restore(v, placeholder) for k, v in data.items()}
    if isinstance(data, list):
        return [_restore(v, placeholder) for v in data]
    return data


def validate(data: dict[str, Any], lines: dict[tuple, int] | None = None) -> list[Problem]:
    """Every problem with the case data: schema first, then the facts against each other."""
    lines = lines or {}
    problems = [_problem(error, lines) for error in _validator().iter_errors(data)]
    problems += [Problem(_dotted(path), message, lines.get(path)) for path, message in _text_problems(data)]
    problems += [Problem(p.field, p.message, lines.get(_path_key(p.field))) for p in check_facts(data)]
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.line or 0, _sort_key(p.field)))


# --- YAML: dates and numbers stay text until the schema has checked them -------------------
class CaseLoader(yaml.SafeLoader):
    """YAML without surprises: '02108' stays a ZIP code, 2026-03-02 stays text until checked,
    only true/false are booleans (a person named 'Yes' stays 'Yes'), and duplicate keys are errors."""

    @classmethod
    def construct_document_from(cls, node: yaml.Node | None) -> Any:
        if node is None:
            return None
        return cls("").construct_document(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, (str, int, float, bool)) and key is not None:  # '? [a]' makes a list a key
                raise yaml.constructor.ConstructorError(
                    None, None, "a field's name must be a plain word, not a list or a group of fields", key_node.start_mark)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice (first on line {seen[key]})", key_node.start_mark)
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


CaseLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                           "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CaseLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


class _FastComposer(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser and composer (when PyYAML has it), reading scalars as CaseLoader does."""

    yaml_implicit_resolvers = CaseLoader.yaml_implicit_resolvers


# Each collection a node is nested in starts with one of these: '[', '{', or a block indicator
# ('- ', '? ', ': ') followed by a space or a line end. Their count bounds the nesting depth.
STRUCTURE = re.compile(r"[\[{]|[-?:](?=[ \t\r\n]|\Z)")
FAST_NESTING = 300  # far below the depth at which the pure-Python composer runs out of stack


def _compose(text: str) -> yaml.Node | None:
    """The text's node tree. libyaml is used only where the text cannot nest deeper than FAST_NESTING
    (its composer recurses in C, and a file 50,000 levels deep crashes the process) and only where
    it succeeds; any other text goes to the pure-Python composer, which names what is wrong."""
    if len(STRUCTURE.findall(text)) < FAST_NESTING:
        try:
            return yaml.compose(text, Loader=_FastComposer)
        except (yaml.YAMLError, ValueError):  # ValueError: a lone surrogate cannot be encoded for libyaml
            pass
    return yaml.compose(text, Loader=CaseLoader)


def _yaml_reason(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    return f"{problem} (line {mark.line + 1}, column {mark.column + 1})" if mark else problem


def _line_index(node: yaml.Node, path: tuple = ()) -> dict[tuple, int]:
    """The line of every value in the YAML tree, keyed by its path."""
    index = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            index.update(_line_index(value_node, path + (key_node.value,)))
            index[path + (key_node.value,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            index.update(_line_index(item, path + (i,)))
    return index


# --- characters no paper can carry -------------------------------------------------------------------
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


def _text_problems(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Text values holding a character that no PDF, Word file or XML can carry: a NUL, another
    control character (tab and line breaks apart), half of a surrogate pair (JSON can write one
    as \\ud83d), or a noncharacter. Each is named with its field, and what to do about it."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _text_problems(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _text_problems(value, path + (i,))
    elif isinstance(data, str):
        found = _CONTROL.search(data)
        if found:
            char, at = found.group(), found.start() + 1
            if char == "\x00":
                what = "a NUL byte"
            elif "\ud800" <= char <= "\udfff":
                what = f"half of a surrogate pair (U+{ord(char):04X}), not a whole character"
            elif char in "\ufffe\uffff":
                what = f"U+{ord(char):04X}, which is not a character"
            else:
                what = f"the control character U+{ord(char):04X}"
            yield path, f"contains {what} at character {at}; remove it: it cannot be printed or saved in the papers"


# --- schema errors in plain words --------------------------------------------------------------
@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    checker = FormatChecker(formats=())
    checker.checks("date", raises=InputError)(lambda value: not isinstance(value, str) or bool(parse_date(value, "date")))
    checker.checks("cents")(_whole_cents)
    return Draft202012Validator(schema(), format_checker=checker)


def _whole_cents(value: Any) -> bool:
    """A number given as an amount has at most two decimals (text is checked by its pattern)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return True
    amount = Decimal(str(value))
    if not amount.is_finite():
        return False
    return amount == cents(amount)


def _problem(error: ValidationError, lines: dict[tuple, int]) -> Problem:
    path = tuple(error.absolute_path)
    expected = error.schema.get("x-expected") if isinstance(error.schema, dict) else None
    value = error.instance
    kind = error.validator
    if kind == "required":
        missing = re.match(r"'(.+?)' is a required property", error.message)
        name = missing.group(1) if missing else "?"
        sub = error.schema.get("properties", {}).get(name, {})
        what = sub.get("description") or _def_description(sub)
        return Problem(_dotted(path + (name,)), f"is missing; it is required{_workflow_reason(error)}" + (f" ({what})" if what else ""),
                       lines.get(path) if path else None)
    if kind == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        extras = [k for k in value if k not in known] if isinstance(value, dict) else []
        problems = []
        for extra in extras:
            close = difflib.get_close_matches(str(extra), known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known fields here: {', '.join(known)}"
            problems.append(f"{_shown(extra)} is not a field of this format{hint}")
        key = path + (extras[0],) if extras else path
        return Problem(_dotted(key), " / ".join(problems) or error.message, lines.get(key))
    if kind == "enum":
        options = [str(o) for o in error.validator_value]
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return Problem(_dotted(path), f"{value!r} is not allowed; expected one of: {', '.join(options)}{hint}", lines.get(path))
    if kind == "type":
        got = _type_name(value)
        return Problem(_dotted(path), f"is {got}; expected {expected or error.validator_value}", lines.get(path))
    if kind == "format" and isinstance(error.cause, InputError):
        return Problem(_dotted(path), error.cause.problems[0].message, lines.get(path))
    if kind in ("pattern", "format", "minimum", "maximum", "const"):
        shown = "blank" if isinstance(value, str) and not value.strip() else repr(value)
        return Problem(_dotted(path), f"{shown} is not valid; expected {expected or error.message}", lines.get(path))
    if kind in ("maxItems", "minItems"):
        limit = error.validator_value
        count = len(value) if isinstance(value, list) else 0
        if kind == "maxItems":
            return Problem(_dotted(path), f"has {_entries(count)}, {count - limit} more than the {limit} allowed", lines.get(path))
        return Problem(_dotted(path), f"has {_entries(count)}; at least {limit} are needed", lines.get(path))
    if kind == "uniqueItems":
        return Problem(_dotted(path), "lists the same entry twice", lines.get(path))
    return Problem(_dotted(path), error.message, lines.get(path))


def _entries(count: int) -> str:
    return f"{count} entry" if count == 1 else f"{count} entries"


def _workflow_reason(error: ValidationError) -> str:
    schema_path = list(error.absolute_schema_path)
    if schema_path[:1] == ["allOf"] and isinstance(error.instance, dict):
        return f" for the workflow '{error.instance.get('workflow')}'"
    return ""


def _def_description(sub: dict) -> str | None:
    ref = sub.get("$ref", "")
    if ref.startswith("#/$defs/"):
        return schema()["$defs"][ref.split("/")[-1]].get("description")
    return None


def _type_name(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return type(value).__name__


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        if type(part) is int:
            out += f"[{part}]"
        else:
            name = str(part) if isinstance(part, str) and _plain(part) else _shown(part)
            out += f".{name}" if out else name
    return out or "(top level)"


def _plain(text: str) -> bool:
    """Text that prints as itself on one line of a message: no control, format or unassigned
    characters, no line breaks, not blank."""
    return bool(text.strip()) and text.isprintable()


def _shown(value: Any) -> str:
    """A value in a message, quoted; characters that would not print as themselves are escaped."""
    return repr(value) if not isinstance(value, str) or not _plain(value) else f"'{value}'" if "'" not in value else repr(value)


def _path_key(field: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", field))


def _sort_key(field: str) -> tuple:
    return tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in _path_key(field))


# --- the facts against each other --------------------------------------------------------------
def check_facts(data: dict[str, Any]) -> list[Problem]:
    """What the schema cannot see: ids that point nowhere, dates out of order, roles in conflict."""
    problems: list[Problem] = []
    parties = [p for p in _list(data, "parties") if isinstance(p, dict)]
    ids = [p.get("id") for p in parties]
    for i, pid in enumerate(ids):
        if pid is not None and ids.index(pid) != i:
            problems.append(Problem(f"parties[{i}].id", f"{pid!r} is used by another party too; each party needs its own id"))
    known = {pid for pid in ids if isinstance(pid, str)}
    for i, party in enumerate(parties):
        roles = {r for r in party["roles"] if isinstance(r, str)} if isinstance(party.get("roles"), list) else set()
        for a, b in (("plaintiff", "defendant"), ("appellant", "appellee"), ("judgment_creditor", "judgment_debtor")):
            if {a, b} <= roles:
                problems.append(Problem(f"parties[{i}].roles", f"a party cannot be both {a} and {b}"))
        if party.get("finances") is not None and isinstance(data.get("filer"), str) and party.get("id") != data["filer"]:
            problems.append(Problem(f"parties[{i}].finances", "are the filer's own, sworn on the fee-waiver affidavit "
                                    f"(AOC-026), and this party is not the filer ({_shown(data['filer'])}): move them "
                                    "to the filer, or leave them out"))
    for field, value in _party_refs(data):
        if isinstance(value, str) and value not in known:
            close = difflib.get_close_matches(value, sorted(known), n=1)
            hint = f"; did you mean {_shown(close[0])}?" if close else f"; the parties' ids are: {', '.join(map(_shown, sorted(known)))}"
            problems.append(Problem(field, f"{value!r} is not the id of any party{hint}"))
    garnishee_ids = [g.get("id") for g in _list(data, "garnishees") if isinstance(g, dict)]
    for i, gid in enumerate(garnishee_ids):
        if gid is not None and (garnishee_ids.index(gid) != i or (isinstance(gid, str) and gid in known)):
            problems.append(Problem(f"garnishees[{i}].id", f"{gid!r} is already the id of another garnishee or a party; each needs its own id"))
    challenge = data.get("garnishment_challenge")
    if isinstance(challenge, dict) and isinstance(challenge.get("garnishee"), str) and challenge["garnishee"] not in garnishee_ids:
        problems.append(Problem("garnishment_challenge.garnishee", f"{challenge['garnishee']!r} is not the id of any garnishee"))
    problems += _date_order(data)
    return problems


def _party_refs(data: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    yield "filer", data.get("filer")
    judgment = data.get("judgment") if isinstance(data.get("judgment"), dict) else {}
    yield "judgment.in_favor_of", judgment.get("in_favor_of")
    for i, pid in enumerate(judgment.get("against") or [] if isinstance(judgment.get("against"), list) else []):
        yield f"judgment.against[{i}]", pid
    appeal = data.get("appeal") if isinstance(data.get("appeal"), dict) else {}
    yield "appeal.appellant", appeal.get("appellant")
    yield "appeal.appellee", appeal.get("appellee")


def _date_order(data: dict[str, Any]) -> list[Problem]:
    """Dates that cannot come before others: each pair is (later field, earlier field, why)."""
    def get(*keys: Any) -> date | None:
        value: Any = data
        for key in keys:
            if isinstance(key, int):
                value = value[key] if isinstance(value, list) and key < len(value) else None
            else:
                value = value.get(key) if isinstance(value, dict) else None
        try:
            return parse_date(value, "") if isinstance(value, str) else None
        except InputError:
            return None

    entered = get("judgment", "entered")
    pairs: list[tuple[str, date | None, str, date | None]] = []
    for i, _ in enumerate(_list(data, "payments")):
        pairs.append((f"payments[{i}].date", get("payments", i, "date"), "judgment.entered", entered))
        pairs.append((f"payments[{i}].check_issued", get("payments", i, "check_issued"), "judgment.entered", entered))
    for i, _ in enumerate(_list(data, "post_judgment_costs")):
        pairs.append((f"post_judgment_costs[{i}].date", get("post_judgment_costs", i, "date"), "judgment.entered", entered))
    for i, _ in enumerate(_list(data, "garnishees")):
        pairs.append((f"garnishees[{i}].order_served", get("garnishees", i, "order_served"), "judgment.entered", entered))
    pairs += [
        ("judgment.due_date", get("judgment", "due_date"), "judgment.entered", entered),
        ("appeal.notice_filed", get("appeal", "notice_filed"), "judgment.entered", entered),
        ("appeal.statement_filed", get("appeal", "statement_filed"), "appeal.notice_filed", get("appeal", "notice_filed")),
        ("appeal.counterstatement_filed", get("appeal", "counterstatement_filed"), "appeal.statement_filed", get("appeal", "statement_filed")),
        ("interrogatories.sent", get("interrogatories", "sent"), "judgment.entered", entered),
        ("interrogatories.received", get("interrogatories", "received"), "interrogatories.sent", get("interrogatories", "sent")),
        # without the date before it, the date is still checked against the judgment's
        ("interrogatories.received", get("interrogatories", "received"), "judgment.entered",
         entered if get("interrogatories", "sent") is None else None),
        ("execution.issued", get("execution", "issued"), "judgment.entered", entered),
        ("execution.served", get("execution", "served"), "execution.issued", get("execution", "issued")),
        ("execution.served", get("execution", "served"), "judgment.entered", entered if get("execution", "issued") is None else None),
    ]
    return [Problem(later, f"{later_date.isoformat()} is before {earlier} ({earlier_date.isoformat()}); it cannot come earlier")
            for later, later_date, earlier, earlier_date in pairs
            if later_date and earlier_date and later_date < earlier_date]


def _list(data: dict[str, Any], key: str) -> list:
    value = data.get(key)
    return value if isinstance(value, list) else []
