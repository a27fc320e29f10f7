"""The web pages' blueprint: sessions, CSRF, language, security headers and error pages.

Pages are authenticated by a signed session cookie, not a bearer token (the shared bearer check
covers only /api/v1), and every page checks the session itself (`page_for`).
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
import unicodedata
import uuid
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Flask, current_app, g, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException

from banzu_common.auth import Principal

from banzu_gateway.web import i18n, navigation
from banzu_gateway.web.api_client import PublicApi
from banzu_gateway.web.page_error import PageError

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/assets")

SESSION_LIFETIME = timedelta(hours=8)
PASSWORD_PAGE = "web.change_password"  # the one page of a user who must change their password first
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # The verification page's address carries the certificate's code: it must not leak to other sites.
    "Referrer-Policy": "no-referrer",
}


# Answers that say how long they may be kept: the assets, and the DID document (as its service says).
CACHEABLE = ("web.static", "web.did_document", "web.did_document_at_path")


def install_web(app: Flask, jwt_secret: str, secure: bool) -> None:
    """The pages on `app`; `secure`: the site is served over https, so its cookies go over https only."""
    app.config.update(
        SECRET_KEY=hmac.new(jwt_secret.encode(), b"banzu web session", hashlib.sha256).hexdigest(),
        SESSION_COOKIE_NAME="banzu_session", SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure, PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
    )
    app.register_blueprint(bp)


def secure_cookies() -> bool:
    return current_app.config["SESSION_COOKIE_SECURE"]


def current_user() -> Principal | None:
    user = session.get("user")
    if not isinstance(user, dict):
        return None
    return Principal(user["username"], frozenset(user["roles"]), user.get("employee_no"), user.get("version", 0),
                     bool(user.get("must_change_password")))


def start_session(principal: Principal) -> None:
    """A fresh session on sign-in: nothing from before (such as a planted CSRF token) carries over.
    The account version travels with it: once the account changes, the API refuses the session's
    calls and the user signs in again."""
    session.clear()
    session.permanent = True
    session["user"] = {"username": principal.username, "roles": sorted(principal.roles),
                       "employee_no": principal.employee_no, "version": principal.version,
                       "must_change_password": principal.must_change_password}
    session["csrf"] = secrets.token_urlsafe(32)


def page_for(*roles: str):
    """A page for signed-in users holding one of `roles` (any signed-in user when none are given). A
    user who must change the password an admin set is sent to the change form first."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            user = current_user()
            if user is None:
                return redirect(url_for("web.sign_in", next=request.full_path.rstrip("?")))
            if user.must_change_password and request.endpoint != PASSWORD_PAGE:
                return redirect(url_for(PASSWORD_PAGE), code=303)
            if roles and not user.has(*roles):
                raise PageError(403, "forbidden")
            g.user = user
            return view(*args, **kwargs)

        return wrapper

    return decorate


def landing_url(user: Principal) -> str:
    return url_for(PASSWORD_PAGE if user.must_change_password else navigation.landing_endpoint(user))


def safe_next(target: str | None) -> str | None:
    """Where to go back to after a sign-in or a language switch, from the request (`next`): only a path
    of this site, else None (the caller's default page). Browsers and URL parsers drop tab, CR and LF
    (`/<tab>/evil.example` becomes `//evil.example`) and read a backslash as a slash, and a newline
    cannot be sent in a header at all: so no control character, no backslash, no `//`, no scheme, no host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(unicodedata.category(character) == "Cc" for character in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


@bp.before_request
def choose_language():
    g.lang = i18n.language()


@bp.before_request
def check_csrf():
    if request.method != "POST":
        return None
    expected = session.get("csrf")
    sent = request.form.get("csrf_token", "")
    if not expected or not hmac.compare_digest(expected, sent):
        raise PageError(400, "form_expired")
    return None


@bp.after_request
def add_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    if request.endpoint not in CACHEABLE:
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_template_global()
def t(key: str, **values) -> str:
    return i18n.translate(g.lang, key, **values)


@bp.app_template_global()
def tn(key: str, n: int, **values) -> str:
    """A plural entry: its words for the count `n` in the page's language."""
    return i18n.translate_plural(g.lang, key, n, **values)


@bp.app_template_global()
def has_message(key: str) -> bool:
    """For codes from a service that may be newer than the catalogues: such a code is shown as is."""
    return i18n.has(g.lang, key)


@bp.app_template_global()
def form_key() -> str:
    """A fresh idempotency key for a create form: a double click or a resent form creates one thing."""
    return uuid.uuid4().hex


@bp.context_processor
def page_context() -> dict:
    other = "en" if g.lang == "zh" else "zh"
    here = request.full_path.rstrip("?") if request.method == "GET" else "/"
    user = current_user()
    leads = led_team(user)
    return {"lang": g.lang, "html_lang": i18n.HTML_LANG[g.lang], "user": user, "leads": leads,
            "menu": navigation.menu_for(user, leads) if user else [],
            "csrf_token": csrf_token, "other_language": i18n.LANGUAGE_NAMES[other],
            "switch_url": url_for("web.switch_language", code=other) + "?" + urlencode({"next": here})}


def led_team(user: Principal | None) -> str | None:
    """The team a signed-in worker leads (for their menu), asked of the API once per page."""
    if user is None or "worker" not in user.roles or not user.employee_no:
        return None
    if "leads" not in g:
        try:
            answer = PublicApi(user).get("/auth/me")
        except PageError:  # the sign-in has ended; the page itself says so
            answer = None
        g.leads = answer.json().get("leads") if answer is not None and answer.ok else None
    return g.leads


@bp.errorhandler(PageError)
def page_error(error: PageError):
    if error.status == 401:  # the account was changed or the sign-in is too old: sign in again
        session.clear()
        return redirect(url_for("web.sign_in", next=request.full_path.rstrip("?")))
    return render_template("error.html", message=error.message), error.status


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    message = {404: "not_found", 403: "forbidden", 405: "not_found", 413: "body_too_large"}.get(error.code,
                                                                                                "bad_request")
    return render_template("error.html", message=message), error.code
