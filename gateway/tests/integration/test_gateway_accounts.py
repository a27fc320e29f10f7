"""Accounts (api.md "Additions (version 1.1)" and "(version 1.2)"): the admin's list and edits, a user's
own password change with its rules, deactivation ending sign-ins that were made before it (and said to
the one who knows the password), a password an admin set that must be changed first, and every change
that ends sign-ins sent to the services as an AccountChanged event."""
from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import select

from banzu_common.messaging.contracts import AccountChanged

from banzu_gateway.adapters.tables import metadata
from banzu_gateway.service_layer import accounts
from gateway_support import problem_of

PASSWORD = "Account-pass-1"


@pytest.fixture(scope="module")
def admin(client_factory):
    name = f"adm-{uuid.uuid4().hex[:6]}"
    return client_factory.account(name, ["admin"])


@pytest.fixture(scope="module")
def client_factory(app, runtime):
    class Factory:
        def account(self, username: str, roles: list[str], employee_no: str | None = None) -> dict:
            with runtime.uow() as uow:
                accounts.create_user(uow, username, PASSWORD, roles, employee_no, created_by="test")
                uow.commit()
            return self.bearer(username, PASSWORD)

        def bearer(self, username: str, password: str) -> dict:
            answer = app.test_client().post("/api/v1/auth/token", json={"username": username, "password": password})
            assert answer.status_code == 200, answer.get_json()
            return {"Authorization": f"Bearer {answer.get_json()['access_token']}"}

    return Factory()


def test_created_accounts_carry_email_and_language_and_are_listed(client, admin, tag):
    name = f"hr{tag}".lower()
    created = client.post("/api/v1/users", headers=admin, json={
        "username": name, "password": PASSWORD, "roles": ["hr"], "email": f"{name}@example.com"})
    assert created.status_code == 201, created.get_json()
    assert created.get_json() | {"created_at": None} == {
        "username": name, "roles": ["hr"], "employee_no": None, "email": f"{name}@example.com", "language": "zh",
        "active": True, "created_at": None, "must_change_password": False}
    english = client.post("/api/v1/users", headers=admin, json={
        "username": f"{name}-en", "password": PASSWORD, "roles": ["trainer"], "language": "en"})
    assert english.get_json()["language"] == "en"

    listed = client.get("/api/v1/users", headers=admin, query_string={"q": name, "per_page": 1}).get_json()
    assert listed["total"] == 2 and listed["per_page"] == 1
    assert [u["username"] for u in listed["items"]] == [name]
    trainers = client.get("/api/v1/users", headers=admin, query_string={"q": name, "role": "trainer"}).get_json()
    assert [u["username"] for u in trainers["items"]] == [f"{name}-en"]
    assert client.get(f"/api/v1/users/{name}", headers=admin).get_json()["email"] == f"{name}@example.com"
    assert PASSWORD not in str(listed) and "argon2" not in str(listed) and "hash" not in str(listed)


def test_bad_account_fields_are_refused_per_field(client, admin, tag):
    answer = client.post("/api/v1/users", headers=admin, json={
        "username": f"bad{tag}", "password": "short", "roles": ["hr"], "email": "not-an-address", "language": "fr"})
    assert answer.status_code == 422
    assert set(problem_of(answer)["errors"]) == {"password", "email", "language"}
    worker_without_number = client.post("/api/v1/users", headers=admin, json={
        "username": f"w{tag}", "password": PASSWORD, "roles": ["worker"]})
    assert problem_of(worker_without_number)["errors"] == {
        "employee_no": ["A worker account must be linked to an employee number."]}


def test_only_admins_list_and_edit_accounts(client, token):
    for role in ("hr", "trainer", "worker"):
        headers = token(role, employee_no="E1" if role == "worker" else None)
        assert client.get("/api/v1/users", headers=headers).status_code == 403
        assert client.patch("/api/v1/users/anyone", headers=headers, json={"active": "garbage"}).status_code == 403


def test_an_admin_edits_roles_link_email_and_language(client, admin, client_factory, tag):
    name = f"ed{tag}".lower()
    client_factory.account(name, ["trainer"])
    changed = client.patch(f"/api/v1/users/{name}", headers=admin, json={
        "roles": ["worker", "trainer"], "employee_no": f"E{tag}", "email": f"{name}@example.com", "language": "en"})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json() | {"created_at": None} == {
        "username": name, "roles": ["trainer", "worker"], "employee_no": f"E{tag}", "email": f"{name}@example.com",
        "language": "en", "active": True, "created_at": None, "must_change_password": False}
    unlinked = client.patch(f"/api/v1/users/{name}", headers=admin, json={"employee_no": None})
    assert problem_of(unlinked)["errors"] == {"employee_no": ["A worker account must be linked to an employee number."]}
    assert client.patch("/api/v1/users/nobody-here", headers=admin, json={"language": "en"}).status_code == 404
    assert client.patch(f"/api/v1/users/{name}", headers=admin, json={"roles": []}).status_code == 422


