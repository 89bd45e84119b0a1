# The quick start is `make run` and `make test`; both work from nothing but Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m twoway.web.assets
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/twoway serve --demo

lint: $(STAMP)
	$(BIN)/ruff check twoway tests benchmarks
	$(BIN)/ruff format --check twoway tests benchmarks
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format twoway tests benchmarks
	$(BIN)/ruff check --fix twoway tests benchmarks

test: lint
	$(BIN)/pytest

BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
