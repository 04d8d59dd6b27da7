# Every target installs what it needs into .venv first, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install run test lint bench bench-audit bench-ci fuzz clean

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

test: $(STAMP)
	$(PY) -m pytest -q

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

# Size and time of SARIF and JUnit for 22,500 and 171,244 synthetic agreements, this
# checkout against an earlier commit (issue #10; several minutes, needs git history).
bench-ci: $(STAMP)
	$(PY) benchmarks/ci_formats.py --records 22500 171244

# Hostile inputs into every reader and output format; prints the counts quoted in the README.
fuzz: $(STAMP)
	$(PY) tools/fuzz.py --inputs 2000
	PRAKTIKTJEK_SCHEMA_EXAMPLES=25000 $(PY) -m pytest -q tests/test_strict_input.py -k schema_validity_equals

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
