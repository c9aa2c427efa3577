# Two entry points, both idempotent: `make demo` and `make test`.
# Each creates .venv when missing and reinstalls only when the dependency files changed
# since the last install. Report tooling (Allure 3 and playwright-core) comes from npm;
# the report test drives Debian's chromium, installed here when missing and root.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.aml-parity-installed
NPM_STAMP := node_modules/.aml-parity-installed

.PHONY: demo test lint install clean browser

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NPM_STAMP)

browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
		|| echo "chromium is not installed (needs root: apt-get install chromium); the report browser test will skip"; }

install: $(STAMP) $(NPM_STAMP) browser

demo: install
	$(BIN)/aml-parity demo

test: install
	$(BIN)/ruff check .
	$(BIN)/mypy harness
	@git status --porcelain --untracked-files=all > $(VENV)/.status-before 2>/dev/null || true
	$(BIN)/python -m pytest -n 4 --dist loadfile
	@git status --porcelain --untracked-files=all > $(VENV)/.status-after 2>/dev/null || true
	@if ! cmp -s $(VENV)/.status-before $(VENV)/.status-after; then \
		echo "the tests changed the checkout (a test must write under tmp_path):"; \
		diff $(VENV)/.status-before $(VENV)/.status-after; exit 1; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy harness

clean:
	rm -rf $(VENV) node_modules reports/* .pytest_cache .aml-parity
