"""A contest's results as files: CSV for machines (codes, no `lang`) or for people (labels and words in zh or
en), and XLSX for people. Columns: rank, bib, employee number, name, team, total, one per segment, prize,
promotion and why a prize did not promote; absent contestants last."""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from decimal import Decimal

from flask import Response, send_file

from banzu_common.skill_ladder import skill_ladder
from banzu_common.table_files.csv_file import csv_chunks, csv_text
from banzu_common.table_files.xlsx import write_sheet

from banzu_competition.translations import CATALOGUES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = ("rank", "bib", "employee_no", "name", "team_code", "total")
TAIL = ("prize", "from_grade", "to_grade", "promotion_withheld", "status")
_UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9_.-]")


def _header(segments: list[dict], lang: str | None) -> list[str]:
    if lang is None:
        return [*COLUMNS, *(s["code"] for s in segments), *TAIL]
    def title(column: str) -> str:
        return CATALOGUES.code_words(lang, "results_column", column)

    return [*(title(c) for c in COLUMNS),
            *(CATALOGUES.words_in(lang, "results_segment_column", name=s["name"]) for s in segments),
            *(title(c) for c in TAIL)]


def _cells(row: dict, segments: list[dict], lang: str | None) -> list:
    ladder = skill_ladder()

    def word(code):
        return code if code is None or not lang else CATALOGUES.words_or_code(lang, "results_word", code)

    def grade(code):
        return ladder.label(code, lang) if code and lang else code

    promotion = row.get("promotion") or {}
    return [row["rank"], row["bib"], row["employee_no"], row["name"], row["team_code"], row["total"],
            *(row["segments"].get(s["code"]) for s in segments), word(row["prize"]),
            grade(promotion.get("from_grade")), grade(promotion.get("to_grade")), word(row["promotion_withheld"]),
            word(row["status"])]


def file_name(contest_id: str, extension: str) -> str:
    return _UNSAFE_IN_FILE_NAME.sub("_", f"results-{contest_id}") + "." + extension


def csv_response(contest: dict, rows: list[dict], lang: str | None) -> Response:
    segments = contest["segments"]

    def text_rows() -> Iterator[list[str]]:
        for row in rows:
            yield [csv_text(cell) for cell in _cells(row, segments, lang)]

    response = Response(csv_chunks(_header(segments, lang), text_rows(), lang or "en"),
                        content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name(contest["id"], "csv")}"'
    return response


def xlsx_response(contest: dict, rows: list[dict], lang: str) -> Response:
    segments = contest["segments"]
    workbook = io.BytesIO()  # one contest's results: a few thousand rows at most
    header = _header(segments, lang)
    numbers = range(len(COLUMNS) - 1, len(COLUMNS) + len(segments))  # the total and the segments' percentages
    write_sheet(workbook, CATALOGUES.words_in(lang, "results_sheet"), header,
                ([Decimal(cell) if i in numbers and cell is not None else cell
                  for i, cell in enumerate(_cells(row, segments, lang))] for row in rows),
                [max(10, min(30, len(label) * 2)) for label in header])
    workbook.seek(0)
    return send_file(workbook, mimetype=XLSX, as_attachment=True, download_name=file_name(contest["id"], "xlsx"))

