# Two commands do everything on a fresh machine:
#   make run   - set up, load the demo data and serve on http://127.0.0.1:8000
#   make test  - set up and run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SASS_FLAGS := --no-source-map --style=compressed --quiet-deps --load-path=node_modules/govuk-frontend/dist

.PHONY: run test setup migrate deps assets demo lint format check clean bench bench-tenfold

run: setup migrate demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)

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
