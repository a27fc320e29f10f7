"""Imports from CSV or XLSX uploads, the same contract for every part: the file's rows as
{column: text} named by the header row, the `dry_run`/`partial` arguments, the report's schemas,
and the empty template file (the header row) of each import."""
from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import BinaryIO

from flask import Response
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, missing, validate
from openpyxl import Workbook
from openpyxl.styles import Font

from banzu_common.rule_codes import code_of
from banzu_common.rules import Rule
from banzu_common.table_files import reading

TEMPLATE_TYPES = {"csv": "text/csv; charset=utf-8",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
# For the OpenAPI document: the template comes as either file type.
TEMPLATE_RESPONSES = {"200": {"description": "the template file", "content": {
    media.split(";")[0]: {"schema": {"type": "string", "format": "binary"}} for media in TEMPLATE_TYPES.values()}}}

Row = tuple[int, dict[str, str]]


# Rules of a row of any import, said alike by every part.
LEFT_COMPANY = Rule("left_company", "has left the company")


def twice_in_file(first_row: int | None = None) -> Rule:
    """A key that an earlier row of the same file holds already (in `first_row` where it is told)."""
    if first_row is None:
        return Rule("twice_in_file", "appears twice in the file")
    return Rule("twice_in_file", f"appears twice in the file (first in row {first_row})", row=first_row)


def row_errors(row: int, errors: dict[str, list[str]]) -> list[dict]:
    """The report's entries of one row's refusal (`Invalid.errors`), field by field."""
    return [{"row": row, "field": field, "message": message}
            for field, messages in sorted(errors.items()) for message in messages]


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
    codes = fields.Method("error_codes", metadata={
        "type": "array", "items": {"type": "object"},
        "description": "The rule each entry of `errors` names, in the same order: {code, ...values} as in a "
                       "problem's `codes` (only where there are errors)."})

    def error_codes(self, report) -> list[dict]:
        errors = report.get("errors")
        return [code_of(error["message"]) for error in errors] if errors else missing


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
    description = (f"CSV (UTF-8) or XLSX with the columns {', '.join(columns)}" + (f"; {note}" if note else "")
                   + f"; at most {reading.MAX_FILE_BYTES // reading.MIB} MiB, {reading.MAX_ROWS:,} rows and "
                     f"{reading.MAX_COLUMNS} columns")
    return Schema.from_dict({"file": Upload(required=True, metadata={"description": description})},
                            name=name)


def read_rows(filename: str, content: bytes | BinaryIO, required: Sequence[str] = ()) -> Iterator[Row]:
    """(row number, cells) of every non-empty data row, read as they are used: the file is never held as text.
    Invalid on `file` at once when the file is unreadable, breaks an upload limit that shows before its rows (see
    table_files/reading.py) or lacks a `required` column in its header; later, while the rows are read, when an
    XLSX turns out to break one (a CSV is measured whole before its first row is given)."""
    stream = io.BytesIO(content) if isinstance(content, bytes) else content
    reading.check_size(stream)
    start = stream.tell()
    is_xlsx = stream.read(2) == b"PK" or filename.lower().endswith(".xlsx")
    stream.seek(start)
    table = reading.xlsx_table(stream) if is_xlsx else reading.csv_table(stream)
    first = next(table, None)
    if first is None:
        raise reading.refused(Rule("empty_file", "is empty: the first row must name the columns"))
    header = [_text(name).lower() for name in first[1]]
    missing = [name for name in required if name not in header]
    if missing:
        raise reading.refused(Rule("missing_column", f"has no column {', '.join(missing)} in its first row",
                                   value=", ".join(missing)))
    return _data_rows(header, table)


def _data_rows(header: list[str], table: Iterator[tuple[int, list[object]]]) -> Iterator[Row]:
    for number, values in table:
        cells = {name: _text(value) for name, value in zip(header, values) if name}
        if any(cells.values()):
            yield number, cells


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
