# The two commands of README.md:
#   make run    set up .venv and run the whole series headless into runs/$(NAME)/
#   make test   set up .venv and run the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
NAME ?= default
PARAMS ?=
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test test-slow check clean-nbs export readme

setup: $(STAMP)

# (Re)install when the package metadata or the torch pin change. Editable install, so notebook exports are live.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (statement_classifier)" >/dev/null
	@touch $@

run: setup
	$(BIN)/statement-classifier-run $(NAME) $(PARAMS)

# Notebooks clean, package in sync with the notebooks, then every notebook's tests.
test: setup check
	@$(BIN)/python tools/nbtest.py

test-slow: setup
	@$(BIN)/python tools/nbtest.py --flags slow

check: setup
	@$(BIN)/python tools/check_sync.py

clean-nbs: setup
	$(BIN)/nbdev-clean

export: setup
	$(BIN)/nbdev-export
	$(BIN)/python tools/readme.py
