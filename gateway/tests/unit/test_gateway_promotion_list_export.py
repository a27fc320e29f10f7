import csv
import io
from datetime import date, datetime

import openpyxl
import pytest
from banzu_common.errors import Invalid

from banzu_gateway.exports.promotions import COLUMNS, csv_chunks, header, write_xlsx

ROWS = [
    ("E001", "张三", "T01", "检修一班", "电工", "intermediate", "senior", "contest", "2026 技能比武",
     date(2026, 11, 20)),
    {"employee_no": "E002", "name": "Li, \"Lee\"", "team_code": "T02", "team_name": "运行二班", "occupation": None,
     "from_grade": "technician", "to_grade": "senior_technician", "source": "certification",
     "source_name": "高级技师认证", "effective_on": date(2026, 12, 1)},
]


def read_csv(chunks):
    return list(csv.reader(io.StringIO("".join(chunks), newline="")))


def test_zh_csv_has_a_bom_chinese_header_and_labels():
    text = "".join(csv_chunks(ROWS, "zh"))
    assert text.startswith("\ufeff工号,")
    rows = read_csv([text.removeprefix("\ufeff")])
    assert rows == [
        ["工号", "姓名", "班组编码", "班组名称", "工种", "原等级", "晋升等级", "晋升来源", "来源名称", "生效日期"],
        ["E001", "张三", "T01", "检修一班", "电工", "中级工", "高级工", "技能竞赛", "2026 技能比武", "2026-11-20"],
        ["E002", 'Li, "Lee"', "T02", "运行二班", "", "技师", "高级技师", "职业资格认证", "高级技师认证", "2026-12-01"],
    ]


def test_en_csv_has_no_bom_and_english_labels():
    rows = read_csv(csv_chunks(ROWS, "en"))
    assert rows[0][0] == "Employee no." and len(rows[0]) == len(COLUMNS)
    assert rows[1][5:8] == ["Intermediate worker", "Senior worker", "Skills contest"]
    assert rows[2][5:8] == ["Technician", "Senior technician", "Certification"]


def test_csv_without_a_language_is_for_machines_codes_throughout():
    text = "".join(csv_chunks(ROWS, None))
    assert not text.startswith("\ufeff")
    assert read_csv([text]) == [
        list(COLUMNS),
        ["E001", "张三", "T01", "检修一班", "电工", "intermediate", "senior", "contest", "2026 技能比武", "2026-11-20"],
        ["E002", 'Li, "Lee"', "T02", "运行二班", "", "technician", "senior_technician", "certification",
         "高级技师认证", "2026-12-01"],
    ]
    assert header(None) == COLUMNS


def test_csv_comes_in_chunks_as_rows_arrive():
    many = (ROWS[0] for _ in range(2500))
    chunks = csv_chunks(many, "en")
    assert len(next(chunks).splitlines()) == 1001  # the header and the first thousand rows
    assert len(read_csv(chunks)) == 1500


def test_csv_defuses_text_that_a_spreadsheet_would_run_as_a_formula():
    row = ("E003", "=HYPERLINK(\"x\")", "T01", "+team", "-occ", "senior", "technician", "contest", "@name",
           "2026-01-01")
    assert read_csv(csv_chunks([row], "en"))[1] == [
        "E003", "'=HYPERLINK(\"x\")", "T01", "'+team", "'-occ", "Senior worker", "Technician", "Skills contest",
        "'@name", "2026-01-01",
    ]


OCCUPATION_ROW = ("E005", "Zhao", "T01", "A", "welder", "junior", "intermediate", "contest", "X", "2026-01-01")
UNLISTED_ROW = ("E006", "Qian", "T01", "A", "rigger", "junior", "intermediate", "contest", "X", "2026-01-01")


@pytest.mark.parametrize(("lang", "names", "expected"), [("zh", {"welder": "焊工"}, "焊工"),
                                                         ("en", {"welder": "Welder"}, "Welder")])
def test_occupations_are_written_by_their_names_and_a_code_outside_the_catalogue_as_it_is(lang, names, expected):
    rows = read_csv(csv_chunks([OCCUPATION_ROW, UNLISTED_ROW], lang, names))
    assert [row[4] for row in rows[1:]] == [expected, "rigger"]
    out = io.BytesIO()
    write_xlsx([OCCUPATION_ROW, UNLISTED_ROW], out, lang, names)
    cells = list(openpyxl.load_workbook(out).active.iter_rows(min_row=2, values_only=True))
    assert [row[4] for row in cells] == [expected, "rigger"]


def test_a_csv_for_machines_keeps_the_occupations_code():
    assert read_csv(csv_chunks([OCCUPATION_ROW], None, {"welder": "焊工"}))[1][4] == "welder"


def test_unknown_codes_are_written_as_they_are():
    row = ("E004", "Wang", "T01", "A", "B", "junior", "grand_master", "award", "X", "2026-01-01")
    assert read_csv(csv_chunks([row], "en"))[1][6:8] == ["grand_master", "award"]


@pytest.mark.parametrize("lang", ["fr", ""])
def test_an_unknown_language_is_refused_before_anything_is_written(lang):
    with pytest.raises(Invalid) as caught:
        csv_chunks(ROWS, lang)
    assert list(caught.value.errors) == ["lang"]
    with pytest.raises(Invalid):
        write_xlsx(ROWS, io.BytesIO(), lang)


def test_a_workbook_is_always_labelled():
    with pytest.raises(Invalid):
        write_xlsx(ROWS, io.BytesIO(), None)


@pytest.mark.parametrize(
    ("lang", "title", "first_row"),
    [
        ("zh", "晋升名单", ("E001", "张三", "T01", "检修一班", "电工", "中级工", "高级工", "技能竞赛",
                          "2026 技能比武")),
        ("en", "Promotions", ("E001", "张三", "T01", "检修一班", "电工", "Intermediate worker", "Senior worker",
                              "Skills contest", "2026 技能比武")),
    ],
)
def test_xlsx_reads_back_with_openpyxl(lang, title, first_row):
    out = io.BytesIO()
    write_xlsx(ROWS, out, lang)
    workbook = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    sheet = workbook[title]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == header(lang)
    assert sheet["A1"].font.b
    assert rows[1][:9] == first_row
    assert rows[1][9] == datetime(2026, 11, 20)
    assert sheet["J2"].number_format == "yyyy-mm-dd"
    assert rows[2][4] is None  # no occupation
    assert rows[2][1] == 'Li, "Lee"'
    assert len(rows) == 3


def test_xlsx_keeps_formula_like_text_and_markup_as_plain_text():
    row = ("E<&>", "=1+1", "T01", "a\x01b", " padded ", "senior", "technician", "contest", "x", "2026-01-01")
    out = io.BytesIO()
    write_xlsx([row], out, "en")
    cells = list(openpyxl.load_workbook(out).active.iter_rows(min_row=2, values_only=True))[0]
    assert cells[:5] == ("E<&>", "=1+1", "T01", "ab", " padded ")
    assert cells[9] == "2026-01-01"


class _WriteOnlyStream(io.RawIOBase):
    """A response body: accepts bytes, cannot seek or tell."""

    def __init__(self):
        self.received = bytearray()

    def writable(self):
        return True

    def write(self, data):
        self.received += data
        return len(data)


def test_xlsx_can_be_written_to_a_stream_that_cannot_seek():
    stream = _WriteOnlyStream()
    write_xlsx(ROWS * 1000, stream, "en")
    rows = list(openpyxl.load_workbook(io.BytesIO(bytes(stream.received))).active.iter_rows(values_only=True))
    assert len(rows) == 2001
