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

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = ("rank", "bib", "employee_no", "name", "team_code", "total")
TAIL = ("prize", "from_grade", "to_grade", "promotion_withheld", "status")
HEADERS = {
    "zh": {"rank": "名次", "bib": "抽签号", "employee_no": "工号", "name": "姓名", "team_code": "班组",
           "total": "总分", "prize": "奖项", "from_grade": "原等级", "to_grade": "晋升等级",
           "promotion_withheld": "未晋升原因", "status": "状态"},
    "en": {"rank": "Rank", "bib": "Bib", "employee_no": "Employee no.", "name": "Name", "team_code": "Team",
           "total": "Total", "prize": "Prize", "from_grade": "From grade", "to_grade": "To grade",
           "promotion_withheld": "Not promoted because", "status": "Status"},
}
WORDS = {
    "zh": {"first": "一等奖", "second": "二等奖", "third": "三等奖", "at_cap": "已达晋升上限",
           "ranked": "已排名", "absent": "缺考"},
    "en": {"first": "First prize", "second": "Second prize", "third": "Third prize",
           "at_cap": "already at the promotion cap", "ranked": "Ranked", "absent": "Absent"},
}
SHEET_TITLES = {"zh": "比赛成绩", "en": "Results"}
_UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9_.-]")


def _header(segments: list[dict], lang: str | None) -> list[str]:
    if lang is None:
        return [*COLUMNS, *(s["code"] for s in segments), *TAIL]
    labels = HEADERS[lang]
    return [*(labels[c] for c in COLUMNS), *(f"{s['name']} (%)" for s in segments), *(labels[c] for c in TAIL)]


def _cells(row: dict, segments: list[dict], lang: str | None) -> list:
    words = WORDS[lang] if lang else {}
    ladder = skill_ladder()

    def word(code):
        return None if code is None else words.get(code, code)

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
    write_sheet(workbook, SHEET_TITLES[lang], header,
                ([Decimal(cell) if i in numbers and cell is not None else cell
                  for i, cell in enumerate(_cells(row, segments, lang))] for row in rows),
                [max(10, min(30, len(label) * 2)) for label in header])
    workbook.seek(0)
    return send_file(workbook, mimetype=XLSX, as_attachment=True, download_name=file_name(contest["id"], "xlsx"))

