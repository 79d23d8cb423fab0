# QingFeng: `make run` serves the demo, `make test` runs everything CI runs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
export QF_DATA_DIR ?= $(CURDIR)/var

.PHONY: run serve demo test test-sqlite test-postgres lint upgrade-check install install-test vendor bench screenshots clean

$(BIN)/python:
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || scripts/install-system-packages.sh python3-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# The demo runs as production would (no DEBUG, gunicorn, whitenoise), on plain HTTP at loopback.
run: export QF_DEMO = 1
run: export QF_DEBUG = 0
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v 0
	$(BIN)/python manage.py load_demo
	@echo "清风 QingFeng serving at http://$(HOST):$(PORT)/  (Ctrl-C stops)"
	@# exec: make signals serve.sh itself, which stops gunicorn and the consumer together.
	exec env BIN=$(BIN) HOST=$(HOST) PORT=$(PORT) scripts/serve.sh

test: install-test
	scripts/install-system-packages.sh chromium fonts-noto-cjk postgresql libreoffice-calc-nogui poppler-utils
	$(MAKE) lint
	@# SQLite and PostgreSQL side by side, one on each core; each run's output is printed whole when it ends.
	$(MAKE) -j2 --output-sync=target test-sqlite test-postgres
	$(MAKE) upgrade-check

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test-sqlite: install-test
	@echo "== pytest on SQLite =="
	env -u QF_DATABASE_URL QF_DATA_DIR=$(CURDIR)/var/test-sqlite $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install-test
	@echo "== pytest on PostgreSQL =="
	QF_DATA_DIR=$(CURDIR)/var/test-postgres scripts/with-postgres.sh $(BIN)/pytest $(PYTEST_ARGS)

# The previous release's database, demo loaded, migrated to this code: every table's rows kept.
upgrade-check: install-test
	scripts/check-upgrade.sh $(BIN)/python
	scripts/with-postgres.sh scripts/check-upgrade.sh $(BIN)/python

# The README's pictures (docs/screenshots/*.png), taken from the demo by a browser test.
screenshots: install-test
	QF_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots $(BIN)/pytest -q qingfeng/demo/tests/test_browser_screenshots.py

vendor:
	scripts/vendor-static.sh

bench: install-test
	$(BIN)/python bench/import_roster.py

clean:
	rm -rf $(VENV) var
