"""The team scoreboard with star ratings, and one team's score with a chart of its ledger."""
from __future__ import annotations

from datetime import date

from flask import g, render_template, request

from banzu_common.errors import Invalid, NotFound

from banzu_gateway.bootstrap import runtime
from banzu_gateway.domain.ledger import parse_period, present, year_period
from banzu_gateway.service_layer import directory, team_scores
from banzu_gateway.web.charts import ledger_chart
from banzu_gateway.web.presentation import stars
from banzu_gateway.web.site import PageError, bp, page_for


def chosen_period():
    """(period, error key): the period asked for, else this year."""
    text = request.args.get("period", "").strip()
    if not text:
        return year_period(date.today()), None
    try:
        return parse_period(text), None
    except Invalid:
        return year_period(date.today()), "invalid_period"


@bp.get("/scoreboard")
@page_for("hr")
def scoreboard():
    period, error = chosen_period()
    with runtime.uow() as uow:
        scores = team_scores.team_scores(uow, period)
    rows = [{"code": team["code"], "name": team["name"], "score": present(score.score),
             "rating": score.rating.label(g.lang), "stars": stars(score.rating.code)} for team, score in scores]
    return render_template("scoreboard.html", rows=rows, period=period, period_text=request.args.get("period", ""),
                           error=error, settings=team_scores.scoring_settings()), 400 if error else 200


@bp.get("/teams/<code>/score")
@page_for()
def team_score(code: str):
    period, error = chosen_period()
    with runtime.uow() as uow:
        if not (g.user.has("hr") or (g.user.employee_no and directory.current_team(uow, g.user.employee_no) == code)):
            raise PageError(403, "forbidden")
        try:
            team = directory.get_team(uow, code)
        except NotFound:
            raise PageError(404, "not_found") from None
        score = team_scores.team_score(uow, code, period)
    settings = team_scores.scoring_settings()
    return render_template("team_score.html", team=team, score=score, shown_score=present(score.score),
                           rating=score.rating.label(g.lang), stars=stars(score.rating.code),
                           chart=ledger_chart(score, settings, g.lang), period=period,
                           period_text=request.args.get("period", ""), error=error,
                           ledger=[entry.present() for entry in score.ledger]), 400 if error else 200
