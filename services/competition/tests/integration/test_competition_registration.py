"""Registration and contest settings through the HTTP API: eligibility reasons, validation, roles."""
from __future__ import annotations

from datetime import timedelta

from banzu_common.messaging import contracts

from competition_api import TODAY, add_team, add_worker, deliver, issue_credential, ok, refused, tag


def test_eligibility_reasons(api):
    t = tag()
    add_team(f"T{t}", f"Acme {t}")
    workers = {name: f"E{t}{name}" for name in ("ok", "low", "none", "expired", "revoked", "renewed")}
    for name, employee_no in workers.items():
        add_worker(employee_no, f"T{t}", f"Acme {t}", "junior" if name == "low" else "senior")
    year_ago = TODAY - timedelta(days=365)
    issue_credential(workers["ok"], "special_operation", year_ago, TODAY + timedelta(days=30))
    issue_credential(workers["expired"], "special_operation", year_ago, TODAY - timedelta(days=1))
    revoked = issue_credential(workers["revoked"], "special_operation", year_ago, TODAY + timedelta(days=30))
    deliver(contracts.CredentialRevoked.TYPE, {"credential_id": revoked, "employee_no": workers["revoked"],
                                           "type_code": "special_operation", "reason": "fraud"})
    # The renewal is announced before its old credential's issue: the old one still ends up superseded.
    old, new = f"old-{t}", f"new-{t}"
    deliver(contracts.CredentialRenewed.TYPE, {"old_credential_id": old, "credential_id": new,
                                           "employee_no": workers["renewed"], "type_code": "special_operation",
                                           "expires_on": (TODAY + timedelta(days=300)).isoformat()})
    deliver(contracts.CredentialIssued.TYPE, {"credential_id": old, "employee_no": workers["renewed"],
                                          "type_code": "special_operation", "number": "N1",
                                          "issued_on": year_ago.isoformat(), "expires_on": TODAY.isoformat()})

    cid = api.contest(min_grade="intermediate", required_credentials=["special_operation"])
    refused(api.register(cid, workers["ok"]), 409, "registration_closed")
    api.lifecycle(cid, "open")
    refused(api.register(cid, f"nobody-{t}"), 409, "unknown_worker")
    refused(api.register(cid, workers["low"]), 409, "grade_too_low")
    refused(api.register(cid, workers["none"]), 409, "credential_missing")
    refused(api.register(cid, workers["expired"]), 409, "credential_invalid")
    refused(api.register(cid, workers["revoked"]), 409, "credential_invalid")
    ok(api.register(cid, workers["renewed"]), 201)
    row = ok(api.register(cid, workers["ok"]), 201)
    assert row == {"employee_no": workers["ok"], "name": f"Worker {workers['ok']}", "team_code": f"T{t}", "bib": None,
                   "status": "registered", "reason": None}
    refused(api.register(cid, workers["ok"]), 409, "already_registered")
    refused(api.caller(f"j-{t}", ["judge"]).post(f"/contests/{cid}/contestants", {"employee_no": "x"}), 403)
    refused(api.organizer.post(f"/contests/{cid}/contestants", {}), 422)


