"""Post-judgment interest and the balance (KRS 360.040), hand-worked to the cent."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docassemble.SmallClaimsCollect.errors import InputError
from docassemble.SmallClaimsCollect.interest import DatedAmount, Rate, compute_balance
from docassemble.SmallClaimsCollect.values import cents


def owed_exactly(result) -> D:
    """The balance behind the printed one, to the calculator's precision."""
    return result.interest_bearing + result.unpaid_interest + result.unpaid_costs


def balance(entered, as_of, principal="1000", court_costs="0", **kw):
    return compute_balance("KY", entered, D(principal), D(court_costs), as_of, **kw)


def test_simple_daily_interest_up_to_but_not_including_the_as_of_date():
    # KRS 360.040: 6% / 365 for 30 days on 1000.00 = 4.9315... -> 4.93
    out = balance(date(2025, 1, 10), date(2025, 2, 9)).as_dict()
    assert (out["interest_accrued"], out["balance"], out["per_diem"]) == ("4.93", "1004.93", "0.16")
    assert out["rule"] == "KRS 360.040" and out["rate_percent"] == "6"
    # Nothing accrues on the day of entry itself.
    assert balance(date(2025, 1, 10), date(2025, 1, 10)).as_dict()["interest_accrued"] == "0.00"


def test_unpaid_interest_compounds_on_each_anniversary():
    # Year 1: 60.00 joins the balance on 2026-01-10; year 2: 6% of 1060.00 = 63.60.
    out = balance(date(2025, 1, 10), date(2027, 1, 10)).as_dict()
    assert (out["interest_accrued"], out["interest_bearing_balance"], out["balance"]) == ("123.60", "1123.60", "1123.60")
    assert out["per_diem"] == "0.18"  # 1123.60 * 0.06 / 365 = 0.1847


def test_judgment_amount_is_principal_costs_and_fees():
    out = balance(date(2025, 1, 10), date(2026, 1, 10), principal="1800", court_costs="75", attorney_fees=D("125")).as_dict()
    assert out["judgment_amount"] == "2000.00"
    assert out["interest_accrued"] == "120.00"  # 2000.00 at 6% for 365 days


def test_leap_day_entry_has_its_anniversary_on_february_28():
    result = balance(date(2024, 2, 29), date(2025, 2, 28))
    anniversaries = [e.date for e in result.events if e.kind == "anniversary"]
    assert anniversaries == [date(2025, 2, 28)]
    assert result.as_dict()["interest_bearing_balance"] == "1060.00"  # 365 days, compounded that morning


def test_a_leap_year_has_366_days_of_interest_at_rate_over_365():
    # 2028 has 366 days: 1000 * 0.06 * 366 / 365 = 60.164
    assert balance(date(2028, 1, 1), date(2029, 1, 1)).as_dict()["interest_accrued"] == "60.16"


def test_payment_goes_to_interest_then_costs_then_the_balance():
    # Entered 2025-01-10 for 1925.00; cost 55.00 on 02-01; payment 200.00 on 03-01.
    # 50 days of interest: 15.8219; the payment pays it, then the 55.00 cost, then 129.1781.
    # Interest-bearing 1795.8219 to 2026-01-10 (315 days): 92.9890 compounds -> 1888.8109;
    # 315 more days to 2026-11-21: 97.8043. Balance 1986.6152.
    result = balance(date(2025, 1, 10), date(2026, 11, 21), principal="1850", court_costs="75",
                     payments=[DatedAmount(date(2025, 3, 1), D("200"))],
                     costs=[DatedAmount(date(2025, 2, 1), D("55"), "Garnishment fee")])
    out = result.as_dict()
    assert (out["interest_accrued"], out["balance"], out["per_diem"]) == ("206.62", "1986.62", "0.31")
    assert (out["payments"], out["post_judgment_costs"], out["unpaid_costs"]) == ("200.00", "55.00", "0.00")
    payment = next(e for e in result.events if e.kind == "payment")
    assert (round(payment.to_interest, 4), payment.to_costs, round(payment.to_principal, 4)) == (D("15.8219"), D("55"), D("129.1781"))


def test_post_judgment_costs_bear_no_interest():
    with_cost = balance(date(2025, 1, 10), date(2026, 1, 9), costs=[DatedAmount(date(2025, 1, 11), D("500"), "Fee")])
    without = balance(date(2025, 1, 10), date(2026, 1, 9))
    assert with_cost.balance - without.balance == D("500")


