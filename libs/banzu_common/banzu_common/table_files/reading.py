"""Reading uploaded tables (CSV, XLSX) within the upload limits of quality.md R16: at most 64 MiB, 200,000 rows
and 64 columns, and a hostile file refused early with the limit it broke named.

- A CSV is read line by line (never as one text) and at most 256 KiB per row, so a line of a million commas
  cannot become a list of a million fields.
- An XLSX's zip package is checked before openpyxl opens it: its directory is at most 1 MiB (ZipFile would
  otherwise parse a directory of a million entries), no part unpacks to more than 100 times its packed size
  (Apache POI's rule against zip bombs) and all parts together to at most 256 MiB. zipfile stops a part at the
  size the directory declares, so the declared sizes are true bounds. Opening a workbook, openpyxl builds its
  parts (styles, shared strings, what precedes each sheet's rows) as element trees, about 100 bytes of memory
  per element however small the element's text: those parts may hold at most 4,000,000 elements, counted by
  their `<` (which never stands unescaped in XML text) while unpacking them in chunks.
- An XLSX sheet's declared dimension (`<dimension ref="A1:XFD1048576"/>`) never sizes the reading: openpyxl's
  read-only sheet would build every declared row and column. A declaration beyond the limits is refused at
  once; the rows actually present are counted, their columns and sizes measured, as they are parsed. The sheet
  is read with openpyxl's own row parser (its read-only sheet keeps it behind private names, hence the pinned
  version) from a measured stream: more than 256 KiB of sheet in one row or between two rows is refused, which
  bounds the memory one row can take and ends a sheet whose rows never advance.

Rows come as (row number, values): the spreadsheet's row numbers (a CSV's record numbers), the header's first.
"""
from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections import deque
from collections.abc import Iterator
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import WorkSheetParser

from banzu_common.errors import Invalid
from banzu_common.rules import Rule

MIB = 1024 * 1024
MAX_FILE_BYTES = 64 * MIB  # also every part's request body limit (banzu_common.web)
MAX_ROWS = 200_000  # data rows, the header row not counted
MAX_COLUMNS = 64
MAX_ROW_SIZE = 256 * 1024  # characters of a CSV row, bytes of an XLSX row's XML
MAX_UNPACKED_BYTES = 256 * MIB
MAX_PACKING_RATIO = 100
RATIO_CHECKED_FROM = MIB  # small parts (styles, themes) may pack better than that, harmlessly
MAX_DIRECTORY_BYTES = MIB
MAX_OPENING_ELEMENTS = 4_000_000

Table = Iterator[tuple[int, list[object]]]

# What a damaged or hostile workbook may raise while opening or half-way through its rows.
UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, IndexError, ValueError, TypeError, OSError,
              ParseError, InvalidFileException, NotImplementedError, RuntimeError)
NOT_UTF8 = Rule("not_a_table", "must be a UTF-8 CSV file or an XLSX workbook")
NOT_A_WORKBOOK = Rule("unreadable_file", "is not a readable XLSX workbook")


def refused(message: Rule) -> Invalid:
    """A limit broken: the field message names it, and so does the problem's detail."""
    return Invalid({"file": [message]}, detail=f"The file {message}.")


def too_many_rows() -> Invalid:
    return refused(Rule("too_many_rows", f"has more than {MAX_ROWS:,} rows", rows=MAX_ROWS))


