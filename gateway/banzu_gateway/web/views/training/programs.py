"""Certification programmes: listed, created from courses, and each worker's way towards one."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for

from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.form_data import body_of
from banzu_gateway.web.pagination import Pager, page_number
from banzu_gateway.web.presentation import grade_label
from banzu_gateway.web.problems import refusal_of
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.certificates import credential_type_names
from banzu_gateway.web.views.training.common import PER_PAGE, course_titles, grade_options


@bp.get("/programs")
@page_for("trainer")
def programs():
    page = page_number(request.args.get("page"))
    listing = api().read("/certification-programs", {"page": page, "per_page": PER_PAGE})
    return render_template("training/programs.html", rows=listing["items"], titles=course_titles(),
                           types=credential_type_names(), pager=Pager(page, PER_PAGE, listing["total"]))


@bp.route("/programs/new", methods=["GET", "POST"])
@page_for("trainer")
def program_new():
    if request.method == "GET":
        return program_form({}, [], None)
    body = body_of(request.form, texts=("code", "name", "occupation", "grade", "credential_type", "min_hours"))
    chosen = [code for code in request.form.getlist("courses") if code]
    body["courses"] = chosen
    answer = api().post("/certification-programs", body, idempotency_key=request.form.get("idempotency_key"))
    if not answer.ok:
        refusal = refusal_of(answer)
        for name in [n for n in refusal.fields if n.startswith("courses-")]:  # one list field on the form
            refusal.fields.setdefault("courses", []).extend(refusal.fields.pop(name))
        return program_form(request.form, chosen, refusal, answer.status)
    flash("program_created")
    return redirect(url_for("web.program", code=answer.json()["code"]), code=303)


def program_form(typed, chosen: list[str], refusal, status: int = 200):
    return render_template("training/program_new.html", typed=typed, chosen=chosen,
                           courses=api().read_all("/courses"), grades=grade_options(),
                           types=credential_type_names(), refusal=refusal), status


@bp.get("/programs/<code>")
@page_for("trainer")
def program(code: str):
    page = page_number(request.args.get("page"))
    progress = api().read(path("/certification-programs/{}/progress", code), {"page": page, "per_page": PER_PAGE})
    programme = progress["program"]
    return render_template("training/program.html", program=programme, rows=progress["items"],
                           titles=course_titles(), grade=grade_label(programme["grade"], g.lang),
                           type_name=credential_type_names().get(programme["credential_type"], {}).get(g.lang),
                           pager=Pager(page, PER_PAGE, progress["total"]))
