# Sourced by scripts/test-py.sh and scripts/bench-py.sh: makes .venv, installs
# the build and test tools into it by package name, and builds the package
# `sla` (sla-py) into it. Leaves the venv activated.
#
# Needs: python3 (>= 3.9; 3.11 tested) with venv + pip, and rustup stable.
#   PYTHON=python3.12     the interpreter to make the venv with
#   SLA_PY_SKIP_BUILD=1   reuse the installed build

PY=${PYTHON:-python3}
VENV=.venv

if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating $VENV"
  "$PY" -m venv "$VENV"
fi
# shellcheck disable=SC1091
source "$VENV/bin/activate"

# Minimum versions: maturin 1.9 knows pyo3 0.30; numpy 1.26 is the oldest
# numpy with wheels for CPython 3.12; pandas 2.1 has the non-nanosecond
# datetime64 units the example uses; mypy 1.11 has the stubtest that reads
# pyo3's __text_signature__ well; jsonschema 4.18 validates draft 2020-12
# (schema/policy.schema.json, sla-py/tests/test_schema.py); pyarrow 14 and
# Polars 1.0 read and write Arrow PyCapsules (`__arrow_c_stream__`), which
# `evaluate_table` takes (sla-py/tests/test_table.py).
REQS=(
  "maturin>=1.9,<2"
  "pytest>=8"
  "numpy>=1.26"
  "pandas>=2.1"
  "mypy>=1.11"
  "jsonschema>=4.18"
  "pyarrow>=14"
  "polars>=1.0"
)
# The data tools the columnar examples and tests run against, pinned: the
# Polars namespace (sla.polars), the Spark recipe (examples/spark_sla.py,
# PySpark runs on Java 17: scripts/setup-java.sh), the DuckDB example and
# the analysts' chart (matplotlib).
PINNED=(
  "pyarrow==26.0.1"
  "polars==2.1.0"
  "pyspark==4.3.0"
  "duckdb==2.0.0"
  "matplotlib==3.11.2"
)
if ! python -c 'import maturin, pytest, numpy, pandas, mypy, jsonschema' 2>/dev/null \
   || ! python - "${PINNED[@]}" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
sys.exit(any(version(n) != v for n, v in (p.split("==") for p in sys.argv[1:])))
PY
then
  echo "== installing build and test tools"
  python -m pip install --quiet --upgrade "${REQS[@]}" "${PINNED[@]}"
fi

if [ "${SLA_PY_SKIP_BUILD:-0}" != "1" ]; then
  echo "== building sla (maturin develop --release)"
  # The release profile of the workspace (lto, one codegen unit) is what the
  # benchmarks measure; maturin installs the package into the active venv.
  maturin develop --release --quiet -m sla-py/Cargo.toml
fi
