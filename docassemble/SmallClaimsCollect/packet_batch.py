"""Many packets at once, for a clerk's office or a legal-aid intake: one packet folder per case
from a folder of case files or a JSON Lines file. A bad case is reported and the others go on;
a case whose packet is complete and made from the same inputs is skipped."""

from __future__ import annotations

import json
import multiprocessing
import re
import resource
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import __version__
from .errors import InputError
from .files import write_atomically

CASE_SUFFIXES = (".yml", ".yaml", ".json")
DONE, SKIPPED, FAILED = "done", "skipped", "failed"
REPORT = "batch-report.json"
AHEAD = 4  # cases queued for each worker


@dataclass(frozen=True)
class BatchItem:
    name: str  # the packet folder's name
    source: str  # where the case came from, for messages: a file, or a JSON Lines file and line
    text: str | None  # a JSON Lines case; None: read the file ``source``
    folder: str  # where the files a case names (its judgment) are found


@dataclass(frozen=True)
class BatchResult:
    name: str
    source: str
    status: str  # done | skipped | failed
    problems: list[str]  # why it failed: each problem, as the assemble command prints it
    warnings: int
    memory_mb: float  # the peak memory of the process that made it


def batch_items(cases: Path) -> Iterator[BatchItem]:
    """The cases in a folder of case files (in name order) or a JSON Lines file (in line order),
    read lazily."""
    if cases.is_dir():
        used: set[str] = set()
        for path in sorted(p for p in cases.iterdir() if p.suffix.lower() in CASE_SUFFIXES and p.is_file()):
            name = path.stem if path.stem not in used else path.name
            used.add(name)
            yield BatchItem(name, str(path), None, str(path.parent))
    elif cases.is_file():
        with cases.open(encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, 1):
                if line.strip():
                    yield BatchItem(f"line-{number:05d}{_case_number(line)}", f"{cases}:{number}", line, str(cases.parent))
    else:
        raise InputError.one("CASES", f"{cases}: no such folder or file")


def count_items(cases: Path) -> int | None:
    """How many cases ``batch_items`` will give (for the progress bar), reading without keeping."""
    if cases.is_dir():
        return sum(1 for p in cases.iterdir() if p.suffix.lower() in CASE_SUFFIXES and p.is_file())
    if cases.is_file():
        with cases.open(encoding="utf-8", errors="replace") as lines:
            return sum(1 for line in lines if line.strip())
    return None


def _case_number(line: str) -> str:
    """"-26-S-00659" from a JSON line's district case number, to name its folder; "" if none."""
    match = re.search(r'"district"\s*:\s*"([^"]{1,40})"', line)
    return "-" + re.sub(r"[^A-Za-z0-9.-]+", "_", match.group(1)) if match else ""


def make_packet(item: BatchItem, out: Path, as_of: date, cache: Path) -> BatchResult:
    """One case's packet in ``out``/``item.name``; any problem becomes a failed result."""
    from .case import case_from_text, load_case
    from .packet_assembly import assemble
    from .packet_folder import inputs_fingerprint, packet_complete, packet_files, write_packet
    warnings = 0
    try:
        raw = item.text.encode("utf-8") if item.text is not None else Path(item.source).read_bytes()
        inputs = inputs_fingerprint(raw, as_of, None, cache)
        folder = out / item.name
        if packet_complete(folder, inputs):
            return _result(item, SKIPPED, [], 0)
        case = (load_case(item.source) if item.text is None
                else case_from_text(item.text, item.source, Path(item.folder), is_json=True))
        packet = assemble(case, as_of, cache)
        write_packet(packet_files(packet, inputs), folder, force=True)
        warnings = len(packet.warnings)
    except InputError as exc:
        return _result(item, FAILED, [str(p) for p in exc.problems], warnings)
    except OSError as exc:
        return _result(item, FAILED, [f"{exc.filename or item.source}: {exc.strerror or exc}"], warnings)
    except Exception as exc:  # a fault in the engine: report it, go on with the other cases
        return _result(item, FAILED, [f"internal error ({exc.__class__.__name__}: {exc}); please report it"], warnings)
    return _result(item, DONE, [], warnings)


def _result(item: BatchItem, status: str, problems: list[str], warnings: int) -> BatchResult:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return BatchResult(item.name, item.source, status, problems, warnings, round(peak, 1))


def run_batch(cases: Path, out: Path, as_of: date, cache: Path, workers: int = 1,
              progress: Callable[[BatchResult, int], None] | None = None) -> dict[str, Any]:
    """Every case's packet; the report (also written to ``out``/batch-report.json)."""
    items = batch_items(cases)
    first = next(items, None)  # a missing CASES is refused before anything is written
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: list[BatchResult] = []
    for result in _results(first, items, out, as_of, cache, workers):
        results.append(result)
        if progress:
            progress(result, len(results))
    seconds = time.perf_counter() - started
    made = sum(r.status == DONE for r in results)
    report = {
        "generator": f"smallclaims-collect {__version__}",
        "cases": str(cases), "as_of": as_of.isoformat(), "workers": workers,
        "counts": {status: sum(r.status == status for r in results) for status in (DONE, SKIPPED, FAILED)},
        "seconds": round(seconds, 2),
        "packets_per_second": round(made / seconds, 1) if seconds and made else 0.0,
        "peak_memory_mb": max((r.memory_mb for r in results), default=0.0),
        "results": [asdict(r) for r in results],
    }
    write_atomically(out / REPORT, (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return report


def _results(first: BatchItem | None, rest: Iterator[BatchItem], out: Path, as_of: date, cache: Path,
             workers: int) -> Iterator[BatchResult]:
    if first is None:
        return
    items = _chain(first, rest)
    if workers <= 1:
        for item in items:
            yield make_packet(item, out, as_of, cache)
        return
    from . import packet_assembly, packet_folder  # noqa: F401  imported once, before the workers fork
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    maker = _Maker(out, as_of, cache)
    with context.Pool(workers) as pool:
        pending: deque = deque()  # a few cases ahead of the workers, never the whole file (Pool.imap reads it all)
        for item in items:
            pending.append(pool.apply_async(maker, (item,)))
            if len(pending) >= workers * AHEAD:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _chain(first: BatchItem, rest: Iterator[BatchItem]) -> Iterator[BatchItem]:
    yield first
    yield from rest


@dataclass(frozen=True)
class _Maker:
    """make_packet with the batch's settings, picklable for the worker processes."""
    out: Path
    as_of: date
    cache: Path

    def __call__(self, item: BatchItem) -> BatchResult:
        return make_packet(item, self.out, self.as_of, self.cache)
