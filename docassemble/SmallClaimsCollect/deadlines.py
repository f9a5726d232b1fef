"""Deadlines counted from the facts of a case, each with the rule it rests on.

What to count, from which fact, and under which rule is data (``rules/<state>/deadlines.yml``);
this module only counts, checks the facts against each other and explains the result.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from . import rules
from .court_calendar import CountedDate, CourtCalendar
from .errors import InputError, Problem


@dataclass(frozen=True)
class Deadline:
    key: str
    title: str
    kind: str  # due | earliest | until
    date: date
    rule: str
    explanation: str  # what to do, and how the date was counted
    note: str | None = None
    summary: str = ""  # what to do, in a sentence (the explanation without the counting)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        if self.note is None:
            del data["note"]
        return data


@dataclass(frozen=True)
class DeadlineReport:
    state: str
    deadlines: list[Deadline]
    warnings: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {"state": self.state, "deadlines": [d.as_dict() for d in self.deadlines], "warnings": self.warnings}


def fact_options(state: str) -> dict[str, str]:
    """Each starting fact of a state's deadlines and its command-line option."""
    return {name: spec["option"] for name, spec in rules.load(state, "deadlines")["facts"].items()}


def compute_deadlines(state: str, facts: dict[str, date]) -> DeadlineReport:
    """Every deadline whose starting fact is given. Facts out of order are refused, all at once."""
    calendar = CourtCalendar(state)
    data = rules.load(calendar.state, "deadlines")
    specs = data["facts"]
    _check_facts(facts, specs)
    deadlines: list[Deadline] = []
    warnings: list[str] = []
    for entry in data["deadlines"]:
        start = facts.get(entry["from"])
        if start is None:
            continue
        label = specs[entry["from"]]["label"]
        counted, how = _count(calendar, entry, start, label)
        note = None
        if counted.half_day:
            note = f"{_long(counted.date)} is {counted.half_day}, a half day: the clerk's office closes at noon."
        explanation = f"{entry['explanation']} {how}"
        deadlines.append(Deadline(entry["key"], entry["title"], entry["kind"], counted.date, entry["rule"], explanation, note,
                                  entry["explanation"]))
        checked = entry.get("checked_by")
        if checked and checked in facts:
            warning = _late_or_early(entry, counted.date, facts[checked], specs[checked]["label"])
            if warning:
                warnings.append(warning)
    return DeadlineReport(calendar.state, deadlines, warnings)


def _check_facts(facts: dict[str, date], specs: dict[str, dict]) -> None:
    problems = [Problem(name, f"is not a fact these deadlines use; known: {', '.join(specs)}")
                for name in facts if name not in specs]
    if not facts:
        problems.append(Problem("facts", f"give at least one date: {', '.join(s['option'] for s in specs.values())}"))
    for name, day in facts.items():
        earlier = specs.get(name, {}).get("not_before")
        if earlier and earlier in facts and day < facts[earlier]:
            problems.append(Problem(
                specs[name]["option"],
                f"{day.isoformat()} is before {specs[earlier]['option']} {facts[earlier].isoformat()}: "
                f"{specs[name]['label']} cannot come before {specs[earlier]['label']}"))
    if problems:
        raise InputError(problems)


def _count(calendar: CourtCalendar, entry: dict, start: date, label: str) -> tuple[CountedDate, str]:
    if "years" in entry:
        counted = calendar.years_after(start, entry["years"])
        how = f"Counted {entry['years']} years from the day {label}, {_long(start)}."
        return counted, how + _moved(counted, "next")
    if "days_before" in entry:
        days = entry["days_before"]
        counted = calendar.days_before(start, days)
        how = f"Counted back {days} {_unit(days)} from {label}, {_long(start)}, not counting that day."
        return counted, how + _moved(counted, "previous")
    days = entry["days"]
    counted = calendar.days_after(start, days)
    how = f"Counted {days} {_unit(days)} after the day {label}, {_long(start)}, not counting that day."
    return counted, how + _moved(counted, "next")


def _unit(days: int) -> str:
    if days < 7:
        return "court days (periods under 7 days skip weekends and court holidays)"
    return "calendar days"


def _moved(counted: CountedDate, direction: str) -> str:
    if counted.counted_to == counted.date:
        return ""
    return (f" That day, {_long(counted.counted_to)}, is {counted.moved_because}, "
            f"so the date moves to the {direction} court day.")


def _late_or_early(entry: dict, limit: date, actual: date, label: str) -> str | None:
    gap = (actual - limit).days
    if entry["kind"] == "due" and gap > 0:
        return (f"{entry['title']} was {_long(limit)}, but {label} on {_long(actual)}, "
                f"{gap} day{'s' if gap != 1 else ''} late ({entry['rule']}).")
    if entry["kind"] == "earliest" and gap < 0:
        return (f"{entry['title']} is {_long(limit)}, but {label} on {_long(actual)}, "
                f"{-gap} day{'s' if gap != -1 else ''} too early ({entry['rule']}).")
    return None


def _long(day: date) -> str:
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"
