"""The HR promotion list: JSON pages, a streamed CSV file, or an XLSX workbook."""
from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from banzu_common.auth import roles_required
from banzu_common.openapi_document import also_sent_as
from banzu_common.pagination import PageArgs, page_of, paged
from banzu_common.rules import Rule

from banzu_gateway.adapters import promotion_list
from banzu_gateway.bootstrap import runtime
from banzu_common.skill_ladder import LANGUAGES, skill_ladder
from banzu_gateway.entrypoints.api.directory import CODE
from banzu_gateway.entrypoints.api.promotion_files import XLSX, csv_response, file_name, xlsx_response
from banzu_gateway.exports.promotions import source_label

blp = Blueprint("promotions", __name__, description="Promotion lists for HR")

SOURCES = ("contest", "certification")
FORMATS = ("json", "csv", "xlsx")
_GRADE_LABELS = {lang: {g.code: g.label(lang) for g in skill_ladder()} for lang in LANGUAGES}


class PromotionFilter(PageArgs):
    date_from = fields.Date(data_key="from", metadata={"description": "effective on or after"})
    date_to = fields.Date(data_key="to", metadata={"description": "effective on or before"})
    team = fields.String(validate=CODE)
    source = fields.String(validate=validate.OneOf(SOURCES))
    grade = fields.String(validate=validate.OneOf(skill_ladder().codes), metadata={"description": "the grade reached"})
    lang = fields.String(validate=validate.OneOf(LANGUAGES), metadata={
        "description": "labels in zh or en; default zh for JSON and xlsx. A CSV without lang is for machines: "
                       "the column names as header, codes as values"})
    format = fields.String(validate=validate.OneOf(FORMATS),
                           metadata={"description": "json (default), csv (also by Accept: text/csv) or xlsx"})

    @validates_schema
    def check_range(self, data, **_kwargs):
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(Rule("before_start", "must not be before 'from'", start="from"), "to")


class PromotionSchema(Schema):
    employee_no = fields.String()
    name = fields.String()
    team_code = fields.String()
    team_name = fields.String()
    occupation = fields.String()
    from_grade = fields.String()
    from_grade_label = fields.String()
    to_grade = fields.String()
    to_grade_label = fields.String()
    source = fields.String()
    source_label = fields.String()
    source_name = fields.String()
    effective_on = fields.Date()


@blp.route("/promotions")
class PromotionsResource(MethodView):
    @roles_required("hr")
    @blp.arguments(PromotionFilter, location="query")
    @blp.response(200, page_of(PromotionSchema))
    @also_sent_as(blp, "text/csv", XLSX, description="`format=csv` (or `Accept: text/csv`) or `xlsx`: the "
                                                     "whole filtered list as a file")
    def get(self, args):
        """Promotions by date range, team, source and grade, with zh or en labels [hr].

        `format=csv` (or `Accept: text/csv`) streams the whole filtered list as CSV, `format=xlsx`
        sends it as an Excel workbook; both as attachments.
        """
        query = promotion_list.promotion_query(args.get("date_from"), args.get("date_to"), args.get("team"),
                                               args.get("source"), args.get("grade"))
        file_format, lang = args.get("format") or _negotiated_format(), args.get("lang")
        if file_format == "csv":
            return csv_response(query, lang, file_name(args, "csv"))
        if file_format == "xlsx":
            return xlsx_response(query, lang or "zh", file_name(args, "xlsx"))
        with runtime.uow() as uow:
            total = promotion_list.count(uow.session, query)
            rows = promotion_list.page(uow.session, query, args["page"], args["per_page"])
        return paged([_labelled(row, lang or "zh") for row in rows], args["page"], args["per_page"], total)


def _negotiated_format() -> str:
    best = request.accept_mimetypes.best_match(["application/json", "text/csv"])
    return "csv" if best == "text/csv" else "json"


def _labelled(row: dict, lang: str) -> dict:
    grades = _GRADE_LABELS[lang]
    return row | {"from_grade_label": grades.get(row["from_grade"], row["from_grade"]),
                  "to_grade_label": grades.get(row["to_grade"], row["to_grade"]),
                  "source_label": source_label(lang, row["source"])}
