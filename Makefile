# Two commands for a fresh machine (see README): `make` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: all setup demo test lint bench clean

all: demo

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch==2.13.0 is pinned in pyproject.toml: pip takes the local CPU wheel, not CUDA.
	$(BIN)/pip install -q -e '.[test]'
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { (apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null) || \
	    echo "setup: could not install chromium (the browser test will say so)" >&2; }
	@command -v redis-server >/dev/null || \
	  { (apt-get update -qq && apt-get install -y -qq redis-server >/dev/null) || \
	    echo "setup: could not install redis-server (the frontier tests will say so)" >&2; }
	touch $@

demo: setup
	$(BIN)/python -m unionnews.demo

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m corpus.build --check
	$(BIN)/pytest -q --nbmake tests notebooks

bench: setup
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) data out
