"""A judgment against two debtors: every paper names each of them whole, one per caption row;
a paper addressed to one debtor (the additional interrogatories) is made for each, sworn and
served on that debtor; a joint paper serves each debtor."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

from conftest import EXAMPLES, FORMS
from docassemble.SmallClaimsCollect.casefile import load_case_data

AS_OF = "2026-11-21"
QUESTIONS = ["Where do you keep the stump grinder?", "Who pays you for tree work?"]


def two_debtors(**changes) -> dict:
    """The lien example: Margaret Ellen Haycraft (with a lawyer) won against Tri-State Tree Service,
    LLC and Dale Emmitt Rowe."""
    data = load_case_data(EXAMPLES / "ky-judgment-lien.yml")
    data.update(changes)
    return data


def pdf_text(path: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())


def assemble_interrogatories(cli, tmp_path: Path) -> tuple[Path, dict]:
    """The two-debtor case's interrogatories packet, assembled: its folder and its manifest."""
    data = two_debtors(workflow="interrogatories", interrogatories={"additional_questions": QUESTIONS})
    case = tmp_path / "case.yml"
    case.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    result = cli("assemble", str(case), "-o", str(out), "--as-of", AS_OF, "--cache", str(FORMS / "KY"))
    assert result.returncode == 0, result.stderr
    return out, json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_the_caption_lists_each_party_whole_on_its_own_row(cli, tmp_path):
    case = tmp_path / "case.yml"
    case.write_text(yaml.safe_dump(two_debtors(), sort_keys=False), encoding="utf-8")
    result = cli("render", "notice-of-judgment-lien", str(case), "-o", str(tmp_path / "lien.pdf"), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    layout = subprocess.run(["pdftotext", "-layout", str(tmp_path / "lien.pdf"), "-"], capture_output=True, text=True,
                            check=True).stdout.splitlines()
    rows = [" ".join(line.split()) for line in layout if "DEFENDANT" in line or "PLAINTIFF" in line]
    assert rows[:3] == ["MARGARET ELLEN HAYCRAFT PLAINTIFF", "TRI-STATE TREE SERVICE, LLC DEFENDANT",
                        "DALE EMMITT ROWE DEFENDANT"]


def test_interrogatories_are_made_for_each_debtor_and_served_on_each(cli, tmp_path):
    out, manifest = assemble_interrogatories(cli, tmp_path)
    sets = [d for d in manifest["documents"] if d.get("pleading") == "additional-interrogatories"]
    assert [(d["to"], d["title"], d["word"]) for d in sets] == [
        ("tristate", "Additional Interrogatories to Tri-State Tree Service, LLC", "additional-interrogatories-tristate.docx"),
        ("dale", "Additional Interrogatories to Dale Emmitt Rowe", "additional-interrogatories-dale.docx")]
    assert all((out / d["word"]).exists() for d in sets)
    text = pdf_text(out / "court-packet.pdf")
    for name, address in (("Tri-State Tree Service, LLC", "4410 Highway 144, Owensboro, KY 42303"),
                          ("Dale Emmitt Rowe", "9085 Kentucky 56, Owensboro, KY 42301")):
        assert f"To {name}: these questions are served" in text
        assert f"to: {name}, {address}." in text  # each set's certificate: served on its own debtor
    assert "Subscribed and sworn to or affirmed before me by Dale Emmitt Rowe on" in text
    # a business swears through its officer or agent: "By:", name and title written in
    assert "(title) of Tri-State Tree Service, LLC, on" in text and "I may answer these questions for Tri-State" in text
    # the answers go back to the creditor's lawyer
    assert "return a copy of your answers to Samuel K. Adeyemi, attorney for Margaret Ellen Haycraft, 120 West Second" in text
    page = pdf_text(out / "user-packet.pdf")
    assert "Additional Interrogatories to Dale Emmitt Rowe" in page


def test_one_debtors_copy_by_its_id_and_a_wrong_id_named(cli, tmp_path):
    data = two_debtors(interrogatories={"additional_questions": QUESTIONS})
    case = tmp_path / "case.yml"
    case.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = cli("render", "demand-letter", str(case), "-o", str(tmp_path / "letter.pdf"), "--as-of", AS_OF, "--to", "dale")
    assert result.returncode == 0, result.stderr
    text = pdf_text(tmp_path / "letter.pdf")
    assert "Dear Dale Emmitt Rowe:" in text and "Dear Tri-State" not in text
    wrong = cli("render", "demand-letter", str(case), "-o", str(tmp_path / "x.pdf"), "--as-of", AS_OF, "--to", "margaret")
    assert wrong.returncode == 2 and "--to: 'margaret' is not a judgment debtor; the debtors: tristate, dale" in wrong.stderr


def test_the_garnishee_motion_serves_every_debtor(cli, tmp_path):
    data = load_case_data(EXAMPLES / "ky-bank-garnishment.yml")
    data["parties"].append({"id": "rhonda", "name": "Rhonda K. Stamper", "kind": "person",
                            "roles": ["defendant", "judgment_debtor"],
                            "address": {"street": "88 Lovers Lane", "city": "Bowling Green", "state": "KY", "zip": "42103"}})
    data["judgment"]["against"] = ["kevin", "rhonda"]
    case = tmp_path / "case.yml"
    case.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = cli("render", "motion-garnishee-appear", str(case), "-o", str(tmp_path / "m.pdf"), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    text = pdf_text(tmp_path / "m.pdf")
    assert "against Kevin L. Stamper and Rhonda K. Stamper for" in text
    certificate = text[text.index("CERTIFICATE OF SERVICE"):]
    assert "Kevin L. Stamper, 415 Cemetery Road, Lot 22, Bowling Green, KY 42103" in certificate
    assert "Rhonda K. Stamper, 88 Lovers Lane, Bowling Green, KY 42103" in certificate


def test_a_business_debtor_is_never_told_its_wages_will_be_garnished(cli, tmp_path):
    case = tmp_path / "case.yml"
    case.write_text(yaml.safe_dump(two_debtors(), sort_keys=False), encoding="utf-8")
    letters = {}
    for debtor in ("tristate", "dale"):
        result = cli("render", "demand-letter", str(case), "-o", str(tmp_path / f"{debtor}.pdf"), "--as-of", AS_OF,
                     "--to", debtor)
        assert result.returncode == 0, result.stderr
        letters[debtor] = pdf_text(tmp_path / f"{debtor}.pdf")
    assert "wages" not in letters["tristate"] and "by garnishing your bank account or other money held for you" in letters["tristate"]
    assert "by garnishing your wages or bank account" in letters["dale"]


def test_the_interrogatories_form_is_made_for_each_debtor_naming_only_that_debtor(cli, tmp_path):
    out, manifest = assemble_interrogatories(cli, tmp_path)
    forms = [d for d in manifest["documents"] if d.get("form") == "AOC-197"]
    assert [d["to"] for d in forms] == ["tristate", "dale"], manifest["documents"]
    text = pdf_text(out / "user-packet.pdf")
    sheets = text.split("Worksheet for form AOC-197")[1:]
    assert len(sheets) == 2
    assert "Small Claims Post-Judgment Interrogatories, to Tri-State Tree Service, LLC" in sheets[0]
    assert "Dale Emmitt Rowe, 9085" not in sheets[0].split("Your own added questions")[0]
    assert "Small Claims Post-Judgment Interrogatories, to Dale Emmitt Rowe" in sheets[1]
    assert "Tri-State Tree Service, LLC, 4410" not in sheets[1].split("Your own added questions")[0]
    assert "Post-Judgment Interrogatories (AOC-197) to Dale Emmitt Rowe" in text  # the next-steps page lists each
