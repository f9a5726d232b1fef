"""Next steps that fit the case: a later step's page tells how to file that step's paper, not the
first step's; a paper already done is reported with the event its date records; a paper held back
until a deadline whose start the case file lacks waits, saying which date to add; and the court
and its case number are one pair on the page and on AOC-026."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import EXAMPLES, FORMS
from docassemble.SmallClaimsCollect import rules
from docassemble.SmallClaimsCollect.casefile import load_case_data

AS_OF = "2026-11-21"
PACKETS = rules.load("KY", "packets")


def flat(text: str) -> str:
    return " ".join(text.split())


def assemble(cli, tmp_path: Path, data: dict, name: str = "case") -> tuple[str, dict, str]:
    """The next-steps page's text (the user packet's first page), the manifest and the calendar."""
    case = tmp_path / f"{name}.yml"
    case.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    out = tmp_path / name
    result = cli("assemble", str(case), "-o", str(out), "--as-of", AS_OF, "--force", "--cache", str(FORMS / "KY"))
    assert result.returncode == 0, result.stderr
    page = subprocess.run(["pdftotext", "-f", "1", "-l", "2", str(out / "user-packet.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout.split("What the ledger shows")[0]
    return (flat(page), json.loads((out / "manifest.json").read_text(encoding="utf-8")),
            (out / "deadlines.ics").read_text(encoding="utf-8"))


def example(name: str, **changes) -> dict:
    data = load_case_data(EXAMPLES / name)
    data.update(changes)
    return data


def section(page: str, heading: str) -> str:
    """The words under ``heading`` up to the next heading of the page."""
    headings = ["Already done", "What is in this packet", "Check before you file", "Not yet", "Later, if it comes to that",
                "What may be protected", "Where and how to file", "Fees to expect", "Dates that matter", "What comes next",
                "This page is general information"]
    start = page.rindex(heading) + len(heading)  # the heading, not an earlier mention ('see "Not yet" below')
    ends = [page.index(h, start) for h in headings if h in page[start:]]
    return page[start:min(ends)] if ends else page[start:]


def fee_labels(keys: list[str]) -> list[str]:
    fees = rules.load("KY", "fees")["fees"]
    return [fees[key]["label"] for key in keys]


# Each case is at a later step of its workflow, every earlier paper done by the case's own dates.
LATER_STEPS = {
    "bank motion": ("bank_garnishment", "motion-garnishee-appear", lambda: example("ky-bank-garnishment.yml")),
    "order for sale": ("execution", "AOC-140", lambda: example("ky-execution.yml")),
    "statement of appeal": ("appeal", "statement-of-appeal", lambda: example("ky-appeal.yml")),
    "supplemental wage order": ("wage_garnishment", "AOC-150.5", lambda: example(
        "ky-wage-garnishment.yml", garnishees=[{**g, "order_served": "2026-09-14"}
                                               for g in load_case_data(EXAMPLES / "ky-wage-garnishment.yml")["garnishees"]])),
    "motion to answer": ("interrogatories", "AOC-198", lambda: example(
        "ky-bank-garnishment.yml", workflow="interrogatories",
        interrogatories={"sent": "2026-09-30", "received": "2026-10-02", "method": "certified_mail"})),
}


@pytest.mark.parametrize("name", LATER_STEPS)
def test_a_later_step_says_how_to_file_its_own_paper_not_the_first_steps(cli, tmp_path, name):
    workflow, paper, data = LATER_STEPS[name]
    spec = PACKETS["packets"][workflow]
    entry = next(e for e in spec["papers"] if e["paper"] == paper)
    page, manifest, _ = assemble(cli, tmp_path, data())
    assert manifest["packet"]["step"] == paper
    title = PACKETS["papers"][paper]["title"]
    assert section(page, "What is in this packet").lstrip().startswith(f"1. {title}")
    where, comes_next = section(page, "Where and how to file"), section(page, "What comes next")
    assert flat(entry["step"]["where"]) in where and flat(spec["where"]) not in where
    assert flat(entry["step"]["next"]) in comes_next and flat(spec["next"]) not in comes_next
    fees = section(page, "Fees to expect")
    for label in fee_labels(spec["fees"]):
        assert (label in fees) == (label in fee_labels(entry["step"]["fees"])), label
    done = section(page, "Already done") if "Already done" in page else ""
    for earlier in spec["papers"][:spec["papers"].index(entry)]:
        if earlier.get("when") and earlier["when"] not in str(data()):
            continue
        earlier_title = PACKETS["papers"][earlier["paper"]]["title"]
        assert earlier_title in done and earlier_title not in section(page, "What is in this packet")


def test_what_comes_next_does_not_tell_the_filer_to_file_the_paper_in_hand(cli, tmp_path):
    page, _, _ = assemble(cli, tmp_path, example("ky-bank-garnishment.yml"))
    assert "file the motion to require the garnishee to appear" not in section(page, "What comes next")
    page, _, _ = assemble(cli, tmp_path, example("ky-execution.yml"), "execution")
    assert "file the Order for Sale (AOC-140) 14 days" not in section(page, "What comes next")
    assert "Get the printed AOC-135" not in page and "Fee for issuing the execution" not in page


def test_a_paper_done_is_reported_with_the_event_its_date_records(cli, tmp_path):
    page, manifest, _ = assemble(cli, tmp_path, example("ky-bank-garnishment.yml"))
    done = section(page, "Already done")
    assert "filed October 13" not in done  # October 13 is when the bank was served, not a filing date
    assert ("Order of Garnishment, Non-Wage (AOC-150.1): done (the order was served on the garnishee on "
            "October 13, 2026)") in done
    assert {"title": "Order of Garnishment, Non-Wage (AOC-150.1)", "on": "2026-10-13",
            "as": "the order was served on the garnishee"} in manifest["packet"]["done"]
    page, _, _ = assemble(cli, tmp_path, example("ky-appeal.yml"), "appeal")
    assert "Notice of Appeal: filed November 18, 2026." in section(page, "Already done")


def test_a_paper_whose_start_date_is_unknown_waits_and_names_the_date_to_add(cli, tmp_path):
    data = example("ky-bank-garnishment.yml", workflow="interrogatories",
                   interrogatories={"sent": "2026-09-30", "method": "certified_mail"})  # received: not known
    page, manifest, calendar = assemble(cli, tmp_path, data)
    motion = "Motion to Require Answers to Interrogatories (AOC-198)"
    assert motion not in section(page, "What is in this packet")
    assert "No paper to file or send yet" in section(page, "What is in this packet")
    waiting = section(page, "Not yet")
    assert motion in waiting
    assert ("after the 30 days from when the losing party received the interrogatories are over" in waiting
            and "the case file does not say when the losing party received the interrogatories" in waiting)
    assert manifest["packet"]["not_yet"][0]["from"] is None and "received" in manifest["packet"]["not_yet"][0]["unknown"]
    assert "AOC-198-first-day" not in calendar
    data["interrogatories"]["received"] = "2026-10-02"  # with the date: from November 2 (30 days, then the day after)
    page, _, _ = assemble(cli, tmp_path, data, "known")
    assert motion in section(page, "What is in this packet") and "after November 2, 2026" in page


def test_asked_for_by_step_an_unknown_start_is_a_warning(cli, tmp_path):
    data = example("ky-bank-garnishment.yml", workflow="interrogatories",
                   interrogatories={"sent": "2026-09-30", "method": "certified_mail"})
    case = tmp_path / "case.yml"
    case.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = cli("assemble", str(case), "-o", str(tmp_path / "out"), "--as-of", AS_OF, "--step", "AOC-198",
                 "--cache", str(FORMS / "KY"))
    assert result.returncode == 0, result.stderr
    assert "does not say when the losing party received the interrogatories" in flat(result.stdout + result.stderr)


def header(page: str) -> str:
    return page.split("Prepared for")[0]


def test_the_page_header_pairs_each_court_with_its_own_number(cli, tmp_path):
    appeal = example("ky-appeal.yml")
    page, _, _ = assemble(cli, tmp_path, appeal, "circuit")
    assert "Fayette County Circuit Court, case 26-XX-00187:" in header(page) and "26-S-01234" not in header(page)
    no_number = example("ky-appeal.yml", case_numbers={"district": "26-S-01234"})
    no_number["appeal"] = {k: v for k, v in no_number["appeal"].items() if k != "notice_filed"}
    page, _, _ = assemble(cli, tmp_path, no_number, "not-yet")
    assert ("Fayette County Circuit Court, circuit case number not yet given (District Court case 26-S-01234):"
            in header(page))
    district = example("ky-appeal.yml", court={"county": "Fayette", "level": "district"})
    district["appeal"] = {k: v for k, v in district["appeal"].items() if k != "notice_filed"}
    page, _, _ = assemble(cli, tmp_path, district, "district")
    assert "Fayette County District Court, case 26-S-01234:" in header(page) and "26-XX" not in header(page)


@pytest.mark.parametrize("level, number", [("district", "26-S-01234"), ("circuit", "26-XX-00187")])
def test_the_fee_waiver_form_pairs_its_court_with_that_courts_number(cli, tmp_path, level, number):
    data = example("ky-appeal.yml", court={"county": "Fayette", "level": level})
    case = tmp_path / "case.yml"
    case.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = cli("forms", "make", "AOC-026", str(case), "-o", str(tmp_path / "026.pdf"), "--as-of", AS_OF,
                 "--cache", str(FORMS / "KY"))
    assert result.returncode == 0, result.stderr
    fields = {name: field.get("/V") for name, field in PdfReader(tmp_path / "026.pdf").get_fields().items()}
    assert fields["Court"] == level.title() and fields["Case Number"] == number


def test_a_circuit_fee_waiver_without_its_number_leaves_it_to_write_in(cli, tmp_path):
    data = example("ky-appeal.yml", case_numbers={"district": "26-S-01234"})  # at circuit, no circuit number yet
    case = tmp_path / "case.yml"
    case.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = cli("forms", "make", "AOC-026", str(case), "-o", str(tmp_path / "026.pdf"), "--as-of", AS_OF,
                 "--cache", str(FORMS / "KY"))
    assert result.returncode == 0, result.stderr
    fields = {name: field.get("/V") for name, field in PdfReader(tmp_path / "026.pdf").get_fields().items()}
    assert fields["Court"] == "Circuit" and fields["Case Number"] in (None, "")
    result = cli("forms", "make", "AOC-026", str(case), "-o", str(tmp_path / "sheet.pdf"), "--as-of", AS_OF,
                 "--cache", str(tmp_path / "empty-cache"))
    assert result.returncode == 0, result.stderr
    sheet = flat(subprocess.run(["pdftotext", str(tmp_path / "sheet.pdf"), "-"], capture_output=True, text=True,
                                check=True).stdout)
    assert "Circuit Court, Fayette County, case not in your case file: write it here" in sheet
