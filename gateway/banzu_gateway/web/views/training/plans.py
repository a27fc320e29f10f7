"""Annual team training plans: listed, created with courses by month, and followed: hours per
person against the target as a chart, the share on target, the planned deliveries held."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from banzu_gateway.web import local_time
from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.form_data import body_of, field_text, whole
from banzu_gateway.web.pagination import Pager, page_number
from banzu_gateway.web.plan_chart import hours_chart
from banzu_gateway.web.refusals import refusal_of
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.training.common import PER_PAGE, course_titles

MONTHS = tuple(range(1, 13))
FIRST_ROWS, MAX_ROWS = 4, 60


@bp.get("/plans")
@page_for("trainer", "hr")
def plans():
    chosen = {name: request.args.get(name, "").strip() for name in ("team", "year")}
    active = {name: value for name, value in chosen.items() if value}
    page = page_number(request.args.get("page"))
    answer = api().get("/plans", active | {"page": page, "per_page": PER_PAGE})
    refusal = refusal_of(answer) if answer.status == 422 else None
    listing = {"items": [], "total": 0} if refusal else answer.json()
    teams = {team["code"]: team["name"] for team in api().read_all("/teams")}
    return render_template("training/plans.html", rows=listing["items"], teams=teams, chosen=chosen, active=active,
                           pager=Pager(page, PER_PAGE, listing["total"]), refusal=refusal), 400 if refusal else 200


@bp.route("/plans/new", methods=["GET", "POST"])
@page_for("trainer")
def plan_new():
    form = request.form
    rows = row_count(form)
    if request.method == "GET":
        return plan_form({"year": str(local_time.today().year)}, FIRST_ROWS, None)
    if "add_row" in form:  # more rows, nothing sent yet: what was typed stays
        return plan_form(form, min(rows + 1, MAX_ROWS), None)
    items = [{"course_code": field_text(form, f"items-{i}-course_code"), "month": whole(field_text(form, f"items-{i}-month"))}
             for i in range(rows)]
    body = body_of(form, texts=("team_code", "target_hours_per_person"), wholes=("year",))
    body["items"] = [{k: v for k, v in item.items() if v is not None} for item in items
                     if item["course_code"] or item["month"]]
    answer = api().post("/plans", body, idempotency_key=form.get("idempotency_key"))
    if not answer.ok:
        return plan_form(form, rows, refusal_of(answer), answer.status)
    flash("plan_created")
    return redirect(url_for("web.plan", plan_id=answer.json()["id"]), code=303)


def row_count(form) -> int:
    """How many course rows the form shows (a hidden field, grown by "add a row")."""
    asked = whole(field_text(form, "rows"))
    return min(max(asked, 1), MAX_ROWS) if isinstance(asked, int) else FIRST_ROWS


def plan_form(typed, rows: int, refusal, status: int = 200):
    return render_template("training/plan_new.html", typed=typed, rows=rows, months=MONTHS,
                           teams=api().read_all("/teams"), courses=api().read_all("/courses"),
                           refusal=refusal), status


@bp.get("/plans/<int:plan_id>")
@page_for("trainer", "hr")
def plan(plan_id: int):
    progress = api().read(path("/plans/{}/progress", plan_id))
    team = api().read(path("/teams/{}", progress["team_code"]))
    titles = course_titles()
    by_month = {month: [titles.get(item["course_code"], item["course_code"]) for item in progress["items"]
                        if item["month"] == month] for month in MONTHS}
    by_month = {month: courses for month, courses in by_month.items() if courses}
    chart = hours_chart(progress["members"], progress["target_hours_per_person"], progress["hours_per_person"])
    return render_template("training/plan.html", plan=progress, team=team, by_month=by_month, chart=chart)
