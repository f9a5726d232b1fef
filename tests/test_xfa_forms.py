"""forms fill on California's hybrid court forms: beside the AcroForm fields they carry an XFA copy of
the form, which Adobe Reader shows instead of the fields, so a fill that left it would look blank there.
Each form is filled with realistic answers, chosen by what each box asks (its tooltip, else its printed
label), in-process and through the command with --flatten, and checked as readers, viewers and a clerk
see it: pypdf and pikepdf read every value back by the field's full name; no XFA, no /NeedsRendering and
no encryption are left, and qpdf finds nothing wrong; on the flattened pages poppler finds each value as
text inside its own box (or whole on the addendum, its box pointing there) and draws ink in every filled
box where the blank form has none."""

from __future__ import annotations

import html
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import FORMS, SHARED_FORMS, run_cli
from docassemble.SmallClaimsCollect.form_fill import FillResult, fill_form
from docassemble.SmallClaimsCollect.form_inspect import printed_labels
from docassemble.SmallClaimsCollect.pdf_document import open_pdf
from docassemble.SmallClaimsCollect.pdf_fields import PRINT, PdfField, form_fields
from test_form_fill import POINTER, qpdf_check, text_of

# California's forms, with their pages and fillable fields (../shared/forms/README.md)
CALIFORNIA = {name: counts for name, counts in SHARED_FORMS.items() if name.startswith("CA/")}
HYBRID = set(CALIFORNIA) - {"CA/MC-030.pdf"}  # MC-030 is the one with AcroForm fields only

# --- realistic answers, by what each box asks ---------------------------------------------------------
CREDITOR = ("Maria Elena Gutiérrez", "1234 Alameda Blvd., Apt 5", "San José, CA 95112")
DEBTOR = ("Robert J. Whitfield", "77 Oak Grove Ave.", "Gilroy, CA 95020")
EMPLOYER = ("Valley Fresh Produce, Inc.", "800 Monterey Rd.", "San José, CA 95111")
COURT = ("Superior Court of California, County of Santa Clara", "191 N. First Street", "San José, CA 95113")
SHERIFF = ("Santa Clara County Sheriff, Civil Division", "55 W. Younger Ave.", "San José, CA 95110")
PARTY = r"(?=.*(debtor|defendant|demandado|employee|respondent))"  # the box is about the other side
# The first pattern found in what the box asks gives its answer; a tuple is the lines of a block.
ANSWERS: list[tuple[str, str | tuple[str, ...]]] = [
    (r"declare", "On 03/02/2026 the defendant agreed to repair the roof at 1234 Alameda Blvd., San José, for "
                 "$1,234.56 and I paid him in full that day. He removed the shingles, left the roof open to the "
                 "rain and did not come back. Water ruined the ceiling of the bedroom."),
    (r"why does", "He was paid $1,234.56 to repair my roof on 03/02/2026 and never finished the work."),
    (r"how did you calculate", "Paid $1,234.56 for the repair; no work of value was done, so all of it is owed."),
    (r"you must ask", "Yes: I asked him by letter on 11/02/2026 and by phone on 11/16/2026; he did not pay."),
    (r"advisor|ayuda", "Small Claims Advisor, (408) 882-2926, Room 1200"),
    (r"case name", "Gutiérrez v. Whitfield"),
    (r"case num|case no", "SC-2026-004512"),
    (r"file num|instrument", "2026-0045123"),
    (PARTY + r".*(name.*address|address.*name)", DEBTOR),
    (r"employer", EMPLOYER),
    (r"levying officer \(name", SHERIFF),
    (r"address of court", COURT),
    (r"name.*address|address.*name", CREDITOR),
    (r"bar num", "287654"),
    (r"e-?mail", "maria.gutierrez@example.com"),
    (r"fax", "(408) 555-0199"),
    (r"phone|tel\b", "(408) 555-0142"),
    (r"court .*(street|mailing|address)", "191 N. First Street"),
    (r"court .*city", "San José, CA 95113"),
    (r"city and zip", "San José, CA 95112"),
    (r"zip", "95112"),
    (r"\bstate\W*$", "CA"),
    (r"\bcity\W*$", "San José"),
    (r"\btime\b", "9:00 a.m."),
    (r"department", "Dept. 12"),
    (r"branch", "Downtown Superior Court"),
    (r"place of mailing", "San José"),  # the form prints ", California" after it
    (r"period", "month"),
    (r"specify day", "15th"),
    (r"name and date", "Robert J. Whitfield, 12/01/2026"),
    (r"itemize", "Robert J. Whitfield: recording fee of $15.00"),
    (r"amount|\$|owes", "1,234.56"),
    (r"date|through|\bon\b", "12/01/2026"),
    (r"multiline .*county of", ("Santa Clara", *COURT[1:])),
    (r"county|court", "Santa Clara"),
    (r"clerk", "D. Nguyen, Deputy Clerk"),
    (r"job title", "Store manager"),
    (r"firm", "Gutiérrez Legal Services"),
    (r"mailing", "P.O. Box 6120"),
    (r"address line 1", CREDITOR[0]),
    (r"address line 2", CREDITOR[1]),
    (r"address line 3", CREDITOR[2]),
    (r"^$|address line", "Self-represented (in pro per)"),  # the lines of a party's name-and-address block
    (PARTY + r".*(street|address)", DEBTOR[1]),
    (r"street|address", CREDITOR[1]),
    (PARTY, DEBTOR[0]),
    (r"name|plaintiff|creditor|petitioner|demandante|attorney|party", CREDITOR[0]),
    (r"property", "2014 Honda Civic, license 7ABC123"),
    (r"other \(specify\)", "Judgment creditor"),
    (r"", "Interest at 10% a year from 12/01/2026"),
]
CONTEXT = {"court": r"Court|Crt", "defendant": r"Defendant"}  # what the field's name adds to its label


