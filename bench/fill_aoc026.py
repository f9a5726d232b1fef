"""Time filling Kentucky's AOC-026 with a full case three ways: our filler in-process, our
command as a person runs it, and docassemble's own PDF filling (docassemble.base.pdftk).

    bench/setup.sh    # once: a Python 3.12 venv with docassemble.base 1.10.13 and this package
    bench/run.sh      # = ${BENCH_VENV:-/tmp/scc-bench-venv}/bin/python bench/fill_aoc026.py

Prints each way's median, min and max in ms (and its first, untimed-in-the-median call), the
ratio docassemble/ours, whether each output shows the accented values ("José Núñez"), ticks the
checkboxes it was given and passes qpdf --check, whether ours keeps the form's bytes and appends
an update, and the machine.
The form is read where it lies ($AOC026, or /work/shared/forms/KY/AOC-026.pdf).
"""

from __future__ import annotations

import io
import json
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

import pikepdf
from docassemble.base.pdftk import fill_template

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


def pdf_text(pdf: bytes, *, as_stored: bool) -> str:
    """pdftotext's text. Viewers redraw fields when /NeedAppearances is set (docassemble sets it);
    ``as_stored`` removes it first, so the appearance streams in the file are what is read."""
    if as_stored:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            if "/NeedAppearances" in doc.Root.AcroForm:
                del doc.Root.AcroForm["/NeedAppearances"]
            out = io.BytesIO()
            doc.save(out)
            pdf = out.getvalue()
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def accents(text: str, expected: dict[str, int]) -> str:
    """How many of the boxes holding each accented value show it, and what shows instead
    (an accented letter printed as '?' or left out)."""
    parts = []
    for value, boxes in expected.items():
        loose = "".join(re.escape(c) if c.isascii() else f"[{re.escape(c)}?]?" for c in value)
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
        data, da_note = da_data(values)

        ours = times_ms(lambda: fill_form(FORM, values), RUNS)
        cli = times_ms(lambda: cli_fill(values_json, cli_out), CLI_RUNS)
        theirs = times_ms(lambda: da_fill(data), RUNS)
        outputs = {"ours, in-process": fill_form(FORM, values).pdf, "ours, command": cli_out.read_bytes(),
                   "docassemble": da_fill(data)}
        tempfile.tempdir = None

    print(f"AOC-026 ({FORM}) filled with {CASE.name} as of {AS_OF}: {len(values)} fields ({kinds})")
    rows = {f"ours, fill_form in-process, warm ({RUNS} runs)": ours,
            f"ours, smallclaims-collect forms fill ({CLI_RUNS} runs)": cli,
            f"docassemble fill_template in-process, warm ({RUNS} runs)": theirs}
    for label, (first, times) in rows.items():
        print(f"  {label:<{max(map(len, rows))}}  {summary(first, times)}")
    print(f"  ratio docassemble / ours in-process: {statistics.median(theirs[1]) / statistics.median(ours[1]):.2f}")
    if da_note:
        print(f"  note: docassemble got {len(data)} of the {len(values)} fields; {da_note}")
    print("correctness (boxes showing each accented value, read by pdftotext):")
    for label, pdf in outputs.items():
        wrong = checkbox_errors(pdf, wanted)
        print(f"  {label}:")
        print(f"    appearance streams as stored: {accents(pdf_text(pdf, as_stored=True), accented)}")
        print(f"    as poppler shows it:          {accents(pdf_text(pdf, as_stored=False), accented)}")
        print(f"    checkboxes: {len(wanted) - len(wrong)}/{len(wanted)} as given" + "".join(f"; {w}" for w in wrong))
        print(f"    qpdf --check: {qpdf_check(pdf)}")
    print(f"  command output identical to in-process: {outputs['ours, command'] == outputs['ours, in-process']}")
    print(f"  ours keeps the form's {len(original)} bytes and appends an update of "
          f"{len(outputs['ours, in-process']) - len(original)}: {outputs['ours, in-process'].startswith(original)}")
    print(f"machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.platform()}, Python {platform.python_version()}")
    print(f"  pikepdf {version('pikepdf')} (libqpdf {pikepdf.__libqpdf_version__}), pypdf {version('pypdf')}, "
          f"reportlab {version('reportlab')}, docassemble.base {version('docassemble.base')}")


if __name__ == "__main__":
    main()
