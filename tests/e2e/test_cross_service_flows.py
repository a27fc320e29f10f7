"""The cross-service flows of issues 3–6, through the gateway and the real broker: a contest's
promotions and prizes, a certification's credential and promotion, expiries, the team score of
domain.md's example (76, three stars), the HR list in CSV and XLSX, and the profile."""
from __future__ import annotations

import csv
import io
import uuid
from datetime import date, timedelta
from decimal import Decimal

import openpyxl

from client import eventually, problem
from flows import certify, created, run_contest, team, user, worker

TODAY = date.today()


def test_team_score_example_and_the_hr_list(banzu, admin):
    tag = uuid.uuid4().hex[:6].upper()
    hr = user(admin, banzu, f"hr{tag}".lower(), ["hr"])
    trainer = user(admin, banzu, f"tr{tag}".lower(), ["trainer"])
    home, rival = team(hr, f"T{tag}", f"Acme {tag}"), team(hr, f"U{tag}", f"Beta {tag}")
    a, w, x = (worker(hr, f"A{tag}", home, "intermediate"), worker(hr, f"W{tag}", home, "junior"),
               worker(hr, f"X{tag}", home, "senior"))
    b, c, d = (worker(hr, f"B{tag}", rival, "senior"), worker(hr, f"C{tag}", rival, "junior"),
               worker(hr, f"D{tag}", rival, "junior"))

    # domain.md's contest: B first (senior -> technician), A second (intermediate -> senior)
    cid = run_contest(admin, banzu, "electrician", TODAY.isoformat(), {
        a: (90, [80, 84, 86, 88, 90], [40, 42, 44]), b: (80, [88, 88, 90, 92, 94], [40, 40, 43]),
        c: (70, [70, 72, 74, 76, 78], [30, 35, 37]), d: (50, [50, 55, 60, 58, 52], [20, 25, 24])})
    results = {r["employee_no"]: r for r in hr.get(f"/contests/{cid}/results").json()["items"]}
    assert [(results[e]["rank"], Decimal(str(results[e]["total"])), results[e]["prize"]) for e in (b, a, c, d)] == [
        (1, Decimal("86.40"), "first"), (2, Decimal("86.40"), "second"), (3, Decimal("72.00"), "third"),
        (4, Decimal("52.20"), None)]

    # W earns a certification: training -> credentials (a credential) and the gateway (a promotion)
    certify(trainer, w, tag, "intermediate", pass_score=60, score=85)

    # X's credential expired yesterday: the sweep counts it against the team
    yesterday = TODAY - timedelta(days=1)
    created(hr, "/credentials", {"employee_no": x, "type_code": "special_equipment", "number": f"SE{tag}",
                                 "issuer": "Bureau", "issued_on": (yesterday - timedelta(days=1460)).isoformat(),
                                 "expires_on": yesterday.isoformat()}, "X's credential")
    assert admin.post("/credentials/sweep", params={"as_of": TODAY.isoformat()}).status == 200

    def score():
        body = hr.get(f"/teams/{home}/score", params={"period": str(TODAY.year)}).json()
        return body if Decimal(str(body["score"])) == 76 else None

    body = eventually(score, "70 + 3 (A senior) + 2 (W intermediate) + 4 (second prize) - 3 (expiry) = 76")
    assert body["rating"] == "three_star"
    assert sorted(entry["kind"] for entry in body["ledger"]) == ["expiry", "prize", "promotion", "promotion"]

    # the credentials service issued what the events said, once each
    def credential_types(employee_no):
        return sorted(r["type_code"] for r in hr.get("/credentials", params={"employee_no": employee_no}).json()["items"])

    eventually(lambda: credential_types(w) == ["post_qualification", "skill_level"], "W's certificate and skill level")
    eventually(lambda: credential_types(b) == ["skill_level"], "B's skill level certificate")

    # the HR list, both sources, in CSV (zh) and XLSX (en)
    def listed():
        rows = hr.get("/promotions", params={"team": home}).json()["items"]
        return rows if {(r["employee_no"], r["source"]) for r in rows} == {(a, "contest"), (w, "certification")} else None

    eventually(listed, "both promotions listed")
    answer = hr.get("/promotions", params={"team": home, "format": "csv", "lang": "zh"})
    table = list(csv.reader(io.StringIO(answer.body.decode("utf-8-sig"))))
    assert len(table) == 3 and {row[0] for row in table[1:]} == {a, w}
    assert "高级工" in {cell for row in table for cell in row}, "zh grade labels"
    answer = hr.get("/promotions", params={"team": home, "format": "xlsx", "lang": "en"})
    sheet = openpyxl.load_workbook(io.BytesIO(answer.body), read_only=True).worksheets[0]
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert len(values) == 3 and "Senior worker" in {cell for row in values for cell in row}
    assert hr.get(f"/workers/{a}").json()["grade"] == "senior", "the directory grade rose"


def test_profile_marks_a_stopped_service_unavailable(banzu, admin):
    tag = uuid.uuid4().hex[:6].upper()
    hr = user(admin, banzu, f"hrp{tag}".lower(), ["hr"])
    employee_no = worker(hr, f"P{tag}", team(hr, f"P{tag}", f"Plant {tag}"), "junior")
    created(hr, "/credentials", {"employee_no": employee_no, "type_code": "post_qualification",
                                 "number": f"PQ{tag}", "issuer": "Plant", "issued_on": TODAY.isoformat()}, "credential")
    whole = hr.get(f"/workers/{employee_no}/profile").json()
    assert all(whole[part] != "unavailable" for part in ("credentials", "training", "contests")), whole
    banzu.stop("training")
    try:
        partial = hr.get(f"/workers/{employee_no}/profile").json()
        assert partial["training"] == "unavailable"
        assert [c["number"] for c in partial["credentials"]] == [f"PQ{tag}"]
        assert partial["worker"]["employee_no"] == employee_no
    finally:
        banzu.start("training")
    eventually(lambda: hr.get("/courses").status == 200, "training back")
    problem(hr.get("/workers/NOPE-NOBODY/profile"), 404)
