"""Rows of an uploaded CSV or XLSX file, as {column: text} with the header row's names."""
from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

from openpyxl import load_workbook

from banzu_common.errors import Invalid

FIRST_DATA_ROW = 2  # row numbers in reports are the spreadsheet's: the header is row 1


def read_rows(filename: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """(row number, cells) for every non-empty data row; Invalid on the `file` field when unreadable."""
    if content[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        table = _xlsx_table(content)
    else:
        table = _csv_table(content)
    if not table:
        raise Invalid({"file": ["is empty: the first row must name the columns"]})
    header = [str(name or "").strip().lower() for name in table[0]]
    rows = []
    for number, values in enumerate(table[1:], start=FIRST_DATA_ROW):
        cells = {name: _text(value) for name, value in zip(header, values) if name}
        if any(cells.values()):
            rows.append((number, cells))
    return rows


def _csv_table(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid({"file": ["must be a UTF-8 CSV file or an XLSX workbook"]}) from None
    return list(csv.reader(io.StringIO(text)))


def _xlsx_table(content: bytes) -> list[list[object]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise Invalid({"file": ["is not a readable XLSX workbook"]}) from None
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # numbers typed into cells come back as floats
    return str(value).strip()
