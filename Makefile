# BriefReader: `make run` opens the window on the bundled library, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-relevance clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/briefreader

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q
	$(BIN)/ruff check briefreader tests bench main.py

lint: $(STAMP)
	$(BIN)/ruff check briefreader tests bench main.py
	$(BIN)/ruff format --check briefreader tests bench main.py

bench: $(STAMP)
	$(BIN)/python -m bench $(if $(CORPUS),--corpus $(CORPUS),) $(if $(N),--n $(N),)

# Ranking quality only (bench/relevance): BriefReader, SQLite FTS5 and Recoll on the judged queries.
bench-relevance: $(STAMP)
	$(BIN)/python -m bench --only relevance $(if $(RELEVANCE_CORPUS),--relevance-corpus $(RELEVANCE_CORPUS),)

clean:
	rm -rf $(VENV) build *.egg-info
