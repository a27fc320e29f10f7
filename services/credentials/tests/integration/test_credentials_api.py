"""The credentials HTTP API through the real application and PostgreSQL (api.md, domain.md "Credentials")."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import Workbook

from banzu_common import testing_uploads as hostile
from banzu_common.dates import add_months
from banzu_common.messaging.contracts import CredentialExpired, CredentialExpiring, CredentialRenewed

from banzu_credentials.adapters.tables import metadata
from credentials_support import outbox_events

API = "/api/v1"


@pytest.fixture
def people(add_worker, tag):
    emp = {"Y": f"Y{tag}", "Z": f"Z{tag}"}
    add_worker(emp["Y"], "张三丰", f"T{tag}")
    add_worker(emp["Z"], "李四光", f"T{tag}")
    return emp


def issue(client, headers, **body):
    response = client.post(f"{API}/credentials", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def sent(client, headers, cid, as_of):
    body = client.get(f"{API}/credentials/{cid}", query_string={"as_of": as_of}, headers=headers).get_json()
    return body, sorted((n["kind"], n["threshold"]) for n in body["notices"])


def test_worked_example_notices_per_sweep(client, token, people, tag, runtime, demo):
    hr, admin = token("hr"), token("admin")
    cred = issue(client, hr, employee_no=people["Y"], type_code="special_equipment", number=f"SE{tag}",
                 issuer="Market Supervision Bureau", issued_on="2022-12-20")
    assert cred["expires_on"] == "2026-12-20" and len(cred["verification_code"]) == 8

    def sweep(on):
        response = client.post(f"{API}/credentials/sweep", query_string={"as_of": on}, headers=admin)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    assert sweep("2026-11-22")["expiring"] >= 1
    body, notices = sent(client, hr, cred["id"], "2026-11-22")
    assert (body["status"], body["days_left"], notices) == ("expiring", 28, [("expiring", 30)])
    sweep("2026-11-22")
    assert sent(client, hr, cred["id"], "2026-11-22")[1] == [("expiring", 30)]
    sweep("2026-12-14")
    assert sent(client, hr, cred["id"], "2026-12-14")[1] == [("expiring", 7), ("expiring", 30)]
    sweep("2026-12-21")
    body, notices = sent(client, hr, cred["id"], "2026-12-21")
    assert body["status"] == "expired" and notices == [("expired", None), ("expiring", 7), ("expiring", 30)]

    with runtime.sessions() as session:
        outbox = metadata.tables["outbox"]
        expiring = [e["data"] for e in outbox_events(session, outbox, CredentialExpiring.TYPE)
                    if e["data"]["credential_id"] == cred["id"]]
        expired = [e["data"] for e in outbox_events(session, outbox, CredentialExpired.TYPE)
                   if e["data"]["credential_id"] == cred["id"]]
    assert [(e["threshold"], e["days_left"]) for e in expiring] == [(30, 28), (7, 6)]
    assert expired == [{"credential_id": cred["id"], "employee_no": people["Y"], "type_code": "special_equipment",
                        "expires_on": "2026-12-20", "number": cred["number"], "type_name_zh": "特种设备作业人员证",
                        "type_name_en": "Special equipment operator certificate"}]
    assert {(e["number"], e["type_name_zh"]) for e in expiring} == {(cred["number"], "特种设备作业人员证")}


def test_leap_day_clamp_and_status_precedence(client, token, people, tag):
    admin, hr = token("admin"), token("hr")
    code = f"annual_{tag.lower()}"
    created = client.post(f"{API}/credential-types", headers=admin,
                          json={"code": code, "name": "Annual permit", "validity_months": 12, "reminder_days": [30]})
    assert created.status_code == 201, created.get_json()
    cred = issue(client, hr, employee_no=people["Z"], type_code=code, number=f"AN{tag}", issuer="Plant",
                 issued_on="2020-02-29")
    assert cred["expires_on"] == "2021-02-28"
    on_day = client.get(f"{API}/credentials/{cred['id']}", query_string={"as_of": "2021-02-28"}, headers=hr)
    assert (on_day.get_json()["status"], on_day.get_json()["days_left"]) == ("expiring", 0)
    assert client.post(f"{API}/credentials/{cred['id']}/revoke", json={"reason": "lost"}, headers=hr).status_code == 200
    again = client.post(f"{API}/credentials/{cred['id']}/revoke", json={"reason": "lost"}, headers=hr)
    assert again.status_code == 409 and again.get_json()["reason"] == "already_revoked"
    later = client.get(f"{API}/credentials/{cred['id']}", query_string={"as_of": "2021-03-01"}, headers=hr)
    assert later.get_json()["status"] == "revoked"


def test_worker_sees_only_own(client, token, people, tag):
    hr = token("hr")
    mine = issue(client, hr, employee_no=people["Y"], type_code="post_qualification", number=f"PQ{tag}Y",
                 issuer="Plant", issued_on="2026-01-10")
    theirs = issue(client, hr, employee_no=people["Z"], type_code="post_qualification", number=f"PQ{tag}Z",
                   issuer="Plant", issued_on="2026-01-10")
    worker = token("worker", employee_no=people["Y"])
    own = client.get(f"{API}/credentials/me", headers=worker).get_json()["items"]
    assert [c["number"] for c in own] == [mine["number"]]
    assert client.get(f"{API}/credentials/{mine['id']}", headers=worker).status_code == 200
    assert client.get(f"{API}/credentials/{theirs['id']}", headers=worker).status_code == 403
    assert client.get(f"{API}/credentials/{theirs['id']}/qr.png", headers=worker).status_code == 403
    assert client.get(f"{API}/credentials", query_string={"employee_no": people["Z"]},
                      headers=worker).status_code == 403
    assert client.post(f"{API}/credentials/{mine['id']}/revoke", json={"reason": "x"}, headers=worker).status_code == 403
    assert client.get(f"{API}/credentials/me").status_code == 401


def test_verification_cannot_probe_and_qr_points_at_it(client, token, people, tag):
    hr = token("hr")
    cred = issue(client, hr, employee_no=people["Y"], type_code="special_operation", number=f"SO{tag}",
                 issuer="Emergency Management Bureau", issued_on="2025-05-01")
    assert (cred["expires_on"], cred["next_review_on"]) == ("2031-05-01", "2028-05-01")
    ok = client.get(f"{API}/verify/{cred['number']}", query_string={"code": cred["verification_code"].lower()})
    assert ok.status_code == 200
    assert {k: ok.get_json()[k] for k in ("type", "holder", "issued_on", "expires_on", "status")} == {
        "type": "special_operation", "holder": "张*丰", "issued_on": "2025-05-01", "expires_on": "2031-05-01",
        "status": "valid"}
    wrong = client.get(f"{API}/verify/{cred['number']}", query_string={"code": "00000000"})
    unknown = client.get(f"{API}/verify/NOPE{tag}", query_string={"code": cred["verification_code"]})
    missing = client.get(f"{API}/verify/{cred['number']}")
    for response in (wrong, unknown, missing):
        assert response.status_code == 404 and response.content_type == "application/problem+json"
    assert wrong.get_json() == unknown.get_json() == missing.get_json()

    png = client.get(f"{API}/credentials/{cred['id']}/qr.png", headers=token("worker", employee_no=people["Y"]))
    assert png.status_code == 200 and png.content_type == "image/png" and png.data.startswith(b"\x89PNG")


def test_renew_and_review(client, token, people, tag, runtime):
    hr = token("hr")
    old = issue(client, hr, employee_no=people["Y"], type_code="special_operation", number=f"OLD{tag}",
                issuer="Bureau", issued_on="2020-01-15")
    reviewed = client.post(f"{API}/credentials/{old['id']}/reviews", json={"reviewed_on": "2023-01-10"}, headers=hr)
    assert reviewed.status_code == 200 and reviewed.get_json()["next_review_on"] == "2026-01-10"
    renewal = client.post(f"{API}/credentials/{old['id']}/renew", headers=hr,
                          json={"number": f"NEW{tag}", "issued_on": "2026-01-10"})
    assert renewal.status_code == 201, renewal.get_json()
    new = renewal.get_json()
    assert (new["employee_no"], new["expires_on"], new["issuer"]) == (people["Y"], "2032-01-10", "Bureau")
    assert client.get(f"{API}/credentials/{old['id']}", headers=hr).get_json()["status"] == "superseded"
    twice = client.post(f"{API}/credentials/{old['id']}/renew", headers=hr,
                        json={"number": f"NEW2{tag}", "issued_on": "2026-01-10"})
    assert twice.status_code == 409 and twice.get_json()["reason"] == "already_superseded"
    with runtime.sessions() as session:
        renewed = [e["data"] for e in outbox_events(session, metadata.tables["outbox"], CredentialRenewed.TYPE)
                   if e["data"]["old_credential_id"] == old["id"]]
    assert renewed == [{"old_credential_id": old["id"], "credential_id": new["id"], "employee_no": people["Y"],
                        "type_code": "special_operation", "expires_on": "2032-01-10"}]


def years_ago(years: int, days: int = 0) -> str:
    """A date `years` years (and `days` days) before today: certificates recorded late are dated so."""
    today = date.today()
    return (today.replace(year=today.year - years, day=min(today.day, 28)) - timedelta(days=days)).isoformat()


def test_a_certificate_recorded_late_is_said_to_be_overdue_for_review_unless_its_last_review_is_given(
        client, token, people, tag):
    """Issue 22: a 特种作业操作证 issued four years ago reviews every 36 months, so recorded today
    without its last review it is due at once; recorded with last month's review it is not."""
    hr = token("hr")
    body = {"employee_no": people["Y"], "type_code": "special_operation", "issuer": "Emergency Management Bureau",
            "issued_on": years_ago(4)}
    three_years_on = years_ago(1)
    check = client.post(f"{API}/credentials", query_string={"dry_run": "true"}, headers=hr,
                        json=body | {"number": f"LR{tag}1"})
    assert check.status_code == 200, check.get_json()
    assert {k: check.get_json()[k] for k in ("next_review_on", "status", "review_overdue", "last_reviewed_on")} == {
        "next_review_on": three_years_on, "status": "review_due", "review_overdue": True, "last_reviewed_on": None}
    assert "id" not in check.get_json() and "verification_code" not in check.get_json()
    assert client.get(f"{API}/credentials", headers=hr, query_string={"employee_no": people["Y"]}
                      ).get_json()["total"] == 0, "a check records nothing"

    overdue = issue(client, hr, **body, number=f"LR{tag}1")
    assert (overdue["next_review_on"], overdue["review_overdue"]) == (three_years_on, True)
    assert client.get(f"{API}/credentials/{overdue['id']}", headers=hr).get_json()["review_overdue"] is True
    reviewed = client.post(f"{API}/credentials/{overdue['id']}/reviews", headers=hr,
                           json={"reviewed_on": date.today().isoformat()}).get_json()
    assert (reviewed["status"], reviewed["review_overdue"]) == ("valid", False)

    last_month = (date.today() - timedelta(days=30)).isoformat()
    recorded = issue(client, hr, **body, number=f"LR{tag}2", last_reviewed_on=last_month)
    assert recorded["last_reviewed_on"] == last_month and recorded["reviews"] == [last_month]
    assert (recorded["status"], recorded["review_overdue"]) == ("valid", False)
    assert recorded["next_review_on"] == add_months(date.fromisoformat(last_month), 36).isoformat()

    still_due = issue(client, hr, **body, number=f"LR{tag}3", last_reviewed_on=years_ago(3, days=10))
    assert still_due["review_overdue"] is True, "a review more than 36 months ago leaves it due"
    verified = client.get(f"{API}/verify/{still_due['number']}", query_string={"code": still_due["verification_code"]})
    assert {k: verified.get_json()[k] for k in ("status", "next_review_on")} == {
        "status": "review_due", "next_review_on": still_due["next_review_on"]}
    assert set(verified.get_json()) == {"number", "type", "type_name", "type_name_en", "holder", "issued_on",
                                        "expires_on", "next_review_on", "status", "as_of"}


