"""A worker's own pages: /me (grade, team, certificates, training hours against the team's target,
contest results, mentorship) and /me/training (courses, hours, programmes, enrolments)."""
from __future__ import annotations

from collections import Counter

from flask import g, render_template, request

from banzu_gateway.web import local_time
from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.plan_chart import hours_bar
from banzu_gateway.web.presentation import UNAVAILABLE, grade_label, status_tone
from banzu_gateway.web.site import PageError, bp, page_for
from banzu_gateway.web.views.badges import my_prizes
from banzu_gateway.web.views.training.common import course_titles, grade_options, session_view

STATUS_ORDER = ("valid", "expiring", "review_due", "expired", "revoked", "superseded")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def my_number() -> str:
    if not g.user.employee_no:  # an account not linked to a worker has no records of its own
        raise PageError(403, "forbidden")
    return g.user.employee_no


@bp.get("/me")
@page_for("worker")
def me():
    profile = api().read(path("/workers/{}/profile", my_number()))
    worker = profile["worker"]
    team = api().get(path("/teams/{}", worker["team_code"]))
    credentials = profile["credentials"]
    counts = None if credentials == UNAVAILABLE else Counter(c["status"] for c in credentials)
    training = profile["training"]
    bar = None
    if training != UNAVAILABLE:
        plan = training.get("plan")
        bar = hours_bar(training["hours"], plan["target_hours_per_person"] if plan else None)
    mentorships = api().read("/mentorships", {"per_page": 20})["items"]
    contests = None if profile["contests"] == UNAVAILABLE else profile["contests"]
    # a prize's badge files beside its result (matched by contest)
    prizes = my_prizes() if contests and any(result.get("prize") for result in contests) else {}
    return render_template(
        "training/me.html", worker=worker, grade=grade_label(worker["grade"], g.lang),
        team_name=team.json()["name"] if team.ok else worker["team_code"], year=profile["year"],
        counts=counts and [(status, counts[status], status_tone(status)) for status in STATUS_ORDER if counts[status]],
        training=None if training == UNAVAILABLE else training, bar=bar,
        contests=contests, prizes=prizes, mentorships=mentorships, grades=dict(grade_options()))


@bp.get("/me/training")
@page_for("worker")
def my_training():
    no = my_number()
    this_year = local_time.today().year
    try:
        year = int(request.args.get("year") or this_year)
    except ValueError:
        year = this_year
    year = min(max(year, FIRST_YEAR), LAST_YEAR)
    record = api().read(path("/workers/{}/training", no), {"year": year})
    titles = course_titles()
    enrollments = [row | {"session": session_view(row["session"], titles)}
                   for row in api().read_all(path("/workers/{}/enrollments", no), {"upcoming": "true"})]
    programmes = {p["code"]: p for p in api().read_all("/certification-programs")}
    occupation = api().read(path("/workers/{}", no))["occupation"]
    # The programmes of the worker's occupation, and any other they have made a start on.
    progress = [p for p in record["programmes"] if p["earned"] or p["completed_courses"] or p["hours"] != "0.00"
                or programmes.get(p["program_code"], {}).get("occupation") == occupation]
    earned = {c["program_code"]: c for c in record["certifications"]}
    return render_template("training/my_training.html", record=record, titles=titles, enrollments=enrollments,
                           progress=progress, programmes=programmes, earned=earned, year=year,
                           grades=dict(grade_options()))