def test_contest_settings_are_validated_and_change_only_in_draft_and_open(api):
    bad = [{"code": "A", "name": "A", "weight": 50, "max_score": 100, "method": "judgement"},
           {"code": "B", "name": "B", "weight": 40, "max_score": 0, "method": "guess"}]
    errors = refused(api.organizer.post("/contests", {"name": "X", "occupation": "e", "starts_on": "2026-01-02",
                                                      "ends_on": "2026-01-01", "segments": bad}), 422)["errors"]
    assert {"segments.1.max_score", "segments.1.method"} <= set(errors)
    errors = refused(api.organizer.post("/contests", {"name": "X", "occupation": "e", "starts_on": "2026-01-02",
                                                      "ends_on": "2026-01-01", "segments": bad[:1]}), 422)["errors"]
    assert set(errors) == {"segments"}  # weights add up to 50
    refused(api.organizer.post("/contests", {"segments": "all"}), 422)
    refused(api.caller(f"w-{tag()}", ["worker"]).post("/contests", {}), 403)
    refused(api.client.get("/api/v1/contests"), 401)

    cid = api.contest()
    contest = ok(api.organizer.get(f"/contests/{cid}"))
    assert contest["segments"][2] == {"code": "F", "name": "Troubleshooting", "weight": "20.00",
                                      "max_score": "50.00", "method": "judgement", "max_spread": "10.00"}
    assert contest["tie_break"] == ["P", "F", "T"]
    judge_id, _ = api.judge("Keeper")
    api.assign(cid, judge_id, ["P", "F"])
    segments = [{"code": "P", "name": "Practical", "weight": 70, "max_score": 100, "method": "judgement"},
                {"code": "T", "name": "Theory", "weight": 30, "max_score": 100, "method": "measurement"}]
    changed = ok(api.organizer.patch(f"/contests/{cid}", {"segments": segments, "awards": {"min_total": 50}}))
    assert [s["code"] for s in changed["segments"]] == ["P", "T"] and changed["awards"]["min_total"] == "50.00"
    assignments = ok(api.organizer.get(f"/contests/{cid}/assignments"))["items"]
    assert [(row["judge_id"], row["segments"]) for row in assignments] == [(judge_id, ["P"])]
    refused(api.organizer.patch(f"/contests/{cid}", {"tie_break": ["F"]}), 422)
    api.lifecycle(cid, "open")
    api.lifecycle(cid, "start")
    refused(api.organizer.patch(f"/contests/{cid}", {"name": "Late"}), 409, "contest_locked")
    refused(api.organizer.get("/contests/00000000-0000-0000-0000-000000000000"), 404)
    listed = ok(api.caller(f"w-{tag()}", ["worker"]).get("/contests", per_page=500))
    assert cid in {c["id"] for c in listed["items"]}
    assert "page" in refused(api.organizer.get("/contests", page=10**19), 422)["errors"]
    assert ok(api.client.get("/openapi.json"))["paths"]["/api/v1/contests/{contest_id}/scores/{segment}/{bib}"]


def test_judges_are_registered_by_organizers(api):
    username = f"judge-{tag()}"
    body = {"name": "Li Wei", "organization": "Skills Centre", "username": username,
            "conflicts": {"teams": ["T1"], "workers": ["E1"]}}
    judge = ok(api.organizer.post("/judges", body), 201)
    assert judge["conflicts"] == {"teams": ["T1"], "workers": ["E1"]} and judge["username"] == username
    refused(api.organizer.post("/judges", body), 409, "username_taken")
    refused(api.organizer.post("/judges", {"name": "", "organization": "x"}), 422)
    refused(api.caller(username, ["judge"]).post("/judges", body), 403)
    listed = ok(api.organizer.get("/judges", per_page=500))
    assert judge["id"] in {row["id"] for row in listed["items"]}
    cid = api.contest()
    refused(api.organizer.post(f"/contests/{cid}/judges", {"judge_id": "nobody", "segments": ["P"]}), 422)
    refused(api.organizer.post(f"/contests/{cid}/judges", {"judge_id": judge["id"], "segments": ["Z"]}), 422)


def test_an_empty_patch_changes_nothing_and_is_refused(api):
    cid = api.contest()
    before = ok(api.organizer.get(f"/contests/{cid}"))

    problem = refused(api.organizer.patch(f"/contests/{cid}", {}), 422, "empty_patch")

    assert "at least one field" in problem["detail"]
    assert ok(api.organizer.get(f"/contests/{cid}")) == before


def test_a_worker_who_left_the_company_is_not_registered(any_api):
    """On PostgreSQL and SQLite: the directory's event says they left; their earlier results stay theirs."""
    t = tag()
    add_team(f"T{t}", f"Acme {t}")
    stays, goes = f"E{t}S", f"E{t}G"
    for employee_no in (stays, goes):
        add_worker(employee_no, f"T{t}", f"Acme {t}", "senior")
    cid = any_api.contest()
    any_api.lifecycle(cid, "open")
    ok(any_api.register(cid, goes), 201)
    deliver(contracts.WorkerUpserted.TYPE, {"employee_no": goes, "name": f"Worker {goes}", "team_code": f"T{t}",
                                            "company": f"Acme {t}", "occupation": "electrician", "grade": "senior",
                                            "status": "left", "left_on": TODAY.isoformat()})
    later = any_api.contest()
    any_api.lifecycle(later, "open")
    problem = refused(any_api.register(later, goes), 409, "worker_left")
    assert problem["left_on"] == TODAY.isoformat()
    ok(any_api.register(later, stays), 201)
    registered = ok(any_api.organizer.get(f"/contests/{cid}/contestants"))["items"]
    assert [row["employee_no"] for row in registered] == [goes], "a registration made before they left is kept"