def test_a_last_review_that_cannot_be_is_refused_in_words(client, token, people, tag):
    hr = token("hr")
    body = {"employee_no": people["Z"], "type_code": "special_operation", "number": f"LRX{tag}", "issuer": "Bureau",
            "issued_on": years_ago(2)}
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    cases = [
        ({"last_reviewed_on": tomorrow}, "must not be after today"),
        ({"last_reviewed_on": years_ago(3)}, "must not be before issued_on"),
        ({"last_reviewed_on": years_ago(1), "expires_on": years_ago(1, days=1)}, "must not be after expires_on"),
        ({"last_reviewed_on": years_ago(1), "type_code": "special_equipment"},
         "must be empty: this type of credential has no periodic review"),
    ]
    for changes, message in cases:
        for args in ({}, {"dry_run": "true"}):
            refused = client.post(f"{API}/credentials", json=body | changes, headers=hr, query_string=args)
            assert refused.status_code == 422, (changes, refused.get_json())
            assert refused.get_json()["errors"] == {"last_reviewed_on": [message]}
    assert client.post(f"{API}/credentials", json=body | {"last_reviewed_on": "soon"}, headers=hr).status_code == 422
    assert client.post(f"{API}/credentials", query_string={"dry_run": "true"}, json=body,
                       headers=token("worker", employee_no=people["Z"])).status_code == 403


