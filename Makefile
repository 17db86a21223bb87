# The two commands the README starts with: `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=

# The first Python >= 3.12 found: on PATH, then under pyenv.
PYTHON := $(shell for c in python3.13 python3.12 python3 \
	$$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3; do \
	command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$c; break; }; done)

.PHONY: help demo test lint format bench check clean

help:
	@echo "make demo   install, migrate, load demo data, serve on 127.0.0.1:$(PORT)"
	@echo "make test   the full test suite (DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make lint   ruff check and ruff format --check"
	@echo "make bench  time pages, API, a mixed load and a transition storm against a trivial view"

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: Python 3.12 or newer is required and none was found (tried python3.13, python3.12, python3, ~/.pyenv/versions/3.1[23]*)." >&2; \
		exit 1; fi
	@test -x $(PY) || { echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[test]"
	@touch $@

# The background worker (notifications, reminders) runs beside the server and stops with it.
demo: export DJANGO_DEBUG ?= 1
demo: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (demo users: see README; password 'demo')"
	$(PY) manage.py db_worker --queue-name '*' --no-reload --no-startup-delay & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Production settings (debug off) with a throwaway secret key and a shared cache (REDIS_URL, as
# production must have; checks do not connect to it).
CHECK_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=check-only-$(shell head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n') DJANGO_ALLOWED_HOSTS=sante.example.gouv.fr REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0}

check: $(VENV)/.installed
	$(CHECK_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(CHECK_ENV) $(PY) manage.py check
	$(CHECK_ENV) $(PY) manage.py check --deploy --fail-level WARNING

bench: $(VENV)/.installed
	$(PY) -m tests.bench

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
