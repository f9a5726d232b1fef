"""Time filling Kentucky's AOC-026 with a full case, in one run on the same values: our filler
in-process and as the command a person runs, docassemble's own PDF filling (docassemble.base.pdftk),
pypdf (PdfWriter and update_page_form_field_values) and pdftk-java (fill_form with XFDF, flatten).

    bench/setup.sh    # once: a Python 3.12 venv with docassemble.base 1.10.13, pypdf 7.1.1 and
                      # this package; apt: pdftk-java
    bench/run.sh      # = ${BENCH_VENV:-/tmp/scc-bench-venv}/bin/python bench/fill_aoc026.py

Prints each way's median, min and max in ms (and its first, untimed-in-the-median call), each
peer's ratio to ours (in-process to in-process, command to command), and for each output whether
it shows the accented values ("José Núñez"), ticks the checkboxes it was given, cuts letters off at
the edge of their box, and passes qpdf --check; whether ours keeps the form's bytes and appends an
update; and the machine.
The form is read where it lies ($AOC026, or /work/shared/forms/KY/AOC-026.pdf).
"""

from __future__ import annotations

import io
import json
import logging
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from importlib import metadata
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pikepdf
from docassemble.base.pdftk import fill_template
from pypdf import PdfWriter
from pypdf.generic import NameObject

from docassemble.SmallClaimsCollect.case import load_case
from docassemble.SmallClaimsCollect.form_facts import load_form_spec, map_values
from docassemble.SmallClaimsCollect.form_fill import fill_form
from docassemble.SmallClaimsCollect.pdf_document import open_pdf
from docassemble.SmallClaimsCollect.pdf_fields import PdfField, form_fields

FORM = Path(os.environ.get("AOC026", "/work/shared/forms/KY/AOC-026.pdf"))
CASE = Path(__file__).resolve().parent.parent / "examples" / "ky-appeal.yml"
AS_OF = date(2026, 11, 21)
RUNS, CLI_RUNS = 30, 10
COMMAND = Path(sys.executable).with_name("smallclaims-collect")
PDFTK = "pdftk"
# pypdf warns on every fill that 'Zuzana Dvořák' is outside the form font's encoding; the
# correctness lines say what that does to the box.
logging.getLogger("pypdf").setLevel(logging.ERROR)
MARGIN = 8  # pt: how far past its box a widget is let draw when looking for letters cut off
DPI = 216  # pixels per inch the pages are drawn at to look for them
SLACK = 0.5 * 72 / DPI  # pt past a clip's edge not counted: a pixel the edge crosses is smoothed

Values = dict[str, str | bool]

# The boxes the case file leaves empty, answered as the debtor would; every other one is money.
MONEY = "1,234.00"
TEXT = {
    "Division": "Second",
    "Text Field 9": "03/14/1979",  # date of birth
    "Text Field 12": "Bluegrass Diner, 210 W. Main St.",  # employer, two lines
    "Text Field 13": "Lexington, KY 40507",
    "Text Field 14": "Married",
    "Text Field 15": "Zuzana Dvořák",  # spouse: ř is outside the form font's WinAnsi encoding
    "Text Field 16": "2",  # dependents: how many, who, ages
    "Text Field 17": "Children",
    "Text Field 18": "7, 11",
    "Text Field 41": "Odd jobs",  # the "Other ____" lines of income, expenses and assets
    "Text Field 42": "Gifts",
    "Text Field 43": "School fees",
    "Text Field 63": "Credit union",
    "Text Field 69": "Lot, Clark County",  # other real estate
    "Text Field 71": "Cabin, Estill County",
    "Text Field 73": "Share of farm, Bath Co.",
    "Text Field 75": "2012 Honda Civic",  # vehicles
    "Text Field 77": "2009 Ford F-150",
    "Text Field 79": "2015 Kia Soul",
    "Text Field 81": "Wedding rings",  # personal possessions
    "Text Field 83": "Tools",
    "Text Field 85": "Furniture",
    "Text Field 87": "Television",
    "Text Field 95": "Dentist",  # other debts
    "Text Field 98": "Payday loan",
    "Text Field 100": "Family loan",
    "Text Field 102": "Phone contract",
    "Text Field 104": "Back rent",
    "Text Field 106": "Hours at the diner were cut in half in March.",  # comments
    "Text Field 107": "My spouse works part-time when she can find work.",
    "Text Field 108": "We receive no other help.",
    "Text Field 109": "11/21/2026",  # the affidavit's date and the order's
    "Text Field 1011": "11/21/2026",
}
CHECKS: Values = {"Employed": "Yes part", "Married": "no", "Check Box 2": False, "Check Box 3": True,
                  "Granted/Denied": "Granted", "Granted 1": "B"}
