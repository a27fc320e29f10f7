"""The team scoreboard with star ratings, and one team's score with a chart of its ledger."""
from __future__ import annotations

from datetime import date

from flask import g, render_template, request

from banzu_gateway.web.api_client import api, expect_ok, path
from banzu_gateway.web.charts import ledger_chart
from banzu_gateway.web.presentation import stars
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.assessments import ledger_explained, rating_bands


def for_period(api_path: str, params: dict) -> tuple[dict, str | None]:
    """(the API's answer, error key): for the period asked for when the API takes it as one, else for
    this year (the API's default) with the error key to show next to the form."""
    text = request.args.get("period", "").strip()
    if not text:
        return api().read(api_path, params), None
    answer = api().get(api_path, {**params, "period": text})
    if answer.status == 422:
        return api().read(api_path, params), "invalid_period"
    return expect_ok(answer), None


@bp.get("/scoreboard")
@page_for("hr")
def scoreboard():
    board, error = for_period("/scoreboard", {"lang": g.lang, "per_page": 500})
    period = board["period"]
    rows = [{"code": row["team"], "name": row["name"], "score": row["score"], "rating": row["rating_label"],
             "stars": stars(row["rating"])} for row in board["items"]]
    return render_template("scoreboard.html", rows=rows, period=period, period_text=request.args.get("period", ""),
                           error=error, scale=board["scale"], bands=rating_bands(board["scale"]["ratings"])), \
        400 if error else 200


@bp.get("/teams/<code>/score")
@page_for()
def team_score(code: str):
    score, error = for_period(path("/teams/{}/score", code), {"lang": g.lang})
    period = score["period"]
    team = expect_ok(api().get(path("/teams/{}", code)))
    chart = ledger_chart(date.fromisoformat(score["starts_on"]), date.fromisoformat(score["ends_on"]),
                         score["ledger"], score["scale"], g.lang)
    return render_template("team_score.html", team=team, shown_score=score["score"], rating=score["rating_label"],
                           stars=stars(score["rating"]), chart=chart, period=period,
                           period_text=request.args.get("period", ""), error=error,
                           ledger=score["ledger"], explained=ledger_explained(score["scale"]),
                           bands=rating_bands(score["scale"]["ratings"])), 400 if error else 200