def check_size(stream: BinaryIO) -> None:
    start = stream.tell()
    size = stream.seek(0, io.SEEK_END)
    stream.seek(start)
    if size - start > MAX_FILE_BYTES:
        raise refused(Rule("file_too_large", f"is larger than {MAX_FILE_BYTES // MIB} MiB",
                           mib=MAX_FILE_BYTES // MIB))


# -- CSV ----------------------------------------------------------------------------------------------------

def csv_table(stream: BinaryIO) -> Table:
    """The records of a UTF-8 CSV (with or without a byte order mark). The whole file is measured before the
    first record is given, so a file too long or too wide is refused before any of its rows is used."""
    start = stream.tell()
    deque(_csv_records(stream), maxlen=0)
    stream.seek(start)
    yield from _csv_records(stream)


def _csv_records(stream: BinaryIO) -> Table:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    size = 0  # characters of the record being read
    number = 1

    def lines() -> Iterator[str]:
        nonlocal size
        while line := text.readline(MAX_ROW_SIZE + 1):  # never more than a row's limit in one string
            size += len(line)
            if size > MAX_ROW_SIZE:
                raise _row_too_large(number)
            yield line

    try:
        for number, record in enumerate(csv.reader(lines()), start=1):
            if number > MAX_ROWS + 1:
                raise too_many_rows()
            yield number, within_columns(record, number)
            size = 0
            number += 1
    except UnicodeDecodeError:
        raise refused(NOT_UTF8) from None
    except csv.Error as error:
        raise refused(Rule("unreadable_file", f"is not a readable CSV file: {error}")) from None
    finally:
        text.detach()  # the caller's stream stays open (a wrapper closes what it wraps)


# -- XLSX ---------------------------------------------------------------------------------------------------

def xlsx_table(stream: BinaryIO) -> Table:
    """The rows of the workbook's first sheet."""
    check_package(stream)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except UNREADABLE:
        raise refused(NOT_A_WORKBOOK) from None
    try:
        sheet = workbook.worksheets[0]
        check_declared(sheet)
        yield from _sheet_rows(workbook, sheet)
    except UNREADABLE:
        raise refused(NOT_A_WORKBOOK) from None
    finally:
        workbook.close()


def check_package(stream: BinaryIO) -> None:
    """The zip directory's size, then each part's and all parts' unpacked sizes, before anything is unpacked."""
    start = stream.tell()
    try:
        # zipfile's own reading of the end record (zip64 included), so that this check and ZipFile agree
        end = zipfile._EndRecData(stream)
        if end is None:
            raise zipfile.BadZipFile
        if end[zipfile._ECD_SIZE] > MAX_DIRECTORY_BYTES:
            raise refused(Rule("too_many_parts", f"has a zip directory of more than {MAX_DIRECTORY_BYTES // MIB} "
                                                 "MiB (far too many parts for a workbook)",
                               mib=MAX_DIRECTORY_BYTES // MIB))
        stream.seek(start)
        with zipfile.ZipFile(stream) as package:
            parts = package.infolist()
            if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
                raise refused(Rule("unpacks_too_much", f"unpacks to more than {MAX_UNPACKED_BYTES // MIB} MiB",
                                             mib=MAX_UNPACKED_BYTES // MIB))
            for part in parts:
                if part.file_size > RATIO_CHECKED_FROM and \
                        part.file_size > MAX_PACKING_RATIO * max(part.compress_size, 1):
                    raise refused(Rule("packed_too_tightly", f"has a part that unpacks to more than {MAX_PACKING_RATIO} "
                                                                       "times its size", times=MAX_PACKING_RATIO))
            elements = 0
            for part in parts:
                elements += _elements_opened(package, part, MAX_OPENING_ELEMENTS - elements)
                if elements > MAX_OPENING_ELEMENTS:
                    raise refused(Rule("too_many_elements", f"has more than {MAX_OPENING_ELEMENTS:,} XML elements "
                                                                     "outside its rows", elements=MAX_OPENING_ELEMENTS))
    except UNREADABLE:
        raise refused(NOT_A_WORKBOOK) from None
    stream.seek(start)


def _elements_opened(package: zipfile.ZipFile, part: zipfile.ZipInfo, budget: int) -> int:
    """The elements of `part` openpyxl may build when it opens the workbook (at most: a `<` of a binary part is
    counted too): all of them, but of a worksheet only those before its rows. Counting stops past `budget`."""
    sheet = "worksheets/" in part.filename
    count = 0
    tail = b""
    with package.open(part) as unpacked:
        while count <= budget and (chunk := unpacked.read(MIB)):
            if sheet:
                window = tail + chunk
                rows = window.find(b"sheetData")
                if rows >= 0:
                    return count + window[len(tail):rows].count(b"<")
                tail = chunk[-len(b"sheetData"):]
            count += chunk.count(b"<")
    return count


def check_declared(sheet) -> None:
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if rows > MAX_ROWS + 1 or columns > MAX_COLUMNS:
        cells = f"{get_column_letter(sheet.min_column or 1)}{sheet.min_row or 1}:{get_column_letter(columns or 1)}{rows or 1}"
        raise refused(Rule("declares_too_much", f"declares the cells {cells}: more than {MAX_ROWS:,} rows or "
                                             f"{MAX_COLUMNS} columns", cells=cells, rows=MAX_ROWS, columns=MAX_COLUMNS))


def _sheet_rows(workbook, sheet) -> Table:
    source = _MeasuredSheet(sheet._get_source())
    parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=workbook.epoch,
                             date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
    seen = 0
    try:
        for number, cells in parser.parse():
            seen += 1
            if number > MAX_ROWS + 1 or seen > MAX_ROWS + 1:
                raise too_many_rows()
            yield number, _row_values(cells, number)
            source.row_read(number)
    finally:
        source.close()


def _row_values(cells: list[dict], number: int) -> list[object]:
    values: list[object] = []
    for cell in cells:
        column, value = cell["column"], cell["value"]
        if column > MAX_COLUMNS or column < 1:
            if not _blank(value):
                raise _too_many_columns(number)
            continue
        if column > len(values):
            values.extend([None] * (column - len(values)))
        values[column - 1] = value
    return values


class _MeasuredSheet:
    """The sheet's XML as the parser reads it (16 KiB at a time), refused once more than a row's limit is read
    without a row ending."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.since_row = 0
        self.last_row = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.since_row += len(data)
        if self.since_row > MAX_ROW_SIZE:
            raise _row_too_large(self.last_row + 1)
        return data

    def row_read(self, number: int) -> None:
        self.since_row = 0
        self.last_row = number

    def close(self) -> None:
        self.raw.close()


# -- both ---------------------------------------------------------------------------------------------------

def within_columns(values: list, number: int) -> list:
    """The first MAX_COLUMNS values; any value beyond them refuses the file (empty cells there do not count)."""
    if len(values) <= MAX_COLUMNS:
        return values
    if any(not _blank(value) for value in values[MAX_COLUMNS:]):
        raise _too_many_columns(number)
    return values[:MAX_COLUMNS]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _too_many_columns(number: int) -> Invalid:
    return refused(Rule("too_many_columns", f"has more than {MAX_COLUMNS} columns (row {number})", columns=MAX_COLUMNS,
                        row=number))


def _row_too_large(number: int) -> Invalid:
    return refused(Rule("row_too_large", f"has more than {MAX_ROW_SIZE // 1024} KiB in one row (row {number})",
                        kib=MAX_ROW_SIZE // 1024, row=number))
