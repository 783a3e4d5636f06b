#!/usr/bin/env bash
# Installs what the wasm build and its tests need, on a fresh Debian 12
# machine (as root); does nothing that is already done. See
# sla-wasm/README.md and shared/notes/toolchain.md for why each piece.
#   - Debian's rustc-web/cargo-web 1.96 with the std source (rust-web-src):
#     the wasm32 std is built from source with -Zbuild-std (no rustup target);
#   - lld-22 + rust-web-llvm: the `rust-lld` wasm linker;
#   - chromium + chromium-driver: the browser test;
#   - wasm-bindgen-cli at exactly the wasm-bindgen version of Cargo.lock;
#   - npm devDependencies of sla-wasm/: playwright-core (drives Chromium),
#     binaryen (wasm-opt; never Debian's binaryen, which breaks the output)
#     and typescript (checks the package's declarations).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(rustc-web cargo-web rust-web-src lld-22 rust-web-llvm chromium chromium-driver)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup-wasm: apt-get install ${missing[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# The CLI must equal the wasm-bindgen crate version in Cargo.lock.
wb=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [[ -z "$wb" ]]; then
  echo "setup-wasm: wasm-bindgen not found in Cargo.lock" >&2
  exit 1
fi
export PATH="$HOME/.cargo/bin:$PATH"
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wb" ]]; then
  echo "setup-wasm: cargo install wasm-bindgen-cli --version =$wb (about 4 minutes)"
  # Not --locked: the CLI's own lockfile pins a crate missing from the index.
  cargo install wasm-bindgen-cli --version "=$wb"
fi

# npm devDependencies (playwright-core, binaryen, typescript), pinned by
# package-lock.json.
if [[ ! -x sla-wasm/node_modules/.bin/wasm-opt || ! -d sla-wasm/node_modules/playwright-core \
      || ! -d sla-wasm/node_modules/typescript \
      || sla-wasm/package-lock.json -nt sla-wasm/node_modules/.package-lock.json ]]; then
  (cd sla-wasm && npm ci --no-audit --no-fund)
fi
echo "setup-wasm: ok (wasm-bindgen $wb, $(node --version), $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium ?'))"
