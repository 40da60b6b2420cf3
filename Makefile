# tuffkit — `make help` lists the targets.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# JupyterLab refuses to run as root (containers) unless told: pass --allow-root for user id 0
LAB_USER ?= $(shell id -u)
LAB_ROOT := $(if $(filter 0,$(LAB_USER)),--allow-root,)

.DEFAULT_GOAL := help
.PHONY: help setup reports ingest test lint example-data bench lab clean browser

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

reports: $(STAMP) ## set-up, then ingest both example studies and build every report (prints where index.html is)
	$(VENV)/bin/tuffkit ingest data/raw --out data/processed/lfr3
	@echo
	$(VENV)/bin/tuffkit ingest-measures data/raw/measures --out data/processed/lfr3
	@echo
	$(VENV)/bin/tuffkit reports --data data/processed/lfr3 --all --program --all-measures --out reports/lfr3
	@echo
	$(VENV)/bin/tuffkit ingest data/raw/pulse --out data/processed/puls
	@echo
	$(VENV)/bin/tuffkit ingest-log data/raw/projectlog --out data/processed/puls
	@echo
	$(VENV)/bin/tuffkit ingest-measures data/raw/measures/norrtull_matningar.csv data/raw/pulse/measures --out data/processed/puls
	@echo
	$(VENV)/bin/tuffkit reports --data data/processed/puls --all --program --all-units --all-measures --out reports/puls
	@echo
	$(VENV)/bin/tuffkit index reports/lfr3 reports/puls --out reports/index.html
	@echo
	@echo "Reports: $(CURDIR)/reports/index.html (the studies: reports/lfr3/index.html, reports/puls/index.html)"

ingest: $(STAMP) ## only the ingests of the two example studies into data/processed/lfr3 and data/processed/puls
	$(VENV)/bin/tuffkit ingest data/raw --out data/processed/lfr3
	$(VENV)/bin/tuffkit ingest-measures data/raw/measures --out data/processed/lfr3
	$(VENV)/bin/tuffkit ingest data/raw/pulse --out data/processed/puls
	$(VENV)/bin/tuffkit ingest-log data/raw/projectlog --out data/processed/puls
	$(VENV)/bin/tuffkit ingest-measures data/raw/measures/norrtull_matningar.csv data/raw/pulse/measures --out data/processed/puls

test: $(STAMP) browser ## set-up, then lint and the whole test suite
	$(VENV)/bin/ruff check tuffkit tests bench scripts
	$(PY) -m pytest

browser: ## install Debian's chromium (browser tests) and hunspell-sv (the reports' spell check) when missing
	@bash scripts/install-browser.sh

lint: $(STAMP) ## ruff on the code
	$(VENV)/bin/ruff check tuffkit tests bench scripts

example-data: $(STAMP) ## re-generate the synthetic example data in data/raw/ (deterministic)
	$(PY) scripts/make_example_data.py --out data/raw
	$(PY) scripts/make_example_log.py --out data/raw/projectlog
	$(PY) scripts/make_example_measures.py --out data/raw/measures
	$(PY) scripts/make_example_pulse.py --out data/raw/pulse

bench: $(STAMP) ## the benchmarks (1,000,000 respondents; a few minutes)
	$(PY) bench/bench_ingest.py
	$(PY) bench/bench_survey.py
	$(PY) bench/bench_reports.py
	$(PY) bench/bench_cli.py
	$(PY) bench/bench_exports.py

lab: $(STAMP) ## JupyterLab on the notebooks; their kernel "python3" is this .venv's Python
	@test -f data/processed/lfr3/survey.parquet -a -f data/processed/puls/survey.parquet || $(MAKE) --no-print-directory ingest
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(LAB_ROOT)

clean: ## remove generated outputs (data/processed, reports) but keep .venv
	rm -rf data/processed/* data/processed/.tuffkit-cache reports/*
	@touch data/processed/.gitkeep reports/.gitkeep
