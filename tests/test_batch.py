"""batch: a packet folder per case from a folder of case files or a JSON Lines file. A bad case
is reported with its reason and the others still get their packets; a second run skips what is
complete and unchanged; the exit code says whether any failed; the bar shows only on a terminal."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, ROOT
from docassemble.SmallClaimsCollect import packet_assembly
from docassemble.SmallClaimsCollect.packet_batch import BatchResult, run_batch
from docassemble.SmallClaimsCollect.packet_folder import MANIFEST
from docassemble.SmallClaimsCollect.progress import ProgressBar

AS_OF = "2026-11-21"
GOOD = ["ky-bank-garnishment.yml", "ky-judgment-lien.yml", "ky-counterstatement.yml"]


@pytest.fixture
def cases(tmp_path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    for name in GOOD:
        (folder / name).write_bytes((EXAMPLES / name).read_bytes())
    (folder / "no-workflow.yml").write_text("schema_version: 1\nstate: KY\n", encoding="utf-8")
    (folder / "latin1.yml").write_bytes("name: Ren\xe9e\n".encode("latin-1"))
    (folder / "notes.txt").write_text("not a case file")
    return folder


def read_report(out: Path) -> dict:
    return json.loads((out / "batch-report.json").read_text(encoding="utf-8"))


def test_a_bad_case_is_reported_and_the_others_get_their_packets(cli, cases, tmp_path):
    out = tmp_path / "out"
    result = cli("batch", str(cases), "-o", str(out), "--as-of", AS_OF, "--workers", "2")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == ""  # not a terminal: no progress bar
    report = read_report(out)
    assert report["counts"] == {"done": 3, "skipped": 0, "failed": 2}
    by_name = {r["name"]: r for r in report["results"]}
    assert sorted(by_name) == ["ky-bank-garnishment", "ky-counterstatement", "ky-judgment-lien", "latin1", "no-workflow"]
    assert "workflow: is missing; it is required (What the packet is for)" in by_name["no-workflow"]["problems"]
    assert by_name["latin1"]["problems"] == [f"{cases / 'latin1.yml'}: cannot be read as a UTF-8 text file "
                                             "(UnicodeDecodeError)"]
    for name in GOOD:
        folder = out / Path(name).stem
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        assert manifest["as_of"] == AS_OF and (folder / "user-packet.pdf").exists()
        assert by_name[Path(name).stem]["status"] == "done"
    assert sorted(p.name for p in out.iterdir()) == sorted(["batch-report.json", *(Path(n).stem for n in GOOD)])
    assert result.stdout.startswith("5 cases: 3 done, 0 skipped (unchanged), 2 failed;")
    assert f"  failed: {cases / 'no-workflow.yml'}\n    court: is missing" in result.stdout
    assert all(0 < r["memory_mb"] < 1000 for r in report["results"])


def test_a_second_run_skips_complete_unchanged_packets_and_remakes_changed_ones(cli, cases, tmp_path):
    out = tmp_path / "out"
    cli("batch", str(cases), "-o", str(out), "--as-of", AS_OF)
    lien = out / "ky-judgment-lien"
    made = {p.name: p.stat().st_mtime_ns for p in lien.iterdir()}
    (cases / "ky-bank-garnishment.yml").write_text((EXAMPLES / "ky-bank-garnishment.yml").read_text(encoding="utf-8")
                                                   .replace("Harold W. Pruitt", "Harold William Pruitt"), encoding="utf-8")
    (out / "ky-counterstatement" / "deadlines.ics").unlink()  # an incomplete packet is made again
    result = cli("batch", str(cases), "-o", str(out), "--as-of", AS_OF)
    assert result.returncode == 1
    status = {r["name"]: r["status"] for r in read_report(out)["results"]}
    assert status == {"ky-bank-garnishment": "done", "ky-counterstatement": "done", "ky-judgment-lien": "skipped",
                      "latin1": "failed", "no-workflow": "failed"}
    assert {p.name: p.stat().st_mtime_ns for p in lien.iterdir()} == made
    assert (out / "ky-counterstatement" / "deadlines.ics").exists()
    assert "Harold William Pruitt" in (out / "ky-bank-garnishment" / "manifest.json").read_text(encoding="utf-8")


def test_json_lines_one_case_a_line_and_the_same_packets_with_one_or_two_workers(cli, tmp_path):
    lines = [json.dumps(yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8")), default=str) for name in GOOD]
    source = tmp_path / "intake.jsonl"
    source.write_text("\n".join([lines[0], "{not json", "", lines[1], '["a list"]', lines[2]]) + "\n", encoding="utf-8")
    packets = {}
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}"
        result = cli("batch", str(source), "-o", str(out), "--as-of", AS_OF, "--workers", workers)
        assert result.returncode == 1, result.stderr
        report = read_report(out)
        assert report["counts"] == {"done": 3, "skipped": 0, "failed": 2}
        failed = {r["source"]: " ".join(r["problems"]) for r in report["results"] if r["status"] == "failed"}
        assert f"{source}:2: is not valid JSON" in failed[f"{source}:2"]
        assert f"{source}:5: must be a mapping of fields" in failed[f"{source}:5"]
        packets[workers] = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()
                            and p.name != "batch-report.json"}
    assert sorted(str(p.parent) for p in packets["1"] if p.name == MANIFEST) == [
        "line-00001-26-S-00659", "line-00004-26-S-00188", "line-00006-26-S-00871"]
    assert packets["1"] == packets["2"]


def test_missing_cases_are_refused_before_anything_is_written(cli, tmp_path):
    result = cli("batch", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "CASES: " in result.stderr and "no such folder or file" in result.stderr
    assert not (tmp_path / "out").exists()
    result = cli("batch", str(tmp_path), "-o", str(tmp_path / "out"), "--workers", "0")
    assert result.returncode == 2 and "'0' is not a number of processes from 1 to 64" in result.stderr


def test_a_fault_in_the_engine_fails_that_case_only(cases, tmp_path, monkeypatch):
    real = packet_assembly.assemble

    def faulty(case, as_of, cache, step=None, word=True):
        if case.workflow == "judgment_lien":
            raise ZeroDivisionError("division by zero")
        return real(case, as_of, cache, step, word)

    monkeypatch.setattr(packet_assembly, "assemble", faulty)
    report = run_batch(cases, tmp_path / "out", date(2026, 11, 21), tmp_path / "no-cache", workers=1)
    lien = next(r for r in report["results"] if r["name"] == "ky-judgment-lien")
    assert lien["status"] == "failed"
    assert lien["problems"] == ["internal error (ZeroDivisionError: division by zero); please report it"]
    assert report["counts"]["done"] == 2


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_redraws_one_line_on_a_terminal_and_is_silent_elsewhere():
    terminal, log = FakeTerminal(), io.StringIO()
    for stream in (terminal, log):
        bar = ProgressBar(stream, "cases", total=4)
        for count, status in enumerate(["done", "failed", "done", "skipped"], 1):
            bar.update(BatchResult("x", "x", status, [], 0, 1.0), count)
        bar.close()
    assert log.getvalue() == ""
    frames = terminal.getvalue().split("\r")[1:]
    assert len(frames) == 4 and frames[0].startswith("[" + "#" * 7 + "." * 23 + "] 1/4 cases")
    assert frames[-1].startswith("[" + "#" * 30 + "] 4/4 cases") and "1 failed" in frames[-1]
    assert terminal.getvalue().endswith("\n")


def test_the_command_draws_the_bar_on_a_real_terminal(cases, tmp_path):
    """stderr on a pseudo-terminal, as when a clerk runs it in a window."""
    leader, follower = pty.openpty()
    process = subprocess.run([sys.executable, "-m", "docassemble.SmallClaimsCollect", "batch", str(cases), "-o",
                              str(tmp_path / "out"), "--as-of", AS_OF], stdout=subprocess.PIPE, stderr=follower,
                             cwd=ROOT, timeout=120)
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    assert process.returncode == 1
    assert b"\r[" in drawn and b"] 5/5 cases" in drawn and b"2 failed" in drawn
