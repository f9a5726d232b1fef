#!/usr/bin/env bash
# Everything `python -m pytest` needs beyond the Python packages, installed where missing. The
# README's test command and .ci/run both start with it. On Debian, as root (apt-get).
#
#   1. the programs the tests run, apt-installed if missing: poppler-utils (pdftotext, pdftoppm,
#      pdffonts, pdfinfo, pdfimages) and qpdf read the PDFs back; LibreOffice Writer, headless
#      (soffice), opens the Word copies. With them, in the same apt-get, what docassemble needs to
#      import (scripts/docassemble_system.sh: libzbar0, the en_US.UTF-8 locale, WordNet);
#   2. the interview tests' docassemble venv (tests/docassemble/setup.sh);
#   3. the server tests' docassemble venv, with PostgreSQL, Redis and Chromium
#      (scripts/docassemble_server.sh build).
#
# Both venvs are built with Python 3.12: $PY312, else /root/.pyenv/versions/3.12.1/bin/python3,
# else python3.12 on the PATH. Idempotent: on a machine that has it all it only checks (seconds).
# Usage: scripts/test_setup.sh
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

missing=()
for cmd in pdftotext pdftoppm pdffonts pdfinfo pdfimages; do
    command -v "$cmd" >/dev/null || { missing+=(poppler-utils); break; }
done
command -v qpdf >/dev/null || missing+=(qpdf)
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
bash "$REPO/scripts/docassemble_system.sh" ${missing[@]+"${missing[@]}"}

if [ -z "${PY312:-}" ]; then
    if [ -x /root/.pyenv/versions/3.12.1/bin/python3 ]; then PY312=/root/.pyenv/versions/3.12.1/bin/python3
    elif command -v python3.12 >/dev/null; then PY312=$(command -v python3.12)
    else echo "test_setup: no Python 3.12 (docassemble needs it): set PY312 to one" >&2; exit 1
    fi
fi
export PY312

bash "$REPO/tests/docassemble/setup.sh"
bash "$REPO/scripts/docassemble_server.sh" build
echo "test_setup: ready"
