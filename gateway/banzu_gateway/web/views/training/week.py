"""The trainer's week: upcoming sessions with seats taken and waitlists, sessions that started and
still need attendance, and recertification cases no session was found for."""
from __future__ import annotations

from datetime import timedelta

from flask import g, render_template

from banzu_gateway.web import local_time
from banzu_gateway.web.api_client import api
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.certificates import credential_type_names
from banzu_gateway.web.views.training.common import course_titles, session_view

WEEK = timedelta(days=7)
SHOWN_CASES = 20


@bp.get("/training")
@page_for("trainer")
def training_week():
    today = local_time.today()
    mine = {"trainer": g.user.username}
    titles = course_titles()
    upcoming = api().read_all("/sessions", mine | {"upcoming": "true", "to": (today + WEEK).isoformat()})
    unrecorded = api().read_all("/sessions", mine | {"needs_attendance": "true"})
    cases = api().read("/recertifications", {"status": "unplanned", "per_page": SHOWN_CASES})
    return render_template("training/week.html", upcoming=[session_view(s, titles) for s in upcoming],
                           unrecorded=[session_view(s, titles) for s in unrecorded], cases=cases["items"],
                           cases_total=cases["total"], week_end=today + WEEK,
                           types=credential_type_names())
