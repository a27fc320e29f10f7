"""The upload limits (quality.md R16) of the shared reader of imports: each hostile file is refused with the limit
it broke named, before or as soon as its rows show it, never by reading what it only declares. How long each
takes is measured by `./banzu bench hostile-uploads`."""
from __future__ import annotations

import io
import tempfile

import pytest

from banzu_common import testing_uploads as hostile
from banzu_common.errors import Invalid
from banzu_common.table_files import reading
from banzu_common.tabular_import import read_rows


def read(content: bytes, filename: str = "workers.xlsx") -> tuple[list, str | None]:
    """The rows given before a refusal, and the refusal's message (None when the file is read to its end)."""
    rows = []
    try:
        for row in read_rows(filename, io.BytesIO(content)):
            rows.append(row)
    except Invalid as refusal:
        [message] = refusal.errors["file"]
        assert refusal.detail == f"The file {message}."
        return rows, message
    return rows, None


def test_a_workbook_declaring_a_million_rows_of_16384_cells_is_refused_without_reading_them():
    content = hostile.dimension_bomb()
    assert len(content) < 5_000
    assert read(content) == ([], "declares the cells A1:XFD1048576: more than 200,000 rows or 64 columns")


def test_a_row_numbered_past_the_limit_stops_the_reading_there():
    rows, message = read(hostile.far_row())
    assert message == "has more than 200,000 rows"
    assert [number for number, _cells in rows] == [2], "the rows before it were read, nothing after"


@pytest.mark.parametrize(("unpacked_mib", "message"), [
    (300, "unpacks to more than 256 MiB"),
    (64, "has a part that unpacks to more than 100 times its size"),
])
def test_a_zip_bomb_is_refused_before_anything_is_unpacked(unpacked_mib, message):
    content = hostile.zip_bomb(unpacked_mib)
    assert len(content) < unpacked_mib * 1024 * 1024 / 500
    assert read(content) == ([], message)


def test_a_part_unpacking_past_its_declared_size_is_unreadable():
    """zipfile stops a part at the size its directory declares (which the checks bound), so a smaller declaration
    than the truth only cuts the part short."""
    content = bytearray(hostile.zip_bomb(2))
    directory = content.rindex(b"PK\x01\x02")  # the sheet's entry is the last in the directory
    assert content[directory + 46:directory + 46 + len(hostile.SHEET)] == hostile.SHEET.encode()
    content[directory + 24:directory + 28] = (4096).to_bytes(4, "little")  # its unpacked size
    assert read(bytes(content)) == ([], "is not a readable XLSX workbook")


def test_a_zip_of_thousands_of_parts_is_refused_by_its_directory():
    assert read(hostile.many_parts()) == ([], "has a zip directory of more than 1 MiB (far too many parts for a "
                                              "workbook)")


def test_the_elements_openpyxl_builds_when_it_opens_a_workbook_are_counted(monkeypatch):
    monkeypatch.setattr(reading, "MAX_OPENING_ELEMENTS", 1_000)
    assert read(hostile.many_elements(2_000)) == ([], "has more than 1,000 XML elements outside its rows")
    rows, message = read(hostile.many_elements(200))
    assert message is None and len(rows) == 1


def test_a_workbook_of_65_columns_is_refused_and_formatted_empty_cells_far_right_are_not_columns():
    assert read(hostile.wide(65)) == ([], "has more than 64 columns (row 1)")
    rows, message = read(hostile.wide(64))
    assert (rows, message) == ([], None)
    rows, message = read(hostile.styled_beyond_the_columns())
    assert message is None and rows[0][1]["employee_no"] == "E1"


def test_a_csv_of_65_columns_is_refused_and_trailing_empty_fields_are_not_columns():
    header = ",".join(f"c{n}" for n in range(65))
    assert read(f"{header}\n".encode(), "list.csv") == ([], "has more than 64 columns (row 1)")
    rows, message = read(("a,b" + "," * 100 + "\n1,2\n").encode(), "list.csv")
    assert (rows, message) == ([(2, {"a": "1", "b": "2"})], None)


def test_a_row_bigger_than_its_limit_is_refused_in_either_kind_of_file():
    rows, message = read(hostile.giant_row())
    assert message == "has more than 256 KiB in one row (row 3)" and [n for n, _ in rows] == [2]
    assert read(hostile.csv_giant_row(), "list.csv") == ([], "has more than 256 KiB in one row (row 2)")


def test_a_csv_of_200001_rows_is_refused_before_its_first_row_is_given_and_200000_are_read():
    assert read(hostile.csv_rows(reading.MAX_ROWS + 1), "list.csv") == ([], "has more than 200,000 rows")
    rows, message = read(hostile.csv_rows(reading.MAX_ROWS), "list.csv")
    assert message is None and len(rows) == reading.MAX_ROWS and rows[-1][0] == reading.MAX_ROWS + 1


def test_a_large_csv_is_read_as_it_is_used_not_as_one_text():
    """Rows come one by one from the stream: after the first, most of the file has not been decoded again."""
    stream = io.BytesIO(hostile.csv_rows(50_000))
    rows = read_rows("list.csv", stream)
    first = next(rows)
    assert first == (2, {"employee_no": "E0", "name": "工人0", "team_code": "T1", "occupation": "electrician",
                         "grade": "junior"})
    assert stream.tell() < len(stream.getvalue()) / 10
    assert sum(1 for _ in rows) == 49_999


def test_a_file_larger_than_64_mib_is_refused_by_its_size():
    with tempfile.TemporaryFile() as file:
        file.seek(64 * 1024 * 1024)
        file.write(b"x")  # sparse: 64 MiB and one byte
        file.seek(0)
        with pytest.raises(Invalid) as refused:
            read_rows("list.csv", file)
    assert refused.value.errors == {"file": ["is larger than 64 MiB"]}


def test_a_csv_not_in_utf8_is_refused_in_words_even_past_its_first_rows():
    content = hostile.csv_rows(5_000) + "张三,工人".encode("gb18030") + b"\n"
    assert read(content, "list.csv") == ([], "must be a UTF-8 CSV file or an XLSX workbook")
