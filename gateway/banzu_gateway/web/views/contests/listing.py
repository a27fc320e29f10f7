"""The contest list (drafts for organizers, "score" links for judges) and creating a contest."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for

from banzu_gateway.web import i18n
from banzu_gateway.web.api_client import api
from banzu_gateway.web.pagination import Pager, page_number
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.contests import settings_form
from banzu_gateway.web.views.contests.common import JUDGE, ORGANIZER, is_organizer

PER_PAGE = 20
PUBLIC_STATES = ["open", "running", "closed", "published"]  # drafts are the organizers' own
JUDGED_STATES = ("running", "closed")  # a judge's sheet: to fill in, then to read


@bp.get("/contests")
@page_for()
def contests():
    organizer = is_organizer()
    shown = ["draft", *PUBLIC_STATES] if organizer else PUBLIC_STATES
    chosen = request.args.get("status", "")
    params = {"page": page_number(request.args.get("page")), "per_page": PER_PAGE,
              "status": [chosen] if chosen in shown else shown}
    listing = api().read("/contests", params)
    pager = Pager(listing["page"], listing["per_page"], listing["total"])
    return render_template("contests/list.html", contests=listing["items"], pager=pager, organizer=organizer,
                           judged=judged_contests(), judged_states=JUDGED_STATES,
                           states=[(code, i18n.translate(g.lang, f"contest_status_{code}")) for code in shown],
                           chosen=chosen if chosen in shown else "")


def judged_contests() -> set[str]:
    """The contests the signed-in judge is assigned to (none for a user without a judge record)."""
    if JUDGE not in g.user.roles:
        return set()
    answer = api().get("/contests", {"assigned": "true", "per_page": 500})
    return {contest["id"] for contest in answer.json()["items"]} if answer.ok else set()


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
