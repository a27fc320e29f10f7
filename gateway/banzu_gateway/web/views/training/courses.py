"""The course catalogue: trainers list, add and edit courses."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.form_data import body_of
from banzu_gateway.web.pagination import Pager, page_number
from banzu_gateway.web.problems import refusal_of
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.certificates import credential_type_names
from banzu_gateway.web.views.training.common import COURSE_KINDS, PER_PAGE

FILTERS = ("occupation", "kind")
COURSE_TEXTS = ("title", "occupation", "hours", "kind")
COURSE_NULLABLE = ("pass_score", "credential_type")


@bp.get("/courses")
@page_for("trainer")
def courses():
    chosen = {name: request.args.get(name, "").strip() for name in FILTERS}
    active = {name: value for name, value in chosen.items() if value}
    page = page_number(request.args.get("page"))
    answer = api().get("/courses", active | {"page": page, "per_page": PER_PAGE})
    refusal = refusal_of(answer) if answer.status == 422 else None
    listing = {"items": [], "total": 0} if refusal else answer.json()
    return render_template("training/courses.html", rows=listing["items"], chosen=chosen, active=active,
                           kinds=COURSE_KINDS, pager=Pager(page, PER_PAGE, listing["total"]),
                           refusal=refusal), 400 if refusal else 200


def course_form(template_values: dict, status: int = 200):
    return render_template("training/course_form.html", kinds=COURSE_KINDS, types=credential_type_names(),
                           **template_values), status


@bp.route("/courses/new", methods=["GET", "POST"])
@page_for("trainer")
def course_new():
    if request.method == "GET":
        return course_form({"course": None, "typed": {}, "refusal": None})
    body = body_of(request.form, texts=("code",) + COURSE_TEXTS, nullable=COURSE_NULLABLE)
    answer = api().post("/courses", body, idempotency_key=request.form.get("idempotency_key"))
    if not answer.ok:
        return course_form({"course": None, "typed": request.form, "refusal": refusal_of(answer)}, answer.status)
    flash("course_created")
    return redirect(url_for("web.course", code=answer.json()["code"]), code=303)


@bp.route("/courses/<code>", methods=["GET", "POST"])
@page_for("trainer")
def course(code: str):
    current = api().read(path("/courses/{}", code))
    if request.method == "GET":
        return course_form({"course": current, "typed": current, "refusal": None})
    # Every field goes as typed: a field emptied is refused as required, not left unchanged.
    body = {name: request.form.get(name, "").strip() for name in COURSE_TEXTS}
    body |= body_of(request.form, nullable=COURSE_NULLABLE)
    answer = api().patch(path("/courses/{}", code), body)
    if not answer.ok:
        return course_form({"course": current, "typed": request.form, "refusal": refusal_of(answer)}, answer.status)
    flash("saved")
    return redirect(url_for("web.course", code=code), code=303)
