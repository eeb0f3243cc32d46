# Two commands on a fresh machine: `make demo` and `make test`. Both set everything up first.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT := build
# The views `make demo` writes: the whole graph, who agrees with whom, who holds which claim.
DEMO_VIEWS := full congruence actor-claim actor-instrument actor-topic organizations
# Some machines list local package folders that do not exist; pip warns once per package.
PIP_NOISE := is neither a file nor a directory

.PHONY: setup browser virtuoso demo test quick expected lint notebooks bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip 2>&1 | { grep -v "$(PIP_NOISE)" || true; }
	$(BIN)/python -m pip install -q -e '.[test,notebooks]' 2>&1 | { grep -v "$(PIP_NOISE)" || true; }
	touch $@

setup: $(STAMP)

# Browser tests drive Debian's Chromium through Playwright; install it when it is missing.
browser:
	@bash scripts/install-debian.sh chromium chromium "the browser tests"

# The store tests push to and query a private Virtuoso (Debian's package); install it when missing.
virtuoso:
	@bash scripts/install-debian.sh virtuoso-t virtuoso-opensource-7-bin "the store tests" \
		--no-install-recommends

demo: setup
	$(BIN)/migration-kg build --out $(OUT)
	$(BIN)/migration-kg validate --graph $(OUT)/graph.ttl
	$(BIN)/migration-kg stats --graph $(OUT)/graph.nt
	$(BIN)/migration-kg query --all --graph $(OUT)/graph.nt --format md
	@echo
	@echo "graph:   $(abspath $(OUT))/graph.ttl  graph.nt  graph.jsonld"
	@for kind in $(DEMO_VIEWS); do \
		$(BIN)/migration-kg view $$kind --graph $(OUT)/graph.nt --out $(OUT)/views/$$kind.html \
			|| exit 1; \
	done
	@for kind in $(DEMO_VIEWS); do \
		echo "view:    $(abspath $(OUT))/views/$$kind.html"; \
	done
	@$(BIN)/migration-kg site --graph $(OUT)/graph.nt --out $(OUT)/site > $(OUT)/.site-index
	@echo "site:    $$(cat $(OUT)/.site-index)   (open it in a browser; no server needed)"
	@rm -f $(OUT)/.site-index

lint: setup
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy

test: setup browser virtuoso lint
	$(BIN)/python -m pytest -q

# The inner loop: everything but notebooks, benchmarks, wheels, browsers and servers.
quick: setup
	$(BIN)/python -m pytest -q -m "not slow and not browser and not server"

# Regenerate queries/*.expected.csv from the current graph and show what changed.
expected: setup
	$(BIN)/python scripts/update_expected.py

# Every figure of bench/README.md's corpus tables (and bench/overhead.py's, when it is there),
# the previous run kept beside them for comparison. About 40 minutes on two quiet cores; ~8 GB.
bench: setup
	$(BIN)/python bench/run.py --sizes 10k 100k 1M 5M --repeats 3 --large-repeats 1 \
		--query-timeout 60 --readme

notebooks: setup
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(OUT) .pytest_cache
