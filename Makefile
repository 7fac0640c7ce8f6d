# «Дневник школы» — set-up and everyday commands (Debian/Ubuntu, Python 3.11+).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The demo database of `make run` lives inside this checkout, never in the user's folder.
RUN_DATA := .run-data

.PHONY: run test bench lint venv clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	test -s $(RUN_DATA)/dnevnik.db || $(PY) -m app --data-dir $(RUN_DATA) demo
	$(PY) -m app --data-dir $(RUN_DATA)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench

lint: $(STAMP)
	$(PY) -m ruff check app ui db tests
	$(PY) -m ruff format --check app ui db tests

clean:
	rm -rf $(VENV) $(RUN_DATA) build dist *.egg-info
