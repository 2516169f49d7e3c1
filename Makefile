# Retail CRM — every developer and CI task is one target away. `make help` lists them.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed
FRONT_STAMP := frontend/node_modules/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.DEFAULT_GOAL := help
.PHONY: help install build run test test-fast test-e2e fuzz lint format openapi migrate seed bench bench-full wrk clean chromium

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with dev tools

$(FRONT_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $(FRONT_STAMP)

build: $(STAMP) $(FRONT_STAMP) ## Build the SPA into api/static (types from openapi/openapi.json)
	cd frontend && npm run build

run: build ## Start everything: embedded PostgreSQL + Redis, migrations, demo tenant, http://127.0.0.1:$${PORT:-8000}
	$(BIN)/python -m api run --demo

migrate: $(STAMP) ## Apply migrations (embedded PostgreSQL unless MIGRATION_DATABASE_URL is set)
	$(BIN)/python -m api migrate

seed: $(STAMP) ## Create the demo tenant if it is missing
	$(BIN)/python -m api seed-demo

openapi: $(STAMP) ## Regenerate openapi/openapi.json from the app
	$(BIN)/python -m api openapi

chromium: ## Install Debian's chromium (and a CJK font for readable screenshots) when missing
	@command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q . || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null)

test: $(STAMP) build chromium ## Run every test: unit, integration, api, tenancy, e2e (real Chromium)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP) ## Every test except the browser ones
	$(BIN)/python -m pytest -q -m "not e2e"

test-e2e: $(STAMP) build chromium ## Browser tests only
	$(BIN)/python -m pytest -q -m e2e

fuzz: $(STAMP) ## Fuzz every API operation with many generated requests (FUZZ_EXAMPLES per operation, default 200; FUZZ_SCENARIOS linked sequences, default 100)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} FUZZ_SCENARIOS=$${FUZZ_SCENARIOS:-100} $(BIN)/python -m pytest -q tests/api/test_contract_fuzz.py

lint: $(STAMP) ## ruff (lint + format check), mypy --strict, import contracts (lint-imports); biome for the SPA
	$(BIN)/ruff check api tenants domain migrations tests
	$(BIN)/ruff format --check api tenants domain migrations tests
	$(BIN)/mypy
	$(BIN)/lint-imports
	@if [ -d frontend/node_modules ]; then cd frontend && npm run lint; fi

format: $(STAMP) ## Apply ruff formatting and safe fixes
	$(BIN)/ruff check --fix api tenants domain migrations tests
	$(BIN)/ruff format api tenants domain migrations tests

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install -q -e ".[dev,bench]"
	touch $(BENCH_STAMP)

wrk: ## Install Debian's wrk (the load generator) when missing
	@command -v wrk >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)

bench: $(BENCH_STAMP) wrk ## Benchmarks, quick profile (<= 10 min); BENCH_SCALE=10 for 10M orders
	BENCH_PROFILE=quick $(BIN)/python -m tests.bench

bench-full: $(BENCH_STAMP) wrk ## Benchmarks, full profile (6 rounds x 8 s)
	BENCH_PROFILE=full $(BIN)/python -m tests.bench

clean: ## Remove build output and local data (.data holds the embedded database)
	rm -rf api/static frontend/dist .pytest_cache .ruff_cache .mypy_cache
