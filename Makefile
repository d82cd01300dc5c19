# One entry point.  `make book` builds everything that changed; see README.md.
#   make book  PARAMS="theory.replications=200" DATA="imagenet=my.csv"
#   make pdf | make test | make data | make status | make clean | make epoch-live
#
# Each step leaves a stamp in _build/.make whose prerequisites are the files the step reads, so make itself
# answers "nothing changed" (no Python starts).  When something did, the step runs and decides from content:
# `run` executes only the chapters whose input hash changed, Sphinx rebuilds only the pages that changed.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PARAMS ?=
DATA ?=
ARGS := $(foreach p,$(PARAMS),-p "$(p)") $(foreach d,$(DATA),-d "$(d)")

VENV_STAMP := $(VENV)/.installed
STAMPS := _build/.make
DATA_STAMP := $(STAMPS)/data
RUN_STAMP := $(STAMPS)/run
HTML_STAMP := $(STAMPS)/html
PDF_STAMP := $(STAMPS)/pdf

# (a space in a file name is escaped for make)
files = $(shell find $(1) -type f -not -path '*/__pycache__/*' -not -name '*.ipynb' 2>/dev/null | sed 's/ /\\ /g')
PACKAGE := $(call files,src/compute_limits)
CHAPTERS := $(call files,chapters)
DATA_FILES := $(call files,data)
USER_FILES := $(wildcard $(foreach d,$(DATA),$(lastword $(subst =, ,$(d)))))
STATIC := $(call files,_static)

# Files make cannot date: PARAMS and DATA, and which files there are (a file removed leaves no date behind).
# Each is written to a file only when it changes, and that file's date says when.
ARGS_FILE := $(STAMPS)/args
LIST_FILE := $(STAMPS)/files
$(shell mkdir -p $(STAMPS))
ARGS_TEXT := $(strip PARAMS=$(PARAMS) DATA=$(DATA))
ifneq ($(ARGS_TEXT),$(file <$(ARGS_FILE)))
$(file >$(ARGS_FILE),$(ARGS_TEXT))
endif
LIST_TEXT := $(strip $(CHAPTERS) $(PACKAGE) $(DATA_FILES) $(STATIC))
ifneq ($(LIST_TEXT),$(file <$(LIST_FILE)))
$(file >$(LIST_FILE),$(LIST_TEXT))
endif
BOOK_CONFIG := _config.yml _toc.yml references.bib
# A library installed or upgraded in the virtualenv changes its site-packages folder (the chapters' input hashes
# hold the versions of the libraries they use).
SITE_PACKAGES := $(wildcard $(VENV)/lib/python3*/site-packages)
# The commit the build records (the reproducibility page shows it): HEAD and the branch it points to.
GIT_REF := $(shell git symbolic-ref -q HEAD 2>/dev/null)
GIT_STATE := $(wildcard $(shell git rev-parse --git-path HEAD --git-path packed-refs $(if $(GIT_REF),--git-path $(GIT_REF)) 2>/dev/null))

.PHONY: book run html pdf test test-fast test-variants validate data status clean epoch-live bench venv

book: $(HTML_STAMP)
	@echo "book: file://$(CURDIR)/_build/html/index.html"

venv: $(VENV_STAMP)

# (Re)create the virtualenv whenever requirements.txt or pyproject.toml change.
$(VENV_STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m compute_limits assets
	touch $(VENV_STAMP)

# Fetch and verify the raw data (sha256 of each): `make data` always, `make book` when the manifest changed.
data: $(VENV_STAMP)
	$(PY) -m compute_limits data
	mkdir -p $(STAMPS) && touch $(DATA_STAMP)

$(DATA_STAMP): $(VENV_STAMP) data/manifest.csv
	$(PY) -m compute_limits data
	mkdir -p $(STAMPS) && touch $@

run: $(RUN_STAMP)

# When the only files changed since the last complete run are chapter sources ($? lists what changed), run is
# told so: if their code cells did not change either, their pages take the new prose and nothing is hashed.
$(RUN_STAMP): $(VENV_STAMP) $(SITE_PACKAGES) $(DATA_STAMP) $(ARGS_FILE) $(LIST_FILE) $(CHAPTERS) $(PACKAGE) $(DATA_FILES) \
              $(USER_FILES) $(GIT_STATE)
	$(PY) -m compute_limits run $(ARGS) $(if $(filter-out chapters/%.md,$?),,$(addprefix --edited ,$(filter chapters/%.md,$?)))
	touch $@

html: $(HTML_STAMP)

$(HTML_STAMP): $(RUN_STAMP) $(BOOK_CONFIG) $(LIST_FILE) $(STATIC)
	$(PY) -m compute_limits html
	touch $@

pdf: $(PDF_STAMP)

$(PDF_STAMP): $(RUN_STAMP) $(BOOK_CONFIG)
	$(PY) -m compute_limits pdf
	touch $@

status: $(VENV_STAMP)
	$(PY) -m compute_limits status -v $(ARGS)

validate: $(DATA_STAMP)
	$(PY) -m compute_limits validate $(ARGS)

# Unit tests, one shared small build of the whole book, the browser check: two workers (pytest-xdist), one
# test file at a time, in the order tests/conftest.py sets.
test: $(DATA_STAMP)
	$(PY) -m pytest -q -m "not variants" -n 2 --dist loadfile --no-loadscope-reorder

# Without the book build and the browser (seconds).
test-fast: $(DATA_STAMP)
	$(PY) -m pytest -q -m "not slow and not variants"

# Whole-book builds with every parameter changed, users' files, and the three fork studies (CI runs these too).
test-variants: $(DATA_STAMP)
	$(PY) -m pytest -q -m variants

bench: $(DATA_STAMP)
	$(PY) benchmarks/bench_pipeline.py
	$(PY) benchmarks/bench_simulation.py

epoch-live: $(DATA_STAMP)
	$(PY) -m compute_limits epoch-live $(ARGS)

clean:
	rm -rf _build chapters/*.ipynb chapters/benchmarks _static/vendor test-artifacts
