"""Parsing and printing the values people type: dates, amounts, percentages.

Every parser names the field in its error, says what is wrong and what is expected.
Amounts are Decimal throughout; rounding to cents (half-up) happens only when printed.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, InvalidOperation

from .errors import InputError

CENT = Decimal("0.01")
# Dates the engine can count from: deadlines run up to 15 years past a date and the court
# calendar needs each year's holidays, so a date far outside this range (year 1, year 9999) is
# a typing mistake, and it is refused before it breaks a calculation.
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_AMOUNT_RE = re.compile(r"^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d{1,2})?$")
_PERCENT_RE = re.compile(r"^\d+(?:\.\d+)?$")


def parse_date(text: object, field: str) -> date:
    """A calendar date written YYYY-MM-DD, from 1900 to 2199; impossible dates (2025-02-30) are refused."""
    if isinstance(text, date):
        return _in_range(text, text.isoformat(), field)
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
    return _in_range(date(year, month, day), raw, field)


def _in_range(day: date, raw: str, field: str) -> date:
    if not EARLIEST <= day <= LATEST:
        raise InputError.one(field, f"{raw} is out of range: give a date from {EARLIEST.isoformat()} to {LATEST.isoformat()}")
    return day


def parse_amount(text: object, field: str) -> Decimal:
    """A dollar amount, zero or more, with at most two decimals ("1850", "1,850.00", "$75.5")."""
    raw = str(text).strip()
    plain = raw[1:].strip() if raw.startswith("$") else raw
    if plain.startswith("-"):
        raise InputError.one(field, f"{raw!r} is negative; expected an amount of zero or more, like 1850.00")
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


def cents(amount: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    """``amount`` rounded to the cent, however many digits it has (the default context's 28 would
    refuse a larger figure with InvalidOperation instead of printing it)."""
    amount = Decimal(amount)
    return amount.quantize(CENT, rounding=rounding, context=Context(prec=max(28, amount.adjusted() + 4)))


def money(amount: Decimal) -> str:
    """An amount as printed: two decimals, rounded half-up."""
    return str(cents(amount))


def grouped_money(amount: Decimal) -> str:
    """An amount as printed on papers: thousands separated, two decimals, half-up ("1,234.50")."""
    return f"{cents(amount):,.2f}"


def long_date(day: date) -> str:
    """A date as written in a paper: "November 21, 2026"."""
    return f"{day:%B} {day.day}, {day.year}"


def money_down(amount: Decimal) -> str:
    """An amount as printed where rounding up would exceed a legal limit: two decimals, rounded down."""
    return str(cents(amount, ROUND_DOWN))


def grouped_money_down(amount: Decimal) -> str:
    """``money_down`` with thousands separated, for sentences people read ("1,234.56")."""
    return f"{cents(amount, ROUND_DOWN):,.2f}"


# --- text on paper ------------------------------------------------------------------------------------
# Characters that are invisible by definition (Unicode's default-ignorable format characters: zero
# width space and joiners, the byte-order mark, word joiner, variation selectors, soft hyphen...):
# the papers' fonts draw them as nothing, with no width, and keep them in the text layer. The bidi
# embeddings, overrides and isolates (U+202A-202E, U+2066-2069) are not here: they would reorder
# what Word shows but not what the PDF shows, so a font without them refuses them.
INVISIBLE = frozenset([0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, *range(0x180B, 0x1810),
                       *range(0x200B, 0x2010), *range(0x2060, 0x2065), 0x3164, *range(0xFE00, 0xFE10), 0xFEFF, 0xFFA0,
                       *range(0xE0000, 0xE0080), *range(0xE0100, 0xE01F0)])


def printed(text: str) -> str:
    """Text as it is laid out on paper: composed (NFC), so "e" + combining acute prints as the
    font's own "é" instead of an accent placed beside the letter. The same text, to Unicode."""
    return unicodedata.normalize("NFC", text)


def characters(chars: list[str], most: int = 4) -> str:
    """Characters named for a message: "'م' (U+0645 ARABIC LETTER MEEM)", a few and how many more;
    one that would not print as itself on a terminal line is named by its code point only."""
    shown = []
    for ch in chars[:most]:
        name = unicodedata.name(ch, "unassigned")
        shown.append(f"'{ch}' (U+{ord(ch):04X} {name})" if ch.isprintable() and not unicodedata.combining(ch)
                     else f"U+{ord(ch):04X} {name}")
    more = len(chars) - most
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
