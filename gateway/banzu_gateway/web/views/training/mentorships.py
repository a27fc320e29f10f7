"""Mentorships (师带徒): pairs, periods and goal grades, dated evaluations, status."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from banzu_gateway.web import local_time
from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.form_data import body_of
from banzu_gateway.web.pagination import Pager, page_number
from banzu_gateway.web.people import choose_people, person_filters
from banzu_gateway.web.refusals import refusal_of
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.training.common import PER_PAGE, grade_options

STATUSES = ("active", "achieved", "lapsed")
RATINGS = (1, 2, 3, 4, 5)
MENTORSHIP_FIELDS = ("mentor", "apprentice", "occupation", "goal_grade", "starts_on", "ends_on")


@bp.get("/mentorships")
@page_for("trainer")
def mentorships():
    chosen = {name: request.args.get(name, "").strip() for name in ("status", "employee_no")}
    searched = dict(chosen)
    matches, refusal = person_filters(request.args, searched, "employee_no")
    active = {name: value for name, value in searched.items() if value}
    page = page_number(request.args.get("page"))
    listing = {"items": [], "total": 0}
    if refusal is None:
        answer = api().get("/mentorships", active | {"page": page, "per_page": PER_PAGE})
        refusal = refusal_of(answer) if answer.status == 422 else None
        listing = listing if refusal else answer.json()
    return render_template("training/mentorships.html", rows=listing["items"], chosen=chosen, active=active,
                           statuses=STATUSES, grades=dict(grade_options()), matches=matches,
                           pager=Pager(page, PER_PAGE, listing["total"]), refusal=refusal), 400 if refusal else 200


@bp.route("/mentorships/new", methods=["GET", "POST"])
@page_for("trainer")
def mentorship_new():
    if request.method == "GET":
        return render_template("training/mentorship_new.html", typed={"starts_on": local_time.today().isoformat()},
                               grades=grade_options(), refusal=None, matches={})
    people, matches, unchosen = choose_people(request.form, "mentor", "apprentice")
    if unchosen:
        return render_template("training/mentorship_new.html", typed=request.form, grades=grade_options(),
                               refusal=unchosen, matches=matches), 422
    answer = api().post("/mentorships", body_of(request.form, texts=MENTORSHIP_FIELDS) | people,
                        idempotency_key=request.form.get("idempotency_key"))
    if not answer.ok:
        return render_template("training/mentorship_new.html", typed=request.form, grades=grade_options(),
                               refusal=refusal_of(answer), matches={}), answer.status
    flash("mentorship_created")
    return redirect(url_for("web.mentorship", mentorship_id=answer.json()["id"]), code=303)


@bp.get("/mentorships/<int:mentorship_id>")
@page_for("trainer")
def mentorship(mentorship_id: int):
    return render_mentorship(mentorship_id, {"on": local_time.today().isoformat()}, None)


def render_mentorship(mentorship_id: int, typed, refusal, status: int = 200):
    found = api().read(path("/mentorships/{}", mentorship_id))
    return render_template("training/mentorship.html", mentorship=found, grades=dict(grade_options()),
                           ratings=RATINGS, typed=typed, refusal=refusal), status


@bp.post("/mentorships/<int:mentorship_id>/evaluations")
@page_for("trainer")
def mentorship_evaluate(mentorship_id: int):
    body = body_of(request.form, texts=("on",), wholes=("rating",))
    body["note"] = request.form.get("note", "").strip()
    answer = api().post(path("/mentorships/{}/evaluations", mentorship_id), body,
                        idempotency_key=request.form.get("idempotency_key"))
    if not answer.ok:
        return render_mentorship(mentorship_id, request.form, refusal_of(answer), answer.status)
    flash("evaluation_added")
    return redirect(url_for("web.mentorship", mentorship_id=mentorship_id), code=303)
