# The commands people type. `make run` and `make test` work from a clean clone.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint check migrate demo admin clean

$(PY):
	@python=$$(scripts/find-python) && echo "Using $$python" && "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

migrate: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py migrate --no-input

demo: migrate
	DEBUG=1 $(PY) manage.py load_demo

admin: migrate
	DEBUG=1 $(PY) manage.py dev_admin

run: demo
	DEBUG=1 $(PY) manage.py dev_admin --address $(HOST):$(PORT)
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: $(VENV)/.installed-dev
	DEBUG=1 $(PY) manage.py check
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) .pytest_cache

# Load test: gunicorn (2 workers) on PostgreSQL with the demo and synthetic data, saturated
# by wrk from 127.0.0.1 for 60 s (bench/load.py; LOAD_ARGS="--duration 20" to shorten).
.PHONY: load
load: $(VENV)/.installed-dev
	$(PY) bench/load.py $(LOAD_ARGS)

# Benchmark: each request kind against a ceiling view, on PostgreSQL with 100,000 agreements
# (bench/bench.py; BENCH_ARGS="--duration 5" to shorten). Prints the README's table.
.PHONY: bench
bench: $(VENV)/.installed-dev
	$(PY) bench/bench.py $(BENCH_ARGS)
