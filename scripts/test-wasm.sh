#!/usr/bin/env bash
# The wasm half of `make test`: sets up the toolchain (scripts/setup-wasm.sh:
# apt, wasm-bindgen-cli, npm), builds sla-wasm for the web, for Node and the
# small build limited to chosen zones, runs the Node tests (node:test, golden
# cases included) and the demo page's test in headless Chromium, then checks
# the gzipped sizes of the builds against their budgets.
#
# Run from anywhere, as root on a fresh Debian 12 machine or as a user on a
# machine already set up. Idempotent: what is installed or built is reused.
#   SLA_WASM_SKIP_SETUP=1  do not call scripts/setup-wasm.sh
#   SLA_WASM_SKIP_BUILD=1  reuse sla-wasm/pkg, pkg-node, pkg-small as they are
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
step() { printf '\n== %s (%ds)\n' "$1" $((SECONDS - start)); }

if [[ "${SLA_WASM_SKIP_SETUP:-0}" != "1" ]]; then
  step "setting up the wasm toolchain (scripts/setup-wasm.sh)"
  bash scripts/setup-wasm.sh
fi
export PATH="$HOME/.cargo/bin:$PATH"

if [[ "${SLA_WASM_SKIP_BUILD:-0}" != "1" ]]; then
  step "building pkg/ (web) and pkg-node/ (Node), full time-zone database"
  bash sla-wasm/build.sh
  step "building pkg-small/ (zones: ${CHRONO_TZ_TIMEZONE_FILTER:-(Europe/Moscow|UTC)})"
  bash sla-wasm/build.sh --small
fi

step "Node tests (sla-wasm/tests/*.test.mjs)"
node --test sla-wasm/tests/*.test.mjs
step "browser test (sla-wasm/tests/browser/demo.test.mjs, headless Chromium)"
node --test sla-wasm/tests/browser/*.test.mjs
echo "screenshot: sla-wasm/tests/browser/demo.png"

# Sizes, in bytes of `gzip -9` output (1 KB = 1000 B). Two figures per build:
# the goal (the issue's bar: 250 KB with every zone, 80 KB for the small
# build) and the budget, the size measured when the budget was last set plus
# about 2 %, or the bar itself once a build meets it (the web build does).
# The check fails above the budget, so a change that makes the package
# larger is caught; it reports the goal so a gap stays visible
# (sla-wasm/README.md, Size, says where the bytes go).
step "sizes"
fail=0
check_size() { # label file goal_kb budget_bytes
  local label=$1 file=$2 goal=$(($3 * 1000)) budget=$4 raw gz verdict
  if [[ ! -f "$file" ]]; then
    echo "missing $file" >&2
    fail=1
    return
  fi
  raw=$(wc -c <"$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  if ((gz > budget)); then
    verdict="OVER BUDGET"
    fail=1
  elif ((goal == 0)); then
    verdict="within budget (no bar)"
  elif ((gz > goal)); then
    verdict="within budget, $((gz - goal)) B over the goal"
  else
    verdict="ok"
  fi
  printf '%-34s %9d B raw %9d B gzip -9 (goal %d, budget %d): %s\n' \
    "$label" "$raw" "$gz" "$goal" "$budget" "$verdict"
}
# The bars are for what a page downloads: the web build and the small one.
# The Node build (with the TOML reader) has a budget only.
check_size "pkg/sla_wasm_bg.wasm (all zones)" sla-wasm/pkg/sla_wasm_bg.wasm 250 250000
check_size "pkg-node/sla_wasm_bg.wasm (+TOML)" sla-wasm/pkg-node/sla_wasm_bg.wasm 0 312500
check_size "pkg-small/sla_wasm_bg.wasm" sla-wasm/pkg-small/sla_wasm_bg.wasm 80 125000
if ((fail)); then
  echo "test-wasm: FAILED, a build is over its size budget (sla-wasm/README.md, Size)" >&2
  exit 1
fi

step "test-wasm: ok"
