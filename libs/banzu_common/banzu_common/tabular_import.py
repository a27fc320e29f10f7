"""Imports from CSV or XLSX uploads, the same contract for every part: the file's rows as
{column: text} named by the header row, the `dry_run`/`partial` arguments and the report's schemas."""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from xml.etree.ElementTree import ParseError

from flask_smorest.fields import Upload
from marshmallow import Schema, fields
from openpyxl import load_workbook

from banzu_common.errors import Invalid

FIRST_DATA_ROW = 2  # row numbers in reports are the spreadsheet's: the header is row 1

Row = tuple[int, dict[str, str]]


class ImportArgs(Schema):
    dry_run = fields.Boolean(load_default=False, metadata={"description": "only validate; write nothing"})
    partial = fields.Boolean(load_default=False, metadata={"description": "write the valid rows despite errors"})


class ImportErrorSchema(Schema):
    row = fields.Integer()
    field = fields.String()
    message = fields.String()


class ImportReportSchema(Schema):
    created = fields.Integer()
    updated = fields.Integer()
    dry_run = fields.Boolean()
    valid_rows = fields.Integer()
    errors = fields.List(fields.Nested(ImportErrorSchema))


def upload_schema(columns: Sequence[str], note: str = "") -> type[Schema]:
    """The multipart body: one `file` field, a CSV (UTF-8) or XLSX file with these columns."""
    description = f"CSV (UTF-8) or XLSX with the columns {', '.join(columns)}" + (f"; {note}" if note else "")
    return Schema.from_dict({"file": Upload(required=True, metadata={"description": description})},
                            name="ImportFile")


def read_rows(filename: str, content: bytes, required: Sequence[str] = ()) -> list[Row]:
    """(row number, cells) of every non-empty data row; Invalid on `file` when unreadable or when a
    `required` column is missing from the header."""
    is_xlsx = content[:2] == b"PK" or filename.lower().endswith(".xlsx")
    return _rows(_xlsx_table(content) if is_xlsx else _csv_table(content), required)


def _rows(table: Iterator[Sequence[object]], required: Sequence[str]) -> list[Row]:
    first = next(table, None)
    if first is None:
        raise Invalid({"file": ["is empty: the first row must name the columns"]})
    header = [_text(name).lower() for name in first]
    missing = [name for name in required if name not in header]
    if missing:
        raise Invalid({"file": [f"has no column {', '.join(missing)} in its first row"]})
    rows = []
    for number, values in enumerate(table, start=FIRST_DATA_ROW):
        cells = {name: _text(value) for name, value in zip(header, values) if name}
        if any(cells.values()):
            rows.append((number, cells))
    return rows


def _csv_table(content: bytes) -> Iterator[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid({"file": ["must be a UTF-8 CSV file or an XLSX workbook"]}) from None
    return _csv_rows(csv.reader(io.StringIO(text, newline="")))


def _csv_rows(reader: Iterable[list[str]]) -> Iterator[list[str]]:
    try:
        yield from reader
    except csv.Error as error:
        raise Invalid({"file": [f"is not a readable CSV file: {error}"]}) from None


def _xlsx_table(content: bytes) -> Iterator[tuple[object, ...]]:
    # A damaged workbook may fail while opening or half-way through its rows.
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            yield from workbook.worksheets[0].iter_rows(values_only=True)
        finally:
            workbook.close()
    except (zipfile.BadZipFile, KeyError, IndexError, ValueError, OSError, ParseError):
        raise Invalid({"file": ["is not a readable XLSX workbook"]}) from None


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
