# Klimaattafel: `make run` serves the app, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi.py
LOCALES := nl fr en tr ar pl ro uk
# pytest-xdist workers: one per core
TEST_WORKERS ?= auto

.PHONY: run test test-fast install install-dev translations extract-messages lint bench bench-page bench-answer bench-step bench-scale clean

# Serving needs only the app's own dependencies; the test tools come with `make test`.
SERVE := $(VENV)/.serve-installed
DEV := $(VENV)/.dev-installed

$(SERVE): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

$(DEV): $(SERVE)
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(SERVE)

install-dev: $(DEV)

translations: install
	$(BIN)/pybabel compile --use-fuzzy -d locales -D messages --statistics 2>&1 | tail -n 3

run: install translations
	$(BIN)/flask db upgrade
	$(BIN)/flask setup-link
	$(BIN)/gunicorn --config gunicorn.conf.py --bind 0.0.0.0:$(PORT) wsgi:app

test: install-dev translations
	bash scripts/ensure-test-deps.sh
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pip-audit --skip-editable --progress-spinner off --output $(VENV)/pip-audit.txt
	@echo "pip-audit: $$(grep -c 'could not be audited' $(VENV)/pip-audit.txt || true) packages the package index could not audit (list in $(VENV)/pip-audit.txt)"
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

# Everything that needs no browser, no PostgreSQL or Redis, no served process and
# no benchmark run, on every core, with a fifth of the property tests' examples:
# the loop to run while working.
test-fast: install-dev translations
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	FUZZ=quick $(BIN)/pytest -n $(TEST_WORKERS) -m "not browser and not services and not server and not bench"

extract-messages: install-dev
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o locales/messages.pot .
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching --ignore-obsolete

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install-dev translations
	$(BIN)/python -m bench.run --repeat 3 --write

bench-page: install-dev translations
	$(BIN)/python -m bench.page_weight --runs 5

bench-answer: install-dev translations
	$(BIN)/python -m bench.answer_cost --requests 500

bench-step: install-dev translations
	$(BIN)/python -m bench.step_cost --requests 200 --profile-actions open,reveal

# Five years of a municipality's data on SQLite and PostgreSQL (bench/scale.py).
bench-scale: install-dev translations
	$(BIN)/python -m bench.scale --write

clean:
	rm -rf $(VENV) instance .pytest_cache
