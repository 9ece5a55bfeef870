# BriefReader: `make run` opens the window on the bundled library, `make test` runs the gate.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SOURCES := briefreader tests bench main.py

.PHONY: run test test-fast lint typecheck bench bench-relevance clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/briefreader

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

# Ranking quality only (bench/relevance): BriefReader, SQLite FTS5 and Recoll on the judged queries.
bench-relevance: $(STAMP)
	$(BIN)/python -m bench --only relevance $(if $(RELEVANCE_CORPUS),--relevance-corpus $(RELEVANCE_CORPUS),)

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache
