# Two commands on a fresh machine: `make demo` (set up, run the offline demo) and
# `make test` (set up, run the whole test suite). Everything else is a building block.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
RUNNER := code3dbench/sandbox/runner

.PHONY: setup system-deps python-deps image-deps node-deps demo test lint bench clean

setup: system-deps python-deps node-deps

system-deps:
	bash scripts/install-system-deps.sh

python-deps: $(BIN)/.installed
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

# The image metrics' extra (torch, torchvision, lpips, open_clip_torch; about 5.7 GB):
# `make test` and `make bench` install it, `make demo` does not.
image-deps: $(BIN)/.installed-image
$(BIN)/.installed-image: $(BIN)/.installed
	$(BIN)/pip install --quiet -e ".[dev,image]"
	touch $@

node-deps: $(RUNNER)/node_modules/.package-lock.json
$(RUNNER)/node_modules/.package-lock.json: $(RUNNER)/package-lock.json
	cd $(RUNNER) && npm ci --no-audit --no-fund
	touch $@

# The demo runs the examples and three of the realistic test programs (kept in one place).
DEMO_PROGRAMS := examples/programs/*.js $(addprefix tests/programs/realistic/,nature_pine_tree.js vehicle_car.js container_treasure_chest.js)

demo: setup
	$(BIN)/code3dbench execute $(DEMO_PROGRAMS) examples/replies/*.md --out out/demo

test: setup image-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: python-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup image-deps
	$(BIN)/python benchmarks/bench_execution.py
	$(BIN)/python benchmarks/bench_geometry.py
	$(BIN)/python benchmarks/bench_image.py

clean:
	rm -rf $(VENV) $(RUNNER)/node_modules out .pytest_cache
