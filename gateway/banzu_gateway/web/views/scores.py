"""The team scoreboard with star ratings, and one team's score with a chart of its ledger."""
from __future__ import annotations

from datetime import date

from flask import g, render_template, request

from banzu_common.errors import Invalid

from banzu_gateway.domain.ledger import parse_period, year_period
from banzu_gateway.web.api_client import api, expect_ok, path
from banzu_gateway.web.charts import ledger_chart
from banzu_gateway.web.presentation import stars
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.assessments import ledger_explained, rating_bands


def chosen_period() -> tuple[str, str | None]:
    """(period code, error key): the period asked for when it is one, else this year's."""
    text = request.args.get("period", "").strip()
    this_year = year_period(date.today()).code
    if not text:
        return this_year, None
    try:
        return parse_period(text).code, None
    except Invalid:
        return this_year, "invalid_period"


@bp.get("/scoreboard")
@page_for("hr")
def scoreboard():
    period, error = chosen_period()
    board = api().read("/scoreboard", {"period": period, "lang": g.lang, "per_page": 500})
    rows = [{"code": row["team"], "name": row["name"], "score": row["score"], "rating": row["rating_label"],
             "stars": stars(row["rating"])} for row in board["items"]]
    return render_template("scoreboard.html", rows=rows, period=period, period_text=request.args.get("period", ""),
                           error=error, scale=board["scale"], bands=rating_bands(board["scale"]["ratings"])), \
        400 if error else 200


@bp.get("/teams/<code>/score")
@page_for()
def team_score(code: str):
    period, error = chosen_period()
    score = api().read(path("/teams/{}/score", code), {"period": period, "lang": g.lang})
    team = expect_ok(api().get(path("/teams/{}", code)))
    chart = ledger_chart(parse_period(score["period"]), score["ledger"], score["scale"], g.lang)
    return render_template("team_score.html", team=team, shown_score=score["score"], rating=score["rating_label"],
                           stars=stars(score["rating"]), chart=chart, period=period,
                           period_text=request.args.get("period", ""), error=error,
                           ledger=score["ledger"], explained=ledger_explained(score["scale"]),
                           bands=rating_bands(score["scale"]["ratings"])), 400 if error else 200
