"""The import pages say in words, in the page's language, which upload limit a hostile file broke (quality.md R16),
and a body past 64 MiB gets a page that says so."""
from __future__ import annotations

import io
import re

import pytest

from banzu_common import testing_uploads as hostile
from web_support import csrf_of, sign_in_as

ZH, EN = {"Accept-Language": "zh-CN"}, {"Accept-Language": "en"}


def dry_run(client, content: bytes, filename: str, headers: dict):
    token = csrf_of(client.get("/workers/import", headers=headers).get_data(as_text=True))
    return client.post("/workers/import", data={"csrf_token": token, "dry_run": "true",
                                                "file": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data", headers=headers)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


@pytest.mark.parametrize("content, filename, zh, en", [
    (hostile.dimension_bomb(), "bomb.xlsx", "工作表声明的范围 A1:XFD1048576 超过 200,000 行或 64 列。",
     "The sheet declares the range A1:XFD1048576, more than 200,000 rows or 64 columns."),
    (hostile.zip_bomb(64), "bomb.xlsx", "工作簿中有内容解压后超过自身大小的 100 倍",
     "A part of the workbook unpacks to more than 100 times its size"),
    (hostile.wide(65), "wide.xlsx", "文件超过 64 列（第 1 行）。", "The file has more than 64 columns (row 1)."),
    (hostile.csv_rows(200_001), "long.csv", "文件超过 200,000 行，请分成几个文件导入。",
     "The file has more than 200,000 rows; import it as several files."),
    (hostile.csv_giant_row(), "row.csv", "第 2 行的内容超过 256 KB。", "Row 2 holds more than 256 KB."),
])
def test_the_import_page_says_which_limit_a_file_broke(client, content, filename, zh, en):
    sign_in_as(client, "hr")
    refused = dry_run(client, content, filename, ZH)
    assert refused.status_code == 422 and zh in text_of(refused)
    assert en in text_of(dry_run(client, content, filename, EN))


def test_a_body_past_64_mib_gets_a_page_saying_so(client):
    sign_in_as(client, "hr")
    too_large = client.post("/workers/import", data=b"x", content_type="multipart/form-data; boundary=x",
                            environ_overrides={"CONTENT_LENGTH": str(64 * 1024 * 1024 + 1)}, headers=ZH)
    assert too_large.status_code == 413 and "提交的内容超过 64 MB" in text_of(too_large)
