# Entry points: see README.
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
POSTGRES_URL := postgres://postgres@127.0.0.1:5432/test

.PHONY: demo test test-sqlite test-postgres lint format bench messages install install-dev browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## demo: install, rebuild the demo database and serve on http://127.0.0.1:8000
demo: install
	$(BIN)/leadtogether demo

## browser: Debian's Chromium for the browser tests (never a downloaded browser)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## test: the whole suite on SQLite, then on PostgreSQL when DATABASE_URL names one
test: install-dev browser
	$(MAKE) --no-print-directory test-sqlite
	@case "$$DATABASE_URL" in \
		postgres*) $(MAKE) --no-print-directory test-postgres ;; \
		*) echo "DATABASE_URL names no PostgreSQL database: the PostgreSQL run is left out." ;; \
	esac

test-sqlite: install-dev
	env -u DATABASE_URL $(BIN)/python -m pytest -n 2 -p no:cacheprovider

test-postgres: install-dev
	DATABASE_URL=$${DATABASE_URL:-$(POSTGRES_URL)} $(BIN)/python -m pytest -n 2 -p no:cacheprovider

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev
	$(BIN)/python -m bench

## messages: refresh the Dutch and English translation catalogues
messages: install-dev
	cd leadtogether && ../$(BIN)/django-admin makemessages -l nl -l en --ignore "*/migrations/*"
	cd leadtogether && ../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
