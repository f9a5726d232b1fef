"""Generate N realistic case files as JSON Lines, from the bundled examples: each case is one of
the examples (in turn) with its own case number, its own party names (some with accents), a
different judgment amount, and every date moved back by the same number of days (so the facts
stay in order).

    python bench/generate_cases.py 1000 > /tmp/cases.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FIRST = ["Ana", "Bobby", "Chloé", "Darnell", "Esperanza", "Frank", "Grace", "Hüseyin", "Ivy", "José", "Kim", "Léa"]
LAST = ["Abernathy", "Boone", "Castañeda", "Dunn", "Ellis", "Fulkerson", "Gévaudan", "Hatfield", "Ingram", "Jones"]


def generate(count: int, seed: int = 2026) -> list[dict[str, Any]]:
    """``count`` case files (as data), the same ones for the same seed."""
    rng = random.Random(seed)
    examples = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(EXAMPLES.glob("ky-*.yml"))]
    cases = []
    for number in range(count):
        case = json.loads(json.dumps(examples[number % len(examples)], default=str))
        case["case_numbers"]["district"] = f"26-S-{10000 + number:05d}"
        for party in case["parties"]:
            party["name"] = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        judgment = case.get("judgment")
        if judgment:
            judgment["principal"] = float(Decimal(rng.randrange(20000, 250000)) / 100)
        cases.append(_shifted(case, timedelta(days=rng.randrange(0, 45))))
    return cases


def _shifted(value: Any, back: timedelta) -> Any:
    """``value`` with every ISO date string moved ``back`` days earlier."""
    if isinstance(value, dict):
        return {key: _shifted(item, back) for key, item in value.items()}
    if isinstance(value, list):
        return [_shifted(item, back) for item in value]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return (date.fromisoformat(value) - back).isoformat()
        except ValueError:
            return value
    return value


if __name__ == "__main__":
    for case in generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000):
        print(json.dumps(case, ensure_ascii=False))
