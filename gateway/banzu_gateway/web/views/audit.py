"""The audit trail page: who changed what and when, across the parts the reader may see (admins all,
HR the directory and credentials), filtered and paged like `GET /audit`, and its CSV download."""
from __future__ import annotations

from flask import g, render_template

from banzu_gateway.web import trail
from banzu_gateway.web.form_pages import download, filtered_list
from banzu_gateway.web.site import bp, page_for

PER_PAGE = 25
FILTERS = ("part", "actor", "kind", "id", "id_prefix", "from", "to")


@bp.get("/audit")
@page_for("hr")
def audit():
    listing = filtered_list("/audit", FILTERS, PER_PAGE)
    listing.items = [trail.shown(entry) for entry in listing.items]
    unavailable = trail.list_text(trail.words("audit_part_", part) for part in listing.answer.get("unavailable", []))
    return render_template("audit/trail.html", listing=listing, unavailable=unavailable, parts=trail.part_options(),
                           kinds=trail.kind_options(listing.chosen["kind"])), listing.status


@bp.get("/audit/export.csv")
@page_for("hr")
def export_audit():
    return download("/audit", FILTERS, {"format": "csv", "lang": g.lang})
