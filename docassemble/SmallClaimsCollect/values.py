"""Parsing and printing the values people type: dates, amounts, percentages.

Every parser names the field in its error, says what is wrong and what is expected.
Amounts are Decimal throughout; rounding to cents (half-up) happens only when printed.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import InputError

CENT = Decimal("0.01")
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_AMOUNT_RE = re.compile(r"^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d{1,2})?$")
_PERCENT_RE = re.compile(r"^\d+(?:\.\d+)?$")


def parse_date(text: object, field: str) -> date:
    """A calendar date written YYYY-MM-DD; impossible dates (2025-02-30) are refused."""
    if isinstance(text, date):
        return text
    raw = str(text).strip()
    match = _DATE_RE.match(raw)
    if not match:
        raise InputError.one(field, f"{raw!r} is not a date; expected YYYY-MM-DD, like 2026-03-02")
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise InputError.one(field, f"{raw} is not a real date: there is no month {month}")
    last = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if year < 1 or not 1 <= day <= last:
        month_name = calendar.month_name[month]
        raise InputError.one(field, f"{raw} is not a real date: {month_name} {year} has {last} days")
    return date(year, month, day)


def parse_amount(text: object, field: str) -> Decimal:
    """A dollar amount, zero or more, with at most two decimals ("1850", "1,850.00", "$75.5")."""
    raw = str(text).strip()
    plain = raw[1:].strip() if raw.startswith("$") else raw
    if plain.startswith("-"):
        raise InputError.one(field, f"{raw} is negative; expected an amount of zero or more, like 1850.00")
    if not _AMOUNT_RE.match(plain):
        if re.match(r"^\d+\.\d{3,}$", plain):
            raise InputError.one(field, f"{raw} has more than two decimals; expected dollars and cents, like 1850.00")
        raise InputError.one(field, f"{raw!r} is not an amount; expected dollars and cents, like 1850.00")
    try:
        return Decimal(plain.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise InputError.one(field, f"{raw!r} is not an amount; expected dollars and cents, like 1850.00")


def parse_percent(text: object, field: str, maximum: Decimal = Decimal("100")) -> Decimal:
    """A yearly percentage such as 6 or 4.25 (not 0.06)."""
    raw = str(text).strip().removesuffix("%").strip()
    if not _PERCENT_RE.match(raw):
        raise InputError.one(field, f"{text!r} is not a percentage; expected a number of percent, like 6 or 4.25")
    value = Decimal(raw)
    if value > maximum:
        raise InputError.one(field, f"{raw}% is more than {maximum}%; give the yearly rate in percent, like 6")
    return value


def parse_dated_amount(text: str, field: str) -> tuple[date, Decimal]:
    """DATE:AMOUNT, as in ``--payment 2026-04-01:250.00``."""
    day, sep, amount = str(text).partition(":")
    if not sep:
        raise InputError.one(field, f"{text!r} should be DATE:AMOUNT, like 2026-04-01:250.00")
    return parse_date(day, field), parse_amount(amount, field)


def money(amount: Decimal) -> str:
    """An amount as printed: two decimals, rounded half-up."""
    return str(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def grouped_money(amount: Decimal) -> str:
    """An amount as printed on papers: thousands separated, two decimals, half-up ("1,234.50")."""
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def long_date(day: date) -> str:
    """A date as written in a paper: "November 21, 2026"."""
    return f"{day:%B} {day.day}, {day.year}"


def money_down(amount: Decimal) -> str:
    """An amount as printed where rounding up would exceed a legal limit: two decimals, rounded down."""
    return str(amount.quantize(CENT, rounding=ROUND_DOWN))
