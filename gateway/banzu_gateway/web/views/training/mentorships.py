"""Mentorships (师带徒): pairs, periods and goal grades, dated evaluations, status."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from banzu_gateway.web import local_time
from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.form_data import body_of
from banzu_gateway.web.form_pages import filtered_list
from banzu_gateway.web.people import choose_people
from banzu_gateway.web.problems import refusal_of
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.training.common import PER_PAGE, grade_options

STATUSES = ("active", "achieved", "lapsed")
RATINGS = (1, 2, 3, 4, 5)
MENTORSHIP_FIELDS = ("mentor", "apprentice", "occupation", "goal_grade", "starts_on", "ends_on")


@bp.get("/mentorships")
@page_for("trainer")
def mentorships():
    listing = filtered_list("/mentorships", ("status", "employee_no"), PER_PAGE, people=("employee_no",))
    return render_template("training/mentorships.html", rows=listing.items, chosen=listing.chosen,
                           active=listing.active, statuses=STATUSES, grades=dict(grade_options()),
                           matches=listing.matches, pager=listing.pager, refusal=listing.refusal), listing.status


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
