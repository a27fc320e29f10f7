"""HR's teams: the list, a new team, and a team's page with its members, leader, compliance, score and
assessment (for the year chosen on the page)."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for

from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.form_data import nullable, submitted
from banzu_gateway.web.form_pages import CreateForm
from banzu_gateway.web.pagination import Pager, page_number
from banzu_gateway.web.presentation import grade_label
from banzu_gateway.web.problems import refusal_of
from banzu_gateway.web.site import PageError, bp, page_for
from banzu_gateway.web.views.assessments import assessment_card, ledger_score
from banzu_gateway.web.views.compliance import team_compliance

PER_PAGE = 20
TEAM_FIELDS = ("code", "name", "company", "workshop")
TEAM_CHANGES = ("name", "company", "workshop", "leader")
MEMBERS_SHOWN = 500


@bp.get("/teams")
@page_for("hr")
def teams():
    page = page_number(request.args.get("page"))
    listing = api().read("/teams", {"page": page, "per_page": PER_PAGE})
    return render_template("directory/teams.html", teams=listing["items"],
                           pager=Pager(page, PER_PAGE, listing["total"]))


NEW_TEAM = CreateForm("directory/team_new.html", "/teams", TEAM_FIELDS, "team_created", "web.team", "code", "code")


@bp.route("/teams/new", methods=["GET", "POST"])
@page_for("hr")
def new_team():
    return NEW_TEAM.page()


@bp.route("/teams/<code>", methods=["GET", "POST"])
@page_for("hr")
def team(code: str):
    form, refusal = None, None
    if request.method == "POST":
        form = submitted(*TEAM_CHANGES)
        answer = api().patch(path("/teams/{}", code), nullable(form, "workshop", "leader"))
        if answer.ok:
            flash("saved")
            return redirect(url_for("web.team", code=code), code=303)
        refusal = refusal_of(answer)
    return team_page(code, form, refusal)


@bp.post("/teams/<code>/robot")
@page_for("hr")
def team_robot(code: str):
    """The team group's chat robot (PUT /teams/{code}/robot); an emptied field removes it."""
    robot_form = submitted("url")
    answer = api().put(path("/teams/{}/robot", code), nullable(robot_form, "url"))
    if answer.ok:
        flash("robot_saved")
        return redirect(url_for("web.team", code=code) + "#robot-heading", code=303)
    if answer.status == 404:
        raise PageError(404, "not_found")
    return team_page(code, robot_form=robot_form, robot_refusal=refusal_of(answer))


def team_page(code: str, form: dict | None = None, refusal=None, robot_form: dict | None = None,
              robot_refusal=None):
    team_row = api().read(path("/teams/{}", code))
    robot = robot_form or api().read(path("/teams/{}/robot", code))
    members = api().read("/workers", {"team": code, "per_page": MEMBERS_SHOWN})
    for member in members["items"]:
        member["grade_label"] = grade_label(member["grade"], g.lang)
    leader_options = [(w["employee_no"], f"{w['name']} ({w['employee_no']})") for w in members["items"]]
    assessment, day_error = assessment_card(code)
    return render_template("directory/team.html", team=team_row, members=members["items"], leader_options=leader_options,
                           members_total=members["total"], form=form or team_row, refusal=refusal,
                           robot=robot, robot_refusal=robot_refusal, compliance=team_compliance(code),
                           score=ledger_score(code, assessment["year"]), assessment=assessment, day_error=day_error,
                           chosen=request.args), 422 if refusal or robot_refusal else 400 if day_error else 200
