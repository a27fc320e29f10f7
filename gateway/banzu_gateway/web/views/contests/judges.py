"""A contest's judges: register third-party judges (organization, linked user, declared conflicts found by
name, number or team) and assign them, or judges registered before, to segments; while the contest runs,
add a stand-in to a segment and withdraw a judge from a segment with a reason (each confirmed)."""
from __future__ import annotations

import re

from flask import flash, g, redirect, render_template, request, url_for

from banzu_gateway.web import i18n
from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.people import find_workers
from banzu_gateway.web.problems import Refusal
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.contests.actions import (CONFIRM, Refused, find_teams, in_context, instant,
                                                     refused, stray, unconfirmed, words)
from banzu_gateway.web.views.contests.common import EDITABLE, ORGANIZER, read_contest, refusal_with_fields, refused_page

CODES = re.compile(r"[\s,，、;；]+")
NEW_JUDGE_FIELDS = ("name", "organization", "username")
CONFLICT_FIELDS = ("conflicts-teams", "conflicts-workers")
RUNNING = "running"


@bp.route("/contests/<contest_id>/judges", methods=["GET", "POST"])
@page_for(ORGANIZER)
def contest_judges(contest_id: str):
    if request.method == "GET":
        return judges_page(contest_id)
    segments = request.form.getlist("segments")
    judge_id = request.form.get("judge_id", "").strip()
    which = "new" if request.form.get("form") == "new" else judge_id
    if which == "new" and request.form.get("find"):  # finding teams and workers to step aside for: nothing sent
        return judges_page(contest_id, which, search=request.form.get("q", "").strip())
    problems = {}
    if not segments:  # checked before a new judge is registered, so none is left without a segment
        problems["segments"] = [words("choose_a_segment")]
    if request.form.get("stand_in") and not request.form.get(CONFIRM):
        problems[CONFIRM] = [words("tick_to_confirm")]
    if problems:
        return judges_page(contest_id, which, Refusal(words("fix_fields"), problems)), 422
    if which == "new":
        answer = api().post("/judges", new_judge_body(), idempotency_key=request.form.get("idempotency_key"))
        if not answer.ok:
            refused_page(answer)
            return judges_page(contest_id, which, new_judge_refusal(answer)), answer.status
        judge_id = answer.json()["id"]
    answer = api().post(path("/contests/{}/judges", contest_id), {"judge_id": judge_id, "segments": segments})
    if not answer.ok:
        refused_page(answer)
        # A judge registered just now stays registered: they can be assigned from the list of judges.
        return judges_page(contest_id, judge_id, in_context(refusal_with_fields(answer), "assign")), answer.status
    if request.form.get("stand_in"):
        flash("stand_in_added")
    else:
        flash("judge_registered" if which == "new" else "judge_assigned")
    return redirect(url_for("web.contest_judges", contest_id=contest_id), code=303)


@bp.post("/contests/<contest_id>/judges/<judge_id>/withdraw")
@page_for(ORGANIZER)
def judge_withdraw(contest_id: str, judge_id: str):
    segment = request.form.get("segment", "").strip()
    form = f"withdraw-{judge_id}-{segment}"
    waiting = unconfirmed(form, needs_reason=True)
    if waiting:
        return judges_page(contest_id, action_refusal=waiting), 422
    answer = api().post(path("/contests/{}/judges/{}/withdraw", contest_id, judge_id),
                        {"segment": segment, "reason": request.form["reason"].strip()})
    if answer.ok:
        flash("judge_withdrawn_done")
        return redirect(url_for("web.contest_judges", contest_id=contest_id), code=303)
    refused_page(answer)
    return judges_page(contest_id, action_refusal=refused(form, answer, context="withdraw_judge")), answer.status


def new_judge_body() -> dict:
    typed = {name: request.form.get(name, "").strip() for name in NEW_JUDGE_FIELDS}
    conflicts = chosen_conflicts()
    return {**typed, "username": typed["username"] or None,
            "conflicts": {kind: conflicts[f"conflicts-{kind}"] for kind in ("teams", "workers")}}


def chosen_conflicts() -> dict[str, list[str]]:
    """The codes typed into the conflict fields and those ticked among the teams and workers found, each once."""
    return {name: list(dict.fromkeys(code for value in request.form.getlist(name) for code in CODES.split(value)
                                     if code))
            for name in CONFLICT_FIELDS}


def new_judge_refusal(answer) -> Refusal:
    """The API's refusal of a new judge; an account that is already a judge's names that judge, to assign."""
    refusal = refusal_with_fields(answer)
    problem = answer.problem
    if refusal.reason == "username_taken":
        name = problem.get("judge_name") or known_judge_name(problem.get("judge_id"))
        message = words("account_is_judge", name=name) if name else words("account_is_a_judge")
        refusal.summary = message
        refusal.fields["username"] = [message]
    return refusal


def known_judge_name(judge_id: str | None) -> str | None:
    if not judge_id:
        return None
    judges = {judge["id"]: judge for judge in api().read_all("/judges")}
    return (judges.get(judge_id) or {}).get("name")


def judges_page(contest_id: str, refused_form: str | None = None, refusal: Refusal | None = None,
                action_refusal: Refused | None = None, search: str = ""):
    contest = read_contest(contest_id)
    running = contest["status"] == RUNNING
    assignments = api().read(path("/contests/{}/assignments", contest_id), {"per_page": 500})["items"]
    registered = {judge["id"]: judge for judge in api().read_all("/judges")}
    assigned = [{**registered.get(row["judge_id"], {}), **row,
                 "withdrawn": [{**gone, "when": instant(gone.get("withdrawn_at"))}
                               for gone in row.get("withdrawn") or []]}
                for row in assignments]
    taken = {row["judge_id"] for row in assignments}
    # While running, any registered judge may stand in (one already judging another segment too).
    choosable = list(registered.values()) if running else [j for j in registered.values() if j["id"] not in taken]
    choosable.sort(key=lambda judge: (judge["name"], judge["id"]))
    typed = {}
    if refused_form == "new":
        typed = {name: request.form.get(name, "") for name in NEW_JUDGE_FIELDS}
        typed.update({name: " ".join(codes) for name, codes in chosen_conflicts().items()})
    found = conflict_matches(search) if search else None
    return render_template(
        "contests/judges.html", contest=contest, assigned=assigned, editable=contest["status"] in EDITABLE,
        running=running, others=choosable, judge_options=[(judge["id"], judge_label(judge)) for judge in choosable],
        refused_form=refused_form, refusal=refusal, typed=typed, action_refusal=action_refusal,
        stray_refusal=stray(action_refusal, {f"withdraw-{row['judge_id']}-{code}" for row in assignments
                                             for code in row["segments"]} if running else set()),
        search=search, found=found, chosen=request.form.getlist("segments") if refused_form else [],
        idempotency_key=request.form.get("idempotency_key") or None)


def conflict_matches(text: str) -> dict:
    """Teams and workers matching `text` as (code, label) pairs to tick (workers None when the directory
    cannot be searched now)."""
    workers = find_workers(text)
    return {"workers": None if workers is None else [
                (worker["employee_no"], f"{worker['name']} ({worker['employee_no']}) · {worker['team_code']}")
                for worker in workers],
            "teams": [(team["code"], f"{team.get('name') or team['code']} ({team['code']})")
                      for team in find_teams(text)]}


def judge_label(judge: dict) -> str:
    """A judge as the organizer tells them apart: name, organization and sign-in account."""
    account = judge.get("username") or i18n.translate(g.lang, "no_account")
    return f"{judge['name']} · {judge['organization']} · {account}"

