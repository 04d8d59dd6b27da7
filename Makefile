# Every target installs what it needs into .venv first, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install run test lint bench bench-audit bench-ci bench-web fuzz clean browser screenshots serve

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@# Byte-compile our own (editable) sources: with PYTHONDONTWRITEBYTECODE set, as it is
	@# on these machines, they would otherwise be compiled again at every start.
	$(PY) -m compileall -q src > /dev/null
	touch $(STAMP)

install: $(STAMP)

# Check the shipped examples. Exit code 1 only means "findings were reported", which the
# examples are there to show, so it does not fail the target; 2 (usage/rule-pack error) does.
run: $(STAMP)
	$(VENV)/bin/praktiktjek check examples/agreements || [ $$? -eq 1 ]
	$(VENV)/bin/praktiktjek audit examples/exports/vitas-eksempel.csv --report examples/exports/rapport.html || [ $$? -eq 1 ]
	@echo
	@echo "The web page and the HTTP API: make serve  (or $(VENV)/bin/praktiktjek serve), then open http://127.0.0.1:8000/"

serve: $(STAMP)
	$(VENV)/bin/praktiktjek serve

# The browser for the end-to-end tests: Debian's chromium (Playwright cannot download one here).
# CI runs as root; without root or apt the browser tests skip and say why.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing chromium for the browser tests (apt-get)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null) \
	  || echo "WARNING: chromium could not be installed; the browser tests will be SKIPPED"; \
	fi

# -n auto: one pytest worker per core (pytest-xdist); the tests keep their temporary
# files in their own folders, so the workers cannot see each other's.
test: $(STAMP) browser
	$(PY) -m pytest -q -n auto

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks tools
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(PY) -m compileall -q src > /dev/null
	$(PY) benchmarks/cold_start.py

# The batch audit on a synthetic national year and a 1,000,000-record variant (several minutes).
bench-audit: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(PY) benchmarks/audit.py --records 171244 1000000

# POST /api/check against a local server at concurrency 1, 8, 32; RSS after 100,000 requests;
# keystroke to finding in Chromium. Writes the figures quoted in benchmarks/RESULTS.md.
bench-web: $(STAMP) browser
	$(PY) benchmarks/web.py

# Screenshots of the page and the audit report for the README (docs/screenshots/*.png).
screenshots: $(STAMP) browser
	$(PY) tools/screenshots.py

# Size and time of SARIF and JUnit for 22,500 and 171,244 synthetic agreements, this
# checkout against an earlier commit (issue #10; several minutes, needs git history).
bench-ci: $(STAMP)
	$(PY) benchmarks/ci_formats.py --records 22500 171244

# Hostile inputs into every reader and output format; prints the counts quoted in the README.
# Then the whole suite with the "fuzz" Hypothesis profile: each costly property at five times
# the count written in its test (`make test` runs half of it, never under 10; tests/conftest.py).
fuzz: $(STAMP)
	$(PY) tools/fuzz.py --inputs 2000
	PRAKTIKTJEK_SCHEMA_EXAMPLES=25000 $(PY) -m pytest -q tests/test_strict_input.py -k schema_validity_equals
	PRAKTIKTJEK_HYPOTHESIS=fuzz $(PY) -m pytest -q -n auto

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
