"""Imports from CSV or XLSX uploads, the same contract for every part: the file's rows as
{column: text} named by the header row, the `dry_run`/`partial` arguments, the report's schemas,
and the empty template file (the header row) of each import."""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from xml.etree.ElementTree import ParseError

from flask import Response
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from banzu_common.errors import Invalid

FIRST_DATA_ROW = 2  # row numbers in reports are the spreadsheet's: the header is row 1
TEMPLATE_TYPES = {"csv": "text/csv; charset=utf-8",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
# For the OpenAPI document: the template comes as either file type.
TEMPLATE_RESPONSES = {"200": {"description": "the template file", "content": {
    media.split(";")[0]: {"schema": {"type": "string", "format": "binary"}} for media in TEMPLATE_TYPES.values()}}}

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


class TemplateArgs(Schema):
    format = fields.String(load_default="csv", validate=validate.OneOf(list(TEMPLATE_TYPES)),
                           metadata={"description": "csv (UTF-8 with a byte order mark, for Excel) or xlsx"})


def template_response(name: str, columns: Sequence[str], file_format: str) -> Response:
    """An empty import file: the header row naming `columns`, as an attachment `<name>-template.<format>`."""
    if file_format == "csv":
        content = ("\ufeff" + ",".join(columns) + "\r\n").encode("utf-8")
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = name[:31]
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            sheet.column_dimensions[cell.column_letter].width = max(14, len(str(cell.value)) + 4)
        out = io.BytesIO()
        workbook.save(out)
        content = out.getvalue()
    response = Response(content, content_type=TEMPLATE_TYPES[file_format])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-template.{file_format}"'
    return response


def upload_schema(name: str, columns: Sequence[str], note: str = "") -> type[Schema]:
    """The multipart body `name` (unique in the merged OpenAPI document): one `file` field, a CSV (UTF-8)
    or XLSX file with these columns."""
    description = f"CSV (UTF-8) or XLSX with the columns {', '.join(columns)}" + (f"; {note}" if note else "")
    return Schema.from_dict({"file": Upload(required=True, metadata={"description": description})},
                            name=name)


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
