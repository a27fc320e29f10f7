"""HR's workers: search and filters, a new worker, and a worker's page (edit, move, profile, leaving)."""
from __future__ import annotations

from datetime import date

from flask import flash, g, redirect, render_template, request, url_for

from banzu_gateway.web import i18n, trail
from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.form_data import submitted
from banzu_gateway.web.form_pages import CreateForm, filtered_list
from banzu_gateway.web.presentation import UNAVAILABLE, grade_label, status_tone
from banzu_gateway.web.problems import refusal_of
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.choices import credential_type_labels, grade_options, team_options
from banzu_gateway.web.views.contests.actions import unconfirmed

PER_PAGE = 20
FILTERS = ("q", "team", "occupation", "grade", "status")
STATUSES = ("active", "left", "all")  # the API lists active workers unless asked
WORKER_FIELDS = ("employee_no", "name", "team_code", "occupation", "grade")
CHANGEABLE = ("name", "team_code", "occupation", "grade")


NEW_WORKER = CreateForm("directory/worker_new.html", "/workers", WORKER_FIELDS, "worker_created", "web.worker",
                        "employee_no", "employee_no")


def choices() -> dict:
    return {"teams": team_options(), "grades": grade_options()}


@bp.get("/workers")
@page_for("hr")
def workers():
    listing = filtered_list("/workers", FILTERS, PER_PAGE)
    for worker in listing.items:
        worker["grade_label"] = grade_label(worker["grade"], g.lang)
    statuses = [(status, i18n.code_words(g.lang, "worker_status", status)) for status in STATUSES]
    return render_template("directory/workers.html", listing=listing, statuses=statuses,
                           **choices()), listing.status


@bp.route("/workers/new", methods=["GET", "POST"])
@page_for("hr")
def new_worker():
    return NEW_WORKER.page({"team_code": request.args.get("team_code", "")}, choices)


@bp.route("/workers/<employee_no>", methods=["GET", "POST"])
@page_for("hr")
def worker(employee_no: str):
    """Editing and moving post here: each form sends only its own fields (a partial change)."""
    form, refusal = None, None
    if request.method == "POST":
        form = submitted(*(name for name in CHANGEABLE if name in request.form))
        answer = api().patch(path("/workers/{}", employee_no), form)
        if answer.ok:
            flash("worker_moved" if set(form) == {"team_code"} else "saved")
            return redirect(url_for("web.worker", employee_no=employee_no), code=303)
        refusal = refusal_of(answer)
    return worker_page(employee_no, form=form, refusal=refusal)


@bp.post("/workers/<employee_no>/leave")
@page_for("hr")
def worker_leave(employee_no: str):
    """离职: sent only with the box ticked and a reason written; the answer says which sign-ins ended and
    which team has no leader now."""
    form = submitted("left_on", "reason")
    waiting = unconfirmed("leave", needs_reason=True)
    if waiting is not None:
        return worker_page(employee_no, leave_form=form, leave_refusal=waiting.refusal)
    answer = api().post(path("/workers/{}/leave", employee_no), form)
    if not answer.ok:
        return worker_page(employee_no, leave_form=form, leave_refusal=refusal_of(answer))
    left = answer.json()
    flash(i18n.translate(g.lang, "worker_left_saved", name=left["name"]))
    if left.get("accounts_deactivated"):
        accounts = ("、" if g.lang == "zh" else ", ").join(left["accounts_deactivated"])
        flash(i18n.translate(g.lang, "worker_left_accounts", accounts=accounts))
    if left.get("no_longer_leads"):
        flash(i18n.translate(g.lang, "worker_left_leaderless", team=left["no_longer_leads"]))
    return redirect(url_for("web.worker", employee_no=employee_no), code=303)


def worker_page(employee_no: str, form: dict | None = None, refusal=None, leave_form: dict | None = None,
                leave_refusal=None):
    stored = api().read(path("/workers/{}", employee_no))
    changes = trail.history("directory", ("history_all", {"kind": "worker", "id": stored["employee_no"]}))
    leave = leave_form or {"left_on": date.today().isoformat(), "reason": ""}
    return render_template("directory/worker.html", worker=stored, form=stored | (form or {}), refusal=refusal,
                           leave_form=leave, leave_refusal=leave_refusal, today=date.today().isoformat(),
                           profile=worker_profile(employee_no), grade_text=grade_label(stored["grade"], g.lang),
                           history=changes, **choices()), 422 if refusal or leave_refusal else 200


def worker_profile(employee_no: str) -> dict:
    """The aggregated profile; a part whose service did not answer stays "unavailable" (a notice on
    the page, not an error), and so does the whole when the profile itself cannot be read."""
    answer = api().get(path("/workers/{}/profile", employee_no))
    if not answer.ok:
        return {"credentials": UNAVAILABLE, "training": UNAVAILABLE, "contests": UNAVAILABLE}
    profile = answer.json()
    if profile["credentials"] != UNAVAILABLE:
        labels = credential_type_labels()
        for credential in profile["credentials"]:
            credential["type_label"] = labels.get(credential["type_code"], credential["type_code"])
            credential["tone"] = status_tone(credential["status"])
    if profile["contests"] != UNAVAILABLE:
        for result in profile["contests"]:
            promotion = result.get("promotion")
            result["promotion_text"] = (f"{grade_label(promotion['from_grade'], g.lang)} → "
                                        f"{grade_label(promotion['to_grade'], g.lang)}") if promotion else None
    return profile
