"""HR's credentials: filtered list, issue, a credential's page (renew, revoke, review, printable card
with its QR code). The compliance report (持证上岗率) is in views/compliance.py."""
from __future__ import annotations

from datetime import date

from flask import Response, flash, g, redirect, render_template, request, url_for

from banzu_gateway.web import i18n, trail
from banzu_gateway.web.api_client import api, expect_ok, path
from banzu_gateway.web.form_data import filled, idempotency_key, nullable, submitted
from banzu_gateway.web.form_pages import CreateForm, filtered_list
from banzu_gateway.web.people import choose_people
from banzu_gateway.web.presentation import status_tone
from banzu_gateway.web.problems import refusal_of
from banzu_gateway.web.site import PageError, bp, page_for
from banzu_gateway.web.views.choices import credential_type_labels, team_options

PER_PAGE = 20
FILTERS = ("employee_no", "team", "type", "status", "expiring_within")
STATUSES = ("valid", "expiring", "review_due", "expired", "revoked", "superseded")
WINDOWS = ("30", "60", "90")
ISSUE_FIELDS = ("employee_no", "type_code", "number", "issuer", "issued_on", "expires_on", "last_reviewed_on")
RENEW_FIELDS = ("number", "issuer", "issued_on", "expires_on")
# The forms of a credential's page: the API action each posts to, and its fields.
ACTIONS = {"renew": RENEW_FIELDS, "revoke": ("reason",), "reviews": ("reviewed_on",)}


def shown(credential: dict, labels: dict[str, str]) -> dict:
    return credential | {"type_label": labels.get(credential["type_code"], credential["type_code"]),
                         "tone": status_tone(credential["status"])}


NEW_CREDENTIAL = CreateForm("credentials/credential_new.html", "/credentials", ISSUE_FIELDS, "credential_issued",
                            "web.credential", "credential_id", "id", people=("employee_no",))


@bp.get("/credentials")
@page_for("hr")
def credentials():
    listing = filtered_list("/credentials", FILTERS, PER_PAGE, people=("employee_no",))
    labels = credential_type_labels()
    listing.items = [shown(c, labels) for c in listing.items]
    return render_template("credentials/credentials.html", listing=listing, teams=team_options(), types=labels,
                           statuses=[(code, i18n.code_words(g.lang, "status", code)) for code in STATUSES],
                           windows=[(days, i18n.translate_plural(g.lang, "within_days", days)) for days in WINDOWS]), \
        listing.status


@bp.route("/credentials/new", methods=["GET", "POST"])
@page_for("hr")
def new_credential():
    """Issue, checked first: the API's dry run says the dates the certificate would get. "Check the
    dates" only shows them; "Record" records at once unless the review would be overdue from the
    first day, which is shown with the dates and recorded only on "Record it anyway"."""
    initial = {"employee_no": request.args.get("employee_no", ""), "issued_on": date.today().isoformat()}
    context = lambda: {"types": credential_type_labels()}  # noqa: E731
    checking = request.form.get("step") == "check"
    if request.method == "POST" and (checking or request.form.get("review_overdue_confirmed") != "true"):
        form = submitted(*ISSUE_FIELDS)
        numbers, matches, unchosen = choose_people(request.form, "employee_no")
        if unchosen:
            return render_template(NEW_CREDENTIAL.template, form=form, refusal=unchosen, key=idempotency_key(),
                                   matches=matches, **context()), 422
        form |= numbers  # the number stands in the form from here on: "Record it anyway" sends it as it is
        check = api().post("/credentials", filled(form), params={"dry_run": "true"})
        if not check.ok:
            return render_template(NEW_CREDENTIAL.template, form=form, refusal=refusal_of(check),
                                   key=idempotency_key(), matches={}, **context()), 422
        preview = check.json()
        if checking or preview["review_overdue"]:
            return render_template(NEW_CREDENTIAL.template, form=form, refusal=None, key=idempotency_key(),
                                   preview=preview, matches={}, **context())
    return NEW_CREDENTIAL.page(initial, context)


@bp.get("/credentials/<credential_id>")
@page_for("hr")
def credential(credential_id: str):
    return credential_page(credential_id)


def credential_page(credential_id: str, action: str | None = None, form: dict | None = None, refusal=None):
    stored = shown(api().read(path("/credentials/{}", credential_id)), credential_type_labels())
    status = 422 if refusal else 200
    changes = trail.history("credentials", ("history_all", {"kind": "credential", "id": stored["id"]}))
    return render_template("credentials/credential.html", credential=stored, action=action, form=form or {},
                           refusal=refusal, history=changes), status


@bp.post("/credentials/<credential_id>/<action>")
@page_for("hr")
def credential_action(credential_id: str, action: str):
    """renew, revoke and reviews: the API's actions on a credential, each from its own form."""
    if action not in ACTIONS:
        raise PageError(404, "not_found")
    form = submitted(*ACTIONS[action])
    body = nullable(form, "issuer", "expires_on") if action == "renew" else form
    answer = api().post(path("/credentials/{}/" + action, credential_id), body,
                        idempotency_key=idempotency_key() if action == "renew" else None)
    if answer.ok:
        flash({"renew": "credential_renewed", "revoke": "credential_revoked", "reviews": "review_recorded"}[action])
        shown_id = answer.json()["id"] if action == "renew" else credential_id
        return redirect(url_for("web.credential", credential_id=shown_id), code=303)
    return credential_page(credential_id, action, form, refusal_of(answer))


@bp.get("/credentials/<credential_id>/qr.png")
@page_for("hr")
def credential_qr(credential_id: str):
    return Response(expect_ok(api().get(path("/credentials/{}/qr.png", credential_id))), content_type="image/png")
