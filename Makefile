# The portal's two commands: `make demo` runs it, `make test` checks it.
# Needs only Python 3.11, Node.js (npm) and make; everything else goes into .venv and node_modules.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-k snapshot"`.
PYTEST_ARGS ?=
# Parallel test workers (pytest-xdist); `make test XDIST=` runs them in one process.
XDIST ?= -n auto

# Stamp files: pip and npm run again only when their lock files change.
REQ_STAMP := $(VENV)/.requirements.stamp
DEV_STAMP := $(VENV)/.requirements-dev.stamp
NPM_STAMP := node_modules/.package-lock.stamp

.PHONY: demo test security fuzz env env-dev static static-manifest run clean

# The demo serves its static files as production does: hashed names, a ten years' max-age and
# "immutable", so a second page load fetches no script again (jilin_grid/staticfiles.py).
DEMO_STATIC := STATIC_MANIFEST=1

demo: env static-manifest
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(DEMO_STATIC) $(PY) manage.py run_portal

# The tests keep their broker folders (var/test) apart from the demo's, so a message that a test
# leaves behind never reaches the demo's worker.
test: env-dev static security
	$(VENV)/bin/ruff check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	JILIN_GRID_VAR_DIR=$(CURDIR)/var/test $(VENV)/bin/pytest $(XDIST) -ra $(PYTEST_ARGS)

# A few seconds: bandit finds no medium or high issue (config in pyproject.toml), and Django's
# deployment checklist passes under production settings (a throwaway key and an empty database in
# memory, so the demo city a developer has built is not taken for a live portal; nothing else from
# the developer's environment).
security: env-dev
	$(VENV)/bin/bandit -c pyproject.toml -r . -q --severity-level medium
	env -i PATH="$$PATH" HOME="$$HOME" JILIN_GRID_ENV=production ALLOWED_HOSTS=portal.example.org \
	  DATABASE_URL=sqlite://:memory: \
	  SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	  $(PY) manage.py check --deploy --fail-level WARNING

# The API fuzzed against a live portal on a throwaway database (tests/fuzz_api.sh).
fuzz: env-dev
	tests/fuzz_api.sh

env: $(REQ_STAMP) $(NPM_STAMP)

env-dev: $(DEV_STAMP) $(NPM_STAMP)

static: $(NPM_STAMP) $(REQ_STAMP)
	$(PY) manage.py collectstatic --noinput -v 0

# The hashed and compressed copies (and the manifest of their names) beside the plain ones.
static-manifest: $(NPM_STAMP) $(REQ_STAMP)
	$(DEMO_STATIC) $(PY) manage.py collectstatic --noinput -v 0

run: env static-manifest
	$(DEMO_STATIC) $(PY) manage.py run_portal

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (python3.11 or python3 on PATH)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(REQ_STAMP): requirements.txt | $(PY)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(DEV_STAMP): requirements-dev.txt requirements.txt | $(PY)
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@ $(REQ_STAMP)

$(NPM_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

clean:
	rm -rf staticfiles var .pytest_cache
