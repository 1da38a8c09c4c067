# Hållbar: `make run` serves the portal with the 2024 data, `make test` runs every test.
# Needs only Python 3.11 and make; everything else is installed into .venv.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install migrate seed demo run test lint format check clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-compile -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# axe-core for the browser tests' accessibility checks (npm; not served, not committed).
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; \
	else echo "npm is missing: the browser tests' accessibility checks cannot run"; fi

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_2024

demo: seed
	$(BIN)/python manage.py create_demo_accounts --if-debug

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite in one process per core (pytest-xdist). A file's tests stay in one process, so the
# data a module builds once is built once. `make test PYTEST_ARGS="tests/audits -x"` for a part.
PYTEST_ARGS ?= -n auto --dist loadfile --no-loadscope-reorder

# Bytecode is written even where PYTHONDONTWRITEBYTECODE is set (as on the CI machine): without
# it every test process, and every worker or manage.py the tests start, compiled the project and
# rewrote the tests' asserts again (~6 s a process); with it the second pass reads them back.
test: install $(AXE)
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest $(PYTEST_ARGS)

# `make bench SCALE=N [BENCH_ARGS="--only api,portal --runs 3 --load-seconds 20"]`: issue 7's
# benchmarks on a scratch PostgreSQL database of that scale (bench/run.py, bench/README.md).
SCALE ?= 1
BENCH_ARGS ?=
BENCH_STAMP := $(VENV)/.bench-installed-stamp

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python bench/run.py --scale $(SCALE) $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache .ruff_cache *.egg-info
