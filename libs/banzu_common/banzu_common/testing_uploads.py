"""Hostile upload files for the tests and the benchmark of the upload limits (quality.md R16): each is small to
send and would be costly to read without the limits of banzu_common.table_files.reading."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence

from banzu_common.table_files.reading import MAX_COLUMNS, MAX_ROW_SIZE, MAX_ROWS
from banzu_common.table_files.xlsx import write_sheet

SHEET = "xl/worksheets/sheet1.xml"
HEADER = ("employee_no", "name", "team_code", "occupation", "grade")


def workbook(rows: Sequence[Sequence[str]] = (("E1", "王小明", "T1", "electrician", "junior"),),
             header: Sequence[str] = HEADER) -> bytes:
    out = io.BytesIO()
    write_sheet(out, "workers", header, rows, [12] * len(header))
    return out.getvalue()


def rewritten(package: bytes, change: Callable[[bytes], bytes | Sequence[bytes]], name: str = SHEET) -> bytes:
    """The workbook with its part `name` (the sheet's XML) changed by `change`: its new text, or pieces of it
    written one after another, so that a part of many MiB never needs to be in memory whole."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            data = source.read(part.filename)
            if part.filename != name:
                target.writestr(part.filename, data)
                continue
            pieces = change(data)
            with target.open(name, "w", force_zip64=True) as written:
                for piece in [pieces] if isinstance(pieces, bytes) else pieces:
                    written.write(piece)
    return out.getvalue()


def dimension_bomb() -> bytes:
    """A few KB declaring A1:XFD1048576 (a million rows of 16,384 cells), with two rows in fact."""
    return rewritten(workbook(), lambda xml: xml.replace(
        b"<sheetViews>", b'<dimension ref="A1:XFD1048576"/><sheetViews>', 1))


def far_row(rows: Sequence[Sequence[str]] = (("E1", "王小明", "T1", "electrician", "junior"),)) -> bytes:
    """A workbook whose row after `rows` is numbered 1,048,576, declaring nothing."""
    return rewritten(workbook(rows), lambda xml: xml.replace(b"</sheetData>", (
        b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>E9</t></is></c></row></sheetData>'), 1))


def zip_bomb(unpacked_mib: int = 300) -> bytes:
    """A sheet whose XML unpacks to `unpacked_mib` MiB (white space between its rows) from a few hundred KB."""
    chunk = b" " * (1024 * 1024)

    def padded(xml: bytes):
        head, tail = xml.split(b"</sheetData>", 1)
        yield head
        for _ in range(unpacked_mib):
            yield chunk
        yield b"</sheetData>" + tail

    return rewritten(workbook(), padded)


def wide(columns: int = MAX_COLUMNS + 1) -> bytes:
    """A header row of `columns` names."""
    return workbook([], [f"column{n}" for n in range(1, columns + 1)])


def styled_beyond_the_columns() -> bytes:
    """Empty, formatted cells far right of the columns (as spreadsheet programs save them): not a column."""
    return rewritten(workbook(), lambda xml: xml.replace(b"</row>", b'<c r="XFD1" s="2"/></row>', 1))


def giant_row() -> bytes:
    """A third row of empty cells, twice a row's limit in bytes."""
    cells = b"<c/>" * (MAX_ROW_SIZE // 2)
    return rewritten(workbook(), lambda xml: xml.replace(b"</sheetData>", b'<row r="3">' + cells + b"</row></sheetData>", 1))


def many_elements(count: int) -> bytes:
    """Styles with `count` more (empty) elements: openpyxl builds the styles as one tree when it opens a workbook."""
    return rewritten(workbook(), lambda xml: xml.replace(b"</styleSheet>", b"<a/>" * count + b"</styleSheet>", 1),
                     "xl/styles.xml")


def many_parts(count: int = 20_000) -> bytes:
    """A zip of `count` empty parts besides a workbook's: a zip directory of a few MiB."""
    source = zipfile.ZipFile(io.BytesIO(workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for part in source.infolist():
            target.writestr(part.filename, source.read(part.filename))
        for n in range(count):
            target.writestr(f"xl/media/{n:040d}.bin", b"")
    return out.getvalue()


def csv_rows(count: int = MAX_ROWS + 1) -> bytes:
    """A CSV of `count` data rows."""
    lines = [",".join(HEADER)] + [f"E{n},工人{n},T1,electrician,junior" for n in range(count)]
    return ("\n".join(lines) + "\n").encode()


def csv_giant_row() -> bytes:
    """A CSV whose second line holds more commas than a row's limit holds characters."""
    return (",".join(HEADER) + "\n" + "," * (MAX_ROW_SIZE + 1) + "\n").encode()