def test_the_import_takes_the_last_review(client, token, people, tag):
    hr = token("hr")
    last_month = (date.today() - timedelta(days=30)).isoformat()
    csv_text = ("employee_no,type_code,number,issuer,issued_on,expires_on,last_reviewed_on\n"
                f"{people['Y']},special_operation,IR{tag}1,Bureau,{years_ago(4)},,{last_month}\n"
                f"{people['Y']},special_operation,IR{tag}2,Bureau,{years_ago(4)},,\n"
                f"{people['Z']},special_operation,IR{tag}3,Bureau,{years_ago(4)},,{years_ago(5)}\n")
    data = csv_text.encode("utf-8")
    dry = upload(client, hr, data, "c.csv", dry_run="true").get_json()
    assert dry["errors"] == [{"row": 4, "field": "last_reviewed_on", "message": "must not be before issued_on"}]
    assert upload(client, hr, data, "c.csv", partial="true").get_json()["created"] == 2
    stored = {c["number"]: c for c in client.get(f"{API}/credentials", headers=hr, query_string={
        "employee_no": people["Y"], "type": "special_operation"}).get_json()["items"]}
    assert (stored[f"IR{tag}1"]["last_reviewed_on"], stored[f"IR{tag}1"]["review_overdue"]) == (last_month, False)
    assert (stored[f"IR{tag}2"]["last_reviewed_on"], stored[f"IR{tag}2"]["review_overdue"]) == (None, True)
    assert upload(client, hr, data, "c.csv", partial="true").get_json()["created"] == 0, "imported again: nothing new"


