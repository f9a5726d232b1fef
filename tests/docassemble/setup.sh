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
missing=()
# (grep without -q: with pipefail, -q closing the pipe early would fail the test on a large listing)
ldconfig -p | grep 'libzbar\.so\.0' >/dev/null || missing+=(libzbar0)            # docassemble.base.util imports pyzbar
command -v locale-gen >/dev/null || missing+=(locales)                     # currency() needs en_US.UTF-8
[ -f /usr/share/wordnet/data.noun ] || missing+=(wordnet-base)             # NLTK's WordNet, from Debian
[ -f /usr/share/wordnet/index.sense ] || missing+=(wordnet-sense-index)
command -v pdftotext >/dev/null || missing+=(poppler-utils)                # the tests read the PDFs back
if ((${#missing[@]})); then
    echo "setup.sh: apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! locale -a | grep -i '^en_US\.utf-\?8$' >/dev/null; then
    sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' /etc/locale.gen
    grep -q '^en_US.UTF-8 UTF-8' /etc/locale.gen || echo 'en_US.UTF-8 UTF-8' >> /etc/locale.gen
    locale-gen >/dev/null
fi

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
# docassemble's pattern module loads WordNet, the Brown information content and SentiWordNet at
# import, downloading what it cannot find (which fails without internet).
NLTK="$VENV/nltk_data/corpora"
mkdir -p "$NLTK/wordnet" "$NLTK/wordnet_ic" "$NLTK/sentiwordnet"
for f in /usr/share/wordnet/*; do ln -sf "$f" "$NLTK/wordnet/"; done
# WordNet's list of lexicographer files (lexnames(5WN)): number, name, part of speech.
names=(adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body
       noun.cognition noun.communication noun.event noun.feeling noun.food noun.group noun.location
       noun.motive noun.object noun.person noun.phenomenon noun.plant noun.possession noun.process
       noun.quantity noun.relation noun.shape noun.state noun.substance noun.time verb.body verb.change
       verb.cognition verb.communication verb.competition verb.consumption verb.contact verb.creation
       verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative verb.weather adj.ppl)
for i in "${!names[@]}"; do
    name=${names[$i]}
    case $name in noun.*) pos=1 ;; verb.*) pos=2 ;; adv.*) pos=4 ;; *) pos=3 ;; esac
    printf '%02d\t%s\t%d\n' "$i" "$name" "$pos"
done > "$NLTK/wordnet/lexnames"
# A stub of the Brown-corpus information content: a header and one root count for nouns and verbs
# (the interviews never compare word meanings; pattern only needs the file to parse).
printf 'wnver::stub\n1740n 1 ROOT\n1740v 1 ROOT\n' > "$NLTK/wordnet_ic/ic-brown.dat"
# docassemble.base.pattern calls nltk.download() at import unless these zips exist. Empty archives
# stop the attempts; NLTK then finds nothing in them and reads the folders above.
"$VENV/bin/python" - "$NLTK" <<'PY'
import sys, zipfile
from pathlib import Path
for name in ("omw-1.4", "wordnet", "wordnet_ic", "sentiwordnet"):
    path = Path(sys.argv[1]) / f"{name}.zip"
    if not path.exists():
        zipfile.ZipFile(path, "w").close()
PY

# --- check ----------------------------------------------------------------------------------
NLTK_DATA="$VENV/nltk_data" LC_ALL=en_US.UTF-8 "$VENV/bin/python" - <<'PY'
import importlib.metadata as m
for name, want in (("docassemble.base", "1.10.13"), ("dayamlchecker", "1.7.0")):
    assert m.version(name) == want, f"{name} {m.version(name)} installed, {want} expected"
from nltk.corpus import wordnet
assert wordnet.synsets("court"), "WordNet data not readable"
PY
echo "setup.sh: ready: $VENV (NLTK_DATA=$VENV/nltk_data)"