def answer(field: PdfField, label: str | None) -> str:
    """What a person would write in this box: by what it asks, a block on lines where it holds them."""
    hints = [word for word, pattern in CONTEXT.items() if re.search(pattern, field.name)]
    asks = " ".join(hints + ["multiline"] * field.multiline + [label.lower()]) if label else ""
    value = next(value for pattern, value in ANSWERS if re.search(pattern, asks))
    if isinstance(value, str):
        return value
    x1, y1, x2, y2 = field.widgets[0].rect
    return ("\n" if field.multiline and y2 - y1 >= 9 * len(value) else ", ").join(value)


def realistic_values(path: Path) -> dict[str, Any]:
    """An answer for every text box that prints, and every other checkbox ticked (its first on-state)."""
    fields = form_fields(open_pdf(path))
    labels = printed_labels(path, fields.values())
    values: dict[str, Any] = {}
    buttons = 0
    for name, field in fields.items():
        if not all(w.flags & PRINT for w in field.widgets):
            continue  # shown on screen only, e.g. MC-030's notices to clear the form
        if field.type == "text":
            values[name] = answer(field, labels[name])
        elif field.type in ("checkbox", "radio"):
            buttons += 1
            if buttons % 2:
                values[name] = True if len(field.options) <= 1 else field.options[0]
    return values


# --- each form filled, editable in-process and flattened by the command ----------------------------------
@dataclass
class Filled:
    form: str
    source: Path
    fields: dict[str, PdfField]
    values: dict[str, Any]
    result: FillResult  # in-process, editable
    editable: Path
    flat: Path  # written by forms fill --flatten
    report: dict[str, Any]  # its --json report


@pytest.fixture(scope="module", params=sorted(CALIFORNIA))
def filled(request, tmp_path_factory) -> Filled:
    source = FORMS / request.param
    folder = tmp_path_factory.mktemp(source.stem)
    values = realistic_values(source)
    result = fill_form(source, values)
    editable = folder / "editable.pdf"
    editable.write_bytes(result.pdf)
    given = folder / "values.json"
    given.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    flat = folder / "flat.pdf"
    run = run_cli("forms", "fill", str(source), str(given), "-o", str(flat), "--flatten", "--json")
    assert run.returncode == 0, run.stderr
    return Filled(request.param, source, form_fields(open_pdf(source)), values, result, editable, flat,
                  json.loads(run.stdout))


def pikepdf_values(pdf: Path) -> dict[str, str]:
    with pikepdf.open(pdf) as opened:
        return {f.fully_qualified_name: str(f.value) for f in opened.acroform.fields if f.value is not None}


def test_realistic_values_cover_every_printed_box_with_accents_and_ticks(filled):
    pages, count = CALIFORNIA[filled.form]
    assert len(filled.fields) == count and max(f.page for f in filled.fields.values()) == pages
    texts = [name for name, f in filled.fields.items() if f.type == "text" and all(w.flags & PRINT for w in f.widgets)]
    assert texts and all(isinstance(filled.values[name], str) and filled.values[name] for name in texts)
    assert any(not value.isascii() for value in filled.values.values() if isinstance(value, str))
    assert any(filled.fields[name].type in ("checkbox", "radio") for name in filled.values)  # some boxes ticked


def test_every_value_reads_back_by_its_full_name_in_pypdf_and_pikepdf(filled):
    reader = PdfReader(filled.editable)
    by_pypdf = {name: str(field.get("/V")) for name, field in reader.get_fields().items()}
    by_pikepdf = pikepdf_values(filled.editable)
    overflowed = {item.field: item.text for item in filled.result.addendum}
    for name, value in filled.values.items():
        assert name in by_pypdf and by_pypdf[name] == by_pikepdf.get(name), name
        if name in overflowed:
            assert overflowed[name] == value and POINTER.match(by_pikepdf[name]), (name, by_pikepdf[name])
        elif value is True or filled.fields[name].type != "text":
            on = filled.fields[name].options[0] if value is True else value
            assert by_pikepdf[name] == "/" + on, name
        else:
            assert by_pikepdf[name] == value, name


