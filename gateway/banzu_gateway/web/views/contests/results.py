"""A contest's published results: ranks, totals, segment percentages, prizes and promotions."""
from __future__ import annotations

from flask import g, render_template

from banzu_gateway.web.api_client import api, expect_ok, path
from banzu_gateway.web.presentation import grade_label
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.contests.common import is_organizer, read_contest


@bp.get("/contests/<contest_id>/results")
@page_for()
def contest_results(contest_id: str):
    answer = api().get(path("/contests/{}/results", contest_id), {"per_page": 500})
    if answer.status == 409:  # not published yet
        return render_template("contests/results.html", contest=read_contest(contest_id), results=None,
                               organizer=is_organizer()), 409
    published = expect_ok(answer)
    for row in published["items"]:
        promotion = row.get("promotion")
        row["promotion_text"] = (f"{grade_label(promotion['from_grade'], g.lang)} → "
                                 f"{grade_label(promotion['to_grade'], g.lang)}") if promotion else None
    return render_template("contests/results.html", contest=published["contest"], results=published["items"],
                           organizer=is_organizer())
