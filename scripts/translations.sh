#!/usr/bin/env bash
# ./banzu translations: the gettext round of the words people read, for every part with a catalogue
# (a babel.cfg beside its package: the gateway, the competition's results files).
#   extract  every message id the code and templates use  -> <package>/translations/messages.pot
#   update   both catalogues from it (new ids appear with empty words to fill in; ids no longer used
#            are dropped: mark an id the code builds at run time with N_ where it is built)
#   compile  the .mo files the running system reads (it compiles a newer .po in memory otherwise)
set -euo pipefail
venv="$(cd "$1" && pwd)"; shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
keywords=$("$venv/bin/python" -c 'from banzu_common.translations import KEYWORDS; print(" ".join("-k " + k for k in KEYWORDS))')
for config in "$root"/gateway/babel.cfg "$root"/services/*/babel.cfg; do
  [ -f "$config" ] || continue
  part="$(dirname "$config")"
  folder="$(find "$part" -maxdepth 3 -type d -name translations -path '*banzu_*' | head -1)"
  echo "== ${part#"$root"/}"
  (cd "$part"
   # shellcheck disable=SC2086
   "$venv/bin/pybabel" extract -F babel.cfg --no-default-keywords --no-wrap --sort-by-file $keywords \
     --project Banzu --version 1.2 --copyright-holder Banzu -o "$folder/messages.pot" . >/dev/null 2>&1
   "$venv/bin/pybabel" update -i "$folder/messages.pot" -d "$folder" -D messages --no-wrap \
     --no-fuzzy-matching --ignore-obsolete >/dev/null 2>&1
   "$venv/bin/pybabel" compile -d "$folder" -D messages --statistics)
done
