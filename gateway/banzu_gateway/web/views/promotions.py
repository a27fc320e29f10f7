"""The HR promotion list: filters, pages, and the same list as CSV or XLSX."""
from __future__ import annotations

import re
from datetime import date

from flask import g, render_template, request

from banzu_gateway.adapters import promotion_list
from banzu_gateway.bootstrap import runtime
from banzu_gateway.domain.grades import GRADE_CODES
from banzu_gateway.entrypoints.promotion_files import csv_response, file_name, xlsx_response
from banzu_gateway.service_layer import directory
from banzu_gateway.web.pagination import Pager, page_number
from banzu_gateway.web.presentation import grade_label, source_label
from banzu_gateway.web.site import PageError, bp, page_for

PER_PAGE = 20
SOURCES = ("contest", "certification")
TEAM_CODE = re.compile(r"[A-Za-z0-9_.-]{1,40}")
MAX_TEAMS_LISTED = 1000
FILTER_NAMES = ("from", "to", "team", "source", "grade")


def read_filters(args) -> tuple[dict, dict[str, str]]:
    """(filters for the query, catalogue keys of the errors by field) from the form's values."""
    filters, errors = {}, {}
    for field, key in (("from", "date_from"), ("to", "date_to")):
        text = args.get(field, "").strip()
        if text:
            try:
                filters[key] = date.fromisoformat(text)
            except ValueError:
                errors[field] = "invalid_date"
    if filters.get("date_from") and filters.get("date_to") and filters["date_from"] > filters["date_to"]:
        errors["to"] = "invalid_range"
    for field, valid in (("team", TEAM_CODE.fullmatch), ("source", SOURCES.__contains__),
                         ("grade", GRADE_CODES.__contains__)):
        value = args.get(field, "").strip()
        if value:
            if valid(value):
                filters[field] = value
            else:
                errors[field] = "invalid_choice"
    return filters, errors


def query_of(filters: dict):
    return promotion_list.promotion_query(filters.get("date_from"), filters.get("date_to"), filters.get("team"),
                                          filters.get("source"), filters.get("grade"))


@bp.get("/promotions")
@page_for("hr")
def promotions():
    filters, errors = read_filters(request.args)
    page = page_number(request.args.get("page"))
    rows, total = [], 0
    with runtime.uow() as uow:
        teams, _ = directory.list_teams(uow, 1, MAX_TEAMS_LISTED)
        if not errors:
            query = query_of(filters)
            total = promotion_list.count(uow.session, query)
            rows = promotion_list.page(uow.session, query, page, PER_PAGE)
    for row in rows:
        row["from_grade_label"] = grade_label(row["from_grade"], g.lang)
        row["to_grade_label"] = grade_label(row["to_grade"], g.lang)
        row["source_label"] = source_label(row["source"], g.lang)
    chosen = {name: request.args.get(name, "").strip() for name in FILTER_NAMES}
    active = {name: value for name, value in chosen.items() if value}
    return render_template("promotions.html", rows=rows, pager=Pager(page, PER_PAGE, total), teams=teams,
                           chosen=chosen, active=active, errors=errors, sources=SOURCES,
                           source_labels={code: source_label(code, g.lang) for code in SOURCES},
                           grades=[(code, grade_label(code, g.lang)) for code in GRADE_CODES]), 400 if errors else 200


@bp.get("/promotions/export.<extension>")
@page_for("hr")
def export_promotions(extension: str):
    filters, errors = read_filters(request.args)
    if errors:
        raise PageError(400, "fix_filters")
    if extension == "csv":
        return csv_response(query_of(filters), g.lang, file_name(filters, "csv"))
    if extension == "xlsx":
        return xlsx_response(query_of(filters), g.lang, file_name(filters, "xlsx"))
    raise PageError(404, "not_found")
