# BriefReader: `make run` opens the window on the bundled library, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

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

clean:
	rm -rf $(VENV) build *.egg-info
