"""The organizer's control room of one contest: settings, judges per segment, contestants, the lifecycle
steps, progress while scoring, what blocks closing (with "accept spread"), and what publishing produced."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask import flash, g, redirect, render_template, request, url_for

from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.presentation import grade_label
from banzu_gateway.web.refusals import Refusal, refusal_of
from banzu_gateway.web.site import PageError, bp, page_for
from banzu_gateway.web.views.contests import settings_form
from banzu_gateway.web.views.contests.common import (EDITABLE, NEXT_STEP, ORGANIZER, SCORING, method_label, moment,
                                                     read_contest, refused_page)

BIB = re.compile(r"^\d{1,9}$")


@bp.route("/contests/<contest_id>", methods=["GET", "POST"])
@page_for(ORGANIZER)
def contest(contest_id: str):
    if request.method == "GET":
        return control_room(contest_id)
    settings = settings_form.from_request(request.form)
    if request.form.get("rows"):  # adding or removing segment rows: the form again, nothing sent
        return control_room(contest_id, settings=settings)
    answer = api().patch(path("/contests/{}", contest_id), settings_form.body_of(settings, editing=True))
    if not answer.ok:
        refused_page(answer)
        refusal = settings_form.settings_refusal(answer, settings)
        return control_room(contest_id, settings=settings, refusal=refusal), answer.status
    flash("settings_saved")
    return redirect(url_for("web.contest", contest_id=contest_id), code=303)


@bp.post("/contests/<contest_id>/<any(open, start, close, publish):step>")
@page_for(ORGANIZER)
def contest_step(contest_id: str, step: str):
    answer = api().post(path("/contests/{}/{}", contest_id, step))
    if answer.ok:
        flash(f"step_done_{step}")
        return redirect(url_for("web.contest", contest_id=contest_id), code=303)
    refused_page(answer)
    # A refused close lists what is missing and which spreads wait: the to-do list, as the API gave it.
    gaps = answer.problem if answer.problem.get("reason") == "scoring_incomplete" else None
    return control_room(contest_id, step_refusal=refusal_of(answer), gaps=gaps), answer.status


@bp.post("/contests/<contest_id>/accept-spread")
@page_for(ORGANIZER)
def accept_spread(contest_id: str):
    segment, bib, reason = (request.form.get(name, "").strip() for name in ("segment", "bib", "reason"))
    if not segment or not BIB.match(bib):
        raise PageError(400, "bad_request")
    answer = api().post(path("/contests/{}/scores/{}/{}/accept-spread", contest_id, segment, bib),
                        {"reason": reason})
    if answer.ok:
        flash("spread_accepted")
        return redirect(url_for("web.contest", contest_id=contest_id, _anchor="spreads"), code=303)
    refused_page(answer)
    typed = {"segment": segment, "bib": int(bib), "reason": reason, "refusal": refusal_of(answer)}
    return control_room(contest_id, spread_refusal=typed), answer.status


def control_room(contest_id: str, settings: settings_form.SettingsForm | None = None, refusal: Refusal | None = None,
                 step_refusal: Refusal | None = None, gaps: dict | None = None, spread_refusal: dict | None = None):
    contest = read_contest(contest_id)
    status = contest["status"]
    staff = api().read(path("/contests/{}/assignments", contest_id), {"per_page": 500})
    contestants = sorted(api().read_all(path("/contests/{}/contestants", contest_id)),
                         key=lambda row: (row["bib"] or 0, row["employee_no"]))
    progress = api().read(path("/contests/{}/progress", contest_id)) if status in SCORING else None
    segments = {segment["code"]: segment for segment in contest["segments"]}
    names = {row["employee_no"]: row["name"] for row in contestants}
    editable = status in EDITABLE
    page = {
        "contest": contest, "status": status, "next_step": NEXT_STEP.get(status), "segments": segments,
        "contestants": contestants, "judges_by_segment": judges_by_segment(contest, staff["items"]),
        "progress": progress_rows(progress, segments), "todo": to_do(gaps, progress, segments, names),
        "refusal": refusal, "step_refusal": step_refusal, "spread_refusal": spread_refusal,
        "editable": editable, "min_grade": grade_label(contest.get("min_grade"), g.lang),
        "cap_label": grade_label(contest["promotions"].get("cap"), g.lang),
        "shares": {name: percent(value) for name, value in contest["awards"].items() if name != "min_total"},
        "method_label": method_label,
        "promotions": produced_promotions(contest_id) if status == "published" else None,
    }
    if editable:
        page.update(settings=settings or settings_form.from_contest(contest), editing=settings is not None,
                    **settings_form.choices())
    return render_template("contests/control_room.html", **page)


def judges_by_segment(contest: dict, assignments: list[dict]) -> list[tuple[dict, list[str]]]:
    return [(segment, [row["judge_name"] for row in assignments if segment["code"] in row["segments"]])
            for segment in contest["segments"]]


def progress_rows(progress: dict | None, segments: dict) -> list[dict]:
    if not progress:
        return []
    return [{**row, "segment_name": segments[row["segment"]]["name"], "signed_off": moment(row["signed_off_at"])}
            for row in progress["judges"]]


def to_do(gaps: dict | None, progress: dict | None, segments: dict, names: dict) -> dict:
    """What stands between scoring and closing: the missing scores by segment and bib with the judges who
    still owe them (only after a refused close), and the spreads waiting for review (always while scoring)."""
    source = gaps or progress or {}
    owing: dict[tuple[str, int], list[str]] = {}
    for row in (progress or {}).get("judges", []):
        for bib in row["missing"]:
            owing.setdefault((row["segment"], bib), []).append(row["judge_name"])

    def described(item: dict) -> dict:
        segment = segments.get(item["segment"], {"name": item["segment"], "method": ""})
        return {**item, "segment_name": segment["name"], "method": segment["method"],
                "contestant": names.get(item.get("employee_no"), ""),
                "judges": owing.get((item["segment"], item["bib"]), [])}

    return {"missing": [described(item) for item in source.get("missing", [])] if gaps else None,
            "flags": [described(item) for item in source.get("flags", [])]}


def produced_promotions(contest_id: str) -> list[dict]:
    published = api().read(path("/contests/{}/results", contest_id), {"per_page": 500})
    return [{**row, "from_label": grade_label(row["promotion"]["from_grade"], g.lang),
             "to_label": grade_label(row["promotion"]["to_grade"], g.lang)}
            for row in published["items"] if row.get("promotion")]


def percent(share: str) -> str:
    """A prize share as people read it: "0.10" -> "10 %"."""
    try:
        return f"{format((Decimal(share) * 100).normalize(), 'f')} %"
    except InvalidOperation:
        return share
