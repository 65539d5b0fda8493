# Set-up and checks for newsedit. `make demo` and `make test` are the README's quick start.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup setup-light demo test test-fast lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("newsedit needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,summary,torch,semantic,ray]'
	touch $(STAMP)

# Everything newsedit needs: the Python packages, then LanguageTool (once, into the user cache).
setup: $(STAMP)
	$(BIN)/newsedit setup

# The core alone, as the pre-commit hook installs it (no summary model runtime): pip install -e .
setup-light:
	$(PYTHON) -c 'import sys; sys.exit("newsedit needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/newsedit setup

# Check the user's sample article. Exit code 1 means "findings reported", which is the point here.
demo: setup
	$(BIN)/newsedit check fixtures/lavrov-north-korea.txt || [ $$? -eq 1 ]

# The whole suite, slow tests included, then lint and type checks.
test: setup
	$(BIN)/python -m pytest
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

test-fast: setup
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: setup
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
