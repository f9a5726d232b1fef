"""forms fill on the real court forms in ../shared/forms, read back with an independent reader
(pypdf), poppler (pdftotext, pdftoppm, pdffonts) and qpdf."""

from __future__ import annotations

import json
import re
import subprocess
import warnings
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given, settings, strategies as st
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from reportlab.pdfgen import canvas

from conftest import FORMS, SHARED_FORMS
from docassemble.SmallClaimsCollect.errors import InputError
from docassemble.SmallClaimsCollect.field_appearance import wrap
from docassemble.SmallClaimsCollect.form_font import text_width
from docassemble.SmallClaimsCollect.form_fill import fill_form
from docassemble.SmallClaimsCollect.pdf_document import open_pdf
from docassemble.SmallClaimsCollect.pdf_fields import PRINT, form_fields

POINTER = re.compile(r"^(See addendum,? (item )?\d+|See add\. \d+|Add\. \d+|\*\d+|\d+)$")


def every_value(path: Path) -> dict:
    """A distinctive value for every fillable field: accented text, every box ticked, the
    last option of every radio group and choice."""
    pdf = open_pdf(path)
    values = {}
    for i, (name, field) in enumerate(form_fields(pdf).items()):
        if field.type == "text":
            values[name] = f"Zoë{i}"
        elif field.type == "checkbox":
            values[name] = True if len(field.options) <= 1 else field.options[-1]
        elif field.type in ("radio", "combo", "list"):
            values[name] = field.options[-1]
    return values


def widgets(reader: PdfReader):
    """Every widget annotation, skipping null entries in /Annots."""
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object() if ref is not None else None
            if isinstance(annot, DictionaryObject) and annot.get("/Subtype") == "/Widget":
                yield annot


def text_of(pdf: Path, first: int | None = None) -> str:
    args = ["pdftotext", "-layout"] + (["-f", str(first)] if first else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def qpdf_check(pdf: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)


@pytest.fixture(scope="module", params=sorted(SHARED_FORMS))
def filled(request, tmp_path_factory):
    """Each shared form filled in every field, editable and flattened."""
    source = FORMS / request.param
    values = every_value(source)
    out = tmp_path_factory.mktemp("filled")
    results = {}
    for flatten in (False, True):
        result = fill_form(source, values, flatten=flatten)
        path = out / f"{source.stem}{'-flat' if flatten else ''}.pdf"
        path.write_bytes(result.pdf)
        results[flatten] = (result, path)
    return request.param, values, results


def test_every_value_reads_back_from_the_editable_form(filled):
    name, values, results = filled
    result, path = results[False]
    reader = PdfReader(path)
    assert not reader.is_encrypted
    fields = reader.get_fields()
    overflowed = {item.field: item.text for item in result.addendum}
    for field, value in values.items():
        stored = fields[field].get("/V")
        if field in overflowed:
            assert overflowed[field] == value and POINTER.match(str(stored)), (field, stored)
        elif value is True:
            assert str(stored) not in ("/Off", "None"), field
        else:
            assert str(stored).lstrip("/") == value, (field, stored)
    assert len(result.filled) == len(values)


def test_every_filled_widget_has_its_own_appearance_and_no_viewer_must_redraw(filled):
    name, values, results = filled
    reader = PdfReader(results[False][1])
    acroform = reader.trailer["/Root"]["/AcroForm"]
    assert "/XFA" not in acroform and not acroform.get("/NeedAppearances")
    checked = 0
    for annot in widgets(reader):
        node = annot if "/T" in annot else annot["/Parent"].get_object()
        if "/V" in node:
            normal = annot["/AP"]["/N"]
            if "/AS" in annot:  # checkbox or radio: the form's own on-state drawing is kept
                assert annot["/AS"] == "/Off" or annot["/AS"] in normal
            checked += 1
    assert checked >= len(values)


def test_qpdf_finds_no_damage(filled):
    name, values, results = filled
    for _, path in results.values():
        check = qpdf_check(path)
        assert check.returncode == 0, check.stdout + check.stderr


def test_flattened_form_has_no_fields_and_every_value_is_page_text(filled):
    name, values, results = filled
    result, path = results[True]
    reader = PdfReader(path)
    assert "/AcroForm" not in reader.trailer["/Root"]
    assert not list(widgets(reader))
    text = text_of(path)
    fields = form_fields(open_pdf(FORMS / name))
    for field, value in values.items():
        if isinstance(value, str) and value.startswith("Zoë"):
            prints = any(w.flags & PRINT for w in fields[field].widgets)
            assert (value in text) == prints, field  # in its box, or whole in the addendum; never a screen-only box


def test_output_is_the_same_bytes_every_time():
    values = every_value(FORMS / "CA/SC-100.pdf")
    first = fill_form(FORMS / "CA/SC-100.pdf", values).pdf
    assert fill_form(FORMS / "CA/SC-100.pdf", values).pdf == first


# --- fonts and what a viewer shows ------------------------------------------------------------
NAMES = {"plaintiff_full_name": "José Núñez", "defendant_full_name": "Zoë O’Brien"}


def test_accented_names_are_drawn_with_an_embedded_font_and_extract_as_typed(tmp_path):
    out = tmp_path / "175.pdf"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. pikepdf's warning about widgets left outside the form
        out.write_bytes(fill_form(FORMS / "KY/AOC-175.pdf", NAMES, flatten=True).pdf)
    assert not list(widgets(PdfReader(out)))  # the empty fields are gone too
    text = text_of(out)
    assert "José Núñez" in text and "Zoë O’Brien" in text
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    ours = [line for line in fonts.splitlines() if "SourceSansPro" in line]
    assert ours and all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in ours)  # embedded, subset, ToUnicode


