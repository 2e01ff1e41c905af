# Two commands on a fresh machine (see README):
#   make run    set up (virtualenv, translations, migrations, holidays), create the first admin, start
#   make test   set up and run the whole test suite (SQLite; TEST_DATABASE_URL=postgresql://... for PostgreSQL)
SHELL := /bin/bash
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
export FLASK_APP := app:create_app

.PHONY: run test install translations system-deps migrate-check demo extract-messages

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

translations: install
	$(BIN)/pybabel compile --statistics -d translations -D admin
	$(BIN)/pybabel compile --statistics -d translations -D wtforms

instance/secret_key:
	mkdir -p instance
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(48))" > $@

run: translations instance/secret_key
	$(BIN)/flask db upgrade
	$(BIN)/flask seed holidays
	$(BIN)/flask users ensure-admin
	$(BIN)/flask run --host 127.0.0.1 --port 5000

system-deps:
	bash scripts/system-deps.sh

test: translations system-deps
	$(BIN)/python -m pytest

demo: translations instance/secret_key
	$(BIN)/flask db upgrade
	$(BIN)/flask seed holidays
	$(BIN)/flask demo

extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -o translations/messages.pot .
