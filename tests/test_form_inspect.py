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

KEYS = ["name", "mapping_name", "tooltip", "type", "page", "rect", "value", "options", "max_length", "multiline", "read_only", "label"]


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


# --- names: the fully qualified name, the mapping name (/TM) and the tooltip (/TU) -------------------
def nested_form(path: Path) -> Path:
    """A form as hybrid court forms nest theirs (form[0].Page1[0].x[0]), two of whose fields share a
    mapping name and one of which has a mapping name of its own and a tooltip."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(612, 792))
    page = pdf.pages[0]
    root = pdf.make_indirect(Dictionary(T=String("form[0]"), Kids=Array()))
    page1 = pdf.make_indirect(Dictionary(T=String("Page1[0]"), Parent=root, Kids=Array()))
    root.Kids.append(page1)
    widgets = []
    for i, (name, tm, tu) in enumerate([("Name[0]", "party_name", "Your name"), ("City[0]", "city", None),
                                        ("City[1]", "city", None)]):
        widget = pdf.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.Widget, FT=Name.Tx, T=String(name), TM=String(tm), Parent=page1,
            Rect=Array([72, 700 - 30 * i, 300, 716 - 30 * i]), DA=String("/Helv 10 Tf 0 g"), F=4, P=page.obj))
        if tu:
            widget.TU = String(tu)
        page1.Kids.append(widget)
        widgets.append(widget)
    page.obj.Annots = Array(widgets)
    pdf.Root.AcroForm = Dictionary(Fields=Array([root]), DA=String("/Helv 0 Tf 0 g"))
    pdf.save(path)
    return path


def test_a_field_is_named_by_its_full_name_with_its_mapping_name_and_tooltip_beside(tmp_path):
    fields = inspect_form(nested_form(tmp_path / "nested.pdf"))["fields"]
    assert [(f["name"], f["mapping_name"], f["tooltip"]) for f in fields] == [
        ("form[0].Page1[0].Name[0]", "party_name", "Your name"),
        ("form[0].Page1[0].City[0]", "city", None), ("form[0].Page1[0].City[1]", "city", None)]


def test_fill_takes_the_full_name_or_a_mapping_name_only_one_field_has(tmp_path, cli):
    from docassemble.SmallClaimsCollect.form_fill import fill_form
    source = nested_form(tmp_path / "nested.pdf")
    result = fill_form(source, {"party_name": "Zoë O’Brien", "form[0].Page1[0].City[1]": "Lexington"})
    assert result.filled == ["form[0].Page1[0].Name[0]", "form[0].Page1[0].City[1]"]
    import io
    import pikepdf
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:  # pypdf keys fields by /TM, so two that share one collide
        values = {f.fully_qualified_name: str(f.value) for f in pdf.acroform.fields if f.is_text}
    assert values["form[0].Page1[0].Name[0]"] == "Zoë O’Brien" and values["form[0].Page1[0].City[1]"] == "Lexington"
    given = tmp_path / "values.json"
    given.write_text(json.dumps({"city": "Lexington", "party_name": "A", "form[0].Page1[0].Name[0]": "B"}), encoding="utf-8")
    run = cli("forms", "fill", str(source), str(given), "-o", str(tmp_path / "out.pdf"))
    assert run.returncode == 2 and not (tmp_path / "out.pdf").exists()
    assert run.stderr.strip().splitlines() == [
        "smallclaims-collect forms fill: error: city: is the mapping name of 2 fields in nested.pdf "
        "('form[0].Page1[0].City[0]', 'form[0].Page1[0].City[1]'): give the full name of the one meant",
        "smallclaims-collect forms fill: error: form[0].Page1[0].Name[0]: is the same field as 'party_name': give it once"]
