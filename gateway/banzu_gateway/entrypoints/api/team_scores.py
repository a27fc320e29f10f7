"""Team scores for a period and the scoreboard of every team."""
from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import Principal, current_principal, roles_required
from banzu_common.errors import Forbidden
from banzu_common.pagination import PageArgs, slice_page
from banzu_common.unit_of_work import UnitOfWork

from banzu_gateway.bootstrap import runtime
from banzu_common.skill_ladder import LANGUAGES
from banzu_common.decimals import present

from banzu_gateway.domain.ledger import Period, parse_period, year_period
from banzu_gateway.service_layer import directory, team_scores

blp = Blueprint("team_scores", __name__, description="Team scores")


# What parse_period reads: a year from 0001 (documented; parse_period checks it).
PERIOD = r"^([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})(-Q[1-4])?$"


class ScoreArgs(Schema):
    period = fields.String(metadata={"description": 'A year ("2026") or a quarter ("2026-Q3"); default: this year',
                                     "pattern": PERIOD})
    lang = fields.String(load_default="zh", validate=validate.OneOf(LANGUAGES),
                         metadata={"description": "Language of the rating label"})


class ScoreboardArgs(ScoreArgs, PageArgs):
    pass


class LedgerEntrySchema(Schema):
    kind = fields.String()
    points = fields.Decimal(as_string=True)
    employee_no = fields.String()
    name = fields.String(allow_none=True, metadata={"description": "the worker's name, from the directory"})
    team_code = fields.String()
    ref = fields.String()
    on = fields.String()


class RatingSchema(Schema):
    code = fields.String()
    at_least = fields.Decimal(as_string=True)
    label = fields.String()


class ScaleSchema(Schema):
    """The settings a score is read against: where it starts, its bounds and the rating thresholds."""

    base = fields.Decimal(as_string=True)
    min = fields.Decimal(as_string=True)
    max = fields.Decimal(as_string=True)
    ratings = fields.List(fields.Nested(RatingSchema), metadata={"description": "best first"})


class TeamScoreSchema(Schema):
    team = fields.String()
    period = fields.String()
    starts_on = fields.Date(metadata={"description": "the period's first day"})
    ends_on = fields.Date(metadata={"description": "the period's last day (both days count)"})
    score = fields.Decimal(as_string=True)
    rating = fields.String()
    rating_label = fields.String()
    ledger = fields.List(fields.Nested(LedgerEntrySchema))
    scale = fields.Nested(ScaleSchema)


class ScoreboardRowSchema(Schema):
    team = fields.String()
    name = fields.String()
    score = fields.Decimal(as_string=True)
    rating = fields.String()
    rating_label = fields.String()


class ScoreboardSchema(Schema):
    period = fields.String()
    scale = fields.Nested(ScaleSchema)
    items = fields.List(fields.Nested(ScoreboardRowSchema))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()


def period_of(args: dict) -> Period:
    return parse_period(args["period"]) if "period" in args else year_period(date.today())


def scale(lang: str) -> dict:
    settings = team_scores.scoring_settings()
    return {"base": settings.base, "min": settings.minimum, "max": settings.maximum,
            "ratings": [{"code": r.code, "at_least": r.at_least, "label": r.label(lang)} for r in settings.ratings]}


def _require_hr_or_member(uow: UnitOfWork, principal: Principal, team_code: str) -> None:
    if principal.has("hr"):
        return
    if principal.employee_no and directory.current_team(uow, principal.employee_no) == team_code:
        return
    raise Forbidden("forbidden", "Only HR and the team's own members may see its score.")


@blp.route("/teams/<code>/score")
class TeamScoreResource(MethodView):
    @blp.arguments(ScoreArgs, location="query")
    @blp.response(200, TeamScoreSchema)
    def get(self, args, code):
        """A team's score, rating and ledger for a year or quarter [hr, or a member of the team]."""
        principal = current_principal()
        period = period_of(args)
        with runtime.uow() as uow:
            _require_hr_or_member(uow, principal, code)
            directory.get_team(uow, code)
            score = team_scores.team_score(uow, code, period)
            answer = {"team": code, "scale": scale(args["lang"]), "starts_on": period.start,
                      "ends_on": period.end} | score.present(args["lang"])
            names = directory.workers_by_no(uow, list({e["employee_no"] for e in answer["ledger"] if e.get("employee_no")}))
        for entry in answer["ledger"]:
            entry["name"] = (names.get(entry.get("employee_no")) or {}).get("name")
        return answer


@blp.route("/scoreboard")
class ScoreboardResource(MethodView):
    @roles_required("hr")
    @blp.arguments(ScoreboardArgs, location="query")
    @blp.response(200, ScoreboardSchema)
    def get(self, args):
        """Every team's score and rating for a year or quarter, best first [hr]."""
        period = period_of(args)
        with runtime.uow() as uow:
            scores = team_scores.team_scores(uow, period)
        rows = [{"team": team["code"], "name": team["name"], "score": present(score.score),
                 "rating": score.rating.code, "rating_label": score.rating.label(args["lang"])}
                for team, score in scores]
        return {"period": period.code, "scale": scale(args["lang"])} | slice_page(rows, args)
