# Two commands matter: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup tools bytecode run demo test lint bench bench-ci snapshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,encrypt]'
	touch $(STAMP)

setup: $(STAMP) tools

# The real-terminal tests drive tmux; install it where this machine lets us (apt, as root).
tools:
	@command -v tmux >/dev/null 2>&1 || { echo "Installing tmux for the real-terminal tests"; \
	  (apt-get update -qq && apt-get install -y -qq tmux) >/dev/null 2>&1 || \
	  echo "Could not install tmux: the real-terminal tests are skipped outside CI and fail in CI"; }

# An editable install ships no bytecode, and some environments forbid writing it at run time
# (PYTHONDONTWRITEBYTECODE), so every start would compile our modules again; pip compiles an
# ordinary install. Only changed files are recompiled, in well under a second.
bytecode: setup
	@$(BIN)/python -m compileall -q coachtui

run: bytecode
	$(BIN)/coachtui

demo: bytecode
	$(BIN)/coachtui demo

lint: setup
	$(BIN)/ruff check coachtui tests bench
	$(BIN)/mypy

# The suite runs on every core (pytest-xdist); `make test WORKERS=0` runs it in one process, as a debugger wants.
WORKERS ?= auto
test: setup lint
	$(BIN)/python -m pytest -n $(WORKERS) --dist worksteal

snapshots: setup
	$(BIN)/python -m pytest tests/test_snapshots.py --snapshot-update

bench: bytecode
	$(BIN)/python bench/run.py

# Fewer samples; fails only on a figure three times its target or worse.
bench-ci: bytecode
	$(BIN)/python bench/run.py --short --gate

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
