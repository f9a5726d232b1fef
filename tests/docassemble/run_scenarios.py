"""Run interview scenarios with the harness and report what happened, as JSON.

    python tests/docassemble/run_scenarios.py SCENARIOS.json OUTDIR     (in the setup.sh venv)

SCENARIOS.json: {"scenarios": [{"name", "interview", "steps": [...], "end": SCREEN_ID}]}. Each step
names the screen it expects, then does one thing on it:

    {"screen": "judgment_date", "answers": {"judgment_entered": "2026-11-12"}}   answer and Continue
    {"screen": "review_answers", "edit": "appellant.phone_number"}              an Edit button
    {"screen": "payments revisit", "edit": "payments[0].amount"}                a table's Edit button
    {"screen": "intro", "follow": "quick_exit"}                                  a link on the screen
    {"screen": "sign_typed", "refused": {"typed_signature": "x"}, "message": "..."}  the screen says no

"end" is the screen the scenario must finish on ("exit" when it ends the session). Every scenario
runs, whatever happens to the others. OUTDIR/report.json (also printed) holds, for each scenario:
the screen ids in order, each screen's attachments (copied into OUTDIR/<name>/), its words (``shown``:
those reading.shown_words reads), the error if one stopped it; each interview's reading level; and
the harness's network attempts (there should be none).
"""

from __future__ import annotations

import json
import shutil
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Harness, ScreenError  # noqa: E402
from reading import interview_blocks, measure, screen_words, shown_words  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def run(scenario: dict, harness: Harness, out: Path) -> dict:
    folder = out / scenario["name"]
    folder.mkdir(parents=True, exist_ok=True)
    result: dict = {"name": scenario["name"], "interview": scenario["interview"], "error": None, "screens": [],
                    "ended": None}
    started = time.perf_counter()
    session = None
    try:
        session = harness.session(scenario["interview"])
        for number, step in enumerate(scenario["steps"], 1):
            where = f"step {number} (screen '{step['screen']}')"
            try:
                if "answers" in step:
                    session.answer(step["screen"], step["answers"])
                elif "edit" in step:
                    session.edit(step["screen"], step["edit"])
                elif "follow" in step:
                    session.follow(step["screen"], step["follow"], step.get("arguments"))
                elif "refused" in step:
                    try:
                        session.answer(step["screen"], step["refused"])
                    except ScreenError as exc:
                        if step.get("message", "") not in str(exc):
                            raise ScreenError(f"refused, but not with {step['message']!r}: {exc}") from None
                    else:
                        raise ScreenError(f"the screen took {step['refused']} and should have refused it")
                else:
                    raise ScreenError(f"a step needs answers, edit, follow or refused: {step}")
            except ScreenError as exc:
                raise ScreenError(f"{where}: {exc}") from None
        end = scenario.get("end")
        if end == "exit":
            if session.ended is None:
                raise ScreenError(f"expected the session to end, but it asked {session.screen.describe()}")
        elif end is not None:
            session.expect(end)
    except Exception as exc:  # noqa: BLE001 - reported, and the next scenario runs
        result["error"] = str(exc) if isinstance(exc, ScreenError) else traceback.format_exc()
    finally:
        if session is not None:
            result["ended"] = session.ended
            for screen in session.screens:
                attachments = []
                for attachment in screen.attachments:
                    copies = {}
                    for fmt, path in attachment["files"].items():
                        target = folder / f"screen{screen.number:02d}-{Path(path).name}"
                        if Path(path).name.startswith("file."):
                            target = folder / f"screen{screen.number:02d}-{attachment['filename']}.{fmt}"
                        shutil.copyfile(path, target)
                        copies[fmt] = str(target)
                    attachments.append({**attachment, "files": copies})
                result["screens"].append({"number": screen.number, "id": screen.id, "type": screen.type,
                                          "variables": [f["variable_name"] for f in screen.fields],
                                          "continue": screen.continue_variable, "edits": screen.edits,
                                          "table_edits": sorted(screen.table_edits),
                                          "actions": sorted(screen.actions), "attachments": attachments,
                                          "email": screen.email, "download_all": screen.download_all,
                                          "section": screen.data.get("section"), "progress": screen.data.get("progress"),
                                          "text": screen.text, "shown": shown_words(screen.data)})
            session.close()
    result["ids"] = [s["id"] for s in result["screens"]]
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result


def interview_path(interview: str) -> Path:
    """The YAML file of an interview named as the harness names it (package:path, or a file path)."""
    if ":" in interview and not Path(interview).exists():
        package, _, inside = interview.partition(":")
        return ROOT.joinpath(*package.split("."), inside)
    return Path(interview)


def reading_levels(results: list[dict]) -> dict:
    """The Flesch-Kincaid grade of what each interview says to people: every screen it showed, once,
    as reading.screen_words reads its YAML block (question, subquestion, under-text, field labels,
    help; no Mako, markdown or HTML), by docassemble's own textstat. Under ``shown``, the same screens
    as the scenarios first showed them (reading.shown_words: the same parts, rendered, so the words the
    package builds in Python count): one rendering a screen, as the YAML figure reads each block once."""
    source: dict[str, dict[str, str]] = {}
    shown: dict[str, dict[str, str]] = {}
    for result in results:
        blocks = interview_blocks(interview_path(result["interview"]))
        for screen in result["screens"]:
            if screen["id"] in blocks:
                source.setdefault(result["interview"], {}).setdefault(screen["id"], screen_words(blocks[screen["id"]]))
                shown.setdefault(result["interview"], {}).setdefault(screen["id"], screen["shown"])
    return {interview: {**measure(" ".join(t for t in texts.values() if t)), "screens": len(texts),
                        "shown": measure(" ".join(t for t in shown[interview].values() if t))}
            for interview, texts in source.items()}


def main(argv: list[str]) -> int:
    scenarios = json.loads(Path(argv[1]).read_text(encoding="utf-8"))["scenarios"]
    out = Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    harness = Harness(out / "_harness")
    loaded = time.perf_counter() - started
    results = [run(s, harness, out) for s in scenarios]
    import docassemble.SmallClaimsCollect as package
    report = {"load_seconds": round(loaded, 3), "seconds": round(time.perf_counter() - started, 3),
              "network_attempts": harness.network_attempts, "package": str(Path(package.__file__).parent),
              "reading": reading_levels(results), "scenarios": results}
    text = json.dumps(report, indent=2, ensure_ascii=False, default=str)
    (out / "report.json").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
