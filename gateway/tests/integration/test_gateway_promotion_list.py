"""The HR promotion list: JSON pages, CSV and XLSX, zh and en labels, filters, role checks."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from gateway_support import problem_of, promotion

COLUMNS = ["employee_no", "name", "team_code", "team_name", "occupation", "from_grade", "to_grade", "source",
           "source_name", "effective_on"]


@pytest.fixture
def listed(tag, add_team, deliver):
    """A promotion from a contest and one from a certification in team P, one more in team Q."""
    p, q = f"P{tag}", f"Q{tag}"
    emp = {name: f"E{tag}{name}" for name in "ABC"}
    add_team(p, (emp["A"], "张三", "senior"), (emp["B"], "李四", "junior"))
    add_team(q, (emp["C"], "王五", "intermediate"), occupation="welder")
    assert deliver(
        promotion(emp["A"], p, "senior", "technician", "2026-04-01", source_name="2026 电工技能比武"),
        promotion(emp["B"], p, "junior", "intermediate", "2026-06-15", source="certification",
                  source_name="中级电工认证"),
        promotion(emp["C"], q, "intermediate", "senior", "2026-09-30", occupation="welder"),
    ) == ["done"] * 3
    return {"p": p, "q": q, "emp": emp}


def get(client, token, **params):
    return client.get("/api/v1/promotions", query_string=params, headers=token("hr"))


def test_both_sources_appear_in_the_json_list_with_labels(client, token, listed):
    body = get(client, token, team=listed["p"], lang="en").get_json()
    assert body["total"] == 2 and body["page"] == 1
    a, b = body["items"]
    assert {k: a[k] for k in COLUMNS} == {
        "employee_no": listed["emp"]["A"], "name": "张三", "team_code": listed["p"], "team_name": f"Team {listed['p']}",
        "occupation": "electrician", "from_grade": "senior", "to_grade": "technician", "source": "contest",
        "source_name": "2026 电工技能比武", "effective_on": "2026-04-01"}
    assert (a["to_grade_label"], a["source_label"]) == ("Technician", "Skills contest")
    assert (b["source"], b["to_grade"], b["source_label"]) == ("certification", "intermediate", "Certification")
    zh = get(client, token, team=listed["p"], lang="zh").get_json()["items"][0]
    assert (zh["to_grade_label"], zh["source_label"]) == ("技师", "技能竞赛")


def test_the_list_is_paged(client, token, listed):
    first = get(client, token, team=listed["p"], per_page=1).get_json()
    second = get(client, token, team=listed["p"], per_page=1, page=2).get_json()
    assert first["total"] == second["total"] == 2 and first["per_page"] == 1
    assert [first["items"][0]["employee_no"], second["items"][0]["employee_no"]] == [listed["emp"]["A"],
                                                                                      listed["emp"]["B"]]


@pytest.mark.parametrize("params, expected", [
    ({"source": "contest"}, "AC"),
    ({"source": "certification"}, "B"),
    ({"grade": "senior"}, "C"),
    ({"from": "2026-06-15"}, "BC"),
    ({"to": "2026-06-15"}, "AB"),
    ({"from": "2026-05-01", "to": "2026-07-01"}, "B"),
    ({"from": "2027-01-01"}, ""),
])
def test_filters(client, token, listed, params, expected):
    mine = set(listed["emp"].values())
    rows = get(client, token, per_page=500, **params).get_json()["items"]
    assert [r["employee_no"] for r in rows if r["employee_no"] in mine] == [listed["emp"][n] for n in expected]


def test_csv_without_a_language_is_for_machines(client, token, listed):
    answer = client.get("/api/v1/promotions", query_string={"team": listed["p"]},
                        headers=token("hr") | {"Accept": "text/csv"})
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True))))
    assert rows[0] == ["employee_no", "name", "team_code", "team_name", "occupation", "from_grade", "to_grade",
                       "source", "source_name", "effective_on"]
    assert rows[1] == [listed["emp"]["A"], "张三", listed["p"], f"Team {listed['p']}", "electrician", "senior",
                       "technician", "contest", "2026 电工技能比武", "2026-04-01"]
    assert rows[2][7] == "certification" and len(rows) == 3


def test_csv_by_accept_header_in_zh(client, token, listed):
    answer = client.get("/api/v1/promotions", query_string={"team": listed["p"], "lang": "zh"},
                        headers=token("hr") | {"Accept": "text/csv"})
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert answer.headers["Content-Disposition"] == f'attachment; filename="promotions-{listed["p"]}.csv"'
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True).removeprefix("\ufeff"))))
    assert rows[0] == ["工号", "姓名", "班组编码", "班组名称", "工种", "原等级", "晋升等级", "晋升来源", "来源名称", "生效日期"]
    assert rows[1] == [listed["emp"]["A"], "张三", listed["p"], f"Team {listed['p']}", "电工", "高级工", "技师",
                       "技能竞赛", "2026 电工技能比武", "2026-04-01"]
    assert rows[2][7] == "职业资格认证" and len(rows) == 3


def test_csv_by_format_in_en(client, token, listed):
    answer = get(client, token, team=listed["p"], format="csv", lang="en", source="certification")
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True))))
    assert rows[0][:2] == ["Employee no.", "Name"]
    assert rows[1][4:8] == ["Electrician", "Junior worker", "Intermediate worker", "Certification"]
    assert len(rows) == 2


def test_files_for_people_name_the_occupation_from_the_catalogue_and_keep_a_code_it_lacks(client, token, tag,
                                                                                         add_team, deliver):
    team, known, unlisted = f"R{tag}", f"E{tag}K", f"E{tag}U"
    add_team(team, (known, "赵六", "junior"), occupation="welder")
    assert deliver(promotion(known, team, "junior", "intermediate", "2026-03-01", occupation="welder"),
                   promotion(unlisted, team, "junior", "intermediate", "2026-03-02", occupation=f"rigger_{tag.lower()}")
                   ) == ["done"] * 2
    for lang, welder in (("zh", "焊工"), ("en", "Welder")):
        text = get(client, token, team=team, format="csv", lang=lang).get_data(as_text=True).removeprefix("\ufeff")
        assert [row[4] for row in list(csv.reader(io.StringIO(text)))[1:]] == [welder, f"rigger_{tag.lower()}"]
        workbook = load_workbook(io.BytesIO(get(client, token, team=team, format="xlsx", lang=lang).data))
        assert [row[4] for row in workbook.active.iter_rows(min_row=2, values_only=True)] == [
            welder, f"rigger_{tag.lower()}"]
    machines = get(client, token, team=team, format="csv").get_data(as_text=True)
    assert [row[4] for row in list(csv.reader(io.StringIO(machines)))[1:]] == ["welder", f"rigger_{tag.lower()}"]


def test_xlsx_in_both_languages(client, token, listed):
    for lang, labels in (("zh", ("技能竞赛", "职业资格认证")), ("en", ("Skills contest", "Certification"))):
        answer = get(client, token, team=listed["p"], format="xlsx", lang=lang)
        assert answer.status_code == 200
        assert answer.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert answer.headers["Content-Disposition"].startswith("attachment") and ".xlsx" in answer.headers[
            "Content-Disposition"]
        rows = list(load_workbook(io.BytesIO(answer.data)).active.iter_rows(values_only=True))
        assert len(rows) == 3 and (rows[1][7], rows[2][7]) == labels
        assert rows[1][0] == listed["emp"]["A"] and rows[1][9].date() == date(2026, 4, 1)


@pytest.mark.parametrize("params, field", [
    ({"source": "lottery"}, "source"), ({"grade": "master"}, "grade"), ({"lang": "fr"}, "lang"),
    ({"from": "yesterday"}, "from"), ({"from": "2026-05-01", "to": "2026-04-01"}, "to"),
    ({"format": "pdf"}, "format"), ({"per_page": 501}, "per_page"),
])
def test_bad_filters_are_invalid_input(client, token, params, field):
    answer = get(client, token, **params)
    assert answer.status_code == 422 and field in problem_of(answer)["errors"]


def test_only_hr_sees_the_list(client, token):
    for roles in (("worker",), ("trainer",), ("organizer",)):
        answer = client.get("/api/v1/promotions", headers=token(*roles, employee_no="E1"))
        assert answer.status_code == 403 and problem_of(answer)["reason"] == "forbidden"
    assert client.get("/api/v1/promotions", headers=token("admin")).status_code == 200
    assert client.get("/api/v1/promotions?format=csv").status_code == 401


def test_an_absurd_page_is_not_a_server_error(client, token):
    assert get(client, token, page=10**30).status_code < 500


@pytest.mark.parametrize("team", ["\x00", "a" * 41, "T 1"])
def test_a_team_filter_that_cannot_be_a_team_code_is_invalid_input(client, token, team):
    answer = get(client, token, team=team)
    assert answer.status_code == 422 and "team" in problem_of(answer)["errors"]
