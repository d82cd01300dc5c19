# One entry point.  `make book` builds everything that changed; see README.md.
#   make book  PARAMS="theory.replications=200" DATA="imagenet=my.csv"
#   make pdf | make test | make data | make status | make clean | make epoch-live

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PARAMS ?=
DATA ?=
ARGS := $(foreach p,$(PARAMS),-p "$(p)") $(foreach d,$(DATA),-d "$(d)")

.PHONY: book html pdf run test test-fast test-variants validate data status clean epoch-live bench venv

venv: $(STAMP)

# (Re)create the virtualenv whenever requirements.txt or pyproject.toml change.
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m compute_limits assets
	touch $(STAMP)

data: $(STAMP)
	$(PY) -m compute_limits data

run: data
	$(PY) -m compute_limits run $(ARGS)

book: run
	$(PY) -m compute_limits html

html: $(STAMP)
	$(PY) -m compute_limits html

pdf: run
	$(PY) -m compute_limits pdf

status: $(STAMP)
	$(PY) -m compute_limits status -v $(ARGS)

validate: data
	$(PY) -m compute_limits validate $(ARGS)

# Unit tests, one shared small build of the whole book, the browser check: two workers (pytest-xdist), one
# test file at a time, in the order tests/conftest.py sets.
test: data
	$(PY) -m pytest -q -m "not variants" -n 2 --dist loadfile --no-loadscope-reorder

# Without the book build and the browser (seconds).
test-fast: data
	$(PY) -m pytest -q -m "not slow and not variants"

# Whole-book builds with every parameter changed, users' files, and the three fork studies (CI runs these too).
test-variants: data
	$(PY) -m pytest -q -m variants

bench: data
	$(PY) benchmarks/bench_pipeline.py
	$(PY) benchmarks/bench_simulation.py

epoch-live: data
	$(PY) -m compute_limits epoch-live $(ARGS)

clean:
	rm -rf _build chapters/*.ipynb chapters/benchmarks _static/vendor test-artifacts
