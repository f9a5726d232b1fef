"""Filling as an incremental update: the court's file byte for byte, then the filled fields, in a
cross-reference section of the file's own kind; read back by pypdf, pikepdf (qpdf's form
reader) and poppler; a filled form filled again; files rewritten first because they cannot take
an update as they are."""

from __future__ import annotations

import json
import re
import subprocess
import warnings
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from conftest import FORMS, SHARED_FORMS
from test_form_fill import every_value, qpdf_check, synthetic_form, widgets
from docassemble.SmallClaimsCollect.form_fill import fill_form
from docassemble.SmallClaimsCollect.form_font import missing_characters

ENCRYPTED = "CA/SC-100.pdf"  # rewritten unencrypted first, then updated
XREF_STREAMS = {"KY/AOC-026.pdf", "KY/AOC-175.pdf", "CO/JDF-103.pdf", "MA/CJ-D-301L.pdf", "CA/EJ-100.pdf",
                "CA/EJ-130.pdf", "CA/MC-030.pdf", "CA/SC-130.pdf", "CA/WG-001.pdf", ENCRYPTED}


def fitting_values(source: Path) -> dict:
    """every_value's values less those too long for their boxes: nothing goes to an addendum,
    which is added by saving the whole file."""
    values = every_value(source)
    overflowed = {item.field for item in fill_form(source, values).addendum}
    return {name: value for name, value in values.items() if name not in overflowed}


def stored_values(path: Path) -> dict[str, str]:
    """Each field's /V as qpdf's form reader (through pikepdf) finds it."""
    with pikepdf.open(path) as pdf:
        return {f.fully_qualified_name: str(f.value).lstrip("/") for f in pdf.acroform.fields if not f.is_null}


def shows(text: str, value: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(value)}(?!\d)", text) is not None


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module", params=sorted(set(SHARED_FORMS) - {ENCRYPTED}))
def updated(request, tmp_path_factory):
    """Each shared form that takes an update as it is, filled with values that fit their boxes."""
    source = FORMS / request.param
    values = fitting_values(source)
    result = fill_form(source, values)
    assert not result.addendum and len(result.filled) == len(values)
    path = tmp_path_factory.mktemp("updated") / source.name
    path.write_bytes(result.pdf)
    return request.param, values, path


def test_the_court_file_is_kept_byte_for_byte_and_followed_by_an_update_of_its_kind(updated):
    name, values, path = updated
    original, filled = (FORMS / name).read_bytes(), path.read_bytes()
    assert filled.startswith(original) and len(filled) > len(original)
    update = filled[len(original):]
    assert update.count(b"startxref") == 1 and filled.endswith(b"%%EOF\n")
    if name in XREF_STREAMS:
        assert b"/Type /XRef" in update and b"/Type /ObjStm" in update and b"\ntrailer" not in update
    else:
        assert b"\nxref\n" in update and b"\ntrailer" in update and b"/ObjStm" not in update
    check = qpdf_check(path)
    assert check.returncode == 0, check.stdout + check.stderr


def test_pypdf_pikepdf_and_poppler_read_every_value(updated):
    name, values, path = updated
    by_pypdf = {field: str(data.get("/V")).lstrip("/") for field, data in PdfReader(path).get_fields().items()}
    by_qpdf = stored_values(path)
    text = pdftotext(path)
    for field, value in values.items():
        if value is True:
            assert by_pypdf[field] not in ("Off", "None") and by_qpdf[field] != "Off", field
            continue
        assert by_pypdf[field] == value and by_qpdf[field] == value, (field, by_pypdf[field], by_qpdf[field])
        if value.startswith("Zoë"):  # a text field's value, drawn in its box
            assert shows(text, value), field


def test_a_filled_form_can_be_filled_again(tmp_path):
    for name in ("KY/AOC-026.pdf", "MA/TC0108.pdf"):  # a cross-reference stream, a table
        source = FORMS / name
        first = tmp_path / source.name
        first.write_bytes(fill_form(source, fitting_values(source)).pdf)
        text = {n: v for n, v in fitting_values(source).items() if isinstance(v, str) and v.startswith("Zoë")}
        again = {n: v.replace("Zoë", "Zoé") for n, v in list(text.items())[::2]}
        second = tmp_path / f"again-{source.name}"
        second.write_bytes(fill_form(first, again).pdf)
        assert second.read_bytes().startswith(first.read_bytes())
        assert qpdf_check(second).returncode == 0
        stored, shown = stored_values(second), pdftotext(second)
        for field, value in text.items():
            now = again.get(field, value)
            assert stored[field] == now and shows(shown, now), (name, field)
        assert not any(shows(shown, value) for field, value in text.items() if field in again)


