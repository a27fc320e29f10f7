"""Recertification cases, planned and unplanned; a trainer enrols an unplanned one in a refresher
session of their choice."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask import g, redirect, render_template, request, url_for

from banzu_gateway.web import local_time
from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.form_data import field_text, whole
from banzu_gateway.web.form_pages import filtered_list
from banzu_gateway.web.problems import refusal_of
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.certificates import credential_type_names
from banzu_gateway.web.views.training.common import PER_PAGE, course_titles, flash_message, session_view

STATUSES = ("planned", "unplanned")


@bp.get("/recertifications")
@page_for("trainer", "hr")
def recertifications():
    return render_cases(None)


def render_cases(refusal, status: int = 200):
    listing = filtered_list("/recertifications", ("status", "employee_no"), PER_PAGE, people=("employee_no",))
    titles = course_titles()
    offers = refresher_sessions(titles) if g.user.has("trainer") else {}
    for case in listing.items:
        expires_on = date.fromisoformat(case["expires_on"])
        case["offers"] = [s for s in offers.get(case["type_code"], [])
                          if local_time.local(s["starts_at"]).date() < expires_on]
    return render_template("training/recertifications.html", rows=listing.items, chosen=listing.chosen,
                           active=listing.active, statuses=STATUSES, types=credential_type_names(), titles=titles,
                           matches=listing.matches, pager=listing.pager, refusal=refusal or listing.refusal), \
        status if refusal else listing.status


def refresher_sessions(titles: dict[str, str]) -> dict[str, list[dict]]:
    """credential type -> upcoming sessions with a free seat of the refresher courses that renew it."""
    offers = defaultdict(list)
    for course in api().read_all("/courses", {"kind": "refresher"}):
        if not course.get("credential_type"):
            continue
        for found in api().read_all("/sessions", {"course": course["code"], "upcoming": "true"}):
            if found["free_seats"] > 0:
                offers[course["credential_type"]].append(session_view(found, titles))
    return offers


@bp.post("/recertifications/<credential_id>/plan")
@page_for("trainer")
def recertification_plan(credential_id: str):
    body = {"session_id": whole(field_text(request.form, "session_id"))}
    answer = api().post(path("/recertifications/{}/plan", credential_id), body)
    if not answer.ok:
        return render_cases(refusal_of(answer), answer.status)
    planned = answer.json()
    flash_message("case_planned_notice", who=planned.get("name") or planned["employee_no"])
    return redirect(url_for("web.recertifications"), code=303)
