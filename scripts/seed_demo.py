"""Demo data for `./banzu run`, added through the public API like any client would (idempotent)."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from datetime import date, datetime, timedelta, timezone

DEMO_PASSWORD = "Demo-Banzu-2026"
TEAMS = [
    {"code": "MX-01", "name": "维修一班 Maintenance 1", "company": "Eastern Power Co.", "workshop": "Turbine hall"},
    {"code": "WD-02", "name": "焊接二班 Welding 2", "company": "Northern Steel Co.", "workshop": "Fabrication"},
]
WORKERS = [
    ("W001", "张三丰", "MX-01", "electrician", "intermediate"),
    ("W002", "李四光", "MX-01", "electrician", "senior"),
    ("W003", "王五", "MX-01", "electrician", "junior"),
    ("W004", "赵六", "WD-02", "welder", "junior"),
    ("W005", "钱七", "WD-02", "welder", "senior"),
    ("W006", "孙八", "WD-02", "welder", "intermediate"),
]
USERS = [("organizer", ["organizer"], None), ("judge1", ["judge"], None), ("judge2", ["judge"], None),
         ("judge3", ["judge"], None), ("trainer", ["trainer"], None), ("hr", ["hr"], None),
         ("worker", ["worker"], "W001")]


class Api:
    def __init__(self, url: str):
        self.url = url.rstrip("/") + "/api/v1"
        self.token = None

    def call(self, method: str, path: str, body=None) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json", "Accept": "application/json"})
        if self.token:
            request.add_header("Authorization", "Bearer " + self.token)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def ensure(self, path: str, body: dict, wait: float = 0.0) -> dict | None:
        """POST once; a 409 (already there) is fine; with `wait`, retry until other services caught up."""
        deadline = time.monotonic() + wait
        while True:
            status, answer = self.call("POST", path, body)
            if status in (200, 201):
                return answer
            if status == 409 and answer.get("reason") in (None, "conflict", "username_taken"):
                return None
            if time.monotonic() > deadline:
                print(f"demo data: POST {path} answered {status}: {answer.get('detail')}")
                return None
            time.sleep(0.5)


def seed(url: str, admin: str, password: str) -> list[tuple[str, str, str]]:
    api = Api(url)
    status, answer = api.call("POST", "/auth/token", {"username": admin, "password": password})
    if status != 200:
        print(f"demo data: cannot sign in as {admin}: {answer.get('detail')}")
        return []
    api.token = answer["access_token"]
    for username, roles, employee_no in USERS:
        api.ensure("/users", {"username": username, "password": DEMO_PASSWORD, "roles": roles,
                              "employee_no": employee_no})
    for team in TEAMS:
        api.ensure("/teams", team)
    for employee_no, name, team, occupation, grade in WORKERS:
        api.ensure("/workers", {"employee_no": employee_no, "name": name, "team_code": team,
                                "occupation": occupation, "grade": grade})
    today = date.today()
    api.ensure("/credentials", {"employee_no": "W001", "type_code": "special_operation", "number": "DEMO-SO-0001",
                                "issuer": "Emergency Management Bureau",
                                "issued_on": (today - timedelta(days=400)).isoformat()}, wait=30)
    api.ensure("/credentials", {"employee_no": "W001", "type_code": "post_qualification", "number": "DEMO-PQ-0001",
                                "issuer": "Eastern Power Co.",
                                "issued_on": (today - timedelta(days=710)).isoformat()}, wait=30)
    api.ensure("/courses", {"code": "EL-SAFE", "title": "Electrical safety refresher", "occupation": "electrician",
                            "hours": 8, "kind": "refresher", "credential_type": "post_qualification"})
    start = datetime.combine(today + timedelta(days=10), datetime.min.time(), timezone.utc) + timedelta(hours=1)
    api.ensure("/sessions", {"course_code": "EL-SAFE", "trainer": "trainer", "starts_at": start.isoformat(),
                             "ends_at": (start + timedelta(hours=8)).isoformat(), "location": "Training room A",
                             "capacity": 12})
    return [(", ".join(roles), username, DEMO_PASSWORD) for username, roles, _ in USERS]
