# 岐阜県警察 在留外国人等総合対策 業務システム — developer commands.
#
#   make run    set up, load reference and demo data, serve http://127.0.0.1:8000
#   make test   set up, check system packages, run the whole test suite
#
# Nothing here downloads a Python interpreter: scripts/find-python picks an installed
# CPython >= 3.12 (override with PYTHON=/path/to/python3.12), and uv is told never to
# download one. If uv itself is missing, it is pip-installed into .tools/ first.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

export UV_PYTHON_DOWNLOADS := never
# uv pinned for the private bootstrap (the version uv.lock was written with).
UV_VERSION ?= 0.13.9
VENV := .venv
MANAGE := $(VENV)/bin/python manage.py
# Extra arguments for pytest: make test PYTEST_ARGS="-k login -x"
PYTEST_ARGS ?=
DEMO_USERS := officer.gifunaka approver.gifunaka officer.ogaki officer.kani analyst.hq admin.hq auditor.hq

.PHONY: help venv system-deps node-deps run test lint migrations-check deploy-check pg-start pg-stop clean

help:
	@echo "make run               demo data + development server (and task worker) on http://127.0.0.1:8000"
	@echo "make test              the whole test suite (SQLite, or DATABASE_URL if set)"
	@echo "make lint              ruff check + ruff format --check"
	@echo "make migrations-check  fail if a model change has no migration"
	@echo "make deploy-check      manage.py check --deploy with production-like settings"
	@echo "make pg-start          throwaway PostgreSQL under var/pg; prints its DATABASE_URL"
	@echo "make pg-stop           stop that PostgreSQL"
	@echo "make security-check    bandit -ll over our code (0 findings)"
	@echo "make bench             benchmark on a synthetic PostgreSQL database (bench/README.md)"
	@echo "make replica-drill     primary + streaming replica: reports read on the replica"
	@echo "make clean             remove .venv, .tools, var/ (database, PostgreSQL) and caches"

# The project's virtualenv, exactly as uv.lock says (a no-op taking ~0.1 s when in sync).
venv:
	@python=$$(scripts/find-python); \
	uv=$$(command -v uv || true); \
	if [ -z "$$uv" ]; then \
		uv=.tools/bin/uv; \
		if [ ! -x "$$uv" ]; then \
			echo "uv not found on PATH: installing uv $(UV_VERSION) into .tools/ with $$python"; \
			"$$python" -m venv .tools; \
			.tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"; \
		fi; \
	fi; \
	"$$uv" sync --frozen --python "$$python"

system-deps:
	@scripts/system-deps

# Test-only JavaScript (axe-core for tests/browser/axe.py), exactly as package-lock.json
# says, into node_modules/. Re-run only when the lock file changes. npm comes with
# Debian's nodejs/npm packages and installs from the npm registry.
node-deps: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || scripts/system-deps nodejs npm
	npm ci --no-audit --no-fund
	@touch $@

run: venv
	DEBUG=1 $(MANAGE) migrate --noinput
	DEBUG=1 $(MANAGE) load_reference
	DEBUG=1 $(MANAGE) seed_demo
	@DEBUG=1 $(VENV)/bin/python scripts/demo_logins.py $(DEMO_USERS)
	@# The task worker (background report files) runs beside the server and stops with it.
	DEBUG=1 $(MANAGE) db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null || true' EXIT; \
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

test: venv system-deps node-deps
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrations-check: venv
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run

# Production-like: DEBUG unset, a long random key, a real host name. No warning may remain.
deploy-check: venv
	env -u DEBUG ALLOWED_HOSTS=example.invalid \
		SECRET_KEY="$$($(VENV)/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
		AUDIT_CHAIN_KEY="$$($(VENV)/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
		$(MANAGE) check --deploy --fail-level WARNING

pg-start:
	@url=$$(scripts/pg-cluster start); \
	echo; echo "PostgreSQL を使うには:"; echo "  export DATABASE_URL=$$url"

pg-stop:
	@scripts/pg-cluster stop

clean:
	@if [ -f var/pg/datadir ]; then scripts/pg-cluster stop || true; fi
	@if [ -f var/pg/datadir ]; then case "$$(cat var/pg/datadir)" in \
		/tmp/gifu-taisaku-pg.*) rm -rf "$$(dirname "$$(cat var/pg/datadir)")";; esac; fi
	rm -rf $(VENV) .tools var staticfiles test-results node_modules .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# Static security checks: bandit at medium severity and above must report nothing; a finding
# that is not a problem is justified on its line with "# nosec BXXX" and the reason beside it.
BANDIT_PATHS := manage.py scripts gifu_taisaku activities liaison intel training commendations
.PHONY: security-check
security-check: venv
	$(VENV)/bin/bandit -ll -q -r $(BANDIT_PATHS)

# Performance (issue 9): its own PostgreSQL (scripts/bench-pg, port 54330), never part of
# `make test`. Generates the data of SCALE once (scale 1 ≈ ten years of the prefecture;
# try SCALE=0.01 first), then prints the table and writes bench/results/.
SCALE ?= 1
BENCH_RUNS ?= 20
.PHONY: bench bench-load bench-text-index replica-drill
bench: venv
	$(VENV)/bin/python bench/run.py --scale $(SCALE) --runs $(BENCH_RUNS)
	$(VENV)/bin/python bench/load.py --scale $(SCALE)

bench-load: venv
	$(VENV)/bin/python bench/load.py --scale $(SCALE)

bench-text-index: venv
	$(VENV)/bin/python bench/text_index.py --scale $(SCALE)

# A primary and a streaming replica on 127.0.0.1: report reads go to the replica.
replica-drill: venv
	scripts/replica-drill
