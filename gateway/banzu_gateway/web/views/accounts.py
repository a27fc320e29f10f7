"""Accounts: the admin's user list, new accounts, roles, link, deactivation and password resets (the
new password shown once); and every user's own password change."""
from __future__ import annotations

import secrets

from flask import flash, g, redirect, render_template, request, url_for

from banzu_common.auth import ROLES
from banzu_common.skill_ladder import LANGUAGES

from banzu_gateway.web import i18n
from banzu_gateway.web.api_client import PublicApi, api, expect_ok, path
from banzu_gateway.web.form_data import nullable, submitted
from banzu_gateway.web.form_pages import CreateForm, filtered_list
from banzu_gateway.web.problems import Refusal, refusal_of
from banzu_gateway.web.site import PageError, bp, landing_url, page_for, start_session
from banzu_gateway.web.views.account import principal_of

PER_PAGE = 20
FILTERS = ("q", "role", "active")
USER_FIELDS = ("username", "password", "employee_no", "email", "language")
CHANGEABLE = ("employee_no", "email", "language")
# Generated passwords: 12 characters from an alphabet without look-alikes (0/O, 1/l/I), read out once.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
GENERATED_LENGTH = 12
MAX_SIGN_INS = 100  # one page of the worker list at most


def generated_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(GENERATED_LENGTH))


def options() -> dict:
    return {"roles": ROLES, "role_options": [(role, i18n.code_words(g.lang, "role", role)) for role in ROLES],
            "languages": [(code, i18n.LANGUAGE_NAMES[code]) for code in LANGUAGES]}


NEW_USER = CreateForm("accounts/user_new.html", "/users", USER_FIELDS, "user_created", "web.user", "username",
                      "username", lists=("roles",), secrets=("password",), flags=("must_change_password",))


@bp.get("/users")
@page_for("admin")
def users():
    listing = filtered_list("/users", FILTERS, PER_PAGE)
    return render_template("accounts/users.html", listing=listing, **options()), listing.status


@bp.route("/users/new", methods=["GET", "POST"])
@page_for("admin")
def new_user():
    initial = {"employee_no": request.args.get("employee_no", ""), "language": g.lang,
               "roles": request.args.getlist("roles"), "must_change_password": True}
    return NEW_USER.page(initial, options)


@bp.route("/users/<username>", methods=["GET", "POST"])
@page_for("admin")
def user(username: str):
    form, refusal = None, None
    if request.method == "POST":
        form = nullable(submitted(*CHANGEABLE), "employee_no", "email") | {"roles": request.form.getlist("roles")}
        answer = api().patch(path("/users/{}", username), form)
        if answer.ok:
            flash("saved")
            return redirect(url_for("web.user", username=username), code=303)
        refusal = refusal_of(answer)
    account = api().read(path("/users/{}", username))
    return render_template("accounts/user.html", account=account, form=account | (form or {}), refusal=refusal,
                           **options()), 422 if refusal else 200


@bp.post("/users/<username>/<action>")
@page_for("admin")
def user_action(username: str, action: str):
    """deactivate, activate, and password (a reset: the new password is shown once, on this answer
    only, never put in a cookie or an address, and must be changed at the next sign-in)."""
    if action not in ("deactivate", "activate", "password"):
        raise PageError(404, "not_found")
    if action == "password":
        password = generated_password()
        answer = api().patch(path("/users/{}", username), {"password": password, "must_change_password": True})
        if answer.ok:
            return render_template("accounts/password_reset.html", account=answer.json(), password=password)
    else:
        answer = api().patch(path("/users/{}", username), {"active": action == "activate"})
        if answer.ok:
            flash("user_" + action + "d")
            return redirect(url_for("web.user", username=username), code=303)
    account = api().read(path("/users/{}", username))
    return render_template("accounts/user.html", account=account, form=account, refusal=refusal_of(answer),
                           **options()), answer.status if answer.status in (404, 409, 422) else 400


@bp.post("/workers/sign-ins")
@page_for("admin")
def worker_sign_ins():
    """Sign-ins for the workers chosen on the worker list: user name = employee number, role worker,
    a generated password each, shown once on this answer and changed at the first sign-in. A worker who
    has one already is said so."""
    numbers = sorted(set(filter(None, (n.strip() for n in request.form.getlist("employee_no")))))[:MAX_SIGN_INS]
    if not numbers:
        flash("choose_workers")
        return redirect(url_for("web.workers"), code=303)
    made = []
    for number in numbers:
        password = generated_password()
        answer = api().post("/users", {"username": number, "password": password, "roles": ["worker"],
                                       "employee_no": number, "language": g.lang,
                                       "must_change_password": True})
        made.append({"employee_no": number, "username": number, "password": password if answer.ok else None,
                     "refusal": None if answer.ok else refusal_of(answer)})
    return render_template("accounts/sign_ins_created.html", made=made)


@bp.route("/account/password", methods=["GET", "POST"])
@page_for()
def change_password():
    if request.method == "GET":
        return render_template("accounts/password.html", refusal=None)
    form = submitted("current_password", "new_password", "new_password_again")
    if form["new_password"] != form["new_password_again"]:
        refusal = Refusal(i18n.translate(g.lang, "fix_fields"),
                          {"new_password_again": [i18n.translate(g.lang, "passwords_differ")]})
        return render_template("accounts/password.html", refusal=refusal), 422
    answer = api().post("/auth/password", {"current_password": form["current_password"],
                                           "new_password": form["new_password"]})
    if not answer.ok:
        return render_template("accounts/password.html", refusal=refusal_of(answer)), 422
    # The change ended every sign-in of the account, this one too: start a fresh one with the new password.
    token = PublicApi(None).post("/auth/token", {"username": g.user.username, "password": form["new_password"]})
    principal = principal_of(expect_ok(token)["access_token"])
    start_session(principal)
    flash("password_changed")
    return redirect(landing_url(principal), code=303)
