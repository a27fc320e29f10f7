"""Contests and their published results: ranks, totals, segment percentages, prizes and promotions."""
from __future__ import annotations

from flask import g, render_template, request

from banzu_gateway.web import services
from banzu_gateway.web.pagination import Pager, page_number
from banzu_gateway.web.presentation import grade_label
from banzu_gateway.web.site import bp, page_for

PER_PAGE = 20


@bp.get("/contests")
@page_for()
def contests():
    listing = services.contests(g.user, page_number(request.args.get("page")), PER_PAGE)
    pager = Pager(listing["page"], listing["per_page"], listing["total"])
    return render_template("contests.html", contests=listing["items"], pager=pager)


@bp.get("/contests/<contest_id>/results")
@page_for()
def contest_results(contest_id: str):
    answer = services.contest_results(g.user, contest_id)
    if answer is None:
        return render_template("results.html", contest=services.contest(g.user, contest_id), results=None), 409
    for row in answer["items"]:
        promotion = row.get("promotion")
        row["promotion_text"] = (f"{grade_label(promotion['from_grade'], g.lang)} → "
                                 f"{grade_label(promotion['to_grade'], g.lang)}") if promotion else None
    return render_template("results.html", contest=answer["contest"], results=answer["items"])
