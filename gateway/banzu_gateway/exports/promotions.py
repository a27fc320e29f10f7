"""The HR promotion list as CSV or XLSX (api.md, "Team scores and promotions"; quality.md S5).

Rows come in as tuples in `COLUMNS` order or as mappings keyed by the column names, typically
straight from a database cursor; both writers consume them one at a time, so memory stays flat.
Grades and sources are written as zh or en labels, occupations by the names the caller read from the
occupation catalogue in that language; a code the labels or names do not know is written as is,
because an export must not break half-way through a stream. A CSV without a language is for
machines: the column names as the header and the codes as values.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import itemgetter
from typing import Any, BinaryIO

from banzu_common.errors import Invalid
from banzu_common.rules import Rule

from banzu_common.skill_ladder import LANGUAGES, skill_ladder
from banzu_common.table_files.csv_file import csv_chunks as csv_file_chunks
from banzu_common.table_files.csv_file import csv_text
from banzu_common.table_files.xlsx import write_sheet

from banzu_gateway import translations

PromotionRow = Sequence[Any] | Mapping[str, Any]

COLUMNS = (
    "employee_no", "name", "team_code", "team_name", "occupation",
    "from_grade", "to_grade", "source", "source_name", "effective_on",
)


def source_label(lang: str, code: str) -> str:
    """A promotion's source in words (`contest` -> 技能竞赛); an unknown source as it is."""
    return translations.words_or_code(lang, "promotion_source", code)


_GRADE_LABELS = {lang: {g.code: g.label(lang) for g in skill_ladder()} for lang in LANGUAGES}
_BY_NAME = itemgetter(*COLUMNS)
_XLSX_WIDTHS = (14, 12, 12, 20, 16, 16, 16, 16, 28, 12)


def header(lang: str | None) -> tuple[str, ...]:
    """The header row: labels in `lang`, or (no `lang`) the column codes themselves for machine readers."""
    if lang is None:
        return COLUMNS
    _check_lang(lang)
    return tuple(translations.code_words(lang, "export_promotions", column) for column in COLUMNS)


def csv_chunks(rows: Iterable[PromotionRow], lang: str | None,
               occupation_names: Mapping[str, str] | None = None) -> Iterator[str]:
    """The CSV text in chunks of about a thousand rows, ready to stream as a response body; labelled
    in `lang` (occupations by `occupation_names`, code -> name in `lang`), or codes throughout without one.

    zh output starts with a UTF-8 byte order mark so that Excel reads the file as UTF-8.
    """
    head = header(lang)  # checks `lang` now rather than at the first chunk
    names = occupation_names or {}
    return csv_file_chunks(head, (_cells(row, lang, names, csv_text) for row in rows), lang or "en")


def write_xlsx(rows: Iterable[PromotionRow], out: BinaryIO, lang: str,
               occupation_names: Mapping[str, str] | None = None) -> None:
    """Writes an .xlsx workbook to `out`, any binary file object; dates become date cells, occupations
    their names in `occupation_names` (code -> name in `lang`)."""
    _check_lang(lang)  # a workbook is for people: always labelled
    head = header(lang)
    names = occupation_names or {}
    write_sheet(out, translations.words_in(lang, "export_promotions_sheet"), head, (_cells(row, lang, names, _plain_text) for row in rows),
                _XLSX_WIDTHS)


def _cells(row: PromotionRow, lang: str | None, occupation_names: Mapping[str, str],
           text: Callable[[Any], str]) -> list[Any]:
    """One row's cells in column order with labels in `lang` (codes without one), text through `text`;
    the date as it came."""
    (employee_no, name, team_code, team_name, occupation,
     from_grade, to_grade, source, source_name, effective_on) = _BY_NAME(row) if isinstance(row, Mapping) else row
    grades = _GRADE_LABELS[lang] if lang else {}
    occupations = occupation_names if lang else {}
    return [
        text(employee_no), text(name), text(team_code), text(team_name),
        text(occupations.get(occupation, occupation)),
        text(grades.get(from_grade, from_grade)), text(grades.get(to_grade, to_grade)),
        text(source_label(lang, source) if lang else source), text(source_name), effective_on,
    ]


def _plain_text(value: Any) -> str:
    return "" if value is None else str(value)


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        choices = ", ".join(LANGUAGES)
        raise Invalid({"lang": [Rule("one_of", f"Must be one of {choices}.", choices=choices)]})