DA_UNFILLABLE = "County Dropdown"  # a combo box whose /Opt the form keeps on its widgets


def full_values(fields: dict[str, PdfField]) -> Values:
    """The case file's values for AOC-026, with every box it leaves empty filled too."""
    values = dict(map_values(load_form_spec("AOC-026"), load_case(CASE), AS_OF).values)
    for name, field in fields.items():
        if field.type == "text" and not values.get(name):
            values[name] = TEXT.get(name, MONEY)
    return {**CHECKS, **values}


def da_fill(data: list[tuple[str, str]]) -> bytes:
    """docassemble's fill (pikepdf sets the values, qpdf draws the appearances), as bytes."""
    path = Path(fill_template(str(FORM), data_strings=data))
    try:
        return path.read_bytes()
    finally:
        path.unlink()


def da_data(values: Values) -> tuple[list[tuple[str, str]], str]:
    """``values`` in docassemble's shape, less what its fill_template cannot take, and why."""
    data = [(name, "Yes" if value is True else "Off" if value is False else value) for name, value in values.items()]
    try:
        da_fill(data)
    except AttributeError as exc:
        data = [(name, value) for name, value in data if name != DA_UNFILLABLE]
        da_fill(data)  # raises again if that field was not the reason
        return data, f"fill_template raises AttributeError({exc}) on {DA_UNFILLABLE!r}: timed without that field"
    return data, ""


def pypdf_fill(values: Values, fields: dict[str, PdfField]) -> bytes:
    """pypdf's fill: values set on every page's widgets, which pypdf draws itself (and, by
    default, sets /NeedAppearances so viewers redraw them)."""
    writer = PdfWriter(clone_from=str(FORM))
    writer.update_page_form_field_values(None, {name: pypdf_value(value, fields[name]) for name, value in values.items()})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pypdf_value(value: str | bool, field: PdfField) -> str | NameObject:
    """A value as pypdf takes it: a checkbox state as a name."""
    if field.type not in ("checkbox", "radio"):
        return value
    return NameObject("/" + (value if isinstance(value, str) else field.options[0] if value else "Off"))


def xfdf(values: Values, fields: dict[str, PdfField]) -> str:
    """``values`` as XFDF, which pdftk's fill_form reads (UTF-8; a checkbox's value is its state)."""
    def text(name: str, value: str | bool) -> str:
        if isinstance(value, bool):
            return fields[name].options[0] if value else "Off"
        return value
    rows = "".join(f"<field name={quoteattr(name)}><value>{escape(text(name, value))}</value></field>"
                   for name, value in values.items())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xfdf xmlns="http://ns.adobe.com/xfdf/" xml:space="preserve">'
            f"<fields>{rows}</fields></xfdf>\n")


def pdftk_fill(data: Path, out: Path, *, flatten: bool) -> None:
    subprocess.run([PDFTK, str(FORM), "fill_form", str(data), "output", str(out), *(["flatten"] if flatten else [])],
                   check=True, capture_output=True)


def cli_fill(values_json: Path, out: Path) -> None:
    subprocess.run([str(COMMAND), "forms", "fill", str(FORM), str(values_json), "-o", str(out)],
                   check=True, capture_output=True)


def times_ms(run: Callable[[], object], n: int) -> tuple[float, list[float]]:
    """The first call's time (the warm-up, which reads the form), and ``n`` calls' after it."""
    times = []
    for _ in range(n + 1):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return times[0], times[1:]


def as_stored(pdf: bytes, change: Callable[[pikepdf.Pdf], None] = lambda doc: None) -> bytes:
    """``pdf`` without /NeedAppearances, so a reader draws the appearance streams the file holds
    rather than redrawing the fields (docassemble and pypdf set it), after ``change``."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        if "/AcroForm" in doc.Root and "/NeedAppearances" in doc.Root.AcroForm:
            del doc.Root.AcroForm["/NeedAppearances"]
        change(doc)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def pdf_text(pdf: bytes, *, stored: bool) -> str:
    """pdftotext's text, of the appearance streams as stored or as poppler shows the form."""
    return subprocess.run(["pdftotext", "-", "-"], input=as_stored(pdf) if stored else pdf,
                          capture_output=True, check=True).stdout.decode()


