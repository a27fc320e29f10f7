"""CSV files for people: streamed in chunks, a byte order mark for Chinese (so Excel reads UTF-8),
and no cell that a spreadsheet program would run as a formula."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

# Spreadsheet programs opening a CSV run a cell that starts with one of these as a formula; names
# typed by users must not be able to do that (CSV injection), so such text gets a leading apostrophe.
# XLSX cells are stored as inline strings, which are never run.
_FORMULA_STARTS = frozenset("=+-@\t\r")
_ROWS_PER_CHUNK = 1000


def csv_chunks(head: Sequence[str], rows: Iterable[Sequence[Any]], lang: str) -> Iterator[str]:
    """The CSV text of `head` and `rows` in chunks of about a thousand rows, ready to stream.

    zh output starts with a UTF-8 byte order mark. Cells are written as `str()` gives them (a date
    as YYYY-MM-DD), text through `csv_text`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if lang == "zh":
        buffer.write("\ufeff")
    writer.writerow(head)
    pending = 0
    for row in rows:
        writer.writerow(row)
        pending += 1
        if pending == _ROWS_PER_CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue()


def csv_text(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in _FORMULA_STARTS else text
