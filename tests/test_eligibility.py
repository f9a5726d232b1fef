"""Who may sue in the Kentucky Small Claims Division, hand-worked against KRS 24A.230, KRS 24A.200 and the handbook."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docassemble.SmallClaimsCollect import rules
from docassemble.SmallClaimsCollect.case import Claim
from docassemble.SmallClaimsCollect.eligibility import check_eligibility
from docassemble.SmallClaimsCollect.errors import InputError

D = Decimal
CLAIM_TYPES = ["money", "personal_property", "contract_rescission", "libel", "slander", "alienation_of_affection",
               "malicious_prosecution", "abuse_of_process", "criminal"]
PLAINTIFFS = ["individual", "business", "government", "money_lender", "collection_agency", "assignee"]


def claim(amount="1000", claim_type="money", plaintiff_type="individual", **more):
    return Claim(D(amount), claim_type, plaintiff_type, **more)


def reasons(result):
    return {r.check: r for r in result.reasons}


def test_data_figures_are_the_statutory_ones():
    data = rules.load("KY", "small_claims")
    assert data["amount_limit"]["max"] == "2500"         # KRS 24A.230: $2,500, not counting interest and costs
    assert data["yearly_limit"]["max_claims"] == 25      # KRS 24A.200: 25 claims a calendar year
    assert data["yearly_limit"]["min_months_at_location"] == 6  # handbook: location in business at least six months
    assert set(data["claim_types"]["kinds"]) == set(CLAIM_TYPES)
    assert set(data["plaintiffs"]["kinds"]) == set(PLAINTIFFS)


def test_an_ordinary_claim_passes_every_rule():
    result = check_eligibility("KY", claim(claims_filed_this_year=3))
    assert result.eligible and result.complete
    assert [r.check for r in result.reasons] == ["amount", "claim_type", "plaintiff", "class_action", "yearly_limit"]
    assert all(r.ok and r.rule for r in result.reasons)
    assert "number 4" in reasons(result)["yearly_limit"].message


def test_amount_at_the_limit():
    # KRS 24A.230: $2,500 or less.
    got = reasons(check_eligibility("KY", claim("2500.00", claims_filed_this_year=0)))["amount"]
    assert got.ok and got.rule.startswith("KRS 24A.230")


def test_amount_a_cent_over_the_limit():
    # KRS 24A.230: $2,500.01 is over; the person may give up the extra cent.
    result = check_eligibility("KY", claim("2500.01", claims_filed_this_year=0))
    got = reasons(result)["amount"]
    assert not result.eligible and not got.ok
    assert "You can still sue for $2,500.00 and give up the rest, $0.01" in got.message


@pytest.mark.parametrize("claim_type", ["libel", "slander", "alienation_of_affection", "malicious_prosecution",
                                        "abuse_of_process", "criminal"])
def test_excluded_claim_types(claim_type):
    # Handbook, Who Can File a Small Claims Suit: these cases cannot be filed in small claims.
    result = check_eligibility("KY", claim(claim_type=claim_type, claims_filed_this_year=0))
    got = reasons(result)["claim_type"]
    assert not result.eligible and not got.ok and "cannot hear" in got.message
    assert all(r.ok for r in result.reasons if r.check != "claim_type")


@pytest.mark.parametrize("claim_type", ["money", "personal_property", "contract_rescission"])
def test_claim_types_heard(claim_type):
    # Handbook: money, personal property, or rejecting a contract for goods and services.
    assert reasons(check_eligibility("KY", claim(claim_type=claim_type)))["claim_type"].ok


@pytest.mark.parametrize("plaintiff_type", ["money_lender", "collection_agency", "assignee"])
def test_excluded_plaintiffs(plaintiff_type):
    # Handbook, Who Can File: a lender of money at interest, a collection agency or agent, an assignee.
    result = check_eligibility("KY", claim(plaintiff_type=plaintiff_type))
    got = reasons(result)["plaintiff"]
    assert not result.eligible and not got.ok and "may not file" in got.message
    assert "yearly_limit" not in reasons(result)  # the yearly limit is moot for a plaintiff who may not file


def test_class_action():
    # Handbook, Who Can File: no class actions.
    got = reasons(check_eligibility("KY", claim(class_action=True, claims_filed_this_year=0)))["class_action"]
    assert not got.ok and "class actions" in got.message


def test_every_failure_is_reported():
    # Handbook; KRS 24A.230: all problems at once, not only the first.
    result = check_eligibility("KY", claim("3000", "libel", "assignee", class_action=True))
    assert [r.check for r in result.reasons if not r.ok] == ["amount", "claim_type", "plaintiff", "class_action"]


def test_25th_claim_ok_26th_not():
    # KRS 24A.200: no more than 25 a calendar year; 24 filed makes this the 25th, 25 filed the 26th.
    assert reasons(check_eligibility("KY", claim(claims_filed_this_year=24)))["yearly_limit"].ok
    result = check_eligibility("KY", claim(claims_filed_this_year=25))
    got = reasons(result)["yearly_limit"]
    assert not result.eligible and not got.ok and got.checked
    assert got.rule.startswith("KRS 24A.200") and "next calendar year" in got.message


def test_unknown_count_is_not_checked():
    # KRS 24A.200: without the count the rule cannot be checked, and the claim is not shown eligible.
    result = check_eligibility("KY", claim())
    got = reasons(result)["yearly_limit"]
    assert (got.ok, got.checked, result.eligible, result.complete) == (False, False, False, False)
    assert got.message.startswith("Could not check")
    assert result.as_dict()["complete"] is False


def test_government_with_40_claims():
    # Handbook: the limits do not apply to city, county or urban governments.
    result = check_eligibility("KY", claim(plaintiff_type="government", claims_filed_this_year=40))
    assert result.eligible
    assert "not limited to 25" in reasons(result)["yearly_limit"].message


def test_business_five_months_at_the_location():
    # KRS 24A.200; handbook: a business files per established location, in business there at least six months.
    result = check_eligibility("KY", claim(plaintiff_type="business", claims_filed_this_year=2, business_months_at_location=5))
    got = reasons(result)
    assert not result.eligible and not got["location"].ok and got["yearly_limit"].ok
    assert "5 months" in got["location"].message and "at least 6 months" in got["location"].message


def test_business_six_months_and_26th_claim():
    # KRS 24A.200: six months at the location is enough; 25 already filed there is the limit.
    got = reasons(check_eligibility("KY", claim(plaintiff_type="business", claims_filed_this_year=25,
                                                business_months_at_location=6)))
    assert got["location"].ok and not got["yearly_limit"].ok
    assert "at this location" in got["yearly_limit"].message


def test_business_months_unknown():
    got = reasons(check_eligibility("KY", claim(plaintiff_type="business", claims_filed_this_year=1)))["location"]
    assert (got.ok, got.checked) == (False, False)


def test_as_dict():
    data = check_eligibility("KY", claim("2600", claims_filed_this_year=1)).as_dict()
    assert data["eligible"] is False and data["complete"] is True
    assert set(data["reasons"][0]) == {"check", "ok", "rule", "message", "checked"}


def test_bad_input():
    with pytest.raises(InputError, match="not a state"):
        check_eligibility("XX", claim())
    with pytest.raises(InputError) as caught:
        check_eligibility("KY", Claim(D("-1"), "tort", "robot", claims_filed_this_year=-2))
    assert [p.field for p in caught.value.problems] == ["claim.claim_type", "claim.plaintiff_type", "claim.amount",
                                                         "claim.claims_filed_this_year"]


@settings(max_examples=60, deadline=None)
@given(st.builds(Claim, amount=st.decimals(min_value=0, max_value=10000, places=2), claim_type=st.sampled_from(CLAIM_TYPES),
                 plaintiff_type=st.sampled_from(PLAINTIFFS), class_action=st.booleans(),
                 claims_filed_this_year=st.one_of(st.none(), st.integers(0, 60)),
                 business_months_at_location=st.one_of(st.none(), st.integers(0, 60))))
def test_eligible_exactly_when_every_rule_is_checked_and_met(c):
    result = check_eligibility("KY", c)
    assert result.eligible == all(r.ok and r.checked for r in result.reasons)
    assert all(r.message and r.rule for r in result.reasons)
    assert all(r.checked or not r.ok for r in result.reasons)
    assert reasons(result)["amount"].ok == (c.amount <= 2500)  # KRS 24A.230