def dark_pixels(pdf: Path, rect: list[float], page: int = 1) -> int:
    """Dark pixels poppler draws inside ``rect`` (PDF points) on ``page``, at 72 dpi."""
    height = float(PdfReader(pdf).pages[page - 1].mediabox.height)
    x1, y1, x2, y2 = rect
    out = subprocess.run(["pdftoppm", "-r", "72", "-f", str(page), "-l", str(page), "-gray",
                          "-x", str(int(x1)), "-y", str(int(height - y2)), "-W", str(int(x2 - x1)),
                          "-H", str(int(y2 - y1)), str(pdf)], capture_output=True, check=True).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", out)
    return sum(1 for byte in out[header.end():] if byte < 128)


def test_a_viewer_that_ignores_need_appearances_shows_the_values(tmp_path):
    """poppler draws annotations from their appearance streams; the boxes were blank before."""
    source = FORMS / "MA/TC0108.pdf"  # a form that relied on NeedAppearances
    fields = form_fields(open_pdf(source))
    text = [name for name, f in fields.items() if f.type == "text"][:3]
    out = tmp_path / "tc.pdf"
    out.write_bytes(fill_form(source, {name: "Zoë O’Brien" for name in text}).pdf)
    for name in text:
        rect = fields[name].widgets[0].rect
        assert dark_pixels(out, rect) > dark_pixels(source, rect) + 20, name


# --- fitting: shrink, wrap, overflow to the addendum --------------------------------------------
def appearance_sizes(path: Path, field: str) -> list[float]:
    content = appearance(path, field)
    return [float(size) for size in re.findall(r"/SCCFont\d+ ([\d.]+) Tf", content)]


def appearance(path: Path, field: str) -> str:
    """The content of the first widget of ``field`` (a field whose widget carries its name)."""
    annot = next(a for a in widgets(PdfReader(path)) if a.get("/T") == field)
    return annot["/AP"]["/N"].get_data().decode("latin-1")


def test_a_long_name_shrinks_down_to_7_point_before_it_overflows(tmp_path):
    name = ("María de los Ángeles Fernández-Castellanos y Villarreal de la Torre, as Personal Representative "
            "of the Estate of Rosa Inés Villarreal")
    out = tmp_path / "name.pdf"
    result = fill_form(FORMS / "KY/AOC-175.pdf", {"plaintiff_full_name": name})
    out.write_bytes(result.pdf)
    sizes = appearance_sizes(out, "plaintiff_full_name")
    assert not result.addendum and sizes and 7 <= min(sizes) < 10  # DA asks for 10 pt
    assert [(s.field, s.box_size, s.reason) for s in result.smaller] == [("plaintiff_full_name", 10, "it is wider than the box")]
    assert PdfReader(out).get_fields()["plaintiff_full_name"]["/V"] == name
    longer = " ".join([name] * 3)
    result = fill_form(FORMS / "KY/AOC-175.pdf", {"plaintiff_full_name": longer})
    assert [(item.text, item.reason) for item in result.addendum] == [(longer, "it is wider than the box even at 7 pt")]


