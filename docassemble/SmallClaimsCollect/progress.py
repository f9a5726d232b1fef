"""A one-line progress bar for long runs, drawn only on a terminal."""

from __future__ import annotations

import time
from typing import Any, TextIO

WIDTH = 30


class ProgressBar:
    """Counts finished items (and failures) on one redrawn line; silent when ``stream`` is not a
    terminal, so logs and pipes get only the summary."""

    def __init__(self, stream: TextIO, noun: str, total: int | None = None) -> None:
        self.stream, self.noun, self.total = stream, noun, total
        self.shown = stream.isatty()
        self.started = time.perf_counter()
        self.failed = 0

    def update(self, result: Any, count: int) -> None:
        self.failed += getattr(result, "status", "") == "failed"
        if not self.shown:
            return
        rate = count / max(time.perf_counter() - self.started, 1e-9)
        if self.total:
            filled = WIDTH * count // self.total
            bar = f"[{'#' * filled}{'.' * (WIDTH - filled)}] {count}/{self.total}"
        else:
            bar = f"{count}"
        self.stream.write(f"\r{bar} {self.noun}, {rate:.1f}/s, {self.failed} failed ")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
