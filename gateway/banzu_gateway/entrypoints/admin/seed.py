"""Demo data for `./banzu run`, added through the public API like any client would (idempotent).

Demo accounts get the password the caller picked for this installation (none is written here), and
nothing is added where BANZU_ENV is production: demo accounts and data have no place there."""
from __future__ import annotations

import secrets
import time
from datetime import date, datetime, timedelta, timezone

from banzu_common.config import in_production

from banzu_gateway.entrypoints.admin.gateway_client import GatewayClient, GatewayError

TEAMS = [
    {"code": "MX-01", "name": "维修一班 Maintenance 1", "company": "Eastern Power Co.", "workshop": "Turbine hall"},
    {"code": "WD-02", "name": "焊接二班 Welding 2", "company": "Northern Steel Co.", "workshop": "Fabrication"},
]
# The occupation catalogue (工种) of a Chinese plant: code -> (zh, en). Every code the demo uses is here.
OCCUPATIONS = {
    "electrician": ("电工", "Electrician"),
    "welder": ("焊工", "Welder"),
    "fitter": ("钳工", "Fitter"),
    "turner": ("车工", "Turner"),
    "miller": ("铣工", "Milling machine operator"),
    "grinder": ("磨工", "Grinder"),
    "maintenance_electrician": ("维修电工", "Maintenance electrician"),
    "maintenance_fitter": ("机修钳工", "Maintenance fitter"),
    "instrument_technician": ("仪表工", "Instrument technician"),
    "crane_operator": ("起重工", "Crane operator"),
    "boiler_operator": ("锅炉工", "Boiler operator"),
    "pipe_fitter": ("管工", "Pipe fitter"),
    "assembly_fitter": ("装配钳工", "Assembly fitter"),
    "inspector": ("质检员", "Quality inspector"),
}
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


def ensure(client: GatewayClient, path: str, body: dict, wait: float = 0.0) -> dict | None:
    """POST once; a 409 (already there) is fine; with `wait`, retry until other services caught up."""
    deadline = time.monotonic() + wait
    while True:
        status, answer = client.call("POST", path, body)
        if status in (200, 201):
            return answer
        if status == 409 and answer.get("reason") in (None, "conflict", "username_taken", "occupation_exists"):
            return None
        if time.monotonic() > deadline:
            print(f"demo data: POST {path} answered {status}: {answer.get('detail')}")
            return None
        time.sleep(0.5)


def seed_occupations(api: GatewayClient) -> None:
    """Adds the occupations the catalogue lacks, and names those an upgrade brought in named by their code
    only; names HR has given are left as they are."""
    status, answer = api.call("GET", "/occupations")
    stored = {item["code"]: item["name"] for item in answer.get("items", [])} if status == 200 else {}
    for code, (zh, en) in OCCUPATIONS.items():
        if code not in stored:
            ensure(api, "/occupations", {"code": code, "name": {"zh": zh, "en": en}})
        elif stored[code] == {"zh": code, "en": code}:
            api.call("PATCH", f"/occupations/{code}", {"name": {"zh": zh, "en": en}})


class RefusedInProduction(RuntimeError):
    """Demo data is never added to a production system."""


def pick_password() -> str:
    """A demo password of this installation's own (letters, digits, - and _ after a fixed prefix)."""
    return "Banzu-" + secrets.token_urlsafe(9)


def seed(url: str, admin: str, password: str, demo_password: str) -> list[tuple[str, str, bool]]:
    """Adds the demo data; the demo accounts as (roles, user name, made now: else it was there already,
    with whatever password it had)."""
    if in_production():
        raise RefusedInProduction("BANZU_ENV is production: demo accounts and data are not added there")
    api = GatewayClient(url, read_timeout=30)
    try:
        api.sign_in(admin, password)
    except GatewayError as error:
        print(f"demo data: cannot sign in as {admin}: {error}")
        return []
    made = {username: ensure(api, "/users", {"username": username, "password": demo_password, "roles": roles,
                                             "employee_no": employee_no}) is not None
            for username, roles, employee_no in USERS}
    seed_occupations(api)
    for team in TEAMS:
        ensure(api, "/teams", team)
    for employee_no, name, team, occupation, grade in WORKERS:
        ensure(api, "/workers", {"employee_no": employee_no, "name": name, "team_code": team,
                                 "occupation": occupation, "grade": grade})
    today = date.today()
    ensure(api, "/credentials", {"employee_no": "W001", "type_code": "special_operation", "number": "DEMO-SO-0001",
                                 "issuer": "Emergency Management Bureau",
                                 "issued_on": (today - timedelta(days=400)).isoformat()}, wait=30)
    ensure(api, "/credentials", {"employee_no": "W001", "type_code": "post_qualification", "number": "DEMO-PQ-0001",
                                 "issuer": "Eastern Power Co.",
                                 "issued_on": (today - timedelta(days=710)).isoformat()}, wait=30)
    # waits for the training service to hear of the occupation
    ensure(api, "/courses", {"code": "EL-SAFE", "title": "Electrical safety refresher", "occupation": "electrician",
                             "hours": 8, "kind": "refresher", "credential_type": "post_qualification"}, wait=30)
    start = datetime.combine(today + timedelta(days=10), datetime.min.time(), timezone.utc) + timedelta(hours=1)
    ensure(api, "/sessions", {"course_code": "EL-SAFE", "trainer": "trainer", "starts_at": start.isoformat(),
                              "ends_at": (start + timedelta(hours=8)).isoformat(), "location": "Training room A",
                              "capacity": 12})
    return [(", ".join(roles), username, made[username]) for username, roles, _ in USERS]
