"""The score change log of a contest: who changed which score, when, from what to what, and why; a score that
no longer counts (its judge withdrawn from the segment, its contestant absent) says so."""
from __future__ import annotations

from flask import render_template, request

from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.pagination import Pager, page_number
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.contests.common import ORGANIZER, moment, read_contest

PER_PAGE = 50


@bp.get("/contests/<contest_id>/audit")
@page_for(ORGANIZER)
def contest_audit(contest_id: str):
    contest = read_contest(contest_id)
    log = api().read(path("/contests/{}/audit", contest_id),
                     {"page": page_number(request.args.get("page")), "per_page": PER_PAGE})
    judges = {row["judge_id"]: row["judge_name"]
              for row in api().read(path("/contests/{}/assignments", contest_id), {"per_page": 500})["items"]}
    people = {row["employee_no"]: row for row in api().read_all(path("/contests/{}/contestants", contest_id))}
    segments = {segment["code"]: segment["name"] for segment in contest["segments"]}
    changes = [{**row, "when": moment(row["changed_at"]), "judge": judges.get(row["judge_id"]),
                "contestant": people.get(row["employee_no"], {}).get("name", ""),
                "absent": people.get(row["employee_no"], {}).get("status") == "absent",
                "segment_name": segments.get(row["segment"], "")}
               for row in log["items"]]
    return render_template("contests/audit.html", contest=contest, changes=changes,
                           pager=Pager(log["page"], log["per_page"], log["total"]))