def test_nothing_is_dropped_and_the_command_writes_what_fill_form_does(filled):
    in_form_order = [name for name in filled.fields if name in filled.values]
    assert filled.result.filled == in_form_order and len(in_form_order) == len(filled.values)
    assert filled.report["filled"] == in_form_order
    assert [a["field"] for a in filled.report["addendum"]] == [item.field for item in filled.result.addendum]
    assert filled.flat.read_bytes() == fill_form(filled.source, filled.values, flatten=True).pdf


def test_no_xfa_no_needs_rendering_no_encryption_and_qpdf_finds_nothing(filled):
    with pikepdf.open(filled.source) as source:
        assert ("/XFA" in source.Root.AcroForm) == (filled.form in HYBRID)
    for path in (filled.editable, filled.flat):
        with pikepdf.open(path) as pdf:
            assert not pdf.is_encrypted and "/NeedsRendering" not in pdf.Root
            acroform = pdf.Root.get("/AcroForm")
            if path == filled.flat:
                assert acroform is None
            else:
                assert "/XFA" not in acroform and "/NeedAppearances" not in acroform
        assert not PdfReader(path).is_encrypted
        check = qpdf_check(path)
        said = check.stdout + check.stderr
        assert check.returncode == 0 and "File is not encrypted" in said, said
        assert "No syntax or stream encoding errors found" in said and not re.search(r"(?i)warning|error:", said), said


# --- the flattened pages, as poppler reads and draws them -------------------------------------------------
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def words_by_page(pdf: Path) -> list[tuple[float, list[tuple[float, float, str]]]]:
    """Each page's height and poppler's words on it, each as its centre (top-down) and text."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        words = [((float(a) + float(c)) / 2, (float(b) + float(d)) / 2, html.unescape(text))
                 for a, b, c, d, text in WORD.findall(page)]
        pages.append((height, words))
    return pages


def text_in(page: tuple[float, list[tuple[float, float, str]]], rect: list[float]) -> str:
    """The words whose centres are inside ``rect`` (PDF points), in poppler's order, one space apart."""
    height, words = page
    x1, y1, x2, y2 = rect
    return " ".join(text for x, y, text in words if x1 <= x <= x2 and height - y2 <= y <= height - y1)


def test_flattened_by_the_command_each_value_is_text_inside_its_own_box(filled):
    pages = words_by_page(filled.flat)
    blank = words_by_page(filled.source)
    form_pages = CALIFORNIA[filled.form][0]
    overflowed = {item.field: item for item in filled.result.addendum}
    addendum = " ".join(text_of(filled.flat, first=form_pages + 1).split()) if overflowed else ""
    assert len(pages) > form_pages if overflowed else len(pages) == form_pages
    for name, value in filled.values.items():
        field = filled.fields[name]
        if field.type != "text":
            continue
        for widget in field.widgets:
            assert not text_in(blank[widget.page - 1], widget.rect), name  # nothing printed inside the box
            shown = text_in(pages[widget.page - 1], widget.rect)
            if name in overflowed:
                assert POINTER.match(shown) and " ".join(value.split()) in addendum, (name, shown)
            else:
                assert shown == " ".join(value.split()), (name, shown)


DPI = 144  # a checkbox's mark is a dozen pixels or so at 72 dpi
DARK = bytes(1 if level < 128 else 0 for level in range(256))  # each pixel's byte, 1 where it is dark


def drawn_pages(pdf: Path, folder: Path) -> list[tuple[int, bytes]]:
    """Each page as poppler draws it in grey at DPI: its width in pixels, and a byte a pixel, 1 where dark."""
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(pdf), str(folder / "p")], check=True)
    pages = []
    for image in sorted(folder.glob("p-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        raw = image.read_bytes()
        _, width, height = raw.split(maxsplit=3)[:3]
        pages.append((int(width), raw[len(raw) - int(width) * int(height):].translate(DARK)))
    return pages


def new_ink(blank: tuple[int, bytes], filled: tuple[int, bytes], rect: list[float], page_height: float) -> int:
    """Pixels inside ``rect`` (PDF points) dark on the filled page and not on the blank one."""
    (width, before), (_, after) = blank, filled
    scale = DPI / 72
    x1, y1, x2, y2 = rect
    left, right = round(x1 * scale), round(x2 * scale)
    rows = range(round((page_height - y2) * scale), round((page_height - y1) * scale))
    return sum((int.from_bytes(after[r * width + left:r * width + right], "big")
                & ~int.from_bytes(before[r * width + left:r * width + right], "big")).bit_count() for r in rows)


def test_flattened_each_filled_box_has_ink_the_blank_form_lacks(filled, tmp_path):
    drawn = drawn_pages(filled.flat, tmp_path / "filled")
    blank = drawn_pages(filled.source, tmp_path / "blank")
    with pikepdf.open(filled.source) as source:
        heights = [float(page.mediabox[3]) for page in source.pages]
    for name, value in filled.values.items():
        field = filled.fields[name]
        for widget in field.widgets:
            if field.type != "text" and value is not True and value not in widget.on_states:
                continue  # a box of a group whose other box is ticked
            page = widget.page - 1
            assert new_ink(blank[page], drawn[page], widget.rect, heights[page]) >= 10, name
