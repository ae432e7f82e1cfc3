# The two commands a new machine needs: `make deploy` and `make test`.
# Everything else is installed by `make setup`, which both run first.
ENV ?= local
PY  := .venv/bin/python
ORCH := $(PY) -m orchestrator

.PHONY: setup deploy plan apply destroy output verify test test-fast lint cost prices emulator-stop clean

setup:
	@bash scripts/setup.sh

deploy: setup
	@$(ORCH) apply $(ENV)

plan: setup
	@$(ORCH) plan $(ENV)

destroy: setup
	@$(ORCH) destroy $(ENV)

output: setup
	@$(ORCH) output $(ENV) --json

verify: setup
	@$(ORCH) verify $(ENV)

cost: setup
	@$(ORCH) cost $(ENV)

# Unit and plan tests only (no applies): the quick loop while editing.
test-fast: setup
	@$(PY) -m pytest -q -m "not emulator"

test: setup
	@$(PY) -m pytest -q

lint: setup
	@$(PY) -m pytest -q tests/unit/test_lint.py

# Refresh prices/*.yaml from the AWS Price List API (needs network and credentials).
prices: setup
	@$(PY) -m orchestrator.pricing refresh $(if $(REGION),--region $(REGION))

emulator-stop: setup
	@$(ORCH) emulator-stop

clean:
	rm -rf .build
