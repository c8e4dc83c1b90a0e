# Two commands matter: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: running needs the app and its encryption package; testing adds the test tools.
RUN_STAMP := $(VENV)/.run-stamp
TEST_STAMP := $(VENV)/.test-stamp
# Every install takes the exact versions CI tested (constraints.txt; `make constraints` refreshes it).
# setuptools announces every editable install of a flat layout with an information-only warning block,
# which reads like a failure; that one message is silenced, any other warning still shows.
INSTALL := PYTHONWARNINGS='ignore:Editable installation' $(BIN)/python -m pip install --quiet \
	--disable-pip-version-check --constraint constraints.txt

.PHONY: setup tools bytecode run demo test lint bench bench-ci snapshots constraints clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(INSTALL) --upgrade pip

$(RUN_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(INSTALL) -e '.[encrypt]'
	touch $(RUN_STAMP)

$(TEST_STAMP): $(RUN_STAMP)
	$(INSTALL) -e '.[test,encrypt]'
	touch $(TEST_STAMP)

setup: $(TEST_STAMP) tools

# The real-terminal tests drive tmux; install it where this machine lets us (apt, as root).
tools:
	@command -v tmux >/dev/null 2>&1 || { echo "Installing tmux for the real-terminal tests"; \
	  (apt-get update -qq && apt-get install -y -qq tmux) >/dev/null 2>&1 || \
	  echo "Could not install tmux: the real-terminal tests are skipped outside CI and fail in CI"; }

# An editable install ships no bytecode, and some environments forbid writing it at run time
# (PYTHONDONTWRITEBYTECODE), so every start would compile our modules again; pip compiles an
# ordinary install. Only changed files are recompiled, in well under a second.
bytecode: $(RUN_STAMP)
	@$(BIN)/python -m compileall -q coachtui

run: bytecode
	$(BIN)/coachtui

demo: bytecode
	$(BIN)/coachtui demo

lint: $(TEST_STAMP)
	$(BIN)/ruff check coachtui tests bench
	$(BIN)/mypy

# The suite runs in parallel (pytest-xdist), two workers a core: a Pilot test spends about a quarter of its time
# waiting for the app to go idle, and another worker's test fills that time (on 2 cores the whole of `make test`
# took 4 min 12 s with 4 workers, 4 min 36 s with 3, and 5 to 5.5 min with 2).
# `make test WORKERS=0` runs it in one process, as a debugger wants.
WORKERS ?= $(shell echo $$(( $$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1) * 2 )))
test: setup lint
	$(BIN)/python -m pytest -n $(WORKERS) --dist worksteal

snapshots: $(TEST_STAMP)
	$(BIN)/python -m pytest tests/ui/test_snapshots.py --snapshot-update

bench: bytecode
	$(BIN)/python bench/run.py

# Fewer samples; fails only on a figure three times its target or worse.
bench-ci: bytecode
	$(BIN)/python bench/run.py --short --gate

# Refresh constraints.txt: the newest versions pyproject.toml allows, resolved in a throwaway venv
# (for this machine's platform; the other platforms' encryption package keeps its pin). Run
# `make test` on the result before committing it.
constraints:
	rm -rf $(VENV)-constraints
	$(PYTHON) -m venv $(VENV)-constraints
	$(VENV)-constraints/bin/python -m pip install --quiet --upgrade pip
	$(VENV)-constraints/bin/python -m pip install --quiet -e '.[test,encrypt]'
	{ echo "# The versions CI tested: make and CI install with --constraint constraints.txt."; \
	  echo "# Refresh with make constraints (see the Makefile), then run make test."; \
	  $(VENV)-constraints/bin/python -m pip freeze --all --exclude-editable | grep -v '^setuptools=='; \
	  grep -B2 '^sqlcipher3-wheels==' constraints.txt; } > constraints.new
	mv constraints.new constraints.txt
	rm -rf $(VENV)-constraints

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
