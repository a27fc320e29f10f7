"""Calling the competition API as signed-in users, and feeding the local copies with events."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import select

from banzu_common.auth import issue_token
from banzu_common.messaging import contracts
from banzu_common.messaging.envelope import Envelope

from banzu_competition.bootstrap import runtime
from banzu_competition.entrypoints.consumer import HANDLERS

PREFIX = "/api/v1"
TODAY = date.today()

SEGMENTS = [
    {"code": "T", "name": "Theory", "weight": 20, "max_score": 100, "method": "measurement"},
    {"code": "P", "name": "Practical", "weight": 60, "max_score": 100, "method": "judgement", "max_spread": 20},
    {"code": "F", "name": "Troubleshooting", "weight": 20, "max_score": 50, "method": "judgement", "max_spread": 10},
]


def deliver(type_: str, data: dict) -> Envelope:
    """Apply one event as the consumer would, in its own transaction."""
    envelope = Envelope.new(type_, "/banzu/test", None, data, None)
    with runtime.sessions() as session, session.begin():
        HANDLERS[type_](session, envelope)
    return envelope


# The occupations these tests name, as the gateway's catalogue announces them.
OCCUPATIONS = {"electrician": ("电工", "Electrician"), "welder": ("焊工", "Welder")}


def add_occupation(code: str, name_zh: str | None = None, name_en: str | None = None) -> Envelope:
    """The catalogue's event for one occupation (the copy learns it as the consumer would)."""
    known = OCCUPATIONS.get(code, (code, code))
    return deliver(contracts.OccupationUpserted.TYPE,
                   {"code": code, "name_zh": name_zh or known[0], "name_en": name_en or known[1]})


def add_team(code: str, company: str) -> None:
    deliver(contracts.TeamUpserted.TYPE, {"code": code, "name": f"Team {code}", "company": company, "workshop": None})


def add_worker(employee_no: str, team_code: str, company: str, grade: str, occupation: str = "electrician") -> None:
    deliver(contracts.WorkerUpserted.TYPE, {"employee_no": employee_no, "name": f"Worker {employee_no}",
                                        "team_code": team_code, "company": company, "occupation": occupation,
                                        "grade": grade})


def issue_credential(employee_no: str, type_code: str, issued_on: date, expires_on: date | None) -> str:
    credential_id = str(uuid.uuid4())
    deliver(contracts.CredentialIssued.TYPE, {"credential_id": credential_id, "employee_no": employee_no,
                                          "type_code": type_code, "number": credential_id[:8],
                                          "issued_on": issued_on, "expires_on": expires_on})
    return credential_id


def tag() -> str:
    return uuid.uuid4().hex[:8].upper()


class Caller:
    def __init__(self, client, username: str, roles: list[str]):
        self.client = client
        self.username = username
        token = issue_token(runtime.settings.jwt_secret, username, roles, None, 3600)
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, **params):
        return self.client.get(PREFIX + path, query_string=params, headers=self.headers)

    def post(self, path: str, body: dict | None = None):
        return self.client.post(PREFIX + path, json=body if body is not None else {}, headers=self.headers)

    def put(self, path: str, body: dict):
        return self.client.put(PREFIX + path, json=body, headers=self.headers)

    def patch(self, path: str, body: dict):
        return self.client.patch(PREFIX + path, json=body, headers=self.headers)


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.get_json()}"
    return response.get_json()


def refused(response, status: int, reason: str | None = None) -> dict:
    body = response.get_json()
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {body}"
    assert response.content_type == "application/problem+json", response.content_type
    if reason is not None:
        assert body.get("reason") == reason, body
    return body


class Api:
    def __init__(self, client):
        self.client = client
        self.organizer = self.caller(f"org-{tag()}", ["organizer"])
        for code in OCCUPATIONS:  # in the database this client's runtime uses (PostgreSQL or SQLite)
            add_occupation(code)

    def caller(self, username: str, roles: list[str]) -> Caller:
        return Caller(self.client, username, roles)

    def judge(self, name: str, organization: str = "Provincial Skills Centre", **conflicts) -> tuple[str, Caller]:
        """A judge record with its own user account."""
        username = f"{name.lower()}-{tag()}"
        body = {"name": name, "organization": organization, "username": username,
                "conflicts": {"teams": conflicts.get("teams", []), "workers": conflicts.get("workers", [])}}
        judge = ok(self.organizer.post("/judges", body), 201)
        return judge["id"], self.caller(username, ["judge"])

    def contest(self, segments=SEGMENTS, **extra) -> str:
        body = {"name": f"Contest {tag()}", "occupation": "electrician", "starts_on": TODAY.isoformat(),
                "ends_on": (TODAY + timedelta(days=1)).isoformat(), "segments": segments, **extra}
        return ok(self.organizer.post("/contests", body), 201)["id"]

    def assign(self, contest_id: str, judge_id: str, segments: list[str]) -> None:
        ok(self.organizer.post(f"/contests/{contest_id}/judges", {"judge_id": judge_id, "segments": segments}), 201)

    def lifecycle(self, contest_id: str, step: str) -> dict:
        return ok(self.organizer.post(f"/contests/{contest_id}/{step}"))

    def register(self, contest_id: str, employee_no: str):
        return self.organizer.post(f"/contests/{contest_id}/contestants", {"employee_no": employee_no})

    def reserves(self, contest_id: str) -> list[tuple[str, Caller]]:
        """Three judges without conflicts on every judgement segment, so the contest may start (coverage)."""
        contest = ok(self.organizer.get(f"/contests/{contest_id}"))
        judged = [s["code"] for s in contest["segments"] if s["method"] == "judgement"]
        if not judged:
            return []
        panel = [self.judge(f"Reserve{n}", "Reserve Panel") for n in range(1, 4)]
        for judge_id, _ in panel:
            self.assign(contest_id, judge_id, judged)
        return panel

    def start_with(self, contest_id: str, employee_nos, reserves: bool = True) -> dict[str, int]:
        """Opens registration, registers these workers, starts the contest: their bibs by employee number.
        With `reserves`, three reserve judges first cover every judgement segment."""
        if reserves:
            self.reserves(contest_id)
        self.lifecycle(contest_id, "open")
        for employee_no in employee_nos:
            ok(self.register(contest_id, employee_no), 201)
        self.lifecycle(contest_id, "start")
        return self.bibs(contest_id)

    def bibs(self, contest_id: str) -> dict[str, int]:
        rows = ok(self.organizer.get(f"/contests/{contest_id}/contestants", per_page=500))["items"]
        return {row["employee_no"]: row["bib"] for row in rows}


def outbox_rows(types: tuple[str, ...]) -> list[Envelope]:
    outbox = runtime.metadata.tables["outbox"]
    with runtime.engine.connect() as connection:
        bodies = connection.scalars(select(outbox.c.body).where(outbox.c.type.in_(types))
                                    .order_by(outbox.c.position)).all()
    return [Envelope.from_json(body) for body in bodies]