def test_bad_input_is_422_or_409_never_500(client, token, people, tag):
    hr = token("hr")
    body = {"employee_no": people["Y"], "type_code": "post_qualification", "number": f"N{tag}", "issuer": "Plant",
            "issued_on": "2026-01-10"}
    cases = [
        ({**body, "issued_on": "2026-02-30"}, "issued_on"),
        ({**body, "type_code": "nope"}, "type_code"),
        ({**body, "employee_no": "UNKNOWN"}, "employee_no"),
        ({**body, "number": "has space"}, "number"),
        ({**body, "expires_on": "2020-01-01"}, "expires_on"),
        ({k: v for k, v in body.items() if k != "issuer"}, "issuer"),
    ]
    for payload, field in cases:
        response = client.post(f"{API}/credentials", json=payload, headers=hr)
        assert response.status_code == 422 and field in response.get_json()["errors"], (field, response.get_json())
    issue(client, hr, **body)
    taken = client.post(f"{API}/credentials", json=body, headers=hr)
    assert taken.status_code == 409 and taken.get_json()["reason"] == "number_taken"
    garbage = client.post(f"{API}/credentials", data=b"{nope", content_type="application/json", headers=hr)
    assert garbage.status_code in (400, 422) and garbage.content_type == "application/problem+json"
    assert client.get(f"{API}/credentials/nope", headers=hr).status_code == 404
    assert client.get(f"{API}/credentials", query_string={"as_of": "9999-12-31"}, headers=hr).status_code == 422
    assert client.get(f"{API}/credentials", query_string={"status": "odd"}, headers=hr).status_code == 422
    bad_type = client.post(f"{API}/credential-types", headers=token("admin"),
                           json={"code": "X", "name": "", "validity_months": True, "reminder_days": [0]})
    assert bad_type.status_code == 422


