"""R16: how long the shared reader of imports (banzu_common.tabular_import.read_rows, used by the workers and
credentials imports) takes to refuse each hostile file of banzu_common.testing_uploads, best of three; the target
is under 2 s each. Baseline, same run: reading a clean CSV of 10,000 rows to its end."""
from __future__ import annotations

import io
import time

from common import report

from banzu_common import testing_uploads as hostile
from banzu_common.errors import Invalid
from banzu_common.tabular_import import read_rows

FILES = {
    "an XLSX of a few KB declaring A1:XFD1048576": (hostile.dimension_bomb, "bomb.xlsx"),
    "an XLSX whose third row is numbered 1,048,576": (hostile.far_row, "far.xlsx"),
    "an XLSX whose sheet unpacks to 300 MiB (zip bomb)": (lambda: hostile.zip_bomb(300), "bomb.xlsx"),
    "an XLSX whose sheet unpacks to 64 MiB at 1,000:1": (lambda: hostile.zip_bomb(64), "bomb.xlsx"),
    "an XLSX of 20,000 zip parts": (hostile.many_parts, "parts.xlsx"),
    "an XLSX of 65 columns": (hostile.wide, "wide.xlsx"),
    "an XLSX row of 128k empty cells": (hostile.giant_row, "row.xlsx"),
    "a CSV of 200,001 rows": (hostile.csv_rows, "long.csv"),
    "a CSV row of 256k commas": (hostile.csv_giant_row, "row.csv"),
}


def seconds_to_refuse(content: bytes, filename: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        try:
            for _row in read_rows(filename, io.BytesIO(content)):
                pass
        except Invalid:
            best = min(best, time.perf_counter() - started)
        else:
            raise AssertionError(f"{filename} was read to its end")
    return best


def seconds_to_read(content: bytes, filename: str) -> float:
    started = time.perf_counter()
    rows = sum(1 for _row in read_rows(filename, io.BytesIO(content)))
    assert rows == 10_000, rows
    return time.perf_counter() - started


def run() -> list[dict]:
    baseline = seconds_to_read(hostile.csv_rows(10_000), "clean.csv")
    results = []
    for what, (make, filename) in FILES.items():
        content = make()
        results.append(report("R16", f"{what} ({len(content):,} bytes) refused", seconds_to_refuse(content, filename),
                              "s", baseline, "a clean CSV of 10,000 rows read to its end", "< 2 s"))
    return results
