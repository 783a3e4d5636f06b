#!/usr/bin/env bash
# Builds the Python package `sla` (release profile) into .venv, as
# scripts/test-py.sh does, and runs the binding's benchmarks. The figures
# (a Markdown table) go to sla-py/README.md by hand, with date and machine.
#   bash scripts/bench-py.sh [--repeat 15] [--items 100000] [--tickets 10000]
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/py-env.sh
source scripts/py-env.sh

echo "== benchmarks"
python sla-py/bench/bench.py "$@"
