# Two commands on a fresh machine with Python 3.11+ and make:
#   make run   — virtualenv, install, migrate, load every fixture, serve http://127.0.0.1:8000 (SQLite)
#   make test  — install what the tests need and run the whole suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FIXTURES := $(sort $(wildcard fixtures/*.json))

PYTEST_ARGS ?=
# A developer's machine: DEBUG on (the settings default to off, for servers). Production sets
# DJANGO_DEBUG=0 and a secret key in its environment instead.
export DJANGO_DEBUG ?= 1

.PHONY: install run data test lint bench bench-extraction

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

data: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py loaddata $(FIXTURES)
	$(PY) manage.py populate_history --auto
	$(PY) manage.py publish_release --if-none --note "The data release in fixtures/"

run: data
	$(PY) manage.py runserver 127.0.0.1:8000

# The browser tests need axe-core and Lighthouse from the npm registry (package.json) and Debian's chromium
# with a CJK font; they fail loudly, naming the packages to install, when chromium is missing.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "*** npm is needed for the browser tests' axe-core and Lighthouse: apt-get install -y npm (or Node.js)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: install node_modules/.installed
	@test -x /usr/bin/chromium || echo "*** /usr/bin/chromium is missing: the browser tests will fail. Install: apt-get install -y chromium fonts-noto-cjk"
	@test -x /usr/sbin/nginx || echo "*** /usr/sbin/nginx is missing: the nginx deployment tests will fail. Install: apt-get install -y nginx"
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

bench-extraction: install
	$(PY) bench/extraction.py --write docs/extraction.md

# Benchmarks on scratch databases (see README, "Benchmarks"); writes docs/performance.md.
bench: install
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(PY) bench/benchmark.py --db sqlite
	$(PY) bench/benchmark.py --db postgres
