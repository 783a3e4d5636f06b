#!/usr/bin/env bash
# Fuzzes every target of fuzz/ (cargo-fuzz, libFuzzer) for FUZZ_SECONDS each.
#
#   bash scripts/test-fuzz.sh                   # the CI run: 10 s per target
#   FUZZ_SECONDS=600 bash scripts/test-fuzz.sh  # `make fuzz`: 10 min per target
#   bash scripts/test-fuzz.sh events duration   # some targets only
#
# Needs the nightly toolchain (on the machine image beside stable) and
# cargo-fuzz (installed here from crates.io when missing). Fails on any
# crash, panic, broken invariant or input slower than FUZZ_TIMEOUT seconds;
# the input is kept in fuzz/artifacts/<target>/. Then replays every corpus
# input and lists those slower than FUZZ_SLOW_MS (100 ms), failing when
# FUZZ_SLOW_FAIL=1.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_FUZZ_VERSION=0.13.2
FUZZ_SECONDS=${FUZZ_SECONDS:-10}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-1}
FUZZ_SLOW_MS=${FUZZ_SLOW_MS:-100}
FUZZ_SLOW_FAIL=${FUZZ_SLOW_FAIL:-0}
# Safe Rust (sla-core forbids unsafe code): panics are what we look for, and
# without AddressSanitizer the build is faster and every run makes twice the
# executions. FUZZ_SANITIZER=address turns it on.
FUZZ_SANITIZER=${FUZZ_SANITIZER:-none}
if [ "$#" -gt 0 ]; then
  TARGETS=("$@")
else
  TARGETS=(evaluate_json policy calendar duration events)
fi

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "error: cargo fuzz needs the nightly Rust toolchain, and 'rustup toolchain list' has none." >&2
  echo "The machine image carries nightly beside stable; on a machine without it, install it" >&2
  echo "with 'rustup toolchain install nightly --profile minimal' where rustup's server is reachable." >&2
  exit 1
fi
if [ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  echo "== installing cargo-fuzz $CARGO_FUZZ_VERSION from crates.io (about 2 minutes)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

echo "== seed corpus (golden requests, example policies, calendar texts, durations)"
python3 fuzz/make_corpus.py

cd fuzz
echo "== building the fuzz targets (nightly, sanitizer: $FUZZ_SANITIZER)"
cargo +nightly fuzz build --sanitizer "$FUZZ_SANITIZER"

failed=()
for target in "${TARGETS[@]}"; do
  echo "== fuzzing $target for $FUZZ_SECONDS s"
  if ! cargo +nightly fuzz run --sanitizer "$FUZZ_SANITIZER" "$target" "corpus/$target" -- \
    -max_total_time="$FUZZ_SECONDS" -timeout="$FUZZ_TIMEOUT" -rss_limit_mb=2048 \
    -print_final_stats=1 2>"target/$target.log"; then
    grep -E -A12 'panicked|ERROR: libFuzzer' "target/$target.log" | head -40 >&2 || true
    failed+=("$target")
  fi
  grep -E '^Done [0-9]+ runs' "target/$target.log" || true
done

# libFuzzer's -timeout counts whole seconds; the bar is 100 ms per input at
# default settings. Replay the corpus (every input that reached new code)
# and time each input: the slow ones are listed, then run three times more
# (warm) and kept only when the fastest of the three is still over the bar.
echo "== inputs slower than $FUZZ_SLOW_MS ms"
slow=0
for target in "${TARGETS[@]}"; do
  bin="target/x86_64-unknown-linux-gnu/release/$target"
  [ -d "corpus/$target" ] && [ -n "$(ls -A "corpus/$target")" ] || continue
  while read -r file; do
    best=$("$bin" -runs=1 "$file" "$file" "$file" 2>&1 |
      sed -n 's/^Executed .* in \([0-9]*\) ms$/\1/p' | sort -n | head -1)
    if [ "${best:-0}" -gt "$FUZZ_SLOW_MS" ]; then
      echo "slow: $target $file: $best ms"
      slow=$((slow + 1))
    fi
  done < <(find "corpus/$target" -type f -print0 | xargs -0 -r "$bin" -runs=1 2>&1 |
    awk -v bar="$FUZZ_SLOW_MS" '/^Executed .* in [0-9]+ ms$/ { if ($(NF-1) > bar) print $2 }')
done
echo "$slow slow inputs"

if [ "${#failed[@]}" -gt 0 ]; then
  echo "FAILED: ${failed[*]} (inputs in fuzz/artifacts/; logs in fuzz/target/<target>.log)" >&2
  echo "Reproduce: cd fuzz && cargo +nightly fuzz run --sanitizer $FUZZ_SANITIZER <target> artifacts/<target>/<file>" >&2
  exit 1
fi
if [ "$slow" -gt 0 ] && [ "$FUZZ_SLOW_FAIL" = 1 ]; then
  echo "FAILED: $slow inputs slower than $FUZZ_SLOW_MS ms" >&2
  exit 1
fi
echo "fuzz: ${#TARGETS[@]} targets, ${FUZZ_SECONDS} s each, no crash"