def test_a_3000_character_answer_in_a_one_line_box_goes_whole_to_the_addendum(tmp_path):
    words = "The defendant kept the deposit of $1,250.00 and never returned the key to unit 4B."
    answer = (words + " ") * 40
    answer = answer[:3000]
    result = fill_form(FORMS / "KY/AOC-175.pdf", {"claims_sum": answer, "court_costs": "$91.00"})
    out = tmp_path / "over.pdf"
    out.write_bytes(result.pdf)
    assert [(i.number, i.field) for i in result.addendum] == [(1, "claims_sum")]
    reader = PdfReader(out)
    assert reader.get_fields()["claims_sum"]["/V"] == "See addendum, item 1"
    assert len(reader.pages) == 3  # the form's two pages and one addendum page
    addendum = " ".join(text_of(out, first=3).split())
    assert " ".join(answer.split()) in addendum
    assert "Item 1." in addendum


def test_multiline_text_wraps_inside_its_box(tmp_path):
    claim = ("On March 2, 2026 the defendant agreed to repair my roof for $2,400 and was paid in full. "
             "He removed the shingles, left the roof open to the rain, and did not come back. "
             "Water ruined the ceiling and a mattress. I ask for the $2,400 paid and $650 for the damage.")
    result = fill_form(FORMS / "KY/AOC-175.pdf", {"claims": claim})
    out = tmp_path / "claims.pdf"
    out.write_bytes(result.pdf)
    assert not result.addendum
    content = appearance(out, "claims")
    assert len(re.findall(r" Tm ", content)) >= 3  # wrapped onto several lines
    assert " ".join(claim.split()) in " ".join(text_of(out).split())


def synthetic_form(path: Path) -> Path:
    """A form with what the shared forms lack: a comb field, a MaxLen field, a list box."""
    c = canvas.Canvas(str(path), pagesize=(612, 792), invariant=1)
    form = c.acroForm
    form.textfield(name="ssn_last4", x=72, y=700, width=80, height=20, maxlen=4, fieldFlags="comb")
    form.textfield(name="state", x=200, y=700, width=60, height=20, maxlen=2)
    form.listbox(name="county", x=72, y=560, width=150, height=100, options=["Adair", "Boone", "Warren"], value="Adair")
    c.showPage()
    c.save()
    return path


def test_comb_maxlen_and_list_fields(tmp_path):
    source = synthetic_form(tmp_path / "synthetic.pdf")
    out = tmp_path / "filled.pdf"
    result = fill_form(source, {"ssn_last4": "1234", "state": "Kentucky", "county": "Warren"})
    out.write_bytes(result.pdf)
    fields = PdfReader(out).get_fields()
    assert fields["ssn_last4"]["/V"] == "1234"
    assert [item.text for item in result.addendum] == ["Kentucky"]  # longer than MaxLen 2
    assert len(fields["state"]["/V"]) <= 2
    assert fields["county"]["/V"] == "Warren"
    comb = appearance(out, "ssn_last4")
    assert len(re.findall(r" Tm ", comb)) == 4  # one character per cell
    assert qpdf_check(out).returncode == 0


# --- bad values: every problem at once, no file -------------------------------------------------
def test_bad_values_list_every_problem_with_suggestions_and_write_nothing(cli, tmp_path):
    values = tmp_path / "values.json"
    values.write_text(json.dumps({
        "plaintif_full_name": "Ann", "claims_sum": 412.5, "County Dropdown": "Adair",
    }), encoding="utf-8")
    out = tmp_path / "out.pdf"
    run = cli("forms", "fill", str(FORMS / "KY/AOC-175.pdf"), str(values), "-o", str(out))
    assert run.returncode == 2 and not out.exists()
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 3 and "Traceback" not in run.stderr
    assert "plaintif_full_name: no field of this name in AOC-175.pdf; did you mean 'plaintiff_full_name'" in lines[0]
    assert "claims_sum: needs text in quotes, not 412.5" in lines[1]
    assert "County Dropdown: no field of this name" in lines[2]


