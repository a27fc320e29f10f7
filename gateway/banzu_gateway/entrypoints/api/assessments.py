"""GET /teams/{code}/assessment, GET /assessments (JSON pages, CSV, XLSX) and GET /teams/{code}/skill-matrix."""
from __future__ import annotations

import tempfile
from datetime import date

from flask import Response, send_file
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from banzu_common.auth import roles_required
from banzu_common.decimals import present
from banzu_common.openapi_document import also_sent_as
from banzu_common.pagination import PageArgs, slice_page
from banzu_common.skill_ladder import LANGUAGES

from banzu_gateway.bootstrap import runtime
from banzu_gateway.domain.assessment import PLAN, SETTING, Assessment, assessment_day
from banzu_gateway.domain.scoring_settings import INDICATORS
from banzu_gateway.entrypoints.api.promotion_files import XLSX
from banzu_gateway.entrypoints.api.service_headers import as_gateway
from banzu_gateway.entrypoints.api.team_access import team_leader_or_roles
from banzu_gateway.entrypoints.api.team_scores import RatingSchema, scale
from banzu_gateway.exports.assessments import assessment_csv, write_assessment_xlsx
from banzu_gateway.service_layer.assessments import TeamAssessment, every_assessment, skill_matrix, team_assessment

blp = Blueprint("assessments", __name__, description="Team assessments (班组考核) and skill matrices (技能矩阵图)")

DAYS = validate.Range(min=date(2000, 1, 1), max=date(2100, 12, 31))
SORTS = ("score", "name", "team", *INDICATORS)
FORMATS = ("json", "csv", "xlsx")
STANDINGS = ("valid", "expiring", "review_due", "expired", "missing", "not_required")


def _decimal(description: str) -> fields.Decimal:
    return fields.Decimal(as_string=True, allow_none=True, metadata={"description": description})


class AssessmentArgs(Schema):
    year = fields.Integer(validate=validate.Range(min=2000, max=2100),
                          metadata={"description": "Default: the year of as_of, or this year"})
    as_of = fields.Date(validate=DAYS, metadata={"description": "The day D, within the year. Default: today "
                                                               "within the year, the year's last day for a past year"})
    lang = fields.String(validate=validate.OneOf(LANGUAGES),
                         metadata={"description": "Language of rating labels (JSON: default zh) and of a file's "
                                                  "columns (CSV without lang: codes, for machines)"})


class AssessmentListArgs(AssessmentArgs, PageArgs):
    sort = fields.String(load_default="score", validate=validate.OneOf(SORTS),
                         metadata={"description": "score (default), name, team, or an indicator's code (its actual)"})
    direction = fields.String(validate=validate.OneOf(("asc", "desc")),
                              metadata={"description": "Default: desc for score and indicators, asc for name and "
                                                       "team; teams without a value come last either way"})
    format = fields.String(validate=validate.OneOf(FORMATS),
                           metadata={"description": "json (default), csv or xlsx: the whole sorted list as a file"})


class IndicatorSchema(Schema):
    code = fields.String(validate=validate.OneOf(INDICATORS))
    unit = fields.String(validate=validate.OneOf(("hours", "percent", "count")))
    actual = _decimal("in the unit (a percentage 0–100: \"50.00\"); null when not applicable or unavailable")
    target = _decimal("in the unit; for training_hours the team's plan target for the year when it has a plan, "
                      "else the setting; null when the service holding that plan did not answer")
    target_source = fields.String(allow_none=True, validate=validate.OneOf((PLAN, SETTING)), metadata={
        "description": "where the target came from, for indicators whose target may come from the team's plan "
                       "(training_hours): plan or setting; null for the others, and while the plan is unknown"})
    weight = _decimal("weight")
    points = _decimal("weight × min(1, actual / target); null when not applicable or unavailable")
    reached = _decimal("percent of the target reached, at most 100; null when not applicable or unavailable")
    met = fields.Boolean(allow_none=True, metadata={"description": "actual reaches the target"})
    applicable = fields.Boolean(allow_none=True, metadata={"description": "false: left out of the weights; null: "
                                                                          "unavailable"})
    available = fields.Boolean(metadata={"description": "false when the service holding its facts did not answer"})


