# make serve: set up, migrate, load the fixtures, serve on 127.0.0.1:8000 (HOST/PORT override)
#             and run jobs in a worker process beside the server (deploy/start)
# make serve-prod: the same behind nginx (Debian's, deploy/nginx.conf) on HOST:PORT, gunicorn on
#             127.0.0.1:PORT+1, DEV_MODE=0 (writes need API_KEY_HASHES)
# make test:  set up and run the whole test suite (SQLite, then PostgreSQL)
# PYTHON=python3.11 picks the interpreter; a .venv made by another one is rebuilt.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/test
export HOST PORT PYTHON VENV

# What runs again on PostgreSQL: everything that reads or writes the store.
PG_TESTS := tests/api tests/store tests/jobs/test_jobs_api.py tests/jobs/test_redelivery.py \
	tests/jobs/test_time_limit.py tests/fetch/test_by_url.py tests/fetch/test_sources.py \
	tests/fetch/test_source_store.py \
	tests/stories/test_store_stories.py tests/stories/test_story_lists.py \
	$(addprefix tests/hostile/,test_stale_truth.py test_edge_validation.py \
	    test_store_faults.py test_caps.py test_bulk.py test_bulk_reader.py \
	    test_job_guards.py test_writes_say.py test_fair_share.py)

.PHONY: serve serve-prod test install install-dev lock lint browser-deps proxy-deps bench-deps

# Installs from the hashed locks in requirements/ (scripts/setup-venv); nothing when unchanged.
install:
	scripts/setup-venv runtime

install-dev:
	scripts/setup-venv dev

# Re-resolve requirements/*.txt after a change of dependencies in pyproject.toml.
lock: install-dev
	scripts/lock

serve: install
	DEV_MODE=$${DEV_MODE:-$(if $(filter 127.% localhost ::1,$(HOST)),1,0)} \
	    PATH="$(abspath $(BIN)):$$PATH" deploy/start

# Production's processes: nginx in front (whole requests only reach gunicorn), gunicorn, the
# job worker; never the development mode (deploy/processes.py refuses it behind a proxy).
serve-prod: install proxy-deps
	DEV_MODE=0 FRONT_PROXY=nginx PATH="$(abspath $(BIN)):$$PATH" deploy/start

lint: install-dev
	$(BIN)/ruff check service schemas tests bench evaluation training migrations

# Debian's Chromium for the browser tests (Playwright's own browser download is not used).
browser-deps:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

# Debian's nginx, for `make serve-prod` and its tests (skipped without it).
proxy-deps:
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || \
	    (apt-get update -qq && apt-get install -y -qq nginx-light)

# wrk for the HTTP benchmarks (bench/load.py, bench/read_ceiling.py); not needed by the tests.
bench-deps: install-dev
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)

test: install-dev browser-deps proxy-deps
	$(BIN)/ruff check service schemas tests bench evaluation training
	$(BIN)/pytest -n 2 -m "not browser" tests
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -n 2 -m "not browser" $(PG_TESTS)
	$(BIN)/pytest -p no:xdist -m browser tests/browser
