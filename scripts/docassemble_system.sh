#!/usr/bin/env bash
# What docassemble needs from the system to import on a machine without internet, installed with
# apt where missing: libzbar0 (docassemble.base.util imports pyzbar), the en_US.UTF-8 locale
# (currency() needs it), Debian's WordNet (for scripts/nltk_data.sh), poppler-utils (the tests
# read the PDFs back) and curl (scripts/docassemble_server.sh waits for the server with it); plus
# the PACKAGEs the caller found missing, in the same apt-get. Used by scripts/test_setup.sh,
# tests/docassemble/setup.sh and scripts/docassemble_server.sh.
# Usage: scripts/docassemble_system.sh [PACKAGE ...]
set -euo pipefail
missing=("$@")
# (grep without -q: with pipefail, -q closing the pipe early would fail the test on a large listing)
ldconfig -p | grep 'libzbar\.so\.0' >/dev/null || missing+=(libzbar0)
command -v locale-gen >/dev/null || missing+=(locales)
[ -f /usr/share/wordnet/data.noun ] || missing+=(wordnet-base)
[ -f /usr/share/wordnet/index.sense ] || missing+=(wordnet-sense-index)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v curl >/dev/null || missing+=(curl)
if ((${#missing[@]})); then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    echo "docassemble_system: apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! locale -a | grep -i '^en_US\.utf-\?8$' >/dev/null; then
    sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' /etc/locale.gen
    grep -q '^en_US.UTF-8 UTF-8' /etc/locale.gen || echo 'en_US.UTF-8 UTF-8' >> /etc/locale.gen
    locale-gen >/dev/null
fi
