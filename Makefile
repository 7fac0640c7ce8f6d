# «Дневник школы» — set-up and everyday commands (Debian/Ubuntu, Python 3.11+).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The demo database of `make run` lives inside this checkout, never in the user's folder.
RUN_DATA := .run-data
RUN_OFFICE_DATA := $(RUN_DATA)/office
# The Qt and PyInstaller the suite runs on and every build is made with (pinned, see the file).
CONSTRAINTS := packaging/constraints.txt

.PHONY: run run-office gui-deps window-check test bench lint venv clean build smoke fuzz

$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c $(CONSTRAINTS) -e '.[test,dev]'
	touch $(STAMP)

venv: $(STAMP)

# Qt's window needs system libraries a fresh Debian/Ubuntu lacks: installed as root, else the
# one apt-get line to run is printed (packaging/linux/gui_deps.sh).
gui-deps:
	@bash packaging/linux/gui_deps.sh

run: $(STAMP) gui-deps
	test -s $(RUN_DATA)/dnevnik.db || $(PY) -m app --data-dir $(RUN_DATA) demo
	$(PY) -m app --data-dir $(RUN_DATA)

# The municipal demo (the Kotelnikovo office and its three schools), in a folder of its own.
run-office: $(STAMP) gui-deps
	test -s $(RUN_OFFICE_DATA)/dnevnik.db || $(PY) -m app --data-dir $(RUN_OFFICE_DATA) demo --mode municipality
	$(PY) -m app --data-dir $(RUN_OFFICE_DATA)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

# Includes the built program's size and start-up, so it builds first.
bench: build
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench_district
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench_big_package

# The one-folder program in dist/dnevnik/ (PyInstaller; on Windows see packaging/README.md),
# made with the Qt and PyInstaller pinned in packaging/constraints.txt whatever the venv holds.
build: $(STAMP)
	$(PY) -m pip install --quiet -r $(CONSTRAINTS)
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/dnevnik.spec
	@du -sh dist/dnevnik

# The window on a real X display (Xvfb): started on the demo as `make run` starts it, photographed.
window-check: $(STAMP) gui-deps
	xvfb-run -a -s "-screen 0 1366x768x24" $(PY) packaging/linux/window_check.py window-check.png

# The built program, headless: version, demo, info, export, report, selftest.
smoke:
	bash packaging/smoke_test.sh dist/dnevnik

# Hostile-input tests with ten thousand examples each (`make test` runs a few hundred in all).
fuzz: $(STAMP)
	DNEVNIK_FUZZ_EXAMPLES=10000 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q tests/core/test_hostile_inputs.py tests/sync/test_fuzz_packages.py

lint: $(STAMP)
	$(PY) -m ruff check app ui db tests packaging
	$(PY) -m ruff format --check app ui db tests packaging
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) $(RUN_DATA) build dist *.egg-info