def test_a_role_change_ends_earlier_sign_ins(client, admin, client_factory, tag):
    name = f"rc{tag}".lower()
    before = client_factory.account(name, ["hr"])
    assert client.get("/api/v1/workers", headers=before).status_code == 200
    assert client.patch(f"/api/v1/users/{name}", headers=admin, json={"roles": ["trainer"]}).status_code == 200
    assert client.get("/api/v1/auth/me", headers=before).status_code == 401
    after = client_factory.bearer(name, PASSWORD)
    assert client.get("/api/v1/auth/me", headers=after).get_json()["roles"] == ["trainer"]
    assert client.patch(f"/api/v1/users/{name}", headers=admin, json={"email": "x@example.com"}).status_code == 200
    assert client.get("/api/v1/auth/me", headers=after).status_code == 200, "an e-mail change keeps sign-ins"


def test_a_deactivated_account_cannot_sign_in_and_its_tokens_stop(client, admin, client_factory, tag):
    name = f"da{tag}".lower()
    signed_in = client_factory.account(name, ["hr"])
    assert client.get("/api/v1/teams", headers=signed_in).status_code == 200
    assert client.patch(f"/api/v1/users/{name}", headers=admin, json={"active": False}).get_json()["active"] is False
    for path in ("/api/v1/teams", "/api/v1/credentials"):  # the gateway's own and a pass-through path
        refused = client.get(path, headers=signed_in)
        assert refused.status_code == 401 and problem_of(refused)["status"] == 401
    disabled = client.post("/api/v1/auth/token", json={"username": name, "password": PASSWORD})
    assert disabled.status_code == 403 and problem_of(disabled)["reason"] == "account_disabled"
    wrong = client.post("/api/v1/auth/token", json={"username": name, "password": "Not-the-password-1"})
    assert wrong.status_code == 401, "a wrong password is not told whether the account is deactivated"
    assert "deactivated" not in wrong.get_data(as_text=True)
    assert client.get("/api/v1/users", headers=admin, query_string={"q": name, "active": "false"}).get_json()[
        "total"] == 1
    assert client.patch(f"/api/v1/users/{name}", headers=admin, json={"active": True}).status_code == 200
    assert client.get("/api/v1/auth/me", headers=client_factory.bearer(name, PASSWORD)).status_code == 200


def test_an_admin_cannot_lock_themselves_out(client, admin):
    me = client.get("/api/v1/auth/me", headers=admin).get_json()["username"]
    for change in ({"active": False}, {"roles": ["hr"]}):
        refused = client.patch(f"/api/v1/users/{me}", headers=admin, json=change)
        assert refused.status_code == 409 and problem_of(refused)["reason"] == "own_account"


def test_a_reset_password_replaces_the_old_one_and_ends_sign_ins(client, admin, client_factory, tag):
    name = f"rs{tag}".lower()
    before = client_factory.account(name, ["trainer"])
    short = client.patch(f"/api/v1/users/{name}", headers=admin, json={"password": "123456789"})
    assert set(problem_of(short)["errors"]) == {"password"}
    assert client.patch(f"/api/v1/users/{name}", headers=admin, json={"password": "Reset-pass-2026"}).status_code == 200
    assert client.get("/api/v1/auth/me", headers=before).status_code == 401
    assert client.post("/api/v1/auth/token", json={"username": name, "password": PASSWORD}).status_code == 401
    client_factory.bearer(name, "Reset-pass-2026")


def test_changing_my_password_follows_the_rules(client, client_factory, tag):
    name = f"pw{tag}".lower()
    me = client_factory.account(name, ["worker"], employee_no=f"E{tag}")

    def change(current: str, new: str):
        return client.post("/api/v1/auth/password", headers=me, json={"current_password": current,
                                                                       "new_password": new})

    wrong = change("Not-my-password", "Brand-new-pass-1")
    assert wrong.status_code == 422 and set(problem_of(wrong)["errors"]) == {"current_password"}
    short = change(PASSWORD, "Short-1")
    assert short.status_code == 422 and set(problem_of(short)["errors"]) == {"new_password"}
    same = change(PASSWORD, PASSWORD)
    assert same.status_code == 422 and problem_of(same)["errors"] == {
        "new_password": ["must differ from the current password"]}
    assert client.post("/api/v1/auth/password", headers=me, json={}).status_code == 422
    done = change(PASSWORD, "Brand-new-pass-1")
    assert done.status_code == 204 and done.data == b""
    assert client.get("/api/v1/auth/me", headers=me).status_code == 401, "the old sign-in ended"
    assert client.post("/api/v1/auth/token", json={"username": name, "password": PASSWORD}).status_code == 401
    client_factory.bearer(name, "Brand-new-pass-1")
    assert client.post("/api/v1/auth/password", json={"current_password": "x", "new_password": "y" * 12}
                       ).status_code == 401


