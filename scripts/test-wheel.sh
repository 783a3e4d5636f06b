#!/usr/bin/env bash
# Part of `make test`: builds the wheel and the sdist (scripts/wheel.sh) and
# installs each into a fresh venv, the way a user does (`pip install
# sla-….whl`, `pip install sla-….tar.gz`), then imports `sla` and computes a
# deadline there, without numpy (an extra, needed only by the numpy forms of
# the bulk calls). The sdist install compiles the Rust crates: about 1-2
# minutes the first time; its cargo target dir (target/sdist-check) is kept,
# so later runs reuse the compiled dependencies.
#   SLA_WHEEL_SKIP_BUILD=1  test the files already in target/wheels/
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
PY=${PYTHON:-python3}

if [[ "${SLA_WHEEL_SKIP_BUILD:-0}" != "1" ]]; then
  bash scripts/wheel.sh
fi
shopt -s nullglob
wheels=(target/wheels/sla-*.whl)
sdists=(target/wheels/sla-*.tar.gz)
if ((${#wheels[@]} != 1 || ${#sdists[@]} != 1)); then
  echo "test-wheel: expected one wheel and one sdist in target/wheels/, found: ${wheels[*]} ${sdists[*]}" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { # label file
  local venv="$tmp/$1"
  echo "== $1: a fresh venv, pip install $(basename "$2")"
  "$PY" -m venv "$venv"
  CARGO_TARGET_DIR="$root/target/sdist-check" \
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$root/$2"
  # Run outside the checkout, so that `import sla` finds the installed package.
  (cd "$tmp" && "$venv/bin/python" - <<'PY'
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
import importlib.util
import sla

cal = sla.Calendar("Mon-Fri 09:00-18:00 Europe/Moscow +ru")
t = datetime(2026, 5, 8, 16, 30, tzinfo=ZoneInfo("Europe/Moscow"))
assert cal.add(t, timedelta(hours=4)).isoformat() == "2026-05-12T12:30:00+03:00"
assert cal.add_many([t, None], timedelta(hours=4))[1] is None
assert importlib.util.find_spec("numpy") is None, "numpy is an extra, not a dependency"
assert "site-packages" in sla.__file__, sla.__file__
print("   import sla: ok,", sla.__file__)
PY
  )
}
check wheel "${wheels[0]}"
check sdist "${sdists[0]}"
echo "test-wheel: ok"
