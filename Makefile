# kg: quote-attribution knowledge graph. `make run` builds out/ from seeds/, `make test` runs the suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint lint-imports install bench screenshot clean eval

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/kg build seeds --out out

test: lint  # on one pytest-xdist worker per CPU (tests/make_test.py); the browser tests need Chromium: installed
            # here when root with apt-get, else skipped (CI: required)
	$(BIN)/python -m tests.make_test

# the model-free tests (no spaCy model, browser, server or slow test: pytest markers) and the layers contract
test-fast: lint
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not model and not browser and not server and not slow"

# unused imports and undefined names (pyflakes), and the layers contract
lint: lint-imports
	$(BIN)/python -m pyflakes kg tests bench

# the layers contract in pyproject.toml ([tool.importlinter]): a lower layer importing a higher one fails
lint-imports: $(STAMP)
	$(BIN)/lint-imports --no-cache --no-logo

eval: $(STAMP)
	$(BIN)/python -m kg.build.evaluate --dev ../shared/dev

bench: $(STAMP)
	$(BIN)/python bench/run.py 1000
	$(BIN)/python bench/bench_extract.py

screenshot: $(STAMP)
	$(BIN)/kg build seeds --out out -q
	$(BIN)/python -m tests.test_browser out/graph.html docs/graph.png docs/panel.png

clean:
	rm -rf out/*.ttl out/*.trig out/*.html out/*.jsonl out/*.json out/.cache
