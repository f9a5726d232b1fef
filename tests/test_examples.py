"""The example case files in examples/: each loads, has what its workflow needs, and agrees with itself.

Also: JSON is accepted as well as YAML, and docs/case-file.md names every field of the schema.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from docassemble.SmallClaimsCollect.case import Case, Party, case_from_data, load_case
from docassemble.SmallClaimsCollect.casefile import load_case_data, parse_case_text, schema
from docassemble.SmallClaimsCollect.deadlines import compute_deadlines
from conftest import EXAMPLES, ROOT

DOC = ROOT / "docs" / "case-file.md"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yml")) + sorted(EXAMPLES.glob("*.yaml")) + sorted(EXAMPLES.glob("*.json"))

TODAY = date(2026, 11, 21)  # the examples are written as of this day
SMALL_CLAIMS_LIMIT = Decimal("2500")  # KRS 24A.230, exclusive of interest and costs
GARNISHEE_FEE = Decimal("10.00")  # KRS 425.501

EXPECTED = {
    "appeal": "ky-appeal.yml",
    "counterstatement": "ky-counterstatement.yml",
    "wage_garnishment": "ky-wage-garnishment.yml",
    "bank_garnishment": "ky-bank-garnishment.yml",
    "execution": "ky-execution.yml",
    "judgment_lien": "ky-judgment-lien.yml",
    "garnishment_challenge": "ky-garnishment-challenge.yml",
}


def load(name: str) -> Case:
    return load_case(EXAMPLES / name)


def ids(case: Case) -> set[str]:
    return {p.id for p in case.parties}


def below(party: Party) -> set[str]:
    return set(party.roles) & {"plaintiff", "defendant"}


# --- every file ----------------------------------------------------------------------------------
def test_examples_folder_is_not_empty():
    assert EXAMPLE_FILES, f"no case files in {EXAMPLES}"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_loads_and_is_consistent(path: Path):
    case = load_case(path)
    assert case.state == "KY"
    assert case.schema_version == 1
    assert case.filer in ids(case)
    assert path.read_text(encoding="utf-8").startswith("#"), "each example starts with a comment saying what it is"

    for party in case.parties:
        assert party.address.state == "KY" and re.fullmatch(r"4[0-2]\d{3}", party.address.zip), party.id
        assert below(party), f"{party.id} was neither plaintiff nor defendant below"
        if party.phone:
            assert re.search(r"555-01\d\d$", party.phone), "fictional phone numbers only"
        if party.email:
            assert party.email.endswith("example.org"), "fictional email addresses only"

    if case.judgment is None:
        return
    judgment = case.judgment
    assert judgment.entered.year == 2026 and judgment.entered <= TODAY
    assert Decimal("0") < judgment.principal <= SMALL_CLAIMS_LIMIT
    creditor = case.party(judgment.in_favor_of)
    assert creditor.has("judgment_creditor")
    assert judgment.against, "a judgment must be against someone"
    for debtor_id in judgment.against:
        assert debtor_id in ids(case)
        assert case.party(debtor_id).has("judgment_debtor")
        assert debtor_id != judgment.in_favor_of
    assert {p.id for p in case.with_role("judgment_debtor")} == set(judgment.against)
    assert {p.id for p in case.with_role("judgment_creditor")} == {judgment.in_favor_of}

    for payment in case.payments:
        assert judgment.entered <= payment.date <= TODAY
        assert payment.amount > 0
    for cost in case.post_judgment_costs:
        assert judgment.entered <= cost.date <= TODAY
        assert cost.amount > 0
    assert sum((p.amount for p in case.payments), Decimal("0")) < judgment.amount, "examples still have money owed"
    for garnishee in case.garnishees:
        if garnishee.order_served:
            assert judgment.entered + timedelta(days=10) <= garnishee.order_served <= TODAY
    for hearing in case.hearings:
        if hearing.purpose == "trial":
            assert hearing.date <= judgment.entered
        else:
            assert hearing.date > judgment.entered
    if case.service:
        assert case.service.date >= TODAY - timedelta(days=7)


def test_all_seven_workflows_have_an_example():
    found = {load_case(path).workflow: path.name for path in EXAMPLE_FILES}
    assert {w: found.get(w) for w in EXPECTED} == EXPECTED


def test_examples_vary_in_county():
    counties = {load_case(path).court.county for path in EXAMPLE_FILES}
    assert len(counties) == len(EXAMPLE_FILES)


def test_examples_cover_what_the_papers_must_print():
    cases = [load_case(path) for path in EXAMPLE_FILES]
    parties = [p for case in cases for p in case.parties]
    # Names with accents or typographic apostrophes, in at least two files, for the PDF fonts.
    unusual = [case for case in cases if any(re.search(r"[^\x00-\x7f]", p.name) for p in case.parties)]
    assert len(unusual) >= 2
    assert any(p.attorney for p in parties), "at least one party has an attorney"
    assert any(p.kind == "business" and p.process_agent for p in parties), "a business party with a process agent"
    assert any(g.process_agent for case in cases for g in case.garnishees), "a garnishee with a process agent"


# --- each workflow -------------------------------------------------------------------------------
RECORD_REF = re.compile(r"^(R\. \d+(-\d+)?(, R\. \d+(-\d+)?)*|VR \d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}:\d{2})$")
KNOWN_AUTHORITY = re.compile(r"^(KRS \d+[A-Z]?\.\d+|RAP \d+|CR \d+\.\d+|Small Claims Handbook)")


def check_appeal_papers(case: Case) -> None:
    appeal = case.appeal
    assert appeal is not None and case.judgment is not None
    appellant, appellee = case.party(appeal.appellant), case.party(appeal.appellee)
    assert appellant.has("appellant") and len(below(appellant)) == 1
    assert appellee.has("appellee") and len(below(appellee)) == 1
    assert below(appellant) != below(appellee)
    assert appeal.appellant in case.judgment.against, "the losing party appeals"
    assert appeal.appellee == case.judgment.in_favor_of
    assert case.court.level == "circuit" and case.case_numbers.circuit
    assert re.fullmatch(r"\d{2}-XX-\d{5}", case.case_numbers.circuit)
    assert appeal.notice_filed and appeal.notice_filed >= case.judgment.entered
    assert appeal.statement_of_case
    for fact in appeal.statement_of_case:
        assert RECORD_REF.match(fact.record), fact.record
    assert any(f.record.startswith("VR ") for f in appeal.statement_of_case)
    assert any(f.record.startswith("R. ") for f in appeal.statement_of_case)
    assert len(appeal.argument) >= 2
    for point in appeal.argument:
        assert point.heading and point.citations
        for citation in point.citations:
            assert KNOWN_AUTHORITY.match(citation), citation
            assert " v. " not in citation, "no case law in the examples"
    assert appeal.relief
    assert case.service is not None


def test_appeal():
    case = load(EXPECTED["appeal"])
    check_appeal_papers(case)
    appeal = case.appeal
    assert case.filer == appeal.appellant
    appellant = case.party(appeal.appellant)
    assert appellant.has("defendant") and appellant.kind == "person"
    assert appeal.fee_waiver is True
    assert case.service.method == "first_class_mail"
    assert appeal.statement_filed is None
    cited = {c for p in appeal.argument for c in p.citations}
    assert "KRS 24A.230" in cited
    got = compute_deadlines("KY", {"entered": case.judgment.entered, "notice_of_appeal_filed": appeal.notice_filed})
    assert not got.warnings, "the notice of appeal was filed in time (KRS 24A.340)"
    statement_due = {d.key: d.date for d in got.deadlines}["statement_of_appeal_due"]
    assert statement_due > TODAY


def test_counterstatement():
    case = load(EXPECTED["counterstatement"])
    check_appeal_papers(case)
    appeal = case.appeal
    assert case.filer == appeal.appellee
    assert case.party(case.filer).has("judgment_creditor")
    assert appeal.statement_filed and appeal.statement_filed >= appeal.notice_filed
    assert appeal.counterstatement_filed is None
    got = compute_deadlines("KY", {"entered": case.judgment.entered, "notice_of_appeal_filed": appeal.notice_filed,
                                   "statement_of_appeal_filed": appeal.statement_filed})
    due = {d.key: d.date for d in got.deadlines}
    assert case.service.date <= due["counterstatement_due"], "the counterstatement goes out in time"
    # The first argument point says the notice was late; the deadline engine must agree.
    assert "KRS 24A.340" in appeal.argument[0].citations
    assert appeal.notice_filed > due["notice_of_appeal_due"]
    # The appellant has a lawyer: the certificate of service names the lawyer.
    assert case.party(appeal.appellant).attorney is not None


def test_wage_garnishment():
    case = load(EXPECTED["wage_garnishment"])
    assert case.party(case.filer).has("judgment_creditor")
    employers = [g for g in case.garnishees if g.kind == "employer"]
    assert employers and all(g.wages for g in employers)
    assert employers[0].wages.disposable > 0 and employers[0].wages.period in {"weekly", "biweekly", "semimonthly", "monthly"}
    assert case.payments, "a payment received since the judgment"
    assert any(c.amount == GARNISHEE_FEE and "425.501" in c.description for c in case.post_judgment_costs)
    assert any("garnishment" in c.description and c.amount != GARNISHEE_FEE for c in case.post_judgment_costs)
    earliest = case.judgment.garnishment_allowed_from or case.judgment.entered + timedelta(days=10)
    assert all(c.date >= earliest for c in case.post_judgment_costs)


def test_bank_garnishment():
    case = load(EXPECTED["bank_garnishment"])
    assert case.party(case.filer).has("judgment_creditor")
    banks = [g for g in case.garnishees if g.kind == "bank"]
    assert banks
    bank = banks[0]
    assert bank.process_agent is not None and bank.order_served is not None
    answer_due = {d.key: d.date for d in compute_deadlines(
        "KY", {"entered": case.judgment.entered, "garnishee_served": bank.order_served}).deadlines}["garnishee_answer_due"]
    assert answer_due < TODAY, "the 20 days for the garnishee's answer have run"
    assert bank.amount_delivered == 0
    appear = [h for h in case.hearings if h.purpose == "garnishee_to_appear"]
    assert appear and appear[0].date > answer_due and appear[0].time and appear[0].place
    assert any(c.amount == GARNISHEE_FEE for c in case.post_judgment_costs)


def test_execution():
    case = load(EXPECTED["execution"])
    assert case.party(case.filer).has("judgment_creditor")
    kinds = {a.kind for a in case.assets}
    assert {"motor_vehicle", "household_goods", "tools_of_trade"} <= kinds
    vehicle = next(a for a in case.assets if a.kind == "motor_vehicle")
    assert vehicle.amount_owed > 0 and vehicle.purchase_money_lien and vehicle.equity == vehicle.value - vehicle.amount_owed
    tools = next(a for a in case.assets if a.kind == "tools_of_trade")
    assert tools.owner_occupation
    assert all(a.county for a in case.assets)
    elsewhere = [a for a in case.assets if a.county != case.court.county]
    assert elsewhere, "something in another county"
    execution = case.execution
    assert execution is not None and execution.issued and execution.served
    assert case.judgment.entered + timedelta(days=10) <= execution.issued <= execution.served <= TODAY
    # The affidavit of insufficient property fits: the execution goes to another county, where the property is.
    assert execution.insufficient_property_in_judgment_county is True
    assert execution.county != case.court.county
    assert any(a.county == execution.county for a in case.assets)
    assert any(p.source == "execution" and p.date >= execution.served for p in case.payments)


def test_judgment_lien():
    case = load(EXPECTED["judgment_lien"])
    assert case.party(case.filer).has("judgment_creditor")
    residences = [a for a in case.assets if a.kind == "residence"]
    assert residences
    home = residences[0]
    assert home.value > 0 and home.amount_owed > 0 and home.acquired and home.county
    assert home.acquired < case.judgment.entered
    # The debtor lives there: a judgment debtor's address is the residence.
    debtors = [case.party(i) for i in case.judgment.against]
    assert any(d.address.street in home.location for d in debtors if home.location)
    assert {d.kind for d in debtors} & {"business", "person"}
    assert case.service and case.service.method == "first_class_mail", "KRS 426.720: a copy by first-class mail"


def test_garnishment_challenge():
    case = load(EXPECTED["garnishment_challenge"])
    filer = case.party(case.filer)
    assert filer.has("judgment_debtor") and case.filer in case.judgment.against
    challenge = case.garnishment_challenge
    assert challenge.garnishment == "wage"
    assert len(challenge.reasons.split()) > 20 and " I " in f" {challenge.reasons} ", "in the debtor's own words"
    garnishee = next(g for g in case.garnishees if g.id == challenge.garnishee)
    assert garnishee.kind == "employer" and garnishee.wages
    assert challenge.amount_claimed_exempt and challenge.amount_claimed_exempt < garnishee.wages.disposable
    assert challenge.notice_received and challenge.notice_received >= case.judgment.entered
    assert any(h.purpose == "exemption_challenge" for h in case.hearings)


# --- JSON as well as YAML ------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["ky-appeal.yml", "ky-execution.yml"])
def test_json_copy_loads_to_the_same_case(tmp_path: Path, name: str):
    data = load_case_data(EXAMPLES / name)
    copy = tmp_path / (Path(name).stem + ".json")
    copy.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    assert load_case(copy) == load_case(EXAMPLES / name)


def test_json_with_real_numbers_loads_to_the_same_case(tmp_path: Path):
    """JSON people write by hand has numbers, not text: 1 and 2300.0 mean the same as "1" and "2300.00"."""
    data = load_case_data(EXAMPLES / "ky-appeal.yml")
    data["schema_version"] = 1
    data["judgment"]["principal"] = float(data["judgment"]["principal"])
    data["judgment"]["court_costs"] = float(data["judgment"]["court_costs"])
    data["judgment"]["interest"]["rate_percent"] = int(data["judgment"]["interest"]["rate_percent"])
    copy = tmp_path / "appeal.json"
    copy.write_text(json.dumps(data), encoding="utf-8")
    assert load_case(copy) == load_case(EXAMPLES / "ky-appeal.yml")


# --- the documentation keeps up with the schema --------------------------------------------------
def schema_objects(node=None):
    """Every mapping in the schema, at any depth (top level, $defs, and objects inside them)."""
    node = schema() if node is None else node
    if isinstance(node, dict):
        yield node
        children = node.values()
    else:
        children = node if isinstance(node, list) else []
    for child in children:
        yield from schema_objects(child)


def schema_property_names() -> set[str]:
    """Every property name in the schema."""
    return {name for obj in schema_objects() if isinstance(obj.get("properties"), dict) for name in obj["properties"]}


def test_schema_property_walk_finds_nested_fields():
    names = schema_property_names()
    assert {"workflow", "entered", "rate_percent", "disposable", "street2", "insufficient_property_in_judgment_county"} <= names


def test_doc_names_every_schema_field():
    text = DOC.read_text(encoding="utf-8")
    missing = sorted(name for name in schema_property_names() if f"`{name}`" not in text)
    assert not missing, f"docs/case-file.md does not describe: {', '.join(missing)}"


def test_doc_names_every_workflow_and_enum_value():
    text = DOC.read_text(encoding="utf-8")
    values = {v for obj in schema_objects() if isinstance(obj.get("enum"), list)
              for v in obj["enum"] if isinstance(v, str) and not v.isdigit()}
    missing = sorted(v for v in values if f"`{v}`" not in text)
    assert not missing, f"docs/case-file.md does not list: {', '.join(missing)}"


def test_doc_workflow_table_matches_schema():
    """The doc's table of what each workflow needs is the schema's allOf/if-then."""
    text = DOC.read_text(encoding="utf-8")
    for rule in schema()["allOf"]:
        condition = rule["if"]["properties"]["workflow"]
        if "not" in condition:  # every workflow but one: said in the sentence above the table
            sentence = " ".join(text.split()).split("The workflow adds these sections")[0]
            assert f"every workflow but `{condition['not']['const']}` needs" in sentence
            assert all(f"`{section}`" in sentence for section in rule["then"]["required"])
            continue
        workflow = condition["const"]
        needed = rule["then"]["required"]
        row = next((line for line in text.splitlines() if line.startswith(f"| `{workflow}` |")), None)
        assert row, f"no row for {workflow} in the workflow table"
        for section in needed:
            assert f"`{section}`" in row, f"{workflow} needs {section}"


def test_doc_example_is_a_valid_case_file():
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    complete = [b for b in blocks if b.lstrip("# \n").startswith("schema_version") or "\nschema_version:" in b]
    assert complete, "the doc has a complete example in a ```yaml block"
    for block in complete:
        data = parse_case_text(block, name="docs/case-file.md example")
        case_from_data(data)
