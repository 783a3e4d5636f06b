#!/usr/bin/env bash
# Node benchmarks of the wasm build (sla-wasm/bench/bench.mjs): 100,000
# random starts and durations (9x5 Moscow, the canonical workload) through
# every form of Calendar.add and Calendar.between, single and bulk, and a
# ticket evaluation, median of several runs. Builds sla-wasm first
# (scripts/setup-wasm.sh installs the toolchain if needed).
#   SLA_BENCH_RUNS=11     runs per case (default 7)
#   SLA_WASM_SKIP_BUILD=1 reuse sla-wasm/pkg-node as it is
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SLA_WASM_SKIP_BUILD:-0}" != "1" ]]; then
  bash scripts/setup-wasm.sh
  bash sla-wasm/build.sh
fi
node sla-wasm/bench/bench.mjs
