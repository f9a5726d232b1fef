"""forms inspect on the real court forms in ../shared/forms, each with the quirk real forms carry."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from conftest import FORMS, ROOT, SHARED_FORMS as EXPECTED
from docassemble.SmallClaimsCollect.errors import InputError
from docassemble.SmallClaimsCollect.form_inspect import inspect_form

KEYS = ["name", "type", "page", "rect", "value", "options", "max_length", "multiline", "read_only", "label"]


@pytest.fixture(scope="module")
def inspected():
    return {name: inspect_form(FORMS / name) for name in EXPECTED}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_field_of_every_form_is_listed_once_with_all_keys(inspected, name):
    pages, count = EXPECTED[name]
    result = inspected[name]
    assert result["form"] == Path(name).name
    fields = result["fields"]
    assert len(fields) == count
    assert len({f["name"] for f in fields}) == count
    for f in fields:
        assert list(f) == KEYS
        assert 1 <= f["page"] <= pages
        assert len(f["rect"]) == 4 and f["rect"][2] > f["rect"][0] and f["rect"][3] > f["rect"][1]
        assert f["type"] in ("text", "checkbox", "radio", "combo", "list", "signature", "button")
    assert max(f["page"] for f in fields) == pages or name == "KY/AOC-175.pdf"


def test_types_of_the_courts_own_kentucky_form(inspected):
    fields = {f["name"]: f for f in inspected["KY/AOC-026.pdf"]["fields"]}
    assert Counter(f["type"] for f in fields.values()) == Counter(text=108, checkbox=6, button=2, combo=1)
    county = fields["County Dropdown"]
    assert county["label"] == "County of Proceedings"  # its tooltip
    assert len(county["options"]) == 121 and {"Fayette", "Jefferson", "Pike"} <= set(county["options"])
    assert fields["Text Field 6"]["label"] == "NAME"  # the printed text to its left
    # a label printed on the same line as its blank ("Case No. ____"), not the next line down
    assert [fields[n]["label"] for n in ("Case Number", "Court", "Division")] == ["Case No", "Court", "Division"]


def test_radio_groups_list_their_on_states(inspected):
    radios = [f for f in inspected["CO/JDF-103.pdf"]["fields"] if f["type"] == "radio"]
    assert len(radios) == 9
    court = next(f for f in radios if f["name"] == "Group1.1")
    assert court["options"] == ["Check if in District court.", "Check if in County Court."]
    assert court["value"] is None


def test_glyph_shifted_text_gives_no_label_rather_than_garbage(inspected):
    assert [f["label"] for f in inspected["KY/AOC-175.pdf"]["fields"]] == [None] * 15


def test_separate_widgets_null_annotations_and_encryption(inspected):
    # TC0108: widgets carry no names; the field names come from their parents.
    assert "docket_number" in {f["name"] for f in inspected["MA/TC0108.pdf"]["fields"]}
    # Statement of Small Claim: 13 null /Annots entries are skipped, 41 fields remain.
    assert Counter(f["type"] for f in inspected["MA/Statement-of-Small-Claim_2024.pdf"]["fields"])["signature"] == 1
    # SC-100: AES-encrypted with an empty password and XFA beside the AcroForm.
    names = {f["name"] for f in inspected["CA/SC-100.pdf"]["fields"]}
    assert any(n.startswith("SC-100[0].Page1[0]") for n in names)


def test_cli_json_and_text(cli):
    out = cli("forms", "inspect", str(FORMS / "KY/AOC-026.pdf"), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert list(data) == ["form", "fields"] and len(data["fields"]) == 117
    text = cli("forms", "inspect", str(FORMS / "CO/JDF-103.pdf"))
    assert "p1  radio     Group1.1  <- What court type was the case filed?" in text.stdout


def test_not_a_pdf_and_a_password_are_refused_clearly(cli, tmp_path):
    out = cli("forms", "inspect", str(ROOT / "README.md"))
    assert out.returncode == 2 and "is not a PDF file" in out.stderr and "Traceback" not in out.stderr
    locked = tmp_path / "locked.pdf"
    writer = PdfWriter(clone_from=PdfReader(FORMS / "MA/TC0108.pdf"))
    writer.encrypt(user_password="secret", algorithm="AES-128")
    writer.write(locked)
    with pytest.raises(InputError, match="protected by a password"):
        inspect_form(locked)
