"""The audit trail page: who changed what and when, across the parts the reader may see (admins all,
HR the directory and credentials), filtered like `GET /audit`, and its CSV download.

The page goes back in time with the API's cursor: "older" links to `?before=<next>` with the same
filters, so any page, however deep, is one link (and a bookmark) away and never stops short. An old
`?page=` link still opens that page counted from the newest."""
from __future__ import annotations

from flask import g, render_template, request

from banzu_gateway.web import trail
from banzu_gateway.web.api_client import api, expect_ok
from banzu_gateway.web.form_pages import Listing, download
from banzu_gateway.web.pagination import Pager, page_number
from banzu_gateway.web.problems import refusal_of
from banzu_gateway.web.site import bp, page_for

PER_PAGE = 25
FILTERS = ("part", "actor", "kind", "id", "id_prefix", "from", "to")


def trail_listing() -> Listing:
    """The entries the query string asks for: the newest, those older than `before`, or a `page`."""
    chosen = {name: request.args.get(name, "").strip() for name in FILTERS}
    active = {name: value for name, value in chosen.items() if value}
    before = request.args.get("before", "").strip()
    page = 1 if before else page_number(request.args.get("page"))
    answer = api().get("/audit", {**active, "per_page": PER_PAGE} | ({"before": before} if before else {"page": page}))
    refusal = refusal_of(answer) if answer.status == 422 else None
    listing = {"items": [], "total": 0, "next": None} if refusal else expect_ok(answer)
    return Listing(listing["items"], Pager(page, PER_PAGE, listing["total"]), chosen, active, refusal,
                   listing | {"continued": bool(before) or page > 1})


@bp.get("/audit")
@page_for("hr")
def audit():
    listing = trail_listing()
    listing.items = [trail.shown(entry) for entry in listing.items]
    unavailable = trail.list_text(trail.words("audit_part_", part) for part in listing.answer.get("unavailable", []))
    parts = listing.answer.get("parts")
    if parts is None:  # a refused query lists nothing: the newest entry's answer names the parts
        parts = api().read("/audit", {"per_page": 1})["parts"]
    return render_template("audit/trail.html", listing=listing, unavailable=unavailable,
                           parts=trail.part_options(parts), kinds=trail.kind_options(parts, listing.chosen["kind"])), \
        listing.status


@bp.get("/audit/export.csv")
@page_for("hr")
def export_audit():
    return download("/audit", FILTERS, {"format": "csv", "lang": g.lang})
