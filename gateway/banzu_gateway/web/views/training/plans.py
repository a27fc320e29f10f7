"""Annual team training plans: listed, created with courses by month, changed during their year
(the courses by month as repeated rows, added and removed without script), and followed: hours per
person against the target as a chart, the share on target, the planned deliveries held."""
from __future__ import annotations

import re

from flask import flash, g, redirect, render_template, request, url_for

from banzu_gateway.web import i18n, local_time
from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.form_data import body_of, field_text, whole
from banzu_gateway.web.pagination import Pager, page_number
from banzu_gateway.web.plan_chart import hours_chart
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.problems import Refusal, refusal_of
from banzu_gateway.web.views.training.common import PER_PAGE, flash_message

MONTHS = tuple(range(1, 13))
FIRST_ROWS, MAX_ROWS = 4, 60
ITEM_FIELDS = ("course_code", "month")
# The API names an item as `items.0.month` (its shape) or `items[0].course_code` (its rules).
API_ITEM = re.compile(r"^items(?:\.(\d+)|\[(\d+)\])\.(.+)$")


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
    return render_plan(plan_id)


@bp.post("/plans/<int:plan_id>/edit")
@page_for("trainer")
def plan_edit(plan_id: int):
    """Adding or removing rows shows the form again and sends nothing; saving sends the rows that hold
    something as the plan's whole list (rows ticked for removal are left out)."""
    rows = rows_of_form(request.form)
    if request.form.get("rows"):
        return render_plan(plan_id, rows=rows)
    used = [row for row in rows if row["course_code"] or row["month"]]
    body = {"items": [{name: whole(row[name]) if name == "month" else row[name] for name in ITEM_FIELDS
                       if row[name]} for row in used]}
    if (target := field_text(request.form, "target_hours_per_person")) is not None:
        body["target_hours_per_person"] = target
    answer = api().patch(path("/plans/{}", plan_id), body)
    if not answer.ok:
        return render_plan(plan_id, rows=rows, refusal=plan_refusal(answer, used), status=answer.status)
    flash_message("plan_changed")
    return redirect(url_for("web.plan", plan_id=plan_id), code=303)


def rows_of_form(form) -> list[dict]:
    """The rows as sent, those ticked for removal gone, one more when `rows=add` asks for it."""
    rows = []
    for i in range(MAX_ROWS):
        if f"items-{i}-course_code" not in form:
            break
        if not form.get(f"items-{i}-remove"):
            rows.append({name: form.get(f"items-{i}-{name}", "").strip() for name in ITEM_FIELDS}
                        | {"index": len(rows)})
    if (form.get("rows") == "add" and len(rows) < MAX_ROWS) or not rows:
        rows.append({"course_code": "", "month": "", "index": len(rows)})
    return rows


def plan_refusal(answer, used: list[dict]) -> Refusal:
    """The API's refusal with its items named as the form's rows (`items[1]` is the second row that
    holds something, which may not be the form's second row); a past year's plan said in words."""
    names = {}
    for api_field in answer.problem.get("errors") or {}:
        item = API_ITEM.match(api_field)
        if item and int(item[1] or item[2]) < len(used):
            names[api_field] = f"items-{used[int(item[1] or item[2])]['index']}-{item[3]}"
    refusal = refusal_of(answer, names)
    if refusal.reason == "plan_year_over":
        refusal.summary = i18n.translate(g.lang, "plan_change_year_over", year=answer.problem.get("year", ""))
    return refusal


def render_plan(plan_id: int, rows: list[dict] | None = None, refusal: Refusal | None = None, status: int = 200):
    progress = api().read(path("/plans/{}/progress", plan_id))
    team = api().read(path("/teams/{}", progress["team_code"]))
    courses = api().read_all("/courses")
    titles = {course["code"]: course["title"] for course in courses}
    by_month = {month: [titles.get(item["course_code"], item["course_code"]) for item in progress["items"]
                        if item["month"] == month] for month in MONTHS}
    by_month = {month: planned for month, planned in by_month.items() if planned}
    chart = hours_chart(progress["members"], progress["target_hours_per_person"], progress["hours_per_person"])
    changeable = g.user.has("trainer") and local_time.today().year <= progress["year"]
    if rows is None:
        rows = [{"course_code": item["course_code"], "month": str(item["month"]), "index": i}
                for i, item in enumerate(progress["items"])] or [{"course_code": "", "month": "", "index": 0}]
    typed = request.form if request.method == "POST" else {"target_hours_per_person": progress["target_hours_per_person"]}
    return render_template("training/plan.html", plan=progress, team=team, by_month=by_month, chart=chart,
                           changeable=changeable, rows=rows, months=MONTHS, refusal=refusal, typed=typed,
                           courses=courses if changeable else []), status
