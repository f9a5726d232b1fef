"""The court calendar: holidays from data, and counting time (RAP 6(A); CR 6.01; KRS 446.030)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from docassemble.SmallClaimsCollect import rules
from docassemble.SmallClaimsCollect.court_calendar import CourtCalendar, anniversary, pattern_closures

KY = CourtCalendar("KY")

# The full-day closures the issue seeds, from the Kentucky Court of Justice calendar.
SEEDED = {
    2025: ["01-01", "01-20", "05-26", "07-04", "09-01", "11-11", "11-27", "11-28", "12-24", "12-25", "12-31"],
    2026: ["01-01", "01-19", "05-25", "07-03", "09-07", "11-11", "11-26", "11-27", "12-24", "12-25", "12-31"],
}


@pytest.mark.parametrize("year", sorted(SEEDED))
def test_seeded_closures_are_exactly_the_published_list(year):
    assert sorted(KY.closures(year)) == [date.fromisoformat(f"{year}-{md}") for md in SEEDED[year]]


@pytest.mark.parametrize("year", sorted(SEEDED))
def test_pattern_reproduces_the_published_years(year):
    # Later years follow the same pattern; it must agree with the years that were published.
    pattern = rules.load("KY", "holidays")["pattern"]
    computed = sorted(day for day in pattern_closures(pattern, year) if day.year == year)
    assert computed == sorted(KY.closures(year))


def test_saturday_and_sunday_holidays_move_and_do_not_collide():
    # 2027: Christmas Day is a Saturday, kept on Friday the 24th, which is Christmas Eve,
    # so one of them moves to Thursday the 23rd; likewise New Year's Day 2028 (Saturday).
    closed = KY.closures(2027)
    assert {date(2027, 12, 23), date(2027, 12, 24), date(2027, 12, 30), date(2027, 12, 31)} <= set(closed)
    assert date(2027, 7, 5) in closed  # Independence Day on a Sunday is kept on Monday
    # 2028: Christmas Eve is a Sunday; Monday is Christmas Day, so it moves to Tuesday.
    assert {date(2028, 12, 25), date(2028, 12, 26)} <= set(KY.closures(2028))
    assert date(2028, 11, 10) in KY.closures(2028)  # Veterans Day on a Saturday, kept Friday


def test_good_friday_is_open_for_counting_but_named():
    good_friday = date(2026, 4, 3)
    assert KY.is_court_day(good_friday)
    assert KY.half_day_name(good_friday) == "Good Friday"
    assert KY.half_day_name(date(2026, 4, 2)) is None


def test_period_of_seven_days_or_more_counts_calendar_days_and_moves_forward():
    # RAP 6(A): 10 days from Tuesday 2025-11-17 reach Thanksgiving (11-27); the day after is
    # also closed, then a weekend: the last day is Monday 2025-12-01.
    counted = KY.days_after(date(2025, 11, 17), 10)
    assert counted.counted_to == date(2025, 11, 27)
    assert counted.date == date(2025, 12, 1)
    assert counted.moved_because == "Thanksgiving Day (a court holiday)"


def test_period_under_seven_days_counts_court_days_only():
    # CR 6.01: 5 days from Friday 2026-11-06 skip the weekend and Veterans Day (Wed 11-11):
    # Mon 9, Tue 10, Thu 12, Fri 13, Mon 16.
    assert KY.days_after(date(2026, 11, 6), 5).date == date(2026, 11, 16)


def test_at_least_days_before_counts_backward_and_moves_earlier():
    # 7 days before Monday 2026-01-26 is MLK Day (01-19): the last day is Friday 01-16.
    counted = KY.days_before(date(2026, 1, 26), 7)
    assert (counted.counted_to, counted.date) == (date(2026, 1, 19), date(2026, 1, 16))
    # 5 court days before Tuesday 2026-11-17: Mon 16, Fri 13, Thu 12, (Veterans Day), Tue 10, Mon 9.
    assert KY.days_before(date(2026, 11, 17), 5).date == date(2026, 11, 9)


def test_years_after_uses_february_28_for_a_leap_day_and_moves_to_a_court_day():
    assert anniversary(date(2028, 2, 29), 15) == date(2043, 2, 28)
    # 2043-02-28 is a Saturday: KRS 413.090's 15 years end on Monday 2043-03-02.
    assert KY.years_after(date(2028, 2, 29), 15).date == date(2043, 3, 2)


def test_deployer_edits_to_the_holiday_data_take_effect(tmp_path, monkeypatch):
    data = rules.load("KY", "holidays")
    data["closures"][2026].append({"date": date(2026, 3, 12), "name": "Weather closing"})
    (tmp_path / "ky").mkdir()
    (tmp_path / "ky" / "holidays.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setenv(rules.OVERRIDE_ENV, str(tmp_path))
    edited = CourtCalendar("KY")
    assert not edited.is_court_day(date(2026, 3, 12))
    assert edited.days_after(date(2026, 3, 2), 10).date == date(2026, 3, 13)


starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2045, 12, 31))


@settings(max_examples=300, deadline=None)
@given(start=starts, days=st.integers(min_value=1, max_value=400))
def test_every_computed_date_is_a_court_day(start, days):
    for counted in (KY.days_after(start, days), KY.days_before(start, days), KY.years_after(start, days % 20 + 1)):
        assert KY.is_court_day(counted.date)


@settings(max_examples=300, deadline=None)
@given(start=starts, days=st.integers(min_value=7, max_value=400))
def test_long_periods_end_on_the_first_court_day_on_or_after_the_count(start, days):
    counted = KY.days_after(start, days)
    assert counted.counted_to == start + timedelta(days=days)
    assert counted.date >= counted.counted_to
    gap = (counted.date - counted.counted_to).days
    assert all(not KY.is_court_day(counted.counted_to + timedelta(days=i)) for i in range(gap))


@settings(max_examples=200, deadline=None)
@given(start=starts, days=st.integers(min_value=1, max_value=6))
def test_short_periods_contain_exactly_that_many_court_days(start, days):
    end = KY.days_after(start, days).date
    between = [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(KY.is_court_day(d) for d in between) == days
