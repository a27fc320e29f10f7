"""R5: every endpoint × every role (and a worker's own records × someone else's): no unexpected
allow, and every deny is 401/403 problem+json — whatever the request body, since roles are checked
before the request is read. The expected roles are api.md's, written out here once."""
from __future__ import annotations

import uuid

import pytest

from banzu_common.auth import ROLES, issue_token

from client import Client, problem

SELF = "E-SELF"
OTHER = "E-OTHER"
ANY = set(ROLES)
NOWHERE = "00000000-0000-0000-0000-000000000000"
NO_SESSION = 999999999  # training's sessions and plans have numeric ids

# (method, path, roles allowed besides admin); "self" in a set: the worker whose number is in the path.
MATRIX = [
    ("POST", "/users", {"admin"}), ("GET", "/users", {"admin"}), ("GET", "/users/nobody", {"admin"}),
    ("PATCH", "/users/nobody", {"admin"}),
    ("GET", "/auth/me", ANY), ("POST", "/auth/password", ANY),
    ("POST", "/teams", {"hr"}), ("GET", "/teams", ANY), ("GET", "/teams/NOPE", ANY), ("PATCH", "/teams/NOPE", {"hr"}),
    ("POST", "/workers", {"hr"}), ("GET", "/workers", {"hr", "trainer", "organizer"}),
    ("GET", f"/workers/{SELF}", {"hr", "trainer", "organizer", "self"}),
    ("GET", f"/workers/{OTHER}", {"hr", "trainer", "organizer"}),
    ("PATCH", f"/workers/{SELF}", {"hr"}),
    ("POST", "/workers/import", {"hr"}), ("GET", "/workers/import/template", {"hr"}),
    ("GET", f"/workers/{SELF}/profile", {"hr", "self"}), ("GET", f"/workers/{OTHER}/profile", {"hr"}),
    ("GET", "/promotions", {"hr"}), ("GET", "/scoreboard", {"hr"}),
    ("GET", "/teams/NOPE/assessment", {"hr"}), ("GET", "/assessments", {"hr"}),
    ("GET", "/teams/NOPE/skill-matrix", {"hr", "trainer"}),
    ("POST", "/training-summary", {"hr", "trainer"}), ("POST", "/credential-summary", {"hr", "trainer"}),
    ("POST", "/judges", {"organizer"}), ("GET", "/judges", {"organizer"}),
    ("POST", "/contests", {"organizer"}), ("GET", "/contests", ANY), ("GET", f"/contests/{NOWHERE}", ANY),
    ("PATCH", f"/contests/{NOWHERE}", {"organizer"}),
    ("POST", f"/contests/{NOWHERE}/judges", {"organizer"}),
    *[("POST", f"/contests/{NOWHERE}/{step}", {"organizer"}) for step in ("open", "start", "close", "publish")],
    ("POST", f"/contests/{NOWHERE}/contestants", {"organizer"}),
    ("GET", f"/contests/{NOWHERE}/contestants", {"organizer"}),
    ("GET", f"/contests/{NOWHERE}/assignments", {"judge", "organizer"}),
    ("PUT", f"/contests/{NOWHERE}/scores/P/1", {"judge", "organizer"}),
    ("POST", f"/contests/{NOWHERE}/segments/P/signoff", {"judge"}),
    ("POST", f"/contests/{NOWHERE}/scores/P/1/accept-spread", {"organizer"}),
    ("GET", f"/contests/{NOWHERE}/scores", {"judge", "organizer"}),
    ("GET", f"/contests/{NOWHERE}/results", ANY),
    ("GET", f"/contests/{NOWHERE}/audit", {"organizer"}),
    ("GET", f"/workers/{SELF}/contest-results", {"hr", "organizer", "self"}),
    ("GET", f"/workers/{OTHER}/contest-results", {"hr", "organizer"}),
    ("POST", "/courses", {"trainer"}), ("GET", "/courses", ANY),
    ("POST", "/sessions", {"trainer"}), ("GET", "/sessions", ANY),
    ("POST", f"/sessions/{NO_SESSION}/enrollments", {"trainer", "worker"}),
    ("GET", f"/sessions/{NO_SESSION}/enrollments", {"trainer", "hr"}),
    ("DELETE", f"/sessions/{NO_SESSION}/enrollments/{SELF}", {"trainer", "self"}),
    ("DELETE", f"/sessions/{NO_SESSION}/enrollments/{OTHER}", {"trainer"}),
    ("POST", f"/sessions/{NO_SESSION}/attendance", {"trainer"}),
    ("POST", "/plans", {"trainer"}), ("GET", f"/plans/{NO_SESSION}/progress", {"trainer", "hr"}),
    ("POST", "/certification-programs", {"trainer"}),
    ("GET", f"/workers/{SELF}/training", {"trainer", "hr", "self"}),
    ("GET", f"/workers/{OTHER}/training", {"trainer", "hr"}),
    ("POST", "/mentorships", {"trainer"}), ("POST", f"/mentorships/{NO_SESSION}/evaluations", {"trainer"}),
    ("GET", "/recertifications", {"trainer", "hr"}),
    ("POST", "/credential-types", {"admin"}), ("GET", "/credential-types", ANY),
    ("POST", "/credentials", {"hr"}), ("GET", "/credentials", {"hr"}), ("GET", "/credentials/me", {"worker"}),
    ("POST", f"/credentials/{NOWHERE}/renew", {"hr"}), ("POST", f"/credentials/{NOWHERE}/revoke", {"hr"}),
    ("POST", f"/credentials/{NOWHERE}/reviews", {"hr"}),
    ("POST", "/credentials/import", {"hr"}), ("GET", "/credentials/import/template", {"hr"}), ("POST", "/credentials/sweep", {"admin"}),
    ("GET", "/compliance", {"hr"}),
    ("GET", "/occupation-requirements/welder", {"admin", "hr"}),
    ("PUT", "/occupation-requirements/welder", {"admin"}),
]


def allowed(role: str, roles: set[str]) -> bool:
    return role == "admin" or role in roles or (role == "worker" and "self" in roles)


@pytest.fixture(scope="module")
def callers(banzu, admin) -> dict[str, Client]:
    """One caller per role; the judge and the admin also have judge records, since scoring as a
    judge needs one (a judge-role user without it is refused with `not_a_judge`)."""
    secret = banzu.env["BANZU_JWT_SECRET"]
    names = {role: f"{role}-{uuid.uuid4().hex[:6]}" for role in ROLES}
    for role in ("judge", "admin"):
        judge = {"name": names[role], "organization": "Provincial Skills Centre", "username": names[role]}
        assert admin.post("/judges", judge).status == 201
    return {role: Client(banzu.url, issue_token(secret, names[role], [role], SELF if role == "worker" else None, 600))
            for role in ROLES}


def test_every_endpoint_for_every_role(banzu, callers):
    unexpected = []
    for method, path, roles in MATRIX:
        anonymous = Client(banzu.url).request(method, path, body={})
        if anonymous.status != 401:
            unexpected.append(f"{method} {path} without a token -> {anonymous.status}")
        for role, caller in callers.items():
            answer = caller.request(method, path, body={})
            denied = answer.status in (401, 403)
            if allowed(role, roles) == denied:
                unexpected.append(f"{method} {path} as {role} -> {answer.status} {answer.body[:120]!r}")
            elif denied:
                problem(answer, answer.status)
    assert not unexpected, "\n".join(unexpected)
