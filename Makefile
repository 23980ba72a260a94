# Board: `make run` serves the demo board; `make test` runs the whole suite.
# Both create the virtualenv and install on first use (and again only when pyproject.toml changes).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 5000
export FLASK_APP := board

.PHONY: run serve test lint bench install migrate seed clean help

help:
	@echo "make run   - set up, migrate, seed the demo once, serve on http://127.0.0.1:$(PORT)"
	@echo "make test  - set up, then run the whole test suite"
	@echo "make lint  - ruff and mypy"
	@echo "make serve - migrate, then serve with gunicorn workers (see board/gunicorn_conf.py)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Board needs Python 3.11 or newer; set PYTHON=python3.11 or newer."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/flask db upgrade

seed: migrate
	$(BIN)/flask board seed-demo --if-empty

run: seed
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

# Board beside a minimal Flask page under identical gunicorn settings, driven by wrk (installed
# from Debian's packages when missing). BENCH_DURATION, BENCH_WORKERS, --databases, --sizes.
bench: install
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Production-like: several gunicorn workers against DATABASE_URL (and REDIS_URL when set).
serve: migrate
	$(BIN)/gunicorn -c python:board.gunicorn_conf 'board:create_app()'

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check board tests migrations bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
