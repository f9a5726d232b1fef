"""The form data files (data/templates/forms/*.yml) and the fact context their expressions run on.

The field maps of AOC-026 and AOC-175 are checked against the real PDFs in ../shared/forms/KY;
expected values come from the example case files, not from the code under test.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from datetime import date
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import pytest
import yaml
from jinja2 import meta
from jinja2.sandbox import SecurityError
from pypdf import PdfReader

from conftest import EXAMPLES, ROOT
from docassemble.SmallClaimsCollect.case import Case, case_from_data, load_case
from docassemble.SmallClaimsCollect.case_report import balance_for
from docassemble.SmallClaimsCollect.casefile import load_case_data, parse_case_text, schema
from docassemble.SmallClaimsCollect.deadlines import compute_deadlines
from docassemble.SmallClaimsCollect.errors import InputError
from docassemble.SmallClaimsCollect.form_facts import (
    ENV, FORMS_DIR, SPEC_KEYS, form_facts, form_specs, load_form_spec, map_values, render_value, worksheet_items,
)
from docassemble.SmallClaimsCollect.wage_garnishment import garnishment_limit

SHARED = ROOT.parent / "shared"
PDFS = SHARED / "forms" / "KY"
AS_OF = date(2026, 11, 21)  # the examples are written as of this day
URL = "https://www.kycourts.gov/Legal-Forms/Legal%20Forms/{}.pdf"

# The Kentucky forms the handbook's appendix names, and the fee waiver (law-facts.md).
HANDBOOK_FORMS = ["AOC-135", "AOC-135.1", "AOC-140", "AOC-145", "AOC-150", "AOC-150.1", "AOC-150.2", "AOC-150.5",
                  "AOC-175", "AOC-180", "AOC-185", "AOC-191", "AOC-197", "AOC-198", "AOC-199"]
CLERK_FORMS = {"AOC-135", "AOC-150", "AOC-150.5"}  # multi-part, "not available in a fillable format"
MAPPED = {"AOC-026": "Rev. 10-22", "AOC-175": "Rev. 5-11"}
DATA_FILES = sorted(FORMS_DIR.glob("*.yml"))

COMPLAINT = """
schema_version: 1
state: KY
workflow: complaint
filer: marisol
court: {county: Boone, level: district, division: Small Claims Division}
case_numbers: {district: 26-S-00871}
parties:
  - id: marisol
    name: Marisol Ortega-Hayes
    kind: person
    roles: [plaintiff]
    address: {street: 22 Burlington Pike, city: Florence, state: KY, zip: "41042"}
  - id: quickfix
    name: Northern Kentucky Appliance Repair, LLC
    kind: business
    doing_business_as: QuickFix Appliance
    roles: [defendant]
    address: {street: 7100 Industrial Road, street2: Suite 4, city: Florence, state: KY, zip: "41042"}
claim:
  amount: 1250.00
  description: Paid $1,250 for a refrigerator repair that was never done; the company kept the part and the money.
  claim_type: money
  plaintiff_type: individual
