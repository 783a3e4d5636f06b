#!/usr/bin/env bash
# Builds the Python package `sla` (sla-py) into .venv and runs its checks:
# mypy.stubtest against the built module, then the pytest suite (which also
# runs the README examples and the examples/ scripts, the Spark recipe in a
# local Spark session among them).
#
# Run from anywhere. Idempotent: the venv and the pip installs are reused,
# maturin rebuilds only what changed. Settings: see scripts/py-env.sh.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/py-env.sh
source scripts/py-env.sh
# PySpark (sla-py/tests/test_spark.py) needs Java 17.
bash scripts/setup-java.sh

echo "== stubtest"
python -m mypy.stubtest sla   # no allowlist: the stubs match the module exactly

echo "== pytest"
python -m pytest sla-py/tests -q