def test_guessing_the_current_password_is_throttled_without_locking_sign_in(client, client_factory, tag):
    name = f"gs{tag}".lower()
    me = client_factory.account(name, ["trainer"])
    statuses = [client.post("/api/v1/auth/password", headers=me, json={
        "current_password": f"guess-{n}", "new_password": "Brand-new-pass-1"}).status_code
        for n in range(accounts.PASSWORD_CHANGE_LIMIT.failures + 1)]
    assert statuses[:-1] == [422] * accounts.PASSWORD_CHANGE_LIMIT.failures and statuses[-1] == 429
    locked = client.post("/api/v1/auth/password", headers=me, json={"current_password": PASSWORD,
                                                                     "new_password": "Brand-new-pass-1"})
    assert locked.status_code == 429, "even the right one waits out the lockout"
    client_factory.bearer(name, PASSWORD)  # signing in is not locked


def account_events(runtime, username: str) -> list[tuple[int, bool]]:
    """(token_version, active) of the AccountChanged events in the outbox for `username`, in order."""
    table = metadata.tables["outbox"]
    with runtime.sessions() as session:
        bodies = session.execute(select(table.c.body).where(table.c.type == AccountChanged.TYPE)
                                 .order_by(table.c.position)).scalars().all()
    events = [json.loads(body)["data"] for body in bodies]
    return [(e["token_version"], e["active"]) for e in events if e["username"] == username]


def test_every_change_that_ends_sign_ins_goes_to_the_services(client, admin, client_factory, runtime, tag):
    name = f"ev{tag}".lower()
    me = client_factory.account(name, ["hr"])
    assert client.patch(f"/api/v1/users/{name}", headers=admin, json={"email": "x@example.com"}).status_code == 200
    assert account_events(runtime, name) == [], "an e-mail change ends nothing"
    assert client.patch(f"/api/v1/users/{name}", headers=admin, json={"roles": ["trainer"]}).status_code == 200
    me = client_factory.bearer(name, PASSWORD)
    assert client.post("/api/v1/auth/password", headers=me, json={
        "current_password": PASSWORD, "new_password": "Brand-new-pass-1"}).status_code == 204
    assert client.patch(f"/api/v1/users/{name}", headers=admin, json={"active": False}).status_code == 200
    assert account_events(runtime, name) == [(1, True), (2, True), (3, False)]


def test_a_password_an_admin_set_must_be_changed_before_anything_else(client, admin, client_factory, runtime, tag):
    name = f"mc{tag}".lower()
    created = client.post("/api/v1/users", headers=admin, json={
        "username": name, "password": PASSWORD, "roles": ["hr"], "must_change_password": True})
    assert created.status_code == 201 and created.get_json()["must_change_password"] is True
    signed_in = client.post("/api/v1/auth/token", json={"username": name, "password": PASSWORD})
    assert signed_in.status_code == 200 and signed_in.get_json()["password_change_required"] is True
    first = {"Authorization": f"Bearer {signed_in.get_json()['access_token']}"}
    for method, path in (("GET", "/api/v1/auth/me"), ("GET", "/api/v1/teams"), ("GET", "/api/v1/credentials"),
                         ("POST", "/api/v1/teams"), ("GET", "/api/v1/no-such-thing")):
        refused = client.open(path, method=method, headers=first, json={})
        assert refused.status_code == 403 and problem_of(refused)["reason"] == "password_change_required", path
    changed = client.post("/api/v1/auth/password", headers=first, json={
        "current_password": PASSWORD, "new_password": "My-own-pass-2026"})
    assert changed.status_code == 204
    assert client.get("/api/v1/auth/me", headers=first).status_code == 401, "that sign-in ended with the change"
    again = client.post("/api/v1/auth/token", json={"username": name, "password": "My-own-pass-2026"}).get_json()
    assert again["password_change_required"] is False
    mine = {"Authorization": f"Bearer {again['access_token']}"}
    assert client.get("/api/v1/teams", headers=mine).status_code == 200
    assert client.get(f"/api/v1/users/{name}", headers=admin).get_json()["must_change_password"] is False


def test_an_admin_may_require_a_password_change_later_and_integrations_need_none(client, admin, client_factory,
                                                                               tag):
    name = f"la{tag}".lower()
    service_account = client_factory.account(name, ["hr"])
    plain = client.post("/api/v1/auth/token", json={"username": name, "password": PASSWORD}).get_json()
    assert plain["password_change_required"] is False, "the API's default: an integration's account"
    required = client.patch(f"/api/v1/users/{name}", headers=admin, json={"must_change_password": True})
    assert required.status_code == 200 and required.get_json()["must_change_password"] is True
    assert client.get("/api/v1/auth/me", headers=service_account).status_code == 401, "earlier sign-ins end"
    assert client.post("/api/v1/auth/token", json={"username": name, "password": PASSWORD}
                       ).get_json()["password_change_required"] is True
    lifted = client.patch(f"/api/v1/users/{name}", headers=admin, json={"must_change_password": False})
    assert lifted.get_json()["must_change_password"] is False
    assert client.get("/api/v1/auth/me", headers=client_factory.bearer(name, PASSWORD)).status_code == 200
    refused = client.patch(f"/api/v1/users/{name}", headers=admin, json={"must_change_password": "soon"})
    assert set(problem_of(refused)["errors"]) == {"must_change_password"}
