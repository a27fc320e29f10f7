"""A contest's results: once published, ranks, totals, segment percentages, prizes and promotions (a winner
not promoted says why), the absent after the ranked, downloads as CSV and XLSX in the page's language; and
before publishing, the organizer's ranking preview from the scores entered so far, marked as not final."""
from __future__ import annotations

from flask import g, render_template

from banzu_gateway.web.api_client import api, expect_ok, path, relayed_file
from banzu_gateway.web.presentation import grade_label
from banzu_gateway.web.site import PageError, bp, page_for
from banzu_gateway.web.views.choices import occupation_label
from banzu_gateway.web.views.contests.actions import words
from banzu_gateway.web.views.contests.common import ORGANIZER, is_organizer, read_contest

FILE_FORMATS = ("csv", "xlsx")
RANKED = "ranked"


@bp.get("/contests/<contest_id>/results")
@page_for()
def contest_results(contest_id: str):
    answer = api().get(path("/contests/{}/results", contest_id), {"per_page": 500})
    if answer.status == 409:  # not published yet
        contest = read_contest(contest_id)
        return render_template("contests/results.html", contest=contest, results=None, preview=False,
                               occupation=occupation_label(contest["occupation"]), organizer=is_organizer()), 409
    return results_page(expect_ok(answer), preview=False)


@bp.get("/contests/<contest_id>/results.<extension>")
@page_for()
def contest_results_file(contest_id: str, extension: str):
    if extension not in FILE_FORMATS:
        raise PageError(404, "not_found")
    answer = api().get(path("/contests/{}/results", contest_id), {"format": extension, "lang": g.lang})
    if answer.status == 409:
        raise PageError(409, "not_published")
    return relayed_file(answer)


@bp.get("/contests/<contest_id>/preview")
@page_for(ORGANIZER)
def contest_preview(contest_id: str):
    answer = api().get(path("/contests/{}/results/preview", contest_id), {"per_page": 500})
    if answer.status == 409:  # before the start, or once published (the results are there)
        contest = read_contest(contest_id)
        return render_template("contests/results.html", contest=contest, results=None, preview=True,
                               occupation=occupation_label(contest["occupation"]), organizer=True), 409
    return results_page(expect_ok(answer), preview=True)


def results_page(answer: dict, preview: bool):
    contest = answer["contest"]
    cap = grade_label((contest.get("promotions") or {}).get("cap") or "technician", g.lang)
    rows = [described(row, cap) for row in answer["items"]]
    # The ranked first (as the API orders them), then those without a rank: absent, or not complete yet.
    rows.sort(key=lambda row: row["rank"] is None)
    return render_template("contests/results.html", contest=contest, results=rows, preview=preview,
                           occupation=occupation_label(contest["occupation"]), organizer=is_organizer())


def described(row: dict, cap: str) -> dict:
    promotion = row.get("promotion")
    if promotion:
        text = f"{grade_label(promotion['from_grade'], g.lang)} → {grade_label(promotion['to_grade'], g.lang)}"
    elif row.get("promotion_withheld") == "at_cap":
        text = words("promotion_withheld_at_cap", cap=cap)
    else:
        text = None
    return {**row, "status": row.get("status") or RANKED, "promotion_text": text}

