"""Time making packets: assemble in-process (warm) and as a command, and a batch of generated cases
with 2 workers, with the peak memory of every process.

    python bench/packets.py [--cases 1000] [--workers 2]

Run from the repository with the package installed (pip install . or -e .). Prints medians in ms,
packets per second, and peak memory (largest resident set) in MB; nothing is timed in the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_cases import generate  # noqa: E402

from docassemble.SmallClaimsCollect.case import load_case  # noqa: E402
from docassemble.SmallClaimsCollect.packet_assembly import assemble  # noqa: E402
from docassemble.SmallClaimsCollect.packet_folder import inputs_fingerprint, packet_files, write_packet  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 21)
EXAMPLES = ["ky-bank-garnishment", "ky-appeal"]
RUNS, COMMAND_RUNS = 30, 10


def in_process(example: str, work: Path, cache: Path) -> list[float]:
    """The whole job without starting Python: read the case, assemble, write the folder."""
    path = ROOT / "examples" / f"{example}.yml"

    def once() -> None:
        packet = assemble(load_case(path), AS_OF, cache)
        write_packet(packet_files(packet, inputs_fingerprint(path.read_bytes(), AS_OF, None, cache)), work / example,
                     force=True)

    once()  # warm: imports, fonts, templates, rules
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        once()
        times.append((time.perf_counter() - started) * 1000)
    return times


def command(example: str, work: Path, cache: Path) -> list[float]:
    args = [sys.executable, "-m", "docassemble.SmallClaimsCollect", "assemble", str(ROOT / "examples" / f"{example}.yml"),
            "-o", str(work / f"cmd-{example}"), "--as-of", AS_OF.isoformat(), "--force", "--cache", str(cache)]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed: bytecode kept
    subprocess.run(args, check=True, capture_output=True, env=env)
    times = []
    for _ in range(COMMAND_RUNS):
        started = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env)
        times.append((time.perf_counter() - started) * 1000)
    return times


# What every packet needs besides this package: the PDF, Word, calendar, template and case-file libraries.
LIBRARIES = ("reportlab.platypus", "pikepdf", "docx", "icalendar", "jinja2.sandbox", "yaml", "jsonschema")


def floor() -> tuple[list[float], list[float]]:
    """Starting Python alone, and starting it to import LIBRARIES and nothing of ours: the least
    any run of the command can take on this machine."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    found = []
    for code in ("pass", f"import {', '.join(LIBRARIES)}"):
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        times = []
        for _ in range(COMMAND_RUNS):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=env)
            times.append((time.perf_counter() - started) * 1000)
        found.append(times)
    return found[0], found[1]


def batch(count: int, workers: int, work: Path, cache: Path) -> dict:
    cases = work / f"cases-{count}.jsonl"
    with cases.open("w", encoding="utf-8") as out:
        for case in generate(count):
            out.write(json.dumps(case, ensure_ascii=False) + "\n")
    target = work / f"batch-{count}"
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "docassemble.SmallClaimsCollect", "batch", str(cases), "-o",
                             str(target), "--as-of", AS_OF.isoformat(), "--workers", str(workers), "--cache", str(cache)],
                            capture_output=True, text=True)
    seconds = time.perf_counter() - started
    report = json.loads((target / "batch-report.json").read_text(encoding="utf-8"))
    again = time.perf_counter()
    subprocess.run([sys.executable, "-m", "docassemble.SmallClaimsCollect", "batch", str(cases), "-o", str(target),
                    "--as-of", AS_OF.isoformat(), "--workers", str(workers), "--cache", str(cache)], capture_output=True)
    return {"seconds": seconds, "report": report, "exit": result.returncode, "rerun_seconds": time.perf_counter() - again,
            "main_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def ms(times: list[float]) -> str:
    return f"median {statistics.median(times):6.1f} ms (min {min(times):.1f}, max {max(times):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="scc-bench-"))
    cache = Path(os.environ.get("SMALLCLAIMS_FORMS_DIR") or "/work/shared/forms/KY")
    try:
        print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        print(f"forms cache: {cache}")
        for example in EXAMPLES:
            print(f"assemble {example}, in-process, warm ({RUNS} runs):  {ms(in_process(example, work, cache))}")
        for example in EXAMPLES:
            print(f"assemble {example}, the command ({COMMAND_RUNS} runs): {ms(command(example, work, cache))}")
        python, libraries = floor()
        print(f"start-up floor ({COMMAND_RUNS} runs): Python alone {ms(python)}; "
              f"importing {', '.join(LIBRARIES)}: {ms(libraries)}")
        small = batch(max(args.cases // 4, 1), args.workers, work, cache)
        big = batch(args.cases, args.workers, work, cache)
        for run in (small, big):
            report = run["report"]
            print(f"batch of {sum(report['counts'].values())} generated cases, {args.workers} workers: "
                  f"{run['seconds']:.1f} s, {report['counts']['done']} done, {report['counts']['failed']} failed, "
                  f"{report['packets_per_second']} packets/s; peak memory: workers {report['peak_memory_mb']:.0f} MB, "
                  f"largest process {run['main_mb']:.0f} MB; run again (all skipped): {run['rerun_seconds']:.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
