# POS Desktop — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export QT_QPA_PLATFORM ?=

.PHONY: run test lint dist clean bench translations

# Compiled translations (.qm) next to their .ts sources; rebuilt when a .ts changes.
TS := $(wildcard pos_desktop/resources/translations/*.ts)
QM := $(TS:.ts=.qm)

pos_desktop/resources/translations/%.qm: pos_desktop/resources/translations/%.ts | $(BIN)/python
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps re-run the install whenever pyproject.toml changes.
$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[hq]'
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.run-installed

$(VENV)/.build-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[build]'
	touch $@

## Start a local HQ with demo data and the register activated against it.
run: $(VENV)/.run-installed $(QM)
	$(BIN)/pos-desktop --demo

## Run the whole test suite (offscreen Qt, throwaway keyring, real HQ on 127.0.0.1) in
## TEST_WORKERS processes (pytest-xdist; one file per worker at a time; 0: one process).
TEST_WORKERS ?= 2
test: $(VENV)/.dev-installed $(QM)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile \
		--no-loadscope-reorder $(PYTEST_ARGS)

## The terminal app as one folder: dist/pos-desktop/ (POS_DESKTOP_CONSOLE=1: debug variant).
dist: $(VENV)/.build-installed $(QM)
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller build.spec
	@du -sh dist/pos-desktop
	-QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} dist/pos-desktop/pos-desktop self-check

## ruff, then mypy over pos_desktop and hq_stub (strict on the domain and services; [tool.mypy]).
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check pos_desktop hq_stub tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist .pytest_cache
