"""Shared test helpers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The command line as a person runs it: a separate process, output captured."""
    return subprocess.run([sys.executable, "-m", "docassemble.SmallClaimsCollect", *args],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, **(env or {})}, timeout=60)


@pytest.fixture
def cli():
    return run_cli
