#!/usr/bin/env bash
# ./banzu translations: the gettext round of the words people read (gateway/banzu_gateway/translations/).
#   extract  every message id the code and templates use  -> translations/messages.pot
#   update   both catalogues from it (new ids appear with empty texts to translate; gone ids are dropped)
#   compile  the .mo files the running system reads (it compiles a newer .po in memory otherwise)
set -euo pipefail
venv="$(cd "$1" && pwd)"; shift || true
cd "$(dirname "$0")/../gateway"
folder=banzu_gateway/translations
keywords=$("$venv/bin/python" -c 'from banzu_gateway.translations import KEYWORDS; print(" ".join("-k " + k for k in KEYWORDS))')
# shellcheck disable=SC2086
"$venv/bin/pybabel" extract -F babel.cfg --no-default-keywords --no-wrap --sort-by-file $keywords \
  --project Banzu --version 1.2 --copyright-holder Banzu -o "$folder/messages.pot" .
"$venv/bin/pybabel" update -i "$folder/messages.pot" -d "$folder" -D messages --no-wrap \
  --no-fuzzy-matching --ignore-obsolete
"$venv/bin/pybabel" compile -d "$folder" -D messages --statistics
