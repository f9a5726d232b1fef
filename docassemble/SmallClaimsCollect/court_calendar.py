"""Court days and counting time (RAP 6(A); CR 6.01; KRS 446.030), from editable holiday data.

The day of the event is not counted. Periods of 7 days or more run in calendar days and a
last day that is not a court day moves to the next court day; shorter periods count court
days only. "At least N days before" counts backward the same way, moving earlier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter

from . import rules

SHORT_PERIOD = 7  # periods under this many days count court days only
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class CountedDate:
    """A date reached by counting, and why it differs from the plain count, if it does."""

    date: date
    counted_to: date  # the day the count itself reached, before any move to a court day
    moved_because: str | None  # what the counted-to day was: "a Saturday", "Christmas Day (a court holiday)"
    half_day: str | None  # the half-day closure the date falls on, if any (open for counting)


class CourtCalendar:
    """The court days of one state, from its holidays data file."""

    def __init__(self, state: str):
        self.state = rules.check_state(state)
        data = rules.load(self.state, "holidays")
        self.source: str = data["source"]
        self._explicit = {int(year): {entry["date"]: entry["name"] for entry in entries}
                          for year, entries in (data.get("closures") or {}).items()}
        self._pattern = data.get("pattern") or []
        self._half_days = data.get("half_days") or []
        self._computed: dict[int, dict[date, str]] = {}

    # --- which days are closed -------------------------------------------------------------
    def closures(self, year: int) -> dict[date, str]:
        """Full-day closures in a year: the data's list for that year, else the pattern's."""
        if year in self._explicit:
            return self._explicit[year]
        if year not in self._computed:
            self._computed[year] = {day: name for day, name in pattern_closures(self._pattern, year).items()
                                    if day.year == year}
        return self._computed[year]

    def holiday_name(self, day: date) -> str | None:
        return self.closures(day.year).get(day)

    def half_day_name(self, day: date) -> str | None:
        for entry in self._half_days:
            if easter(day.year) + timedelta(days=entry["easter_offset"]) == day:
                return entry["name"]
        return None

    def closed_reason(self, day: date) -> str | None:
        """Why a day is not a court day ("a Saturday", "Labor Day (a court holiday)"), or None."""
        if day.weekday() >= 5:
            return f"a {day:%A}"
        name = self.holiday_name(day)
        return f"{name} (a court holiday)" if name else None

    def is_court_day(self, day: date) -> bool:
        return self.closed_reason(day) is None

    # --- counting ----------------------------------------------------------------------------
    def days_after(self, start: date, days: int) -> CountedDate:
        """The last day of a period of ``days`` after ``start`` (start not counted)."""
        if days < SHORT_PERIOD:
            return self._count_court_days(start, days, ONE_DAY)
        return self._settle(start + timedelta(days=days), ONE_DAY)

    def days_before(self, event: date, days: int) -> CountedDate:
        """The last day to act "at least ``days`` days before" ``event``."""
        if days < SHORT_PERIOD:
            return self._count_court_days(event, days, -ONE_DAY)
        return self._settle(event - timedelta(days=days), -ONE_DAY)

    def years_after(self, start: date, years: int) -> CountedDate:
        """The anniversary ``years`` later (29 February falls on 28 February), moved to a court day."""
        return self._settle(anniversary(start, years), ONE_DAY)

    def _settle(self, counted_to: date, step: timedelta) -> CountedDate:
        day = counted_to
        while not self.is_court_day(day):
            day += step
        return CountedDate(day, counted_to, self.closed_reason(counted_to), self.half_day_name(day))

    def _count_court_days(self, start: date, days: int, step: timedelta) -> CountedDate:
        day, counted = start, 0
        while counted < days:
            day += step
            if self.is_court_day(day):
                counted += 1
        return CountedDate(day, day, None, self.half_day_name(day))


def anniversary(start: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def pattern_closures(pattern: list[dict], year: int) -> dict[date, str]:
    """Closures the pattern gives around ``year`` (the year before and after included, since
    a Saturday New Year's Day is kept on 31 December of the year before).

    Holidays on weekdays are placed first; then each weekend holiday moves (Saturday to the
    Friday before, Sunday to the Monday after), further the same way past any weekday that
    is already a holiday.
    """
    raw: list[tuple[date, str]] = []
    for y in (year - 1, year, year + 1):
        by_name: dict[str, date] = {}
        for entry in pattern:
            day = _pattern_date(entry, y, by_name)
            by_name[entry["name"]] = day
            raw.append((day, entry["name"]))
    placed: dict[date, str] = {day: name for day, name in raw if day.weekday() < 5}
    for day, name in raw:
        if day.weekday() < 5:
            continue
        step = -ONE_DAY if day.weekday() == 5 else ONE_DAY
        observed = day + step
        while observed in placed or observed.weekday() >= 5:
            observed += step
        placed[observed] = f"{name} (observed)"
    return placed


def _pattern_date(entry: dict, year: int, earlier: dict[str, date]) -> date:
    if "fixed" in entry:
        return date(year, entry["fixed"]["month"], entry["fixed"]["day"])
    if "nth" in entry:
        spec = entry["nth"]
        return nth_weekday(year, spec["month"], WEEKDAYS.index(spec["weekday"]), spec["n"])
    if "after" in entry:
        return earlier[entry["after"]["holiday"]] + timedelta(days=entry["after"]["days"])
    raise ValueError(f"holiday pattern entry {entry.get('name')!r} needs fixed, nth or after")


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday of a month (n = -1 for the last)."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = (date(year + month // 12, month % 12 + 1, 1)) - ONE_DAY
    return last - timedelta(days=(last.weekday() - weekday) % 7)