def unclipped(doc: pikepdf.Pdf) -> None:
    """Let every text box's appearance draw MARGIN pt past its box: the clip it sets taken away,
    its bounding box and rectangle grown by MARGIN on each side (the drawing itself unmoved)."""
    for page in doc.pages:
        for annot in page.obj.get("/Annots", []):
            normal = annot.get("/AP", {}).get("/N")
            if annot.get("/Subtype") != "/Widget" or not isinstance(normal, pikepdf.Stream) or field_type(annot) != "/Tx":
                continue
            normal.write(re.sub(rb"\bW\*?\s+n\b", b"n", normal.read_bytes()))
            normal.BBox = grown(normal.BBox)
            annot.Rect = grown(annot.Rect)


def field_type(annot: pikepdf.Dictionary) -> str | None:
    node = annot
    while node is not None and "/FT" not in node:
        node = node.get("/Parent")
    return None if node is None else str(node.FT)


def grown(box: pikepdf.Array) -> pikepdf.Array:
    x0, x1, y0, y1 = sorted((float(box[0]), float(box[2]))) + sorted((float(box[1]), float(box[3])))
    return pikepdf.Array([x0 - MARGIN, y0 - MARGIN, x1 + MARGIN, y1 + MARGIN])


def cut_off(pdf: bytes) -> str:
    """How many text boxes lose ink at the edge of what they may draw in (the clip their
    appearance sets, within its bounding box): each page drawn by poppler as stored, and again with
    every text box let draw past its box (unclipped). Ink that only the second drawing has is ink
    some box's clip took away: it belongs to the nearest box it lies outside of, and is a letter
    cut off when it lies more than SLACK (smoothing) and at most MARGIN outside that box's clip."""
    boxes = text_boxes(pdf)
    if not boxes:
        return "no fields left to look at"
    shown, free = pages_gray(as_stored(pdf)), pages_gray(as_stored(pdf, unclipped))
    cut: set[int] = set()
    for number, (page, unclipped_page) in enumerate(zip(shown, free)):
        on_page = [(i, clip) for i, (_, at, clip) in enumerate(boxes) if at == number]
        for x, y in ink_only_unclipped(page, unclipped_page):
            outside = [(d, i) for i, clip in on_page if (d := distance(x, y, clip)) > 0]
            nearest = min(outside, default=(MARGIN + 1, -1))
            if SLACK < nearest[0] <= MARGIN:
                cut.add(nearest[1])
    names = [boxes[i][0] for i in sorted(cut)]
    return f"{len(names)} of {len(boxes)} boxes" + (f" ({', '.join(map(repr, names[:3]))}{', ...' if len(names) > 3 else ''})" if names else "")


def text_boxes(pdf: bytes) -> list[tuple[str, int, tuple[float, float, float, float]]]:
    """Each text widget with a value and an appearance: its field's name, its page and the part of
    the page its appearance may draw in (its bounding box, within any rectangle it clips to)."""
    boxes = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages):
            for annot in page.obj.get("/Annots", []):
                field = annot if "/T" in annot else annot.get("/Parent")
                normal = annot.get("/AP", {}).get("/N")
                if field_type(annot) == "/Tx" and field is not None and str(field.get("/V", "")) and isinstance(normal, pikepdf.Stream):
                    boxes.append((str(field.T), number, drawn_in(annot, normal)))
    return boxes


def drawn_in(annot: pikepdf.Dictionary, normal: pikepdf.Stream) -> tuple[float, float, float, float]:
    """The page rectangle an appearance may draw in (form space mapped onto its /Rect, as a reader
    does when the bounding box and the rectangle are the same size, as every widget here has)."""
    bx0, by0, bx1, by1 = (float(v) for v in normal.BBox)
    for x, y, w, h in re.findall(rb"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re\s+W\*?\s+n", normal.read_bytes()):
        x, y, w, h = map(float, (x, y, w, h))
        bx0, by0, bx1, by1 = max(bx0, min(x, x + w)), max(by0, min(y, y + h)), min(bx1, max(x, x + w)), min(by1, max(y, y + h))
    rx0, ry0 = min(float(annot.Rect[0]), float(annot.Rect[2])), min(float(annot.Rect[1]), float(annot.Rect[3]))
    origin_x, origin_y = float(normal.BBox[0]), float(normal.BBox[1])
    return rx0 + bx0 - origin_x, ry0 + by0 - origin_y, rx0 + bx1 - origin_x, ry0 + by1 - origin_y


