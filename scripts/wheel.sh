#!/usr/bin/env bash
# `make wheel`: builds the Python package `sla` (sla-py) as a wheel for this
# machine's CPython and as an sdist (the source, built by pip with Rust on
# the user's machine), into target/wheels/:
#   target/wheels/sla-<version>-cp3XX-cp3XX-<platform>.whl   maturin build --release
#   target/wheels/sla-<version>.tar.gz                       maturin sdist
# Old sla-* files there are removed first. maturin comes from .venv
# (scripts/py-env.sh makes it; the package itself is not built into it).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/py-env.sh
SLA_PY_SKIP_BUILD=1 source scripts/py-env.sh

out=target/wheels
mkdir -p "$out"
rm -f "$out"/sla-*.whl "$out"/sla-*.tar.gz
echo "== maturin build --release (wheel)"
maturin build --release --quiet -m sla-py/Cargo.toml -i "$(command -v python)" --out "$out"
echo "== maturin sdist"
maturin sdist -m sla-py/Cargo.toml --out "$out"
ls -l "$out"/sla-*
