"""Shared test helpers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FORMS = ROOT.parent / "shared" / "forms"  # real court PDFs, kept beside the project, never in it
# From ../shared/forms/README.md: pages and fillable fields of each form.
SHARED_FORMS = {
    "KY/AOC-175.pdf": (2, 15), "KY/AOC-026.pdf": (3, 117), "CO/JDF-103.pdf": (6, 67),
    "MA/Statement-of-Small-Claim_2024.pdf": (1, 41), "MA/TC0108.pdf": (1, 25),
    "MA/CJ-D-301L.pdf": (9, 369), "CA/SC-100.pdf": (6, 103), "CA/EJ-100.pdf": (1, 53), "CA/EJ-130.pdf": (3, 100),
    "CA/MC-030.pdf": (1, 28), "CA/SC-130.pdf": (2, 55), "CA/WG-001.pdf": (1, 44),
}


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The command line as a person runs it: a separate process, output captured."""
    return subprocess.run([sys.executable, "-m", "docassemble.SmallClaimsCollect", *args],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, **(env or {})}, timeout=60)


@pytest.fixture
def cli():
    return run_cli