def test_payment_on_an_anniversary_comes_after_the_compounding():
    # On 2026-01-10 the 60.00 joins the balance first; the 60.00 paid that day then goes to
    # the interest-bearing balance (no unpaid interest is left), leaving 1000.00.
    result = balance(date(2025, 1, 10), date(2026, 1, 10), payments=[DatedAmount(date(2026, 1, 10), D("60"))])
    payment = next(e for e in result.events if e.kind == "payment")
    assert (payment.to_interest, payment.to_principal) == (D("0"), D("60"))
    assert result.as_dict()["balance"] == "1000.00"


def test_rate_depends_on_the_entry_date_unless_the_judgment_sets_one():
    # KRS 360.040: 12% for judgments entered before 2017-06-29.
    old = balance(date(2017, 6, 28), date(2018, 6, 28)).as_dict()
    assert (old["rate_percent"], old["interest_accrued"]) == ("12", "120.00")
    contract = balance(date(2025, 1, 10), date(2026, 1, 10), rate=Rate(D("10"), "contract rate")).as_dict()
    assert (contract["interest_accrued"], contract["rate_basis"]) == ("100.00", "contract rate")


def test_overpayment_leaves_zero_and_says_so():
    out = balance(date(2025, 1, 10), date(2025, 2, 9), payments=[DatedAmount(date(2025, 1, 20), D("1100"))]).as_dict()
    assert out["balance"] == "0.00"
    assert out["overpaid"] == "98.36"  # 1100 - 1000 - 1.64 (10 days of interest)
    assert any("exceed" in w for w in out["warnings"])


def test_payments_after_the_as_of_date_are_left_out_with_a_warning():
    out = balance(date(2025, 1, 10), date(2025, 2, 9), payments=[DatedAmount(date(2025, 3, 1), D("100"))]).as_dict()
    assert out["payments"] == "0.00"
    assert "Not counted" in out["warnings"][0]


def test_dates_before_entry_are_refused_naming_each():
    with pytest.raises(InputError) as caught:
        balance(date(2025, 1, 10), date(2024, 1, 1), payments=[DatedAmount(date(2025, 1, 9), D("5"))])
    assert [p.field for p in caught.value.problems] == ["as_of", "payments[0]"]


amounts = st.decimals(min_value=D("0"), max_value=D("5000"), places=2)
entries = st.dates(min_value=date(2017, 7, 1), max_value=date(2030, 12, 31))


@settings(max_examples=150, deadline=None)
@given(entered=entries, principal=amounts, costs=amounts, days=st.integers(0, 4000), later=st.integers(1, 800))
def test_with_no_payments_the_balance_never_falls_as_time_passes(entered, principal, costs, days, later):
    first = compute_balance("KY", entered, principal, costs, entered + timedelta(days=days))
    second = compute_balance("KY", entered, principal, costs, entered + timedelta(days=days + later))
    assert second.balance >= first.balance
    assert owed_exactly(first) == principal + costs + first.interest_accrued
    assert first.balance == cents(owed_exactly(first))  # what is printed, and decided on


@settings(max_examples=150, deadline=None)
@given(entered=entries, principal=amounts, days=st.integers(1, 3000),
       items=st.lists(st.tuples(st.integers(0, 3000), amounts, st.booleans()), max_size=6))
def test_every_dollar_is_accounted_for(entered, principal, days, items):
    as_of = entered + timedelta(days=days)
    pays = [DatedAmount(entered + timedelta(days=d), a) for d, a, is_cost in items if not is_cost]
    costs = [DatedAmount(entered + timedelta(days=d), a, "cost") for d, a, is_cost in items if is_cost]
    r = compute_balance("KY", entered, principal, D("0"), as_of, payments=pays, costs=costs)
    # judgment + interest + costs - payments = balance - overpayment (to 1e-20 of a dollar:
    # the engine works at 50 digits, this sum at Python's default 28).
    assert abs(principal + r.interest_accrued + r.post_judgment_costs - r.payments - (owed_exactly(r) - r.overpaid)) < D("1e-20")
    assert r.balance >= 0 and r.per_diem >= 0 and r.interest_paid <= r.interest_accrued
