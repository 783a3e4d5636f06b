#!/usr/bin/env bash
# The wasm half of `make test`: sets up the toolchain (scripts/setup-wasm.sh:
# apt, wasm-bindgen-cli, npm), builds sla-wasm for the web, for Node and the
# small build limited to chosen zones, and the npm package of the first two
# (sla-wasm/dist/), runs the Node tests (node:test: golden cases, the
# package installed into fresh ES-module and CommonJS projects, the
# declarations under tsc) and the demo page's test in headless Chromium,
# then checks the gzipped sizes of the builds against their budgets.
#
# Run from anywhere, as root on a fresh Debian 12 machine or as a user on a
# machine already set up. Idempotent: what is installed or built is reused.
#   SLA_WASM_SKIP_SETUP=1  do not call scripts/setup-wasm.sh
#   SLA_WASM_SKIP_BUILD=1  reuse sla-wasm/pkg, pkg-node, pkg-small, dist as they are
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
  step "building pkg/ (web), pkg-node/ (Node), full time-zone database, and the npm package dist/"
  bash sla-wasm/build.sh
  step "building pkg-small/ (zones: ${CHRONO_TZ_TIMEZONE_FILTER:-(Europe/Moscow|UTC)})"
  bash sla-wasm/build.sh --small
fi

step "Node tests (sla-wasm/tests/*.test.mjs)"
node --test sla-wasm/tests/*.test.mjs
step "browser test (sla-wasm/tests/browser/demo.test.mjs, headless Chromium)"
node --test sla-wasm/tests/browser/*.test.mjs
echo "screenshot: sla-wasm/tests/browser/demo.png"

# Sizes, in bytes of `gzip -9` output (1 KB = 1000 B), against each build's
# budget: the size measured when the budget was last set (2026-12-03) plus
# a margin, 1.5 KB for the web build and about 1.5 % for the others. The
# web build's bar of 250 KB with every zone is NOT met since issue 13's
# helpdesk features (declared events, statuses, cycles, reopenings, policy
# sets): its budget is 268,251 B measured (with the PolicySet class) + 1.5 KB, not the bar (the small
# build had a goal of 80 KB, withdrawn: it carries the whole clock, and its
# features matter more than the bytes). The check fails above the budget,
# so a change that makes a package larger is caught (sla-wasm/README.md,
# Size, says where the bytes go and what a page that needs 250 KB can do).
step "sizes"
fail=0
check_size() { # label file budget_bytes
  local label=$1 file=$2 budget=$3 raw gz verdict=ok
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
  fi
  printf '%-34s %9d B raw %9d B gzip -9 (budget %d): %s\n' "$label" "$raw" "$gz" "$budget" "$verdict"
}
check_size "pkg/sla_wasm_bg.wasm (all zones)" sla-wasm/pkg/sla_wasm_bg.wasm 274500
check_size "pkg-node/sla_wasm_bg.wasm (+TOML)" sla-wasm/pkg-node/sla_wasm_bg.wasm 344300
check_size "pkg-small/sla_wasm_bg.wasm" sla-wasm/pkg-small/sla_wasm_bg.wasm 151500
if ((fail)); then
  echo "test-wasm: FAILED, a build is over its size budget (sla-wasm/README.md, Size)" >&2
  exit 1
fi

step "test-wasm: ok"