def test_list_filters_and_idempotent_create(client, token, people, tag):
    hr = token("hr")
    body = {"employee_no": people["Z"], "type_code": "special_equipment", "number": f"ID{tag}",
            "issuer": "Bureau", "issued_on": "2022-12-20"}
    key = {"Idempotency-Key": f"k-{tag}"}
    first = client.post(f"{API}/credentials", json=body, headers=hr | key)
    second = client.post(f"{API}/credentials", json=body, headers=hr | key)
    assert first.status_code == second.status_code == 201 and first.get_json()["id"] == second.get_json()["id"]
    page = client.get(f"{API}/credentials", headers=hr, query_string={
        "team": f"T{tag}", "type": "special_equipment", "status": "expiring", "as_of": "2026-11-22"}).get_json()
    assert [c["number"] for c in page["items"]] == [f"ID{tag}"] and page["total"] == 1
    assert page["items"][0]["holder_name"] == "李四光" == first.get_json()["holder_name"]
    none = client.get(f"{API}/credentials", headers=hr, query_string={
        "team": f"T{tag}", "status": "valid", "as_of": "2026-11-22", "type": "special_equipment"}).get_json()
    assert none["total"] == 0


def test_expiring_within_a_number_of_days(client, token, people, tag):
    """The expiry window lists credentials in force that expire between as_of and as_of + N days."""
    hr = token("hr")
    base = {"employee_no": people["Y"], "type_code": "post_qualification", "issuer": "Plant", "issued_on": "2025-01-01"}
    issued = {suffix: issue(client, hr, **base, number=f"W{tag}{suffix}", expires_on=expires_on)
              for suffix, expires_on in (("20", "2026-05-21"), ("45", "2026-06-15"), ("past", "2026-04-30"),
                                         ("gone", "2026-05-10"))}
    gone = issued["gone"]
    assert client.post(f"{API}/credentials/{gone['id']}/revoke", json={"reason": "lost"}, headers=hr).status_code == 200

    def window(days: int) -> list[str]:
        page = client.get(f"{API}/credentials", headers=hr, query_string={
            "employee_no": people["Y"], "expiring_within": days, "as_of": "2026-05-01", "per_page": 500}).get_json()
        return sorted(c["number"] for c in page["items"] if c["number"].startswith(f"W{tag}"))

    assert window(30) == [f"W{tag}20"]
    assert window(60) == [f"W{tag}20", f"W{tag}45"]
    assert client.get(f"{API}/credentials", headers=hr, query_string={"expiring_within": -1}).status_code == 422


def test_the_import_template_names_the_columns(client, token):
    answer = client.get(f"{API}/credentials/import/template", headers=token("hr"))
    assert answer.status_code == 200 and answer.content_type.startswith("text/csv")
    assert answer.data.decode("utf-8-sig").strip() == (
        "employee_no,type_code,number,issuer,issued_on,expires_on,last_reviewed_on")
    workbook = client.get(f"{API}/credentials/import/template", query_string={"format": "xlsx"}, headers=token("hr"))
    assert workbook.data[:2] == b"PK" and "credentials-template.xlsx" in workbook.headers["Content-Disposition"]
    assert client.get(f"{API}/credentials/import/template", headers=token("worker", employee_no="E1")
                      ).status_code == 403


