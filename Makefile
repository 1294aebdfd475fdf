# Two entry points on a fresh machine: `make baseline` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The real Mermaid parser the tests check output/schema_graph.mmd with (Node.js and npm; packages pinned in the lock).
MERMAID := tests/audit/mermaid
MERMAID_STAMP := $(MERMAID)/node_modules/.installed

.PHONY: baseline test verify bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

$(MERMAID_STAMP): $(MERMAID)/package.json $(MERMAID)/package-lock.json
	npm ci --prefix $(MERMAID) --no-audit --no-fund --loglevel=error
	touch $(MERMAID_STAMP)

install: $(STAMP) $(MERMAID_STAMP)

baseline: $(STAMP)
	$(BIN)/consolidator build legacy_migrations -o output/000_consolidated_baseline.sql
	$(BIN)/consolidator audit legacy_migrations -o output/MIGRATION_AUDIT.md
	$(BIN)/consolidator graph legacy_migrations -o output/schema_graph.mmd

test: $(STAMP) $(MERMAID_STAMP)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

verify: $(STAMP)
	$(BIN)/consolidator verify legacy_migrations --baseline output/000_consolidated_baseline.sql

# The build against a fresh PostgreSQL + psql replay + pg_dump, on generated histories; writes docs/benchmarks.md.
# Options after BENCH_ARGS=, e.g. make bench BENCH_ARGS='--sizes legacy,100 --runs 3' (python -m benchmarks -h).
bench: $(STAMP)
	$(BIN)/python -m benchmarks --output docs/benchmarks.md $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
