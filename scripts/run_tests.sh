#!/usr/bin/env bash
# Runs every test (unit, integration, end-to-end, browser) with the environment made by ./banzu test.
set -uo pipefail
venv="$1"; shift
cd "$(dirname "$0")/.."
# The browser tests drive Debian's Chromium; Chinese pages need a CJK font to render.
if { [ ! -x /usr/bin/chromium ] || ! fc-list :lang=zh 2>/dev/null | grep -q .; } \
    && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "installing Chromium and a CJK font for the browser tests (apt-get)"
  apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi
# The edge tests run Debian's nginx in front of the system (deploy/k8s/edge).
if [ ! -x /usr/sbin/nginx ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "installing nginx for the edge tests (apt-get)"
  { apt-get install -y -qq nginx-light || { apt-get update -qq && apt-get install -y -qq nginx-light; }; } >/dev/null
fi
# The monitoring tests check every /metrics output and the alert rules with promtool (Debian ships it
# in the package prometheus, with the server, which the tests do not use).
if ! command -v promtool >/dev/null && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "installing promtool for the monitoring tests (apt-get)"
  { apt-get install -y -qq --no-install-recommends prometheus \
      || { apt-get update -qq && apt-get install -y -qq --no-install-recommends prometheus; }; } >/dev/null
fi
# axe-core (npm) is what the browser tests inject into every page to check accessibility.
if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
  if ! command -v npm >/dev/null && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq npm >/dev/null
  fi
  npm ci --prefix tests/browser --no-audit --no-fund --silent || { echo "npm ci in tests/browser failed"; exit 1; }
fi
# Two processes by default, one per core (pytest-xdist; the groups in conftest.py keep the tests of one
# running system together, and each system has its own bus names and a small connection pool): on this
# 2-core machine 18 minutes instead of 23.5 with one. BANZU_TEST_PROCESSES=N runs N (0: one process); more
# than two running systems at once need more than PostgreSQL's default 100 connections.
"$venv/bin/python" -m pytest -n "${BANZU_TEST_PROCESSES:-2}" --dist loadscope --no-loadscope-reorder "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here"; exit 1
fi
exit "$status"
