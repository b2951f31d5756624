# Set-up a newcomer can trust: `make run` serves the app, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := coordinator

.PHONY: run test lint install translations translations-update bench clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) translations

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d coordinator/translations --statistics 2>&1 | tail -n 2

# After adding or changing interface text: extract, merge, then fill in the Danish msgstr.
translations-update: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -o coordinator/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i coordinator/translations/messages.pot -d coordinator/translations --no-fuzzy-matching --ignore-obsolete

instance/secret_key:
	mkdir -p instance
	$(BIN)/python -c "import secrets; print(secrets.token_hex(32))" > $@
	chmod 600 $@

# The secret key is made once per checkout and kept in instance/ (never committed).
run: install instance/secret_key
	export FLASK_SECRET_KEY="$$(cat instance/secret_key)" FLASK_DEPLOYMENT=development && \
	$(BIN)/flask db upgrade && \
	$(BIN)/flask seed-demo && \
	$(BIN)/flask run --host 127.0.0.1 --port 5000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Tests run on every core (at most 4), a file's tests on one worker; on PostgreSQL each worker
# gets its own database (tests/conftest.py).
test: install lint
	$(BIN)/python -m pytest -n auto --maxprocesses 4 --dist loadfile

bench: install
	$(BIN)/python -m matching.bench

clean:
	rm -rf $(VENV) instance/coordinator.db .pytest_cache
