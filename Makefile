# Two commands do everything on a fresh machine:
#   make run   - set up, load the demo data and serve on http://127.0.0.1:8000 (PORT=8001 for another)
#   make test  - set up and run the whole test suite, in parallel (TEST_WORKERS=1 for one process)
# and, once set up, `make manage ARGS="createsuperuser"` runs any manage.py command in the venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Test processes: "auto" is one per CPU. Each has its own test database and live servers.
TEST_WORKERS ?= auto
PYTEST := $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist worksteal
SASS_FLAGS := --no-source-map --style=compressed --quiet-deps --load-path=node_modules/govuk-frontend/dist

.PHONY: run test test-fast manage setup migrate deps assets demo lint format check clean bench bench-tenfold

run: setup migrate demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup
	$(PYTEST) $(PYTEST_ARGS)

# A quick subset while you work: no browser journeys, none of the slow end-to-end checks
# (servers, backups, full data imports); the properties run with few examples.
test-fast: setup
	$(PYTEST) -m "not browser and not slow" $(PYTEST_ARGS)

# Any manage.py command with the project's own Python, e.g. make manage ARGS="send_reminders".
manage: deps
	$(PY) manage.py $(ARGS)

setup: deps assets

migrate: deps
	$(PY) manage.py migrate --no-input -v 0

deps: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.installed static/build/app.css

static/build/app.css: static/scss/*.scss node_modules/.installed
	npx sass $(SASS_FLAGS) static/scss/app.scss static/build/app.css

demo:
	$(PY) manage.py load_demo

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check:
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_ENV=production SECRET_KEY=check-only-$$(date +%s)-not-a-real-secret-key-0123456789 \
	  ALLOWED_HOSTS=tracker.example.gov.uk DATABASE_URL=$${DATABASE_URL:-postgres://localhost/check} \
	  $(PY) manage.py check --deploy --fail-level WARNING

bench: setup
	bench/run

bench-tenfold: setup
	bench/run --tenfold

clean:
	rm -rf $(VENV) node_modules staticfiles static/build
