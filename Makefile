# BriefReader: `make run` opens the window on the bundled library, `make test` runs the gate.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SOURCES := briefreader tests bench main.py

.PHONY: run test test-fast lint typecheck bench bench-curve bench-relevance clean

# pip is asked to say only what went wrong (-qq): a fresh install then prints the three
# lines below, not screens of build-backend and index notices; a failure still shows pip's
# error and stops make.
PIP := $(BIN)/python -m pip --disable-pip-version-check -qq

$(STAMP): pyproject.toml constraints.txt
	@echo "Setting up BriefReader in $(VENV) (the first time only: a minute or two)..."
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) install --upgrade pip
	@echo "Installing BriefReader and its dependencies..."
	@$(PIP) install -c constraints.txt -e '.[test]'
	@touch $(STAMP)
	@echo "Installed."

run: $(STAMP)
	@echo "Starting BriefReader..."
	@$(BIN)/briefreader

# The gate: every test (hypothesis exploring), then lint, format and types.
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)
	$(BIN)/mypy

# The edit loop (under a minute): no slow tests, no type check.
test-fast: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not slow"
	$(BIN)/ruff check $(SOURCES)

lint: $(STAMP)
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench $(if $(CORPUS),--corpus $(CORPUS),) $(if $(N),--n $(N),)

# How costs grow with the library (issue 18): 1k-100k documents with corpus/scale's mix, about
# an hour for all four sizes; the plot needs the bench extra (matplotlib), installed here.
SIZES ?= 1000,10000,50000,100000
bench-curve: $(STAMP)
	@$(PIP) install -c constraints.txt -e '.[test,bench]'
	nice -n 10 $(BIN)/python -m bench.curve --sizes $(SIZES) $(if $(WORK),--work $(WORK),)

# Ranking quality only (bench/relevance): BriefReader, SQLite FTS5 and Recoll on the judged queries.
bench-relevance: $(STAMP)
	$(BIN)/python -m bench --only relevance $(if $(RELEVANCE_CORPUS),--relevance-corpus $(RELEVANCE_CORPUS),)

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache
