"""forms fetch, list and make: the forms cache, checked against the form maps, and a case file
turned into a filled court form or a worksheet."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import threading
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import EXAMPLES, FORMS
from docassemble.SmallClaimsCollect.case import load_case
from docassemble.SmallClaimsCollect.form_cache import fetch, form_status
from docassemble.SmallClaimsCollect.form_facts import form_specs, load_form_spec

KY = FORMS / "KY"


def statuses(run) -> dict[str, dict]:
    return {row["form"]: row for row in json.loads(run.stdout)}


def test_fetch_from_a_folder_checks_each_form_against_its_map(cli, tmp_path):
    run = cli("forms", "fetch", "--from", str(KY), "--dest", str(tmp_path), "--json")
    assert run.returncode == 0, run.stderr
    rows = statuses(run)
    assert len(rows) == 16
    assert rows["AOC-026"]["status"] == "ready" and rows["AOC-026"]["detail"] == "Rev. 10-22"
    assert rows["AOC-175"]["status"] == "ready" and rows["AOC-175"]["output"] == "fill"
    for clerk in ("AOC-135", "AOC-150", "AOC-150.5"):
        assert rows[clerk]["status"] == "clerk's form" and rows[clerk]["output"] == "worksheet"
    assert rows["AOC-145"]["status"] == "not available" and "no AOC-145.pdf" in rows["AOC-145"]["detail"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["AOC-026.pdf", "AOC-175.pdf"]


def test_list_reads_the_cache(cli, tmp_path):
    rows = statuses(cli("forms", "list", "--cache", str(tmp_path), "--json"))
    assert rows["AOC-026"]["status"] == "not fetched" and rows["AOC-026"]["output"] == "worksheet"
    shutil.copy(KY / "AOC-026.pdf", tmp_path)
    run = cli("forms", "list", "--cache", str(tmp_path))
    line = next(line for line in run.stdout.splitlines() if line.startswith("AOC-026"))
    assert "fill" in line and "ready: Rev. 10-22" in line


def renamed_field_copy(source: Path, dest: Path, old: str, new: str) -> None:
    with pikepdf.open(source) as pdf:
        for field in pdf.Root.AcroForm.Fields:
            if str(field.get("/T", "")) == old:
                field.T = pikepdf.String(new)
        pdf.save(dest)


def test_a_new_revision_is_used_while_its_fields_match_and_a_broken_map_names_the_missing(tmp_path):
    spec = load_form_spec("AOC-175")
    with pikepdf.open(KY / "AOC-175.pdf") as pdf:  # same fields, different bytes: a new revision
        pdf.docinfo["/Title"] = "Small Claims Complaint, revised"
        pdf.save(tmp_path / "AOC-175.pdf")
    status = form_status(spec, tmp_path)
    assert status.status == "new revision" and status.output == "fill"
    mapped = next(name for name in spec.fields if name in {"claims", "plaintiff_full_name"})
    renamed_field_copy(KY / "AOC-175.pdf", tmp_path / "AOC-175.pdf", mapped, "renamed_by_the_court")
    status = form_status(spec, tmp_path)
    assert status.status == "map broken" and status.output == "worksheet" and mapped in status.detail


def test_fetch_exits_1_when_a_map_is_broken(cli, tmp_path):
    source = tmp_path / "court"
    source.mkdir()
    renamed_field_copy(KY / "AOC-175.pdf", source / "AOC-175.pdf", "claims", "claim_text")
    run = cli("forms", "fetch", "--from", str(source), "--dest", str(tmp_path / "cache"))
    assert run.returncode == 1
    assert "map broken" in next(line for line in run.stdout.splitlines() if line.startswith("AOC-175"))


@pytest.fixture
def court_site():
    """The shared forms served over HTTP on 127.0.0.1, standing in for the court's site."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(FORMS))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_fetch_downloads_over_http_and_reports_what_is_missing(court_site, tmp_path):
    specs = [load_form_spec("AOC-026"), load_form_spec("AOC-145")]
    reports = {r.number: r for r in fetch(specs, f"{court_site}/KY", tmp_path)}
    assert reports["AOC-026"].status == "ready"
    assert reports["AOC-145"].status == "not available" and "404" in reports["AOC-145"].detail
    assert (tmp_path / "AOC-026.pdf").read_bytes() == (KY / "AOC-026.pdf").read_bytes()


def test_every_form_has_a_data_file_and_a_clerk_form_never_downloads():
    numbers = [s.number for s in form_specs("KY")]
    assert numbers == ["AOC-026", "AOC-135", "AOC-135.1", "AOC-140", "AOC-145", "AOC-150", "AOC-150.1", "AOC-150.2",
                       "AOC-150.5", "AOC-175", "AOC-180", "AOC-185", "AOC-191", "AOC-197", "AOC-198", "AOC-199"]


# --- make: fill or worksheet ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    path = tmp_path_factory.mktemp("cache")
    fetch([load_form_spec("AOC-026"), load_form_spec("AOC-175")], str(KY), path)
    return path


def test_make_fills_aoc_026_from_a_case_file_and_the_page_shows_it(cli, cache, tmp_path):
    out = tmp_path / "026.pdf"
    run = cli("forms", "make", "AOC-026", str(EXAMPLES / "ky-appeal.yml"), "-o", str(out), "--as-of", "2026-11-21",
              "--cache", str(cache))
    assert run.returncode == 0, run.stderr
    assert "filled in" in run.stdout
    case = load_case(EXAMPLES / "ky-appeal.yml")
    fields = PdfReader(out).get_fields()
    values = {str(f.get("/V")) for f in fields.values() if f.get("/V") is not None}
    # the fee waiver goes with the appeal, so it carries the circuit court's number
    assert case.court.level == "circuit" and case.case_numbers.circuit in values
    assert case.court.county in values
    appellant = case.party(case.filer)
    assert appellant.name in values and appellant.address.street in " ".join(values)
    page = subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(out), str(tmp_path / "p")],
                          capture_output=True)
    assert page.returncode == 0 and (tmp_path / "p-1.png").stat().st_size > 10_000
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert appellant.name in text  # drawn by its own appearance, so text tools see it too


def test_make_gives_a_worksheet_for_a_clerk_form_with_the_computed_figures(cli, cache, tmp_path):
    out = tmp_path / "150.1.pdf"
    run = cli("forms", "make", "AOC-150.1", str(EXAMPLES / "ky-bank-garnishment.yml"), "-o", str(out),
              "--as-of", "2026-11-21", "--cache", str(cache))
    assert run.returncode == 0, run.stderr
    assert "worksheet (not fetched" in run.stdout
    balance = json.loads(cli("balance", "--entered", "2026-08-20", "--principal", "1675", "--costs", "91",
                             "--post-judgment-cost", "2026-10-06:55", "--post-judgment-cost", "2026-10-06:10",
                             "--post-judgment-cost", "2026-10-07:9.85", "--as-of", "2026-11-21", "--json").stdout)
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split())
    assert "Worksheet for form AOC-150.1" in text and "This worksheet is not the court form" in text
    assert f"${float(balance['balance']):,.2f}" in text
    assert "Kevin L. Stamper" in text and "Commonwealth Community Bank" in text
    assert len(PdfReader(out).pages) <= 2
