#!/usr/bin/env bash
# Builds the wasm package:
#   sla-wasm/pkg/       --target web     (ES module + .wasm, for browsers)
#   sla-wasm/pkg-node/  --target nodejs  (CommonJS, for Node)
#   sla-wasm/dist/      the npm package of both (sla-wasm/pack.sh)
# The web build reads policies and calendars as JSON only (objects or text):
# the TOML reader is about 50 KB gzipped that a page does not need. With
# --toml it has Policy.fromToml and Calendar.fromToml too, as the Node build
# always has (servers keep their policy files as TOML).
# With --small, the build limited to the zones of $CHRONO_TZ_TIMEZONE_FILTER
# (default '(Europe/Moscow|UTC)') into sla-wasm/pkg-small/ (web target), in
# its own target dir so that it does not invalidate the main build.
#
# Run scripts/setup-wasm.sh first. The environment below is the same for
# every build: changing RUSTC_BOOTSTRAP, the profile or the linker makes
# cargo rebuild everything (std included, ~1 min on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."

small=0
# The web builds' features: without the default `toml` (see Cargo.toml).
web=(--no-default-features)
for arg in "$@"; do
  case "$arg" in
    --small) small=1 ;;
    --toml) web=() ;;
    *) echo "usage: $0 [--small] [--toml]" >&2; exit 2 ;;
  esac
done

# Debian's rustc-web 1.96 (it has the std source for -Zbuild-std), not
# rustup's; -Z needs RUSTC_BOOTSTRAP on this stable compiler.
export RUSTC_BOOTSTRAP=1
export PATH="/usr/bin:$HOME/.cargo/bin:$PATH"
unset CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER RUSTFLAGS CARGO_BUILD_RUSTFLAGS
# A panic cannot print anything on wasm32-unknown-unknown anyway: abort at
# once, without the panic formatting machinery (~10 KB gzipped less). The
# bindings return errors on every path a user can reach.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
cargo_build=(cargo build -p sla-wasm --profile wasm-release --target wasm32-unknown-unknown
             -Zbuild-std=std,panic_abort)
opt=sla-wasm/node_modules/.bin/wasm-opt
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
          --enable-mutable-globals --enable-reference-types --enable-multivalue)
# -Os without the two passes that make the gzipped file larger: inlining
# (the code compresses worse) and memory-packing (it splits the time-zone
# data into many segments). Measured on the default build: 372,330 B gzipped
# strip-only, 366,399 B with these, 419,826 B with plain -Oz.
shrink=(-Os --skip-pass=memory-packing --skip-pass=inlining --skip-pass=inlining-optimizing)

if ((small)); then
  export CHRONO_TZ_TIMEZONE_FILTER="${CHRONO_TZ_TIMEZONE_FILTER:-(Europe/Moscow|UTC)}"
  # The wasm-web profile: opt-level "z" (see Cargo.toml).
  "${cargo_build[@]/wasm-release/wasm-web}" "${web[@]}" --features tz-filter --target-dir target/wasm-small
  wasm=target/wasm-small/wasm32-unknown-unknown/wasm-web/sla_wasm.wasm
  rm -rf sla-wasm/pkg-small/snippets  # wasm-bindgen never removes old ones
  wasm-bindgen --target web --out-dir sla-wasm/pkg-small "$wasm"
  # Not -Oz: it makes this build's gzipped file larger too (measured:
  # 274 KB with -Oz, 245 KB strip-only), its code compresses worse.
  "$opt" "${features[@]}" "${shrink[@]}" --strip-debug --strip-producers \
    sla-wasm/pkg-small/sla_wasm_bg.wasm -o sla-wasm/pkg-small/sla_wasm_bg.wasm
  exit 0
fi

# The web build with the wasm-web profile (opt-level "z": pages pay per
# byte), the Node build with wasm-release ("s": servers pay per call); see
# Cargo.toml. Each profile has its own directory under target/.
# wasm-bindgen adds to snippets/ and never removes: start from none.
rm -rf sla-wasm/pkg/snippets sla-wasm/pkg-node/snippets
"${cargo_build[@]/wasm-release/wasm-web}" "${web[@]}"
wasm-bindgen --target web --out-dir sla-wasm/pkg target/wasm32-unknown-unknown/wasm-web/sla_wasm.wasm
"${cargo_build[@]}"
wasm-bindgen --target nodejs --out-dir sla-wasm/pkg-node target/wasm32-unknown-unknown/wasm-release/sla_wasm.wasm
# Not -Oz: on the full tz database it makes the gzipped file larger.
for dir in pkg pkg-node; do
  "$opt" "${features[@]}" "${shrink[@]}" --strip-debug --strip-producers \
    "sla-wasm/$dir/sla_wasm_bg.wasm" -o "sla-wasm/$dir/sla_wasm_bg.wasm"
done
# The npm package of both builds: sla-wasm/dist/sla-wasm-<version>.tgz.
bash sla-wasm/pack.sh
