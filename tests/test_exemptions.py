"""Kentucky exemptions from execution, hand-worked against KRS 427.010-.125 as the handbook gives them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docassemble.SmallClaimsCollect import rules
from docassemble.SmallClaimsCollect.case import Asset
from docassemble.SmallClaimsCollect.errors import InputError
from docassemble.SmallClaimsCollect.exemptions import screen_exemptions

D = Decimal
KINDS = ["household_goods", "farm_equipment", "motor_vehicle", "mechanic_vehicle", "health_aid", "tools_of_trade",
         "professional_equipment", "residence", "burial_plot", "real_estate", "bank_account", "insurance_benefits",
         "police_firefighter_pension", "cash", "other"]
# The figures in law-facts.md (Kentucky, "exemptions") and the handbook's "Items Exempt from Execution".
# pool -> (cap, kinds sharing it, one item only); None = exempt in full.
POOLS = {
    "household_goods": (D("3000"), {"household_goods"}, False),      # KRS 427.010(1)
    "farm_equipment": (D("3000"), {"farm_equipment"}, False),        # KRS 427.010(1)
    "motor_vehicle": (D("2500"), {"motor_vehicle"}, True),           # KRS 427.010(1); KRS 427.030
    "mechanic_vehicle": (D("2500"), {"mechanic_vehicle"}, True),     # KRS 427.030
    "tools_of_trade": (D("300"), {"tools_of_trade"}, False),         # KRS 427.030
    "professional_equipment": (D("1000"), {"professional_equipment"}, False),  # KRS 427.040
    "homestead": (D("5000"), {"residence", "burial_plot"}, False),   # KRS 427.060 ("aggregate interest")
}


def screen(*assets, **facts):
    return screen_exemptions("KY", list(assets), **facts)


def one(asset, **facts):
    return screen(asset, **facts).assets[0]


# --- the data matches the law -----------------------------------------------------------------

def test_data_caps_are_the_statutory_figures():
    kinds = rules.load("KY", "exemptions")["kinds"]
    assert set(kinds) == set(KINDS)  # every case-file asset kind is accounted for
    caps = {kind: spec.get("cap") for kind, spec in kinds.items()}
    assert caps["household_goods"] == "3000"         # KRS 427.010(1): household goods $3,000
    assert caps["farm_equipment"] == "3000"          # KRS 427.010(1): farm tools, equipment, livestock $3,000
    assert caps["motor_vehicle"] == "2500"           # KRS 427.010(1); 427.030: one motor vehicle $2,500
    assert caps["mechanic_vehicle"] == "2500"        # KRS 427.030: mechanic's vehicle $2,500
    assert caps["tools_of_trade"] == "300"           # KRS 427.030: tools of trade $300
    assert caps["professional_equipment"] == "1000"  # KRS 427.040: professional library and equipment $1,000
    assert caps["residence"] == caps["burial_plot"] == "5000"  # KRS 427.060: residence or burial plot $5,000
    for kind in ("health_aid", "insurance_benefits", "police_firefighter_pension"):
        assert caps[kind] is None                    # KRS 427.010(1), 427.110, 427.120-.125: no dollar limit
    for kind in ("real_estate", "bank_account", "cash", "other"):
        assert caps[kind] is None and "cap" not in kinds[kind]  # no exemption screened
    assert kinds["residence"]["pool"] == kinds["burial_plot"]["pool"]  # KRS 427.060: one aggregate
    assert kinds["motor_vehicle"]["limit"] == "one_item"               # KRS 427.010(1): one motor vehicle
    assert kinds["household_goods"]["limit"] == "aggregate"
    professions = kinds["professional_equipment"]["conditions"][0]["any_of"]
    # KRS 427.040: ministers, attorneys, physicians, surgeons, chiropractors, veterinarians, dentists.
    assert set(professions) == {"minister", "attorney", "physician", "surgeon", "chiropractor", "veterinarian", "dentist"}


# --- hand-worked cases ---------------------------------------------------------------------------

def test_household_goods_share_one_cap_in_order():
    # KRS 427.010(1): $3,000 in all. $2,000 + $1,400 = $3,400: the first is exempt in full,
    # the second gets the $1,000 left, so $3,000 exempt and $400 not.
    report = screen(Asset("household_goods", "sofa", D("2000")), Asset("household_goods", "jewelry", D("1400")))
    sofa, jewelry = report.assets
    assert (sofa.status, sofa.exempt, sofa.non_exempt) == ("exempt", D("2000"), D("0"))
    assert (jewelry.status, jewelry.exempt, jewelry.non_exempt) == ("partly_exempt", D("1000"), D("400"))
    assert "used $2,000.00 of it first, leaving $1,000.00" in jewelry.reason
    assert (report.total_exempt, report.total_non_exempt) == (D("3000"), D("400"))
    assert jewelry.rule == "KRS 427.010(1)"
    assert any("order listed" in note for note in report.notes)


def test_one_motor_vehicle_gets_the_exemption_that_protects_most():
    # KRS 427.010(1): one vehicle, $2,500. Ford equity $1,000 protects $1,000; Honda equity $4,000
    # protects $2,500, so the Honda gets it ($1,500 not exempt) and the Ford is not exempt at all.
    ford = Asset("motor_vehicle", "2010 Ford", D("4000"), D("3000"))
    honda = Asset("motor_vehicle", "2018 Honda", D("9000"), D("5000"))
    got_ford, got_honda = screen(ford, honda).assets
    assert (got_honda.status, got_honda.exempt, got_honda.non_exempt) == ("partly_exempt", D("2500"), D("1500"))
    assert (got_ford.status, got_ford.exempt, got_ford.non_exempt) == ("not_exempt", D("0"), D("1000"))
    assert "goes to 2018 Honda" in got_ford.reason


def test_equal_vehicles_go_to_the_first_listed():
    # KRS 427.010(1): a tie gives the one exemption to the vehicle listed first.
    first, second = screen(Asset("motor_vehicle", "A", D("3000")), Asset("motor_vehicle", "B", D("2600"))).assets
    assert (first.exempt, second.exempt) == (D("2500"), D("0"))


def test_residence_equity_7000():
    # KRS 427.060: the debtor's interest, $120,000 - $113,000 = $7,000, is exempt up to $5,000.
    home = Asset("residence", "home", D("120000"), D("113000"), purchase_money_lien=True, acquired=date(2015, 6, 1))
    got = one(home, debt_arose=date(2024, 1, 10))
    assert (got.status, got.equity, got.exempt, got.non_exempt) == ("partly_exempt", D("7000"), D("5000"), D("2000"))
    # KRS 427.060: not against a mortgage or purchase money: the screen says so.
    assert any("foreclosing" in note for note in got.notes)


def test_no_mortgage_note_without_a_purchase_money_lien():
    # KRS 427.060: the mortgage-holder note is only for a mortgage or purchase-money debt.
    got = one(Asset("residence", "home", D("4000"), acquired=date(2015, 6, 1)), debt_arose=date(2024, 1, 10))
    assert got.status == "exempt" and not any("foreclosing" in note for note in got.notes)


def test_residence_not_exempt_for_a_debt_older_than_the_purchase():
    # KRS 427.060: "shall not apply if the debt or liability existed prior to the purchase".
    got = one(Asset("residence", "home", D("90000"), D("80000"), acquired=date(2020, 5, 1)), debt_arose=date(2019, 3, 1))
    assert (got.status, got.exempt, got.non_exempt, got.may_apply) == ("not_exempt", D("0"), D("10000"), D("0"))
    assert "before the debtor bought it" in got.reason


def test_residence_may_apply_when_the_debt_date_is_unknown():
    # KRS 427.060: without the date the debt arose, the exemption may apply; not in the certain total.
    report = screen(Asset("residence", "home", D("90000"), D("87000"), acquired=date(2020, 5, 1)))
    got = report.assets[0]
    assert (got.status, got.exempt, got.may_apply, got.non_exempt) == ("may_apply", D("0"), D("3000"), D("0"))
    assert report.total_exempt == 0 and report.total_may_apply == D("3000")
    assert "do not say when the debt arose" in got.reason


def test_residence_and_burial_plot_share_5000():
    # KRS 427.060: one $5,000 aggregate for residence and burial plot: $4,000 + $2,000 -> $5,000 exempt.
    facts = {"debt_arose": date(2024, 1, 1)}
    home, plot = screen(Asset("residence", "home", D("4000"), acquired=date(2010, 1, 1)),
                        Asset("burial_plot", "plot", D("2000"), acquired=date(2010, 1, 1)), **facts).assets
    assert (home.exempt, plot.exempt, plot.non_exempt) == (D("4000"), D("1000"), D("1000"))


def test_certain_exemptions_fill_a_shared_cap_before_possible_ones():
    # KRS 427.060: the plot's purchase date is unknown (may apply); the residence is certain and
    # uses the cap first although listed second, so the certain total does not hang on the open question.
    plot, home = screen(Asset("burial_plot", "plot", D("2000")),
                        Asset("residence", "home", D("4000"), acquired=date(2010, 1, 1)), debt_arose=date(2024, 1, 1)).assets
    assert (home.status, home.exempt) == ("exempt", D("4000"))
    assert (plot.status, plot.may_apply, plot.non_exempt) == ("may_apply", D("1000"), D("1000"))


def test_professional_equipment_physician_and_plumber():
    # KRS 427.040: up to $1,000 for the professions listed; a physician qualifies, a plumber does not.
    books = Asset("professional_equipment", "medical library", D("1500"))
    physician = one(books, debtor_occupation="Family physician")
    assert (physician.status, physician.exempt, physician.non_exempt) == ("partly_exempt", D("1000"), D("500"))
    plumber = one(books, debtor_occupation="plumber")
    assert (plumber.status, plumber.exempt, plumber.non_exempt) == ("not_exempt", D("0"), D("1500"))
    assert "(plumber) is not one of these" in plumber.reason
    # The asset's own occupation wins over the debtor's; "physician assistant" is not a physician.
    own = Asset("professional_equipment", "kit", D("500"), owner_occupation="physician assistant")
    assert one(own, debtor_occupation="dentist").status == "not_exempt"
    assert one(Asset("professional_equipment", "files", D("500")), debtor_occupation="Lawyer").status == "exempt"


def test_professional_equipment_may_apply_without_an_occupation():
    # KRS 427.040: the profession is not given, so the exemption may apply.
    got = one(Asset("professional_equipment", "desk", D("400")))
    assert (got.status, got.may_apply) == ("may_apply", D("400"))
    assert "not given" in got.reason


def test_farm_equipment_depends_on_farming():
    # KRS 427.010(1): only for a person engaged in farming, $3,000.
    tractor = Asset("farm_equipment", "tractor", D("5000"))
    assert (one(tractor, debtor_farms=True).exempt, one(tractor, debtor_farms=True).non_exempt) == (D("3000"), D("2000"))
    assert one(tractor, debtor_farms=False).status == "not_exempt"
    unknown = one(tractor)
    assert (unknown.status, unknown.exempt, unknown.may_apply, unknown.non_exempt) == ("may_apply", D("0"), D("3000"), D("2000"))


def test_mechanic_vehicle_needs_a_mechanic():
    # KRS 427.030: a mechanic's vehicle, $2,500. The sources name no other trades, so another one is open.
    van = Asset("mechanic_vehicle", "van", D("3000"))
    assert one(van, debtor_occupation="auto mechanic").exempt == D("2500")
    assert one(van, debtor_occupation="electrician").status == "may_apply"


def test_tools_of_trade_cap_300():
    # KRS 427.030: trade tools up to $300 in all.
    saw, drill = screen(Asset("tools_of_trade", "saw", D("200")), Asset("tools_of_trade", "drill", D("250"))).assets
    assert (saw.exempt, drill.exempt, drill.non_exempt) == (D("200"), D("100"), D("150"))


@pytest.mark.parametrize("kind, rule", [("health_aid", "KRS 427.010(1)"), ("insurance_benefits", "KRS 427.110"),
                                        ("police_firefighter_pension", "KRS 427.120; KRS 427.125")])
def test_exempt_in_full(kind, rule):
    # KRS 427.010(1), 427.110, 427.120-.125: no dollar limit.
    got = one(Asset(kind, "x", D("250000")))
    assert (got.status, got.exempt, got.non_exempt, got.rule, got.cap) == ("exempt", D("250000"), D("0"), rule, None)


@pytest.mark.parametrize("kind", ["bank_account", "cash", "real_estate", "other"])
def test_no_kentucky_exemption_screened(kind):
    # KRS 427.010-.125 name no exemption for these; the handbook warns of federal exemptions.
    got = one(Asset(kind, "x", D("700")))
    assert (got.status, got.exempt, got.non_exempt) == ("not_exempt", D("0"), D("700"))
    assert "No exemption under KRS 427.010-.125 screened here" in got.reason
    assert any("federal exemptions" in note for note in got.notes)


def test_as_dict_prints_two_decimals():
    data = screen(Asset("household_goods", "sofa", D("3500.5"))).as_dict()
    assert data["totals"] == {"equity": "3500.50", "exempt": "3000.00", "non_exempt": "500.50", "may_apply": "0.00"}
    assert data["assets"][0]["cap"] == "3000.00" and data["assets"][0]["status"] == "partly_exempt"


def test_bad_input():
    with pytest.raises(InputError, match="not a state"):
        screen_exemptions("ZZ", [])
    with pytest.raises(InputError) as caught:
        screen(Asset("boat", "boat", D("1")), Asset("cash", "x", D("-5")))
    assert [p.field for p in caught.value.problems] == ["assets[0].kind", "assets[1].value"]


# --- properties ------------------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=20000, places=2, allow_nan=False, allow_infinity=False)
days = st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
assets = st.builds(Asset, kind=st.sampled_from(KINDS), description=st.just("x"), value=amounts, amount_owed=amounts,
                   purchase_money_lien=st.booleans(), acquired=days,
                   owner_occupation=st.sampled_from([None, "physician", "plumber", "mechanic", "dentist"]))
facts = st.fixed_dictionaries({"debt_arose": days, "debtor_occupation": st.sampled_from([None, "attorney", "baker"]),
                               "debtor_farms": st.sampled_from([None, True, False])})


@settings(max_examples=80, deadline=None)
@given(st.lists(assets, max_size=8), facts)
def test_amounts_add_up_and_caps_hold(items, known):
    report = screen_exemptions("KY", items, **known)
    assert len(report.assets) == len(items)
    for asset, got in zip(items, report.assets):
        # The debtor's interest, never below zero, split into exempt, not exempt and may apply.
        assert got.equity == max(asset.value - asset.amount_owed, 0)
        assert min(got.exempt, got.non_exempt, got.may_apply) >= 0
        assert got.exempt + got.non_exempt + got.may_apply == got.equity
        assert got.status in {"exempt", "partly_exempt", "not_exempt", "may_apply"}
        assert (got.may_apply > 0) <= (got.status == "may_apply")
        assert (got.exempt > 0) <= (got.status in {"exempt", "partly_exempt"})
    assert report.total_exempt + report.total_non_exempt + report.total_may_apply == report.total_equity
    for cap, kinds, one_item in POOLS.values():
        pool = [got for got in report.assets if got.kind in kinds]
        assert sum(got.exempt + got.may_apply for got in pool) <= cap
        if one_item:
            assert sum(1 for got in pool if got.exempt + got.may_apply > 0) <= 1


@settings(max_examples=30, deadline=None)
@given(assets, amounts)
def test_owing_more_than_the_value_counts_as_no_interest(asset, extra):
    # A debt above the value never makes a negative interest: it screens like a debt equal to the value.
    under = Asset(asset.kind, "x", asset.value, asset.value + extra, asset.purchase_money_lien, asset.acquired,
                  owner_occupation=asset.owner_occupation)
    level = Asset(asset.kind, "x", asset.value, asset.value, asset.purchase_money_lien, asset.acquired,
                  owner_occupation=asset.owner_occupation)
    got_under, got_level = one(under), one(level)
    assert (got_under.status, got_under.exempt, got_under.non_exempt, got_under.may_apply) == \
        (got_level.status, got_level.exempt, got_level.non_exempt, got_level.may_apply)
    assert got_under.equity == 0
