# Askel CRM. `make run` to try it, `make test` to check it. Both set themselves up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint format messages bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(STAMP)
	$(VENV)/bin/pybabel compile -d locale -D django -l $* >/dev/null

MO_FILES := locale/fi/LC_MESSAGES/django.mo locale/sv/LC_MESSAGES/django.mo

.env:
	@$(PYTHON) -c 'import secrets; print("DEBUG=1\nSECRET_KEY=" + secrets.token_urlsafe(40))' > .env
	@echo "Wrote .env for local development (DEBUG=1, SQLite, filesystem broker)."

run: $(STAMP) $(MO_FILES) .env
	@$(PY) manage.py rundev --port $(PORT)

test: export SECRET_KEY ?= test-only-not-a-secret
test: export DATABASE_URL ?= sqlite:///$(CURDIR)/var/test.sqlite3
test: export ALLOWED_HOSTS ?= testserver,localhost,127.0.0.1
test: $(STAMP) $(MO_FILES)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Re-extract translatable strings (needs GNU gettext: apt-get install gettext).
messages: $(STAMP)
	$(PY) manage.py makemessages -l fi -l sv --no-obsolete --ignore=.venv --ignore=var

bench: $(STAMP)
	@for script in bench/*.py; do $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) var db.sqlite3
