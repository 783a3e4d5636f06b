#!/usr/bin/env bash
# `make lint`: the static checks of every language of the project.
#   - rustfmt, and clippy with -D warnings: clippy's defaults plus the lints
#     named in Cargo.toml's [workspace.lints.clippy] (settings: clippy.toml);
#   - mypy --strict on the Python package's stubs (sla-py/python/sla/*.pyi
#     and __init__.py; no build needed: scripts/test-py.sh runs stubtest
#     against the built module);
#   - tsc --strict on the TypeScript declarations of the JSON data
#     (sla-wasm/src/types.d.ts; the generated declarations of the whole
#     package are checked by sla-wasm/tests/types.test.mjs), and on the
#     binding's own JavaScript (sla-wasm/src/host.js, typed by JSDoc).
# Installs what it needs when it is missing: mypy (pinned) into .venv,
# TypeScript (pinned in sla-wasm/package.json) into sla-wasm/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

MYPY_VERSION=2.4.1

echo "== rustfmt"
cargo fmt --all -- --check
echo "== clippy"
cargo clippy --workspace --all-targets -- -D warnings

echo "== mypy --strict (sla-py/python/sla)"
if [ ! -x .venv/bin/python ]; then
  "${PYTHON:-python3}" -m venv .venv
fi
if [ "$(.venv/bin/python -c 'import mypy.version; print(mypy.version.__version__)' 2>/dev/null)" != "$MYPY_VERSION" ]; then
  .venv/bin/python -m pip install --quiet "mypy==$MYPY_VERSION"
fi
.venv/bin/python -m mypy --strict sla-py/python/sla/_sla.pyi sla-py/python/sla/__init__.py

echo "== tsc --strict (sla-wasm/src/types.d.ts)"
want=$(node -p 'require("./sla-wasm/package.json").devDependencies.typescript')
have=$(node -p 'try { require("./sla-wasm/node_modules/typescript/package.json").version } catch { "" }')
if [ "$have" != "$want" ]; then
  (cd sla-wasm && npm ci --no-audit --no-fund)
fi
node sla-wasm/node_modules/typescript/bin/tsc --strict --noEmit --lib es2022,dom sla-wasm/src/types.d.ts \
  sla-wasm/tests/types/generated-classes.d.ts
echo "== tsc --strict --checkJs (sla-wasm/src/host.js)"
node sla-wasm/node_modules/typescript/bin/tsc --strict --noEmit --allowJs --checkJs \
  --target es2022 --lib es2024,dom sla-wasm/src/host.js
echo "lint: ok"
