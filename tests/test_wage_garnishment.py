"""Wage-garnishment limit: lesser of 25% and the excess over a floor (KRS 427.010(2); 15 USC 1673)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docassemble.SmallClaimsCollect.errors import InputError
from docassemble.SmallClaimsCollect.wage_garnishment import garnishment_limit


@pytest.mark.parametrize("disposable,period,floor,most", [
    ("300.00", "weekly", "217.50", "75.00"),      # 25% = 75.00 < 82.50 over the floor
    ("250.00", "weekly", "217.50", "32.50"),      # 250 - 217.50 = 32.50 < 62.50
    ("217.50", "weekly", "217.50", "0.00"),       # at the floor nothing may be taken
    ("100.00", "weekly", "217.50", "0.00"),       # below the floor
    ("1200.00", "biweekly", "435.00", "300.00"),  # 60 x 7.25
    ("500.00", "semimonthly", "471.25", "28.75"),  # 65 x 7.25; 500 - 471.25
    ("2000.00", "monthly", "942.50", "500.00"),   # 130 x 7.25
    ("1000.02", "weekly", "217.50", "250.00"),    # 250.005 rounds down: never more than the law allows
])
def test_hand_worked_limits(disposable, period, floor, most):
    out = garnishment_limit("KY", D(disposable), period).as_dict()
    assert (out["floor"], out["max_garnishable"]) == (floor, most)
    assert out["rule"] == "KRS 427.010(2); 15 USC 1673(a); 29 CFR 870.10"


def test_minimum_wage_can_be_given():
    out = garnishment_limit("KY", D("400"), "weekly", minimum_wage=D("10")).as_dict()
    assert (out["floor"], out["max_garnishable"]) == ("300.00", "100.00")


def test_unknown_period_is_refused():
    with pytest.raises(InputError, match="pay period"):
        garnishment_limit("KY", D("400"), "daily")


@given(st.decimals(min_value=D("0"), max_value=D("20000"), places=2), st.sampled_from(["weekly", "biweekly", "semimonthly", "monthly"]))
def test_never_more_than_either_limit_and_never_negative(disposable, period):
    r = garnishment_limit("KY", disposable, period)
    most = D(r.as_dict()["max_garnishable"])
    assert D("0") <= most <= disposable * D("0.25")
    assert most <= max(disposable - r.floor, D("0"))


def test_the_explanation_groups_thousands_and_never_rounds_the_limit_up():
    # Monthly: the floor is 130 x $7.25 = $942.50; 25% of $4,000.03 is $1,000.0075, shown as $1,000.00.
    text = garnishment_limit("KY", D("4000.03"), "monthly").explanation()
    assert "25% of $4,000.03 is $1,000.00;" in text
    assert "The lesser, $1,000.00," in text


@pytest.mark.parametrize("disposable, withheld, over", [
    ("845.00", "290", "78.75"),  # the paycheck: $290 taken, $211.25 allowed
    ("845.02", "290", "78.75"),  # 25% is $211.255: the limit is rounded down, so the part over it is not rounded away
    ("845.00", "211.25", "0"),  # exactly the limit
    ("400.00", "50", "50"),  # under the floor of 60 x $7.25 = $435: nothing may be withheld
])
def test_what_is_withheld_over_the_limit(disposable, withheld, over):
    assert garnishment_limit("KY", D(disposable), "biweekly").over_limit(D(withheld)) == D(over)
