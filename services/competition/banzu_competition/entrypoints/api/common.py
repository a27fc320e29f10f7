"""Field rules, presentation helpers and the contest schema shared by the competition blueprints."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from marshmallow import Schema, ValidationError, fields, validate

from banzu_competition.domain import Contest
from banzu_common.decimals import exact_text, to_decimal
from banzu_common.openapi_document import DECIMAL_PATTERN
from banzu_common.rules import Rule
from banzu_common.text_rules import CODE_FORMAT, NOT_BLANK, ONE_LINE, WholePattern

CODE = WholePattern(r"^[A-Za-z0-9_.-]{1,40}$", error=CODE_FORMAT)
# Names and reasons are one line: they go into e-mail subjects, CSV cells and page headings.
TEXT = validate.And(validate.Length(min=1, max=200), ONE_LINE, NOT_BLANK)
REASON = validate.And(validate.Length(max=500), ONE_LINE)


class ReasonInput(Schema):
    reason = fields.String(required=True, validate=validate.And(REASON, NOT_BLANK))
SCORE_PLACES = 4  # what the scores table keeps exactly


def now() -> datetime:
    return datetime.now(timezone.utc)


decimal_text = exact_text  # how every stored number is answered


def decimal_string(**kwargs) -> fields.String:
    """A number as `decimal_text` writes it, documented as such."""
    return fields.String(metadata={"format": "decimal", "pattern": DECIMAL_PATTERN, **kwargs.pop("metadata", {})},
                         **kwargs)


class ExactNumber(fields.Field):
    """A JSON number or a decimal string, kept exact, with at most SCORE_PLACES decimals."""

    def _deserialize(self, value, attr, data, **kwargs) -> Decimal:
        number = to_decimal(value)
        if number is None:
            raise ValidationError(Rule("invalid_type", "must be a number", type="number"))
        if number.as_tuple().exponent < -SCORE_PLACES:
            raise ValidationError(Rule("decimal_places", f"must have at most {SCORE_PLACES} decimals",
                                       places=SCORE_PLACES))
        return number

    def _serialize(self, value, attr, obj, **kwargs):
        return decimal_text(value)


class SegmentOut(Schema):
    code = fields.String()
    name = fields.String()
    weight = decimal_string()
    max_score = decimal_string()
    method = fields.String()
    max_spread = decimal_string(allow_none=True)


class ContestSchema(Schema):
    id = fields.String()
    name = fields.String()
    occupation = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    status = fields.String(metadata={"description": "draft, open, running, closed, published or cancelled."})
    published_on = fields.Date(allow_none=True)
    cancel_reason = fields.String(allow_none=True)
    cancelled_at = fields.DateTime(allow_none=True)
    min_grade = fields.String(allow_none=True)
    required_credentials = fields.List(fields.String())
    segments = fields.List(fields.Nested(SegmentOut))
    tie_break = fields.List(fields.String(), metadata={"description": "The order in effect."})
    awards = fields.Dict(keys=fields.String(), values=fields.String())
    promotions = fields.Dict()


def contest_view(contest: Contest) -> dict:
    settings = contest.settings
    return {
        "id": contest.id, "name": contest.name, "occupation": contest.occupation, "starts_on": contest.starts_on,
        "ends_on": contest.ends_on, "status": str(contest.status), "published_on": contest.published_on,
        "cancel_reason": contest.cancel_reason, "cancelled_at": contest.cancelled_at,
        "min_grade": settings.min_grade, "required_credentials": list(settings.required_credentials),
        "segments": [{"code": s.code, "name": s.name, "weight": decimal_text(s.weight),
                      "max_score": decimal_text(s.max_score), "method": str(s.method),
                      "max_spread": decimal_text(s.max_spread)} for s in settings.segments],
        "tie_break": list(settings.tie_break_order),
        "awards": {"first": str(settings.awards.first), "second": str(settings.awards.second),
                   "third": str(settings.awards.third), "min_total": decimal_text(settings.awards.min_total)},
        "promotions": {"first": settings.promotions.first, "second": settings.promotions.second,
                       "third": settings.promotions.third, "cap": settings.promotions.cap},
    }
