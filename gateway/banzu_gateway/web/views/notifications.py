"""Notifications: every user's list (unread first) with mark read and mark all read, the unread count
in the page header, the admins' outgoing messages with their retry action, and HR's team robot form
(on the team's page)."""
from __future__ import annotations

import logging

from flask import flash, g, redirect, render_template, url_for

from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.form_pages import filtered_list
from banzu_gateway.web.problems import refusal_of
from banzu_gateway.web.site import PageError, bp, page_for

log = logging.getLogger(__name__)
PER_PAGE = 20


@bp.app_context_processor
def unread_notices() -> dict:
    """`unread_notices()` for the page header: one call of the API's unread count (an index-only
    count of the user's unread notices), made only when a signed-in page is drawn; a page is still
    drawn when the count cannot be had."""

    def count() -> int | None:
        if g.get("user") is None:  # not signed in, or a page drawn before the sign-in was checked
            return None
        if "unread_notices" not in g:
            try:
                answer = api().get("/me/notifications/unread-count")
                g.unread_notices = answer.json()["count"] if answer.ok else None
            except PageError:
                raise
            except Exception:  # the header must never break a page
                log.exception("unread count unavailable")
                g.unread_notices = None
        return g.unread_notices

    return {"unread_notices": count}


@bp.get("/notifications")
@page_for()
def notifications():
    listing = filtered_list("/me/notifications", ("unread",), PER_PAGE, fixed={"lang": g.lang})
    return render_template("notifications/list.html", listing=listing), listing.status


@bp.post("/notifications/<int:notice_id>/read")
@page_for()
def read_notice(notice_id: int):
    answer = api().post(path("/me/notifications/{}/read", notice_id))
    if not answer.ok:
        raise PageError(404, "not_found")
    flash("marked_read")
    return redirect(url_for("web.notifications"), code=303)


@bp.post("/notifications/read-all")
@page_for()
def read_all_notices():
    if api().post("/me/notifications/read-all").ok:
        flash("all_marked_read")
    return redirect(url_for("web.notifications"), code=303)


@bp.get("/notifications/deliveries")
@page_for("admin")
def deliveries():
    listing = filtered_list("/notifications/deliveries", ("status", "channel"), PER_PAGE)
    return render_template("notifications/deliveries.html", listing=listing), listing.status


@bp.post("/notifications/deliveries/<int:delivery_id>/retry")
@page_for("admin")
def retry_delivery(delivery_id: int):
    answer = api().post(path("/notifications/deliveries/{}/retry", delivery_id))
    if answer.status == 404:
        raise PageError(404, "not_found")
    flash("delivery_requeued" if answer.ok else refusal_of(answer).summary)
    return redirect(url_for("web.deliveries", status="failed"), code=303)