def test_choice_checkbox_and_radio_values_are_checked(tmp_path):
    with pytest.raises(InputError) as caught:
        fill_form(FORMS / "KY/AOC-026.pdf", {"County Dropdown": "Jeferson", "Employed": True})
    messages = [str(p) for p in caught.value.problems]
    assert messages[0] == "County Dropdown: 'Jeferson' is not one of its 121 choices; did you mean 'Jefferson'?"
    assert messages[1].startswith("Employed: is a group of 3 checkboxes: give one of 'Yes', 'Yes part', 'No'")
    radio = next(f for f in form_fields(open_pdf(FORMS / "CO/JDF-103.pdf")).values() if f.type == "radio")
    with pytest.raises(InputError, match="radio buttons: give one of"):
        fill_form(FORMS / "CO/JDF-103.pdf", {radio.name: "Maybe"})
    with pytest.raises(InputError, match="is a checkbox: give true or false, not \"yes\""):
        fill_form(FORMS / "MA/TC0108.pdf", {next(n for n, f in form_fields(open_pdf(FORMS / "MA/TC0108.pdf")).items()
                                                 if f.type == "checkbox"): "yes"})


def test_characters_the_font_lacks_are_refused_by_name():
    with pytest.raises(InputError, match=r"plaintiff_full_name: has characters the form's font cannot print: '王' \(U\+738B\)"):
        fill_form(FORMS / "KY/AOC-175.pdf", {"plaintiff_full_name": "王 Wei"})


def test_cli_fill_writes_the_form_and_reports_the_addendum(cli, tmp_path):
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"plaintiff_full_name": "José Núñez", "claims_sum": "x " * 200}), encoding="utf-8")
    out = tmp_path / "out.pdf"
    run = cli("forms", "fill", str(FORMS / "KY/AOC-175.pdf"), str(values), "-o", str(out), "--flatten")
    assert run.returncode == 0, run.stderr
    assert "2 fields filled, flattened" in run.stdout
    assert re.search(r"addendum item 1: claims_sum \(page 2\): it is wider than the box even at 7 pt", run.stdout)
    assert "/AcroForm" not in PdfReader(out).trailer["/Root"]


# --- wrapping, as a property ----------------------------------------------------------------------
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÁÉÍÓÚáéíóúñÑüÜ’.,$0123456789-", min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=40), st.floats(min_value=20, max_value=400), st.sampled_from([6, 9, 10, 12]))
def test_wrapping_keeps_every_character_and_every_line_fits(words, width, size):
    text = " ".join(words)
    lines = wrap(text, size, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert text_width(line, size) <= width + 0.01 or len(line) == 1


def test_flattening_draws_only_what_prints(tmp_path):
    """MC-030's screen-only widgets (no Print flag: a white box over FOR COURT USE ONLY, a notice to
    clear the form, Save/Print/Clear buttons) are not drawn onto the flattened page; the values are."""
    source = FORMS / "CA/MC-030.pdf"
    with pikepdf.open(source) as pdf:
        screen_only = {str(a.T): [float(v) for v in a.Rect] for a in pdf.pages[0].Annots
                       if "/T" in a and not int(a.get("/F", 0)) & 4}
    assert {"WhiteOut", "NoticeHeader1", "ResetForm"} <= set(screen_only)
    out = tmp_path / "flat.pdf"
    out.write_bytes(fill_form(source, {"FillText35": "Ana Núñez"},
                              flatten=True).pdf)
    blank = tmp_path / "blank.pdf"
    with pikepdf.open(source) as pdf:  # the page as printed with no widget at all
        del pdf.pages[0].obj["/Annots"]
        pdf.save(blank)
    for name, rect in screen_only.items():
        assert dark_pixels(out, rect) == dark_pixels(blank, rect), name
    assert "FOR COURT USE ONLY" in text_of(out) and "Ana Núñez" in text_of(out)
    assert "Clear This Form" not in text_of(out)