def upload(client, headers, content: bytes, filename: str, **args):
    return client.post(f"{API}/credentials/import", headers=headers, query_string=args,
                       data={"file": (io.BytesIO(content), filename)}, content_type="multipart/form-data")


def test_import_dry_run_all_or_nothing_and_partial(client, token, people, tag):
    hr = token("hr")
    csv_text = ("employee_no,type_code,number,issuer,issued_on,expires_on\n"
                f"{people['Y']},post_qualification,IM{tag}1,Plant,2026-01-10,\n"
                f"{people['Z']},special_equipment,IM{tag}2,Bureau,2025/03/01,\n"
                f"NOBODY{tag},post_qualification,IM{tag}3,Plant,2026-01-10,\n"
                f"{people['Z']},post_qualification,IM{tag}4,Plant,2026-13-01,\n")
    data = csv_text.encode("utf-8-sig")
    dry = upload(client, hr, data, "c.csv", dry_run="true").get_json()
    assert dry["created"] == 0 and {(e["row"], e["field"]) for e in dry["errors"]} == {(4, "employee_no"),
                                                                                        (5, "issued_on")}
    refused = upload(client, hr, data, "c.csv").get_json()
    assert refused["created"] == 0 and len(refused["errors"]) == 2
    numbers = lambda: {c["number"] for c in client.get(f"{API}/credentials", headers=hr,  # noqa: E731
                                                          query_string={"team": f"T{tag}"}).get_json()["items"]}
    assert numbers() == set()
    partial = upload(client, hr, data, "c.csv", partial="true").get_json()
    assert partial["created"] == 2 and numbers() == {f"IM{tag}1", f"IM{tag}2"}
    again = upload(client, hr, data, "c.csv", partial="true").get_json()
    assert again["created"] == 0, "importing the same file again creates nothing"

    book = Workbook()
    sheet = book.active
    sheet.append(["employee_no", "type_code", "number", "issuer", "issued_on", "expires_on"])
    sheet.append([people["Y"], "special_operation", f"XL{tag}", "Bureau", "2025-05-01", None])
    content = io.BytesIO()
    book.save(content)
    xlsx = upload(client, hr, content.getvalue(), "c.xlsx").get_json()
    assert xlsx == {"created": 1, "updated": 0, "dry_run": False, "valid_rows": 1, "errors": []}
    assert upload(client, hr, b"PK\x03\x04broken", "c.xlsx").status_code == 422
    no_file = client.post(f"{API}/credentials/import", headers=hr, data={}, content_type="multipart/form-data")
    assert no_file.status_code == 422 and "file" in no_file.get_json()["errors"]
    assert upload(client, token("worker", employee_no=people["Y"]), data, "c.csv").status_code == 403


@pytest.mark.parametrize("content, filename, message", [
    (hostile.dimension_bomb(), "bomb.xlsx", "declares the cells A1:XFD1048576: more than 200,000 rows or 64 columns"),
    (hostile.csv_giant_row(), "row.csv", "has more than 256 KiB in one row (row 2)"),
])
def test_a_hostile_import_file_is_refused_naming_the_limit(client, token, content, filename, message):
    answer = upload(client, token("hr"), content, filename)
    assert answer.status_code == 422 and answer.get_json()["errors"] == {"file": [message]}


