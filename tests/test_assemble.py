"""assemble: the packet folder for a case's next step. The court's copy holds what is filed or
served in filing order; the person's copy starts with the next-steps page; the calendar names
step, rule and document; the manifest describes every file byte for byte; the same case gives
the same bytes; a folder is never half-written or overwritten without --force."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from conftest import EXAMPLES, FORMS
from docassemble.SmallClaimsCollect import packet_folder
from docassemble.SmallClaimsCollect.case import load_case
from docassemble.SmallClaimsCollect.errors import InputError
from docassemble.SmallClaimsCollect.packet_assembly import assemble
from docassemble.SmallClaimsCollect.packet_folder import inputs_fingerprint, packet_complete, packet_files, write_packet

AS_OF = "2026-11-21"
EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("ky-*.yml"))
KY_FORMS = str(FORMS / "KY")  # AOC-026 and AOC-175: filled; every other form: a worksheet


def pdf_text(path: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())


def qpdf_ok(path: Path) -> None:
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("example", EXAMPLE_FILES)
def test_every_example_makes_a_packet_the_manifest_describes_byte_for_byte(cli, tmp_path, example):
    out = tmp_path / "packet"
    result = cli("assemble", str(EXAMPLES / example), "-o", str(out), "--as-of", AS_OF, "--cache", KY_FORMS)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and f"{out}/:" in result.stdout
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in out.iterdir()) == sorted([*manifest["files"], "manifest.json"])
    for name, entry in manifest["files"].items():
        assert sha256(out / name) == entry["sha256"] and (out / name).stat().st_size == entry["bytes"]
    documents = manifest["documents"]
    assert documents[0]["pleading"] == "next-steps"
    user = PdfReader(out / "user-packet.pdf")
    assert len(user.pages) == sum(d["pages"] for d in documents)
    court = [d for d in documents if "court-packet.pdf" in d]
    assert all(d["kind"] in ("generated", "filled") for d in court)  # a worksheet is never filed
    if court:
        assert len(PdfReader(out / "court-packet.pdf").pages) == sum(d["pages"] for d in court)
        qpdf_ok(out / "court-packet.pdf")
    else:
        assert not (out / "court-packet.pdf").exists()
    qpdf_ok(out / "user-packet.pdf")
    # each document sits on the pages the manifest gives, in the person's copy
    for document in documents:
        first, last = document["user-packet.pdf"]
        assert last - first + 1 == document["pages"]
        assert len(document["sha256"]) == 64
    case = load_case(EXAMPLES / example)
    assert manifest["case"]["district_case_number"] == case.case_numbers.district and manifest["as_of"] == AS_OF
    if case.judgment:
        assert manifest["balance"]["as_of"] == AS_OF and "balance" in manifest["balance"]
    assert manifest["warnings"] == [line.split("warning: ", 1)[1] for line in _warnings(result.stdout)]
    calendar = Calendar.from_ical((out / "deadlines.ics").read_bytes())
    for event in calendar.walk("VEVENT"):
        description = str(event["DESCRIPTION"])
        assert "\nStep: " in description and "\nRule: " in description and "\nDocuments: " in description
        assert event["DTSTART"].dt >= date.fromisoformat(AS_OF) if not hasattr(event["DTSTART"].dt, "date") \
            else event["DTSTART"].dt.date() >= date.fromisoformat(AS_OF)


def _warnings(stdout: str) -> list[str]:
    """The printed warnings, each joined back from its wrapped lines."""
    lines = stdout.splitlines()
    found = []
    for i, line in enumerate(lines):
        if line.startswith("  warning: "):
            text = line.strip()
            for following in lines[i + 1:]:
                if not following.startswith("    "):
                    break
                text += " " + following.strip()
            found.append(text)
    return found


def test_the_court_copy_holds_the_filed_papers_in_order_and_the_person_copy_starts_with_next_steps(cli, tmp_path):
    out = tmp_path / "appeal"
    result = cli("assemble", str(EXAMPLES / "ky-appeal.yml"), "-o", str(out), "--as-of", AS_OF, "--cache", KY_FORMS,
                 "--step", "notice-of-appeal")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    keys = [d.get("pleading") or d.get("form") for d in manifest["documents"]]
    assert keys == ["next-steps", "notice-of-appeal", "AOC-026"]
    assert [d["kind"] for d in manifest["documents"]] == ["generated", "generated", "filled"]
    notice, waiver = manifest["documents"][1:]
    assert notice["court-packet.pdf"][0] == 1 and waiver["court-packet.pdf"][0] == notice["court-packet.pdf"][1] + 1
    court = PdfReader(out / "court-packet.pdf")
    first = court.pages[0].extract_text()
    assert "NOTICE OF APPEAL" in first
    fields = court.get_fields()  # the filled form keeps its fields, values and all
    assert fields["Defendant"]["/V"] == "José Núñez"
    user_text = pdf_text(out / "user-packet.pdf")
    assert user_text.index("What to do next") < user_text.index("NOTICE OF APPEAL")
    assert (out / "notice-of-appeal.docx").read_bytes()[:2] == b"PK" and notice["word"] == "notice-of-appeal.docx"
    # the notice was filed on November 18: asked for again, the packet says so
    assert "Notice of Appeal was already filed on November 18, 2026: this is a new copy" in manifest["warnings"]


def test_worksheets_and_the_ledger_go_only_into_the_persons_copy(cli, tmp_path):
    out = tmp_path / "wage"
    result = cli("assemble", str(EXAMPLES / "ky-wage-garnishment.yml"), "-o", str(out), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    kinds = {d.get("form") or d.get("pleading") or d.get("document"): d for d in manifest["documents"]}
    assert kinds["AOC-150"]["kind"] == "worksheet" and "court-packet.pdf" not in kinds["AOC-150"]
    assert "court-packet.pdf" not in kinds["ledger"]
    assert not (out / "court-packet.pdf").exists()
    assert "court-packet.pdf  not made: this step's forms are worksheets" in result.stdout
    text = pdf_text(out / "user-packet.pdf")
    assert "This packet has a worksheet for it, not the form itself" in text
    assert "Worksheet for AOC-150" in text or "AOC-150" in text
    assert "Ledger" in text and manifest["balance"]["balance"] in text.replace(",", "")


def test_a_paper_not_yet_allowed_waits_with_its_first_day_in_the_calendar(cli, tmp_path):
    """October 20: the bank's 20 days to answer (served October 13) are not over, so the motion
    to require it to appear is not in the packet yet; the page and the calendar say from when."""
    out = tmp_path / "early"
    result = cli("assemble", str(EXAMPLES / "ky-bank-garnishment.yml"), "-o", str(out), "--as-of", "2026-10-20")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (waiting,) = manifest["packet"]["not_yet"]
    assert waiting["title"] == "Motion to Require Garnishee to Appear" and waiting["from"] == "2026-11-03"
    assert not (out / "court-packet.pdf").exists()
    assert "Not yet" in pdf_text(out / "user-packet.pdf") and "November 3, 2026" in pdf_text(out / "user-packet.pdf")
    events = {str(e["SUMMARY"]): e for e in Calendar.from_ical((out / "deadlines.ics").read_bytes()).walk("VEVENT")}
    first = events["First day to file: Motion to Require Garnishee to Appear"]
    assert first["DTSTART"].dt == date(2026, 11, 3)
    # asked for by name, the motion is made, with a warning not to file it yet
    asked = cli("assemble", str(EXAMPLES / "ky-bank-garnishment.yml"), "-o", str(tmp_path / "asked"), "--as-of",
                "2026-10-20", "--step", "motion-garnishee-appear")
    assert asked.returncode == 0, asked.stderr
    assert "may not be filed before November 3, 2026" in asked.stdout
    assert (tmp_path / "asked" / "court-packet.pdf").exists()


def test_an_unknown_step_is_refused_with_the_closest_name(cli, tmp_path):
    result = cli("assemble", str(EXAMPLES / "ky-bank-garnishment.yml"), "-o", str(tmp_path / "x"), "--as-of", AS_OF,
                 "--step", "motion-garnishee")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--step: 'motion-garnishee' is not a paper of the bank_garnishment packet" in result.stderr
    assert "did you mean 'motion-garnishee-appear'?" in result.stderr
    assert not (tmp_path / "x").exists()


def test_the_same_case_gives_the_same_bytes_in_every_file(cli, tmp_path):
    runs = []
    for name in ("one", "two"):
        result = cli("assemble", str(EXAMPLES / "ky-bank-garnishment.yml"), "-o", str(tmp_path / name), "--as-of", AS_OF,
                     env={"PYTHONHASHSEED": "1" if name == "one" else "2"})
        assert result.returncode == 0, result.stderr
        runs.append({p.name: p.read_bytes() for p in (tmp_path / name).iterdir()})
    assert runs[0].keys() == runs[1].keys() and len(runs[0]) == 5
    assert [name for name in runs[0] if runs[0][name] != runs[1][name]] == []


def test_an_existing_folder_is_kept_unless_force_is_given(cli, tmp_path):
    out = tmp_path / "packet"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    result = cli("assemble", str(EXAMPLES / "ky-judgment-lien.yml"), "-o", str(out), "--as-of", AS_OF)
    assert result.returncode == 2
    assert f"-o: {out} already exists and is not empty; add --force to replace it" in result.stderr
    assert [p.name for p in out.iterdir()] == ["mine.txt"]
    result = cli("assemble", str(EXAMPLES / "ky-judgment-lien.yml"), "-o", str(out), "--as-of", AS_OF, "--force")
    assert result.returncode == 0, result.stderr
    assert not (out / "mine.txt").exists() and (out / "manifest.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["packet"]  # no temporary folder left behind


def test_an_interrupted_write_leaves_no_half_packet_and_keeps_the_old_one(tmp_path, monkeypatch):
    case = load_case(EXAMPLES / "ky-judgment-lien.yml")
    files = packet_files(assemble(case, date(2026, 11, 21), FORMS / "KY"), "fingerprint")
    out = tmp_path / "packet"
    write_packet(files, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    written = []
    real = Path.write_bytes

    def fail_on_third(self: Path, data: bytes) -> int:
        written.append(self.name)
        if len(written) == 3:
            raise KeyboardInterrupt  # the person pressed Ctrl-C half-way
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", fail_on_third)
    with pytest.raises(KeyboardInterrupt):
        write_packet(files, out, force=True)
    with pytest.raises(KeyboardInterrupt):
        written.clear()
        write_packet(files, tmp_path / "new")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["packet"]


def test_a_packet_is_complete_only_with_the_same_inputs_and_every_file_as_listed(tmp_path):
    path = EXAMPLES / "ky-judgment-lien.yml"
    cache = FORMS / "KY"
    inputs = inputs_fingerprint(path.read_bytes(), date(2026, 11, 21), None, cache)
    out = tmp_path / "packet"
    write_packet(packet_files(assemble(load_case(path), date(2026, 11, 21), cache), inputs), out)
    assert packet_complete(out, inputs)
    assert not packet_complete(out, inputs_fingerprint(path.read_bytes(), date(2026, 11, 22), None, cache))
    assert not packet_complete(out, inputs_fingerprint(path.read_bytes() + b"\n# edited", date(2026, 11, 21), None, cache))
    (out / "deadlines.ics").write_bytes(b"changed")
    assert not packet_complete(out, inputs)
    (out / "deadlines.ics").unlink()
    assert not packet_complete(out, inputs)
    assert not packet_complete(tmp_path / "nothing", inputs)


def test_a_folder_given_as_a_file_is_refused(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(InputError) as error:
        write_packet({"a": b"b"}, target)
    assert str(error.value.problems[0]) == f"-o: {target} is a file, not a folder"


def test_the_inputs_fingerprint_follows_the_rules_data(tmp_path, monkeypatch):
    """A deployer who edits the rules data gets packets made again."""
    path = EXAMPLES / "ky-judgment-lien.yml"
    before = inputs_fingerprint(path.read_bytes(), date(2026, 11, 21), None, tmp_path)
    rules = tmp_path / "rules"
    shutil.copytree(packet_folder.DATA / "rules", rules)
    monkeypatch.setenv("SMALLCLAIMS_RULES_DIR", str(rules))
    packet_folder._data_digest.cache_clear()
    try:
        assert inputs_fingerprint(path.read_bytes(), date(2026, 11, 21), None, tmp_path) != before
    finally:
        monkeypatch.delenv("SMALLCLAIMS_RULES_DIR")
        packet_folder._data_digest.cache_clear()


def test_signing_says_which_papers_carry_the_signature_and_which_are_signed_by_hand():
    """The interviews ask for a signature only for the pleadings that print it; a court form, a
    worksheet and a sworn paper (even a pleading: the affidavit of insufficient property) are signed
    with a pen, a sworn one in front of a notary."""
    appeal = load_case(EXAMPLES / "ky-appeal.yml")
    before = dataclasses.replace(appeal, appeal=dataclasses.replace(appeal.appeal, notice_filed=None))
    signing = assemble(before, date(2026, 11, 16), FORMS / "KY", word=False).signing
    waiver = "Motion to Proceed In Forma Pauperis (AOC-026)"
    assert (signing.in_packet, signing.by_hand, signing.sworn) == (["Notice of Appeal"], [], [waiver])
    execution = load_case(EXAMPLES / "ky-execution.yml")
    signing = assemble(execution, date(2026, 11, 21), FORMS / "KY", step="affidavit-insufficient-property", word=False).signing
    assert (signing.in_packet, signing.by_hand, signing.sworn) == ([], ["Execution (AOC-135)"], ["Affidavit of Insufficient Property"])
