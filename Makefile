# The one place that knows how to set up, build, test and bench the engine.
# `make help` lists the targets. Every target installs what it needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help demo test test-rust test-py test-wheel test-wasm test-fuzz fuzz wheel lint bench bench-rust bench-py bench-wasm golden

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-11s %s\n", $$1, $$2}'

# The demo's evaluation instant (default: the "at" of examples/sample_tickets.json).
AT ?=

demo: ## The main job: deadlines for the sample tickets of every bundled regulation (AT=<RFC 3339 instant>)
	@echo "building the demo (the first run compiles the engine, about a minute)..."
	cargo build --release --example sla_demo
	@echo
	@cargo run --release --quiet --example sla_demo -- "" "$(AT)"

test: test-rust test-py test-wheel test-wasm test-fuzz ## Every test: Rust, Python, the packages, WASM in Node, the demo page in Chromium, a short fuzz run

test-rust: ## Rust unit, doc, property, scenario and golden tests
	cargo test --workspace

test-py: ## Build the Python package into .venv and run pytest and stubtest
	bash scripts/test-py.sh

test-wheel: ## Build the wheel and the sdist, install each into a fresh venv and import it
	bash scripts/test-wheel.sh

test-wasm: ## Set up the wasm toolchain, build, run the Node and browser tests
	bash scripts/test-wasm.sh

test-fuzz: ## Short fuzz run of every cargo-fuzz target (10 s each; installs cargo-fuzz)
	bash scripts/test-fuzz.sh

# The long run: FUZZ_SECONDS per target (make fuzz FUZZ_SECONDS=60), and any
# input slower than 100 ms fails it.
FUZZ_SECONDS ?= 600
fuzz: ## Long fuzz run: 10 min per target (FUZZ_SECONDS=...), crashes kept in fuzz/artifacts/
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_SLOW_FAIL=1 bash scripts/test-fuzz.sh

wheel: ## Build the Python wheel and sdist into target/wheels/ (pip install target/wheels/sla-*.whl)
	bash scripts/wheel.sh

lint: ## rustfmt, clippy (+ the lints of Cargo.toml), mypy --strict on the .pyi stubs, tsc --strict on the .d.ts (installs mypy, TypeScript)
	bash scripts/lint.sh

bench: bench-rust bench-py bench-wasm ## All benchmarks (figures go to the README)

bench-rust: ## Criterion benchmarks of the hot path
	cargo bench --bench deadline --bench clock

bench-py: ## Python binding benchmarks
	bash scripts/bench-py.sh

bench-wasm: ## Node benchmarks of the wasm build
	bash scripts/bench-wasm.sh

golden: ## Regenerate tests/golden/*.json expectations (review the diff!)
	SLA_GOLDEN_WRITE=1 cargo test --test golden