class AssessedTeamSchema(Schema):
    team = fields.String()
    name = fields.String()
    members = fields.Integer(metadata={"description": "the team's workers on as_of"})
    indicators = fields.List(fields.Nested(IndicatorSchema))
    score = _decimal("100 × Σ points / Σ applicable weights; null when the team is not assessable or a part is "
                     "unavailable")
    rating = fields.String(allow_none=True, metadata={"description": "the rating of the score by rating_bands; null "
                                                                     "with the score"})
    rating_label = fields.String(allow_none=True)
    assessable = fields.Boolean(metadata={"description": "false: no members on as_of, or no indicator applies; "
                                                         "then score and rating are null"})
    unavailable = fields.List(fields.String(), metadata={"description": "services that did not answer: their "
                                                                        "indicators are unavailable, no score"})


BANDS_DESCRIPTION = "the score's rating thresholds from the scoring settings, best first: a score gets the first " \
                    "rating whose at_least it reaches"


class TeamAssessmentSchema(AssessedTeamSchema):
    year = fields.Integer()
    as_of = fields.Date()
    rating_bands = fields.List(fields.Nested(RatingSchema), metadata={"description": BANDS_DESCRIPTION})


class AssessmentListSchema(Schema):
    year = fields.Integer()
    as_of = fields.Date()
    rating_bands = fields.List(fields.Nested(RatingSchema), metadata={"description": BANDS_DESCRIPTION})
    indicators = fields.List(fields.String(validate=validate.OneOf(INDICATORS)), metadata={
        "description": "the indicators' codes, in the order of each item's indicators; each is also a sort"})
    items = fields.List(fields.Nested(AssessedTeamSchema))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()


class MatrixArgs(Schema):
    as_of = fields.Date(validate=DAYS, metadata={"description": "Default: today"})


class MatrixRowSchema(Schema):
    employee_no = fields.String()
    name = fields.String()
    occupation = fields.String()
    grade = fields.String()
    training_hours = _decimal("hours credited in as_of's year up to as_of; null when training is unavailable")
    cells = fields.Dict(keys=fields.String(), values=fields.String(validate=validate.OneOf(STANDINGS)),
                        metadata={"description": "type code → " + " | ".join(STANDINGS)})


class SkillMatrixSchema(Schema):
    team = fields.String()
    name = fields.String()
    as_of = fields.Date()
    types = fields.List(fields.String(), metadata={"description": "every credential type some member's occupation "
                                                                  "requires"})
    rows = fields.List(fields.Nested(MatrixRowSchema))
    unconfigured = fields.List(fields.String(), metadata={
        "description": "occupations of members that have no requirements set (their cells say not_required only "
                       "because nothing was set; see /compliance)"})
    unavailable = fields.List(fields.String())


def presented(assessed: TeamAssessment, lang: str) -> dict:
    result: Assessment = assessed.assessment
    return {"team": assessed.team["code"], "name": assessed.team["name"], "members": result.members,
            "indicators": [indicator.present() for indicator in result.indicators], "score": result.shown_score,
            "rating": result.rating.code if result.rating else None,
            "rating_label": result.rating.label(lang) if result.rating else None,
            "assessable": result.assessable, "unavailable": list(result.unavailable)}


def day_and_bands(year: int, day: date, lang: str) -> dict:
    return {"year": year, "as_of": day, "rating_bands": scale(lang)["ratings"]}


