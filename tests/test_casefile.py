"""The case file: every problem at once, by path and line, in plain words; the model matches the schema."""

from __future__ import annotations

import dataclasses
import json
import typing

import pytest
import yaml

from conftest import EXAMPLES
from docassemble.SmallClaimsCollect import case as model
from docassemble.SmallClaimsCollect.case import case_from_data
from docassemble.SmallClaimsCollect.casefile import FAST_NESTING, STRUCTURE, CaseLoader, _compose, _line_index, parse_case_text, schema
from docassemble.SmallClaimsCollect.errors import InputError

GOOD = """\
schema_version: 1
state: KY
workflow: satisfaction
filer: zoe
court: {county: Fayette, level: district, division: Small Claims Division}
case_numbers: {district: 26-S-00123}
parties:
  - id: zoe
    name: Zoë O’Brien
    kind: person
    roles: [plaintiff, judgment_creditor]
    address: {street: 12 Main St, city: Lexington, state: KY, zip: 40507}
  - id: acme
    name: Yes
    kind: business
    roles: [defendant, judgment_debtor]
    address: {street: 9 Elm St, city: Boston, state: MA, zip: 02108}
judgment:
  entered: 2026-03-02
  principal: 1850.00
  court_costs: 75
  in_favor_of: zoe
  against: [acme]
payments:
  - {date: 2026-04-01, amount: "250.00"}
"""


def problems_of(text: str, is_json: bool = False) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_case_text(text, is_json=is_json)
    return [str(p) for p in caught.value.problems]


def test_a_good_file_builds_a_typed_case_and_keeps_text_as_typed():
    case = case_from_data(parse_case_text(GOOD))
    assert case.party("zoe").name == "Zoë O’Brien"
    assert case.party("acme").name == "Yes"            # not turned into a boolean
    assert case.party("acme").address.zip == "02108"  # not an octal number
    assert str(case.judgment.amount) == "1925.00"
    assert case.payments[0].date.isoformat() == "2026-04-01"


def test_every_problem_is_reported_at_once_with_path_line_and_what_is_expected():
    bad = (GOOD.replace("workflow: satisfaction", "workflow: satisfacton")
               .replace("entered: 2026-03-02", "entered: 2026-02-30")
               .replace("principal: 1850.00", "principal: -5")
               .replace("in_favor_of: zoe", "in_favor_of: zoey")
               .replace("court_costs: 75", "court_cost: 75")
               .replace("zip: 40507", "zip: 4050"))
    got = problems_of(bad)
    assert got == [
        "workflow (line 3): 'satisfacton' is not allowed; expected one of: appeal, counterstatement, wage_garnishment, "
        "bank_garnishment, execution, judgment_lien, garnishment_challenge, execution_challenge, interrogatories, satisfaction, "
        "satisfaction_motion, complaint, counterclaim, settlement; did you mean 'satisfaction'?",
        "parties[0].address.zip (line 12): '4050' is not valid; expected a ZIP code like 40507 or 40507-1234 "
        "(in quotes in YAML if it starts with 0)",
        "judgment.entered (line 19): 2026-02-30 is not a real date: February 2026 has 28 days",
        "judgment.principal (line 20): '-5' is not valid; expected an amount in dollars of zero or more, "
        "with at most two decimals, like 1850.00",
        "judgment.court_cost (line 21): 'court_cost' is not a field of this format; did you mean 'court_costs'?",
        "judgment.in_favor_of (line 22): 'zoey' is not the id of any party; did you mean 'zoe'?",
    ]


def test_missing_fields_and_workflow_needs_are_named():
    got = problems_of(GOOD.replace("workflow: satisfaction", "workflow: appeal").replace("filer: zoe\n", ""))
    assert "filer: is missing; it is required (Id of the party preparing and signing the papers)" in got
    assert any(p.startswith("appeal: is missing; it is required for the workflow 'appeal'") for p in got)


def test_dates_out_of_order_and_conflicting_roles():
    bad = GOOD.replace("2026-04-01", "2026-03-01").replace("[defendant, judgment_debtor]", "[defendant, plaintiff]")
    got = problems_of(bad)
    assert "parties[1].roles (line 16): a party cannot be both plaintiff and defendant" in got
    assert "payments[0].date (line 25): 2026-03-01 is before judgment.entered (2026-03-02); it cannot come earlier" in got


