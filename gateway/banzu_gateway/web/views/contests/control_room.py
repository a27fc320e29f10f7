"""The organizer's control room of one contest: settings, judges per segment, contestants, the lifecycle
steps (each confirmed), judge coverage as soon as judges and contestants are known, while scoring the
missing scores by segment, bib and judge and the flagged spreads with every judge's score (and "accept
spread"), cancelling with a reason, and what publishing produced."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask import flash, g, redirect, render_template, request, url_for

from banzu_gateway.web import trail
from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.presentation import grade_label
from banzu_gateway.web.problems import Refusal, refusal_of
from banzu_gateway.web.site import PageError, bp, page_for
from banzu_gateway.web.views.contests import settings_form
from banzu_gateway.web.views.choices import occupation_label
from banzu_gateway.web.views.contests.actions import Refused, instant, refused, stray, unconfirmed
from banzu_gateway.web.views.contests.common import (EDITABLE, NEXT_STEP, ORGANIZER, SCORING, method_label, moment,
                                                     read_contest, refused_page)

BIB = re.compile(r"^\d{1,9}$")
CANCELLABLE = ("draft", "open", "running")
COVERED = ("draft", "open", "running")  # coverage applies until scoring closes
PREVIEWED = ("running", "closed")
NEEDED_JUDGES = 3


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
    form = f"step-{step}"
    waiting = unconfirmed(form)
    if waiting:
        return control_room(contest_id, action_refusal=waiting), 422
    answer = api().post(path("/contests/{}/{}", contest_id, step))
    if answer.ok:
        flash(f"step_done_{step}")
        return redirect(url_for("web.contest", contest_id=contest_id), code=303)
    refused_page(answer)
    # A refused close lists what is missing and which spreads wait; a refused start, who lacks judges where.
    problem = answer.problem
    gaps = problem if problem.get("reason") == "scoring_incomplete" else None
    uncovered = problem.get("uncovered") if problem.get("reason") == "judge_coverage" else None
    return control_room(contest_id, step_refusal=refusal_of(answer), gaps=gaps, uncovered=uncovered), answer.status


@bp.post("/contests/<contest_id>/cancel")
@page_for(ORGANIZER)
def contest_cancel(contest_id: str):
    waiting = unconfirmed("cancel", needs_reason=True)
    if waiting:
        return control_room(contest_id, action_refusal=waiting), 422
    answer = api().post(path("/contests/{}/cancel", contest_id), {"reason": request.form["reason"].strip()})
    if answer.ok:
        flash("contest_cancelled")
        return redirect(url_for("web.contest", contest_id=contest_id), code=303)
    refused_page(answer)
    return control_room(contest_id, action_refusal=refused("cancel", answer, context="cancel")), answer.status


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
                 step_refusal: Refusal | None = None, gaps: dict | None = None, spread_refusal: dict | None = None,
                 uncovered: list | None = None, action_refusal: Refused | None = None):
    contest = read_contest(contest_id)
    status = contest["status"]
    staff = api().read(path("/contests/{}/assignments", contest_id), {"per_page": 500})
    contestants = sorted(api().read_all(path("/contests/{}/contestants", contest_id)),
                         key=lambda row: (row["bib"] or 0, row["employee_no"]))
    progress = read_progress(contest_id, status)
    segments = {segment["code"]: segment for segment in contest["segments"]}
    people = {row["employee_no"]: row for row in contestants}
    editable = status in EDITABLE
    if uncovered is None and status in COVERED:
        uncovered = (progress or {}).get("uncovered") or []
    page = {
        "contest": contest, "status": status, "next_step": NEXT_STEP.get(status), "segments": segments,
        "contestants": contestants, "judges_by_segment": judges_by_segment(contest, staff["items"]),
        "progress": progress_rows(progress if status in SCORING else None, segments),
        "todo": to_do(gaps, progress if status == "running" else None, segments, people),
        "coverage": coverage(uncovered or [], segments, people),
        "coverage_known": status in COVERED and bool(contestants) and bool(staff["items"]) and progress is not None,
        "refusal": refusal, "spread_refusal": spread_refusal,
        "step_refusal": step_refusal or stray(action_refusal, {f"step-{NEXT_STEP.get(status)}", "cancel"}
                                              if status in CANCELLABLE else {f"step-{NEXT_STEP.get(status)}"}),
        "action_refusal": action_refusal, "cancellable": status in CANCELLABLE, "previewed": status in PREVIEWED,
        "cancelled_at": moment(contest.get("cancelled_at")), "occupation": occupation_label(contest["occupation"]),
        "editable": editable, "min_grade": grade_label(contest.get("min_grade"), g.lang),
        "cap_label": grade_label(contest["promotions"].get("cap"), g.lang),
        "shares": {name: percent(value) for name, value in contest["awards"].items() if name != "min_total"},
        "method_label": method_label, "needed_judges": NEEDED_JUDGES,
        "promotions": produced_promotions(contest_id) if status == "published" else None,
        "history": trail.history("competition", ("history_all", {"kind": "contest", "id": contest["id"]}),
                                 linked=(("history_contest_parts", {"id_prefix": f"{contest['id']}/"}),)),
    }
    if editable:
        page.update(settings=settings or settings_form.from_contest(contest), editing=settings is not None,
                    **settings_form.choices())
    return render_template("contests/control_room.html", **page)


def read_progress(contest_id: str, status: str) -> dict | None:
    """The organizer's progress (judges per segment, coverage, what blocks closing); None when the contest's
    state has none to give."""
    if status in ("published", "cancelled"):
        return None
    answer = api().get(path("/contests/{}/progress", contest_id))
    return answer.json() if answer.ok else None


def judges_by_segment(contest: dict, assignments: list[dict]) -> list[tuple[dict, list[str], list[dict]]]:
    """Per segment: the judges scoring it, and those withdrawn from it (with their reason)."""
    return [(segment, [row["judge_name"] for row in assignments if segment["code"] in row["segments"]],
             [{"name": row["judge_name"], "reason": gone.get("reason"), "when": instant(gone.get("withdrawn_at"))}
              for row in assignments for gone in row.get("withdrawn") or [] if gone["segment"] == segment["code"]])
            for segment in contest["segments"]]


def progress_rows(progress: dict | None, segments: dict) -> list[dict]:
    if not progress:
        return []
    return [{**row, "segment_name": segments[row["segment"]]["name"], "signed_off": moment(row["signed_off_at"]),
             "withdrawn": instant(row.get("withdrawn_at"))}
            for row in progress["judges"]]


def coverage(uncovered: list[dict], segments: dict, people: dict) -> list[dict]:
    """Who lacks judges where, by segment: each contestant with the number of judges who may score them."""
    by_segment: dict[str, list[dict]] = {}
    for item in uncovered:
        person = people.get(item["employee_no"], {})
        by_segment.setdefault(item["segment"], []).append({
            **item, "name": item.get("name") or person.get("name", ""),
            "bib": item.get("bib") or person.get("bib"), "team_code": person.get("team_code", "")})
    return [{"segment": code, "segment_name": segments.get(code, {}).get("name", code), "rows": rows}
            for code, rows in by_segment.items()]


def to_do(gaps: dict | None, progress: dict | None, segments: dict, people: dict) -> dict:
    """What stands between scoring and closing: the missing scores by segment and bib with the judges who
    still owe them, and the spreads waiting for review with every judge's score (while running, and as a
    refused close listed them)."""
    source = gaps or progress or {}
    owing: dict[tuple[str, int], list[str]] = {}
    for row in (progress or {}).get("judges", []):
        if row.get("withdrawn_at"):
            continue
        for bib in row["missing"]:
            owing.setdefault((row["segment"], bib), []).append(row["judge_name"])
    known_scores = {(item["segment"], item["bib"]): item.get("scores") or []
                    for item in (progress or {}).get("flags", [])}
    judge_names = {row["judge_id"]: row["judge_name"] for row in (progress or {}).get("judges", [])}

    def named(scores: list[dict]) -> list[dict]:
        return [{**score, "judge": score.get("judge") or judge_names.get(score.get("judge_id")) or ""}
                for score in scores]

    def described(item: dict) -> dict:
        segment = segments.get(item["segment"], {"name": item["segment"], "method": ""})
        return {**item, "segment_name": segment["name"], "method": segment["method"],
                "contestant": people.get(item.get("employee_no"), {}).get("name", ""),
                "judges": owing.get((item["segment"], item["bib"]), [])}

    missing = [described(item) for item in source.get("missing", [])]
    flags = [{**described(item), "judge_scores": named(known_scores.get((item["segment"], item["bib"]))
                                                       or item.get("scores") or [])}
             for item in source.get("flags", [])]
    by_segment = [(code, segment["name"], [item for item in missing if item["segment"] == code])
                  for code, segment in segments.items()]
    return {"shown": gaps is not None or progress is not None, "refused_close": gaps is not None,
            "missing": missing, "missing_by_segment": [entry for entry in by_segment if entry[2]], "flags": flags}


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
