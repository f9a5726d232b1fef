#!/usr/bin/env bash
# Runs the AOC-026 fill benchmark in the venv that bench/setup.sh builds.
set -euo pipefail
exec "${BENCH_VENV:-/tmp/scc-bench-venv}/bin/python" "$(dirname "${BASH_SOURCE[0]}")/fill_aoc026.py" "$@"
