"""What the interview test files share: the docassemble venv, running scenarios there, reading the report and PDFs.

The scenarios run in one subprocess in the venv ``tests/docassemble/setup.sh`` builds (docassemble.base
needs Python 3.12); this process reads its report and opens the documents with poppler's tools.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import FORMS, ROOT

DA_VENV = Path(os.environ.get("SCC_DA_VENV", "/tmp/scc-da-venv"))
DA_PYTHON = DA_VENV / "bin" / "python"
HARNESS = ROOT / "tests" / "docassemble"
TODAY = datetime.now(ZoneInfo("America/New_York")).date()  # the time zone of the harness and of the server (config.yml)


def da_venv_python() -> Path:
    """The test venv's Python; the tests fail (not skip) without it."""
    if not DA_PYTHON.exists():
        pytest.fail(f"the docassemble test environment is missing ({DA_VENV}): run tests/docassemble/setup.sh "
                    "(or set SCC_DA_VENV to where it built it)", pytrace=False)
    return DA_PYTHON


def da_env(tmp: Path) -> dict[str, str]:
    """The environment the scenario runner needs: NLTK data, a UTF-8 locale, this checkout's package."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    tmp.mkdir(parents=True, exist_ok=True)
    env.update(NLTK_DATA=str(DA_VENV / "nltk_data"), LC_ALL="en_US.UTF-8", LANG="en_US.UTF-8",
               TMPDIR=str(tmp),  # docassemble leaves datemp* files in the temporary folder
               PYTHONPATH=str(ROOT),  # this checkout's package, whichever checkout the venv was built from
               SMALLCLAIMS_FORMS_DIR=str(FORMS / "KY"), PYTHONDONTWRITEBYTECODE="1")
    return env


def run_scenarios(scenarios: list[dict], work: Path, label: str) -> dict:
    """Run ``scenarios`` in the venv (one process) and return its report, with ``by_name``; fail if the runner fails."""
    python = da_venv_python()
    spec = work / "scenarios.json"
    spec.write_text(json.dumps({"scenarios": scenarios}), encoding="utf-8")
    result = subprocess.run([str(python), str(HARNESS / "run_scenarios.py"), str(spec), str(work / "out")],
                            capture_output=True, text=True, env=da_env(work / "tmp"), timeout=900, cwd=ROOT)
    if result.returncode != 0:
        pytest.fail(f"the scenario runner failed ({result.returncode}):\n{result.stderr[-4000:]}", pytrace=False)
    data = json.loads((work / "out" / "report.json").read_text(encoding="utf-8"))
    data["by_name"] = {s["name"]: s for s in data["scenarios"]}
    print(f"\n{label} scenarios: docassemble loaded in {data['load_seconds']} s; all in {data['seconds']} s; "
          + ", ".join(f"{s['name']} {s['seconds']} s" for s in data["scenarios"]))
    return data


def reading_line(interview: str, level: dict) -> str:
    """One interview's reading level as the tests print it (tests/docassemble/reading.py measures it): from
    the YAML of the screens it showed, and as they were shown (``shown``: with the words built in Python)."""
    def counts(figures: dict) -> str:
        return (f"{figures['words']} words, {figures['sentences']} sentences, "
                f"{figures['syllables_per_word']:.2f} syllables per word")
    shown = level["shown"]
    return (f"{interview.rsplit('/', 1)[-1]}: Flesch-Kincaid grade {level['flesch_kincaid_grade']:.1f} from the YAML "
            f"(textstat's rounded {level['textstat_grade']:.1f}; {counts(level)}), {shown['flesch_kincaid_grade']:.1f} "
            f"as shown ({counts(shown)}), {level['screens']} screens")


def step(screen: str, **answers) -> dict:
    """A scenario step: answer ``screen`` with ``answers`` and press Continue."""
    return {"screen": screen, "answers": answers}


def scenario(report: dict, name: str) -> dict:
    """A scenario's run, asserting it reached its end without an error."""
    run = report["by_name"][name]
    assert run["error"] is None, f"scenario {name} stopped: {run['error']}\nscreens: {run['ids']}"
    return run


def screen(run: dict, screen_id: str, last: bool = True) -> dict:
    """The last (or first) time ``run`` showed ``screen_id``."""
    found = [s for s in run["screens"] if s["id"] == screen_id]
    assert found, f"{run['name']} never showed {screen_id}; it showed {run['ids']}"
    return found[-1] if last else found[0]


def offered(run: dict, screen_id: str) -> dict[str, dict]:
    """The documents a screen offered, by file name."""
    return {a["filename"]: a for a in screen(run, screen_id)["attachments"]}


def pdf_text(path: str | Path) -> str:
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return result.stdout


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces (pdftotext keeps the layout)."""
    return " ".join(text.split())


def pdf(doc: dict) -> str:
    """An offered document's PDF as flat text."""
    return flat(pdf_text(doc["files"]["pdf"]))


def judgment_pdf(path: Path, entered: date) -> Path:
    """A stand-in for the judgment paper the person uploads."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas
    page = canvas.Canvas(str(path), pagesize=letter)
    page.setFont("Helvetica-Bold", 14)
    page.drawString(72, 700, "FAYETTE DISTRICT COURT - SMALL CLAIMS JUDGMENT")
    page.setFont("Helvetica", 12)
    page.drawString(72, 670, f"Case 26-S-01234. Judgment for the plaintiff. Entered {entered.isoformat()}.")
    page.save()
    return path


def pdf_images(path: str | Path) -> int:
    result = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True)
    return max(0, len(result.stdout.strip().splitlines()) - 2)


def long_date(day: date) -> str:
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def month_day(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def due_dates(**facts: date) -> dict[str, date]:
    """The engine's deadlines for ``facts``, counted in this process (the package is installed here)."""
    from docassemble.SmallClaimsCollect.deadlines import compute_deadlines
    return {d.key: d.date for d in compute_deadlines("KY", facts).deadlines}


# --- stand-ins for the bridge tests, run in this process (no docassemble here) ------------------------
class Obj:
    """A stand-in for a docassemble object: attributes as set by the interview."""

    def __init__(self, **attributes):
        self.__dict__.update(attributes)


def person(first, last=None, **extra):
    return Obj(name=Obj(first=first, last=last), address=Obj(address="1147 Maple Leaf Drive", unit="Apt. 3",
               city="Lexington", state="ky", zip="40505"), **extra)
