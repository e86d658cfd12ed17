# Tỉnh Số — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install migrate demo lint format check bench smoke clean exchange-demo

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Cần Python ≥ 3.11 (đang có $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Development installs requirements-dev.lock (the production requirements.lock and the tools);
# a production server installs requirements.lock alone (README, "Chạy production").
$(STAMP): requirements.lock requirements-dev.lock | $(PY)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v "is ignored"; \
	  test $${PIPESTATUS[0]} -eq 0
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.lock 2>&1 | grep -v "is ignored"; \
	  test $${PIPESTATUS[0]} -eq 0
	touch $(STAMP)

# axe-core for the accessibility tests; skipped (and those tests with it) where npm is missing.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else echo "npm không có: bỏ qua axe-core (kiểm thử khả năng tiếp cận sẽ bị bỏ qua)"; fi

install: $(STAMP) $(NODE_STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

## make run: install, migrate, load the demo province and serve it on 127.0.0.1:$(PORT) (SQLite)
run: demo
	@echo ""
	@echo "Tỉnh Số đang chạy: http://127.0.0.1:$(PORT)/  (quản trị: /quan-tri/, API: /api/v1/docs)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

## make test: the whole suite (SQLite, or DATABASE_URL when set); browser tests need chromium
test: install
	$(PY) manage.py makemigrations --check --dry-run >/dev/null || \
	  { echo "Có thay đổi model chưa có migration: chạy manage.py makemigrations"; exit 1; }
	$(PY) -m pytest -q

## make lint: ruff, then mypy (strict modules clean, the rest no worse than .mypy-baseline.txt)
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) tools/mypy_baseline.py

## make smoke: the production profile (gunicorn, DEBUG off, collectstatic) answers; deploy/smoke.py
smoke: install
	$(PY) deploy/smoke.py

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	$(PY) bench/catalogue_search.py

clean:
	rm -rf $(VENV) node_modules var/tinhso.sqlite3* .pytest_cache var/mypy-cache var/venv-production

## make exchange-demo: two instances (A Tây Ninh, B Tuyên Quang) and the axis simulator exchange a
## letter (01 → 03 → 04 → 05 → 06, recall → 15), then stay up until Ctrl-C (docs/exchange.md)
exchange-demo: install
	$(PY) tools/exchange_pair.py $(EXCHANGE_DEMO_ARGS)