def test_the_same_values_give_the_same_bytes_in_any_process(cli, tmp_path):
    source = FORMS / "MA/TC0108.pdf"  # its AcroForm is written inside the catalog, so the catalog changes too
    values = tmp_path / "values.json"
    values.write_text(json.dumps(fitting_values(source), ensure_ascii=False), encoding="utf-8")
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}.pdf"
        run = cli("forms", "fill", str(source), str(values), "-o", str(out), env={"PYTHONHASHSEED": seed})
        assert run.returncode == 0, run.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_a_form_changed_on_disk_is_read_again(tmp_path):
    form = tmp_path / "form.pdf"
    form.write_bytes((FORMS / "KY/AOC-175.pdf").read_bytes())
    assert fill_form(form, {"plaintiff_full_name": "Ann Lee"}).filled == ["plaintiff_full_name"]
    form.write_bytes((FORMS / "MA/TC0108.pdf").read_bytes())
    text = next(name for name, value in every_value(form).items() if isinstance(value, str))
    result = fill_form(form, {text: "Ann Lee"})
    assert result.filled == [text] and result.pdf.startswith(form.read_bytes())


def test_an_encrypted_form_is_rewritten_unencrypted_then_updated(tmp_path):
    source = FORMS / ENCRYPTED
    values = fitting_values(source)
    path = tmp_path / "sc100.pdf"
    path.write_bytes(fill_form(source, values).pdf)
    assert not PdfReader(path).is_encrypted and qpdf_check(path).returncode == 0
    assert path.read_bytes().count(b"startxref") == 2  # the rewrite's, then the update's
    stored = stored_values(path)
    assert all(stored[field] == value for field, value in values.items() if isinstance(value, str))


def test_a_widget_written_inside_its_page_is_made_an_object_and_filled(tmp_path):
    """A widget that is not an object of its own cannot be replaced by an update: the file is
    rewritten with it as one first."""
    source = synthetic_form(tmp_path / "synthetic.pdf")
    with pikepdf.open(source) as pdf:
        annots = pdf.pages[0].Annots
        index = next(i for i, a in enumerate(annots) if a.get("/T") == "state")
        pdf.Root.AcroForm.Fields = pikepdf.Array([f for f in pdf.Root.AcroForm.Fields if f.get("/T") != "state"])
        annots[index] = pikepdf.Dictionary({key: value for key, value in annots[index].items()})
        with pytest.warns(pikepdf.PageCopyWarning):  # a widget outside /AcroForm, as such forms have
            pdf.save(tmp_path / "direct.pdf")
    out = tmp_path / "filled.pdf"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out.write_bytes(fill_form(tmp_path / "direct.pdf", {"state": "KY", "ssn_last4": "1234"}).pdf)
    assert qpdf_check(out).returncode == 0
    state = next(annot for annot in widgets(PdfReader(out)) if annot.get("/T") == "state")
    assert state["/V"] == "KY" and "/N" in state["/AP"]


def test_more_characters_than_one_font_subset_holds_read_back_whole(tmp_path):
    """Past 255 distinct characters, a value is drawn from a second subset of the font."""
    letters = [chr(c) for c in range(0x100, 0x2000) if chr(c).isalpha() and not missing_characters(chr(c))][:400]
    words = " ".join("".join(letters[i:i + 20]) for i in range(0, len(letters), 20))
    c = canvas.Canvas(str(tmp_path / "big.pdf"), pagesize=(612, 792), invariant=1)
    c.acroForm.textfield(name="story", x=36, y=36, width=540, height=720, fieldFlags="multiline", fontSize=10,
                         maxlen=1000)
    c.showPage()
    c.save()
    out = tmp_path / "filled.pdf"
    out.write_bytes(fill_form(tmp_path / "big.pdf", {"story": words}).pdf)
    assert qpdf_check(out).returncode == 0
    drawing = next(annot for annot in widgets(PdfReader(out)))["/AP"]["/N"].get_data().decode("latin-1")
    assert set(re.findall(r"/SCCFont(\d+) ", drawing)) == {"0", "1"}
    assert pdftotext(out).split() == words.split()