def ink_only_unclipped(shown: tuple[int, int, bytes], free: tuple[int, int, bytes]) -> list[tuple[float, float]]:
    """The points (page space) dark in the unclipped drawing and lighter in the drawing as stored by
    more than smoothing makes them."""
    width, height, pixels = shown
    scale = DPI / 72
    points = []
    for row in range(height):
        drawn, unclipped_row = pixels[row * width:(row + 1) * width], free[2][row * width:(row + 1) * width]
        if drawn != unclipped_row:
            points += [((col + 0.5) / scale, height / scale - (row + 0.5) / scale)
                       for col, (a, b) in enumerate(zip(drawn, unclipped_row)) if b < 128 and a - b > 64]
    return points


def distance(x: float, y: float, clip: tuple[float, float, float, float]) -> float:
    """How far (x, y) lies outside ``clip``; 0 inside."""
    return max(0.0, clip[0] - x, x - clip[2], clip[1] - y, y - clip[3])


def pages_gray(pdf: bytes) -> list[tuple[int, int, bytes]]:
    """Each page drawn by pdftoppm in gray at DPI: (width, height, pixels)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-", f"{tmp}/p"], input=pdf, check=True, capture_output=True)
        pages = []
        for path in sorted(Path(tmp).glob("p-*.pgm")):
            data = path.read_bytes()
            header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
            pages.append((int(header[1]), int(header[2]), data[header.end():]))
        return pages


def accents(text: str, expected: dict[str, int]) -> str:
    """How many of the boxes holding each accented value show it, and what shows instead
    (an accented letter printed as another character, '?' or a space, or left out)."""
    parts = []
    for value, boxes in expected.items():
        loose = "".join(re.escape(c) if c.isascii() else f"(?:{re.escape(c)}|.)?" for c in value)
        found = re.findall(loose, text)
        instead = sorted({f for f in found if f != value})
        parts.append(f"{value!r} {found.count(value)}/{boxes}" + (f" (shown as {', '.join(map(repr, instead))})" if instead else ""))
    return ", ".join(parts)


def checkbox_errors(pdf: bytes, wanted: dict[str, set[str]]) -> list[str]:
    """Each checkbox field whose ticked states (/AS of its widgets) differ from those asked for."""
    ticked: dict[str, set[str]] = defaultdict(set)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for annot in page.obj.get("/Annots", []):
                if "/AS" in annot:
                    field = annot if "/T" in annot else annot.Parent
                    ticked[str(field.T)] |= {str(annot.AS)[1:]} - {"Off"}
    return [f"{name} ticks {sorted(ticked[name])} for {sorted(want)}"
            for name, want in wanted.items() if ticked[name] != want]


def summary(first: float, times: list[float]) -> str:
    return (f"median {statistics.median(times):7.1f} ms  (min {min(times):.1f}, max {max(times):.1f}; "
            f"first call {first:.1f})")


def qpdf_check(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        run = subprocess.run(["qpdf", "--check", handle.name], capture_output=True, text=True)
    problems = [line for line in (run.stdout + run.stderr).splitlines() if "WARNING" in line or "ERROR" in line]
    return f"exit {run.returncode}" + (f", {len(problems)} problems: {problems[0]}" if problems else ", no problems")


def version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def main() -> None:
    original = FORM.read_bytes()
    template = open_pdf(FORM)
    fields = form_fields(template)
    values = full_values(fields)
    kinds = ", ".join(f"{sum(fields[n].type == kind for n in values)} {kind}" for kind in ("text", "combo", "checkbox"))
    accented = {v: 0 for v in values.values() if isinstance(v, str) and not v.isascii()}
    for name, value in values.items():
        if value in accented:
            accented[value] += len(fields[name].widgets)
    wanted = {name: ({v} if isinstance(v, str) else set(fields[name].options) if v else set())
              for name, v in values.items() if fields[name].type == "checkbox"}

    with tempfile.TemporaryDirectory(prefix="scc-bench-") as tmp:
        tempfile.tempdir = tmp  # fill_template leaves its files in the temp folder
        values_json, cli_out = Path(tmp, "values.json"), Path(tmp, "out.pdf")
        values_json.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
        xfdf_file, pdftk_out, pdftk_flat = Path(tmp, "values.xfdf"), Path(tmp, "pdftk.pdf"), Path(tmp, "pdftk-flat.pdf")
        xfdf_file.write_text(xfdf(values, fields), encoding="utf-8")
        data, da_note = da_data(values)

        ours = times_ms(lambda: fill_form(FORM, values), RUNS)
        cli = times_ms(lambda: cli_fill(values_json, cli_out), CLI_RUNS)
        theirs = times_ms(lambda: da_fill(data), RUNS)
        pypdfs = times_ms(lambda: pypdf_fill(values, fields), RUNS)
        pdftks = times_ms(lambda: pdftk_fill(xfdf_file, pdftk_flat, flatten=True), CLI_RUNS)
        pdftk_fill(xfdf_file, pdftk_out, flatten=False)
        outputs = {"ours, in-process": fill_form(FORM, values).pdf, "ours, command": cli_out.read_bytes(),
                   "docassemble": da_fill(data), "pypdf": pypdf_fill(values, fields),
                   "pdftk-java, fill_form": pdftk_out.read_bytes(), "pdftk-java, fill_form flatten": pdftk_flat.read_bytes()}
        tempfile.tempdir = None

    print(f"AOC-026 ({FORM}) filled with {CASE.name} as of {AS_OF}: {len(values)} fields ({kinds})")
    rows = {f"ours, fill_form in-process, warm ({RUNS} runs)": ours,
            f"ours, smallclaims-collect forms fill ({CLI_RUNS} runs)": cli,
            f"docassemble fill_template in-process, warm ({RUNS} runs)": theirs,
            f"pypdf update_page_form_field_values in-process, warm ({RUNS} runs)": pypdfs,
            f"pdftk-java fill_form XFDF flatten, command ({CLI_RUNS} runs)": pdftks}
    for label, (first, times) in rows.items():
        print(f"  {label:<{max(map(len, rows))}}  {summary(first, times)}")
    for peer, (times, base, kind) in {"docassemble": (theirs, ours, "in-process"), "pypdf": (pypdfs, ours, "in-process"),
                                      "pdftk-java": (pdftks, cli, "command")}.items():
        print(f"  ratio {peer} / ours ({kind}): {statistics.median(times[1]) / statistics.median(base[1]):.2f}")
    if da_note:
        print(f"  note: docassemble got {len(data)} of the {len(values)} fields; {da_note}")
    print("correctness (boxes showing each accented value, read by pdftotext):")
    for label, pdf in outputs.items():
        print(f"  {label}:")
        print(f"    appearance streams as stored: {accents(pdf_text(pdf, stored=True), accented)}")
        print(f"    as poppler shows it:          {accents(pdf_text(pdf, stored=False), accented)}")
        if text_boxes(pdf):
            wrong = checkbox_errors(pdf, wanted)
            print(f"    checkboxes: {len(wanted) - len(wrong)}/{len(wanted)} as given" + "".join(f"; {w}" for w in wrong))
            print(f"    letters cut off at the box's edge: {cut_off(pdf)}")
        else:
            print("    checkboxes and letters cut off: flattened, no fields left (see the same fill unflattened above)")
        print(f"    qpdf --check: {qpdf_check(pdf)}")
    print(f"  command output identical to in-process: {outputs['ours, command'] == outputs['ours, in-process']}")
    print(f"  ours keeps the form's {len(original)} bytes and appends an update of "
          f"{len(outputs['ours, in-process']) - len(original)}: {outputs['ours, in-process'].startswith(original)}")
    print(f"machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.platform()}, Python {platform.python_version()}")
    print(f"  pikepdf {version('pikepdf')} (libqpdf {pikepdf.__libqpdf_version__}), pypdf {version('pypdf')}, "
          f"reportlab {version('reportlab')}, docassemble.base {version('docassemble.base')}, {pdftk_version()}")


def pdftk_version() -> str:
    first = subprocess.run([PDFTK, "--version"], capture_output=True, text=True).stdout.strip().splitlines()
    return first[0] if first else "pdftk not found"


if __name__ == "__main__":
    main()
