"""The promotion list as downloadable files, shared by the JSON API and the web pages."""
from __future__ import annotations

import re
import tempfile

from flask import Response, send_file

from banzu_gateway.bootstrap import runtime
from banzu_gateway.exports.promotions import csv_chunks, write_xlsx
from banzu_gateway.service_layer import occupations

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ROWS_PER_FETCH = 2000
_UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9_.-]")


def streamed_rows(query):
    """Rows straight from a server-side cursor, a batch at a time: memory stays flat however many."""
    with runtime.engine.connect() as connection:
        result = connection.execution_options(stream_results=True, yield_per=_ROWS_PER_FETCH).execute(query)
        for batch in result.partitions():
            yield from batch


def occupation_names(lang: str | None) -> dict[str, str]:
    with runtime.uow() as uow:
        return occupations.names_in(uow, lang)


def csv_response(query, lang: str | None, file_name: str) -> Response:
    response = Response(csv_chunks(streamed_rows(query), lang, occupation_names(lang)),
                        content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def xlsx_response(query, lang: str, file_name: str) -> Response:
    # Spooled: small workbooks stay in memory, large ones go to a temporary file.
    workbook = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_xlsx(streamed_rows(query), workbook, lang, occupation_names(lang))
    workbook.seek(0)
    return send_file(workbook, mimetype=XLSX, as_attachment=True, download_name=file_name)


def file_name(filters: dict, extension: str) -> str:
    """promotions-<filters>.csv: the name says what was exported, in characters safe in any header."""
    parts = ["promotions"] + [str(filters[key]) for key in ("team", "source", "grade", "date_from", "date_to")
                              if filters.get(key)]
    return _UNSAFE_IN_FILE_NAME.sub("_", "-".join(parts)) + "." + extension
