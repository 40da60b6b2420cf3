# tuffkit — `make help` lists the targets.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: help setup reports ingest test lint example-data bench lab clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "tuffkit needs Python 3.11 or newer; '$(PYTHON)' is older. Try: make PYTHON=python3.11 ..."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

setup: $(STAMP) ## create .venv from pyproject.toml (if missing) and install tuffkit with its dependencies

reports: $(STAMP) ## set-up, then the main job on the bundled example data
	$(VENV)/bin/tuffkit ingest data/raw --out data/processed
	@echo
	@echo "Done. The outputs are in data/processed/ (ingest.json holds the row accounting per file)."

ingest: reports ## the same as `make reports` for now

test: $(STAMP) ## set-up, then lint and the whole test suite
	$(VENV)/bin/ruff check tuffkit tests bench scripts
	$(PY) -m pytest

lint: $(STAMP) ## ruff on the code
	$(VENV)/bin/ruff check tuffkit tests bench scripts

example-data: $(STAMP) ## re-generate the synthetic example data in data/raw/ (deterministic)
	$(PY) scripts/make_example_data.py --out data/raw

bench: $(STAMP) ## the benchmarks (1,000,000 respondents; a few minutes)
	$(PY) bench/bench_ingest.py
	$(PY) bench/bench_survey.py

lab: $(STAMP) ## JupyterLab on the notebooks, with the project's environment as the kernel
	$(VENV)/bin/jupyter lab notebooks/

clean: ## remove generated outputs (data/processed, reports) but keep .venv
	rm -rf data/processed/* reports/*/
	@touch data/processed/.gitkeep reports/.gitkeep
