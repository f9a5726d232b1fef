#!/usr/bin/env bash
# The interview tests' own Python 3.12 environment: docassemble.base 1.10.13 (pinned: the
# in-process harness uses its internal APIs, which change between releases), dayamlchecker
# (the docassemble YAML linter), and this package; plus what docassemble needs to import on a
# machine without internet: libzbar0, the en_US.UTF-8 locale, and local NLTK data (WordNet from
# Debian's packages and two stubs). Everything is downloaded here, never while the tests run.
#
# Usage: tests/docassemble/setup.sh
#   venv at ${SCC_DA_VENV:-/tmp/scc-da-venv} (~1 GB, about a minute the first time); NLTK data in
#   its nltk_data/. Idempotent: when the venv already matches (same pins, same setup.py, same
#   repository) it only checks and exits in about a second.
set -euo pipefail

VENV="${SCC_DA_VENV:-/tmp/scc-da-venv}"
PYTHON312="${PY312:-/root/.pyenv/versions/3.12.1/bin/python3}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PINS=(docassemble.base==1.10.13 dayamlchecker==1.7.0)
export PIP_DISABLE_PIP_VERSION_CHECK=1

# --- system packages --------------------------------------------------------------------------
bash "$REPO/scripts/docassemble_system.sh"

# --- the venv -------------------------------------------------------------------------------
# A stamp says what the venv was built from; anything different, and pip runs again.
stamp_text="$(printf '%s\n' "${PINS[@]}" "$REPO"; sha256sum "$REPO/setup.py" | cut -d' ' -f1)"
stamp="$VENV/.scc-da-stamp"
if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$stamp_text" ]; then
    echo "setup.sh: $VENV is up to date"
else
    echo "setup.sh: building $VENV (docassemble.base, dayamlchecker, this package)"
    [ -x "$VENV/bin/python" ] || "$PYTHON312" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q "${PINS[@]}"
    # --no-deps would miss a new dependency of setup.py; the pins above already satisfy the rest.
    "$VENV/bin/python" -m pip install -q -e "$REPO"
    printf '%s\n' "$stamp_text" > "$stamp"
fi

# --- NLTK data ------------------------------------------------------------------------------
# The NLTK data docassemble needs to import without internet (shared with the server script).
bash "$REPO/scripts/nltk_data.sh" "$VENV/bin/python" "$VENV/nltk_data/corpora"

# --- check ----------------------------------------------------------------------------------
NLTK_DATA="$VENV/nltk_data" LC_ALL=en_US.UTF-8 "$VENV/bin/python" - <<'PY'
import importlib.metadata as m
for name, want in (("docassemble.base", "1.10.13"), ("dayamlchecker", "1.7.0")):
    assert m.version(name) == want, f"{name} {m.version(name)} installed, {want} expected"
from nltk.corpus import wordnet
assert wordnet.synsets("court"), "WordNet data not readable"
PY
echo "setup.sh: ready: $VENV (NLTK_DATA=$VENV/nltk_data)"
