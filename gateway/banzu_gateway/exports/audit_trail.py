"""The audit trail as CSV (api.md, "Audit"): without a language for machines (the column names as the
header, codes as values, no byte order mark), with `zh` or `en` for people (labelled header; parts,
kinds and actions in words; zh with a byte order mark so that Excel reads UTF-8). `before` and
`after` stay JSON, which a program reading the file can parse back; in a file for people an
`occupation` in them is the occupation's name in the file's language (a code the catalogue lacks as
it is)."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from banzu_common.table_files.csv_file import csv_chunks, csv_text

from banzu_gateway import translations

COLUMNS = ("at", "part", "actor", "roles", "job", "event_id", "cause", "action", "kind", "id", "before", "after",
           "request_id")
# The columns whose codes a file for people gives in words, by their catalogue family (audit_part_...).
_IN_WORDS = {"part": "audit_part", "kind": "audit_kind", "action": "audit_action"}
OCCUPATION = "occupation"  # the field of any part's entries that holds an occupation's code


def audit_csv(entries: Iterable[Mapping[str, Any]], lang: str | None,
              occupation_names: Mapping[str, str] | None = None) -> Iterator[str]:
    """The CSV in chunks; `occupation_names` (code -> name in `lang`) names occupations in a file for people."""
    head = COLUMNS if lang is None else tuple(translations.code_words(lang, "export_audit", c) for c in COLUMNS)
    names = occupation_names if lang is not None and occupation_names else {}
    return csv_chunks(head, ([_cell(column, entry.get(column), lang, names) for column in COLUMNS]
                             for entry in entries), lang or "en")


def _cell(column: str, value, lang: str | None, occupation_names: Mapping[str, str]) -> str:
    """Roles as words, before and after as JSON; text a spreadsheet would run as a formula is defused,
    as in every CSV the gateway writes."""
    if column == "roles":
        return " ".join(value)
    if lang is not None and column in _IN_WORDS:
        value = translations.words_or_code(lang, _IN_WORDS[column], value)
    if column in ("before", "after") and isinstance(value, dict) and isinstance(value.get(OCCUPATION), str):
        value = value | {OCCUPATION: occupation_names.get(value[OCCUPATION], value[OCCUPATION])}
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return csv_text(value)
