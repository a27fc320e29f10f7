"""The contest list (drafts for organizers; a judge's "to score now" on top, then the list) and creating a
contest."""
from __future__ import annotations

from dataclasses import dataclass

from flask import flash, g, redirect, render_template, request, url_for

from banzu_gateway.web import i18n
from banzu_gateway.web.api_client import LONG_LIST, api, path
from banzu_gateway.web.pagination import Pager, page_number
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.contests import settings_form
from banzu_gateway.web.views.choices import occupation_label
from banzu_gateway.web.views.contests.common import JUDGE, ORGANIZER, is_organizer, scores_as_judge

PER_PAGE = 20
PUBLIC_STATES = ["open", "running", "closed", "published", "cancelled"]  # drafts are the organizers' own
JUDGED_STATES = ("running", "closed")  # a judge's sheet: to fill in, then to read
MAX_OWED_CONTESTS = 20  # running contests read for "to score now" (one progress call each)


@dataclass(frozen=True)
class Owed:
    """One segment a judge still owes: scores to enter, or the sign-off."""

    contest: dict
    segment: dict
    left: int
    flagged: int

    @property
    def href(self) -> str:
        return url_for("web.contest_judging", contest_id=self.contest["id"], segment=self.segment["code"])

    @property
    def state(self) -> str:
        if self.left:
            return i18n.translate_plural(g.lang, "owed_bibs_left", self.left)
        return i18n.translate(g.lang, "owed_sign_off")

    @property
    def flags(self) -> str:
        if not self.flagged:
            return ""
        return i18n.translate_plural(g.lang, "owed_flagged", self.flagged)


@bp.get("/contests")
@page_for()
def contests():
    organizer = is_organizer()
    shown = ["draft", *PUBLIC_STATES] if organizer else PUBLIC_STATES
    chosen = request.args.get("status", "")
    params = {"page": page_number(request.args.get("page")), "per_page": PER_PAGE,
              "status": [chosen] if chosen in shown else shown}
    listing = api().read("/contests", params)  # newest first, as the API orders them
    pager = Pager(listing["page"], listing["per_page"], listing["total"])
    assigned = assigned_contests()
    as_judge = scores_as_judge()
    rows = [{**contest, "occupation_name": occupation_label(contest["occupation"]),
             "link": name_link(contest, organizer, assigned), "actions": row_actions(contest, assigned)}
            for contest in listing["items"]]
    return render_template("contests/list.html", contests=rows, pager=pager, organizer=organizer,
                           as_judge=as_judge, owed=owed_segments(assigned) if as_judge else [],
                           states=[(code, status_label(code)) for code in shown],
                           chosen=chosen if chosen in shown else "")


def status_label(code: str) -> str:
    key = f"contest_status_{code}"
    return i18n.translate(g.lang, key) if i18n.has(g.lang, key) else code


def assigned_contests() -> dict[str, dict]:
    """The contests the signed-in judge is assigned to, newest first (none for a user without a judge record)."""
    if JUDGE not in g.user.roles:
        return {}
    answer = api().get("/contests", {"assigned": "true", "per_page": LONG_LIST})
    return {contest["id"]: contest for contest in answer.json()["items"]} if answer.ok else {}


def owed_segments(assigned: dict[str, dict]) -> list[Owed]:
    """What the judge still owes in running contests, in the list's order (newest contest first, segments in
    the contest's order): every segment they are assigned to, not withdrawn from and not signed off."""
    owed = []
    running = [contest for contest in assigned.values() if contest["status"] == "running"]
    for contest in running[:MAX_OWED_CONTESTS]:
        answer = api().get(path("/contests/{}/progress", contest["id"]))
        if not answer.ok:
            continue
        rows = {row["segment"]: row for row in answer.json()["judges"]
                if not row.get("withdrawn_at") and not row.get("signed_off_at")}
        owed += [Owed(contest, segment, len(rows[segment["code"]]["missing"]), len(rows[segment["code"]]["flagged"]))
                 for segment in contest["segments"] if segment["code"] in rows]
    return owed


def name_link(contest: dict, organizer: bool, assigned: dict[str, dict]) -> str | None:
    """Where a contest's name leads: the control room (organizers), the judge's sheet, else the results."""
    if organizer:
        return url_for("web.contest", contest_id=contest["id"])
    if contest["id"] in assigned and contest["status"] in JUDGED_STATES:
        return url_for("web.contest_judging", contest_id=contest["id"])
    if contest["status"] == "published":
        return url_for("web.contest_results", contest_id=contest["id"])
    return None


def row_actions(contest: dict, assigned: dict[str, dict]) -> list[dict]:
    """What a row offers: score (or read one's own scores once closed), the results once published."""
    actions = []
    if contest["id"] in assigned and contest["status"] in JUDGED_STATES:
        label = "score_link" if contest["status"] == "running" else "my_scores_link"
        actions.append({"kind": "score", "label": i18n.translate(g.lang, label),
                        "href": url_for("web.contest_judging", contest_id=contest["id"])})
    if contest["status"] == "published":
        actions.append({"kind": "results", "label": i18n.translate(g.lang, "view_results"),
                        "href": url_for("web.contest_results", contest_id=contest["id"])})
    return actions


@bp.route("/contests/new", methods=["GET", "POST"])
@page_for(ORGANIZER)
def new_contest():
    if request.method == "GET":
        return settings_page(settings_form.SettingsForm())
    settings = settings_form.from_request(request.form)
    if request.form.get("rows"):  # adding or removing segment rows: the form again, nothing sent
        return settings_page(settings)
    answer = api().post("/contests", settings_form.body_of(settings),
                        idempotency_key=request.form.get("idempotency_key"))
    if not answer.ok:
        return settings_page(settings, settings_form.settings_refusal(answer, settings)), answer.status
    flash("contest_created")
    return redirect(url_for("web.contest", contest_id=answer.json()["id"]), code=303)


def settings_page(settings: settings_form.SettingsForm, refusal=None):
    return render_template("contests/new.html", settings=settings, refusal=refusal, **settings_form.choices(),
                           idempotency_key=request.form.get("idempotency_key") or None)