"""


def raw(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def complaint(**claim) -> Case:
    data = parse_case_text(COMPLAINT)
    data["claim"].update(claim)
    return case_from_data(data)


def long_date(iso: str) -> str:
    day = date.fromisoformat(str(iso))
    return f"{day:%B} {day.day}, {day.year}"


def party_with(data: dict, role: str) -> dict:
    return next(p for p in data["parties"] if role in p["roles"])


def expressions(spec) -> list[str]:
    return list(spec.fields.values()) + [item.value for item in spec.worksheet.items]


def schema_has(path: str) -> bool:
    """Whether a fact path ("judgment.entered", "parties[].address") names a field of the case-file schema."""
    root = schema()
    node = root
    for part in path.split("."):
        while "$ref" in node:
            node = root["$defs"][node["$ref"].rsplit("/", 1)[1]]
        name = part.removesuffix("[]")
        if name not in node.get("properties", {}):
            return False
        node = node["properties"][name]
        if part.endswith("[]"):
            while "$ref" in node:
                node = root["$defs"][node["$ref"].rsplit("/", 1)[1]]
            if node.get("type") != "array":
                return False
            node = node["items"]
    return True


@pytest.fixture(scope="module")
def fact_names() -> set[str]:
    return set(form_facts(load_case(EXAMPLES / "ky-bank-garnishment.yml"), AS_OF))


# --- every data file ------------------------------------------------------------------------------
def test_every_form_the_handbook_names_has_a_data_file_and_no_other():
    assert sorted(p.stem for p in DATA_FILES) == sorted(["AOC-026", *HANDBOOK_FORMS])
    assert [s.number for s in form_specs("KY")] == sorted(["AOC-026", *HANDBOOK_FORMS])
    assert form_specs("CO") == []


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.stem)
def test_data_file_has_every_key_in_order(path: Path):
    data = raw(path)
    assert tuple(data) == SPEC_KEYS
    assert data["number"] == path.stem
    assert data["state"] == "KY"
    assert data["kind"] == ("clerk" if path.stem in CLERK_FORMS else "fillable")
    assert all(isinstance(data[k], str) and data[k].strip() for k in ("title", "purpose", "source"))
    assert set(data["worksheet"]) == {"where_to_file", "items"} and data["worksheet"]["where_to_file"].strip()
    for item in data["worksheet"]["items"]:
        assert set(item) <= {"ask", "value", "source"} and {"ask", "value"} <= set(item)
        assert item["ask"].strip() and isinstance(item["value"], str)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.stem)
def test_title_is_the_one_the_handbook_or_law_facts_gives(path: Path):
    number, title = path.stem, raw(path)["title"]
    if number == "AOC-026":
        row = next(line for line in (SHARED / "docs" / "law-facts.md").read_text().splitlines() if line.startswith("| AOC-026"))
        assert f"| {title} (Rev. 10-22)" in row
    else:
        handbook = (SHARED / "seeds" / "ky-small-claims-handbook.txt").read_text(encoding="utf-8")
        line = re.search(rf"^(.*), form {re.escape(number)}\*?$", handbook, re.M)
        assert line and title in line.group(1)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.stem)
def test_where_the_pdf_comes_from_and_which_revisions_are_known(path: Path):
    spec = load_form_spec(path.stem)
    if spec.kind == "clerk":
        assert spec.url is None and spec.file is None
    else:
        assert spec.url == URL.format(spec.number.removeprefix("AOC-"))
        assert spec.file == f"{spec.number}.pdf"
    if spec.number in MAPPED:
        assert spec.revision == MAPPED[spec.number]
        assert [r.revision for r in spec.known_revisions] == [spec.revision]
        assert spec.fields
    else:
        assert spec.revision is None and spec.known_revisions == [] and spec.fields == {}


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.stem)
def test_facts_are_case_file_fields(path: Path):
    facts = load_form_spec(path.stem).facts
    assert facts and len(facts) == len(set(facts))
    assert [f for f in facts if not schema_has(f)] == []


def test_schema_paths_are_checked_for_real():
    assert schema_has("parties[].address") and schema_has("judgment.interest") and schema_has("filer")
    assert not schema_has("judgment.entred") and not schema_has("parties.name") and not schema_has("court[].county")


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.stem)
def test_every_expression_compiles_and_uses_only_fact_names(path: Path, fact_names: set[str]):
    for expression in expressions(load_form_spec(path.stem)):
        used = meta.find_undeclared_variables(ENV.parse(expression))
        assert used <= fact_names, (expression, used - fact_names)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.stem)
def test_every_expression_renders_on_every_example(path: Path):
    spec = load_form_spec(path.stem)
    for example in sorted(EXAMPLES.glob("*.yml")):
        case = load_case(example)
        values = map_values(spec, case, AS_OF).values
        assert set(values) == set(spec.fields)
        assert all(isinstance(v, (str, bool)) for v in values.values())
        items = worksheet_items(spec, case, AS_OF)
        assert [i.ask for i in items] == [i.ask for i in spec.worksheet.items]
        assert not any("None" in i.value for i in items), example.name


# --- the two real PDFs ----------------------------------------------------------------------------
@pytest.mark.parametrize("number", sorted(MAPPED))
def test_known_revision_is_the_pdf_in_shared_forms(number: str):
    spec = load_form_spec(number)
    digest = hashlib.sha256((PDFS / spec.file).read_bytes()).hexdigest()
    assert [r.sha256 for r in spec.known_revisions] == [digest]


@pytest.mark.parametrize("number", sorted(MAPPED))
def test_every_mapped_field_is_in_the_pdf(number: str):
    spec = load_form_spec(number)
    pdf_fields = PdfReader(PDFS / spec.file).get_fields()
    assert sorted(set(spec.fields) - set(pdf_fields)) == []


def test_county_combo_gets_one_of_its_own_choices():
    combo = PdfReader(PDFS / "AOC-026.pdf").get_fields()["County Dropdown"]
    # This PDF keeps the choices on each widget, not on the field.
    options = [o for kid in combo["/Kids"] for o in kid.get_object().get("/Opt", [])]
    choices = {str(o[1] if isinstance(o, list) else o) for o in options}
    assert len(choices) == 121  # a blank and the 120 counties
    spec = load_form_spec("AOC-026")
    cases = [load_case(p) for p in sorted(EXAMPLES.glob("*.yml"))]
    # The PDF spells two counties its own way; the map turns the right spelling into the PDF's.
    appeal = load_case(EXAMPLES / "ky-appeal.yml")
    cases += [dataclasses.replace(appeal, court=dataclasses.replace(appeal.court, county=c)) for c in ("Bullitt", "LaRue")]
    for case in cases:
        assert map_values(spec, case, AS_OF).values["County Dropdown"] in choices, case.court.county


def test_aoc_026_for_the_appeal_example():
    data = load_case_data(EXAMPLES / "ky-appeal.yml")
    filer = next(p for p in data["parties"] if p["id"] == data["filer"])
    area, local = filer["phone"].split("-", 1)
    mapped = map_values(load_form_spec("AOC-026"), load_case(EXAMPLES / "ky-appeal.yml"), AS_OF)
    assert data["court"]["level"] == "circuit"
    caption = ("Case Number", "Court", "County Dropdown", "Division", "Plaintiff", "Defendant", "Text Field 6",
               "Text Field 7", "Text Field 8", "Text Field 10", "Text Field 11", "Text Field 1010")
    assert {name: mapped.values[name] for name in caption} == {
        "Case Number": data["case_numbers"]["circuit"],
        "Court": "Circuit",
        "County Dropdown": data["court"]["county"],
        "Division": "",
        "Plaintiff": party_with(data, "plaintiff")["name"],
        "Defendant": party_with(data, "defendant")["name"],
        "Text Field 6": filer["name"],
        "Text Field 7": filer["address"]["street"],
        "Text Field 8": f"{filer['address']['city']}, {filer['address']['state']} {filer['address']['zip']}",
        "Text Field 10": area,
        "Text Field 11": local,
        "Text Field 1010": filer["name"],
    }
    # the financial statement, from the example's finances (tests/test_fee_waiver_finances.py checks every box)
    assert (mapped.values["Text Field 9"], mapped.values["Employed"], mapped.values["Married"]) == ("06/09/1986", "Yes part", "no")
    assert [mapped.values[t] for t in ("Text Field 61", "Text Field 62", "Assests Total", "Debts Total")] == [
        "1798.67", "2023.90", "3447.46", "2450.55"]
    assert mapped.missing == []


def test_aoc_026_reports_a_missing_circuit_case_number():
    case = load_case(EXAMPLES / "ky-appeal.yml")
    case = dataclasses.replace(case, case_numbers=dataclasses.replace(case.case_numbers, circuit=None))
    mapped = map_values(load_form_spec("AOC-026"), case, AS_OF)
    assert mapped.values["Case Number"] == ""
    assert mapped.missing == ["circuit_case_number"]


def test_aoc_026_in_district_court_uses_the_district_case_number_and_division():
    data = load_case_data(EXAMPLES / "ky-bank-garnishment.yml")
    values = map_values(load_form_spec("AOC-026"), load_case(EXAMPLES / "ky-bank-garnishment.yml"), AS_OF).values
    assert values["Case Number"] == data["case_numbers"]["district"]
    assert (values["Court"], values["Division"]) == ("District", data["court"]["division"])


def test_aoc_175_for_a_complaint_against_a_business():
    data = parse_case_text(COMPLAINT)
    plaintiff, defendant = party_with(data, "plaintiff"), party_with(data, "defendant")
    mapped = map_values(load_form_spec("AOC-175"), complaint(), AS_OF)
    assert mapped.values == {
        "county": "Boone",
        "plaintiff_full_name": plaintiff["name"],
        "plaintiff_address_1": plaintiff["address"]["street"],
        "plaintiff_address_2": "",
        "plaintiff_city_state_zip": "Florence, KY 41042",
        "defendant_company": "X",
        "defendant_individual": "",
        "defendant_full_name": f"{defendant['name']} d/b/a {defendant['doing_business_as']}",
        "defendant_address_1": defendant["address"]["street"],
        "defendant_address_2": defendant["address"]["street2"],
        "defendant_city_state_zip": "Florence, KY 41042",
        "plaintiff_full_name_2": plaintiff["name"],
        "claims": data["claim"]["description"],
        "claims_sum": "1,250.00",
    }
    assert mapped.missing == []


def test_aoc_175_reports_a_missing_description():
    case = complaint()
    case = dataclasses.replace(case, claim=dataclasses.replace(case.claim, description=None))
    mapped = map_values(load_form_spec("AOC-175"), case, AS_OF)
    assert mapped.values["claims"] == ""
    assert mapped.missing == ["case.claim.description"]


# --- worksheets -----------------------------------------------------------------------------------
def test_aoc_150_1_worksheet_for_the_bank_garnishment():
    data = load_case_data(EXAMPLES / "ky-bank-garnishment.yml")
    case = load_case(EXAMPLES / "ky-bank-garnishment.yml")
    debtor = party_with(data, "judgment_debtor")
    garnishee = data["garnishees"][0]
    items = {i.ask: i for i in worksheet_items(load_form_spec("AOC-150.1"), case, AS_OF)}
    debtor_item = items["Judgment debtor's name and last known address"]
    assert debtor_item.value.startswith(f"{debtor['name']}, {debtor['address']['street']}, {debtor['address']['city']}")
    assert debtor_item.source == "KRS 425.501(1)"
    assert items["The date of the judgment"].value == long_date(data["judgment"]["entered"])
    balance = Decimal(balance_for(case, AS_OF).as_dict()["balance"])
    amount = next(i for ask, i in items.items() if ask.startswith("The amount due"))
    assert amount.value == f"${balance:,.2f} on November 21, 2026"
    garnishee_item = next(i for ask, i in items.items() if ask.startswith("The garnishee"))
    assert garnishee["name"] in garnishee_item.value and garnishee["process_agent"]["name"] in garnishee_item.value
    costs = next(i for ask, i in items.items() if ask.startswith("The costs"))
    assert all(c["description"] in costs.value and f"${Decimal(c['amount']):,.2f}" in costs.value
               for c in data["post_judgment_costs"])
    assert list(items)[-1].startswith("Anything else the form asks for")


def test_aoc_150_2_worksheet_names_the_wage_limit_beside_the_amount_claimed():
    data = load_case_data(EXAMPLES / "ky-garnishment-challenge.yml")
    case = load_case(EXAMPLES / "ky-garnishment-challenge.yml")
    wages = data["garnishees"][0]["wages"]
    limit = garnishment_limit("KY", Decimal(wages["disposable"]), wages["period"]).max_garnishable
    items = {i.ask: i.value for i in worksheet_items(load_form_spec("AOC-150.2"), case, AS_OF)}
    amount = items["How much of the money you say is exempt"]
    assert amount.startswith(f"${Decimal(data['garnishment_challenge']['amount_claimed_exempt']):,.2f} ")
    assert f"${limit:,.2f}" in amount
    assert items["Why it is exempt, in your own words"] == data["garnishment_challenge"]["reasons"]


# --- the fact context -----------------------------------------------------------------------------
def test_fact_context_for_a_bank_garnishment():
    data = load_case_data(EXAMPLES / "ky-bank-garnishment.yml")
    case = load_case(EXAMPLES / "ky-bank-garnishment.yml")
    facts = form_facts(case, AS_OF)
    assert {"case", "court", "case_number", "circuit_case_number", "creditor", "debtor", "debtors", "plaintiff",
            "defendant", "filer", "garnishee", "garnishees", "judgment", "balance", "deadlines", "wage_limit",
            "as_of", "today"} <= set(facts)
    assert facts["creditor"].id == data["judgment"]["in_favor_of"] and facts["debtor"].id == data["judgment"]["against"][0]
    assert facts["case_number"] == data["case_numbers"]["district"] and facts["circuit_case_number"] is None
    assert facts["garnishee"].name == data["garnishees"][0]["name"]
    assert facts["balance"] == balance_for(case, AS_OF).as_dict()
    answer = compute_deadlines("KY", {"garnishee_served": date.fromisoformat(data["garnishees"][0]["order_served"])})
    assert facts["deadlines"]["garnishee_answer_due"] == answer.deadlines[0].date.isoformat()
    assert facts["deadlines"]["garnishment_earliest"] == "2026-08-31"  # 10 days after 2026-08-20 is a Sunday
    assert facts["wage_limit"] is None and facts["today"] == facts["as_of"] == AS_OF


def test_fact_context_wage_limit_for_the_employer():
    data = load_case_data(EXAMPLES / "ky-wage-garnishment.yml")
    wages = data["garnishees"][0]["wages"]
    facts = form_facts(load_case(EXAMPLES / "ky-wage-garnishment.yml"), AS_OF)
    assert facts["wage_limit"]["garnishee"] == data["garnishees"][0]["name"]
    assert facts["wage_limit"]["max_garnishable"] == str(garnishment_limit("KY", Decimal(wages["disposable"]), wages["period"]).max_garnishable.quantize(Decimal("0.01"), ROUND_DOWN))


def test_fact_context_before_judgment():
    facts = form_facts(complaint(), AS_OF)
    assert facts["creditor"].id == "marisol" and facts["debtor"].id == "quickfix"
    assert facts["judgment"] is None and facts["balance"] is None and facts["garnishee"] is None
    assert render_value("{{ balance.balance | money }}|{{ judgment.entered | date }}", facts) == "|"


# --- rendering ------------------------------------------------------------------------------------
def test_case_file_text_is_data_never_a_template():
    case = load_case(EXAMPLES / "ky-appeal.yml")
    tricky = ["{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}", "{{ case.__class__ }}"]
    parties = [dataclasses.replace(p, name=tricky[i]) for i, p in enumerate(case.parties)]
    case = dataclasses.replace(case, parties=parties)
    values = map_values(load_form_spec("AOC-026"), case, AS_OF).values
    assert values["Text Field 6"] == "{{ 7*7 }}"  # the filer
    assert values["Plaintiff"] == "{% for x in range(3) %}x{% endfor %}"
    assert render_value("{{ 7*7 }}", form_facts(case, AS_OF)) == "49"  # the map's own expression is a template


def test_expressions_run_in_a_sandbox():
    facts = form_facts(load_case(EXAMPLES / "ky-appeal.yml"), AS_OF)
    for expression in ("{{ case.__class__.__mro__ }}", "{{ debtor.roles.append('x') }}", "{{ ''.__class__ }}"):
        with pytest.raises(SecurityError):
            render_value(expression, facts)


def test_filters():
    case = load_case(EXAMPLES / "ky-appeal.yml")
    facts = form_facts(case, AS_OF)
    assert render_value("{{ '1234.5' | money }}|{{ judgment.principal | money }}|{{ '0.005' | money }}", facts) == "1,234.50|2,300.00|0.01"
    assert render_value("{{ judgment.entered | date }}|{{ '2026-03-02' | date }}|{{ judgment.entered | short_date }}", facts) \
        == "November 12, 2026|March 2, 2026|11/12/2026"
    assert render_value("{{ filer.address | one_line }}", facts) == "1147 Maple Leaf Drive, Apt. 3, Lexington, KY 40505"
    assert render_value("{{ filer.address | lines }}", facts) == "1147 Maple Leaf Drive, Apt. 3\nLexington, KY 40505"
    assert render_value("{{ '+1 (859) 555-0142' | area_code }} {{ '+1 (859) 555-0142' | local_number }}", facts) == "859 555-0142"
    assert render_value("[{{ '555-0142' | area_code }}] {{ '555-0142' | local_number }}", facts) == "[] 555-0142"
    assert render_value("[{{ none }}{{ circuit_case_number }}{{ debtor.attorney | one_line }}]", facts) == "[26-XX-00187]"


def test_checkbox_expressions_give_booleans_and_unknown_names_are_missing():
    spec = dataclasses.replace(load_form_spec("AOC-026"), fields={
        "waiver": "{{ 'true' if case.appeal.fee_waiver else 'false' }}",
        "oral": "{{ 'true' if case.appeal.appealed_before else 'false' }}",
        "nick": "{{ debtor.nickname }}",
        "email": "{{ creditor.email }}|{{ garnishee.name }}|{{ debtors[3].name }}",
    })
    mapped = map_values(spec, load_case(EXAMPLES / "ky-appeal.yml"), AS_OF)
    assert mapped.values["waiver"] is True and mapped.values["oral"] is False
    assert mapped.missing == ["debtor.nickname", "garnishee.name", "debtors[3].name"]
    assert mapped.values["email"] == "office@limestonehandyman.example.org||"


def test_unknown_form_names_the_nearest():
    with pytest.raises(InputError) as error:
        load_form_spec("AOC-150.3")
    problem = error.value.problems[0]
    assert problem.field == "form" and problem.message.startswith("no form AOC-150.3; known: ")
    assert "AOC-150.1" in problem.message and "AOC-026" not in problem.message
    with pytest.raises(InputError):
        load_form_spec("../../rules/ky/holidays")