def test_json_is_accepted_and_checked_the_same_way():
    data = parse_case_text(GOOD)
    assert case_from_data(parse_case_text(json.dumps(data), is_json=True)) == case_from_data(data)
    data["judgment"]["principal"] = 10.005
    got = problems_of(json.dumps(data), is_json=True)
    assert got == ["judgment.principal: 10.005 is not valid; expected an amount in dollars of zero or more, "
                   "with at most two decimals, like 1850.00"]


@pytest.mark.parametrize("text,expected", [
    ("state: KY\nstate: KY\n", "the key 'state' appears twice (first on line 1)"),
    ("parties: [\n", "is not valid YAML"),
    ("- a\n- b\n", "must be a mapping of fields"),
    ("state: K\x00Y\n", "NUL byte"),
])
def test_unreadable_files_say_why(text, expected):
    assert expected in problems_of(text)[0]


def test_the_model_and_the_schema_have_the_same_fields():
    """Every schema object has a dataclass with exactly its fields, so nothing is dropped."""
    published = schema()
    defs = published["$defs"]
    pairs = {
        model.Case: published, model.Court: published["properties"]["court"],
        model.CaseNumbers: published["properties"]["case_numbers"], model.Address: defs["address"],
        model.Agent: defs["agent"], model.Attorney: defs["attorney"], model.Party: defs["party"],
        model.Judgment: defs["judgment"], model.Interest: defs["judgment"]["properties"]["interest"],
        model.Payment: defs["payment"], model.Cost: defs["cost"], model.Garnishee: defs["garnishee"],
        model.Wages: defs["garnishee"]["properties"]["wages"], model.Asset: defs["asset"], model.Hearing: defs["hearing"],
        model.RecordFact: defs["record_fact"], model.ArgumentPoint: defs["argument_point"], model.Appeal: defs["appeal"],
        model.Interrogatories: defs["interrogatories"], model.Execution: defs["execution"],
        model.GarnishmentChallenge: defs["garnishment_challenge"], model.Claim: defs["claim"], model.Service: defs["service"],
        model.Finances: defs["finances"], model.Household: defs["household"], model.Employer: defs["employer"],
        model.Dependent: defs["dependent"], model.MonthlyIncome: defs["monthly_income"],
        model.MonthlyExpense: defs["monthly_expense"], model.OwnedAsset: defs["owned_asset"], model.OwedDebt: defs["owed_debt"],
    }
    for cls, obj in pairs.items():
        assert {f.name for f in dataclasses.fields(cls)} == set(obj["properties"]), cls.__name__
        required = {f.name for f in dataclasses.fields(cls)
                    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
        assert required == set(obj.get("required", [])), cls.__name__
    objects = [d for d in defs.values() if d.get("type") == "object"]
    assert len(objects) == len([c for c in pairs if c not in (model.Case, model.Court, model.CaseNumbers, model.Interest, model.Wages)])
    assert all(typing.get_type_hints(cls) for cls in pairs)


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yml")), ids=lambda p: p.stem)
def test_libyaml_reads_each_example_as_the_python_composer_does(example):
    text = example.read_text(encoding="utf-8")
    assert yaml.__with_libyaml__ and len(STRUCTURE.findall(text)) < FAST_NESTING  # so libyaml is the one used
    fast, slow = _compose(text), yaml.compose(text, Loader=CaseLoader)
    assert CaseLoader.construct_document_from(fast) == CaseLoader.construct_document_from(slow)
    assert _line_index(fast) == _line_index(slow)


@pytest.mark.parametrize("text", ["a: [1, 2", "a: b: c", "a: 1\na: 2", "- [" * 400 + "x"])
def test_text_libyaml_refuses_or_too_deep_for_it_gets_pythons_message(text):
    with pytest.raises(InputError) as raised:
        parse_case_text(text)
    try:
        yaml.compose(text, Loader=CaseLoader)
    except yaml.YAMLError as exc:
        expected = str(exc.problem)
    except RecursionError:
        expected = "nested too deeply"
    else:
        expected = "appears twice"
    assert expected in str(raised.value)
