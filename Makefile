# Two entry points for a newcomer (README.md): `make run` serves the tracker, `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

# The test suite talks to the machine's real services; override either to point elsewhere.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: run install test lint chromium axe bench audit-deps

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Embedded default: SQLite in the project folder, Celery eager, local-memory cache.
run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py setup_tracker --demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# Browser tests drive Debian's Chromium; nothing downloads a browser of its own.
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# axe-core (accessibility checks in the browser tests) comes from the npm registry, pinned by its lock file.
axe:
	@test -f tests/browser/node_modules/axe-core/axe.min.js || npm ci --prefix tests/browser --no-audit --no-fund --silent

test: install chromium axe
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)
	$(VENV)/bin/ruff check .

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Known vulnerabilities in the pinned dependencies (pip-audit); warns when advisories cannot be reached.
audit-deps: install
	scripts/audit-deps.sh

# Scale and speed (bench/README.md): loads a size into its own database, serves it with gunicorn, drives it with wrk.
# Needs PostgreSQL and Redis on loopback; wrk comes from Debian's package.
bench: install
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(PY) bench/run.py $(BENCH_ARGS)
