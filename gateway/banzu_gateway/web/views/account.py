"""Home, sign-in, sign-out and the language switch."""
from __future__ import annotations

from flask import current_app, make_response, redirect, render_template, request, session, url_for

from banzu_common.auth import Principal
from banzu_common.skill_ladder import LANGUAGES

from banzu_gateway.web import i18n
from banzu_gateway.web.api_client import PublicApi
from banzu_gateway.web.site import PageError, bp, current_user, landing_url, safe_next, secure_cookies, start_session

LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600


@bp.get("/")
def home():
    user = current_user()
    return redirect(landing_url(user) if user else url_for("web.sign_in"))


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    next_page = safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("sign_in.html", next_page=next_page, username="", error=None)
    username = request.form.get("username", "").strip()[:80]
    password = request.form.get("password", "")[:200]
    anonymous = PublicApi(None)
    answer = anonymous.post("/auth/token", {"username": username, "password": password})
    if answer.status == 429:
        return (render_template("sign_in.html", next_page=next_page, username=username, error="sign_in_locked"),
                429, {"Retry-After": answer.headers.get("Retry-After", "60")})
    if answer.status == 403 and answer.problem.get("reason") == "account_disabled":
        return render_template("sign_in.html", next_page=next_page, username=username, error="account_disabled"), 403
    if not answer.ok:
        return render_template("sign_in.html", next_page=next_page, username=username, error="wrong_credentials"), 401
    principal = principal_of(answer.json()["access_token"])
    start_session(principal)
    return redirect(next_page or landing_url(principal), code=303)


def principal_of(token: str) -> Principal:
    """Who a token the API just gave belongs to, with the account version it carries."""
    return current_app.extensions["banzu"]["verifier"].verify(token)


@bp.post("/sign-out")
def sign_out():
    session.clear()
    return redirect(url_for("web.sign_in"), code=303)


@bp.get("/language/<code>")
def switch_language(code: str):
    if code not in LANGUAGES:
        raise PageError(404, "not_found")
    response = make_response(redirect(safe_next(request.args.get("next")) or url_for("web.home")))
    response.set_cookie(i18n.COOKIE, code, max_age=LANGUAGE_COOKIE_SECONDS, samesite="Lax", httponly=True,
                        secure=secure_cookies())
    return response
