"""examples/ky-two-debtors.yml, two judgment debtors and a lawyer on each side, makes every Kentucky
collection paper: each step of each collection workflow, assembled from the example with the facts
that step needs. On every paper: both debtors named, the creditor's lawyer signing as counsel, the
represented company served through its lawyer and the owner served himself; a paper addressed to
one debtor made once for each."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, FORMS
from docassemble.SmallClaimsCollect import rules
from docassemble.SmallClaimsCollect.casefile import load_case_data

AS_OF = "2026-11-21"
EXAMPLE = EXAMPLES / "ky-two-debtors.yml"
PACKETS = rules.load("KY", "packets")
COLLECTION = [name for name, spec in PACKETS["packets"].items() if spec.get("collects")]
LAWYER_SERVED = "Philip J. Castlen, attorney for Tri-State Tree Service, LLC"

BANK = {"id": "riverbank", "kind": "bank", "name": "Owensboro River Bank, Inc.",
        "address": {"street": "100 Frederica Street", "city": "Owensboro", "state": "KY", "zip": "42301", "county": "Daviess"},
        "service_method": "certified_mail", "order_served": "2026-10-01", "amount_delivered": "0.00"}
EMPLOYER = {"id": "greenriver", "kind": "employer", "name": "Green River Logging, LLC",
            "address": {"street": "55 Lock and Dam Road", "city": "Livermore", "state": "KY", "zip": "42352", "county": "McLean"},
            "service_method": "certified_mail", "order_served": "2026-09-14",
            "wages": {"disposable": "702.15", "period": "weekly"}}
# What each workflow needs beyond the example, so that each of its steps can be made.
STEP_FACTS = {
    "bank_garnishment": {"garnishees": [BANK], "hearings": [{"purpose": "garnishee_to_appear", "date": "2026-12-14",
                                                             "time": "09:30", "place": "Daviess District Court, Courtroom 2"}]},
    "wage_garnishment": {"garnishees": [EMPLOYER], "judgment_against": ["dale", "tristate"]},
    "execution": {"execution": {"issued": "2026-10-20", "served": "2026-10-26", "county": "McLean",
                                "insufficient_property_in_judgment_county": True}},
    "interrogatories": {"interrogatories_dates": {"sent": "2026-09-30", "received": "2026-10-02"}},
}


def case_for(workflow: str) -> dict:
    data = load_case_data(EXAMPLE)
    data["workflow"] = workflow
    facts = dict(STEP_FACTS.get(workflow, {}))
    if "judgment_against" in facts:  # a wage garnishment is of one person's pay: that debtor first
        data["judgment"]["against"] = facts.pop("judgment_against")
    if "interrogatories_dates" in facts:
        data["interrogatories"] = {**data["interrogatories"], **facts.pop("interrogatories_dates")}
    data.update(facts)
    return data


def steps() -> list[tuple[str, str]]:
    return [(workflow, entry["paper"]) for workflow in COLLECTION for entry in PACKETS["packets"][workflow]["papers"]]


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    return flat(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)


def test_the_example_is_two_debtors_with_a_lawyer_on_each_side():
    data = load_case_data(EXAMPLE)
    parties = {p["id"]: p for p in data["parties"]}
    assert len(data["judgment"]["against"]) == 2
    assert parties[data["judgment"]["in_favor_of"]].get("attorney")
    assert [bool(parties[d].get("attorney")) for d in data["judgment"]["against"]] == [True, False]
    assert {parties[d]["kind"] for d in data["judgment"]["against"]} == {"business", "person"}


def test_every_collection_workflow_has_its_papers_here():
    papers = {paper for _, paper in steps()}
    assert {"AOC-145", "AOC-150.1", "motion-garnishee-appear", "AOC-150", "AOC-150.5", "affidavit-insufficient-property",
            "AOC-135", "AOC-140", "notice-of-judgment-lien", "AOC-197", "additional-interrogatories", "AOC-198"} <= papers


@pytest.mark.parametrize("workflow, paper", steps())
def test_each_collection_paper_is_made_for_both_debtors(cli, tmp_path, workflow, paper):
    case = tmp_path / "case.yml"
    case.write_text(yaml.safe_dump(case_for(workflow), sort_keys=False, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    result = cli("assemble", str(case), "-o", str(out), "--as-of", AS_OF, "--step", paper, "--cache", str(FORMS / "KY"))
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    made = [d for d in manifest["documents"] if paper in (d.get("pleading"), d.get("form"))]
    entry = next(e for e in PACKETS["packets"][workflow]["papers"] if e["paper"] == paper)
    if entry.get("each") == "debtors":
        assert sorted(d["to"] for d in made) == ["dale", "tristate"]
    else:
        assert len(made) == 1 and "to" not in made[0]
    user = pdf_text(out / "user-packet.pdf")
    assert "Tri-State Tree Service, LLC" in user and "Dale Emmitt Rowe" in user
    if any(d["kind"] == "generated" for d in made):  # a pleading: signed by the lawyer, served as the rule says
        court = pdf_text(out / "court-packet.pdf")
        assert "TRI-STATE TREE SERVICE, LLC" in court and "DALE EMMITT ROWE" in court  # the caption, both debtors
        assert "Samuel K. Adeyemi Bar No. 97112" in court and "Counsel for Margaret Ellen Haycraft" in court
        assert "Margaret Ellen Haycraft, without a lawyer" not in court
        if not PACKETS["papers"][paper].get("sworn"):  # a sworn paper is signed by the party before the notary
            assert "/s/ Samuel K. Adeyemi" in court
        served = court.split("CERTIFICATE OF SERVICE")[1:]
        if served and to_debtors(entry):
            names = " ".join(served)
            if paper == "notice-of-judgment-lien":  # KRS 426.720: mailed to the debtor itself
                assert "Tri-State Tree Service, LLC, 4410 US Highway 41 North" in names
            else:
                assert LAWYER_SERVED in names and "Tri-State Tree Service, LLC, 4410 US Highway 41 North" not in names
            assert "Dale Emmitt Rowe" in names


def to_debtors(entry: dict) -> bool:
    to = entry.get("to") or []
    return "debtors" in ([to] if isinstance(to, str) else to)


@pytest.mark.parametrize("debtor, to, dear, owes", [
    ("tristate", LAWYER_SERVED, "Dear Philip J. Castlen:", "your client owes"),
    ("dale", "Dale Emmitt Rowe, 9085 Kentucky 136", "Dear Dale Emmitt Rowe:", "you owe"),
])
def test_the_demand_letter_comes_from_the_creditors_lawyer_and_goes_to_a_represented_debtors(cli, tmp_path, debtor, to,
                                                                                            dear, owes):
    result = cli("render", "demand-letter", str(EXAMPLE), "-o", str(tmp_path / "letter.pdf"), "--to", debtor,
                 "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    text = pdf_text(tmp_path / "letter.pdf")
    assert text.startswith("Samuel K. Adeyemi, counsel for Margaret Ellen Haycraft Green River Legal Services")
    assert f"To: {to}" in text and dear in text and f"{owes} $" in text
    assert "for my client, Margaret Ellen Haycraft, in Case No. 26-S-00231" in text
    assert "/s/ Samuel K. Adeyemi" in text and "Bar No. 97112" in text and "/s/ Margaret" not in text
    assert ("wages" in text) == (debtor == "dale")  # a business has no wages to garnish
