"""The HR promotion list: filters, pages, and the same list as CSV or XLSX in the page's language."""
from __future__ import annotations

from flask import g, render_template, request

from banzu_common.skill_ladder import skill_ladder

from banzu_gateway.web.api_client import api, expect_ok
from banzu_gateway.web.form_pages import download
from banzu_gateway.web.pagination import Pager, page_number
from banzu_gateway.web.presentation import grade_label, source_label
from banzu_gateway.web.problems import refusal_of
from banzu_gateway.web.site import PageError, bp, page_for

PER_PAGE = 20
SOURCES = ("contest", "certification")
FILTER_NAMES = ("from", "to", "team", "source", "grade")
FILE_FORMATS = ("csv", "xlsx")


def chosen_filters() -> dict[str, str]:
    return {name: request.args.get(name, "").strip() for name in FILTER_NAMES}


@bp.get("/promotions")
@page_for("hr")
def promotions():
    chosen = chosen_filters()
    active = {name: value for name, value in chosen.items() if value}
    page = page_number(request.args.get("page"))
    answer = api().get("/promotions", {**active, "lang": g.lang, "page": page, "per_page": PER_PAGE})
    refusal = refusal_of(answer) if answer.status == 422 else None
    listing = {"items": [], "total": 0} if refusal else expect_ok(answer)
    teams = api().read_all("/teams")
    return render_template("promotions.html", rows=listing["items"], pager=Pager(page, PER_PAGE, listing["total"]),
                           teams=teams, chosen=chosen, active=active, refusal=refusal, sources=SOURCES,
                           source_labels={code: source_label(code, g.lang) for code in SOURCES},
                           grades=[(code, grade_label(code, g.lang)) for code in skill_ladder().codes]), \
        400 if refusal else 200


@bp.get("/promotions/export.<extension>")
@page_for("hr")
def export_promotions(extension: str):
    if extension not in FILE_FORMATS:
        raise PageError(404, "not_found")
    return download("/promotions", FILTER_NAMES, {"format": extension, "lang": g.lang})
