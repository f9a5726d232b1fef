"""The command line as a person uses it: separate processes, exit codes, one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from docassemble.SmallClaimsCollect.casefile import SCHEMA_PATH

SUBCOMMANDS = ["check", "validate", "schema", "deadlines", "balance", "garnishment-limit", "forms"]


@pytest.mark.parametrize("sub", SUBCOMMANDS)
def test_every_subcommand_has_help(cli, sub):
    out = cli(sub, "--help")
    assert out.returncode == 0
    assert out.stdout.startswith(f"usage: smallclaims-collect {sub}")


def test_console_script_is_installed_and_lists_subcommands():
    exe = shutil.which("smallclaims-collect")
    assert exe, "install the package (pip install .) so the smallclaims-collect script exists"
    out = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    assert all(sub in out.stdout for sub in SUBCOMMANDS)


def test_deadlines_json(cli):
    out = cli("deadlines", "--state", "KY", "--entered", "2026-03-02", "--garnishee-served", "2026-06-13",
              "--hearing", "2026-11-17", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["state"] == "KY"
    got = {d["key"]: d["date"] for d in data["deadlines"]}
    assert got == {"notice_of_appeal_due": "2026-03-12", "garnishment_earliest": "2026-03-12",
                   "execution_earliest": "2026-03-12", "judgment_enforceable_until": "2041-03-04",
                   "garnishee_answer_due": "2026-07-06", "counterclaim_due": "2026-11-09", "jury_demand_due": "2026-11-10"}
    assert all({"key", "date", "rule", "explanation"} <= set(d) for d in data["deadlines"])


def test_deadlines_table(cli):
    out = cli("deadlines", "--entered", "2026-03-02")
    assert out.returncode == 0
    assert "2026-03-12  Last day to file a Notice of Appeal  [KRS 24A.340; RAP 6(A)]" in out.stdout


def test_balance_json(cli):
    out = cli("balance", "--state", "KY", "--entered", "2025-01-10", "--principal", "1850", "--costs", "75",
              "--payment", "2025-03-01:200", "--post-judgment-cost", "2025-02-01:55.00", "--as-of", "2026-11-21", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {k: data[k] for k in ("judgment_amount", "interest_accrued", "payments", "balance", "per_diem", "rate_percent", "rule")} == {
        "judgment_amount": "1925.00", "interest_accrued": "206.62", "payments": "200.00", "balance": "1986.62",
        "per_diem": "0.31", "rate_percent": "6", "rule": "KRS 360.040"}


def test_garnishment_limit_json(cli):
    out = cli("garnishment-limit", "--state", "KY", "--disposable", "612.40", "--period", "biweekly", "--min-wage", "7.25", "--json")
    assert out.returncode == 0
    data = json.loads(out.stdout)
    assert {k: data[k] for k in ("period", "disposable", "floor", "max_garnishable")} == {
        "period": "biweekly", "disposable": "612.40", "floor": "435.00", "max_garnishable": "153.10"}
    assert "KRS 427.010(2)" in data["rule"]


def test_schema_prints_the_published_schema(cli):
    out = cli("schema")
    assert out.returncode == 0
    assert json.loads(out.stdout) == json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize("args,named", [
    (["balance", "--entered", "2025-02-30", "--principal", "1", "--costs", "0", "--as-of", "2026-01-01"], "--entered"),
    (["balance", "--entered", "2025-02-03", "--principal", "-1", "--costs", "0", "--as-of", "2026-01-01"], "--principal"),
    (["balance", "--entered", "2025-02-03", "--principal", "12.3.4", "--costs", "0", "--as-of", "2026-01-01"], "--principal"),
    (["balance", "--entered", "2025-02-03", "--principal", "1", "--costs", "0", "--as-of", "2026-01-01",
      "--payment", "2025-01-01:5"], "--payment"),
    (["balance", "--entered", "2025-02-03", "--principal", "1", "--costs", "0", "--as-of", "2026-01-01",
      "--payment", "2025-03-01"], "--payment"),
    (["balance", "--entered", "2025-02-03", "--principal", "1", "--costs", "0", "--as-of", "2026-01-01",
      "--rate", "six"], "--rate"),
    (["garnishment-limit", "--disposable", "100", "--period", "daily"], "--period"),
    (["garnishment-limit", "--disposable", "abc", "--period", "weekly"], "--disposable"),
    (["deadlines", "--state", "XX", "--entered", "2026-01-01"], "--state"),
    (["deadlines", "--entered", "2026-13-01"], "--entered"),
    (["deadlines", "--entered", "2026-03-02", "--notice-of-appeal-filed", "2026-03-01"], "--notice-of-appeal-filed"),
    (["balance", "--state", "OH", "--entered", "2025-02-03", "--principal", "1", "--costs", "0", "--as-of", "2026-01-01"], "--state"),
])
def test_bad_input_is_one_line_naming_the_argument_and_exit_2(cli, args, named):
    out = cli(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert named in lines[0]
    assert "Traceback" not in out.stderr


def test_invalid_case_file_lists_every_problem_and_exits_2(cli, tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("schema_version: 1\nstate: KY\nworkflow: apeal\ncourt: {county: Fayette}\n", encoding="utf-8")
    out = cli("validate", str(bad))
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 5, out.stderr  # workflow, filer, court.level, case_numbers, parties
    assert any("workflow (line 3): 'apeal' is not allowed" in line for line in lines)
    assert any("court.level" in line for line in lines)
    assert "Traceback" not in out.stderr
    missing = cli("check", str(tmp_path / "nope.yml"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
