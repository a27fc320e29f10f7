"""A contest's judges: register third-party judges (organization, linked user, declared conflicts) and
assign them, or judges registered before, to segments."""
from __future__ import annotations

import re

from flask import flash, g, redirect, render_template, request, url_for

from banzu_gateway.web import i18n
from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.form_data import nullable, submitted
from banzu_gateway.web.refusals import Refusal
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.contests.common import EDITABLE, ORGANIZER, read_contest, refusal_with_fields, refused_page

CODES = re.compile(r"[\s,，、;；]+")
NEW_JUDGE_FIELDS = ("name", "organization", "username", "conflicts-teams", "conflicts-workers")


@bp.route("/contests/<contest_id>/judges", methods=["GET", "POST"])
@page_for(ORGANIZER)
def contest_judges(contest_id: str):
    if request.method == "GET":
        return judges_page(contest_id)
    segments = request.form.getlist("segments")
    judge_id = request.form.get("judge_id", "").strip()
    which = "new" if request.form.get("form") == "new" else judge_id
    if not segments:  # checked before a new judge is registered, so none is left without a segment
        refusal = Refusal(i18n.translate(g.lang, "fix_fields"),
                          {"segments": [i18n.translate(g.lang, "choose_a_segment")]})
        return judges_page(contest_id, which, refusal), 422
    if which == "new":
        answer = api().post("/judges", new_judge_body(), idempotency_key=request.form.get("idempotency_key"))
        if not answer.ok:
            refused_page(answer)
            return judges_page(contest_id, which, refusal_with_fields(answer)), answer.status
        judge_id = answer.json()["id"]
    answer = api().post(path("/contests/{}/judges", contest_id), {"judge_id": judge_id, "segments": segments})
    if not answer.ok:
        refused_page(answer)
        # A judge registered just now stays registered: they can be assigned from the list of judges.
        return judges_page(contest_id, judge_id, refusal_with_fields(answer)), answer.status
    flash("judge_registered" if which == "new" else "judge_assigned")
    return redirect(url_for("web.contest_judges", contest_id=contest_id), code=303)


def new_judge_body() -> dict:
    conflicts = submitted("conflicts-teams", "conflicts-workers")
    return {**nullable(submitted("name", "organization", "username"), "username"),
            "conflicts": {kind: [code for code in CODES.split(conflicts[f"conflicts-{kind}"]) if code]
                          for kind in ("teams", "workers")}}


def judges_page(contest_id: str, refused_form: str | None = None, refusal: Refusal | None = None):
    contest = read_contest(contest_id)
    assignments = api().read(path("/contests/{}/assignments", contest_id), {"per_page": 500})["items"]
    registered = {judge["id"]: judge for judge in api().read_all("/judges")}
    assigned = [{**registered.get(row["judge_id"], {}), **row} for row in assignments]
    taken = {row["judge_id"] for row in assignments}
    others = [judge for judge in registered.values() if judge["id"] not in taken]
    typed = {name: request.form.get(name, "") for name in NEW_JUDGE_FIELDS} if refused_form == "new" else {}
    return render_template(
        "contests/judges.html", contest=contest, assigned=assigned, editable=contest["status"] in EDITABLE,
        others=others, judge_options=[(judge["id"], f"{judge['name']} · {judge['organization']}") for judge in others],
        refused_form=refused_form, refusal=refusal, typed=typed,
        chosen=request.form.getlist("segments") if refused_form else [],
        idempotency_key=request.form.get("idempotency_key") or None)
