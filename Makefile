# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DEMO_PASSWORD ?= exchange-demo-2026
HOST ?= 127.0.0.1:8000

.PHONY: install messages demo serve test test-postgres lint format bench e2e screenshots clean schemathesis

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(INSTALLED)

# The interface catalogues, compiled for every catalogue that changed (.mo files are built,
# never committed): with gettext's msgfmt if the machine has it, else with Babel.
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
COMPILED_CATALOGUES := $(CATALOGUES:.po=.mo)
$(COMPILED_CATALOGUES): %.mo: %.po | $(INSTALLED)
	$(BIN)/python manage.py compile_catalogues --verbosity 0 --locale $(word 2,$(subst /, ,$*))

install: $(INSTALLED) $(COMPILED_CATALOGUES)

# Update every language's catalogue from the marked strings (the same command for everyone,
# so catalogues only change where the strings did).
MAKEMESSAGES = $(BIN)/python manage.py makemessages --all --no-obsolete --add-location file \
	--ignore '.venv/*' --ignore 'tests/*' --ignore 'staticfiles/*' --ignore 'build/*'
messages: install ## Refresh locale/*/LC_MESSAGES/django.po from the code and templates
	$(MAKEMESSAGES)

demo: install ## Run the portal with the initial data and demo accounts on SQLite
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_initial_data --with-demo-accounts --password "$(DEMO_PASSWORD)"
	@echo ""
	@echo "  Portal:  http://$(HOST)/"
	@echo "  Editors: http://$(HOST)/admin/  editor@example.org / $(DEMO_PASSWORD)"
	@echo "  Official of The Hague: http://$(HOST)/accounts/login/  official@example.org / $(DEMO_PASSWORD)"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST)

# `make serve`: the production settings on plain http at $(HOST), with safe local stand-ins:
# a generated secret key kept in .serve-secret-key (git-ignored) and mail written to sent-mail/.
SERVE_ENV = DEBUG=false LOCAL_HTTP=true ALLOWED_HOSTS=127.0.0.1,localhost \
	SECRET_KEY="$$(cat .serve-secret-key)" EMAIL_URL="filemail:///$(CURDIR)/sent-mail" \
	SITE_URL="http://$(HOST)"

.serve-secret-key:
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(64))" > $@

serve: install .serve-secret-key ## Production mode locally: DEBUG off, gunicorn (2 workers) on http://$(HOST)
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/python manage.py load_initial_data
	@echo ""
	@echo "  Portal (DEBUG off): http://$(HOST)/   mail: sent-mail/"
	@echo ""
	$(SERVE_ENV) $(BIN)/gunicorn portal.wsgi --workers 2 --bind $(HOST)

test: install ## Run the whole suite (SQLite unless DATABASE_URL says otherwise)
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

test-postgres: install ## The suite against the local PostgreSQL server
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/inclusive_cities $(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint --lint templates

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

e2e: install ## The browser tests alone (Playwright + /usr/bin/chromium): axe, 320 px, journeys
	$(BIN)/pytest tests/e2e -q

screenshots: install ## Every page type at 360 and 1280 px, as PNGs in screenshots/
	$(BIN)/pytest tests/e2e/screenshots.py -q
	@echo "Screenshots in screenshots/"

bench: install ## Load test at 100,000 practices on PostgreSQL (see README; BENCH_ARGS="--size 1000")
	$(BIN)/python -m tests.bench.run $(BENCH_ARGS)

schemathesis: install ## Full schemathesis run (every check and phase, stateful too) on a local server
	$(BIN)/python -m tests.fuzz.run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache sent-mail screenshots