def test_compliance_per_team(client, token, add_worker, add_occupation, tag):
    admin, hr = token("admin"), token("hr")
    team, occupation = f"K{tag}", add_occupation(f"welder_{tag.lower()}")
    for employee_no, name in ((f"A{tag}", "王五"), (f"B{tag}", "赵六"), (f"C{tag}", "钱七")):
        add_worker(employee_no, name, team, occupation=occupation)
    put = client.put(f"{API}/occupation-requirements/{occupation}", headers=admin,
                     json={"type_codes": ["special_operation", "post_qualification"]})
    assert put.status_code == 200
    assert client.get(f"{API}/occupation-requirements/{occupation}", headers=hr).get_json()["type_codes"] == [
        "post_qualification", "special_operation"]
    assert client.put(f"{API}/occupation-requirements/{occupation}", headers=hr, json={"type_codes": []}).status_code == 403
    unknown = client.put(f"{API}/occupation-requirements/{occupation}", headers=admin, json={"type_codes": ["zzz"]})
    assert unknown.status_code == 422
    for employee_no in (f"A{tag}", f"B{tag}"):
        for type_code in ("special_operation", "post_qualification"):
            issue(client, hr, employee_no=employee_no, type_code=type_code, number=f"{type_code[:2]}{employee_no}",
                  issuer="Plant", issued_on="2025-06-01")
    expired_for_b = client.get(f"{API}/credentials", headers=hr, query_string={
        "employee_no": f"B{tag}", "type": "post_qualification"}).get_json()["items"][0]
    client.post(f"{API}/credentials/{expired_for_b['id']}/revoke", json={"reason": "withdrawn"}, headers=hr)
    report = client.get(f"{API}/compliance", query_string={"team": team, "as_of": "2026-01-01"}, headers=hr)
    assert report.status_code == 200
    assert report.get_json()["items"] == [{
        "team_code": team, "workers": 3, "applicable": 3, "compliant": 1, "rate": "33.33",
        "missing": [{"employee_no": f"B{tag}", "name": "赵六", "missing": ["post_qualification"]},
                    {"employee_no": f"C{tag}", "name": "钱七", "missing": ["post_qualification", "special_operation"]}],
        "unconfigured": []}]
    assert client.get(f"{API}/compliance", query_string={"team": f"NONE{tag}"}, headers=hr).status_code == 404
    assert client.get(f"{API}/compliance", headers=token("worker", employee_no=f"A{tag}")).status_code == 403


def test_compliance_of_a_team_whose_occupation_has_no_requirements(client, token, add_worker, add_occupation, tag):
    """Issue 22: WD-03 showed 100 % although 4 of its 5 welders held no certificate. Without
    requirements the rate is not configured (null), the occupation is named; once set, the true rate."""
    admin, hr = token("admin"), token("hr")
    team, welder = f"WD{tag}", add_occupation(f"welder_{tag.lower()}")
    welders = [f"W{i}{tag}" for i in range(1, 6)]
    for number, employee_no in enumerate(welders, 1):
        add_worker(employee_no, f"焊工{number}", team, occupation=welder)
    issue(client, hr, employee_no=welders[0], type_code="special_operation", number=f"SO-W1{tag}", issuer="Bureau",
          issued_on="2025-06-01")

    def report() -> dict:
        answer = client.get(f"{API}/compliance", query_string={"team": team, "as_of": "2026-01-01"}, headers=hr)
        assert answer.status_code == 200, answer.get_json()
        return answer.get_json()["items"][0]

    assert report() == {"team_code": team, "workers": 5, "applicable": 0, "compliant": 0, "rate": None,
                        "missing": [], "unconfigured": [welder]}

    assert client.put(f"{API}/occupation-requirements/{welder}", headers=admin,
                      json={"type_codes": ["special_operation"]}).status_code == 200
    after = report()
    assert (after["workers"], after["applicable"], after["compliant"], after["rate"], after["unconfigured"]) == (
        5, 5, 1, "20.00", [])
    assert [(row["employee_no"], row["missing"]) for row in after["missing"]] == [
        (employee_no, ["special_operation"]) for employee_no in welders[1:]]

    assert client.put(f"{API}/occupation-requirements/{welder}", headers=admin, json={"type_codes": []}).status_code == 200
    assert report()["rate"] is None, "requiring nothing again is not configured again"


def test_operations_and_openapi(client):
    assert client.get("/healthz").status_code == 200
    paths = client.get("/openapi.json").get_json()["paths"]
    for path in ("/api/v1/credentials", "/api/v1/credentials/me", "/api/v1/verify/{number}", "/api/v1/compliance",
                 "/api/v1/credentials/{credential_id}/qr.png", "/api/v1/occupation-requirements/{occupation}"):
        assert path in paths, path
