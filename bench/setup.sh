#!/usr/bin/env bash
# Builds the benchmark's Python 3.12 venv: docassemble.base 1.10.13 and pypdf 7.1.1 beside this
# package; apt-installs pdftk-java, the fourth filler compared.
# Usage: bench/setup.sh    (venv at ${BENCH_VENV:-/tmp/scc-bench-venv}; ~2 min once, ~1 GB)
set -euo pipefail

VENV="${BENCH_VENV:-/tmp/scc-bench-venv}"
PYTHON312="${PYTHON312:-/root/.pyenv/versions/3.12.1/bin/python3}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# System packages: libzbar0 (docassemble.base imports pyzbar), en_US.UTF-8 (its currency
# formatting), poppler-utils (pdftotext and pdftoppm, the correctness checks), qpdf (docassemble's
# appearance generation), pdftk-java (the pdftk filler).
missing=()
ldconfig -p | grep -q 'libzbar\.so\.0' || missing+=(libzbar0)
command -v locale-gen >/dev/null || missing+=(locales)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
command -v qpdf >/dev/null || missing+=(qpdf)
command -v pdftk >/dev/null || missing+=(pdftk-java)
if ((${#missing[@]})); then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi
if ! locale -a | grep -qi '^en_US\.utf-\?8$'; then
    sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' /etc/locale.gen
    grep -q '^en_US.UTF-8 UTF-8' /etc/locale.gen || echo 'en_US.UTF-8 UTF-8' >> /etc/locale.gen
    locale-gen
fi

[ -x "$VENV/bin/python" ] || "$PYTHON312" -m venv "$VENV"
"$VENV/bin/pip" install -q --upgrade pip
"$VENV/bin/pip" install -q docassemble.base==1.10.13 pypdf==7.1.1
"$VENV/bin/pip" install -q -e "$REPO"
echo "venv ready: $VENV"
