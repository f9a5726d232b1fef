"""The legal numbers, read from data files a deployer can edit.

Packaged files live in ``data/rules/<state>/<name>.yml`` (``us`` holds federal figures, ``forms``
the settings for filling any court's form).
A deployer overrides any of them by pointing ``SMALLCLAIMS_RULES_DIR`` at a folder with
the same layout: a file found there is used instead of the packaged one.
"""

from __future__ import annotations

import copy
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

PACKAGED = Path(__file__).parent / "data" / "rules"
OVERRIDE_ENV = "SMALLCLAIMS_RULES_DIR"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML has it: same result, faster
FEDERAL = "us"
FORMS = "forms"  # how filled-in text is sized on any court's form: not a state's rules
NOT_STATES = (FEDERAL, FORMS)


def supported_states() -> list[str]:
    """States with rules data, as two-letter codes (KY, ...)."""
    return sorted(p.name.upper() for p in PACKAGED.iterdir() if p.is_dir() and p.name not in NOT_STATES)


def check_state(state: str, field: str = "--state") -> str:
    """The state code in upper case, or an error naming the states there are rules for."""
    code = str(state).strip().upper()
    if code not in supported_states():
        raise InputError.one(field, f"{state!r} is not a state this tool has rules for; supported: {', '.join(supported_states())}")
    return code


def rules_path(state: str, name: str) -> Path:
    """Where the rules file comes from: the deployer's folder if it has one, else the package."""
    override = os.environ.get(OVERRIDE_ENV)
    if override:
        candidate = Path(override) / state.lower() / f"{name}.yml"
        if candidate.is_file():
            return candidate
    return PACKAGED / state.lower() / f"{name}.yml"


def load(state: str, name: str) -> dict[str, Any]:
    """The parsed rules file ``name`` for ``state`` (``us`` for federal figures); a copy the
    caller may change without changing anyone else's rules."""
    return copy.deepcopy(_load_file(rules_path(state, name)))


@lru_cache(maxsize=None)
def _load_file(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=SAFE_LOADER)
    except FileNotFoundError:
        raise InputError.one(str(path), "rules file is missing") from None
    except yaml.YAMLError as exc:
        raise InputError.one(str(path), f"rules file is not valid YAML: {exc}") from None
