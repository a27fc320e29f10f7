#!/usr/bin/env bash
# Runs every test (unit, integration, end-to-end) with the environment made by ./banzu test.
set -uo pipefail
venv="$1"; shift
cd "$(dirname "$0")/.."
"$venv/bin/python" -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here"; exit 1
fi
exit "$status"