def ordered(assessed: list[TeamAssessment], sort: str, direction: str | None) -> list[TeamAssessment]:
    """Sorted by `sort`, ties by team code; teams without a value for it come last. By score or an
    indicator, the teams that are not assessable come after every other (an empty team's plan is
    no reason to rank it); by name or code, the list stays in that order, to be looked up."""
    def value(item: TeamAssessment):
        if sort in ("name", "team"):
            return item.team["name" if sort == "name" else "code"]
        return item.assessment.score if sort == "score" else item.assessment.indicator(sort).actual

    descending = (direction or ("asc" if sort in ("name", "team") else "desc")) == "desc"
    by_code = sorted(assessed, key=lambda item: item.team["code"])
    ordered_teams = []
    groups = (by_code,) if sort in ("name", "team") else (
        [item for item in by_code if item.assessment.assessable], [item for item in by_code
                                                                   if not item.assessment.assessable])
    for group in groups:
        valued = sorted((item for item in group if value(item) is not None), key=value, reverse=descending)
        ordered_teams += valued + [item for item in group if value(item) is None]
    return ordered_teams


@blp.route("/teams/<code>/assessment")
class TeamAssessmentResource(MethodView):
    @team_leader_or_roles("hr")
    @blp.arguments(AssessmentArgs, location="query")
    @blp.response(200, TeamAssessmentSchema)
    def get(self, args, code):
        """A team's yearly assessment: indicators with actual, target, weight, points, and the score
        and rating [hr, or that team's leader]."""
        year, day = assessment_day(args.get("year"), args.get("as_of"), date.today())
        lang = args.get("lang", "zh")
        assessed = team_assessment(runtime.uow(), code, year, day, as_gateway())
        return day_and_bands(year, day, lang) | presented(assessed, lang)


@blp.route("/assessments")
class AssessmentsResource(MethodView):
    @roles_required("hr")
    @blp.arguments(AssessmentListArgs, location="query")
    @blp.response(200, AssessmentListSchema)
    @also_sent_as(blp, "text/csv", XLSX, description="`format=csv` or `xlsx`: the whole list as a file")
    def get(self, args):
        """Every team's assessment, best first (or by `sort`) [hr]. `format=csv` or `xlsx` sends the
        whole list as a file (`text/csv`, or an Excel workbook), one column per indicator's actual."""
        year, day = assessment_day(args.get("year"), args.get("as_of"), date.today())
        lang = args.get("lang")
        assessed = every_assessment(runtime.uow(), year, day, as_gateway())
        teams = ordered(assessed, args["sort"], args.get("direction"))
        if args.get("format") in (None, "json"):
            page = slice_page(teams, args)
            return day_and_bands(year, day, lang or "zh") | page | {
                "indicators": list(INDICATORS), "items": [presented(item, lang or "zh") for item in page["items"]]}
        items = [presented(item, lang or "zh") for item in teams]
        name = f"assessments-{year}-{day.isoformat()}"
        if args.get("format") == "csv":
            response = Response(assessment_csv(items, lang), content_type="text/csv; charset=utf-8")
            response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        workbook = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        write_assessment_xlsx(items, workbook, lang or "zh")
        workbook.seek(0)
        return send_file(workbook, mimetype=XLSX, as_attachment=True, download_name=f"{name}.xlsx")


@blp.route("/teams/<code>/skill-matrix")
class SkillMatrixResource(MethodView):
    @team_leader_or_roles("hr", "trainer")
    @blp.arguments(MatrixArgs, location="query")
    @blp.response(200, SkillMatrixSchema)
    def get(self, args, code):
        """The team's skill matrix on a day: a row per member (with training hours of that year) and
        a column per credential type some member's occupation requires [hr, trainer, or that team's leader]."""
        day = args.get("as_of") or date.today()
        matrix = skill_matrix(runtime.uow(), code, day, as_gateway())
        return {"team": matrix.team["code"], "name": matrix.team["name"], "as_of": day, "types": matrix.types or [],
                "rows": [row | {"training_hours": None if row["training_hours"] is None
                                else present(row["training_hours"])} for row in matrix.rows],
                "unconfigured": matrix.unconfigured, "unavailable": list(matrix.unavailable)}
