# make serve: set everything up, build, serve at http://127.0.0.1:8000 with live reload.
# make test:  set everything up (Chromium included) and run every test.
# make build: write the static site to site/ (only replaced when the build succeeds).
# Each set-up step reruns only when the file it depends on has changed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SITE_DEPS := $(VENV)/.site-deps
TEST_DEPS := $(VENV)/.test-deps
NODE_DEPS := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint format check golden chromium lock clean

# SITE_URL at the root: mkdocs serve serves under site_url's path, and instant navigation needs it.
serve: $(SITE_DEPS) $(NODE_DEPS)
	SITE_URL=http://127.0.0.1:8000/ $(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

build: $(SITE_DEPS) $(NODE_DEPS)
	rm -rf site.tmp
	$(PY) -m mkdocs build --strict --site-dir site.tmp
	rm -rf site && mv site.tmp site

test: $(TEST_DEPS) $(NODE_DEPS) chromium lint
	$(PY) -m pytest

lint: $(TEST_DEPS)
	$(VENV)/bin/ruff check quizlib quiz_markdown hooks tests bench
	$(VENV)/bin/ruff format --check quizlib quiz_markdown hooks tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/codespell

# Fix what the linters can fix by themselves.
format: $(TEST_DEPS)
	$(VENV)/bin/ruff check --fix quizlib quiz_markdown hooks tests bench
	$(VENV)/bin/ruff format quizlib quiz_markdown hooks tests bench

# Check the quizzes in docs/ without building the site.
check: $(SITE_DEPS)
	$(PY) -m quizlib check docs

# Rewrite the golden files (tests/golden/*.html, *.results.json) after a deliberate change; review the diff.
golden: $(TEST_DEPS)
	$(PY) tests/golden.py

chromium:
	@scripts/ensure-chromium

$(VENV)/.created:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed; set PYTHON=python3.12 (for example)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	touch $@

$(SITE_DEPS): $(VENV)/.created pyproject.toml constraints.txt
	$(PY) -m pip install --quiet --constraint constraints.txt --editable .
	touch $@

$(TEST_DEPS): $(SITE_DEPS)
	$(PY) -m pip install --quiet --constraint constraints.txt --editable '.[test]'
	touch $@

$(NODE_DEPS): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Re-pin every Python dependency to the newest allowed by pyproject.toml.
lock:
	rm -rf .cache/lock-venv
	$(PYTHON) -m venv .cache/lock-venv
	.cache/lock-venv/bin/pip install --quiet '.[test]'
	.cache/lock-venv/bin/pip freeze --exclude-editable | grep -v '^job-vs-career' > constraints.txt
	rm -rf .cache/lock-venv

clean:
	rm -rf $(VENV) node_modules site site.tmp .cache
