"""Every team's assessment as CSV or XLSX: one row per team, one column per indicator's actual value.

Without a language the CSV is for machines (column codes, rating codes); with `zh` or `en` it is
for people (labelled columns, rating labels). An indicator that does not apply, or whose service
did not answer, leaves its cell empty; the last column names the services that did not answer. A
team that is not assessable (no members, or no indicator applies) has no score, and its rating
cell says so.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, BinaryIO

from banzu_common.table_files.csv_file import csv_chunks, csv_text
from banzu_common.table_files.xlsx import write_sheet

from banzu_gateway import translations
from banzu_gateway.domain.assessment import UNITS
from banzu_gateway.domain.scoring_settings import INDICATORS

COLUMNS = ("team", "name", "members", "score", "rating", *INDICATORS, "unavailable")
_HEADS = ("team", "name", "members", "score", "rating")


def indicator_label(lang: str, code: str) -> str:
    """An indicator's name (`compliance` -> 持证上岗率); an unknown one as it is."""
    return translations.words_or_code(lang, "indicator", code)


def _unit_suffix(lang: str, unit: str) -> str:
    return "" if unit == "count" else translations.code_words(lang, "export_unit", unit)


_XLSX_WIDTHS = (12, 20, 8, 10, 12, *(16,) * len(INDICATORS), 16)


def header(lang: str | None) -> tuple[str, ...]:
    """Column codes for machines (no `lang`), else labels with each indicator's unit."""
    if lang is None:
        return COLUMNS
    return (*(translations.code_words(lang, "export_assessments", head) for head in _HEADS),
            *(indicator_label(lang, code) + _unit_suffix(lang, UNITS[code]) for code in INDICATORS),
            translations.words_in(lang, "export_assessments_unavailable"))


def cells(item: Mapping[str, Any], lang: str | None) -> list[Any]:
    """One team's row from its presented assessment (as the JSON list gives it)."""
    actual = {indicator["code"]: indicator["actual"] for indicator in item["indicators"]}
    rating = (item["rating_label"] if lang else item["rating"]) or None
    if not item["assessable"]:
        rating = translations.words_in(lang, "not_assessable") if lang else "not_assessable"
    return [item["team"], item["name"], item["members"], item["score"], rating, *(actual[code] for code in INDICATORS),
            " ".join(translations.code_words(lang, "part", part) if lang else part for part in item["unavailable"]) or None]


def assessment_csv(items: Iterable[Mapping[str, Any]], lang: str | None) -> Iterator[str]:
    rows = ([csv_text(value) if isinstance(value, str) else value for value in cells(item, lang)] for item in items)
    return csv_chunks(header(lang), rows, lang or "en")


def write_assessment_xlsx(items: Iterable[Mapping[str, Any]], out: BinaryIO, lang: str) -> None:
    write_sheet(out, translations.words_in(lang, "export_assessments_sheet"), header(lang), (cells(item, lang) for item in items), _XLSX_WIDTHS)
