"""Web pages: session cookie, CSRF, security headers, sign-in and sign-out, who may see which page."""
from __future__ import annotations

import uuid

import pytest

from banzu_gateway.service_layer import accounts
from banzu_gateway.web import i18n
from web_support import csrf_of, sign_in_as

PASSWORD = "Web-pass-123"


@pytest.fixture
def hr_user(runtime) -> str:
    username = f"hr-{uuid.uuid4().hex[:8]}"
    with runtime.uow() as uow:
        accounts.create_user(uow, username, PASSWORD, ["hr"], None, created_by="test")
        uow.commit()
    return username


def sign_in(client, username: str, password: str, **extra):
    token = csrf_of(client.get("/sign-in").get_data(as_text=True))
    return client.post("/sign-in", data={"username": username, "password": password, "csrf_token": token, **extra})


def test_pages_carry_the_security_headers_and_no_inline_script(client):
    for path in ("/sign-in", "/verify/NOPE?code=x", "/assets/site.css"):
        response = client.get(path)
        policy = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "<script" not in client.get("/sign-in").get_data(as_text=True)


def test_signing_in_sets_an_httponly_samesite_session_and_lands_by_role(client, hr_user):
    response = sign_in(client, hr_user, PASSWORD)
    assert response.status_code == 303 and response.headers["Location"] == "/teams"
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("banzu_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/").headers["Location"] == "/teams"


def test_a_wrong_password_is_refused_with_the_same_message(client, hr_user):
    for username in (hr_user, "nobody-" + uuid.uuid4().hex[:6]):
        response = sign_in(client, username, "wrong-password")
        assert response.status_code == 401
        assert i18n.translate("zh", "wrong_credentials") in response.get_data(as_text=True)
    assert client.get("/scoreboard").status_code == 302


def test_sign_in_goes_back_to_the_page_asked_for_but_never_to_another_site(client, hr_user):
    assert sign_in(client, hr_user, PASSWORD, next="/promotions?team=A").headers["Location"] == "/promotions?team=A"
    client.post("/sign-out", data={"csrf_token": csrf_of(client.get("/scoreboard").get_data(as_text=True))})
    assert sign_in(client, hr_user, PASSWORD, next="//evil.example/x").headers["Location"] == "/teams"


@pytest.mark.parametrize("hostile", ["/\t/evil.example", "/\n/x", "/\r/x", "/\\evil.example", "https://evil.example",
                                     "javascript:alert(1)", "/x\x0by", "/x\x9by"])
def test_sign_in_never_sends_to_another_site_nor_fails_whatever_next_says(client, hr_user, hostile):
    page = client.get("/sign-in", query_string={"next": hostile})
    assert page.status_code == 200
    response = sign_in(client, hr_user, PASSWORD, next=hostile)
    assert response.status_code == 303 and response.headers["Location"] == "/teams"


def test_a_post_without_the_session_csrf_token_is_refused(client, hr_user):
    response = client.post("/sign-in", data={"username": hr_user, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/scoreboard").status_code == 302, "not signed in"
    sign_in_as(client, "hr")
    refused = client.post("/sign-out", data={"csrf_token": "forged"})
    assert refused.status_code == 400 and i18n.translate("zh", "form_expired") in refused.get_data(as_text=True)
    assert client.get("/scoreboard").status_code == 200, "still signed in"


def test_signing_in_rotates_the_csrf_token_and_signing_out_ends_the_session(client, hr_user):
    before = csrf_of(client.get("/sign-in").get_data(as_text=True))
    sign_in(client, hr_user, PASSWORD)
    after = csrf_of(client.get("/scoreboard").get_data(as_text=True))
    assert after != before
    response = client.post("/sign-out", data={"csrf_token": after})
    assert response.status_code == 303 and response.headers["Location"] == "/sign-in"
    assert client.get("/scoreboard").headers["Location"] == "/sign-in?next=/scoreboard"


@pytest.mark.parametrize("path", ["/me/certificates", "/contests", "/promotions", "/scoreboard", "/teams/T1/score"])
def test_pages_ask_anonymous_visitors_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in?next=")


@pytest.mark.parametrize(("roles", "path"), [
    (("worker",), "/promotions"), (("worker",), "/promotions/export.csv"), (("worker",), "/scoreboard"),
    (("hr",), "/me/certificates"), (("organizer",), "/promotions"),
])
def test_pages_refuse_roles_they_are_not_for(client, roles, path):
    sign_in_as(client, *roles, employee_no="E1" if "worker" in roles else None)
    response = client.get(path)
    assert response.status_code == 403 and "text/html" in response.content_type


def test_a_team_score_is_for_hr_and_the_team_s_own_members(client, add_team, tag):
    add_team(f"W{tag}", (f"E{tag}1", "Worker One", "junior"))
    add_team(f"V{tag}")
    sign_in_as(client, "worker", employee_no=f"E{tag}1")
    assert client.get(f"/teams/W{tag}/score").status_code == 200
    assert client.get(f"/teams/V{tag}/score").status_code == 403
    sign_in_as(client, "hr")
    assert client.get(f"/teams/V{tag}/score").status_code == 200
    assert client.get("/teams/NO-SUCH-TEAM/score").status_code == 404


def test_the_api_still_wants_a_bearer_token(client):
    sign_in_as(client, "hr")
    assert client.get("/api/v1/scoreboard").status_code == 401, "a session cookie is no API credential"
